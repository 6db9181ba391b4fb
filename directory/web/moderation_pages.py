"""Moderation pages: "report this profile" on every published profile, the curators' reports
queue, and hide (with a reason the owners see) / unhide."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.curation.moderation import reason_labels
from directory.curation.shapes import ReportPrivate
from directory.errors import InvalidInput
from directory.i18n import gettext as _
from directory.profiles.public import profile_path
from directory.web.auth import STAFF, CurrentUser, client_ip, known_kind
from directory.web.common import (
    AnyRequest,
    ServicesDep,
    field_errors,
    html,
    kind_of_path,
    notice,
)

PATHS = ["/organisasi/{slug:str}/lapor", "/talenta/{slug:str}/lapor"]
PROFILE = [known_kind(), STAFF]


def _report_page(request: AnyRequest, profile: Any, values: dict[str, str],
                 errors: dict[str, str], status: int = 200) -> Response[str]:
    return html(request, "report_form.html", status=status, profile=profile, values=values,
                errors=errors, reasons=reason_labels())


@get(PATHS, include_in_schema=False)
async def report_form(request: AnyRequest, services: ServicesDep, slug: FromPath[str]
                      ) -> Response[Any]:
    profile = await services.profiles.get_public(kind_of_path(request), slug)
    return _report_page(request, profile, {}, {})


@post(PATHS, include_in_schema=False)
async def send_report(request: AnyRequest, services: ServicesDep, slug: FromPath[str],
                      data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    kind = kind_of_path(request)
    try:
        await services.moderation.report(kind, slug, data, client_ip(request))
    except InvalidInput as exc:
        profile = await services.profiles.get_public(kind, slug)
        return _report_page(request, profile, data, field_errors(exc.errors), status=400)
    return notice(request, _("Laporan diterima"),
                  _("Terima kasih. Kurator kota akan memeriksa profil ini."),
                  link=(profile_path(kind, slug), _("Kembali ke profil")))


def _report_item(request: AnyRequest, report: ReportPrivate, status: int = 200,
                 errors: dict[str, str] | None = None, values: dict[str, str] | None = None
                 ) -> Response[str]:
    return html(request, "manage/report_item.html", status=status, r=report,
                reasons=reason_labels(), errors=errors or {}, values=values or {})


@get("/kurasi/laporan/{report_id:str}", name="report_item", guards=[STAFF],
     include_in_schema=False)
async def report_item(request: AnyRequest, services: ServicesDep, report_id: FromPath[str]
                      ) -> Response[Any]:
    return _report_item(request, await services.moderation.open_report(report_id))


@post("/kurasi/laporan/{report_id:str}/abaikan", name="report_dismiss", guards=[STAFF],
      include_in_schema=False)
async def dismiss_report(services: ServicesDep, user: CurrentUser, report_id: FromPath[str],
                         data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    await services.moderation.dismiss(user, report_id, data.get("note", ""))
    return Redirect("/kurasi/laporan?diabaikan=1", status_code=303)


@post("/kurasi/profil/{kind:str}/{slug:str}/sembunyikan", name="profile_hide", guards=PROFILE,
      include_in_schema=False)
async def hide(request: AnyRequest, services: ServicesDep, user: CurrentUser,
               kind: FromPath[str], slug: FromPath[str], data: URLEncodedBody[dict[str, str]]
               ) -> Response[Any]:
    try:
        await services.moderation.hide(user, kind, slug, data.get("reason", ""))
    except InvalidInput as exc:
        if data.get("report"):  # from the report's own page: back to it, the message beside
            return _report_item(request, await services.moderation.open_report(data["report"]),
                                400, field_errors(exc.errors), data)
        return notice(request, _("Profil belum disembunyikan"), exc.errors[0].reason,
                      status=400, link=(f"/kelola/{kind}/{slug}", _("Kembali ke profil")))
    next_path = data.get("next", "")  # back to the edit page it was hidden from
    return Redirect(next_path if next_path.startswith("/kelola/") else "/kurasi/laporan",
                    status_code=303)


@post("/kurasi/profil/{kind:str}/{slug:str}/tampilkan", name="profile_unhide", guards=PROFILE,
      include_in_schema=False)
async def unhide(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                 slug: FromPath[str]) -> Response[Any]:
    await services.moderation.unhide(user, kind, slug)
    return Redirect(f"/kelola/{kind}/{slug}", status_code=303)


ROUTES = [report_form, send_report, report_item, dismiss_report, hide, unhide]
