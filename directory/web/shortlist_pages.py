"""The shortlist pages: add/remove buttons (plain POST + redirect back, no JavaScript needed),
the list, compare (checkboxes + submit), a read-only shared link, and one inquiry to all.

Whose list: the account's when signed in, else the visitor's cookie (`VISITOR_COOKIE`, a random
id; created on the first add). A visitor's list met by a signed-in request is merged into the
account's (`who`), and the cookie is dropped by the next shortlist answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect

from directory.context import Services
from directory.errors import InvalidInput
from directory.hiring.shortlist import (
    MAX_COMPARE,
    MAX_ITEMS,
    VISITOR_DAYS,
    Key,
    ShortlistFull,
    comparison,
    key_text,
    new_visitor_id,
    parse_key,
    user_owner,
    visitor_owner,
)
from directory.hiring.shortlist_inquiry import inquire_all
from directory.i18n import gettext as _
from directory.web.auth import client_ip, current_user, safe_next
from directory.web.common import AnyRequest, ServicesDep, field_errors, html, services_of
from directory.web.inquiry_pages import form_choices, mail_inquiry
from directory.web.seo import PageMeta

VISITOR_COOKIE = "shortlist"
STATE_KEY = "shortlist_keys"


@dataclass
class Who:
    owner: str | None
    new_cookie: str | None = None  # a new visitor: set this cookie on the answer
    drop_cookie: bool = False  # the visitor's list was merged into the account's


async def who(request: AnyRequest, services: Services, create: bool = False) -> Who:
    user = await current_user(request)
    cookie = request.cookies.get(VISITOR_COOKIE)
    if user is not None:
        mine = user_owner(user.id)
        if cookie:
            await services.shortlists.merge(visitor_owner(cookie), mine)
        return Who(mine, drop_cookie=bool(cookie))
    if cookie:
        return Who(visitor_owner(cookie))
    if create:
        visitor = new_visitor_id()
        return Who(visitor_owner(visitor), new_cookie=visitor)
    return Who(None)


def _finish(response: Response[Any], whose: Who, services: Services) -> Response[Any]:
    if whose.new_cookie:
        response.set_cookie(VISITOR_COOKIE, whose.new_cookie, max_age=VISITOR_DAYS * 24 * 3600,
                            httponly=True, samesite="lax",
                            secure=services.settings.secure_cookies, path="/")
    elif whose.drop_cookie:
        response.delete_cookie(VISITOR_COOKIE, path="/")
    return response


async def remember_shortlist(request: AnyRequest) -> None:
    """Before a page: which profiles are on the caller's list (the header's count and each
    card's add/remove button read it from the request state)."""
    services = services_of(request)
    whose = await who(request, services)
    keys = await services.shortlists.keys(whose.owner)
    request.scope.setdefault("state", {})[STATE_KEY] = frozenset(key_text(*k) for k in keys)


def _profile(data: dict[str, str]) -> Key:
    """The profile a shortlist button names: `profile=kind:slug` (the results page's shared
    forms) or `kind` and `slug` fields."""
    return parse_key(data.get("profile", "")) or (data.get("kind", ""), data.get("slug", ""))


def _back(data: dict[str, str]) -> str:
    target = data.get("next", "")
    return safe_next(target) if target else "/daftar-pendek"


def _chosen(raw: list[str]) -> tuple[list[Key], dict[str, str]]:
    keys = [key for text in raw if (key := parse_key(text)) is not None]
    keys = list(dict.fromkeys(keys))
    if len(keys) != len(set(raw)):
        return keys, {"compare": _("Ada pilihan profil yang tidak dikenal.")}
    if len(keys) > MAX_COMPARE:
        return keys, {"compare": _("Pilih paling banyak %(n)s profil untuk dibandingkan.")
                      % {"n": MAX_COMPARE}}
    return keys, {}


async def _list_page(request: AnyRequest, services: Services, whose: Who, status: int = 200,
                     errors: dict[str, str] | None = None, chosen: list[Key] | None = None
                     ) -> Response[Any]:
    keys = await services.shortlists.keys(whose.owner)
    token = await services.shortlists.share_token(whose.owner)
    share_url = services.settings.base_url + f"/daftar-pendek/lihat/{token}" if token else None
    response = html(request, "shortlist/list.html", status=status,
                    profiles=await services.shortlists.public_profiles(keys),
                    share_url=share_url, errors=errors or {}, max_items=MAX_ITEMS,
                    max_compare=MAX_COMPARE,
                    chosen={key_text(*k) for k in (chosen or [])},
                    meta=PageMeta(_("Daftar pendek"), _("Profil yang Anda simpan untuk "
                                                        "dibandingkan."), robots="noindex"))
    return _finish(response, whose, services)


