"""Response headers every answer carries (security), and fingerprinted static URLs so static
files can be cached for a year: a changed file gets a new `?v=` and browsers fetch it again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

STATIC_MAX_AGE = 365 * 24 * 3600
# No inline script anywhere (app.js is a file; JSON-LD blocks are data, not script). Inline
# style attributes remain in the SVG charts, hence 'unsafe-inline' for styles only.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"
# The API docs page loads Swagger UI from its CDN; it keeps Litestar's own headers.
OWN_POLICY = ("/schema",)


def on_start(send: Send, change: Callable[[HTTPResponseStartEvent], None]) -> Send:
    """`send` that lets `change` read or amend the answer's start (status, headers) — the one
    place the app's ASGI middlewares (metrics, security headers, request ids) hook in."""
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            change(message)
        await send(message)

    return sending


def secured(production: bool) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware: the security headers on every answer that does not set its own (HSTS only in
    production, which is only ever served over HTTPS)."""
    extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY.items()]
    if production:
        extra.append((b"strict-transport-security", HSTS.encode()))

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or scope["path"].startswith(OWN_POLICY):
                await app(scope, receive, send)
                return

            def add(message: HTTPResponseStartEvent) -> None:
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in extra if k not in present)]

            await app(scope, receive, on_start(send, add))

        return middleware

    return wrap


@lru_cache(maxsize=64)
def fingerprint(static_dir: Path, name: str) -> str:
    """`?v=<hash>` of a static file's content (read once per process)."""
    try:
        digest = hashlib.sha256((static_dir / name).read_bytes()).hexdigest()[:12]
    except OSError:
        return ""
    return f"?v={digest}"
