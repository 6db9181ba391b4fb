"""Client inquiries: the form on every published profile, and the owners' inbox."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.context import Services
from directory.errors import Forbidden, InvalidInput, NotFound
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.profiles.inquiries import (
    budget_groups,
    budget_labels,
    currency_labels,
    timeline_labels,
)
from directory.profiles.inquiry_shapes import SentInquiryPrivate
from directory.profiles.public import profile_path
from directory.stats import regions
from directory.web.auth import CurrentUser, Viewer, client_ip, login_redirect
from directory.web.common import (
    AnyRequest,
    ServicesDep,
    field_errors,
    html,
    kind_of_path,
    notice,
    send_mail,
)
from directory.web.review_pages import inbox_context

PATHS = ["/organisasi/{slug:str}/pesan", "/talenta/{slug:str}/pesan"]


class InquiryFormChoices(regions.OriginChoices):
    budget_groups: list[tuple[str, str, dict[str, str]]]  # (currency, label, {band: label})
    budgets: dict[str, str]
    currencies: dict[str, str]
    timelines: dict[str, str]


def form_choices() -> InquiryFormChoices:
    """The choices of the inquiry form (includes/inquiry_fields.html), in the page's language."""
    return {"budget_groups": budget_groups(), "budgets": budget_labels(),
            "currencies": currency_labels(), "timelines": timeline_labels(),
            **regions.form_choices(current_language.get())}


async def mail_inquiry(services: Services, inquiry: SentInquiryPrivate) -> None:
    """The emails of a stored inquiry: one to each of the profile's people in their language,
    with Reply-To the client; the client's confirmation in the language they used. Labels are
    looked up while each email renders (in its recipient's language), never passed in."""
    context: dict[str, Any] = {"inquiry": inquiry, "budget_labels": budget_labels,
                               "timeline_labels": timeline_labels}
    for address, lang in await services.inquiries.recipients(inquiry):
        await send_mail(services, address, "inquiry_owner", lang=lang,
                        reply_to=inquiry["email"], **context)
    await send_mail(services, inquiry["email"], "inquiry_client", lang=inquiry.get("lang"),
                    **context)


@post(PATHS, include_in_schema=False)
async def send_inquiry(request: AnyRequest, services: ServicesDep, slug: FromPath[str],
                       data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    kind = kind_of_path(request)
    try:
        inquiry = await services.inquiries.submit(kind, slug, data, client_ip(request))
    except InvalidInput as exc:
        profile = await services.profiles.get_public(kind, slug)
        return html(request, "inquiry_form.html", status=400, profile=profile, values=data,
                    errors=field_errors(exc.errors), **form_choices())
    if inquiry is not None:
        await mail_inquiry(services, inquiry)
    return notice(request, _("Pesan terkirim"),
                  _("Terima kasih. Pesan Anda sudah kami teruskan; pemilik profil akan "
                    "membalas langsung ke email Anda. Konfirmasi dikirim ke email Anda."),
                  link=(profile_path(kind, slug), _("Kembali ke profil")))


@get(PATHS, include_in_schema=False)
async def inquiry_form(request: AnyRequest, services: ServicesDep, slug: FromPath[str]
                       ) -> Response[Any]:
    profile = await services.profiles.get_public(kind_of_path(request), slug)
    return html(request, "inquiry_form.html", profile=profile, values={}, errors={},
                **form_choices())


@get("/akun/pesan", name="inbox", include_in_schema=False)
async def inbox(request: AnyRequest, services: ServicesDep, user: CurrentUser) -> Response[Any]:
    keys = [(p["kind"], p["slug"]) for p in await services.editor.mine(user)]
    inquiries = await services.inquiries.inbox(keys)
    return html(request, "account/inbox.html", inquiries=inquiries,
                budgets=budget_labels(), timelines=timeline_labels(),
                **await inbox_context(services, inquiries))


@post("/akun/pesan/{inquiry_id:str}/dibaca", name="inbox_read", include_in_schema=False)
async def mark_read(services: ServicesDep, user: CurrentUser, inquiry_id: FromPath[str]
                    ) -> Response[Any]:
    keys = [(p["kind"], p["slug"]) for p in await services.editor.mine(user)]
    await services.inquiries.mark_read(inquiry_id, keys)
    return Redirect("/akun/pesan", status_code=303)


@get("/dev/surat", include_in_schema=False)
async def dev_mail(request: AnyRequest, services: ServicesDep, viewer: Viewer
                   ) -> Response[Any]:
    """Development only, admins only: the messages the embedded mail sink received (var/mail;
    they include password-reset links)."""
    settings = services.settings
    if settings.environment != "development" or settings.smtp_url != \
            f"smtp://127.0.0.1:{settings.embedded_smtp_port}":
        raise NotFound("page")
    if viewer is None:
        return login_redirect(request)
    if viewer.role != "admin":
        raise Forbidden(_("Halaman ini hanya untuk admin."))
    folder = Path(settings.var_dir) / "mail"
    messages = []
    for path in sorted(folder.glob("*.eml"), reverse=True)[:50]:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        messages.append({"to": message["To"], "subject": message["Subject"],
                         "date": path.name[:15],
                         "text": body.get_content() if body else ""})
    return html(request, "dev_mail.html", messages=messages, folder=str(folder))


ROUTES = [send_inquiry, inquiry_form, inbox, mark_read, dev_mail]
