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
from directory.web.common import AnyRequest, ServicesDep, field_errors, html


async def _item_page(request: AnyRequest, services: Services, slug: str, *, status: int = 200,
                     errors: dict[str, str] | None = None, values: dict[str, str] | None = None
                     ) -> Response[str]:
    return html(request, "manage/verification_item.html", status=status,
                item=await services.verification.item(slug), errors=errors or {},
                values=values or {}, months=services.verification.months,
                tab=(values or {}).get("tab") or request.query_params.get("tab") or "antrean")


@get("/kurasi/verifikasi/{slug:str}", name="verification_item", guards=[STAFF],
     include_in_schema=False)
async def verification_item(request: AnyRequest, services: ServicesDep, slug: FromPath[str]
                            ) -> Response[Any]:
    return await _item_page(request, services, slug)


@post("/kurasi/verifikasi/{slug:str}", name="verification_decide", guards=[STAFF],
      include_in_schema=False)
async def decide(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 slug: FromPath[str], data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    tab = data.get("tab", "")
    if tab not in TABS:
        tab = "antrean"
    try:
        await services.verification.decide(user, slug, data)
    except InvalidInput as exc:
        return await _item_page(request, services, slug, status=400, values=data,
                                errors=field_errors(exc.errors))
    return Redirect("/kurasi/verifikasi?" + urlencode({"tab": tab, "selesai": slug}),
                    status_code=303)


ROUTES = [verification_item, decide]
