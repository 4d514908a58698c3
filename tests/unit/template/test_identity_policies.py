"""Least privilege in template.yaml for identity: tenant-scoped credentials (ABAC session tag
+ dynamodb:LeadingKeys), no Scan for tenant-facing roles, the signing key's use split."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

IDENTITY_FUNCTIONS = ("AuthFunction", "SsoFunction", "UsersFunction", "AuthorizerFunction")
TENANT_LEADING_KEY = "TENANT#${aws:PrincipalTag/tenant_id}#*"


def _statements(function: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for policy in function["Properties"].get("Policies", []):
        assert isinstance(policy, dict)
        assert set(policy) == {"Statement"}, f"SAM policy templates grant too much: {set(policy)}"
        yield from policy["Statement"]


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else list(actions)


@pytest.fixture
def resources(template: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = template["Resources"]
    return found


def test_the_tenant_data_role_reaches_only_the_tagged_tenants_items(
    resources: dict[str, Any],
) -> None:
    role = resources["TenantDataRole"]["Properties"]
    (statement,) = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert "dynamodb:Scan" not in _actions(statement)
    assert all(action.startswith("dynamodb:") for action in _actions(statement))
    assert statement["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": [TENANT_LEADING_KEY]}
    }
    # The trailing "#" matters: tenant "t-ab" must not reach "t-abc"'s items.
    assert TENANT_LEADING_KEY.endswith("}#*")


def test_only_identity_functions_may_assume_it_and_only_with_a_tenant_tag(
    resources: dict[str, Any],
) -> None:
    trust = resources["TenantDataRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    (statement,) = trust
    assert sorted(statement["Action"]) == ["sts:AssumeRole", "sts:TagSession"]
    principals = [arn["Fn::GetAtt"][0] for arn in statement["Principal"]["AWS"]]
    assert {f"{name}Role" for name in IDENTITY_FUNCTIONS} <= set(principals)
    assert statement["Condition"] == {"StringLike": {"aws:RequestTag/tenant_id": "?*"}}


def test_tenant_facing_functions_never_scan_and_touch_only_platform_records_directly(
    resources: dict[str, Any],
) -> None:
    trusted = [
        arn["Fn::GetAtt"][0].removesuffix("Role")
        for arn in resources["TenantDataRole"]["Properties"]["AssumeRolePolicyDocument"][
            "Statement"
        ][0]["Principal"]["AWS"]
    ]
    for name in trusted:
        for statement in _statements(resources[name]):
            actions = _actions(statement)
            assert "dynamodb:Scan" not in actions, name
            assert "dynamodb:*" not in actions, name
            if any(action.startswith("dynamodb:") for action in actions):
                keys = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
                assert all(key.startswith("PLATFORM#") for key in keys), (name, keys)


def test_each_identity_function_assumes_the_tenant_role_by_its_name(
    resources: dict[str, Any],
) -> None:
    role_name = resources["TenantDataRole"]["Properties"]["RoleName"]["Fn::Sub"]
    for name in IDENTITY_FUNCTIONS:
        variables = resources[name]["Properties"]["Environment"]["Variables"]
        arn = variables["FOOTPRINT_TENANT_DATA_ROLE_ARN"]["Fn::Sub"]
        assert arn.endswith(f":role/{role_name}")
        assumes = [s for s in _statements(resources[name]) if "sts:AssumeRole" in _actions(s)]
        assert assumes
        assert assumes[0]["Resource"]["Fn::Sub"] == arn


def test_signing_key_is_asymmetric_and_only_the_sign_in_functions_sign(
    resources: dict[str, Any],
) -> None:
    key = resources["SigningKey"]["Properties"]
    assert (key["KeySpec"], key["KeyUsage"]) == ("RSA_2048", "SIGN_VERIFY")
    kms_actions = {
        name: {a for s in _statements(resources[name]) for a in _actions(s) if a.startswith("kms:")}
        for name in IDENTITY_FUNCTIONS
    }
    assert kms_actions["AuthFunction"] == {"kms:Sign", "kms:Encrypt", "kms:Decrypt"}
    assert kms_actions["SsoFunction"] == {"kms:Sign"}  # no TOTP: the IdP does the second factor
    assert kms_actions["AuthorizerFunction"] == {"kms:GetPublicKey"}
    # Audit cursors; and publishing staff access notices to their KMS-encrypted topics.
    assert kms_actions["UsersFunction"] == {"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"}


def test_totp_encryption_is_limited_to_its_purpose(resources: dict[str, Any]) -> None:
    (statement,) = [
        s for s in _statements(resources["AuthFunction"]) if "kms:Decrypt" in _actions(s)
    ]
    assert statement["Condition"] == {"StringLike": {"kms:EncryptionContext:purpose": "totp*"}}


def test_the_users_function_encrypts_only_audit_cursors(resources: dict[str, Any]) -> None:
    notices, cursors = [
        s for s in _statements(resources["UsersFunction"]) if "kms:Decrypt" in _actions(s)
    ]
    assert cursors["Condition"] == {"StringEquals": {"kms:EncryptionContext:purpose": "audit"}}
    # The other use of the key is SNS's own, for the staff access topics.
    assert "kms:Encrypt" not in _actions(notices)
    assert notices["Condition"]["StringEquals"]["kms:ViaService"]["Fn::Sub"].startswith("sns.")


# Reads by key, one item or a batch of them (a session, its profile and its tenant at once).
KEY_READS = {"dynamodb:GetItem", "dynamodb:BatchGetItem"}


def _platform_grants(function: dict[str, Any]) -> dict[str, set[str]]:
    """Platform key prefix -> the DynamoDB actions the function's own role has on it."""
    grants: dict[str, set[str]] = {}
    for statement in _statements(function):
        actions = {a for a in _actions(statement) if a.startswith("dynamodb:")}
        if actions:
            keys = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
            for key in keys:
                grants.setdefault(key, set()).update(actions)
    return grants


