"""The public programmes API (/api/v1/programmes): the list and one programme, public fields
only (an application's note and unconfirmed participations never appear)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from directory.i18n import LANGUAGES
from directory.programmes.service import MAX_PER_PAGE, PER_PAGE, parse_filters
from directory.programmes.shapes import ProgrammeList, ProgrammePublic
from directory.programmes.validation import PROGRAMME_KINDS
from directory.taxonomy import SUBSECTORS
from directory.web.api_docs import declaring, problems
from directory.web.common import ServicesDep
from search.api_parameters import Parameter

PARAMETERS = (
    Parameter("kind", "Kind of programme", codes=tuple(PROGRAMME_KINDS.codes)),
    Parameter("subsector", "Subsector code", codes=tuple(SUBSECTORS.codes)),
    Parameter("year", "Year the programme starts",
              schema={"type": "integer", "minimum": 2000, "maximum": 2100}),
    Parameter("page", "1-based page number (at most 10,000)",
              schema={"type": "integer", "minimum": 1, "maximum": 10_000}),
    Parameter("per_page", f"Programmes per page: 1–{MAX_PER_PAGE}, default {PER_PAGE}",
              schema={"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
    Parameter("lang", "Language of error messages", codes=tuple(LANGUAGES)),
)


class ProgrammeController(Controller):
    path = "/api/v1/programmes"
    tags = ["programmes"]

    @get("/", summary="Programmes, events and open calls (open calls and upcoming first)",
         responses=problems(400, 503), dependencies=declaring(*PARAMETERS))
    async def programmes(self, request: Request[Any, Any, Any], services: ServicesDep,
                         declared: NamedDependency[None]) -> ProgrammeList:
        """Open calls still taking applications first (nearest deadline), then upcoming or
        running programmes (soonest first), then past ones (latest first). Filters: `kind`,
        `subsector`, `year` (start year); an unknown parameter or value answers 400 naming
        it."""
        params = {k: request.query_params.getall(k) for k in request.query_params}
        return await services.programmes.listing(parse_filters(params, strict=True))

    @get("/{slug:str}", summary="One programme with its confirmed participants",
         responses=problems(400, 404, 503))
    async def programme(self, slug: FromPath[str], services: ServicesDep) -> ProgrammePublic:
        """Participants are published profiles whose participation the organizer or a curator
        confirmed."""
        return await services.programmes.get_public(slug)


ROUTES = [ProgrammeController]
