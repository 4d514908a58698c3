"""The quarterly access-review workflow's steps."""
