"""Who is calling: the session cookie (pages) or a personal API token (the API)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Redirect

from directory.accounts.service import SESSION_DAYS, User
from directory.errors import Forbidden, Unauthenticated
from directory.settings import Settings

SESSION_COOKIE = "sid"
AnyRequest = Request[Any, Any, Any]


def client_ip(request: AnyRequest) -> str:
    return request.client.host if request.client else "unknown"


async def current_user(request: AnyRequest) -> User | None:
    if "user" not in request.scope.setdefault("state", {}):
        services = request.app.state.services
        user = await services.accounts.session_user(request.cookies.get(SESSION_COOKIE))
        request.scope["state"]["user"] = user
    return request.scope["state"]["user"]  # type: ignore[no-any-return]


async def require_user(request: AnyRequest) -> User:
    user = await current_user(request)
    if user is None:
        raise Unauthenticated("log in first")
    return user


async def api_user(request: AnyRequest) -> User:
    header = request.headers.get("authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Send a personal API token: 'Authorization: Bearer <token>'.")
    user = await request.app.state.services.accounts.token_user(token.strip())
    if user is None:
        raise Unauthenticated("The API token is unknown or has been revoked.")
    return user  # type: ignore[no-any-return]


def set_session(response: Response[Any], token: str, settings: Settings) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_DAYS * 24 * 3600, httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/")


def clear_session(response: Response[Any]) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


async def role_page_user(request: AnyRequest, roles: tuple[str, ...], refusal: str
                         ) -> User | None:
    """The signed-in user of a role-only page; None when nobody is signed in (answer with
    `login_redirect`), Forbidden with `refusal` for any other role."""
    user = await current_user(request)
    if user is not None and user.role not in roles:
        raise Forbidden(refusal)
    return user


def login_redirect(request: AnyRequest) -> Redirect:
    from urllib.parse import quote
    return Redirect(f"/akun/masuk?next={quote(request.url.path)}", status_code=303)


def safe_next(value: str | None) -> str:
    """Only local paths: never redirect to another site after log-in."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/akun"
