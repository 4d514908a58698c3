"""A tenant's quarterly access review on the local platform, over HTTP: the operator opens
it, the admins decide each item (never their own; revoke ends the person's access at once),
an auditor reads it and exports the evidence, whose SHA-256 the audit log holds."""

from __future__ import annotations

import csv
import hashlib
import io

import httpx

from local.running import RunningPlatform
from tests.support.platform_accounts import Member, join, onboard, open_access_reviews


def test_a_tenant_reviews_its_peoples_access(
    platform: RunningPlatform, client: httpx.Client
) -> None:
    tenant = onboard(platform, client, "Hooli", "admin@hooli-reviews.example")
    admin = tenant.admin
    second = join(client, admin, "second@hooli-reviews.example", "admin")
    editor = join(client, admin, "editor@hooli-reviews.example", "editor")
    auditor = join(client, admin, "auditor@hooli-reviews.example", "auditor")
    opened = open_access_reviews(platform)
    assert opened["opened_count"] >= 1

    listed = client.get("/v1/access-reviews", headers=auditor.headers)
    assert listed.status_code == 200, listed.text
    (review,) = listed.json()["reviews"]
    assert (review["quarter"], review["status"], review["item_count"]) == (
        opened["quarter"],
        "open",
        4,
    )
    assert review["due_at"] == opened["due_at"]
    assert client.get("/v1/access-reviews", headers=editor.headers).status_code == 403
    base = f"/v1/access-reviews/{review['review_id']}"
    detail = client.get(base, headers=admin.headers).json()
    items = {item["email"]: item for item in detail["items"]}
    assert set(items) == {admin.email, second.email, editor.email, auditor.email}
    mine = items[admin.email]
    assert (mine["role"], mine["status"], mine["sign_in_method"], mine["mfa_enabled"]) == (
        "admin",
        "active",
        "password",
        True,
    )
    assert mine["last_signed_in_at"]

    def decide(reviewer: Member, subject: str, body: dict[str, str]) -> httpx.Response:
        return client.post(f"{base}/items/{subject}", json=body, headers=reviewer.headers)

    own = decide(admin, admin.user_id, {"decision": "attest"})
    assert own.status_code == 403
    assert decide(auditor, second.user_id, {"decision": "attest"}).status_code == 403
    assert decide(admin, second.user_id, {"decision": "attest"}).status_code == 200
    revoked = decide(second, editor.user_id, {"decision": "revoke", "reason": "left Hooli"})
    assert revoked.status_code == 200, revoked.text
    assert client.get("/v1/me", headers=editor.headers).status_code == 401
    refreshed = client.post(
        "/v1/auth/refresh", json={"refresh_token": editor.tokens["refresh_token"]}
    )
    assert refreshed.status_code == 401

    exported = client.get(f"{base}/export", params={"format": "csv"}, headers=auditor.headers)
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    digest = hashlib.sha256(exported.content).hexdigest()
    assert exported.headers["x-footprint-export-sha256"] == digest
    rows = {row["email"]: row for row in csv.DictReader(io.StringIO(exported.text))}
    assert (rows[editor.email]["decision"], rows[editor.email]["reason"]) == (
        "revoke",
        "left Hooli",
    )
    assert rows[editor.email]["decided_by_email"] == second.email
    assert rows[admin.email]["decision"] == ""
    events = client.get("/v1/audit", params={"limit": 200}, headers=admin.headers).json()
    recorded = [e for e in events["events"] if e["action"] == "access_review.exported"]
    assert [event["details"]["sha256"] for event in recorded] == [digest]
    assert open_access_reviews(platform)["opened_count"] == 0  # once a quarter
