"""AWS behind the backup workflow and the restore commands: DynamoDB tables and exports,
the backup bucket, and the backup catalogue in the data table."""
