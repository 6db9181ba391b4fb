"""Client inquiries: the form on every published profile, and the owners' inbox."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.errors import InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.inquiries import budget_labels, timeline_labels
from directory.profiles.public import profile_path
from directory.web.account_pages import notice, send_mail
from directory.web.auth import client_ip, current_user, login_redirect, require_user, role_page_user
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]
KIND_BY_SEGMENT = {"organisasi": "organization", "talenta": "talent"}


def _kind(request: AnyRequest) -> str:
    return KIND_BY_SEGMENT[request.url.path.split("/")[1]]


@post(["/organisasi/{slug:str}/pesan", "/talenta/{slug:str}/pesan"], include_in_schema=False)
async def send_inquiry(request: AnyRequest, slug: FromPath[str], data: URLEncodedBody[dict[str, str]]
                       ) -> Response[Any]:
    kind = _kind(request)
    services = request.app.state.services
    try:
        inquiry = await services.inquiries.submit(kind, slug, data, client_ip(request))
    except InvalidInput as exc:
        profile = await services.profiles.get_public(kind, slug)
        return html(request, "inquiry_form.html", status=400, profile=profile, values=data,
                    errors={e.field: e.reason for e in exc.errors},
                    budgets=budget_labels(), timelines=timeline_labels())
    if inquiry is not None:
        context = {"inquiry": inquiry, "budget": budget_labels()[inquiry["budget"]],
                   "timeline": timeline_labels()[inquiry["timeline"]]}
        recipients = await services.editor.owners_emails(kind, slug)
        if not recipients and inquiry.get("profile_contact_email"):
            recipients = [(inquiry["profile_contact_email"], "id")]  # unclaimed profile
        for address, lang in recipients:
            await send_mail(request, address, "inquiry_owner", lang=lang, **context)
        await send_mail(request, inquiry["email"], "inquiry_client", **context)
    return notice(request, _("Pesan terkirim"),
                  _("Terima kasih. Pesan Anda sudah kami teruskan; pemilik profil akan "
                    "membalas langsung ke email Anda. Konfirmasi dikirim ke email Anda."),
                  link=(profile_path(kind, slug), _("Kembali ke profil")))


@get(["/organisasi/{slug:str}/pesan", "/talenta/{slug:str}/pesan"], include_in_schema=False)
async def inquiry_form(request: AnyRequest, slug: FromPath[str]) -> Response[Any]:
    kind = _kind(request)
    profile = await request.app.state.services.profiles.get_public(kind, slug)
    return html(request, "inquiry_form.html", profile=profile, values={}, errors={},
                budgets=budget_labels(), timelines=timeline_labels())


@get("/akun/pesan", include_in_schema=False)
async def inbox(request: AnyRequest) -> Response[Any]:
    user = await current_user(request)
    if user is None:
        return login_redirect(request)
    services = request.app.state.services
    keys = [(p["kind"], p["slug"]) for p in await services.editor.mine(user)]
    return html(request, "account/inbox.html", inquiries=await services.inquiries.inbox(keys),
                budgets=budget_labels(), timelines=timeline_labels())


@post("/akun/pesan/{inquiry_id:str}/dibaca", include_in_schema=False)
async def mark_read(request: AnyRequest, inquiry_id: FromPath[str]) -> Response[Any]:
    user = await require_user(request)
    services = request.app.state.services
    keys = [(p["kind"], p["slug"]) for p in await services.editor.mine(user)]
    await services.inquiries.mark_read(inquiry_id, keys)
    return Redirect("/akun/pesan", status_code=303)


@get("/dev/surat", include_in_schema=False)
async def dev_mail(request: AnyRequest) -> Response[Any]:
    """Development only, admins only: the messages the embedded mail sink received (var/mail;
    they include password-reset links)."""
    settings = request.app.state.services.settings
    if settings.environment != "development" or settings.smtp_url != \
            f"smtp://127.0.0.1:{settings.embedded_smtp_port}":
        raise NotFound("page")
    if await role_page_user(request, ("admin",), _("Halaman ini hanya untuk admin.")) is None:
        return login_redirect(request)
    folder = Path(settings.var_dir) / "mail"
    messages = []
    for path in sorted(folder.glob("*.eml"), reverse=True)[:50]:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        messages.append({"to": message["To"], "subject": message["Subject"],
                         "date": path.name[:15],
                         "text": body.get_content() if body else ""})  # type: ignore[union-attr]
    return html(request, "dev_mail.html", messages=messages, folder=str(folder))


ROUTES = [send_inquiry, inquiry_form, inbox, mark_read, dev_mail]
