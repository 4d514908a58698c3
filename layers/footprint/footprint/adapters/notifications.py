"""Messages to the stack's SNS topics, each named by the environment variable that holds its
ARN (the template sets it on the functions that may publish there)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from footprint.adapters.aws import client

SECURITY_TOPIC = "FOOTPRINT_SECURITY_TOPIC"
ACCESS_REVIEW_TOPIC = "FOOTPRINT_ACCESS_REVIEW_TOPIC"
# SNS refuses a subject longer than 100 characters.
_MAX_SUBJECT = 100


def publish(
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
