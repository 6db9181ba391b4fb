"""Search parameters → Meilisearch requests, as pure functions (unit-testable without a server)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from directory import iso
from directory.errors import FieldError, InvalidInput
from directory.i18n import LANGUAGES
from directory.i18n import gettext as _
from directory.taxonomy import Vocabulary
from search import facets
from search.index_settings import FACET_ATTRIBUTES, HIT_ATTRIBUTES, MAX_TOTAL_HITS, SORTS
from search.parameters import boolean, single, unknown_code, unknown_names, whole_number
from search.understanding.parse import Understanding

# The search facets whose values are codes of a controlled list (the one facet table).
CODE_FACETS: dict[str, Vocabulary] = {
    name: f.vocabulary for name, f in facets.FACETS.items() if f.search and f.vocabulary}
BOOLEAN_PARAMS = ("available", "verified")
KNOWN_PARAMS = set(FACET_ATTRIBUTES) | set(BOOLEAN_PARAMS) | {
    "language", "q", "sort", "near", "radius_km", "page", "per_page", "lang", "raw",
}
MAX_PER_PAGE = 100
FREE_TEXT_MAX = {"skill": 40, "community": 80}  # facets whose values are not a code list
DEFAULT_PER_PAGE = 20
# Meilisearch pages up to MAX_TOTAL_HITS hits; with pages capped here, page × per_page always
# stays within it, whatever per_page is (one bound a client can read in the OpenAPI document).
MAX_PAGE = MAX_TOTAL_HITS // MAX_PER_PAGE
MAX_QUERY_LENGTH = 200
MAX_RADIUS_KM = 100.0
HIGHLIGHT_PRE = "\ue000"
HIGHLIGHT_POST = "\ue001"
TIE_BREAK = ("standing:desc", "id:asc")
_TRANSLATED_HEADLINES = [f"translations.{lang}.headline" for lang in LANGUAGES]
_DESCRIPTIONS = ["description", *(f"translations.{lang}.description" for lang in LANGUAGES)]


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    available: bool = False
    verified: bool = False
    sort: str = "relevance"
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    raw: bool = False  # true: the text as typed, no query understanding ("search all instead")
    # What the engine is asked: set by `understood_params`, never by a request.
    matching_strategy: str | None = None

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.filters.get(facet, ())


def _near(raw: str, errors: list[FieldError]) -> tuple[float, float] | None:
    parts = raw.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        lat, lng = float(parts[0]), float(parts[1])
        if not (math.isfinite(lat) and math.isfinite(lng)):
            raise ValueError
    except ValueError:
        errors.append(FieldError("near", _("harus berupa 'lat,lng' dalam derajat desimal, bukan "
                                           "%(value)s") % {"value": repr(raw)}))
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        errors.append(FieldError("near", _("lintang harus dalam ±90 dan bujur dalam ±180")))
        return None
    return lat, lng


def parse_search_params(
    query: Mapping[str, Sequence[str]], *, allow_unknown: bool = False
) -> SearchParams:
    """Validate raw query parameters (each a list of values). Raises InvalidInput naming each."""
    errors: list[FieldError] = []
    if not allow_unknown:
        unknown_names(query, KNOWN_PARAMS, errors)

    filters: dict[str, tuple[str, ...]] = {}
    for name in FACET_ATTRIBUTES:
        given = query.get(name, ())
        values = [v.strip() for v in given if v.strip()]
        if not values:
            continue
        longest = FREE_TEXT_MAX.get(name)
        if longest is not None and any(len(v) > longest for v in given):
            errors.append(FieldError(name, _("satu nilai paling banyak %(n)d karakter")
                                     % {"n": longest}))
            continue
        if name == "skill":
            values = [v.casefold() for v in values]
        vocab = CODE_FACETS.get(name)
        if vocab is not None:
            unknown = [v for v in values if v not in vocab]
            if unknown:
                errors.append(FieldError(name, unknown_code(vocab, unknown[0])))
                continue
        filters[name] = tuple(dict.fromkeys(values))
    # `language`: profiles that work in that language (ISO 639-1; a filter, not a facet).
    spoken = [v.strip().casefold() for v in query.get("language", ()) if v.strip()]
    if any(v not in iso.language_codes() for v in spoken):
        errors.append(FieldError("language", _("kode bahasa ISO 639-1 tidak dikenal")))
    elif spoken:
        filters["language"] = tuple(dict.fromkeys(spoken))

    lang = single(query, "lang", errors)  # empty: not set (the documented "")
    if lang is not None and lang not in LANGUAGES:  # the app's language switch, on every route
        errors.append(FieldError("lang", _("harus 'id' atau 'en'")))

    q = single(query, "q", errors, keep_empty=True) or ""
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(FieldError("q", _("harus paling banyak %(max)s karakter")
                                 % {"max": MAX_QUERY_LENGTH}))

    available = boolean(single(query, "available", errors, keep_empty=True), "available", errors)
    verified = boolean(single(query, "verified", errors, keep_empty=True), "verified", errors)
    raw = boolean(single(query, "raw", errors, keep_empty=True), "raw", errors)

    sort = single(query, "sort", errors, keep_empty=True) or "relevance"
    if sort not in SORTS:
        errors.append(FieldError("sort", _(
            "urutan %(value)s tidak dikenal; harus salah satu dari: %(codes)s")
            % {"value": repr(sort), "codes": ", ".join(SORTS)}))

    near_raw = single(query, "near", errors, keep_empty=True)
    near = _near(near_raw, errors) if near_raw else None
    radius_raw = single(query, "radius_km", errors, keep_empty=True)
    radius_km: float | None = None
    if radius_raw is not None:  # documented as a number: an empty one is refused like page=
        try:
            radius_km = float(radius_raw)
            if not (0 < radius_km <= MAX_RADIUS_KM):
                raise ValueError
        except ValueError:
            errors.append(FieldError("radius_km", _(
                "harus berupa angka di atas 0 dan paling banyak %(max)s")
                % {"max": f"{MAX_RADIUS_KM:g}"}))
            radius_km = None
        if near_raw is None:  # a radius needs a centre: without `near` it is ignored
            radius_km = None

    per_page = whole_number(single(query, "per_page", errors, keep_empty=True), "per_page", 1,
                    MAX_PER_PAGE, errors) or DEFAULT_PER_PAGE
    page = whole_number(single(query, "page", errors, keep_empty=True), "page", 1, MAX_PAGE,
                        errors) or 1

    if errors:
        raise InvalidInput(errors, title="Invalid search parameters")
    return SearchParams(q=q.strip(), filters=filters, available=available, verified=verified,
                        sort=sort, near=near, radius_km=radius_km, page=page, per_page=per_page,
                        raw=raw)


def understood_params(params: SearchParams, understanding: Understanding) -> SearchParams:
    """The search the engine runs for an understood query: the filters read from the words
    join those of the request (OR within a facet, as if both were chosen), the text is the
    ordered terms, and the engine drops the least informative terms last-first when nothing
    matches them all. A trailing space: no prefix matching on a finished query."""
    filters = {name: tuple(values) for name, values in params.filters.items()}
    for name, values in understanding.filters.items():
        filters[name] = tuple(dict.fromkeys((*filters.get(name, ()), *values)))
    text = understanding.text
    return replace(params, q=f"{text} " if text else "", filters=filters,
                   available=params.available or understanding.available,
                   verified=params.verified or understanding.verified,
                   matching_strategy="last")


def build_filter(params: SearchParams, *, without: str | None = None) -> list[str | list[str]]:
    """Filter expression: OR within a facet, AND across facets. `without` drops one facet
    (for disjunctive facet counts). The same builder as the statistics (`search.facets`)."""
    geo = None
    if params.near and params.radius_km:
        geo = (params.near[0], params.near[1], params.radius_km * 1000)
    return list(facets.clauses(params.filters, without=without, available=params.available,
                               verified=params.verified, geo=geo))


# Meilisearch multi-search requests (its JSON): plain dicts.
def build_requests(index_uid: str, params: SearchParams
                   ) -> list[dict[str, Any]]:  # Meilisearch requests
    """The main query, then one facet-count query per facet that has a selection, so that a
    facet's counts ignore its own selection (users can widen as well as narrow)."""
    sort = list(SORTS[params.sort])
    if params.near and params.sort == "relevance":
        sort = [f"_geoPoint({params.near[0]}, {params.near[1]}):asc"]
    main: dict[str, Any] = {
        "indexUid": index_uid,
        "q": params.q,
        "filter": build_filter(params),
        "facets": list(FACET_ATTRIBUTES.values()),
        "page": params.page,
        "hitsPerPage": params.per_page,
        "attributesToRetrieve": HIT_ATTRIBUTES,
        # The cards' highlights and snippets, the translations' too: the card shows the text in
        # the reader's language (search/snippets.py).
        "attributesToHighlight": ["name", "headline", *_TRANSLATED_HEADLINES, *_DESCRIPTIONS],
        "attributesToCrop": _DESCRIPTIONS,
        "cropLength": 24,
        # Private-use markers, not HTML: pages escape the text first, then turn these into <mark>.
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    # Equal scores (and equal values of the chosen sort): the profile most worth contacting first
    # (directory/profiles/standing.py), then one stable order, the same after a restore.
    main["sort"] = [*sort, *TIE_BREAK]
    if params.matching_strategy:
        main["matchingStrategy"] = params.matching_strategy
    requests = [main]
    for name in params.filters:
        if name not in FACET_ATTRIBUTES:  # a filter without facet counts (language)
            continue
        requests.append({
            "indexUid": index_uid,
            "q": params.q,
            "filter": build_filter(params, without=name),
            "facets": [FACET_ATTRIBUTES[name]],
            "hitsPerPage": 0,
            "page": 1,
            **({"matchingStrategy": params.matching_strategy}
               if params.matching_strategy else {}),
        })
    return requests
