"""Load, bounded, on loopback: 20 clients of two tenants for 60 s against the local platform.

Each tenant is onboarded as an operator and its admin do it (``tests.support.platform_accounts``),
has nine members besides its admin (one client each: a refresh token is single-use, so a
client carries its own session and its latest token) and one completed upload of the demo
year whose facilities and file name carry a marker unique to the tenant. The clients then mix
the inventory summary (by facility), per-line results, the upload's status, factor search and
token refresh, and now and then ask for the other tenant's upload by its id.

Printed: requests per second, p50/p95/p99 per route, the rate of 5xx answers (target 0), and
how many answers of one tenant held anything of the other's (its marker, tenant id, upload id,
user ids or e-mails; target 0). Answers holding the tenant's own marker are counted too: they
show the check can see a marker when one comes through.

Only 127.0.0.1 is reached (the platform started here on free ports), and the run is bounded:
``DURATION_SECONDS``, at most ``MAX_REQUESTS_PER_CLIENT`` requests a client, each with a
timeout. The platform runs in a process of its own, the clients as threads of this one.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from bench.pipeline import _upload_to_completed
from local.running import RunningPlatform, start_platform
from local.seed import sample_activity_csv
from tests.support.platform_accounts import ROLES, Member, Tenant, join, onboard

DURATION_SECONDS = 60.0
CLIENTS_PER_TENANT = 10
MAX_REQUESTS_PER_CLIENT = 5_000
REQUEST_SECONDS = 30.0

SUMMARY = "GET /v1/emissions/summary"
LINES = "GET /v1/emissions/lines"
UPLOAD = "GET /v1/uploads/{upload_id}"
FACTORS = "GET /v1/factors"
REFRESH = "POST /v1/auth/refresh"
# The other tenant's upload asked for by id, as status and as lines: 404 expected.
PROBE = "probe: the other tenant's upload (404 expected)"
ROUTES = (SUMMARY, LINES, UPLOAD, FACTORS, REFRESH)
# One client's round: reads most, a refresh now and then, two probes. Clients start at
# different places in it, so every route is asked for all the time.
MIX = (SUMMARY, LINES, UPLOAD, FACTORS, SUMMARY, LINES, PROBE, UPLOAD, FACTORS, REFRESH, LINES)
FACTOR_QUERIES = ("natural gas", "electricity", "diesel", "flight")


@dataclass(frozen=True)
class Sample:
    route: str
    status: int  # 0: no answer (connection failure or timeout), counted as an error
    seconds: float
    leaked: tuple[str, ...]  # what of the other tenant the answer held
    own: bool  # the answer held the tenant's own marker


@dataclass(frozen=True)
class RouteFigures:
    count: int
    p50: float
    p95: float
    p99: float


@dataclass(frozen=True)
class LoadFigures:
    requests: int
    per_second: float
    errors: int  # 5xx and no answer
    leaks: int
    own_markers: int
    probes: int
    probes_refused: int  # answered 404
    unexpected: dict[tuple[str, int], int]  # by route and status: not 2xx, or a probe not 404
    routes: dict[str, RouteFigures]

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Seeded:
    """A tenant as the load sees it."""

    tenant: Tenant
    members: list[Member]
    upload_id: str
    marker: str

    def identifiers(self) -> tuple[str, ...]:
        """Everything that names this tenant's data: no answer to the other may hold any."""
        return (
            self.marker,
            self.tenant.tenant_id,
            self.upload_id,
            *(member.user_id for member in self.members),
            *(member.email for member in self.members),
        )


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile: the smallest sample at or above q% of them."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def leaks(text: str, foreign: Iterable[str]) -> tuple[str, ...]:
    return tuple(token for token in foreign if token in text)


def expected(sample: Sample) -> bool:
    return sample.status == 404 if sample.route == PROBE else 200 <= sample.status < 300


def summarise(samples: Sequence[Sample], seconds: float) -> LoadFigures:
    by_route: dict[str, list[float]] = {}
    for sample in samples:
        by_route.setdefault(sample.route, []).append(sample.seconds)
    probes = [sample for sample in samples if sample.route == PROBE]
    return LoadFigures(
        requests=len(samples),
        per_second=len(samples) / seconds,
        errors=sum(1 for s in samples if s.status >= 500 or s.status == 0),
        leaks=sum(1 for s in samples if s.leaked),
        own_markers=sum(1 for s in samples if s.own),
        probes=len(probes),
        probes_refused=sum(1 for s in probes if s.status == 404),
        unexpected=dict(Counter((s.route, s.status) for s in samples if not expected(s))),
        routes={
            route: RouteFigures(
                len(times), percentile(times, 50), percentile(times, 95), percentile(times, 99)
            )
            for route, times in by_route.items()
        },
    )


