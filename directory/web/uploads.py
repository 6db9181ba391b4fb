"""Uploads as people send them: a photo straight from a phone.

Each upload route sets its own body limit (Litestar's `request_max_body_size`). A body over it
is refused by the framework before any handler runs (the CSRF check reads multipart forms
first), which would answer with a bare English "413 Request Entity Too Large" page. Instead,
`too_large_in_page` answers with the route's own page and the translated message next to the
file field, like every other field error: the rest of the body is read and dropped first (a
browser that is still sending when the connection closes shows a network error, not the page),
and the page is drawn for the signed-in user with the same permission checks as the route.

`known_viewer` loads the signed-in user and the language before anything can refuse a request,
so that every error page (a refused CSRF token, a too-large body) keeps the header as it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Response
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from directory.i18n import gettext as _
from directory.profiles.media import MAX_BYTES, MAX_MB
from directory.web.auth import current_user
from directory.web.common import AnyRequest, use_request_language

# An image upload: the file and the few form fields around it.
IMAGE_BODY_LIMIT = MAX_BYTES + 256 * 1024
DRAIN_LIMIT = 64 * 1024 * 1024  # past this, the connection is simply closed
CSRF_COOKIE = "csrftoken"
NOT_PAGES = ("/api/", "/static/", "/healthz", "/livez", "/readyz", "/metrics", "/media/")

TooLargePage = Callable[[AnyRequest, str], Awaitable[Response[Any]]]


def too_large_message() -> str:
    return _("gambar maksimal %(n)d MB") % {"n": MAX_MB}


async def _drain(receive: Receive) -> None:
    received = 0
    while received <= DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            return
        received += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def too_large_in_page(page: TooLargePage) -> Callable[[ASGIApp], ASGIApp]:
    """Route middleware: a body over the route's limit gets `page(request, message)`."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                await app(scope, receive, send)
            except HTTPException as exc:
                if exc.status_code != 413:
                    raise
                await _drain(receive)
                request: AnyRequest = scope["litestar_app"].request_class(scope, receive)
                use_request_language(request)
                # The forms of the page need the token a GET would have given (the refused
                # body never reached the CSRF check, and nothing is written here).
                state = ScopeState.from_scope(scope)
                state.csrf_token = request.cookies.get(CSRF_COOKIE) or ""
                response = await page(request, too_large_message())
                await response.to_asgi_response(app=None, request=request)(scope, receive, send)

        return middleware

    return wrap


def known_viewer(app: ASGIApp) -> ASGIApp:
    """App middleware: the language and the signed-in user of a page request, before the CSRF
    check or a body limit can refuse it (error pages then show the header as it is)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and not scope["path"].startswith(NOT_PAGES):
            connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
            use_request_language(connection)
            await current_user(connection)
        await app(scope, receive, send)

    return middleware

