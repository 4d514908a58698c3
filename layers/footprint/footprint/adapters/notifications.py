"""Messages to the stack's SNS topics.

Staff access notices: one topic per stage of a grant (requested, approved, first used,
expired, revoked, denied), so a tenant's webhook or e-mail subscription can follow the stages
it cares about (filtered on the ``tenant_id`` message attribute), and the requester and
approvers theirs. A message names the grant, its tenant and the stage, never any data of the
tenant's. The topics are ``FOOTPRINT_STAFF_ACCESS_<STAGE>_TOPIC`` (template.yaml's Globals); a
function without them (a unit test's) publishes nothing.

Access reviews (``send``): the reviewers' topic and the security topic, each named by the
environment variable the template sets on the one function that publishes there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from footprint.adapters.aws import client

SECURITY_TOPIC = "FOOTPRINT_SECURITY_TOPIC"
ACCESS_REVIEW_TOPIC = "FOOTPRINT_ACCESS_REVIEW_TOPIC"
# SNS refuses a subject longer than 100 characters.
_MAX_SUBJECT = 100
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


def send(
    topic_variable: str, subject: str, message: str, attributes: Mapping[str, str] | None = None
) -> None:
    """Publish ``message`` to the topic ``topic_variable`` names; ``attributes`` (string
    message attributes) let a subscription filter, on the tenant for instance."""
    client("sns").publish(
        TopicArn=os.environ[topic_variable],
        Subject=subject[:_MAX_SUBJECT],
        Message=message,
        MessageAttributes={
            name: {"DataType": "String", "StringValue": value}
            for name, value in (attributes or {}).items()
        },
    )
