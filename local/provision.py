"""Provision every resource ``template.yaml`` declares in the emulated AWS, or say why not.

Each resource type has one provisioner here, or a place on ``CLOUD_ONLY`` with the reason
it exists only in AWS. A type on neither is an error at start-up, and a test walks the
template to keep the two in step.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import boto3

from local.template import ACCOUNT_ID, REGION, STACK_NAME, Resolver

# Resource types that exist only in AWS, each with the reason the local platform skips it.
CLOUD_ONLY: dict[str, str] = {
    "AWS::CloudTrail::Trail": "CloudTrail is not emulated; the trail is checked by template tests",
    "AWS::WAFv2::WebACL": "moto stores WAF configuration but filters nothing",
    "AWS::WAFv2::WebACLAssociation": "no WAF in front of the local API",
    "AWS::WAFv2::LoggingConfiguration": "no WAF in front of the local API",
    "AWS::Serverless::LayerVersion": "layers are on the local platform's import path",
    "AWS::SNS::Subscription": "e-mail delivery is not emulated; alarms publish to the topic",
    "AWS::IAM::Role": "moto does not enforce IAM; the policies are checked by template tests",
    "AWS::IAM::ManagedPolicy": "moto does not enforce IAM; checked by template tests",
    "AWS::Lambda::Permission": "the local front invokes functions in-process",
    "AWS::ApiGateway::DomainName": "the local front serves plain HTTP on 127.0.0.1",
    "AWS::ApiGateway::BasePathMapping": "the local front serves plain HTTP on 127.0.0.1",
    "AWS::CertificateManager::Certificate": "no TLS on the local front",
    "AWS::S3::BucketPolicy": "moto stores bucket policies but does not evaluate TLS conditions",
    "AWS::SQS::QueuePolicy": "moto does not evaluate queue policies; S3 delivers regardless",
    "AWS::CloudFront::OriginAccessControl": "the local front reads web/dist from disk",
    "AWS::CloudFront::Function": "local.web serves index.html for the app's paths itself",
}

# Parameters the local platform sets differently from the template's defaults, with why.
LOCAL_PARAMETERS: dict[str, tuple[str, str]] = {
    "PartExecutionType": (
        "STANDARD",
        "moto's Step Functions does not run EXPRESS children of a Distributed Map",
    ),
}

# Resource types served by other parts of the local platform rather than created in moto.
SERVED_LOCALLY: dict[str, str] = {
    "AWS::Serverless::Api": "local.gateway serves its routes, authorizer and gateway responses",
    "AWS::Scheduler::Schedule": "local.scheduler fires it",
    "AWS::CloudFront::Distribution": "local.front serves the app at / and the API at /v1",
    "AWS::CloudFront::ResponseHeadersPolicy": "local.web sets its headers on the app's files",
    "AWS::CloudFront::OriginRequestPolicy": "local.presigned sends on a presigned PUT's headers",
}


LOCAL_LAMBDA_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/footprint-local-lambda"
LOCAL_STATES_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/footprint-local-states"


def local_name(logical_id: str) -> str:
    """The physical name the local platform gives a resource the template leaves unnamed."""
    return f"{STACK_NAME}-{logical_id}"


def _arn(service: str, resource: str, region: str = REGION) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{resource}"


def references(value: Any) -> Iterator[str]:
    """Logical ids that ``value`` refers to through Ref, GetAtt or Sub."""
    if isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                yield item
            elif key == "Fn::GetAtt":
                yield item[0]
            elif key == "Fn::Sub":
                text = item[0] if isinstance(item, list) else item
                for name in re.findall(r"\$\{([^}!]+)\}", text):
                    yield name.split(".", 1)[0]
                if isinstance(item, list):
                    yield from references(item[1])
            else:
                yield from references(item)


@dataclass
class Deployment:
    """What the local platform made of the template: names, ARNs and the resolver behind them."""

    template: Mapping[str, Any]
    resolver: Resolver
    provisioned: dict[str, str] = field(default_factory=dict)  # logical id -> resource type

    def resources_of(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            logical_id: spec
            for logical_id, spec in self.template["Resources"].items()
            if spec["Type"] == resource_type
        }

    def outputs(self) -> dict[str, str]:
        """The template's outputs, as CloudFormation would list them for this deployment."""
        return {
            name: str(self.resolver.resolve(spec["Value"]))
            for name, spec in self.template.get("Outputs", {}).items()
            if "Condition" not in spec or self.resolver.condition(spec["Condition"])
        }


