from __future__ import annotations

from typing import Any

import pytest

from local.template import ACCOUNT_ID, REGION, STACK_NAME, Resolver, UnresolvableError

TEMPLATE: dict[str, Any] = {
    "Parameters": {
        "Stage": {"Type": "String", "Default": "dev"},
        "Origins": {
            "Type": "CommaDelimitedList",
            "Default": "https://a.example, https://b.example",
        },
    },
    "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
        "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
    },
    "Resources": {},
}


@pytest.fixture
def resolver() -> Resolver:
    resolver = Resolver(TEMPLATE)
    resolver.physical["Table"] = "footprint-local-Table"
    resolver.attributes[("Table", "Arn")] = "arn:aws:dynamodb:::table/footprint-local-Table"
    return resolver


def test_parameters_take_their_defaults_and_lists_are_split(resolver: Resolver) -> None:
    assert resolver.resolve({"Ref": "Stage"}) == "dev"
    assert resolver.resolve({"Ref": "Origins"}) == ["https://a.example", "https://b.example"]


def test_sub_resolves_parameters_pseudo_parameters_and_attributes(resolver: Resolver) -> None:
    text = "${AWS::StackName}/${Stage}/${Table}/${Table.Arn}/${AWS::Region}/${AWS::AccountId}"
    assert resolver.resolve({"Fn::Sub": text}) == (
        f"{STACK_NAME}/dev/footprint-local-Table/arn:aws:dynamodb:::table/footprint-local-Table/"
        f"{REGION}/{ACCOUNT_ID}"
    )
    assert resolver.resolve({"Fn::Sub": ["${X}-${Stage}", {"X": {"Ref": "Table"}}]}) == (
        "footprint-local-Table-dev"
    )
    # The escape keeps an IAM policy variable for IAM to fill in.
    assert resolver.resolve({"Fn::Sub": "${Stage}/${!aws:PrincipalTag/tenant_id}/*"}) == (
        "dev/${aws:PrincipalTag/tenant_id}/*"
    )


def test_conditions_if_and_no_value(resolver: Resolver) -> None:
    value = {
        "A": {"Fn::If": ["IsProd", "big", "small"]},
        "B": {"Fn::If": ["IsDev", {"Ref": "AWS::NoValue"}, "kept"]},
        "C": [{"Fn::If": ["IsDev", {"Ref": "AWS::NoValue"}, 1]}, 2],
    }
    assert resolver.resolve(value) == {"A": "small", "C": [2]}


def test_join_select_split(resolver: Resolver) -> None:
    assert resolver.resolve({"Fn::Select": [1, {"Ref": "Origins"}]}) == "https://b.example"
    assert resolver.resolve({"Fn::Join": [",", {"Ref": "Origins"}]}) == (
        "https://a.example,https://b.example"
    )
    assert resolver.resolve({"Fn::Split": ["-", "a-b"]}) == ["a", "b"]


def test_dynamic_references_give_the_local_secrets_value(resolver: Resolver) -> None:
    arn = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT_ID}:secret:origin-AbCdEf"
    resolver.physical["Origin"] = arn
    resolver.secrets[arn] = "s3cret"
    text = "{{resolve:secretsmanager:${Origin}:SecretString}}"
    assert resolver.resolve({"Fn::Sub": text}) == "s3cret"
    resolver.physical["Origin"] = arn + "-other"
    with pytest.raises(UnresolvableError, match="no local secret"):
        resolver.resolve({"Fn::Sub": text})


def test_unknown_references_and_intrinsics_are_errors(resolver: Resolver) -> None:
    with pytest.raises(UnresolvableError, match="Missing"):
        resolver.resolve({"Ref": "Missing"})
    with pytest.raises(UnresolvableError, match=r"Missing\.Arn"):
        resolver.resolve({"Fn::GetAtt": ["Missing", "Arn"]})
    with pytest.raises(UnresolvableError, match="Fn::ImportValue"):
        resolver.resolve({"Fn::ImportValue": "x"})


def test_the_project_template_loads_with_short_form_intrinsics(template: dict[str, Any]) -> None:
    api = template["Resources"]["Api"]["Properties"]
    assert api["Auth"]["Authorizers"]["TokenAuthorizer"]["FunctionArn"] == {
        "Fn::GetAtt": ["AuthorizerFunction", "Arn"]
    }
