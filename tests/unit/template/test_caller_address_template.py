"""Behind CloudFront, the caller's address is the viewer's only where the distribution's
secret vouches for it: the distribution sends the secret and the viewer's address, the
functions know the secret, and the WAF refuses a viewer address without it and counts
sign-ins per viewer (footprint.api.caller)."""

from __future__ import annotations

from typing import Any

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
    # Managed-AllViewerExceptHostHeader: every viewer header but Host, and CloudFront's
    # headers, CloudFront-Viewer-Address among them.
    assert behaviour["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def test_every_function_knows_the_secret(template: dict[str, Any]) -> None:
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["FOOTPRINT_ORIGIN_SECRET"] == SECRET


def test_the_waf_refuses_a_viewer_address_without_the_secret(template: dict[str, Any]) -> None:
    rule = _rules(template)["ViewerAddressWithoutOrigin"]
    assert rule["Action"] == {"Block": {}}
    present, absent = rule["Statement"]["AndStatement"]["Statements"]
    assert present["SizeConstraintStatement"]["FieldToMatch"] == {
        "SingleHeader": {"Name": "cloudfront-viewer-address"}
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
    assert viewer["ForwardedIPConfig"]["HeaderName"] == "CloudFront-Viewer-Address"
    assert viewer["Limit"] == direct["Limit"] == {"Ref": "AuthRateLimit"}
    viewer_scope = viewer["ScopeDownStatement"]["AndStatement"]["Statements"]
    assert viewer_scope[0]["ByteMatchStatement"]["SearchString"] == "/auth/"
    assert _vouched(viewer_scope[1])
    # Refused before it is counted, and the secret never reaches the WAF's logs.
    assert rules["ViewerAddressWithoutOrigin"]["Priority"] < rules["AuthRateLimit"]["Priority"]
    redacted = template["Resources"]["WafLogging"]["Properties"]["RedactedFields"]
    assert {"SingleHeader": {"Name": ORIGIN_HEADER}} in redacted
