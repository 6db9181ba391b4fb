"""The one facet table: every public facet and statistics dimension, the index attribute that
holds it, the vocabulary that labels it, and the filter clauses built from it.

Search filters (`search.query`) and statistics (`directory.stats`) both read this table and build
their Meilisearch filters with `clauses`, so a count on the statistics page is the count a search
with the same filters finds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Facet:
    attribute: str  # in the index
    vocabulary: Vocabulary | None  # None: free values (skills, community slugs, years)
    ordinal: bool = False  # breakdown rows in the vocabulary's (or numeric) order
    search: bool = True  # a search filter / facet on the results page
    dimension: bool = True  # a statistics breakdown


FACETS: dict[str, Facet] = {
    "kind": Facet("kind", KINDS, dimension=False),
    "subsector": Facet("subsectors", SUBSECTORS),
    "service": Facet("services", SERVICES),
    "role": Facet("roles", ROLES),
    "skill": Facet("skill_keys", None),
    "kecamatan": Facet("kecamatan", KECAMATAN),
    "org_type": Facet("org_type", ORG_TYPES),
    "market": Facet("markets", MARKETS),
    "community": Facet("communities", None, dimension=False),
    "team_size_band": Facet("team_size_band", TEAM_SIZE_BANDS, ordinal=True, search=False),
    "founded_year": Facet("founded_year", None, ordinal=True, search=False),
    "funding_stage": Facet("funding_stage", FUNDING_STAGES, search=False),
    # A search filter without a facet (ISO 639-1 codes): `language=en`.
    "language": Facet("languages", None, search=False, dimension=False),
}
SEARCH_FACETS: dict[str, str] = {n: f.attribute for n, f in FACETS.items() if f.search}
# The statistics dimensions in the order the dashboard and the API's messages list them.
DIMENSIONS: dict[str, Facet] = {n: FACETS[n] for n in (
    "subsector", "kecamatan", "service", "role", "skill", "org_type", "team_size_band",
    "founded_year", "market", "funding_stage")}


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def clauses(filters: Mapping[str, Sequence[str]], *, without: str | None = None,
            available: bool = False, verified: bool = False, active: bool = False,
            months: tuple[int | None, int | None] = (None, None),
            geo: tuple[float, float, float] | None = None) -> list[str]:
    """Filter expression: OR within a facet, AND across facets. `without` drops one facet
    (disjunctive counts); `active` leaves out ceased profiles; `months` bounds `created_month`
    (YYYYMM, inclusive); `geo` is (lat, lng, radius in metres)."""
    out = [f"{FACETS[name].attribute} IN [{', '.join(quote(v) for v in values)}]"
           for name, values in filters.items() if values and name != without]
    if available:
        out.append("available = true")
    if verified:
        out.append("verified = true")
    if active:
        out.append("ceased != true")
    first, last = months
    if first is not None:
        out.append(f"created_month >= {first}")
    if last is not None:
        out.append(f"created_month <= {last}")
    if geo is not None:
        lat, lng, metres = geo
        out.append(f"_geoRadius({lat}, {lng}, {int(metres)})")
    return out
