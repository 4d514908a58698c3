"""Seed the running local platform with a demo tenant and sample data, and say how to log in.

The demo admin has a fixed password and a fixed TOTP secret, printed here so a developer can
add it to an authenticator app once and keep it across restarts. This exists only in local
seeding: the state lives in memory and the emulator is reachable only on 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pyotp

from footprint.adapters.upload_files import put_source
from footprint.adapters.upload_records import UploadStore
from footprint.adapters.workflow import new_calculation_id, start_calculation
from footprint.domain.auth import passwords, totp
from footprint.domain.auth.domains import domain_of
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Role, TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.identity import domains, onboarding, signin, users
from local.platform import LocalPlatform
from local.template import ROOT

SAMPLE_TEMPLATE = ROOT / "layers/footprint/footprint/data/templates/activity-template.csv"
SAMPLE_YEAR = 2025

DEMO_TENANT = "Demo Company"
DEMO_EMAIL = "admin@demo.footprint.example"
DEMO_PASSWORD = "local demo password, not for real use"  # noqa: S105 - local demo only
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - local demo only


def seed_demo_admin() -> tuple[str, str]:
    """A demo tenant whose admin signs in with the fixed password and TOTP secret."""
    created = onboarding.create_tenant(DEMO_TENANT, DEMO_EMAIL)
    context = TenantContext.for_operator(created.tenant_id)
    users.set_password(
        context, created.admin_user_id, passwords.hash_password(DEMO_PASSWORD), temporary=False
    )
    signin.enroll_totp(context, created.admin_user_id, DEMO_TOTP_SECRET, accepted_step=0)
    return created.tenant_id, created.admin_user_id


def seed_demo_domain(tenant_id: str, admin_user_id: str, dns_file: Path) -> str:
    """The demo tenant's domain claimed and its TXT record published in the local DNS file,
    so that Verify succeeds; the record is kept beside any others the file holds."""
    context = TenantContext.for_operator(tenant_id).acting_as(admin_user_id, Role.ADMIN)
    claimed = domains.claim(context, domain_of(DEMO_EMAIL), source_ip="127.0.0.1")
    records = json.loads(dns_file.read_text(encoding="utf-8")) if dns_file.exists() else {}
    records[claimed.record_name] = [claimed.record_value]
    dns_file.parent.mkdir(parents=True, exist_ok=True)
    dns_file.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    return claimed.domain


def sample_activity_csv() -> bytes:
    """A year of the template's activities, one row of each a month, quantities varying by
    season, so that summaries by month, scope, category and facility all have something to show."""
    with SAMPLE_TEMPLATE.open(encoding="utf-8") as handle:
        template = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(template[0]), lineterminator="\n")
    writer.writeheader()
    for month in range(1, 13):
        last_day = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
        season = 1.0 + 0.3 * abs(6.5 - month) / 5.5  # more heating in winter
        for row in template:
            writer.writerow(
                {
                    **row,
                    "period_start": f"{SAMPLE_YEAR}-{month:02d}-01",
                    "period_end": f"{SAMPLE_YEAR}-{month:02d}-{last_day:02d}",
                    "quantity": f"{float(row['quantity']) * season:.2f}",
                    "reference": f"sample {SAMPLE_YEAR}-{month:02d}",
                }
            )
    return out.getvalue().encode("utf-8")


def store_received_csv(context: TenantContext, body: bytes, filename: str) -> tuple[str, str]:
    """A CSV stored and recorded as received, as a direct upload leaves it: answers its
    upload and calculation ids, ready for the calculation to start."""
    upload_id, calculation_id = new_upload_id(), new_calculation_id()
    source_version = put_source(context, upload_id, body, "text/csv")
    UploadStore(context).create(
        upload_id,
        filename=filename,
        content_type="text/csv",
        file_format="csv",
        size=len(body),
        gwp_set="AR5",
        status=Status.RECEIVED,
        source_version=source_version,
        calculation_id=calculation_id,
    )
    return upload_id, calculation_id


def seed_sample_data(tenant_id: str, admin_user_id: str, wait_seconds: float = 60.0) -> str:
    """Upload the sample year as the demo admin would, and wait for it to be calculated."""
    context = TenantContext.for_operator(tenant_id).acting_as(admin_user_id, Role.ADMIN)
    store = UploadStore(context)
    body = sample_activity_csv()
    upload_id, calculation_id = store_received_csv(context, body, "sample-activity-2025.csv")
    start_calculation(context, upload_id, calculation_id, "AR5")
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        upload = store.require(upload_id)
        if upload.status in (Status.COMPLETED, Status.REJECTED, Status.FAILED):
            return (
                upload_id if upload.status is Status.COMPLETED else f"{upload_id} ({upload.status})"
            )
        time.sleep(0.2)
    return f"{upload_id} (still calculating)"


def seed(platform: LocalPlatform) -> str:
    tenant_id, admin_user_id = seed_demo_admin()
    dns_file = Path(platform.environment["FOOTPRINT_DNS_TXT_FILE"])
    domain = seed_demo_domain(tenant_id, admin_user_id, dns_file)
    upload = seed_sample_data(tenant_id, admin_user_id)
    uri = totp.provisioning_uri(DEMO_TOTP_SECRET, DEMO_EMAIL)
    return "\n".join(
        [
            f"Footprint is running: {platform.api_url}/v1/health",
            f"Demo tenant {tenant_id} ({DEMO_TENANT}); sign in with",
            f"  POST {platform.api_url}/v1/auth/login",
            f'  {{"email": "{DEMO_EMAIL}", "password": "{DEMO_PASSWORD}"}}',
            "then answer the MFA challenge at /v1/auth/challenge with a code from an",
            f"authenticator holding the TOTP secret {DEMO_TOTP_SECRET} ({uri}),",
            f"e.g. python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\"",
            f"(a code for now: {pyotp.TOTP(DEMO_TOTP_SECRET).now()}).",
            f"Sample data: upload {upload}, a year of activity ({SAMPLE_YEAR}); try",
            f"  GET {platform.api_url}/v1/emissions/summary"
            f"?from={SAMPLE_YEAR}-01&to={SAMPLE_YEAR}-12&group_by=month",
            f"Domain {domain} is claimed and its TXT record is in {dns_file}, which the local",
            f"DNS answers from: POST /v1/tenant/domains/{domain}/verify succeeds.",
        ]
    )
