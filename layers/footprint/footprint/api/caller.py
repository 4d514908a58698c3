"""The caller's address: what the tenant's IP allowlist, the audit log and the sign-in records
see, for the authorizer and the handlers alike.

Called directly, the API sees its caller as the TCP peer (``requestContext.identity.sourceIp``);
no header a client writes (X-Forwarded-For) is believed. The web application's CloudFront
distribution forwards ``/v1/*`` from its edge, so the peer is then CloudFront. The
distribution's viewer-request function writes the viewer's bare address into
``X-Footprint-Viewer-Ip`` (replacing any copy the viewer sent), and the distribution adds a
secret origin header it alone knows (``X-Footprint-Origin-Verify``, from the stack's generated
secret). The viewer's address is used only when that secret matches: a direct call carrying a
forged ``X-Footprint-Viewer-Ip`` keeps its own address here, and the WAF refuses it before it
arrives (template.yaml, ``ViewerAddressWithoutOrigin``). The bare address, rather than
CloudFront's own ``CloudFront-Viewer-Address`` (``address:port``), is what the WAF's per-viewer
sign-in count is documented to read.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Mapping

ORIGIN_SECRET_VARIABLE = "FOOTPRINT_ORIGIN_SECRET"  # noqa: S105 - the variable's name
ORIGIN_HEADER = "x-footprint-origin-verify"
VIEWER_IP_HEADER = "x-footprint-viewer-ip"


def caller_address(source_ip: str, headers: Mapping[str, str | None] | None) -> str:
    """The viewer's address when the request came through our CloudFront distribution (its
    secret origin header matches), else the connection's ``source_ip``."""
    lowered = {name.lower(): value or "" for name, value in (headers or {}).items()}
    secret = os.environ.get(ORIGIN_SECRET_VARIABLE, "")
    presented = lowered.get(ORIGIN_HEADER, "")
    if not secret or not hmac.compare_digest(presented.encode(), secret.encode()):
        return source_ip
    return _viewer_ip(lowered.get(VIEWER_IP_HEADER, "")) or source_ip


def _viewer_ip(value: str) -> str | None:
    """The address the distribution's function wrote (``203.0.113.7``, ``2001:db8::7``)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