def test_password_and_saml_sign_in_each_hold_only_the_platform_records_they_use(
    resources: dict[str, Any],
) -> None:
    assert _platform_grants(resources["AuthFunction"]) == {
        "PLATFORM#SIGNIN#*": {"dynamodb:GetItem", "dynamodb:UpdateItem"},
        "PLATFORM#EMAIL#*": {"dynamodb:GetItem"},
        "PLATFORM#AUDIT#*": {"dynamodb:PutItem"},
        # The heads of the platform audit log's lanes, written with each event.
        "PLATFORM#AUDIT_CHAIN#*": {"dynamodb:GetItem", "dynamodb:UpdateItem"},
    }
    # Just-in-time provisioning claims an address (and releases it if the user write fails);
    # a staff token on the tenant's SSO settings is checked against the member's session.
    assert _platform_grants(resources["SsoFunction"]) == {
        "PLATFORM#EMAIL#*": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"},
        "PLATFORM#STAFF#*": KEY_READS,
    }


def test_staff_records_are_written_by_the_staff_function_alone_and_read_by_the_guard(
    resources: dict[str, Any],
) -> None:
    staff_keys = "PLATFORM#STAFF#*"
    # Every function a staff token can reach checks it, and only reads.
    for name in (
        "AuthorizerFunction",
        "SsoFunction",
        "UsersFunction",
        "UploadsFunction",
        "EmissionsFunction",
    ):
        assert _platform_grants(resources[name])[staff_keys] == KEY_READS, name
    assert staff_keys not in _platform_grants(resources["AuthFunction"])
    grants = _platform_grants(resources["StaffFunction"])
    assert grants[staff_keys] == {
        *KEY_READS,
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
    }
    assert grants["PLATFORM#SIGNIN#*"] == {"dynamodb:GetItem", "dynamodb:UpdateItem"}
    assert grants["PLATFORM#EMAIL#*"] == {"dynamodb:GetItem"}
    # A tenant's credentials never reach a staff record: the tenant role holds TENANT# keys only.
    role = resources["TenantDataRole"]["Properties"]["Policies"]
    keys = [
        key
        for policy in role
        for statement in policy["PolicyDocument"]["Statement"]
        for key in statement.get("Condition", {})
        .get("ForAllValues:StringLike", {})
        .get("dynamodb:LeadingKeys", [])
    ]
    assert keys == [TENANT_LEADING_KEY]


def test_each_identity_function_has_its_own_log_group(resources: dict[str, Any]) -> None:
    for name in IDENTITY_FUNCTIONS:
        group = resources[name]["Properties"]["LoggingConfig"]["LogGroup"]
        assert group == {"Ref": f"{name}Logs"}
        assert resources[f"{name}Logs"]["Type"] == "AWS::Logs::LogGroup"


def test_no_function_behind_the_api_may_scan(resources: dict[str, Any]) -> None:
    for name, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        events = resource["Properties"].get("Events", {}).values()
        if name != "AuthorizerFunction" and not any(e["Type"] == "Api" for e in events):
            continue
        for statement in _statements(resource):
            assert "dynamodb:Scan" not in _actions(statement), name
            assert "dynamodb:*" not in _actions(statement), name
