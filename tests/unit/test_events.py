"""events/ holds a sample event for every function, usable by `sam local invoke -e`."""

from __future__ import annotations

import json
from typing import Any

from local.template import ROOT

API_EVENT_KEYS = {"resource", "path", "httpMethod", "headers", "requestContext", "body"}


def test_every_function_group_has_sample_events(template: dict[str, Any]) -> None:
    for logical_id, spec in template["Resources"].items():
        if spec["Type"] != "AWS::Serverless::Function":
            continue
        group = spec["Properties"]["CodeUri"].rstrip("/").rsplit("/", 1)[1]
        samples = list((ROOT / "events" / group).glob("*.json"))
        assert samples, f"{logical_id}: no sample event in events/{group}/"


def test_sample_events_are_json_of_their_kind() -> None:
    for path in sorted((ROOT / "events").rglob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(event, dict), path
        if "httpMethod" in event:
            # An authorizer's REQUEST event carries no body; a proxy event always has the key.
            wanted = API_EVENT_KEYS - {"body"} if event.get("type") == "REQUEST" else API_EVENT_KEYS
            assert wanted <= set(event), path
            assert event["requestContext"]["identity"]["sourceIp"], path


def test_calculation_events_are_valid_jobs() -> None:
    from fp_calculation.job import Job

    for path in sorted((ROOT / "events" / "calculation").glob("*.json")):
        job = Job.model_validate(json.loads(path.read_text(encoding="utf-8")))
        assert job.context.tenant_id == job.tenant_id
