"""The Auth function's routers, one module per concern."""
