"""Fire the template's ``AWS::Scheduler::Schedule`` resources while the local platform runs.

moto stores schedules but never fires them, so this reads each schedule's expression and
target from the template and starts the target at the due times: a state machine's execution,
or a Lambda function's invocation (``start_target``). The same ``fire`` serves
``python -m local fire NAME`` for a run on demand.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from local.template import Resolver

_FIELD_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (1, 7), (1970, 2199))
_DAY_NAMES = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
_MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}


def _parse_field(text: str, low: int, high: int, names: Mapping[str, int]) -> set[int] | None:
    """One field of an EventBridge cron expression; ``None`` means any value (``*`` or ``?``)."""
    if text in ("*", "?"):
        return None
    values: set[int] = set()
    for item in text.split(","):
        part, _, step_text = item.partition("/")
        step = int(step_text) if step_text else 1
        if part in ("*", ""):
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, end = int(names.get(first, first)), int(names.get(last, last))
        else:
            start = int(names.get(part, part))
            end = start if step == 1 else high
        if not (low <= start <= high and low <= end <= high):
            raise ValueError(f"cron field {text!r} is out of range {low}-{high}")
        values.update(range(start, end + 1, step))
    return values


@dataclass(frozen=True)
class Expression:
    """A parsed ``rate(...)``, ``cron(...)`` or ``at(...)`` schedule expression (UTC)."""

    text: str

    def next_after(self, moment: datetime) -> datetime | None:
        body = self.text[self.text.index("(") + 1 : -1].strip()
        if self.text.startswith("rate("):
            amount, unit = body.split()
            seconds = {"minute": 60, "hour": 3600, "day": 86400}[unit.rstrip("s")]
            return moment + timedelta(seconds=int(amount) * seconds)
        if self.text.startswith("at("):
            when = datetime.fromisoformat(body).replace(tzinfo=UTC)
            return when if when > moment else None
        if self.text.startswith("cron("):
            return self._next_cron(body, moment)
        raise ValueError(f"unsupported schedule expression {self.text!r}")

    @staticmethod
    def _next_cron(body: str, moment: datetime) -> datetime | None:
        fields = body.split()
        if len(fields) != 6:
            raise ValueError(f"cron() takes six fields, got {body!r}")
        minutes, hours, days, months, weekdays, years = (
            _parse_field(text, low, high, names)
            for text, (low, high), names in zip(
                fields,
                _FIELD_RANGES,
                ({}, {}, {}, _MONTH_NAMES, _DAY_NAMES, {}),
                strict=True,
            )
        )
        candidate = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = moment + timedelta(days=366 * 5)
        while candidate < limit:
            weekday = (candidate.isoweekday() % 7) + 1  # EventBridge: SUN=1 … SAT=7
            if (
                (months is None or candidate.month in months)
                and (years is None or candidate.year in years)
                and (days is None or candidate.day in days)
                and (weekdays is None or weekday in weekdays)
                and (hours is None or candidate.hour in hours)
                and (minutes is None or candidate.minute in minutes)
            ):
                return candidate
            candidate += timedelta(minutes=1)
        return None


@dataclass(frozen=True)
class Schedule:
    logical_id: str
    expression: Expression
    target_arn: str
    input: str
    enabled: bool


def schedules(template: Mapping[str, Any], resolver: Resolver) -> dict[str, Schedule]:
    found: dict[str, Schedule] = {}
    for logical_id, spec in template["Resources"].items():
        if spec["Type"] != "AWS::Scheduler::Schedule":
            continue
        properties = resolver.resolve(spec["Properties"])
        found[logical_id] = Schedule(
            logical_id=logical_id,
            expression=Expression(properties["ScheduleExpression"]),
            target_arn=properties["Target"]["Arn"],
            input=properties["Target"].get("Input", "{}"),
            enabled=properties.get("State", "ENABLED") == "ENABLED",
        )
    return found


def start_target(
    client: Callable[[str, str], Any], logical_id: str, target_arn: str, payload: str
) -> str:
    """Start a schedule's target now, with the clients ``client(service, region)`` makes:
    answers a state machine's execution ARN, or what a Lambda function answered (run to its
    end, as the scheduler's asynchronous invocation would, but waited for)."""
    _, _, service, region, *_ = target_arn.split(":")
    if service == "lambda":
        response = client("lambda", region).invoke(
            FunctionName=target_arn, InvocationType="RequestResponse", Payload=payload.encode()
        )
        answer: str = response["Payload"].read().decode("utf-8")
        if response.get("FunctionError"):
            raise RuntimeError(f"{logical_id} failed: {answer}")
        return answer
    response = client("stepfunctions", region).start_execution(
        stateMachineArn=target_arn,
        name=f"{logical_id}-{datetime.now(UTC):%Y%m%dT%H%M%S%f}",
        input=payload,
    )
    execution: str = response["executionArn"]
    return execution


class Scheduler:
    """A background thread that fires each enabled schedule when it falls due."""

    def __init__(self, entries: Mapping[str, Schedule], fire: Callable[[Schedule], str]) -> None:
        self.entries = dict(entries)
        self.fire = fire
        self._stop = threading.Event()
        now = datetime.now(UTC)
        self._due = {
            name: entry.expression.next_after(now)
            for name, entry in self.entries.items()
            if entry.enabled
        }
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def next_due(self) -> dict[str, datetime | None]:
        return dict(self._due)

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            now = datetime.now(UTC)
            for name, due in list(self._due.items()):
                if due is not None and due <= now:
                    self.fire(self.entries[name])
                    self._due[name] = self.entries[name].expression.next_after(now)
