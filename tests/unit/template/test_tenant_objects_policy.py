"""Tenant objects at the IAM level: the tenant data role's S3 statements, evaluated for a
session tagged with one tenant, admit that tenant's objects and no other tenant's, and no
function acting for tenants reaches tenant objects with its own role.

moto does not enforce IAM, so a small evaluator below applies IAM's rules to the statement
shapes this template uses (Allow/Deny, wildcard actions and resources, policy variables,
the String* and ForAllValues condition operators); anything else it refuses to judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pytest

from local.template import Resolver

BUCKET = "footprint-uploads"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"
DATA_KEY_ARN = "arn:aws:kms:us-east-2:123456789012:key/data"
TABLE_ARN = "arn:aws:dynamodb:us-east-2:123456789012:table/data"
S3_VIA = "s3.us-east-2.amazonaws.com"
OBJECT_ACTIONS = (
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
)
LIST_ACTIONS = ("s3:ListBucket", "s3:ListBucketVersions")
Statement = dict[str, Any]


# ------------------------------------------------------------------------ the evaluator


def _glob(pattern: str, value: str, *, case: bool = True) -> bool:
    """IAM's wildcard match: ``*`` any run of characters (``/`` included), ``?`` one."""
    expression = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(expression, value, 0 if case else re.IGNORECASE) is not None


def _filled(text: str, tags: Mapping[str, str]) -> str | None:
    """``text`` with its ``${aws:PrincipalTag/...}`` variables filled in; None when a tag is
    missing (IAM then matches nothing with it)."""
    missing = False

    def tag(match: re.Match[str]) -> str:
        nonlocal missing
        if match.group(1) not in tags:
            missing = True
            return ""
        return tags[match.group(1)]

    filled = re.sub(r"\$\{aws:PrincipalTag/([^}]+)\}", tag, text)
    if "${" in filled:
        raise NotImplementedError(f"policy variable in {text}")
    return None if missing else filled


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _condition_holds(
    operator: str, expected: Mapping[str, Any], request: Mapping[str, list[str]], tags: Any
) -> bool:
    if operator not in ("ForAllValues:StringLike", "StringLike", "StringEquals"):
        raise NotImplementedError(operator)
    for key, values in expected.items():
        patterns = [p for p in (_filled(v, tags) for v in _listed(values)) if p is not None]
        given = request.get(key)
        if operator == "ForAllValues:StringLike":
            # Every value in the request matches some pattern: true when there is none.
            if not all(any(_glob(p, v) for p in patterns) for v in given or []):
                return False
        elif not given or not any(
            (_glob(p, v) if operator == "StringLike" else p == v) for p in patterns for v in given
        ):
            return False
    return True


def _matches(
    statement: Statement,
    action: str,
    resource: str,
    tags: Mapping[str, str],
    request: Mapping[str, list[str]],
) -> bool:
    if {"NotAction", "NotResource", "NotPrincipal"} & set(statement):
        raise NotImplementedError("Not* elements")
    if not any(_glob(a, action, case=False) for a in _listed(statement["Action"])):
        return False
    resources = [r for r in (_filled(r, tags) for r in _listed(statement["Resource"])) if r]
    if not any(_glob(r, resource) for r in resources):
        return False
    return all(
        _condition_holds(operator, expected, request, tags)
        for operator, expected in statement.get("Condition", {}).items()
    )


def allowed(
    statements: Iterable[Statement],
    action: str,
    resource: str,
    *,
    tags: Mapping[str, str] | None = None,
    request: Mapping[str, list[str]] | None = None,
) -> bool:
    """Whether identity-based ``statements`` allow ``action`` on ``resource`` for a session
    tagged ``tags``, with the request's condition keys ``request`` (explicit deny wins)."""
    matching = [s for s in statements if _matches(s, action, resource, tags or {}, request or {})]
    return any(s["Effect"] == "Allow" for s in matching) and not any(
        s["Effect"] == "Deny" for s in matching
    )


# ------------------------------------------------------------------------ the template


class _Stack(Resolver):
    """The template's names resolved as a deployed stack would: the bucket and key used
    below by their ARNs, every other resource by a stand-in."""

    def _ref(self, name: str) -> Any:
        if name in self.template["Resources"] and name not in self.physical:
            return f"stand-in-{name}"
        return super()._ref(name)

    def _get_att(self, logical_id: str, attribute: str) -> str:
        known = {
            ("UploadsBucket", "Arn"): BUCKET_ARN,
            ("DataKey", "Arn"): DATA_KEY_ARN,
            ("DataTable", "Arn"): TABLE_ARN,
        }
        return known.get((logical_id, attribute), f"arn:aws:stand-in:::{logical_id}")


@pytest.fixture(scope="module")
def resolver(template: dict[str, Any]) -> Resolver:
    resolver = _Stack(template)
    resolver.physical["UploadsBucket"] = BUCKET
    return resolver


def _role_statements(template: dict[str, Any], resolver: Resolver) -> list[Statement]:
    policies = template["Resources"]["TenantDataRole"]["Properties"]["Policies"]
    return [s for p in resolver.resolve(policies) for s in p["PolicyDocument"]["Statement"]]


@pytest.fixture(scope="module")
def role(template: dict[str, Any], resolver: Resolver) -> list[Statement]:
    return _role_statements(template, resolver)


def _own_statements(resource: dict[str, Any], resolver: Resolver) -> Iterator[Statement]:
    """A function's or state machine's inline statements, resolved."""
    for policy in resource["Properties"].get("Policies", []):
        if set(policy) == {"LambdaInvokePolicy"}:
            continue  # lambda:InvokeFunction on one function, nothing else
        assert set(policy) == {"Statement"}, "SAM policy templates are not evaluated here"
        for statement in policy["Statement"]:
            yield resolver.resolve({key: statement[key] for key in statement if key != "Sid"})


