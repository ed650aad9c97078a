"""What every response of the web app gets, errors included: the security headers, and an error
in the kind of the page asked for (JSON under `/api`, an HTML page for people), never a plain-text
traceback page.

`Guard` is plain ASGI middleware, outside every other layer but Starlette's last-resort one: it
refuses a request that does not name this server (`Host`, so that a web page elsewhere cannot read
the archive through a rebound DNS name); it adds the headers as a response starts, so a 400, 404,
422 or 500 carries the same Content-Security-Policy, nosniff and X-Frame-Options as a normal page;
and it answers an exception that escaped the app itself (a 500 in the page's kind), where Starlette
would answer in plain text without them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)
INTERNAL_ERROR = "internal error: the request could not be answered (the server's log has the details)"
LOG = logging.getLogger("congvan.web")


def wants_json(path: str) -> bool:
    """Whether an error at `path` is answered in JSON (the API, the feed, downloads) or as a page."""
    return path.startswith("/api/") or path == "/openapi.json" or path.endswith((".ics", "/file"))


def host_name(host_header: str) -> str:
    """`example.org` of `example.org:8000`; `[::1]` of `[::1]:8000`."""
    if host_header.startswith("["):
        return host_header[:host_header.find("]") + 1]
    return host_header.split(":")[0]


class Guard:
    """ASGI middleware: only the `hosts` named (`*`: any), the security headers on every
    response, an escaped exception as a 500; errors rendered by `render_error(request, status, detail)`."""

    def __init__(self, app: ASGIApp, render_error: Callable[[Request, int, str], Response],
                 hosts: tuple[str, ...] = ("*",)):
        self.app = app
        self.render_error = render_error
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":   # lifespan; the app has no websockets
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        if "*" not in self.hosts:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if host_name(host).lower() not in self.hosts:
                response = self.render_error(Request(scope), 400, "this server does not answer to that host name")
                await response(scope, receive, send_secured)
                return
        try:
            await self.app(scope, receive, send_secured)
        except Exception:
            LOG.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:   # half an answer is out: all that is left is to drop the connection
                raise
            response = self.render_error(Request(scope), 500, INTERNAL_ERROR)
            await response(scope, receive, send_secured)
