"""Meilisearch index settings, declared in code and applied on start-up and on every rebuild."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from search.facets import SEARCH_FACETS

DATA_DIR = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    """Multi-way synonyms from data/synonyms.txt: each phrase maps to the rest of its groups."""
    table: dict[str, set[str]] = {}
    for line in _lines("synonyms.txt"):
        group = list(dict.fromkeys(p.strip().lower() for p in line.split(",") if p.strip()))
        for phrase in group:
            table.setdefault(phrase, set()).update(p for p in group if p != phrase)
    return {phrase: sorted(others) for phrase, others in sorted(table.items())}


@lru_cache(maxsize=1)
def aliases() -> dict[str, list[str]]:
    """`{"service.mobile_app": ["aplikasi android", ...]}` from data/aliases.txt."""
    table: dict[str, list[str]] = {}
    for line in _lines("aliases.txt"):
        key, _, phrases = line.partition(":")
        table[key.strip()] = [p.strip() for p in phrases.split(",") if p.strip()]
    return table


@lru_cache(maxsize=1)
def stop_words() -> list[str]:
    return sorted(set(_lines("stopwords.txt")))

INDEX_NAME = "profiles"
# Bumped whenever the shape of an indexed document changes; an index holding documents of an
# older version is rebuilt by `directory seed` / `directory import` and reported by `check`.
DOCUMENT_VERSION = 9  # 3: translations (translated_text); 4: lifecycle (ceased, ceased_year, …);
# 5: ratings of published reviews (rating_average, rating_count); 6: every document stamped
# with sync_v and content_hash (search/versions.py); 7: translated_headline and
# translated_description (searched beside headline and description) for translated_text;
# 8: `logo`, so a results page needs no database read for its cards' logos; 9: `standing`
# (directory/profiles/standing.py), the tie-break among equally relevant hits

# API filter parameter -> index attribute.
FACET_ATTRIBUTES: dict[str, str] = dict(SEARCH_FACETS)  # the one facet table: search/facets.py
ATTRIBUTE_FACETS = {attr: name for name, attr in FACET_ATTRIBUTES.items()}

SORTS: dict[str, list[str]] = {
    "relevance": [],
    "updated": ["updated_at_ts:desc"],
    "founded": ["founded_year:asc"],
    "team_size": ["team_size:desc"],
    "name": ["name_sort:asc"],
    # Reviewed profiles first, by average then count (contract additions 2026-12); profiles
    # without reviews have no rating fields and come after, in relevance order.
    "rating": ["rating_average:desc", "rating_count:desc"],
}

# What a search hit carries back to pages and the API (never private data: it is not indexed).
HIT_ATTRIBUTES = [
    "kind", "slug", "name", "headline", "url", "subsectors", "kecamatan", "verified", "skills",
    "org_type", "services", "team_size", "founded_year", "accepting_projects", "markets",
    "roles", "availability", "years_experience", "updated_at", "_geo", "translations",
    "ceased", "ceased_at", "rating_average", "rating_count", "logo",
]

MAX_TOTAL_HITS = 1_000_000

# Meilisearch index settings (its JSON): a plain dict.
def settings() -> dict[str, Any]:  # Meilisearch settings
    from search.understanding.lexicon import lexicon  # the lexicon reads the taxonomy

    words = lexicon()
    merged = {phrase: set(others) for phrase, others in synonyms().items()}
    for key, phrases in words.synonyms().items():
        merged.setdefault(key, set()).update(phrases)
    typo = {**SETTINGS["typoTolerance"], "disableOnWords": words.exact_words()}
    return {**SETTINGS, "synonyms": {k: sorted(v) for k, v in sorted(merged.items())},
            "stopWords": stop_words(), "typoTolerance": typo}


SETTINGS: dict[str, Any] = {
    # Where a word matched, in order of trust: the name (people look firms up by name), then
    # what the profile offers as taxonomy codes (services, roles: chosen by its owners, the same
    # words in both languages), then its own headline. With the headline before the codes a
    # "Game artist 2D/3D" headline outranked the 3D artists a client asked for. The skills the
    # owners list (their tools) come with the offer, before the headline: a Flutter developer
    # who lists Flutter before one whose headline only names it.
    "searchableAttributes": [
        "name", "service_labels", "role_labels", "skills", "headline", "translated_headline",
        "subsector_labels", "org_type_labels", "availability_labels", "description",
        "translated_description", "portfolio_text",
    ],
    "filterableAttributes": sorted(
        set(FACET_ATTRIBUTES.values())
        | {"available", "verified", "_geo", "id", "funding_stage", "platforms", "team_size",
           "founded_year", "availability", "team_size_band", "created_month", "doc_v",
           "languages", "ceased", "ceased_year", "ceased_dated_year", "ceased_within"}
    ),
    # standing, then id: the tie-breaks in query.py
    "sortableAttributes": sorted(["updated_at_ts", "founded_year", "team_size", "name_sort",
                                  "_geo", "id", "rating_average", "rating_count", "standing"]),
    # Exact words (a role label "Animator") before where they matched: a synonym or prefix hit
    # in a name must not outrank an exact hit in what the profile offers.
    "rankingRules": ["words", "typo", "proximity", "exactness", "attribute", "sort"],
    "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    "faceting": {"maxValuesPerFacet": 500, "sortFacetValuesBy": {"*": "count"}},
    # One typo from five letters, two from nine (Meilisearch's defaults): with one typo at four
    # letters "kids" found studios named "Kidal…". Words of the lexicon are never corrected
    # (settings() adds them as disableOnWords): a word we know means what it says.
    "typoTolerance": {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
        "disableOnNumbers": True,  # years, budgets and KBLI codes match exactly
    },
}
