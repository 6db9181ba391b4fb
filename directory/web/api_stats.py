"""More of the statistics API (/api/v1/stats): the firm lifecycle and the indicator metadata.
Thin adapters, like `api.py`'s StatsController beside which they are mounted."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from directory.errors import FieldError, InvalidInput
from directory.i18n import LANGUAGES
from directory.i18n import gettext as _
from directory.stats import indicators
from directory.stats.parameters import SCOPE_PARAMETERS, parse_lifecycle
from directory.stats.shapes import IndicatorCatalogue, Lifecycle
from directory.web.api_docs import declaring, problems
from directory.web.common import ServicesDep
from search.api_parameters import Parameter

Multi = list[str] | None

# The statistics' filters; `kind` may only say organization (the lifecycle is theirs).
LIFECYCLE_PARAMETERS = tuple(
    Parameter("kind", "organization (the only kind with a lifecycle)",
              codes=("organization",)) if p.name == "kind" else p
    for p in SCOPE_PARAMETERS)


class EvidenceController(Controller):
    path = "/api/v1/stats"
    tags = ["statistics"]

    @get("/lifecycle", summary="Births, deaths, cohort survival (1/3/5 years) and active "
                               "organizations per year", responses=problems(400, 503),
         dependencies=declaring(*LIFECYCLE_PARAMETERS))
    async def lifecycle(
        self,
        request: Request[Any, Any, Any],
        services: ServicesDep,
        declared: NamedDependency[None],
    ) -> Lifecycle:
        """`years`: births (founded that year), deaths (ceased that year) and organizations
        active at the year's end; `cohorts`: each founding year's size and the share still
        operating 1, 3 and 5 years later (null until that year has ended). Ceased profiles
        are included here, and only here."""
        scope = parse_lifecycle(request.query_params.dict())
        return await services.stats.lifecycle(scope)

    @get("/indicators", summary="Indicator metadata of every published figure (BPS structure)",
         responses=problems(400))
    async def indicators(
        self,
        lang: Annotated[str | None, QueryParameter(
            description="id | en: texts in that language; absent = both",
            schema_extra={"enum": list(LANGUAGES)})] = None,
    ) -> IndicatorCatalogue:
        """Name, concept, definition, interpretation, method, unit, frequency,
        disaggregation, source, related indicators and reference codes of each figure the
        statistics API, the dashboard and the exports publish; every stats response names its
        indicator(s) by `code`."""
        if lang is not None and lang not in LANGUAGES:
            raise InvalidInput([FieldError("lang", _("harus 'id' atau 'en'"))],
                               title="Invalid statistics parameters")
        return {"indicators": indicators.catalogue(lang)}


ROUTES = [EvidenceController]
