"""Admin and curator pages: grant and revoke roles (admins), the audit log with filters
(curators and admins)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory import audit
from directory.accounts.service import ROLES, User
from directory.context import Services
from directory.errors import InvalidInput
from directory.web.auth import ADMINS, STAFF, CurrentUser
from directory.web.common import AnyRequest, ServicesDep, field_errors, html


async def _roles_page(request: AnyRequest, services: Services, admin: User,
                      errors: dict[str, str] | None = None, status: int = 200,
                      changed: str | None = None) -> Response[str]:
    q = request.query_params.get("q", "")
    users = await services.accounts.find_users(q)
    return html(request, "manage/roles.html", status=status, users=users, roles=ROLES, q=q,
                errors=errors or {}, changed=changed, me=admin)


@get("/admin/peran", name="roles", guards=[ADMINS], include_in_schema=False)
async def roles(request: AnyRequest, services: ServicesDep, user: CurrentUser) -> Response[Any]:
    return await _roles_page(request, services, user, changed=request.query_params.get("diubah"))


@post("/admin/peran/{user_id:str}", name="role_change", guards=[ADMINS], include_in_schema=False)
async def change_role(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                      user_id: FromPath[str], data: URLEncodedBody[dict[str, str]]
                      ) -> Response[Any]:
    try:  # the accounts service records the change in the audit log
        target = await services.accounts.change_role(user, user_id, data.get("role", ""))
    except InvalidInput as exc:
        return await _roles_page(request, services, user, status=400,
                                 errors={user_id: exc.errors[0].reason})
    return Redirect("/admin/peran?" + urlencode({"diubah": target.email}), status_code=303)


@get("/kurasi/audit", name="audit", guards=[STAFF], include_in_schema=False)
async def audit_log(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    params = request.query_params.dict()
    flat = {k: v[0] for k, v in params.items() if v}
    try:
        f = audit.parse_filter(flat)
    except InvalidInput as exc:
        return html(request, "manage/audit.html", status=400, result=None, values=flat,
                    errors=field_errors(exc.errors), page_qs="")
    result = await services.audit.search(f)
    page_qs = urlencode({k: v for k, v in flat.items() if k != "page"})
    undoable = await services.duplicates.undoable(  # merges that can still be undone
        [e["merge_id"] for e in result["entries"] if e.get("action") == "merged"
         and e.get("merge_id")])
    return html(request, "manage/audit.html", result=result, values=flat, errors={},
                page_qs=page_qs, undoable=undoable)


ROUTES = [roles, change_role, audit_log]
