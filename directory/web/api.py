"""The public JSON API (/api/v1): thin adapters over the profile and search services."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from directory.errors import FieldError, InvalidInput
from directory.i18n import LANGUAGES, current_language
from directory.i18n import gettext as _
from directory.profiles.public import OrganizationPublic, TalentPublic
from directory.stats.service import parse_breakdown, parse_growth, parse_overview
from directory.web.api_write import ProfileWriteController
from directory.web.common import ServicesDep
from search.query import parse_search_params

Multi = list[str] | None


class SearchController(Controller):
    path = "/api/v1"
    tags = ["search"]

    @get("/search", summary="Search organizations and talents")
    async def search(
        self,
        request: Request[Any, Any, Any],
        services: ServicesDep,
        q: Annotated[str | None, QueryParameter(description="Full-text query (Indonesian or English)")] = None,
        kind: Annotated[Multi, QueryParameter(description="organization | talent; absent = both")] = None,
        subsector: Annotated[Multi, QueryParameter(description="Subsector code (repeat for OR)")] = None,
        service: Annotated[Multi, QueryParameter(description="Service code; organizations only")] = None,
        role: Annotated[Multi, QueryParameter(description="Role code; talents only")] = None,
        skill: Annotated[Multi, QueryParameter(description="Skill, case-insensitive")] = None,
        kecamatan: Annotated[Multi, QueryParameter(description="Kecamatan code")] = None,
        org_type: Annotated[Multi, QueryParameter(description="Organization type; organizations only")] = None,
        market: Annotated[Multi, QueryParameter(description="Market served; organizations only")] = None,
        community: Annotated[Multi, QueryParameter(description="Community organization slug")] = None,
        available: Annotated[str | None, QueryParameter(description="true: accepting projects / available")] = None,
        verified: Annotated[str | None, QueryParameter(description="true: verified profiles only")] = None,
        sort: Annotated[str | None, QueryParameter(description="relevance | updated | founded | team_size | name")] = None,
        near: Annotated[str | None, QueryParameter(description="lat,lng — sort by distance")] = None,
        radius_km: Annotated[str | None, QueryParameter(description="With near: only within this radius")] = None,
        page: Annotated[str | None, QueryParameter(description="1-based page number")] = None,
        per_page: Annotated[str | None, QueryParameter(description="1–100, default 20")] = None,
        lang: Annotated[str | None, QueryParameter(description="Language of error messages: id (default) or en")] = None,
        raw: Annotated[str | None, QueryParameter(description="true: search the words as typed, without reading places, availability, kinds of firm or concepts from them (the answer's `understood` says what was read)")] = None,
    ) -> dict[str, Any]:
        params = parse_search_params(request.query_params.dict())
        result = await services.searcher.search_recorded(params, "api")
        return result.to_api()

    @get("/suggest", summary="Autocomplete: profile names and taxonomy terms")
    async def suggest(
        self,
        services: ServicesDep,
        q: Annotated[str, QueryParameter(description="What the user has typed so far",
                                         max_length=100)] = "",
        lang: Annotated[str, QueryParameter(description="Label language: id or en")] = "id",
    ) -> dict[str, Any]:
        if lang not in LANGUAGES:
            raise InvalidInput([FieldError("lang", _("harus 'id' atau 'en'"))])
        return await services.searcher.suggest(q, lang)


class ProfileController(ProfileWriteController):
    path = "/api/v1"
    tags = ["profiles"]

    @get("/organizations/{slug:str}", summary="A published organization's public profile")
    async def organization(self, slug: FromPath[str], services: ServicesDep) -> OrganizationPublic:
        return await services.profiles.get_public("organization", slug)  # type: ignore[return-value]

    @get("/talents/{slug:str}", summary="A published talent's public profile")
    async def talent(self, slug: FromPath[str], services: ServicesDep) -> TalentPublic:
        return await services.profiles.get_public("talent", slug)  # type: ignore[return-value]


def _scope_parameters(
    kind: Annotated[str | None, QueryParameter(description="organization | talent")] = None,
    org_type: Annotated[Multi, QueryParameter(description="Organization type(s)")] = None,
    subsector: Annotated[Multi, QueryParameter(description="Subsector code(s)")] = None,
    kecamatan: Annotated[Multi, QueryParameter(description="Kecamatan code(s)")] = None,
    verified: Annotated[str | None, QueryParameter(description="true: verified only")] = None,
    period: Annotated[str | None, QueryParameter(
        description="Year(s) of created_at: 2022, 2022-2023 or 2024-")] = None,
) -> None:
    """Declares (for the OpenAPI document) the filters every statistics endpoint takes; the
    parse_* functions read and validate them from the raw query, unknown names included."""


class StatsController(Controller):
    path = "/api/v1/stats"
    tags = ["statistics"]
    dependencies = {"filters": Provide(_scope_parameters, sync_to_thread=False)}  # noqa: RUF012

    @get("/breakdown", summary="Published profiles per value of a dimension")
    async def breakdown(
        self,
        request: Request[Any, Any, Any],
        services: ServicesDep,
        filters: NamedDependency[None],
        by: Annotated[str | None, QueryParameter(description=(
            "subsector | kecamatan | service | role | skill | org_type | team_size_band | "
            "founded_year | market | funding_stage"))] = None,
    ) -> dict[str, Any]:
        dimension, parsed = parse_breakdown(request.query_params.dict())
        return await services.stats.breakdown(dimension, parsed, current_language.get())

    @get("/growth", summary="Published profiles created per year or month, with running totals")
    async def growth(
        self,
        request: Request[Any, Any, Any],
        services: ServicesDep,
        filters: NamedDependency[None],
        interval: Annotated[str | None, QueryParameter(description="year (default) | month")] = None,
    ) -> dict[str, Any]:
        period, parsed = parse_growth(request.query_params.dict())
        return await services.stats.growth(period, parsed)

    @get("/overview", summary="Headline figures of the ecosystem (published profiles)")
    async def overview(self, request: Request[Any, Any, Any], services: ServicesDep,
                       filters: NamedDependency[None]) -> dict[str, Any]:
        parsed = parse_overview(request.query_params.dict())
        return await services.stats.overview(parsed, current_language.get())
