"""Behind CloudFront, the caller's address is the viewer's only where the distribution's
secret vouches for it: the distribution sends the secret and the viewer's address, the
functions know the secret, and the WAF refuses a viewer address without it and counts
sign-ins per viewer (footprint.api.caller). The distribution's function that writes the
address runs here in Node.js, as CloudFront's JavaScript runtime would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

SECRET = {"Fn::Sub": "{{resolve:secretsmanager:${OriginVerifySecret}:SecretString}}"}
ORIGIN_HEADER = "x-footprint-origin-verify"


def _rules(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rules = template["Resources"]["WebAcl"]["Properties"]["Rules"]
    return {rule["Name"]: rule for rule in rules}


def _vouched(statement: dict[str, Any]) -> bool:
    match = statement.get("ByteMatchStatement", {})
    return (
        match.get("FieldToMatch") == {"SingleHeader": {"Name": ORIGIN_HEADER}}
        and match.get("PositionalConstraint") == "EXACTLY"
        and match.get("SearchString") == SECRET
    )


def test_the_secret_is_generated_and_kept_under_the_data_key(template: dict[str, Any]) -> None:
    secret = template["Resources"]["OriginVerifySecret"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["DataKey", "Arn"]}
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32


def test_the_distribution_sends_the_secret_and_the_viewers_address_to_the_api(
    template: dict[str, Any],
) -> None:
    config = template["Resources"]["WebDistribution"]["Properties"]["DistributionConfig"]
    api = next(origin for origin in config["Origins"] if origin["Id"] == "api")
    assert api["OriginCustomHeaders"] == [
        {"HeaderName": "X-Footprint-Origin-Verify", "HeaderValue": SECRET}
    ]
    behaviour = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "/v1/*")
    # Managed-AllViewerExceptHostHeader: every viewer header but Host, the one the viewer-
    # request function wrote among them.
    assert behaviour["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    (association,) = behaviour["FunctionAssociations"]
    assert association == {
        "EventType": "viewer-request",
        "FunctionARN": {"Fn::GetAtt": ["ViewerIpFunction", "FunctionMetadata.FunctionARN"]},
    }


def _run_viewer_ip_function(template: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    function = template["Resources"]["ViewerIpFunction"]["Properties"]
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (a prerequisite, README) is needed to run the CloudFront function")
    script = (
        f"{function['FunctionCode']}\nconsole.log(JSON.stringify(handler({json.dumps(event)})));"
    )
    answer = subprocess.run(
        [node, "-e", script], capture_output=True, text=True, check=True, timeout=30
    )
    result: dict[str, Any] = json.loads(answer.stdout)
    return result


@pytest.mark.parametrize("viewer", ["198.51.100.7", "2001:db8::7"])
def test_the_function_writes_the_viewers_bare_address_over_any_copy_sent(
    template: dict[str, Any], viewer: str
) -> None:
    forged = {"x-footprint-viewer-ip": {"value": "203.0.113.9"}, "host": {"value": "app"}}
    request = {"method": "POST", "uri": "/v1/auth/login", "headers": forged}
    answer = _run_viewer_ip_function(template, {"request": request, "viewer": {"ip": viewer}})
    assert answer["headers"]["x-footprint-viewer-ip"] == {"value": viewer}
    assert answer["headers"]["host"] == {"value": "app"}
    assert answer["uri"] == "/v1/auth/login"


def test_every_function_knows_the_secret(template: dict[str, Any]) -> None:
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["FOOTPRINT_ORIGIN_SECRET"] == SECRET


def test_the_waf_refuses_a_viewer_address_without_the_secret(template: dict[str, Any]) -> None:
    rule = _rules(template)["ViewerAddressWithoutOrigin"]
    assert rule["Action"] == {"Block": {}}
    present, absent = rule["Statement"]["AndStatement"]["Statements"]
    assert present["SizeConstraintStatement"]["FieldToMatch"] == {
        "SingleHeader": {"Name": "x-footprint-viewer-ip"}
    }
    assert _vouched(absent["NotStatement"]["Statement"])


def test_sign_in_is_rate_limited_per_connection_or_per_vouched_viewer(
    template: dict[str, Any],
) -> None:
    rules = _rules(template)
    direct = rules["AuthRateLimit"]["Statement"]["RateBasedStatement"]
    assert direct["AggregateKeyType"] == "IP"
    direct_scope = direct["ScopeDownStatement"]["AndStatement"]["Statements"]
    assert direct_scope[0]["ByteMatchStatement"]["SearchString"] == "/auth/"
    assert _vouched(direct_scope[1]["NotStatement"]["Statement"])

    viewer = rules["AuthRateLimitViewer"]["Statement"]["RateBasedStatement"]
    assert viewer["AggregateKeyType"] == "FORWARDED_IP"
    assert viewer["ForwardedIPConfig"]["HeaderName"] == "X-Footprint-Viewer-Ip"
    assert viewer["Limit"] == direct["Limit"] == {"Ref": "AuthRateLimit"}
    viewer_scope = viewer["ScopeDownStatement"]["AndStatement"]["Statements"]
    assert viewer_scope[0]["ByteMatchStatement"]["SearchString"] == "/auth/"
    assert _vouched(viewer_scope[1])
    # Refused before it is counted, and the secret never reaches the WAF's logs.
    assert rules["ViewerAddressWithoutOrigin"]["Priority"] < rules["AuthRateLimit"]["Priority"]
    redacted = template["Resources"]["WafLogging"]["Properties"]["RedactedFields"]
    assert {"SingleHeader": {"Name": ORIGIN_HEADER}} in redacted
