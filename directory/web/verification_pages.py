"""The curators' verification queue: what to check for each unverified organization, and the
verify / reject decision with a note (see directory.curation.verification)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import STAFF_ROLES, require_staff
from directory.curation.verification import TABS
from directory.errors import InvalidInput
from directory.i18n import gettext as _
from directory.web.auth import login_redirect, require_user, role_page_user
from directory.web.pages import html, page_number

AnyRequest = Request[Any, Any, Any]


async def _queue_page(request: AnyRequest, tab: str, page: int, *, status: int = 200,
                      errors: dict[str, dict[str, str]] | None = None,
                      values: dict[str, str] | None = None, done: str | None = None
                      ) -> Response[str]:
    verification = request.app.state.services.verification
    queue = await verification.queue(tab, page)
    return html(request, "manage/verification.html", status=status, queue=queue, tabs=TABS,
                errors=errors or {}, values=values or {}, done=done,
                months=verification.months)


@get("/kurasi/verifikasi", include_in_schema=False)
async def verification_queue(request: AnyRequest) -> Response[Any]:
    if await role_page_user(request, STAFF_ROLES, _("Halaman ini hanya untuk kurator.")) is None:
        return login_redirect(request)
    tab = request.query_params.get("tab") or "antrean"
    if tab not in TABS:
        tab = "antrean"
    return await _queue_page(request, tab, page_number(request.query_params.get("page")),
                             done=request.query_params.get("selesai"))


@post("/kurasi/verifikasi/{slug:str}", include_in_schema=False)
async def decide(request: AnyRequest, slug: FromPath[str],
                 data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    user = await require_user(request)
    verification = request.app.state.services.verification
    require_staff(user)
    tab = data.get("tab") if data.get("tab") in TABS else "antrean"
    page = page_number(data.get("page"))
    try:
        await verification.decide(user, slug, data)
    except InvalidInput as exc:
        return await _queue_page(request, tab, page, status=400, values=data,
                                 errors={slug: {e.field: e.reason for e in exc.errors}})
    return Redirect("/kurasi/verifikasi?" + urlencode({"tab": tab, "page": page,
                                                      "selesai": slug}), status_code=303)


ROUTES = [verification_queue, decide]
