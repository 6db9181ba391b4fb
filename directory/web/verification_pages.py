"""The curators' verification queue: what to check for each unverified organization, and the
verify / reject decision with a note (see directory.curation.verification)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.context import Services
from directory.curation.verification import TABS
from directory.errors import InvalidInput
from directory.web.auth import STAFF, CurrentUser
from directory.web.common import AnyRequest, ServicesDep, field_errors, html, page_number


async def _queue_page(request: AnyRequest, services: Services, tab: str, page: int, *,
                      status: int = 200, errors: dict[str, dict[str, str]] | None = None,
                      values: dict[str, str] | None = None, done: str | None = None
                      ) -> Response[str]:
    verification = services.verification
    queue = await verification.queue(tab, page)
    return html(request, "manage/verification.html", status=status, queue=queue, tabs=TABS,
                errors=errors or {}, values=values or {}, done=done,
                months=verification.months)


@get("/kurasi/verifikasi", name="verification", guards=[STAFF], include_in_schema=False)
async def verification_queue(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    tab = request.query_params.get("tab") or "antrean"
    if tab not in TABS:
        tab = "antrean"
    return await _queue_page(request, services, tab,
                             page_number(request.query_params.get("page")),
                             done=request.query_params.get("selesai"))


@post("/kurasi/verifikasi/{slug:str}", name="verification_decide", guards=[STAFF],
      include_in_schema=False)
async def decide(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 slug: FromPath[str], data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    tab = data.get("tab", "")
    if tab not in TABS:
        tab = "antrean"
    page = page_number(data.get("page"))
    try:
        await services.verification.decide(user, slug, data)
    except InvalidInput as exc:
        return await _queue_page(request, services, tab, page, status=400, values=data,
                                 errors={slug: field_errors(exc.errors)})
    return Redirect("/kurasi/verifikasi?" + urlencode({"tab": tab, "page": page,
                                                      "selesai": slug}), status_code=303)


ROUTES = [verification_queue, decide]
