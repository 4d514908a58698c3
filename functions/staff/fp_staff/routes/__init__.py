"""The Staff function's routers, one module per resource."""
