"""The web application's presigned PUTs reach the uploads bucket through its own origin: a
CloudFront behaviour for the tenants' key prefix only, PUT only, nothing cached, HTTPS only,
sent to the bucket's regional host with the viewer's signature untouched (docs/uploads.md)."""

from __future__ import annotations

from typing import Any

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5e84be39ad"


def _config(template: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = template["Resources"]["WebDistribution"]["Properties"][
        "DistributionConfig"
    ]
    return config


def _behaviour(template: dict[str, Any]) -> dict[str, Any]:
    (behaviour,) = [
        b for b in _config(template)["CacheBehaviors"] if b["TargetOriginId"] == "uploads"
    ]
    return behaviour


def test_the_uploads_origin_is_the_buckets_regional_host_and_adds_no_signature(
    template: dict[str, Any],
) -> None:
    (origin,) = [o for o in _config(template)["Origins"] if o["Id"] == "uploads"]
    assert origin["DomainName"] == {"Fn::GetAtt": ["UploadsBucket", "RegionalDomainName"]}
    # An origin access control would sign (always) or could (no-override: the signature is
    # in the query, not in Authorization) over the presigned URL's own signature.
    assert "OriginAccessControlId" not in origin
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}


def test_only_the_tenants_prefix_uncached_over_https_is_sent_to_the_bucket(
    template: dict[str, Any],
) -> None:
    behaviour = _behaviour(template)
    assert behaviour["PathPattern"] == "/tenants/*"
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert behaviour["CachePolicyId"] == CACHING_DISABLED
    assert "PUT" in behaviour["AllowedMethods"]
    (association,) = behaviour["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert association["FunctionARN"] == {
        "Fn::GetAtt": ["UploadsPutOnlyFunction", "FunctionMetadata.FunctionARN"]
    }
    code = template["Resources"]["UploadsPutOnlyFunction"]["Properties"]["FunctionCode"]
    assert 'event.request.method === "PUT"' in code
    assert "statusCode: 405" in code


def test_the_origin_request_carries_the_signature_but_not_the_host_or_cookies(
    template: dict[str, Any],
) -> None:
    assert _behaviour(template)["OriginRequestPolicyId"] == {"Ref": "UploadsOriginRequestPolicy"}
    policy = template["Resources"]["UploadsOriginRequestPolicy"]["Properties"][
        "OriginRequestPolicyConfig"
    ]
    assert policy["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert policy["CookiesConfig"] == {"CookieBehavior": "none"}
    headers = {name.lower() for name in policy["HeadersConfig"]["Headers"]}
    assert policy["HeadersConfig"]["HeaderBehavior"] == "whitelist"
    # Host stays the origin's: the host the URL was signed for.
    assert "host" not in headers
    assert {
        "content-type",
        "x-amz-server-side-encryption",
        "x-amz-server-side-encryption-aws-kms-key-id",
        "x-amz-checksum-sha256",
    } <= headers


def test_the_bucket_stays_private(template: dict[str, Any]) -> None:
    bucket = template["Resources"]["UploadsBucket"]["Properties"]
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    policy = template["Resources"]["UploadsBucketPolicy"]["Properties"]["PolicyDocument"]
    assert all(statement["Effect"] == "Deny" for statement in policy["Statement"])
