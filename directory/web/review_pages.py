"""Engagements and reviews: the firm's inbox actions (answered, taken on, the one reply), the
client's pages reached through the mailed link (confirm, done, review), reporting a review, and
the curators' moderation. Thin adapters over directory.hiring."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypedDict

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import User
from directory.context import Services
from directory.errors import InvalidInput
from directory.hiring.engagements import ClientAccess, state_labels
from directory.hiring.reviews import display_labels
from directory.hiring.shapes import EngagementPrivate, ReviewPrivate
from directory.i18n import gettext as _
from directory.profiles.inquiries import budget_labels, timeline_labels
from directory.profiles.inquiry_shapes import InquiryPrivate
from directory.profiles.public import profile_path
from directory.web.auth import STAFF, CurrentUser, Viewer, client_ip
from directory.web.common import AnyRequest, ServicesDep, field_errors, html, notice, send_mail

Form = URLEncodedBody[dict[str, str]]


async def _keys(services: Services, user: User) -> list[tuple[str, str]]:
    return [(p["kind"], p["slug"]) for p in await services.editor.mine(user)]


class InboxExtras(TypedDict):
    """What the firm's inbox shows beside each inquiry (its people only)."""

    engagements: dict[str, EngagementPrivate]  # by the inquiry's id
    reviews: dict[str, ReviewPrivate]  # by the engagement's id
    states: dict[str, str]
    reply_errors: dict[str, str]
    reply_values: dict[str, str]


async def inbox_context(services: Services, inquiries: list[InquiryPrivate]
                        ) -> InboxExtras:
    """What the firm's inbox shows beside each inquiry: its engagement and review."""
    engagements = await services.engagements.of_sources(
        "inquiry", [str(i["_id"]) for i in inquiries])
    reviews = await services.reviews.of_engagements([str(e["_id"])
                                                     for e in engagements.values()])
    return {"engagements": engagements, "reviews": reviews, "states": state_labels(),
            "reply_errors": {}, "reply_values": {}}


async def _inbox(request: AnyRequest, services: Services, user: User, status: int = 200,
                 **extra: Any) -> Response[str]:
    inquiries = await services.inquiries.inbox(await _keys(services, user))
    context = {**await inbox_context(services, inquiries), **extra}
    return html(request, "account/inbox.html", status=status, inquiries=inquiries,
                budgets=budget_labels(), timelines=timeline_labels(), **context)


@post("/akun/pesan/{inquiry_id:str}/dijawab", name="inbox_answered", include_in_schema=False)
async def mark_answered(services: ServicesDep, user: CurrentUser, inquiry_id: FromPath[str]
                        ) -> Response[Any]:
    await services.engagements.from_inquiry(inquiry_id, await _keys(services, user),
                                            "answered")
    return Redirect("/akun/pesan", status_code=303)


@post("/akun/pesan/{inquiry_id:str}/diterima", name="inbox_taken_on", include_in_schema=False)
async def take_on(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                  inquiry_id: FromPath[str]) -> Response[Any]:
    """The firm took the project on: the client gets the link to confirm (in their language)."""
    engagement, token = await services.engagements.from_inquiry(
        inquiry_id, await _keys(services, user), "taken_on")
    if token is not None:
        link = f"{services.settings.base_url}/keterlibatan/{engagement['_id']}?t={token}"
        if not await send_mail(services, engagement["client_email"], "engagement_confirm",
                               lang=engagement.get("client_lang", "id"), link=link,
                               profile_name=engagement["profile_name"]):
            return notice(request, _("Email tidak terkirim"),
                          _("Proyek sudah ditandai diterima, tetapi email konfirmasi ke klien "
                            "tidak dapat dikirim. Coba lagi nanti."), status=502,
                          link=("/akun/pesan", _("Kembali ke pesan masuk")))
    return Redirect("/akun/pesan", status_code=303)


@post("/akun/ulasan/{review_id:str}/balas", name="review_reply", include_in_schema=False)
async def reply(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                review_id: FromPath[str], data: Form) -> Response[Any]:
    try:
        await services.reviews.reply(user, review_id, data.get("reply", ""),
                                     services.editor.role)
    except InvalidInput as exc:
        return await _inbox(request, services, user, status=400,
                            reply_errors={review_id: field_errors(exc.errors)["reply"]},
                            reply_values={review_id: data.get("reply", "")})
    return Redirect("/akun/pesan", status_code=303)


# --- the client's side ---------------------------------------------------------------------


@get("/akun/proyek", name="my_engagements", include_in_schema=False)
async def my_engagements(request: AnyRequest, services: ServicesDep, user: CurrentUser
                         ) -> Response[str]:
    """The projects of a signed-in client (their verified address): no mailed link needed."""
    return html(request, "reviews/mine.html", states=state_labels(), verified=user.verified,
                engagements=await services.engagements.mine(user, []))


def _access(request: AnyRequest, viewer: User | None, form: dict[str, str] | None = None
            ) -> ClientAccess:
    token = (form or {}).get("t") or request.query_params.get("t")
    return ClientAccess(token=token or None, user=viewer)


