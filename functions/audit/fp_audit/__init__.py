"""The audit log's own scheduled work: the daily truncation of old IP addresses."""
