"""Poll the template's SQS event sources and invoke their functions, as Lambda's poller does.

moto keeps the messages (S3 notifications land in SQS as in AWS) but never invokes a
function for them. Each ``Events: {Type: SQS}`` of a function gets a thread here: it receives
up to ``BatchSize`` messages, invokes the function with an SQS event, deletes what succeeded
(all of the batch, or what ``ReportBatchItemFailures`` did not list) and leaves the rest to
reappear after the visibility timeout, so a failed message is retried the way AWS retries it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import boto3

from local.lambdas import FunctionError, FunctionRegistry
from local.template import REGION, Resolver


@dataclass(frozen=True)
class SqsSource:
    function: str  # logical id
    queue_arn: str
    batch_size: int
    reports_item_failures: bool


def sqs_sources(template: Mapping[str, Any], resolver: Resolver) -> list[SqsSource]:
    found = []
    for logical_id, spec in template["Resources"].items():
        if spec["Type"] != "AWS::Serverless::Function":
            continue
        for event in spec["Properties"].get("Events", {}).values():
            if event["Type"] != "SQS":
                continue
            properties = resolver.resolve(event["Properties"])
            found.append(
                SqsSource(
                    function=logical_id,
                    queue_arn=properties["Queue"],
                    batch_size=int(properties.get("BatchSize", 10)),
                    reports_item_failures="ReportBatchItemFailures"
                    in properties.get("FunctionResponseTypes", []),
                )
            )
    return found


class SqsPoller:
    """One thread per SQS event source, until ``stop``."""

    def __init__(self, sources: list[SqsSource], functions: FunctionRegistry) -> None:
        self.sources = sources
        self.functions = functions
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(
                target=self._poll, args=(source,), name=f"sqs-{source.function}", daemon=True
            )
            for source in sources
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _poll(self, source: SqsSource) -> None:
        sqs = boto3.client("sqs")
        queue_url = sqs.get_queue_url(QueueName=source.queue_arn.rsplit(":", 1)[1])["QueueUrl"]
        while not self._stop.is_set():
            messages = sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=min(source.batch_size, 10),
                WaitTimeSeconds=1,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if messages:
                self._deliver(sqs, queue_url, source, messages)

    def _deliver(self, sqs: Any, queue_url: str, source: SqsSource, messages: list[Any]) -> None:
        event = {
            "Records": [
                {
                    "messageId": message["MessageId"],
                    "receiptHandle": message["ReceiptHandle"],
                    "body": message["Body"],
                    "attributes": message.get("Attributes", {}),
                    "messageAttributes": message.get("MessageAttributes", {}),
                    "md5OfBody": message["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": source.queue_arn,
                    "awsRegion": REGION,
                }
                for message in messages
            ]
        }
        try:
            result = self.functions.invoke(source.function, event)
        except FunctionError:
            return  # the whole batch becomes visible again after the visibility timeout
        failed: set[str] = set()
        if source.reports_item_failures and isinstance(result, dict):
            failed = {item["itemIdentifier"] for item in result.get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[
                    {"Id": str(index), "ReceiptHandle": m["ReceiptHandle"]}
                    for index, m in enumerate(done)
                ],
            )
