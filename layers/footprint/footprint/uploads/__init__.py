"""Uploads and their calculation: the use cases between the handlers and the adapters.

Intake (a file posted, a presigned URL asked for, a presigned file arrived), starting a
calculation and recalculating, an upload's status and per-line results, the inventory's
published aggregates. The Uploads and Emissions functions call it; it combines the upload
lifecycle of ``footprint.domain.uploads`` with the tenant-scoped records, files and workflow.
"""
