"""Programmes, events and open calls: the public list and page, the curators' and organizers'
form, claims and applications, and the organizer's decisions. Thin adapters over
`ProgrammeService` and `Participations`."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from directory.accounts.service import User
from directory.errors import Forbidden, InvalidInput
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.profiles.linked_data import SCHEMA
from directory.programmes.service import parse_filters
from directory.programmes.shapes import ProgrammePublic, programme_path
from directory.programmes.validation import EVENT_KINDS, PROGRAMME_KINDS
from directory.web.auth import CurrentUser, Viewer
from directory.web.common import (
    AnyRequest,
    ServicesDep,
    field_errors,
    form_data,
    html,
)
from directory.web.seo import PageMeta, page_url


def _event(base_url: str, programme: ProgrammePublic, lang: str
           ) -> dict[str, Any]:  # JSON-LD (schema.org Event)
    """schema.org Event of a workshop, cohort, mission or expo (public fields only)."""
    organizer: dict[str, Any] = {"@type": "Organization", "name": programme.organizer.name}
    if programme.organizer.url:
        organizer["url"] = base_url + programme.organizer.url
    description = programme.description_en if lang == "en" and programme.description_en \
        else programme.description
    event = {"@context": SCHEMA, "@type": "Event", "name": programme.title,
             "startDate": programme.starts_on, "description": description,
             "url": page_url(base_url, programme.url, (), lang), "organizer": organizer,
             "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
             "location": {"@type": "Place", "name": "Kota Malang",
                          "address": {"@type": "PostalAddress", "addressLocality": "Kota Malang",
                                      "addressRegion": "Jawa Timur", "addressCountry": "ID"}}}
    if programme.ends_on:
        event["endDate"] = programme.ends_on
    return event


@get("/program", name="programmes", include_in_schema=False)
async def programme_list(request: AnyRequest, services: ServicesDep, viewer: Viewer
                         ) -> Response[Any]:
    params = {k: request.query_params.getall(k) for k in request.query_params}
    filters = parse_filters(params, strict=False)
    result = await services.programmes.listing(filters)
    pages = max(1, -(-result.total // result.per_page))
    query = [(k, str(v)) for k, v in (("kind", filters["kind"]),
                                      ("subsector", filters["subsector"]),
                                      ("year", filters["year"])) if v]
    if filters["page"] > 1:
        query.append(("page", str(filters["page"])))
    meta = PageMeta(title=_("Program, acara, dan panggilan terbuka") + " | "
                    + _("Direktori Kreatif Malang"),
                    description=_("Lokakarya, inkubasi, misi dagang, pameran, dan hibah bagi "
                                  "pelaku ekonomi kreatif Kota Malang."), query=query)
    may_create = viewer is not None and await services.programmes.may_create(viewer)
    return html(request, "programmes/list.html", result=result, filters=filters, pages=pages,
                KINDS=PROGRAMME_KINDS, may_create=may_create, meta=meta)


async def _page(request: AnyRequest, services: ServicesDep, viewer: User | None, slug: str,
                status: int = 200, **extra: Any) -> Response[Any]:
    programme = await services.programmes.get_public(slug)
    lang = current_language.get()
    base = services.settings.base_url
    json_ld = [_event(base, programme, lang)] if programme.kind in EVENT_KINDS else []
    meta = PageMeta(title=f"{programme.title} | {_('Direktori Kreatif Malang')}",
                    description=programme.description, json_ld=json_ld)
    mine, choices, may_run = [], [], False
    if viewer is not None:
        mine = await services.participations.mine(viewer, slug)
        choices = await services.editor.mine(viewer)
        may_run = await services.programmes.may_run(viewer, await services.programmes.stored(slug))
    context: dict[str, Any] = {"values": {}, "errors": {}, **extra}
    return html(request, "programmes/page.html", status=status, programme=programme, meta=meta,
                mine=mine, choices=choices, may_run=may_run, KINDS=PROGRAMME_KINDS, **context)


@get("/program/{slug:str}", name="programme", include_in_schema=False)
async def programme_page(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                         slug: FromPath[str]) -> Response[Any]:
    return await _page(request, services, viewer, slug)


async def _form(request: AnyRequest, services: ServicesDep, user: User, form: dict[str, Any],
                errors: dict[str, str], slug: str | None = None, status: int = 200
                ) -> Response[Any]:
    return html(request, "programmes/form.html", status=status, form=form, errors=errors,
                slug=slug, KINDS=PROGRAMME_KINDS, is_staff=user.is_staff,
                organizations=await services.programmes.owned_organizations(user))


@get("/program/baru", name="programme_new", include_in_schema=False)
async def new_form(request: AnyRequest, services: ServicesDep, user: CurrentUser
                   ) -> Response[Any]:
    if not await services.programmes.may_create(user):
        raise Forbidden(_("Hanya kurator dan pemilik organisasi yang dapat membuat program."))
    return await _form(request, services, user, {}, {})


@post("/program/baru", include_in_schema=False)
async def create(request: AnyRequest, services: ServicesDep, user: CurrentUser
                 ) -> Response[Any]:
    form = await form_data(request)
    try:
        slug = await services.programmes.create(user, form)
    except InvalidInput as exc:
        return await _form(request, services, user, form, field_errors(exc.errors), status=400)
    return Redirect(programme_path(slug), status_code=303)


@get("/program/{slug:str}/ubah", name="programme_edit", include_in_schema=False)
async def edit_form(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                    slug: FromPath[str]) -> Response[Any]:
    doc = await services.programmes.stored(slug)
    if not await services.programmes.may_run(user, doc):
        raise Forbidden(_("Hanya kurator dan pemilik organisasi penyelenggara yang dapat "
                          "mengubah program ini."))
    return await _form(request, services, user, services.programmes.form_of(doc), {}, slug)


@post("/program/{slug:str}/ubah", include_in_schema=False)
async def update(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 slug: FromPath[str]) -> Response[Any]:
    form = await form_data(request)
    try:
        await services.programmes.update(user, slug, form)
    except InvalidInput as exc:
        return await _form(request, services, user, form, field_errors(exc.errors), slug,
                           status=400)
    return Redirect(programme_path(slug), status_code=303)


@post("/program/{slug:str}/ikut", name="programme_claim", include_in_schema=False)
async def claim(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                slug: FromPath[str]) -> Response[Any]:
    form = await form_data(request)
    try:
        await services.participations.claim(user, slug, form)
    except InvalidInput as exc:
        return await _page(request, services, user, slug, status=400, values=form,
                           errors=field_errors(exc.errors))
    return Redirect(programme_path(slug) + "?klaim=1", status_code=303)


@get("/program/{slug:str}/daftar", name="programme_apply", include_in_schema=False)
async def apply_form(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                     slug: FromPath[str]) -> Response[Any]:
    return await _apply_page(request, services, user, slug, {}, {})


async def _apply_page(request: AnyRequest, services: ServicesDep, user: User, slug: str,
                      form: dict[str, Any], errors: dict[str, str], status: int = 200
                      ) -> Response[Any]:
    programme = await services.programmes.get_public(slug)
    owned = [p for p in await services.editor.mine(user) if p["role"] == "owner"]
    return html(request, "programmes/apply.html", status=status, programme=programme,
                form=form, errors=errors, choices=owned)


@post("/program/{slug:str}/daftar", include_in_schema=False)
async def apply(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                slug: FromPath[str]) -> Response[Any]:
    form = await form_data(request)
    try:
        await services.participations.apply(user, slug, form)
    except InvalidInput as exc:
        return await _apply_page(request, services, user, slug, form,
                                 field_errors(exc.errors), status=400)
    return Redirect(programme_path(slug) + "?daftar=1", status_code=303)


async def _manage_page(request: AnyRequest, services: ServicesDep, user: User, slug: str,
                       form: dict[str, Any], errors: dict[str, str], status: int = 200
                       ) -> Response[Any]:
    pending = await services.participations.pending(user, slug)  # the permission check
    programme = await services.programmes.get_public(slug)
    return html(request, "programmes/manage.html", status=status, programme=programme,
                pending=pending, form=form, errors=errors)


@get("/program/{slug:str}/pendaftar", name="programme_manage", include_in_schema=False)
async def manage(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 slug: FromPath[str]) -> Response[Any]:
    return await _manage_page(request, services, user, slug, {}, {})


@post("/program/{slug:str}/pendaftar/{participation:str}", name="programme_decide",
      include_in_schema=False)
async def decide(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 slug: FromPath[str], participation: FromPath[str]) -> Response[Any]:
    form = await form_data(request)
    decision = (form.get("decision") or [""])[0]
    try:
        await services.participations.decide(user, slug, participation, decision)
    except InvalidInput as exc:
        return await _manage_page(request, services, user, slug, {}, field_errors(exc.errors),
                                  status=400)
    return Redirect(f"{programme_path(slug)}/pendaftar", status_code=303)


@post("/program/{slug:str}/catat", name="programme_record", include_in_schema=False)
async def record(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 slug: FromPath[str]) -> Response[Any]:
    form = await form_data(request)
    kind = (form.get("participant_kind") or [""])[0].strip()
    profile = (form.get("participant") or [""])[0].strip()
    try:
        await services.participations.record(user, slug, kind, profile)
    except InvalidInput as exc:
        return await _manage_page(request, services, user, slug, form,
                                  field_errors(exc.errors), status=400)
    return Redirect(f"{programme_path(slug)}/pendaftar", status_code=303)


ROUTES = [programme_list, new_form, create, programme_page, edit_form, update, claim,
          apply_form, apply, manage, decide, record]
