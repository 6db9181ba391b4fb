"""The shapes of the search API's answers (shared/PRODUCT.md, `GET /api/v1/search`).

TypedDicts: the searcher builds plain dicts (pages read them too); the JSON API declares its
answers with these, so the OpenAPI document shows them. A hit carries public fields only — the
index holds nothing private.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at runtime.
from datetime import datetime
from typing import Literal, NotRequired, TypedDict


class GeoPoint(TypedDict):
    lat: float
    lng: float


class HitRating(TypedDict):
    average: float  # of the published reviews, 1–5
    count: int


class SearchHit(TypedDict):
    kind: Literal["organization", "talent"]
    slug: str
    name: str
    headline: str | None
    url: str
    # present when the profile has a value:
    subsectors: NotRequired[list[str]]
    kecamatan: NotRequired[str]
    verified: NotRequired[bool]
    skills: NotRequired[list[str]]
    org_type: NotRequired[str]
    services: NotRequired[list[str]]
    team_size: NotRequired[int]
    founded_year: NotRequired[int]
    accepting_projects: NotRequired[bool]
    markets: NotRequired[list[str]]
    roles: NotRequired[list[str]]
    availability: NotRequired[str]
    years_experience: NotRequired[int]
    updated_at: NotRequired[str]
    location: NotRequired[GeoPoint]  # organizations that gave one
    distance_m: NotRequired[int]  # with `near`
    rating: NotRequired[HitRating]  # once the profile has published reviews
    logo: NotRequired[str]  # public URL of the logo or avatar, once one is uploaded


class UnderstoodConcept(TypedDict):
    key: str
    source: str  # the words it was read from
    codes: list[str]  # the taxonomy codes it stands for


class UnderstoodChip(TypedDict):
    facet: str  # kecamatan, kind, org_type, available, verified
    value: str
    source: str
    without: str  # the query without this reading


class Understood(TypedDict):
    """How the words were read (null with `raw`)."""

    q: str
    text: str  # what the engine searched
    concepts: list[UnderstoodConcept]
    filters: dict[str, list[str]]
    available: bool
    verified: bool
    near_me: bool
    chips: list[UnderstoodChip]
    ignored: list[str]


class RelaxedAnswer(TypedDict):
    """When nothing matched: a wider search, labelled (`reason`: filters, did_you_mean or
    all_filters)."""

    reason: str
    q: str
    dropped: list[str]
    total: int
    hits: list[SearchHit]


class SearchAnswer(TypedDict):
    total: int  # exact
    page: int
    per_page: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]  # facet → value → count, e.g. {"subsector": {"aplikasi": 12}}
    understood: Understood | None
    relaxed: RelaxedAnswer | None
    did_you_mean: str | None


class SuggestedProfile(TypedDict):
    kind: Literal["organization", "talent"]
    slug: str
    name: str
    url: str


class SuggestedTerm(TypedDict):
    facet: str
    code: str
    label: str
    url: str


class Suggestions(TypedDict):
    q: str
    profiles: list[SuggestedProfile]
    terms: list[SuggestedTerm]


class DemandEntry(TypedDict):
    """A zero- or low-result search (`search_demand`), as search/demand.py records it: the
    words, filters, count and time, nothing that identifies who searched. A need told in a
    person's words (`source` "need") adds `need`."""

    q: str
    filters: dict[str, list[str]]
    available: bool
    verified: bool
    total: int
    source: str  # page | api | need
    at: datetime
    need: NotRequired[str]
