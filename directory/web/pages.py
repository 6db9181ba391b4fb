"""Server-rendered pages: thin adapters over the profile and search services."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import User
from directory.context import Services
from directory.errors import InvalidInput, NotFound
from directory.i18n import current_language
from directory.profiles.public import OrganizationPublic, TalentPublic, profile_path
from directory.web.auth import Viewer
from directory.web.common import AnyRequest, ServicesDep, field_errors, html
from directory.web.page_meta import home_meta, profile_meta, search_meta
from search.query import MAX_QUERY_LENGTH, SearchParams, parse_search_params


async def _manage_role(services: Services, viewer: User | None, kind: str, slug: str
                       ) -> str | None:
    """Whether the profile page offers "manage this profile" (and as whom)."""
    if viewer is None:
        return None
    if viewer.is_staff:
        return "curator"
    return await services.editor.role(viewer, kind, slug)


@get("/", name="home", include_in_schema=False)
async def home(request: AnyRequest, services: ServicesDep) -> Response[str]:
    counts = await services.profiles.counts()
    overview = await services.searcher.search(SearchParams(per_page=1))
    recent = await services.searcher.search(SearchParams(
        filters={"kind": ("organization",)}, verified=True, sort="updated", per_page=6))
    meta = home_meta(services.settings.base_url, current_language.get())
    return html(request, "home.html", meta=meta, counts=counts, facets=overview.facets,
                recent=recent.hits)


@get("/cari", name="search", include_in_schema=False)
async def search_page(request: AnyRequest, services: ServicesDep) -> Response[str]:
    raw = request.query_params.dict()
    hidden = {k: v for k, v in raw.items() if k not in ("q", "page", "lang", "raw")}
    try:
        params = parse_search_params(raw, allow_unknown=True)
    except InvalidInput as exc:
        return html(request, "search.html", status=400, params=raw, result=None,
                    errors=field_errors(exc.errors), q=(raw.get("q") or [""])[0], hidden={})
    result = await services.searcher.search_recorded(params, "page")
    community_names = await services.profiles.community_names(
        [*result.facets["community"], *params.selected("community")])
    meta = search_meta(services.settings.base_url, raw, result, params.q, params.filters,
                       current_language.get(), community_names)
    # A page past the last one (an old link, a hand-edited address): say so, link the last.
    past_end = bool(result.total) and not result.hits
    return html(request, "search.html", status=404 if past_end else 200, params=raw,
                result=result, errors={}, q=params.q, selected=params.filters,
                sort=params.sort, hidden=hidden, community_names=community_names, meta=meta,
                past_end=past_end, active_count=sum(
                    map(len, params.filters.values())) + params.available + params.verified
                + (params.near is not None))


@get("/cari/kebutuhan", name="need", include_in_schema=False)
async def need_form(request: AnyRequest) -> Response[str]:
    q = (request.query_params.get("q") or "")[:MAX_QUERY_LENGTH]
    return html(request, "need_form.html", values={"q": q, "need": q}, errors={})


@post("/cari/kebutuhan", include_in_schema=False)
async def need_submit(request: AnyRequest, services: ServicesDep,
                      data: URLEncodedBody[dict[str, str]]) -> Response[str]:
    """A need told after a search that found nothing, recorded with the unmet demand."""
    if data.get("website"):  # the honeypot field people never see
        return html(request, "need_done.html")
    try:
        await services.searcher.record_need(data.get("q", ""), data.get("need", ""))
    except InvalidInput as exc:
        return html(request, "need_form.html", status=400, values=data,
                    errors=field_errors(exc.errors))
    return html(request, "need_done.html")


@get("/organisasi/{slug:str}", name="organization", include_in_schema=False)
async def organization_page(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                            slug: FromPath[str]) -> Response[Any]:
    try:
        profile = await services.profiles.get_public("organization", slug)
    except NotFound:
        return await _merged_away(services, "organization", slug)
    assert isinstance(profile, OrganizationPublic)
    communities = await services.profiles.public_names("organization", profile.communities)
    member_names = await services.profiles.public_names(
        "talent", [m.talent_slug for m in profile.members])
    members = [{"slug": m.talent_slug, "name": member_names[m.talent_slug], "title": m.title}
               for m in profile.members if m.talent_slug in member_names]
    images = await services.media.urls("organization", slug)
    reviews = await services.reviews.published("organization", slug)
    return html(request, "organization.html", profile=profile, communities=communities,
                members=members, reviews=reviews,
                programmes=await services.programmes.for_profile("organization", slug),
                manage_role=await _manage_role(services, viewer, "organization", slug),
                confirmed=await _confirmed(services, profile),
                verified_at=await services.verification.badge_date(slug)
                if profile.verified else None, images=images,
                meta=profile_meta(services.settings.base_url, profile, images,
                                  current_language.get(), reviews))


async def _merged_away(services: Services, kind: str, slug: str) -> Response[Any]:
    """The old address of a profile merged into another moves permanently; else 404."""
    target = await services.duplicates.redirect_for(kind, slug)
    if target is None:
        raise NotFound(f"{kind} {slug!r}")
    return Redirect(profile_path(kind, target), status_code=301)


async def _confirmed(services: Services, profile: OrganizationPublic | TalentPublic) -> Any:
    """When the owners last saved or confirmed the profile; imported profiles: last update."""
    return await services.editor.last_confirmed(profile.kind, profile.slug) or profile.updated_at


@get("/talenta/{slug:str}", name="talent", include_in_schema=False)
async def talent_page(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                      slug: FromPath[str]) -> Response[Any]:
    try:
        profile = await services.profiles.get_public("talent", slug)
    except NotFound:
        return await _merged_away(services, "talent", slug)
    assert isinstance(profile, TalentPublic)
    communities = await services.profiles.public_names("organization", profile.communities)
    org_names = await services.profiles.public_names(
        "organization", [a.organization_slug for a in profile.affiliations])
    affiliations = [{"slug": a.organization_slug, "name": org_names[a.organization_slug],
                     "title": a.title}
                    for a in profile.affiliations if a.organization_slug in org_names]
    images = await services.media.urls("talent", slug)
    return html(request, "talent.html", profile=profile, communities=communities,
                affiliations=affiliations,
                reviews=await services.reviews.published("talent", slug),
                programmes=await services.programmes.for_profile("talent", slug),
                manage_role=await _manage_role(services, viewer, "talent", slug),
                confirmed=await _confirmed(services, profile), verified_at=None, images=images,
                meta=profile_meta(services.settings.base_url, profile, images,
                                  current_language.get()))
