"""Ecosystem statistics of published profiles (the stats API contract of shared/PRODUCT.md).

Breakdowns come from Meilisearch facet distributions, so they equal what search facets report,
exactly, and cost milliseconds at 100,000 profiles (shared/INFRA.md, pitfall 5). Growth over
time comes from MongoDB's `created_at` history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from directory.errors import FieldError, InvalidInput
from directory.taxonomy import (
    FUNDING_STAGES,
    KECAMATAN,
    KINDS,
    MARKETS,
    ORG_TYPES,
    ROLES,
    SERVICES,
    SUBSECTORS,
    TEAM_SIZE_BANDS,
    Vocabulary,
)
from search.client import MeiliClient

# dimension -> (index attribute, vocabulary or None for free values, ordinal?)
DIMENSIONS: dict[str, tuple[str, Vocabulary | None, bool]] = {
    "subsector": ("subsectors", SUBSECTORS, False),
    "kecamatan": ("kecamatan", KECAMATAN, False),
    "service": ("services", SERVICES, False),
    "role": ("roles", ROLES, False),
    "skill": ("skill_keys", None, False),
    "org_type": ("org_type", ORG_TYPES, False),
    "team_size_band": ("team_size_band", TEAM_SIZE_BANDS, True),
    "founded_year": ("founded_year", None, True),
    "market": ("markets", MARKETS, False),
    "funding_stage": ("funding_stage", FUNDING_STAGES, False),
}
INTERVALS = ("year", "month")


@dataclass(frozen=True)
class Scope:
    kind: str | None = None
    org_types: tuple[str, ...] = ()

    def meili_filter(self) -> list[str]:
        clauses = []
        if self.kind:
            clauses.append(f'kind = "{self.kind}"')
        if self.org_types:
            clauses.append("org_type IN [" + ", ".join(f'"{t}"' for t in self.org_types) + "]")
        return clauses


def _single(query: Mapping[str, Sequence[str]], name: str, errors: list[FieldError]
            ) -> str | None:
    values = [v for v in query.get(name, ()) if v]
    if len(values) > 1:
        errors.append(FieldError(name, "may be given only once"))
    return values[0] if values else None


def parse_scope(query: Mapping[str, Sequence[str]], errors: list[FieldError]) -> Scope:
    kind = _single(query, "kind", errors)
    if kind is not None and kind not in KINDS:
        errors.append(FieldError("kind", "must be 'organization' or 'talent'"))
    org_types = tuple(query.get("org_type", ()))
    unknown = [t for t in org_types if t not in ORG_TYPES]
    if unknown:
        errors.append(FieldError("org_type", f"unknown org_type code {unknown[0]!r}; expected "
                                             "one of: " + ", ".join(ORG_TYPES.codes)))
    return Scope(kind=kind, org_types=org_types)


def parse_breakdown(query: Mapping[str, Sequence[str]]) -> tuple[str, Scope]:
    errors: list[FieldError] = []
    by = _single(query, "by", errors)
    if by is None:
        errors.append(FieldError("by", "is required: one of " + ", ".join(DIMENSIONS)))
    elif by not in DIMENSIONS:
        errors.append(FieldError("by", f"unknown dimension {by!r}; expected one of: "
                                       + ", ".join(DIMENSIONS)))
    scope = parse_scope(query, errors)
    for name in sorted(set(query) - {"by", "kind", "org_type", "lang"}):
        errors.append(FieldError(name, "unknown parameter"))
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return str(by), scope


def parse_growth(query: Mapping[str, Sequence[str]]) -> tuple[str, Scope]:
    errors: list[FieldError] = []
    interval = _single(query, "interval", errors) or "year"
    if interval not in INTERVALS:
        errors.append(FieldError("interval", "must be 'year' or 'month'"))
    scope = parse_scope(query, errors)
    for name in sorted(set(query) - {"interval", "kind", "org_type", "lang"}):
        errors.append(FieldError(name, "unknown parameter"))
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return interval, scope


def breakdown_rows(by: str, distribution: Mapping[str, int], lang: str) -> list[dict[str, Any]]:
    """Rows of a breakdown: every code of a controlled list (zeros included, in list order for
    ordinal ones, by count otherwise); free values (skills, years) as found."""
    _attr, vocab, ordinal = DIMENSIONS[by]
    if vocab is not None:
        rows = [{"value": t.code, "label": t.label(lang), "count": int(distribution.get(t.code, 0))}
                for t in vocab]
        unknown = [v for v in distribution if v not in vocab]
        rows += [{"value": v, "label": v, "count": int(distribution[v])} for v in unknown]
    else:
        rows = [{"value": int(v) if by == "founded_year" else v, "label": v,
                 "count": int(n)} for v, n in distribution.items()]
    if ordinal and vocab is None:
        rows.sort(key=lambda r: r["value"])
    elif not ordinal:
        rows.sort(key=lambda r: (-r["count"], str(r["label"])))
    return rows


class StatsService:
    def __init__(self, client: MeiliClient, index_uid: str, db: Any) -> None:
        self.client = client
        self.index_uid = index_uid
        self.db = db

    async def breakdown(self, by: str, scope: Scope, lang: str = "id") -> dict[str, Any]:
        attr = DIMENSIONS[by][0]
        body = await self.client.search(self.index_uid, {
            "q": "", "filter": scope.meili_filter(), "facets": [attr], "hitsPerPage": 0,
            "page": 1})
        distribution = (body.get("facetDistribution") or {}).get(attr, {})
        return {"by": by, "rows": breakdown_rows(by, distribution, lang),
                "total": int(body.get("totalHits", 0))}

    async def growth(self, interval: str, scope: Scope) -> dict[str, Any]:
        fmt = "%Y" if interval == "year" else "%Y-%m"
        counts: dict[str, int] = {}
        collections = {"organization": "organizations", "talent": "talents"}
        for kind, name in collections.items():
            if scope.kind and scope.kind != kind:
                continue
            match: dict[str, Any] = {"status": "published"}
            if scope.org_types:
                if kind != "organization":
                    continue
                match["org_type"] = {"$in": list(scope.org_types)}
            pipeline = [{"$match": match},
                        {"$group": {"_id": {"$dateToString": {"format": fmt,
                                                              "date": "$created_at"}},
                                    "n": {"$sum": 1}}}]
            async for row in await self.db[name].aggregate(pipeline):
                counts[row["_id"]] = counts.get(row["_id"], 0) + row["n"]
        rows, running = [], 0
        for period in _periods(sorted(counts), interval):
            running += counts.get(period, 0)
            rows.append({"value": period, "label": period, "count": counts.get(period, 0),
                         "cumulative": running})
        return {"by": interval, "rows": rows, "total": running}


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