@get("/daftar-pendek", name="shortlist", include_in_schema=False)
async def shortlist_page(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    return await _list_page(request, services, await who(request, services))


@post("/daftar-pendek/tambah", name="shortlist_add", include_in_schema=False)
async def add(request: AnyRequest, services: ServicesDep,
              data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    whose = await who(request, services, create=True)
    assert whose.owner is not None
    try:
        await services.shortlists.add(whose.owner, *_profile(data))
    except ShortlistFull as exc:
        response = html(request, "account/notice.html", status=409,
                        title=_("Daftar pendek penuh"), message=str(exc),
                        link=("/daftar-pendek", _("Buka daftar pendek")))
        return _finish(response, whose, services)
    return _finish(Redirect(_back(data), status_code=303), whose, services)


@post("/daftar-pendek/hapus", name="shortlist_remove", include_in_schema=False)
async def remove(request: AnyRequest, services: ServicesDep,
                 data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    whose = await who(request, services)
    if whose.owner is not None:
        await services.shortlists.remove(whose.owner, *_profile(data))
    return _finish(Redirect(_back(data), status_code=303), whose, services)


@get("/daftar-pendek/bandingkan", name="shortlist_compare", include_in_schema=False)
async def compare(request: AnyRequest, services: ServicesDep,
                  p: FromQuery[list[str] | None] = None) -> Response[Any]:
    """The chosen profiles (`p=kind:slug`, at most MAX_COMPARE) side by side; none chosen:
    the first ones on the caller's list."""
    whose = await who(request, services)
    keys, errors = _chosen(p or [])
    if errors:
        return await _list_page(request, services, whose, 400, errors, keys)
    if not keys:
        keys = (await services.shortlists.keys(whose.owner))[:MAX_COMPARE]
    profiles = await services.shortlists.public_profiles(keys)
    response = html(request, "shortlist/compare.html", rows=comparison(profiles),
                    meta=PageMeta(_("Bandingkan profil"), _("Profil pilihan, berdampingan."),
                                  robots="noindex"))
    return _finish(response, whose, services)


@post("/daftar-pendek/tautan", name="shortlist_share", include_in_schema=False)
async def share(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    """A new read-only link; the previous one stops working."""
    whose = await who(request, services, create=True)
    assert whose.owner is not None
    await services.shortlists.share(whose.owner)
    return _finish(Redirect("/daftar-pendek#bagikan", status_code=303), whose, services)


@post("/daftar-pendek/tautan/hapus", name="shortlist_unshare", include_in_schema=False)
async def unshare(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    whose = await who(request, services)
    if whose.owner is not None:
        await services.shortlists.unshare(whose.owner)
    return _finish(Redirect("/daftar-pendek#bagikan", status_code=303), whose, services)


@get("/daftar-pendek/lihat/{token:str}", name="shortlist_shared", include_in_schema=False)
async def shared(request: AnyRequest, services: ServicesDep, token: FromPath[str]
                 ) -> Response[Any]:
    profiles = await services.shortlists.public_profiles(await services.shortlists.shared(token))
    return html(request, "shortlist/shared.html", profiles=profiles,
                rows=comparison(profiles[:MAX_COMPARE]),
                meta=PageMeta(_("Daftar pendek bersama"), _("Daftar pendek yang dibagikan."),
                              robots="noindex, nofollow"))


@get("/daftar-pendek/pesan", name="shortlist_inquiry", include_in_schema=False)
async def inquiry_form(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    whose = await who(request, services)
    profiles = await services.shortlists.public_profiles(
        await services.shortlists.keys(whose.owner))
    return _finish(html(request, "shortlist/inquiry.html", profiles=profiles, values={},
                        errors={}, **form_choices()), whose, services)


@post("/daftar-pendek/pesan", include_in_schema=False)
async def send_inquiries(request: AnyRequest, services: ServicesDep,
                         data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    whose = await who(request, services)
    keys = await services.shortlists.keys(whose.owner)
    try:
        outcome = await inquire_all(services.inquiries, services.profiles, keys, data,
                                    client_ip(request))
    except InvalidInput as exc:
        profiles = await services.shortlists.public_profiles(keys)
        return _finish(html(request, "shortlist/inquiry.html", status=400, profiles=profiles,
                            values=data, errors=field_errors(exc.errors), **form_choices()),
                       whose, services)
    for inquiry in outcome.sent if outcome else []:
        await mail_inquiry(services, inquiry)
    profiles = await services.shortlists.public_profiles(keys)
    sent = [] if outcome is None else [key_text(i["kind"], i["slug"]) for i in outcome.sent]
    return _finish(html(request, "shortlist/inquiry_done.html",
                        sent=[p for p in profiles if key_text(p.kind, p.slug) in sent]
                        if outcome else profiles,
                        skipped=outcome.skipped if outcome else []), whose, services)


ROUTES = [shortlist_page, add, remove, compare, share, unshare, shared, inquiry_form,
          send_inquiries]
