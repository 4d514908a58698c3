"""The Uploads function's routers: taking a file in, following uploads, recalculating."""
