"""Backups of the data tables: fingerprints, the export layout and the backup catalogue.

Pure code: reading S3 and DynamoDB is the adapters' job (``footprint.adapters.backup``).
"""