class Provisioner:
    """Creates the template's resources in moto, in dependency order."""

    def __init__(self, template: Mapping[str, Any], session: boto3.Session) -> None:
        self.template = template
        self.resolver = Resolver(
            template,
            parameters={
                name: value
                for name, (value, _) in LOCAL_PARAMETERS.items()
                if name in template.get("Parameters", {})
            },
        )
        self.session = session
        self.deployment = Deployment(template, self.resolver)
        self._handlers: dict[str, Callable[[str, dict[str, Any]], None]] = {
            "AWS::KMS::Key": self._kms_key,
            "AWS::KMS::Alias": self._kms_alias,
            "AWS::DynamoDB::GlobalTable": self._dynamodb_table,
            "AWS::DynamoDB::Table": self._dynamodb_table,
            "AWS::S3::Bucket": self._s3_bucket,
            "AWS::SNS::Topic": self._sns_topic,
            "AWS::SQS::Queue": self._sqs_queue,
            "AWS::Logs::LogGroup": self._log_group,
            "AWS::Logs::MetricFilter": self._metric_filter,
            "AWS::CloudWatch::Alarm": self._alarm,
            "AWS::Serverless::Function": self._function,
            "AWS::Serverless::StateMachine": self._state_machine,
            "AWS::SecretsManager::Secret": self._secret,
        }

    @property
    def supported_types(self) -> set[str]:
        return set(self._handlers) | set(CLOUD_ONLY) | set(SERVED_LOCALLY)

    def provision(self, only: set[str] | None = None) -> Deployment:
        """Create every resource, or only ``only`` and what they depend on (for tests and
        benchmarks that need the data table's real schema, not the whole stack)."""
        resources: dict[str, dict[str, Any]] = self.template["Resources"]
        unknown = {spec["Type"] for spec in resources.values()} - self.supported_types
        if unknown:
            raise ValueError(f"the local platform has no provisioner for {sorted(unknown)}")
        self._execution_roles()
        order = self._dependency_order(resources, only)
        for logical_id in order:
            spec = resources[logical_id]
            if "Condition" in spec and not self.resolver.condition(spec["Condition"]):
                continue
            handler = self._handlers.get(spec["Type"])
            if spec["Type"] == "AWS::Serverless::Api":
                self._name(logical_id, "local", {})
            if spec["Type"] == "AWS::CloudFront::Distribution":
                # The local front is the distribution: its address stands in for the name.
                self._name(logical_id, "local", {"DomainName": "127.0.0.1"})
            if handler is not None:
                handler(logical_id, spec.get("Properties", {}))
                self.deployment.provisioned[logical_id] = spec["Type"]
        return self.deployment

    @staticmethod
    def _dependency_order(
        resources: Mapping[str, dict[str, Any]], only: set[str] | None = None
    ) -> list[str]:
        # Events only wire a function to its triggers; they never need to exist first.
        def needs(spec: dict[str, Any]) -> set[str]:
            properties = {k: v for k, v in spec.get("Properties", {}).items() if k != "Events"}
            depends = spec.get("DependsOn", [])
            named = set(references(properties)) | set(
                [depends] if isinstance(depends, str) else depends
            )
            return {name for name in named if name in resources}

        order: list[str] = []
        visiting: set[str] = set()

        def visit(logical_id: str) -> None:
            if logical_id in order:
                return
            if logical_id in visiting:
                raise ValueError(f"dependency cycle through {logical_id}")
            visiting.add(logical_id)
            for dependency in sorted(needs(resources[logical_id])):
                visit(dependency)
            visiting.discard(logical_id)
            order.append(logical_id)

        for logical_id in sorted(only) if only is not None else resources:
            visit(logical_id)
        return order

    def _execution_roles(self) -> None:
        """The roles moto wants to exist before it accepts a function or a state machine."""
        iam = self.client("iam")
        for role_arn, service in (
            (LOCAL_LAMBDA_ROLE, "lambda.amazonaws.com"),
            (LOCAL_STATES_ROLE, "states.amazonaws.com"),
        ):
            trust = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": service},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
            iam.create_role(
                RoleName=role_arn.rsplit("/", 1)[1], AssumeRolePolicyDocument=json.dumps(trust)
            )

    def _name(self, logical_id: str, ref: str, attributes: dict[str, str]) -> None:
        self.resolver.physical[logical_id] = ref
        for attribute, value in attributes.items():
            self.resolver.attributes[(logical_id, attribute)] = value

    def client(self, service: str) -> Any:
        return self.session.client(service)  # type: ignore[call-overload]

    # -- provisioners, one per type --------------------------------------------------

    def _kms_key(self, logical_id: str, properties: dict[str, Any]) -> None:
        kms = self.client("kms")
        key = kms.create_key(
            Description=properties.get("Description", logical_id),
            KeySpec=properties.get("KeySpec", "SYMMETRIC_DEFAULT"),
            KeyUsage=properties.get("KeyUsage", "ENCRYPT_DECRYPT"),
        )["KeyMetadata"]
        if properties.get("EnableKeyRotation"):
            kms.enable_key_rotation(KeyId=key["KeyId"])
        self._name(logical_id, key["KeyId"], {"Arn": key["Arn"], "KeyId": key["KeyId"]})

    def _kms_alias(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        self.client("kms").create_alias(
            AliasName=resolved["AliasName"], TargetKeyId=resolved["TargetKeyId"]
        )
        self._name(logical_id, resolved["AliasName"], {})

    def _secret(self, logical_id: str, properties: dict[str, Any]) -> None:
        """A generated secret (GenerateSecretString: letters and digits, of its length); its
        ARN is what Ref answers and what dynamic references name."""
        resolved = self.resolver.resolve(properties)
        generate = resolved.get("GenerateSecretString") or {}
        alphabet = string.ascii_letters + string.digits
        value = "".join(
            secrets.choice(alphabet) for _ in range(int(generate.get("PasswordLength", 32)))
        )
        arn = self.client("secretsmanager").create_secret(
            Name=resolved.get("Name", local_name(logical_id)), SecretString=value
        )["ARN"]
        self.resolver.secrets[arn] = value
        self._name(logical_id, arn, {"Id": arn})

    def _dynamodb_table(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        name = resolved.get("TableName", local_name(logical_id))
        replica = (resolved.get("Replicas") or [{}])[0]
        create: dict[str, Any] = {
            "TableName": name,
            "AttributeDefinitions": resolved["AttributeDefinitions"],
            "KeySchema": resolved["KeySchema"],
            "BillingMode": resolved.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if "GlobalSecondaryIndexes" in resolved:
            create["GlobalSecondaryIndexes"] = resolved["GlobalSecondaryIndexes"]
        if "StreamSpecification" in resolved:
            create["StreamSpecification"] = {
                "StreamEnabled": True,
                **resolved["StreamSpecification"],
            }
        kms_key = replica.get("SSESpecification", {}).get("KMSMasterKeyId") or resolved.get(
            "SSESpecification", {}
        ).get("KMSMasterKeyId")
        if resolved.get("SSESpecification", {}).get("SSEEnabled"):
            create["SSESpecification"] = {"Enabled": True, "SSEType": "KMS"}
            if kms_key:
                create["SSESpecification"]["KMSMasterKeyId"] = kms_key
        protection = replica.get(
            "DeletionProtectionEnabled", resolved.get("DeletionProtectionEnabled")
        )
        if protection:
            create["DeletionProtectionEnabled"] = True
        dynamodb = self.client("dynamodb")
        table = dynamodb.create_table(**create)["TableDescription"]
        pitr = replica.get("PointInTimeRecoverySpecification") or resolved.get(
            "PointInTimeRecoverySpecification"
        )
        if pitr and pitr.get("PointInTimeRecoveryEnabled"):
            spec: dict[str, Any] = {"PointInTimeRecoveryEnabled": True}
            if "RecoveryPeriodInDays" in pitr:
                spec["RecoveryPeriodInDays"] = int(pitr["RecoveryPeriodInDays"])
            dynamodb.update_continuous_backups(
                TableName=name, PointInTimeRecoverySpecification=spec
            )
        ttl = resolved.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
            )
        attributes = {"Arn": table["TableArn"]}
        if "LatestStreamArn" in table:
            attributes["StreamArn"] = table["LatestStreamArn"]
        self._name(logical_id, name, attributes)

    def _s3_bucket(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        name = resolved.get("BucketName", local_name(logical_id).lower())
        s3 = self.client("s3")
        create: dict[str, Any] = {
            "Bucket": name,
            "CreateBucketConfiguration": {"LocationConstraint": REGION},
        }
        if resolved.get("ObjectLockEnabled"):
            create["ObjectLockEnabledForBucket"] = True
        s3.create_bucket(**create)
        encryption = resolved.get("BucketEncryption")
        if encryption:
            s3.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={
                    "Rules": [
                        {
                            "ApplyServerSideEncryptionByDefault": {
                                **rule["ServerSideEncryptionByDefault"]
                            },
                            "BucketKeyEnabled": bool(rule.get("BucketKeyEnabled", False)),
                        }
                        for rule in encryption["ServerSideEncryptionConfiguration"]
                    ]
                },
            )
        if resolved.get("VersioningConfiguration"):
            s3.put_bucket_versioning(
                Bucket=name, VersioningConfiguration=resolved["VersioningConfiguration"]
            )
        if resolved.get("PublicAccessBlockConfiguration"):
            s3.put_public_access_block(
                Bucket=name,
                PublicAccessBlockConfiguration=resolved["PublicAccessBlockConfiguration"],
            )
        if resolved.get("LifecycleConfiguration"):
            s3.put_bucket_lifecycle_configuration(
                Bucket=name,
                LifecycleConfiguration={
                    "Rules": [
                        _lifecycle_rule(rule)
                        for rule in resolved["LifecycleConfiguration"]["Rules"]
                    ]
                },
            )
        notifications = resolved.get("NotificationConfiguration", {}).get("QueueConfigurations")
        if notifications:
            s3.put_bucket_notification_configuration(
                Bucket=name,
                NotificationConfiguration={
                    "QueueConfigurations": [_queue_notification(item) for item in notifications]
                },
            )
        lock = resolved.get("ObjectLockConfiguration")
        if lock:
            s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration=lock)
        self._name(
            logical_id,
            name,
            {"Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com"},
        )

    def _sns_topic(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        attributes = {}
        if "KmsMasterKeyId" in resolved:
            attributes["KmsMasterKeyId"] = resolved["KmsMasterKeyId"]
        if "DisplayName" in resolved:
            attributes["DisplayName"] = resolved["DisplayName"]
        name = resolved.get("TopicName", local_name(logical_id))
        arn = self.client("sns").create_topic(Name=name, Attributes=attributes)["TopicArn"]
        self._name(logical_id, arn, {"TopicName": name, "TopicArn": arn})

    def _sqs_queue(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        name = resolved.get("QueueName", local_name(logical_id))
        attributes = {
            key: json.dumps(value) if isinstance(value, dict) else str(value)
            for key, value in resolved.items()
            if key
            in {
                "KmsMasterKeyId",
                "VisibilityTimeout",
                "MessageRetentionPeriod",
                "RedrivePolicy",
                "ReceiveMessageWaitTimeSeconds",
            }
        }
        url = self.client("sqs").create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        self._name(logical_id, url, {"Arn": _arn("sqs", name), "QueueName": name, "QueueUrl": url})

    def _log_group(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        name = resolved.get("LogGroupName", f"/{STACK_NAME}/{logical_id}")
        logs = self.client("logs")
        create: dict[str, Any] = {"logGroupName": name}
        if "KmsKeyId" in resolved:
            create["kmsKeyId"] = resolved["KmsKeyId"]
        logs.create_log_group(**create)
        if "RetentionInDays" in resolved:
            logs.put_retention_policy(
                logGroupName=name, retentionInDays=int(resolved["RetentionInDays"])
            )
        self._name(logical_id, name, {"Arn": _arn("logs", f"log-group:{name}:*")})

    def _metric_filter(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        self.client("logs").put_metric_filter(
            logGroupName=resolved["LogGroupName"],
            filterName=resolved.get("FilterName", local_name(logical_id)),
            filterPattern=resolved["FilterPattern"],
            metricTransformations=[
                {key[0].lower() + key[1:]: value for key, value in item.items()}
                for item in resolved["MetricTransformations"]
            ],
        )
        self._name(logical_id, local_name(logical_id), {})

    def _alarm(self, logical_id: str, properties: dict[str, Any]) -> None:
        resolved = self.resolver.resolve(properties)
        name = resolved.pop("AlarmName", local_name(logical_id))
        resolved.pop("TreatMissingData", None)
        self.client("cloudwatch").put_metric_alarm(AlarmName=name, **resolved)
        self._name(logical_id, name, {"Arn": _arn("cloudwatch", f"alarm:{name}")})

    def _function(self, logical_id: str, properties: dict[str, Any]) -> None:
        # The code runs in-process (local.lambdas); moto only needs to know the function
        # exists, so that Step Functions' Lambda tasks can invoke it by ARN.
        name = properties.get("FunctionName", local_name(logical_id))
        arn = _arn("lambda", f"function:{name}")
        self._name(logical_id, name, {"Arn": arn})
        self.client("lambda").create_function(
            FunctionName=name,
            Runtime="python3.13",
            Role=LOCAL_LAMBDA_ROLE,
            Handler=str(properties.get("Handler", "app.lambda_handler")),
            Code={"ZipFile": _EMPTY_ZIP},
            Architectures=["arm64"],
        )

    def _state_machine(self, logical_id: str, properties: dict[str, Any]) -> None:
        from local.template import ROOT

        resolved = self.resolver.resolve(properties)
        name = resolved.get("Name", local_name(logical_id))
        definition = (ROOT / resolved["DefinitionUri"]).read_text(encoding="utf-8")
        for key, value in resolved.get("DefinitionSubstitutions", {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        leftover = re.findall(r"\$\{[A-Za-z0-9_]+\}", definition)
        if leftover:
            raise ValueError(f"{logical_id}: unfilled substitutions {sorted(set(leftover))}")
        create: dict[str, Any] = {
            "name": name,
            "definition": definition,
            "roleArn": LOCAL_STATES_ROLE,
            "type": resolved.get("Type", "STANDARD"),
        }
        logging = resolved.get("Logging")
        if logging:
            create["loggingConfiguration"] = {
                "level": logging["Level"],
                "includeExecutionData": bool(logging.get("IncludeExecutionData", False)),
                "destinations": [
                    {
                        "cloudWatchLogsLogGroup": {
                            "logGroupArn": item["CloudWatchLogsLogGroup"]["LogGroupArn"]
                        }
                    }
                    for item in logging.get("Destinations", [])
                ],
            }
        if resolved.get("Tracing", {}).get("Enabled"):
            create["tracingConfiguration"] = {"enabled": True}
        arn = self.client("stepfunctions").create_state_machine(**create)["stateMachineArn"]
        self._name(logical_id, arn, {"Arn": arn, "Name": name})


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """Translate a CloudFormation lifecycle rule into the S3 API's shape."""
    out: dict[str, Any] = {"ID": rule.get("Id", "rule"), "Status": rule["Status"]}
    out["Filter"] = {"Prefix": rule.get("Prefix", "")}
    if "ExpirationInDays" in rule:
        out["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
    if "NoncurrentVersionExpiration" in rule:
        out["NoncurrentVersionExpiration"] = {
            "NoncurrentDays": int(rule["NoncurrentVersionExpiration"]["NoncurrentDays"])
        }
    if "AbortIncompleteMultipartUpload" in rule:
        out["AbortIncompleteMultipartUpload"] = {
            "DaysAfterInitiation": int(
                rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]
            )
        }
    if "Transitions" in rule:
        out["Transitions"] = [
            {"Days": int(item["TransitionInDays"]), "StorageClass": item["StorageClass"]}
            for item in rule["Transitions"]
        ]
    return out


def _queue_notification(item: dict[str, Any]) -> dict[str, Any]:
    """Translate a CloudFormation queue notification into the S3 API's shape."""
    out: dict[str, Any] = {"QueueArn": item["Queue"], "Events": [item["Event"]]}
    rules = item.get("Filter", {}).get("S3Key", {}).get("Rules")
    if rules:
        out["Filter"] = {
            "Key": {"FilterRules": [{"Name": r["Name"], "Value": r["Value"]} for r in rules]}
        }
    return out


def _empty_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("placeholder.py", "")
    return buffer.getvalue()


_EMPTY_ZIP = _empty_zip()
