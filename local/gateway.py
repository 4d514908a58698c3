"""An API Gateway (REST, v1 proxy) front for the template's routes, served on 127.0.0.1.

What it reproduces, because handlers and clients depend on it: the proxy event (path and query
parameters, single and multi-value headers, ``requestContext.identity.sourceIp``, request id,
base64 bodies for binary media types), the REQUEST authorizer run before each protected route
with its cached policy and context, the 10 MB payload and 29 s integration limits, CORS
preflights, and the template's own gateway responses for 401/403/404/413/429/502/504.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import sys
import time
import uuid
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from werkzeug.wrappers import Request, Response

from local.lambdas import FunctionError
from local.template import ACCOUNT_ID, REGION, Resolver

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway REST payload limit
INTEGRATION_TIMEOUT_SECONDS = 29.0  # API Gateway REST default integration timeout

# The status API Gateway gives each response type when the template sets none.
_DEFAULT_STATUS = {
    "UNAUTHORIZED": 401,
    "ACCESS_DENIED": 403,
    "MISSING_AUTHENTICATION_TOKEN": 403,
    "REQUEST_TOO_LARGE": 413,
    "THROTTLED": 429,
    "AUTHORIZER_FAILURE": 500,
    "AUTHORIZER_CONFIGURATION_ERROR": 500,
    "INTEGRATION_FAILURE": 504,
    "INTEGRATION_TIMEOUT": 504,
    "DEFAULT_4XX": 400,
    "DEFAULT_5XX": 500,
}
_FALLBACK_TYPE = {
    "AUTHORIZER_FAILURE": "DEFAULT_5XX",
    "AUTHORIZER_CONFIGURATION_ERROR": "DEFAULT_5XX",
}


class Invoker(Protocol):
    """What the front needs of the functions: run one event through one, by logical id."""

    def invoke(self, logical_id: str, event: Any) -> Any: ...


@dataclass(frozen=True)
class Route:
    method: str
    resource: str  # the template's path, e.g. /v1/users/{user_id}
    function: str  # logical id
    authorizer: str | None
    pattern: re.Pattern[str]

    @property
    def specificity(self) -> tuple[int, int]:
        # Literal segments beat parameters, parameters beat greedy ones, as in API Gateway.
        segments = self.resource.strip("/").split("/")
        literal = sum(1 for s in segments if not s.startswith("{"))
        greedy = sum(1 for s in segments if s.endswith("+}"))
        return (-greedy, literal)


def _compile(resource: str) -> re.Pattern[str]:
    parts = []
    for segment in resource.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("+}"):
            parts.append(f"(?P<{segment[1:-2]}>.+)")
        elif segment.startswith("{"):
            parts.append(f"(?P<{segment[1:-1]}>[^/]+)")
        else:
            parts.append(re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "$")


@dataclass(frozen=True)
class AuthorizerConfig:
    function: str
    headers: tuple[str, ...]
    context: tuple[str, ...]
    ttl_seconds: int


class RestApi:
    """The routes, authorizers and gateway responses of one ``AWS::Serverless::Api``."""

    def __init__(self, template: Mapping[str, Any], resolver: Resolver, api_id: str) -> None:
        spec = template["Resources"][api_id]["Properties"]
        self.api_id = api_id
        self.stage = str(resolver.resolve(spec.get("StageName", "Prod")))
        self.binary_media_types = tuple(spec.get("BinaryMediaTypes", []))
        auth = spec.get("Auth", {})
        self.default_authorizer: str | None = auth.get("DefaultAuthorizer")
        self.authorizers = {
            name: AuthorizerConfig(
                function=config["FunctionArn"]["Fn::GetAtt"][0],
                headers=tuple(config.get("Identity", {}).get("Headers", [])),
                context=tuple(config.get("Identity", {}).get("Context", [])),
                ttl_seconds=int(config.get("Identity", {}).get("ReauthorizeEvery", 300)),
            )
            for name, config in auth.get("Authorizers", {}).items()
        }
        self.gateway_responses: dict[str, Any] = resolver.resolve(spec.get("GatewayResponses", {}))
        self.cors: dict[str, str] = {
            key: str(value).strip("'")
            for key, value in resolver.resolve(spec.get("Cors", {})).items()
        }
        self.routes = sorted(
            self._routes(template, api_id), key=lambda r: r.specificity, reverse=True
        )

    def _routes(self, template: Mapping[str, Any], api_id: str) -> Iterable[Route]:
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            for event in resource["Properties"].get("Events", {}).values():
                properties = event.get("Properties", {})
                if event["Type"] != "Api" or properties.get("RestApiId") != {"Ref": api_id}:
                    continue
                authorizer = properties.get("Auth", {}).get("Authorizer", self.default_authorizer)
                yield Route(
                    method=properties["Method"].upper(),
                    resource=properties["Path"],
                    function=logical_id,
                    authorizer=None if authorizer == "NONE" else authorizer,
                    pattern=_compile(properties["Path"]),
                )

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method in (method, "ANY"):
                return route, found.groupdict()
        return None

    def path_exists(self, path: str) -> bool:
        return any(route.pattern.match(path) for route in self.routes)


@dataclass
class _CachedPolicy:
    expires: float
    principal_id: str
    statements: list[dict[str, Any]]
    context: dict[str, Any]


class _Refusal(Exception):
    def __init__(self, response_type: str) -> None:
        super().__init__(response_type)
        self.response_type = response_type


class Gateway:
    """The WSGI application behind the local front."""

    def __init__(self, api: RestApi, functions: Invoker) -> None:
        self.api = api
        self.functions = functions
        self._cache: dict[tuple[str, tuple[str, ...]], _CachedPolicy] = {}
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="integration")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        started = time.monotonic()
        response = self.handle(request)
        _access_log(request, response, started)
        return response(environ, start_response)

    # -- the request pipeline -----------------------------------------------------------

    def handle(self, request: Request) -> Response:
        request_id = str(uuid.uuid4())
        method, path = request.method.upper(), request.path
        if method == "OPTIONS" and self.api.cors and self.api.path_exists(path):
            return self._preflight()
        matched = self.api.match(method, path)
        if matched is None:
            return self._gateway_response("MISSING_AUTHENTICATION_TOKEN", request_id)
        route, path_parameters = matched
        body = request.get_data(cache=False)
        if len(body) > MAX_PAYLOAD_BYTES:
            return self._gateway_response("REQUEST_TOO_LARGE", request_id)
        event = self._proxy_event(request, route, path_parameters, body, request_id)
        if route.authorizer is not None:
            try:
                event["requestContext"]["authorizer"] = self._authorize(route, event)
            except _Refusal as refusal:
                return self._gateway_response(refusal.response_type, request_id)
        return self._integrate(route, event, request_id)

    def _proxy_event(
        self,
        request: Request,
        route: Route,
        path_parameters: dict[str, str],
        body: bytes,
        request_id: str,
    ) -> dict[str, Any]:
        headers = dict(request.headers.items())
        multi_headers: dict[str, list[str]] = {}
        for key, value in request.headers.items():
            multi_headers.setdefault(key, []).append(value)
        query = {key: values[-1] for key, values in request.args.lists()}
        multi_query = {key: list(values) for key, values in request.args.lists()}
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip()
        is_binary = any(fnmatch.fnmatch(content_type, t) for t in self.api.binary_media_types)
        text: str | None
        if not body:
            text, encoded = None, False
        elif is_binary:
            text, encoded = base64.b64encode(body).decode("ascii"), True
        else:
            try:
                text, encoded = body.decode("utf-8"), False
            except UnicodeDecodeError:
                text, encoded = base64.b64encode(body).decode("ascii"), True
        now = datetime.now(UTC)
        return {
            "resource": route.resource,
            "path": request.path,
            "httpMethod": request.method.upper(),
            "headers": headers or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": query or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": path_parameters or None,
            "stageVariables": None,
            "body": text,
            "isBase64Encoded": encoded,
            "requestContext": {
                "accountId": ACCOUNT_ID,
                "apiId": "local",
                "resourcePath": route.resource,
                "httpMethod": request.method.upper(),
                "path": f"/{self.api.stage}{request.path}",
                "stage": self.api.stage,
                "protocol": request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
                "requestId": request_id,
                "extendedRequestId": request_id,
                "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                "requestTimeEpoch": int(now.timestamp() * 1000),
                "domainName": request.host,
                "identity": {
                    "sourceIp": request.remote_addr or "127.0.0.1",
                    "userAgent": request.headers.get("User-Agent"),
                },
            },
        }

    def _method_arn(self, event: dict[str, Any]) -> str:
        return (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:local/{self.api.stage}/"
            f"{event['httpMethod']}{event['path']}"
        )

    def _authorize(self, route: Route, event: dict[str, Any]) -> dict[str, Any]:
        assert route.authorizer is not None
        config = self.api.authorizers[route.authorizer]
        lowered = {key.lower(): value for key, value in (event["headers"] or {}).items()}
        identity: list[str] = []
        for header in config.headers:
            value = lowered.get(header.lower())
            if not value:
                # API Gateway answers 401 without calling the authorizer.
                raise _Refusal("UNAUTHORIZED")
            identity.append(value)
        for path in config.context:
            value = event["requestContext"]
            for part in path.split("."):
                value = value.get(part, {}) if isinstance(value, dict) else {}
            identity.append(str(value))
        key = (route.authorizer, tuple(identity))
        method_arn = self._method_arn(event)
        cached = self._cache.get(key)
        if cached is None or cached.expires < time.monotonic():
            cached = self._call_authorizer(config, event, method_arn)
            if config.ttl_seconds > 0:
                self._cache[key] = cached
        if not _allows(cached.statements, method_arn):
            raise _Refusal("ACCESS_DENIED")
        return {**cached.context, "principalId": cached.principal_id}

    def _call_authorizer(
        self, config: AuthorizerConfig, event: dict[str, Any], method_arn: str
    ) -> _CachedPolicy:
        authorizer_event = {
            "type": "REQUEST",
            "methodArn": method_arn,
            **{
                key: event[key]
                for key in (
                    "resource",
                    "path",
                    "httpMethod",
                    "headers",
                    "multiValueHeaders",
                    "queryStringParameters",
                    "multiValueQueryStringParameters",
                    "pathParameters",
                    "stageVariables",
                    "requestContext",
                )
            },
        }
        try:
            result = self.functions.invoke(config.function, authorizer_event)
        except FunctionError as error:
            if error.message == "Unauthorized":
                raise _Refusal("UNAUTHORIZED") from error
            raise _Refusal("AUTHORIZER_FAILURE") from error
        try:
            statements = list(result["policyDocument"]["Statement"])
            principal_id = str(result["principalId"])
        except (KeyError, TypeError) as error:
            raise _Refusal("AUTHORIZER_CONFIGURATION_ERROR") from error
        context = result.get("context") or {}
        if any(isinstance(v, (dict, list)) for v in context.values()):
            # API Gateway accepts only string, number and boolean context values.
            raise _Refusal("AUTHORIZER_CONFIGURATION_ERROR")
        return _CachedPolicy(
            expires=time.monotonic() + config.ttl_seconds,
            principal_id=principal_id,
            statements=statements,
            context=context,
        )

    def _integrate(self, route: Route, event: dict[str, Any], request_id: str) -> Response:
        future = self._pool.submit(self.functions.invoke, route.function, event)
        try:
            result = future.result(timeout=INTEGRATION_TIMEOUT_SECONDS)
        except FutureTimeout:
            return self._gateway_response("INTEGRATION_TIMEOUT", request_id)
        except FunctionError:
            return self._gateway_response("DEFAULT_5XX", request_id, status=502)
        try:
            return self._proxy_response(result, request_id)
        except (KeyError, TypeError, ValueError):
            # A malformed proxy answer is a 502 in API Gateway too.
            return self._gateway_response("DEFAULT_5XX", request_id, status=502)

    @staticmethod
    def _proxy_response(result: dict[str, Any], request_id: str) -> Response:
        status = int(result["statusCode"])
        body = result.get("body") or ""
        payload = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
        response = Response(payload, status=status)
        response.headers.clear()
        for key, value in (result.get("headers") or {}).items():
            response.headers[key] = str(value)
        for key, values in (result.get("multiValueHeaders") or {}).items():
            response.headers.remove(key)
            for value in values:
                response.headers.add(key, str(value))
        response.headers["x-amzn-RequestId"] = request_id
        return response

    def _preflight(self) -> Response:
        response = Response(status=200)
        response.headers["Access-Control-Allow-Origin"] = self.api.cors.get("AllowOrigin", "")
        for key, header in (
            ("AllowHeaders", "Access-Control-Allow-Headers"),
            ("AllowMethods", "Access-Control-Allow-Methods"),
            ("MaxAge", "Access-Control-Max-Age"),
        ):
            if key in self.api.cors:
                response.headers[header] = self.api.cors[key]
        return response

    def _gateway_response(
        self, response_type: str, request_id: str, status: int | None = None
    ) -> Response:
        configured = self.api.gateway_responses.get(response_type)
        family = (
            "DEFAULT_5XX"
            if (status or _DEFAULT_STATUS.get(response_type, 500)) >= 500
            else "DEFAULT_4XX"
        )
        fallback = self.api.gateway_responses.get(_FALLBACK_TYPE.get(response_type, family), {})
        spec = configured or fallback
        code = int(spec.get("StatusCode", status or _DEFAULT_STATUS.get(response_type, 500)))
        template = spec.get("ResponseTemplates", {}).get(
            "application/json", '{"message": "' + response_type + '"}'
        )
        response = Response(
            template.replace("$context.requestId", request_id),
            status=code,
            content_type="application/json",
        )
        for header, value in spec.get("ResponseParameters", {}).get("Headers", {}).items():
            response.headers[header] = str(value).strip("'")
        response.headers["x-amzn-RequestId"] = request_id
        response.headers["x-amzn-ErrorType"] = response_type
        return response


def _allows(statements: list[dict[str, Any]], method_arn: str) -> bool:
    """IAM-style evaluation of an authorizer policy: an explicit Deny wins over any Allow."""

    def covers(statement: dict[str, Any]) -> bool:
        resources = statement.get("Resource", [])
        if isinstance(resources, str):
            resources = [resources]
        return any(fnmatch.fnmatchcase(method_arn, pattern) for pattern in resources)

    if any(s.get("Effect") == "Deny" and covers(s) for s in statements):
        return False
    return any(s.get("Effect") == "Allow" and covers(s) for s in statements)


def _access_log(request: Request, response: Response, started: float) -> None:
    """One JSON line a request, with the fields of the template's API access log."""
    line = {
        "log": "api_access",
        "requestId": response.headers.get("x-amzn-RequestId"),
        "ip": request.remote_addr,
        "httpMethod": request.method,
        "path": request.path,
        "status": response.status_code,
        "errorType": response.headers.get("x-amzn-ErrorType"),
        "latencyMs": round((time.monotonic() - started) * 1000, 1),
    }
    # One write of the whole line: worker processes share this output, and print's separate
    # write of the newline could let another process's line in between.
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
