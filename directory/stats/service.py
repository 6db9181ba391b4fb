"""Ecosystem statistics of published profiles (the stats API contract of shared/PRODUCT.md).

Breakdowns come from Meilisearch facet distributions, so they equal what search facets report,
exactly, and cost milliseconds at 100,000 profiles (shared/INFRA.md, pitfall 5). Growth over
time comes from MongoDB's `created_at` history.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from directory.db import Database
from directory.stats import history as snapshots
from directory.stats import lifecycle
from directory.stats.parameters import (
    DIMENSIONS,
    INTERVALS,
    SCOPE_PARAMS,
    Scope,
    breakdown_rows,
    parse_breakdown,
    parse_growth,
    parse_lifecycle,
    parse_overview,
    parse_scope,
)
from directory.stats.shapes import Breakdown, Growth, GrowthRow, Lifecycle, Overview
from search.client import MeiliClient

__all__ = ["DIMENSIONS", "INTERVALS", "SCOPE_PARAMS", "Scope", "StatsService", "breakdown_rows",
           "parse_breakdown", "parse_growth", "parse_lifecycle", "parse_overview", "parse_scope"]


class StatsService:
    def __init__(self, client: MeiliClient, index_uid: str, db: Database) -> None:
        self.client = client
        self.index_uid = index_uid
        self.db = db

    async def breakdown(self, by: str, scope: Scope, lang: str = "id") -> Breakdown:
        attr = DIMENSIONS[by][0]
        body = await self.client.search(self.index_uid, {
            "q": "", "filter": scope.meili_filter(), "facets": [attr], "hitsPerPage": 0,
            "page": 1})
        distribution = (body.get("facetDistribution") or {}).get(attr, {})
        return {"by": by, "rows": breakdown_rows(by, distribution, lang),
                "total": int(body.get("totalHits", 0)), "indicator": f"profiles_by_{by}"}

    async def overview(self, scope: Scope, lang: str = "id") -> Overview:
        """Headline figures: profiles per kind, organizations per type, verified share and the
        share of organizations serving international markets (published profiles only)."""
        body = await self.client.search(self.index_uid, {
            "q": "", "filter": scope.meili_filter(), "hitsPerPage": 0, "page": 1,
            "facets": ["kind", "org_type", "markets", "verified"]})
        facets = body.get("facetDistribution") or {}
        orgs_body = await self.client.search(self.index_uid, {
            "q": "", "filter": [*scope.meili_filter(), 'kind = "organization"'],
            "hitsPerPage": 0, "page": 1, "facets": ["markets", "verified"]})
        org_facets = orgs_body.get("facetDistribution") or {}
        organizations = int(orgs_body.get("totalHits", 0))
        verified = int((org_facets.get("verified") or {}).get("true", 0))
        international = int((org_facets.get("markets") or {}).get("international", 0))
        kinds = facets.get("kind") or {}
        return {
            "total": int(body.get("totalHits", 0)),
            "organizations": organizations,
            "talents": int(kinds.get("talent", 0)),
            "verified_organizations": verified,
            "verified_share": round(verified / organizations, 4) if organizations else 0.0,
            "international_organizations": international,
            "international_share": round(international / organizations, 4)
            if organizations else 0.0,
            "org_types": breakdown_rows("org_type", facets.get("org_type") or {}, lang),
            "indicators": ["profiles_total", "verified_share", "international_share"],
        }

    async def growth(self, interval: str, scope: Scope) -> Growth:
        """New and cumulative published profiles per year or month of `created_at`, from the
        index's `created_month` facet: the same set (and the same filters) as every breakdown."""
        body = await self.client.search(self.index_uid, {
            "q": "", "filter": scope.meili_filter(), "facets": ["created_month"],
            "hitsPerPage": 0, "page": 1})
        counts: dict[str, int] = {}
        for month, n in ((body.get("facetDistribution") or {}).get("created_month") or {}).items():
            period = month[:4] if interval == "year" else f"{month[:4]}-{month[4:]}"
            counts[period] = counts.get(period, 0) + int(n)
        recorded = await snapshots.recorded(self.db, scope, interval)
        ceased = await snapshots.recorded_ceased(self.db, scope, interval)
        rows: list[GrowthRow] = []
        running = 0
        for period in _periods(sorted({*counts, *recorded}), interval):
            running += counts.get(period, 0)
            row: GrowthRow = {"value": period, "label": period, "count": counts.get(period, 0),
                   "cumulative": running}
            if recorded:  # what a monthly snapshot saw then (removed profiles included)
                row["recorded"] = recorded.get(period)
            if ceased:  # organizations ceased by then, as the snapshot recorded them
                row["recorded_ceased"] = ceased.get(period)
            rows.append(row)
        return {"by": interval, "rows": rows, "total": running, "indicator": "new_profiles"}


    async def lifecycle(self, scope: Scope, current_year: int | None = None) -> Lifecycle:
        """Births, deaths, cohort survival and active organizations per year (stats/lifecycle.py):
        organizations only, ceased ones included — they are what the figures are about."""
        scope = dataclasses.replace(scope, kind="organization", include_ceased=True)
        body = await self.client.search(self.index_uid, {
            "q": "", "filter": scope.meili_filter(), "hitsPerPage": 0, "page": 1,
            "facets": ["founded_year", "ceased_year", "ceased_dated_year", "ceased_within"]})
        facets = body.get("facetDistribution") or {}
        year = current_year or datetime.now(UTC).year
        founded, ceased, dated, within = (facets.get(name) or {} for name in (
            "founded_year", "ceased_year", "ceased_dated_year", "ceased_within"))
        result = lifecycle.compute(founded, ceased, dated, within,
                                   total=int(body.get("totalHits", 0)), current_year=year)
        return {**result,
                "indicators": ["births_deaths", "active_organizations", "survival_rate"]}


def _periods(found: list[str], interval: str) -> list[str]:
    """Every period from the first to the last found, so quiet months show as zero."""
    if not found:
        return []
    if interval == "year":
        return [str(y) for y in range(int(found[0]), int(found[-1]) + 1)]
    (y, m), (last_y, last_m) = (map(int, found[0].split("-")), map(int, found[-1].split("-")))
    out = []
    while (y, m) <= (last_y, last_m):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
