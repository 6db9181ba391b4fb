"""The curators' desk: the start page with pending work per queue, and the verification, reports,
claims and duplicates queues as compact lists (search, sort, pages, bulk actions where safe).
Decisions are taken on each item's own page (verification_pages, moderation_pages, team_pages,
duplicate_pages); a bulk action decides each item alone (see directory.curation.desk)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from directory.accounts.service import now
from directory.context import Services
from directory.curation.desk import CuratorDesk, DeskPage, arrange
from directory.curation.duplicates import reason_labels as pair_reasons
from directory.curation.moderation import reason_labels
from directory.curation.verification import TABS, bulk_safe
from directory.errors import NotFound
from directory.web.auth import STAFF, CurrentUser
from directory.web.common import (
    AnyRequest,
    ServicesDep,
    check_kind,
    form_data,
    html,
    page_number,
)


def desk(services: Services) -> CuratorDesk:
    return CuratorDesk(services.verification, services.moderation, services.claims,
                       services.duplicates)


def _listing(request: AnyRequest, rows: list[Any]) -> DeskPage:
    params = request.query_params
    return arrange(rows, params.get("q") or "", params.get("sort") or "age",
                   params.get("arah") == "turun", page_number(params.get("page")))


@get("/kurasi", name="curation", guards=[STAFF], include_in_schema=False)
async def overview(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    summaries = await desk(services).overview()
    return html(request, "manage/desk.html", summaries=summaries, now=now(),
                links={"verification": "verification", "reports": "reports",
                       "claims": "claims", "duplicates": "duplicates"})


@get("/kurasi/verifikasi", name="verification", guards=[STAFF], include_in_schema=False)
async def verification_queue(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    tab = request.query_params.get("tab") or "antrean"
    tab = tab if tab in TABS else "antrean"
    counts = await services.verification.counts()
    rows = await services.verification.rows(tab)
    return html(request, "manage/verification.html", listing=_listing(request, rows), tab=tab,
                tabs=TABS, counts=counts, done=request.query_params.get("selesai"),
                bulk=request.query_params.dict(), months=services.verification.months,
                bulk_safe=bulk_safe)


@post("/kurasi/massal/verifikasi", name="verification_bulk", guards=[STAFF],
      include_in_schema=False)
async def verify_many(request: AnyRequest, services: ServicesDep, user: CurrentUser
                      ) -> Response[Any]:
    form = await form_data(request)
    done, skipped = await services.verification.verify_many(user, form.get("slug", []))
    return Redirect("/kurasi/verifikasi?" + urlencode(
        {"terverifikasi": len(done), "dilewati": len(skipped)}), status_code=303)


@get("/kurasi/laporan", name="reports", guards=[STAFF], include_in_schema=False)
async def reports_queue(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    rows = await desk(services).rows("reports")
    return html(request, "manage/reports.html", listing=_listing(request, rows),
                reasons=reason_labels(), dismissed=request.query_params.get("diabaikan"))


@post("/kurasi/massal/laporan", name="reports_bulk", guards=[STAFF], include_in_schema=False)
async def dismiss_many(request: AnyRequest, services: ServicesDep, user: CurrentUser
                       ) -> Response[Any]:
    form = await form_data(request)
    count = 0
    for report_id in dict.fromkeys(form.get("report", [])):
        try:
            await services.moderation.dismiss(user, report_id, "")
            count += 1
        except NotFound:  # decided meanwhile by someone else
            continue
    return Redirect(f"/kurasi/laporan?diabaikan={count}", status_code=303)


@get("/kurasi/klaim", name="claims", guards=[STAFF], include_in_schema=False)
async def claim_queue(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    rows = await desk(services).rows("claims")
    return html(request, "manage/claims.html", listing=_listing(request, rows))


@get("/kurasi/duplikat", name="duplicates", guards=[STAFF], include_in_schema=False)
async def duplicates(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    kind = request.query_params.get("jenis") or "organization"
    check_kind(kind)
    rows = await desk(services).rows("duplicates", kind)
    return html(request, "manage/duplicates.html", kind=kind, listing=_listing(request, rows),
                reasons=pair_reasons(), merged=request.query_params.get("digabung"),
                dismissed=request.query_params.get("bukan"))


@post("/kurasi/massal/duplikat/{kind:str}", name="duplicates_bulk", guards=[STAFF],
      include_in_schema=False)
async def not_duplicates(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                         kind: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    form = await form_data(request)
    count = 0
    for pair in dict.fromkeys(form.get("pair", [])):
        a, sep, b = pair.partition("|")
        if sep and a and b and a != b:
            await services.duplicates.dismiss(user, kind, a, b)
            count += 1
    return Redirect("/kurasi/duplikat?" + urlencode({"jenis": kind, "bukan": count}),
                    status_code=303)


ROUTES = [overview, verification_queue, verify_many, reports_queue, dismiss_many, claim_queue,
          duplicates, not_duplicates]
