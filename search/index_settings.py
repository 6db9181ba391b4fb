"""Meilisearch index settings, declared in code and applied on start-up and on every rebuild."""

from __future__ import annotations

from typing import Any

INDEX_NAME = "profiles"

# API filter parameter -> index attribute.
FACET_ATTRIBUTES: dict[str, str] = {
    "kind": "kind",
    "subsector": "subsectors",
    "service": "services",
    "role": "roles",
    "skill": "skill_keys",
    "kecamatan": "kecamatan",
    "org_type": "org_type",
    "market": "markets",
    "community": "communities",
}
ATTRIBUTE_FACETS = {attr: name for name, attr in FACET_ATTRIBUTES.items()}

SORTS: dict[str, list[str]] = {
    "relevance": [],
    "updated": ["updated_at_ts:desc"],
    "founded": ["founded_year:asc"],
    "team_size": ["team_size:desc"],
    "name": ["name_sort:asc"],
}

# What a search hit carries back to pages and the API (never private data: it is not indexed).
HIT_ATTRIBUTES = [
    "kind", "slug", "name", "headline", "url", "subsectors", "kecamatan", "verified", "skills",
    "org_type", "services", "team_size", "founded_year", "accepting_projects", "markets",
    "roles", "availability", "years_experience", "updated_at", "_geo",
]

MAX_TOTAL_HITS = 1_000_000

SETTINGS: dict[str, Any] = {
    "searchableAttributes": [
        "name", "headline", "service_labels", "role_labels", "subsector_labels", "skills",
        "description", "portfolio_text",
    ],
    "filterableAttributes": sorted(
        set(FACET_ATTRIBUTES.values())
        | {"available", "verified", "_geo", "funding_stage", "platforms", "team_size",
           "founded_year", "availability"}
    ),
    "sortableAttributes": sorted(["updated_at_ts", "founded_year", "team_size", "name_sort",
                                  "_geo"]),
    "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    "faceting": {"maxValuesPerFacet": 500, "sortFacetValuesBy": {"*": "count"}},
    "typoTolerance": {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 8},
    },
}