def obj(tenant: str, rest: str = "uploads/u1/source") -> str:
    return f"{BUCKET_ARN}/tenants/{tenant}/{rest}"


ACME = {"tenant_id": "t-acme"}


# ------------------------------------------------------------------------ the tests


@pytest.mark.parametrize("action", OBJECT_ACTIONS)
def test_a_session_of_one_tenant_reaches_its_objects_and_no_other_tenants(
    role: list[Statement], action: str
) -> None:
    assert allowed(role, action, obj("t-acme"), tags=ACME)
    assert allowed(role, action, obj("t-acme", "uploads/u1/calculations/c1/parts/p"), tags=ACME)
    for other in (obj("t-globex"), obj("t-acme2"), obj("t-acme-2"), f"{BUCKET_ARN}/tenants/x"):
        assert not allowed(role, action, other, tags=ACME), other
    assert not allowed(role, action, "arn:aws:s3:::elsewhere/tenants/t-acme/x", tags=ACME)


@pytest.mark.parametrize("action", LIST_ACTIONS)
def test_it_lists_only_under_its_own_prefix(role: list[Statement], action: str) -> None:
    def lists(prefix: str | None) -> bool:
        request = {} if prefix is None else {"s3:prefix": [prefix]}
        return allowed(role, action, BUCKET_ARN, tags=ACME, request=request)

    assert lists("tenants/t-acme/")
    assert lists("tenants/t-acme/uploads/u1/source")
    for prefix in ("tenants/t-globex/", "tenants/", "tenants/t-acme", "tenants/t-acme2/", "", None):
        assert not lists(prefix), prefix


def test_a_session_without_the_tag_reaches_no_object(role: list[Statement]) -> None:
    for action in OBJECT_ACTIONS:
        assert not allowed(role, action, obj("t-acme"), tags={})
    assert not allowed(
        role, "s3:ListBucket", BUCKET_ARN, tags={}, request={"s3:prefix": ["tenants/t-acme/"]}
    )


def test_the_data_key_serves_it_only_through_s3(role: list[Statement]) -> None:
    via = {"kms:ViaService": [S3_VIA]}
    for action in ("kms:Decrypt", "kms:GenerateDataKey"):
        assert allowed(role, action, DATA_KEY_ARN, tags=ACME, request=via)
        assert not allowed(role, action, DATA_KEY_ARN, tags=ACME)  # called directly
    assert not allowed(role, "kms:Encrypt", DATA_KEY_ARN, tags=ACME, request=via)


def test_its_items_stay_its_own_too(role: list[Statement]) -> None:
    own = {"dynamodb:LeadingKeys": ["TENANT#t-acme#UPLOAD"]}
    other = {"dynamodb:LeadingKeys": ["TENANT#t-globex#UPLOAD"]}
    assert allowed(role, "dynamodb:GetItem", TABLE_ARN, tags=ACME, request=own)
    assert not allowed(role, "dynamodb:GetItem", TABLE_ARN, tags=ACME, request=other)


def test_no_function_acting_for_tenants_reaches_their_objects_with_its_own_role(
    template: dict[str, Any], resolver: Resolver
) -> None:
    """Each reaches them only through the tenant session: a key bug cannot fall back on a
    wider grant of the function's own."""
    resources = template["Resources"]
    trust = resources["TenantDataRole"]["Properties"]["AssumeRolePolicyDocument"]
    functions = [
        arn["Fn::GetAtt"][0].removesuffix("Role")
        for arn in trust["Statement"][0]["Principal"]["AWS"]
    ]
    assert {"UploadsFunction", "UploadArrivalFunction", "CalculatePartFunction"} <= set(functions)
    for name in functions:
        statements = list(_own_statements(resources[name], resolver))
        for action in OBJECT_ACTIONS:
            assert not allowed(statements, action, obj("t-acme")), (name, action)
        for action in LIST_ACTIONS:
            listing = {"s3:prefix": ["tenants/t-acme/"]}
            assert not allowed(statements, action, BUCKET_ARN, request=listing), (name, action)


def test_the_state_machine_lists_parts_and_reads_no_object(
    template: dict[str, Any], resolver: Resolver
) -> None:
    machine = template["Resources"]["CalculationStateMachine"]
    statements = list(_own_statements(machine, resolver))
    parts = {"s3:prefix": ["tenants/t-acme/uploads/u1/calculations/c1/parts/"]}
    assert allowed(statements, "s3:ListBucket", BUCKET_ARN, request=parts)
    assert not allowed(statements, "s3:ListBucket", BUCKET_ARN, request={"s3:prefix": ["tenants/"]})
    assert not any(allowed(statements, action, obj("t-acme")) for action in OBJECT_ACTIONS)


def test_the_evaluator_refuses_what_it_cannot_judge() -> None:
    with pytest.raises(NotImplementedError):
        allowed([{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}], "s3:GetObject", "x")
    with pytest.raises(NotImplementedError):
        allowed(
            [
                {
                    "Effect": "Allow",
                    "Action": "s3:*",
                    "Resource": "*",
                    "Condition": {"IpAddress": {}},
                }
            ],
            "s3:GetObject",
            "x",
        )
    deny = {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}
    grant = {"Effect": "Allow", "Action": "s3:Get*", "Resource": f"{BUCKET_ARN}/*"}
    assert allowed([grant], "s3:GetObject", obj("t-acme"))
    assert not allowed([grant, deny], "s3:GetObject", obj("t-acme"))
