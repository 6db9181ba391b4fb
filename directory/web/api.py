"""The public JSON API (/api/v1): thin adapters over the profile, search and stats services."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from directory.errors import FieldError, InvalidInput
from directory.i18n import LANGUAGES, current_language
from directory.i18n import gettext as _
from directory.profiles.public import OrganizationPublic, TalentPublic
from directory.stats.parameters import BY, INTERVAL, SCOPE_PARAMETERS
from directory.stats.service import parse_breakdown, parse_growth, parse_overview
from directory.stats.shapes import Breakdown, Growth, Overview
from directory.web.api_docs import declaring, problems
from directory.web.api_write import ProfileWriteController
from directory.web.common import ServicesDep
from search.api_parameters import SEARCH_PARAMETERS
from search.query import parse_search_params
from search.shapes import SearchAnswer, Suggestions

AnyRequest = Request[Any, Any, Any]


class SearchController(Controller):
    path = "/api/v1"
    tags = ["search"]

    @get("/search", summary="Search organizations and talents", responses=problems(400, 503),
         dependencies=declaring(*SEARCH_PARAMETERS))
    async def search(self, request: AnyRequest, services: ServicesDep,
                     declared: NamedDependency[None]) -> SearchAnswer:
        """Parameters: see search/api_parameters.py (the same table declares them here and names
        them for the parser)."""
        params = parse_search_params(request.query_params.dict())
        result = await services.searcher.search_recorded(params, "api")
        return result.to_api()

    @get("/suggest", summary="Autocomplete: profile names and taxonomy terms",
         responses=problems(400, 503))
    async def suggest(
        self,
        services: ServicesDep,
        q: Annotated[str, QueryParameter(description="What the user has typed so far",
                                         max_length=100)] = "",
        lang: Annotated[str, QueryParameter(description="Label language: id or en",
                                            schema_extra={"enum": list(LANGUAGES)})] = "id",
    ) -> Suggestions:
        if lang not in LANGUAGES:
            raise InvalidInput([FieldError("lang", _("harus 'id' atau 'en'"))])
        return await services.searcher.suggest(q, lang)


class ProfileController(ProfileWriteController):
    path = "/api/v1"
    tags = ["profiles"]


    @get("/organizations/{slug:str}", summary="A published organization's public profile",
         responses=problems(400, 404))
    async def organization(self, slug: FromPath[str], services: ServicesDep
                           ) -> OrganizationPublic:
        return await services.profiles.get_public("organization", slug)

    @get("/talents/{slug:str}", summary="A published talent's public profile",
         responses=problems(400, 404))
    async def talent(self, slug: FromPath[str], services: ServicesDep) -> TalentPublic:
        return await services.profiles.get_public("talent", slug)


class StatsController(Controller):
    path = "/api/v1/stats"
    tags = ["statistics"]

    @get("/breakdown", summary="Published profiles per value of a dimension",
         responses=problems(400, 503), dependencies=declaring(BY, *SCOPE_PARAMETERS))
    async def breakdown(self, request: AnyRequest, services: ServicesDep,
                        declared: NamedDependency[None]) -> Breakdown:
        dimension, parsed = parse_breakdown(request.query_params.dict())
        return await services.stats.breakdown(dimension, parsed, current_language.get())

    @get("/growth", summary="Published profiles created per year or month, with running totals",
         responses=problems(400, 503), dependencies=declaring(INTERVAL, *SCOPE_PARAMETERS))
    async def growth(self, request: AnyRequest, services: ServicesDep,
                     declared: NamedDependency[None]) -> Growth:
        period, parsed = parse_growth(request.query_params.dict())
        return await services.stats.growth(period, parsed)

    @get("/overview", summary="Headline figures of the ecosystem (published profiles)",
         responses=problems(400, 503), dependencies=declaring(*SCOPE_PARAMETERS))
    async def overview(self, request: AnyRequest, services: ServicesDep,
                       declared: NamedDependency[None]) -> Overview:
        parsed = parse_overview(request.query_params.dict())
        return await services.stats.overview(parsed, current_language.get())
