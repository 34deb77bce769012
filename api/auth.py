"""Who may use the API: bearer tokens from the settings, or, without tokens, this computer only.

Checked before FastAPI reads the request, so an unknown caller cannot make the server parse an upload. With
tokens configured every request needs one, loopback included. Without tokens only loopback clients are
served, also when the app binds to 0.0.0.0 to share the web page on the network: an API without a key never
answers another machine. (Behind a reverse proxy on the same host every caller looks like loopback: configure
tokens there.) The interactive docs and the OpenAPI schema hold no data and stay open.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response

LOCAL_ONLY = ("Zonder API-sleutel antwoordt de API alleen op deze computer (127.0.0.1). Stel API-sleutels in "
              "(BELEID_API__TOKENS of [api] tokens in beleid.toml) om ze vanop het netwerk te gebruiken.")
MISSING = "Geef een API-sleutel mee in de header: Authorization: Bearer <sleutel>."
INVALID = "Deze API-sleutel is niet geldig."


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.0.0.1)."""
    try:
        address = ipaddress.ip_address((host or "").split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def bearer_token(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class AccessGuard:
    """ASGI middleware in front of the API app."""

    def __init__(self, app: ASGIApp, tokens: Sequence[str], open_prefixes: Sequence[str]):
        self.app = app
        self.tokens = [token.encode() for token in tokens if token]
        self.open_prefixes = tuple(open_prefixes)

    def problem(self, scope: Scope) -> tuple[int, str, str] | None:
        """(status, code, message) when the caller may not use the API, else None."""
        if not self.tokens:
            client = scope.get("client")
            return None if client and is_loopback(client[0]) else (403, "api_local_only", LOCAL_ONLY)
        token = bearer_token(Headers(scope=scope))
        if token is None:
            return 401, "missing_token", MISSING
        valid = False
        for known in self.tokens:  # compare with every token, in constant time per token
            valid |= hmac.compare_digest(known, token.encode())
        return None if valid else (401, "invalid_token", INVALID)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.open_prefixes):
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope)
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, code, message = problem
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        await error_response(scope["path"], status, code, message, headers=headers)(scope, receive, send)
