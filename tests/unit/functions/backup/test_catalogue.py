"""The backup workflow writes every audit chain's head to the Object Lock vault (the bucket's
lock itself is tested with the template, tests/unit/template/test_data_protection_template.py)."""

from __future__ import annotations

import json

import boto3

from footprint.adapters.backup import chain_heads
from footprint.domain.audit_chain import Head
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, tenants


def _head_item(table: str, pk: str) -> Head:
    item = boto3.resource("dynamodb").Table(table).get_item(Key={"pk": pk, "sk": "HEAD"})["Item"]
    return Head.from_attributes(item)


def test_a_backup_writes_each_chain_head_to_the_vault(backup, run_workflow) -> None:
    tenants.register(TenantContext.for_operator("t-unused"), "No events")
    for tenant, count in (("t-one", 2), ("t-two", 3)):
        tenants.register(TenantContext.for_operator(tenant), tenant)
        for n in range(count):
            audit.record(
                TenantContext.for_operator(tenant),
                action=f"test.step{n}",
                outcome="success",
                source_ip="198.51.100.7",
            )
    audit.record_unknown_account("nobody@example.com", action="signin.failure", source_ip="::1")

    execution = run_workflow("daily-1")

    assert execution["status"] == "SUCCEEDED"
    (done,) = execution["result"]["backups"]
    assert done["chain_heads"] == 3
    s3 = boto3.client("s3")
    key = chain_heads.object_key(done["backup_id"])
    document = json.loads(s3.get_object(Bucket=backup["bucket"], Key=key)["Body"].read())
    assert set(document["tenants"]) == {"t-one", "t-two"}
    assert document["tenants"]["t-two"]["sequence"] == 3
    heads = chain_heads.load(s3, backup["bucket"], done["backup_id"])
    assert heads.tenants["t-one"] == _head_item(backup["table"], "TENANT#t-one#AUDIT_CHAIN")
    assert heads.tenants["t-two"] == _head_item(backup["table"], "TENANT#t-two#AUDIT_CHAIN")
    ((lane, platform),) = heads.platform.items()
    assert platform == _head_item(backup["table"], f"PLATFORM#AUDIT_CHAIN#{lane}")


def test_a_table_without_chains_records_no_heads(backup, run_workflow) -> None:
    execution = run_workflow("daily-1")

    (done,) = execution["result"]["backups"]
    assert done["chain_heads"] == 0
    heads = chain_heads.load(boto3.client("s3"), backup["bucket"], done["backup_id"])
    assert (heads.tenants, heads.platform) == ({}, {})
