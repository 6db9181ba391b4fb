"""Admin and curator pages: grant and revoke roles (admins), the audit log with filters
(curators and admins)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory import audit
from directory.accounts.service import ROLES, STAFF_ROLES
from directory.errors import InvalidInput
from directory.i18n import gettext as _
from directory.web.auth import login_redirect, require_user, role_page_user
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]


async def _roles_page(request: AnyRequest, admin: Any, errors: dict[str, str] | None = None,
                      status: int = 200, changed: str | None = None) -> Response[str]:
    q = request.query_params.get("q", "")
    users = await request.app.state.services.accounts.find_users(q)
    return html(request, "manage/roles.html", status=status, users=users, roles=ROLES, q=q,
                errors=errors or {}, changed=changed, me=admin)


@get("/admin/peran", include_in_schema=False)
async def roles(request: AnyRequest) -> Response[Any]:
    user = await role_page_user(request, ("admin",), _("Hanya admin yang dapat mengubah peran."))
    if user is None:
        return login_redirect(request)
    return await _roles_page(request, user, changed=request.query_params.get("diubah"))


@post("/admin/peran/{user_id:str}", include_in_schema=False)
async def change_role(request: AnyRequest, user_id: FromPath[str],
                      data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    admin = await require_user(request)
    services = request.app.state.services
    role = data.get("role", "")
    try:
        target = await services.accounts.change_role(admin, user_id, role)
    except InvalidInput as exc:
        return await _roles_page(request, admin, status=400,
                                 errors={user_id: exc.errors[0].reason})
    await audit.record(services.profiles.db, admin, "role_changed",
                       f"{target.email}: {target.role} → {role}")
    return Redirect("/admin/peran?" + urlencode({"diubah": target.email}), status_code=303)


@get("/kurasi/audit", include_in_schema=False)
async def audit_log(request: AnyRequest) -> Response[Any]:
    if await role_page_user(request, STAFF_ROLES, _("Halaman ini hanya untuk kurator.")) is None:
        return login_redirect(request)
    params = request.query_params.dict()
    flat = {k: v[0] for k, v in params.items() if v}
    try:
        f = audit.parse_filter(flat)
    except InvalidInput as exc:
        return html(request, "manage/audit.html", status=400, result=None, values=flat,
                    errors={e.field: e.reason for e in exc.errors}, page_qs="")
    result = await audit.search(request.app.state.services.profiles.db, f)
    page_qs = urlencode({k: v for k, v in flat.items() if k != "page"})
    return html(request, "manage/audit.html", result=result, values=flat, errors={},
                page_qs=page_qs)


ROUTES = [roles, change_role, audit_log]
