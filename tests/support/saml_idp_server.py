"""The tests' SAML IdP (``tests.support.saml_idp``) served over HTTPS on 127.0.0.1, for a
browser to visit: the sign-on page an SP-initiated request arrives at (by HTTP-Redirect or
HTTP-POST, as each tenant's metadata says), and a start page for IdP-initiated sign-in.

Each page shows the person's e-mail and a button; pressing it posts a signed response to the
tenant's ACS, as a real IdP's page does after its own sign-in. The certificate is
self-signed: the browser tests' context accepts it.
"""

from __future__ import annotations

import html
import ssl
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

from tests.support.saml_idp import SamlIdp, make_key_and_certificate


@dataclass(frozen=True)
class ServedIdp:
    """One tenant's IdP: where its responses go, for whom."""

    idp: SamlIdp
    binding: str
    acs_url: str
    sp_entity_id: str
    email: str


class IdpServer:
    """Serves ``/<name>/sso`` (sign-on) and ``/<name>/start?relay_state=`` (IdP-initiated)."""

    def __init__(self, directory: Path) -> None:
        key_file, cert_file = make_key_and_certificate(directory / "tls", "127.0.0.1")
        self.idps: dict[str, ServedIdp] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, name="test-idp", daemon=True).start()

    def sso_url(self, name: str) -> str:
        return f"{self.url}/{name}/sso"

    def add(self, name: str, served: ServedIdp) -> None:
        self.idps[name] = served

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def page(self, name: str, request_id: str | None, relay_state: str | None) -> str:
        """The IdP's page: who is signing in, and the form that posts the response."""
        served = self.idps[name]
        response = served.idp.response(
            sp_entity_id=served.sp_entity_id,
            destination=served.acs_url,
            email=served.email,
            in_response_to=request_id,
        )
        fields = {"SAMLResponse": response, **({"RelayState": relay_state} if relay_state else {})}
        inputs = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
            for name, value in fields.items()
        )
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title>'
            f'</head><body><main><h1>Test IdP</h1><form method="post" '
            f'action="{html.escape(served.acs_url)}">{inputs}<button type="submit">'
            f"Continue as {html.escape(served.email)}</button></form></main></body></html>"
        )


def _handler(server: IdpServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            name, _, action = parts.path.strip("/").partition("/")
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            if name not in server.idps:
                self._answer(404, "no such IdP")
            elif action == "start":
                self._answer(200, server.page(name, None, query.get("relay_state")))
            elif action == "sso" and server.idps[name].binding == BINDING_HTTP_REDIRECT:
                self._sign_on(name, query, BINDING_HTTP_REDIRECT)
            else:
                self._answer(405, "not by this binding")

        def do_POST(self) -> None:
            name = urlsplit(self.path).path.strip("/").partition("/")[0]
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode("ascii"))
            query = {key: values[0] for key, values in form.items()}
            if name in server.idps and server.idps[name].binding == BINDING_HTTP_POST:
                self._sign_on(name, query, BINDING_HTTP_POST)
            else:
                self._answer(405, "not by this binding")

        def _sign_on(self, name: str, query: dict[str, str], binding: str) -> None:
            request = server.idps[name].idp.server.parse_authn_request(
                query["SAMLRequest"], binding
            )
            self._answer(200, server.page(name, request.message.id, query.get("RelayState")))

        def _answer(self, status: int, body: str) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test run's output is the browser tests'; the IdP keeps quiet

    return Handler
