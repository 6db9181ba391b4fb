"""The search API's query parameters, declared once: name, repeatable or not, allowed codes and
what each means.

The JSON API builds its OpenAPI declaration from this table (directory/web/api.py), and the
parser (search.query.parse_search_params) validates the raw query against the same names — a
test checks that the two agree, and a facet added to index_settings.FACET_ATTRIBUTES without a
description here fails at import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory import iso
from directory.i18n import LANGUAGES
from search.index_settings import FACET_ATTRIBUTES, SORTS
from search.parameters import FLAG_CODES
from search.query import (
    CODE_FACETS,
    DEFAULT_PER_PAGE,
    FREE_TEXT_MAX,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    repeatable: bool = False  # repeated values are OR within the facet
    codes: tuple[str, ...] = ()  # the values it accepts, when it is a controlled list
    # More of its schema (Litestar's Schema field names): type, bounds, pattern, length. What a
    # client may send exactly, so that a generated valid request is never refused.
    schema: dict[str, Any] = field(default_factory=dict)
    required: bool = False  # documented as required; the parser still says so in its words


_FACETS = {
    "kind": "organization | talent; absent = both",
    "subsector": "Subsector code",
    "service": "Service code; organizations only (never matches a talent)",
    "role": "Role code; talents only (never matches an organization)",
    "skill": "Skill, case-insensitive",
    "kecamatan": "Kecamatan code",
    "org_type": "Organization type; organizations only",
    "market": "Market served; organizations only",
    "community": "Slug of a community, incubator or campus organization",
}


_FREE = {name: {"max_length": n} for name, n in FREE_TEXT_MAX.items()}
LATITUDE = r"-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)"
LONGITUDE = r"-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)"


def _facet(name: str) -> Parameter:
    vocab = CODE_FACETS.get(name)
    return Parameter(name, f"{_FACETS[name]} (repeat for OR)", repeatable=True,
                     codes=tuple(vocab.codes) if vocab else (), schema=_FREE.get(name, {}))


SEARCH_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("q", f"Full-text query, Indonesian or English (at most {MAX_QUERY_LENGTH} "
                   "characters)", schema={"max_length": MAX_QUERY_LENGTH}),
    *(_facet(name) for name in FACET_ATTRIBUTES),
    Parameter("available", "true: organizations accepting projects and talents available for "
                           "work (empty: not set)", codes=FLAG_CODES),
    Parameter("verified", "true: verified profiles only (empty: not set)",
              codes=FLAG_CODES),
    Parameter("sort", "Order of the hits (default relevance)", codes=tuple(SORTS)),
    Parameter("near", "lat,lng in decimal degrees: sort by distance",
              schema={"pattern": f"^$|^{LATITUDE},{LONGITUDE}$", "examples": ["-7.98,112.63"]}),
    Parameter("radius_km", "With near: only profiles within this many kilometres (up to 100); "
                           "ignored without near",
              schema={"type": "number", "exclusive_minimum": 0, "maximum": 100}),
    Parameter("page", f"1-based page number (at most {MAX_PAGE:,})",
              schema={"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    Parameter("per_page", f"Hits per page: 1–{MAX_PER_PAGE}, default {DEFAULT_PER_PAGE}",
              schema={"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
    Parameter("language", "Profiles that work in this language (ISO 639-1, e.g. en; repeat "
                          "for OR)", repeatable=True, codes=tuple(sorted(iso.language_codes()))),
    Parameter("lang", "Language of labels and error messages", codes=tuple(LANGUAGES)),
    Parameter("raw", "true: search the words as typed, without reading places, availability, "
                     "kinds of firm or concepts from them (the answer's `understood` says what "
                     "was read)", codes=FLAG_CODES),
)