def marked_year(marker: str) -> bytes:
    """The demo year with every facility named after ``marker``."""
    rows = list(csv.DictReader(io.StringIO(sample_activity_csv().decode("utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "facility": f"{marker} {row['facility']}"} for row in rows)
    return out.getvalue().encode("utf-8")


def _seed(platform: RunningPlatform, client: httpx.Client, name: str) -> Seeded:
    domain = f"{name.lower()}.load.example"
    marker = f"Marker-{name}-{time.time_ns()}"
    tenant = onboard(platform, client, name, f"admin@{domain}")
    members = [tenant.admin] + [
        join(client, tenant.admin, f"member{index}@{domain}", ROLES[1 + index % 3])
        for index in range(CLIENTS_PER_TENANT - 1)
    ]
    body = marked_year(marker)
    _upload_to_completed(client, tenant.admin.headers, body, f"{marker}.csv", "text/csv")
    listed = client.get("/v1/uploads", headers=tenant.admin.headers).json()["uploads"]
    (upload_id,) = [upload["upload_id"] for upload in listed]
    return Seeded(tenant, members, upload_id, marker)


def _check_routes(client: httpx.Client) -> None:
    """The routes driven here are the platform's, as its OpenAPI document lists them."""
    paths = client.get("/v1/openapi.json").json()["paths"]
    for route in ROUTES:
        method, path = route.split(" ")
        if method.lower() not in paths.get(path, {}):
            raise RuntimeError(f"the platform has no route {route}")


def _request(
    http: httpx.Client, route: str, index: int, tokens: dict[str, Any], own: str, other: str
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    if route == SUMMARY:
        query = {"from": "2025-01", "to": "2025-12", "group_by": "facility"}
        return http.get("/v1/emissions/summary", params=query, headers=headers)
    if route == LINES:
        query = {"upload_id": own, "limit": "50"}
        return http.get("/v1/emissions/lines", params=query, headers=headers)
    if route == UPLOAD:
        return http.get(f"/v1/uploads/{own}", headers=headers)
    if route == FACTORS:
        query = {"q": FACTOR_QUERIES[index % len(FACTOR_QUERIES)], "limit": "20"}
        return http.get("/v1/factors", params=query, headers=headers)
    if route == REFRESH:
        return http.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    if index % 2:
        return http.get("/v1/emissions/lines", params={"upload_id": other}, headers=headers)
    return http.get(f"/v1/uploads/{other}", headers=headers)


def _client(
    api_url: str, member: Member, own: Seeded, other: Seeded, start: int, deadline: float
) -> list[Sample]:
    tokens = dict(member.tokens)
    foreign = other.identifiers()
    samples: list[Sample] = []
    with httpx.Client(base_url=api_url, timeout=REQUEST_SECONDS) as http:
        for index in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                break
            route = MIX[(start + index) % len(MIX)]
            started = time.perf_counter()
            answer: httpx.Response | None
            try:
                answer = _request(http, route, index, tokens, own.upload_id, other.upload_id)
            except httpx.TransportError:
                answer = None
            elapsed = time.perf_counter() - started
            status, text = (answer.status_code, answer.text) if answer is not None else (0, "")
            if route == REFRESH and answer is not None and status == 200:
                tokens = answer.json()  # the old refresh token is spent: carry the new one
            samples.append(Sample(route, status, elapsed, leaks(text, foreign), own.marker in text))
    return samples


def rows(figures: LoadFigures) -> list[tuple[str, float, str]]:
    clients = 2 * CLIENTS_PER_TENANT
    answer = [
        (f"load: {clients} clients of 2 tenants, requests per second", figures.per_second, "rps"),
        ("load: requests", figures.requests, "n"),
        ("load: 5xx or unanswered, rate (target 0)", figures.error_rate, "ratio"),
        ("load: 5xx or unanswered (target 0)", figures.errors, "n"),
        ("load: answers holding the other tenant's data (target 0)", figures.leaks, "n"),
        ("load: answers holding the tenant's own marker (check sees it)", figures.own_markers, "n"),
        (
            f"load: probes of the other tenant's upload answered 404 (of {figures.probes})",
            figures.probes_refused,
            "n",
        ),
        (
            "load: answers other than 2xx (404 for probes) (target 0)",
            sum(figures.unexpected.values()),
            "n",
        ),
    ]
    for (route, status), count in sorted(figures.unexpected.items()):
        answer.append((f"load: {route} answered {status}", count, "n"))
    for route in (*ROUTES, PROBE):
        found = figures.routes.get(route)
        if found is None:
            continue
        for name, value in (("p50", found.p50), ("p95", found.p95), ("p99", found.p99)):
            answer.append((f"load: {route} {name} (of {found.count})", value * 1000, "ms"))
    return answer


def run() -> list[tuple[str, float, str]]:
    platform = start_platform("--no-seed")
    try:
        with platform.client() as client:
            _check_routes(client)
            first, second = _seed(platform, client, "Alpha"), _seed(platform, client, "Beta")
        pairs = [(first, second), (second, first)]
        clients = [(member, own, other) for own, other in pairs for member in own.members]
        started = time.monotonic()
        deadline = started + DURATION_SECONDS
        with ThreadPoolExecutor(len(clients)) as pool:
            done = [
                pool.submit(_client, platform.api_url, member, own, other, start, deadline)
                for start, (member, own, other) in enumerate(clients)
            ]
            samples = list(itertools.chain.from_iterable(future.result() for future in done))
        seconds = time.monotonic() - started
    finally:
        platform.stop()
    return rows(summarise(samples, seconds))
