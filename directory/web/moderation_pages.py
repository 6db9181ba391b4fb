"""Moderation pages: "report this profile" on every published profile, the curators' reports
queue, and hide (with a reason the owners see) / unhide."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import STAFF_ROLES, require_staff
from directory.curation.moderation import reason_labels
from directory.errors import InvalidInput
from directory.i18n import gettext as _
from directory.profiles.public import profile_path
from directory.web.account_pages import notice
from directory.web.auth import client_ip, login_redirect, require_user, role_page_user
from directory.web.inquiry_pages import _kind
from directory.web.manage_pages import check_kind
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]


def _report_page(request: AnyRequest, profile: Any, values: dict[str, str],
                 errors: dict[str, str], status: int = 200) -> Response[str]:
    return html(request, "report_form.html", status=status, profile=profile, values=values,
                errors=errors, reasons=reason_labels())


@get(["/organisasi/{slug:str}/lapor", "/talenta/{slug:str}/lapor"], include_in_schema=False)
async def report_form(request: AnyRequest, slug: FromPath[str]) -> Response[Any]:
    profile = await request.app.state.services.profiles.get_public(_kind(request), slug)
    return _report_page(request, profile, {}, {})


@post(["/organisasi/{slug:str}/lapor", "/talenta/{slug:str}/lapor"], include_in_schema=False)
async def send_report(request: AnyRequest, slug: FromPath[str],
                      data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    kind = _kind(request)
    services = request.app.state.services
    try:
        await services.moderation.report(kind, slug, data, client_ip(request))
    except InvalidInput as exc:
        profile = await services.profiles.get_public(kind, slug)
        return _report_page(request, profile, data, {e.field: e.reason for e in exc.errors},
                            status=400)
    return notice(request, _("Laporan diterima"),
                  _("Terima kasih. Kurator kota akan memeriksa profil ini."),
                  link=(profile_path(kind, slug), _("Kembali ke profil")))


@get("/kurasi/laporan", include_in_schema=False)
async def reports_queue(request: AnyRequest) -> Response[Any]:
    if await role_page_user(request, STAFF_ROLES, _("Halaman ini hanya untuk kurator.")) is None:
        return login_redirect(request)
    moderation = request.app.state.services.moderation
    return html(request, "manage/reports.html", reports=await moderation.queue(),
                reasons=reason_labels(), errors={})


@post("/kurasi/laporan/{report_id:str}/abaikan", include_in_schema=False)
async def dismiss_report(request: AnyRequest, report_id: FromPath[str],
                         data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    user = await require_user(request)
    await request.app.state.services.moderation.dismiss(user, report_id, data.get("note", ""))
    return Redirect("/kurasi/laporan", status_code=303)


@post("/kurasi/profil/{kind:str}/{slug:str}/sembunyikan", include_in_schema=False)
async def hide(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
               data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    moderation = request.app.state.services.moderation
    require_staff(user)
    try:
        await moderation.hide(user, kind, slug, data.get("reason", ""))
    except InvalidInput as exc:
        return html(request, "manage/reports.html", status=400,
                    reports=await moderation.queue(), reasons=reason_labels(),
                    errors={f"{kind}/{slug}": exc.errors[0].reason}, values=data)
    return Redirect(data.get("next") if data.get("next", "").startswith("/kelola/")
                    else "/kurasi/laporan", status_code=303)


@post("/kurasi/profil/{kind:str}/{slug:str}/tampilkan", include_in_schema=False)
async def unhide(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.moderation.unhide(user, kind, slug)
    return Redirect(f"/kelola/{kind}/{slug}", status_code=303)


ROUTES = [report_form, send_report, reports_queue, dismiss_report, hide, unhide]
