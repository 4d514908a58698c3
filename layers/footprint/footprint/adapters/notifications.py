"""Staff access notices: one SNS topic per stage of a grant (requested, approved, first used,
expired, revoked, denied), so a tenant's webhook or e-mail subscription can follow the stages
it cares about (filtered on the ``tenant_id`` message attribute), and the requester and
approvers theirs.

A message names the grant, its tenant and the stage, never any data of the tenant's. The topics
are ``FOOTPRINT_STAFF_ACCESS_<STAGE>_TOPIC`` (template.yaml's Globals); a function without them
(a unit test's) publishes nothing.
"""

from __future__ import annotations

import json
import os

from footprint.adapters.aws import client

STAGES = ("requested", "approved", "first_used", "expired", "revoked", "denied")


def topic_variable(stage: str) -> str:
    return f"FOOTPRINT_STAFF_ACCESS_{stage.upper()}_TOPIC"


def publish(stage: str, *, grant_id: str, tenant_id: str, at: str) -> None:
    if stage not in STAGES:
        raise ValueError(f"no staff access stage {stage!r}")
    topic = os.environ.get(topic_variable(stage))
    if not topic:
        return
    client("sns").publish(
        TopicArn=topic,
        Subject=f"Footprint staff access {stage.replace('_', ' ')}",
        Message=json.dumps(
            {"stage": stage, "grant_id": grant_id, "tenant_id": tenant_id, "at": at}
        ),
        MessageAttributes={
            "tenant_id": {"DataType": "String", "StringValue": tenant_id},
            "stage": {"DataType": "String", "StringValue": stage},
        },
    )
