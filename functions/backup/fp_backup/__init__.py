"""The daily backup workflow's steps (statemachines/backup.asl.json)."""
