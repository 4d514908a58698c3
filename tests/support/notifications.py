"""What the platform publishes to an SNS topic, read back through an SQS queue subscribed to it
(moto delivers SNS to SQS)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    attributes: dict[str, str]


def create_topic(name: str) -> str:
    """A topic of the test's own (the identity stack provisions none); answers its ARN."""
    arn: str = boto3.client("sns").create_topic(Name=name)["TopicArn"]
    return arn


def subscribe(topic_arn: str) -> str:
    """A fresh queue subscribed to ``topic_arn``; answers the queue's URL."""
    sqs = boto3.client("sqs")
    name = "inbox-" + topic_arn.rsplit(":", 1)[-1]
    url: str = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    boto3.client("sns").subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    return url


def received(queue_url: str) -> list[Message]:
    """Every message delivered to the queue so far (and not read before)."""
    sqs = boto3.client("sqs")
    messages: list[Message] = []
    while True:
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            return messages
        for raw in batch:
            envelope: dict[str, Any] = json.loads(raw["Body"])
            messages.append(
                Message(
                    subject=str(envelope.get("Subject", "")),
                    text=str(envelope["Message"]),
                    attributes={
                        name: str(value["Value"])
                        for name, value in envelope.get("MessageAttributes", {}).items()
                    },
                )
            )
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=raw["ReceiptHandle"])
