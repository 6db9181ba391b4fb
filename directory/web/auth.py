"""Who is calling and what they may open: the session cookie (pages) or a personal API token (the
API); the dependencies `CurrentUser` (signed in, else log-in), `Viewer` (maybe nobody),
`EditRole`/`ManageRole` (their role on the profile of the address, else 403); and the guards of
role-only areas and of profile-kind addresses.

Refusals are exceptions, mapped in one place (web/errors.py): not signed in → the log-in page
with `?next=` (pages) or 401 problem+json (API); the wrong role → 403."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NoReturn
from urllib.parse import quote

from litestar import Response
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency, Provide
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from directory.accounts.service import SESSION_DAYS, STAFF_ROLES, User
from directory.errors import Forbidden, NotFound, Unauthenticated
from directory.i18n import gettext as _
from directory.settings import Settings
from directory.web.common import (
    KINDS,
    AnyConnection,
    AnyRequest,
    ServicesDep,
    check_kind,
    services_of,
    use_request_language,
)

SESSION_COOKIE = "sid"
Guard = Callable[[AnyConnection, BaseRouteHandler], Awaitable[None]]


def client_ip(request: AnyConnection) -> str:
    return request.client.host if request.client else "unknown"


async def current_user(connection: AnyConnection) -> User | None:
    """The session's user (looked up once per request), or None."""
    state = connection.scope.setdefault("state", {})
    if "user" not in state:
        sid = connection.cookies.get(SESSION_COOKIE)
        state["user"] = await services_of(connection).accounts.session_user(sid)
    return state["user"]


async def require_user(connection: AnyConnection) -> User:
    user = await current_user(connection)
    if user is None:
        raise Unauthenticated("log in first")
    return user


async def api_user(request: AnyRequest) -> User:
    header = request.headers.get("authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Send a personal API token: 'Authorization: Bearer <token>'.")
    user = await services_of(request).accounts.token_user(token.strip())
    if user is None:
        raise Unauthenticated("The API token is unknown or has been revoked.")
    return user


def set_session(response: Response[Any], token: str, settings: Settings) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_DAYS * 24 * 3600, httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/")


def clear_session(response: Response[Any]) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def login_redirect(request: AnyRequest) -> Redirect:
    return Redirect(f"/akun/masuk?next={quote(request.url.path)}", status_code=303)


def safe_next(value: str | None, default: str = "/akun") -> str:
    """Only local paths: never redirect to another site after log-in."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


# Where each role works: a log-in without a `next` target lands there.
LANDINGS = {"analyst": "/analis", "curator": "/kurasi", "admin": "/admin/peran"}


def landing(user: User) -> str:
    return LANDINGS.get(user.role, "/akun")


# --- dependencies ---------------------------------------------------------------------------

CurrentUser = NamedDependency[User]
Viewer = NamedDependency[User | None]
EditRole = NamedDependency[str]
ManageRole = NamedDependency[str]


async def provide_user(request: AnyRequest) -> User:
    return await require_user(request)


async def provide_viewer(request: AnyRequest) -> User | None:
    return await current_user(request)


async def provide_edit_role(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                            slug: FromPath[str]) -> str:
    """'owner', 'editor' or 'curator' on /…/{kind}/{slug}; 403 for anyone else."""
    return await services.editor.require_edit(user, kind, slug)


async def provide_manage_role(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                              slug: FromPath[str]) -> str:
    """'owner' or 'curator' on /…/{kind}/{slug}; 403 for editors and anyone else."""
    return await services.editor.require_manage(user, kind, slug)


DEPENDENCIES = {
    "user": Provide(provide_user),
    "viewer": Provide(provide_viewer),
    "edit_role": Provide(provide_edit_role),
    "manage_role": Provide(provide_manage_role),
}


# --- guards ---------------------------------------------------------------------------------


async def _refuse(connection: AnyConnection, exc: Exception) -> NoReturn:
    """Litestar runs guards outside the request's clean-up: close the uploads the CSRF check
    already read from a multipart body (else their temporary files stay open), then refuse."""
    form = ScopeState.from_scope(connection.scope).form
    if form is not Empty:
        await FormMultiDict.from_form_data(form).close()
    raise exc


def role_guard(roles: tuple[str, ...], refusal: Callable[[], str]) -> Guard:
    """Only these roles: not signed in → log in; another role → 403 saying `refusal()`."""

    async def guard(connection: AnyConnection, _handler: BaseRouteHandler) -> None:
        use_request_language(connection)  # guards run before the before_request hook
        user = await current_user(connection)
        if user is None:
            await _refuse(connection, Unauthenticated("log in first"))
        elif user.role not in roles:
            await _refuse(connection, Forbidden(refusal()))

    return guard


def known_kind(*kinds: str) -> Guard:
    """404 for a …/{kind}/… address with an unknown (or unsupported) kind, before any log-in."""

    async def guard(connection: AnyConnection, _handler: BaseRouteHandler) -> None:
        try:
            check_kind(connection.path_params["kind"], kinds or KINDS)
        except NotFound as exc:
            await _refuse(connection, exc)

    return guard


STAFF = role_guard(STAFF_ROLES, lambda: _("Halaman ini hanya untuk kurator."))
ANALYSTS = role_guard(("analyst", "admin"), lambda: _("Halaman ini hanya untuk analis."))
ADMINS = role_guard(("admin",), lambda: _("Hanya admin yang dapat mengubah peran."))
