"""The Users function's routers, one module per resource."""