async def _engagement_page(request: AnyRequest, services: Services, engagement_id: str,
                           access: ClientAccess) -> Response[str]:
    engagement = await services.engagements.as_client(engagement_id, access)
    reviews = await services.reviews.of_engagements([engagement_id])
    return html(request, "reviews/engagement.html", engagement=engagement,
                token=access.token or "", states=state_labels(),
                review=reviews.get(engagement_id),
                profile_url=profile_path(engagement["kind"], engagement["slug"]))


@get("/keterlibatan/{engagement_id:str}", name="engagement", include_in_schema=False)
async def engagement_page(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                          engagement_id: FromPath[str]) -> Response[str]:
    return await _engagement_page(request, services, engagement_id, _access(request, viewer))


@post("/keterlibatan/{engagement_id:str}/konfirmasi", name="engagement_confirm",
      include_in_schema=False)
async def confirm(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                  engagement_id: FromPath[str], data: Form) -> Response[str]:
    return await _client_step(request, services, viewer, engagement_id, data,
                              services.engagements.confirm)


@post("/keterlibatan/{engagement_id:str}/selesai", name="engagement_done",
      include_in_schema=False)
async def mark_done(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                    engagement_id: FromPath[str], data: Form) -> Response[str]:
    return await _client_step(request, services, viewer, engagement_id, data,
                              services.engagements.mark_done)


async def _client_step(request: AnyRequest, services: Services, viewer: User | None,
                       engagement_id: str, data: dict[str, str],
                       step: Callable[[str, ClientAccess], Awaitable[Any]]) -> Response[str]:
    """One of the client's steps (confirm, done), then the engagement's page again."""
    access = _access(request, viewer, data)
    await step(engagement_id, access)
    return await _engagement_page(request, services, engagement_id, access)


def _review_form(request: AnyRequest, engagement: EngagementPrivate, token: str,
                 values: dict[str, str], errors: dict[str, str], status: int = 200
                 ) -> Response[str]:
    return html(request, "reviews/review_form.html", status=status, engagement=engagement,
                token=token, values=values, errors=errors, displays=display_labels())


@get("/keterlibatan/{engagement_id:str}/ulasan", name="review_form", include_in_schema=False)
async def review_form(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                      engagement_id: FromPath[str]) -> Response[str]:
    access = _access(request, viewer)
    engagement = await services.reviews.may_review(engagement_id, access)
    values = {"name": engagement.get("client_name", ""), "display": "initial"}
    return _review_form(request, engagement, access.token or "", values, {})


@post("/keterlibatan/{engagement_id:str}/ulasan", include_in_schema=False)
async def review_submit(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                        engagement_id: FromPath[str], data: Form) -> Response[str]:
    access = _access(request, viewer, data)
    try:
        review = await services.reviews.create(engagement_id, access, data)
    except InvalidInput as exc:
        engagement = await services.engagements.as_client(engagement_id, access)
        return _review_form(request, engagement, access.token or "", data,
                            field_errors(exc.errors), status=400)
    return notice(request, _("Terima kasih atas ulasan Anda"),
                  _("Ulasan Anda sudah terbit di profil."),
                  link=(profile_path(review.kind, review.slug), _("Lihat profil")))


# --- reports and moderation ----------------------------------------------------------------


@get("/ulasan/{review_id:str}/laporkan", name="review_report", include_in_schema=False)
async def report_form(request: AnyRequest, review_id: FromPath[str]) -> Response[str]:
    return html(request, "reviews/report_form.html", review_id=review_id, values={},
                errors={})


@post("/ulasan/{review_id:str}/laporkan", include_in_schema=False)
async def report(request: AnyRequest, services: ServicesDep, review_id: FromPath[str],
                 data: Form) -> Response[str]:
    try:
        await services.reviews.report(review_id, data.get("reason", ""), client_ip(request))
    except InvalidInput as exc:
        return html(request, "reviews/report_form.html", status=400, review_id=review_id,
                    values=data, errors=field_errors(exc.errors))
    return notice(request, _("Laporan terkirim"),
                  _("Terima kasih. Kurator akan memeriksa ulasan ini."))


@get("/kurasi/ulasan", name="review_moderation", guards=[STAFF], include_in_schema=False)
async def moderation(request: AnyRequest, services: ServicesDep) -> Response[str]:
    return html(request, "reviews/moderation.html", reviews=await services.reviews.reported(),
                errors={}, values={})


@post("/kurasi/ulasan/{review_id:str}/sembunyikan", name="review_hide", guards=[STAFF],
      include_in_schema=False)
async def hide(request: AnyRequest, services: ServicesDep, user: CurrentUser,
               review_id: FromPath[str], data: Form) -> Response[Any]:
    try:
        await services.reviews.hide(user, review_id, data.get("reason", ""))
    except InvalidInput as exc:
        return html(request, "reviews/moderation.html", status=400,
                    reviews=await services.reviews.reported(),
                    errors={review_id: field_errors(exc.errors)["reason"]},
                    values={review_id: data.get("reason", "")})
    return Redirect("/kurasi/ulasan", status_code=303)


ROUTES = [my_engagements, mark_answered, take_on, reply, engagement_page, confirm, mark_done,
          review_form, review_submit, report_form, report, moderation, hide]
