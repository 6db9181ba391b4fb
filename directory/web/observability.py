"""Request ids and structured logs.

Every answer carries `X-Request-ID` (the caller's, when it sent a sane one, else a new one), and
every log record written while serving that request carries it too, so an operator can follow
one request through the logs. In production logs are JSON lines (one object per record: time,
level, logger, message, request_id, and the exception when there is one); in development the
usual text. The access log is ours (`directory.access`: method, route template, status, time;
uvicorn's own, which prints the requested path and query, is off): log messages name routes,
statuses and exception types, never request bodies, paths, query strings or contact details
(tests/test_logs.py reads a served app's output).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseStartEvent, Receive, Scope, Send

from directory.web.headers import on_start

HEADER = b"x-request-id"
SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
request_id: ContextVar[str] = ContextVar("request_id", default="-")
ACCESS = logging.getLogger("directory.access")


def route_of(scope: Scope) -> str:
    """The matched route's template (`/organisasi/{slug}`), never the requested path."""
    return str(scope.get("path_template") or "unmatched")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage(),
                 "request_id": getattr(record, "request_id", "-")}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _OwnHandler(logging.StreamHandler):
    """The handler `configure_logging` adds to the root logger (found again, not added twice)."""


def configure_logging(production: bool) -> None:
    """The process's log format (called once by create_app; idempotent)."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _OwnHandler)), None)
    if handler is None:
        handler = _OwnHandler()
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
        for name in ("directory", "search"):  # our own records from INFO; others as they are
            logging.getLogger(name).setLevel(logging.INFO)
    handler.setFormatter(JsonFormatter() if production else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))


def with_request_id(app: ASGIApp) -> ASGIApp:
    """Middleware: the request's id in a context variable and in the `X-Request-ID` answer."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(HEADER, b"").decode("latin-1")
        ident = given if SANE.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(ident)

        def add(message: HTTPResponseStartEvent) -> None:
            message["headers"] = [*message.get("headers", []), (HEADER, ident.encode())]

        try:
            await app(scope, receive, on_start(send, add))
        finally:
            request_id.reset(token)

    return middleware
