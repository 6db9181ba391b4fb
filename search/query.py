"""Search parameters → Meilisearch requests, as pure functions (unit-testable without a server)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from directory.errors import FieldError, InvalidInput
from directory.i18n import LANGUAGES
from directory.i18n import gettext as _
from directory.taxonomy import (
    KECAMATAN,
    KINDS,
    MARKETS,
    ORG_TYPES,
    ROLES,
    SERVICES,
    SUBSECTORS,
    Vocabulary,
)
from search.index_settings import FACET_ATTRIBUTES, HIT_ATTRIBUTES, MAX_TOTAL_HITS, SORTS

CODE_FACETS: dict[str, Vocabulary] = {
    "kind": KINDS, "subsector": SUBSECTORS, "service": SERVICES, "role": ROLES,
    "kecamatan": KECAMATAN, "org_type": ORG_TYPES, "market": MARKETS,
}
BOOLEAN_PARAMS = ("available", "verified")
KNOWN_PARAMS = set(FACET_ATTRIBUTES) | set(BOOLEAN_PARAMS) | {
    "q", "sort", "near", "radius_km", "page", "per_page", "lang",
}
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
MAX_RADIUS_KM = 100.0
HIGHLIGHT_PRE = "\ue000"
HIGHLIGHT_POST = "\ue001"


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

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.filters.get(facet, ())


def _one(values: Sequence[str], name: str, errors: list[FieldError]) -> str | None:
    if len(values) > 1:
        errors.append(FieldError(name, _("hanya boleh diberikan sekali")))
        return None
    return values[0] if values else None


def _int(raw: str | None, name: str, lo: int, hi: int, errors: list[FieldError]) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors.append(FieldError(name, _("harus berupa bilangan bulat, bukan %(value)s")
                                 % {"value": repr(raw)}))
        return None
    if not lo <= value <= hi:
        errors.append(FieldError(name, _("harus antara %(low)s dan %(high)s, bukan %(value)s")
                                 % {"low": lo, "high": hi, "value": value}))
        return None
    return value


def _bool(raw: str | None, name: str, errors: list[FieldError]) -> bool:
    if raw is None or raw == "":
        return False
    lowered = raw.lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    errors.append(FieldError(name, _("harus true atau false, bukan %(value)s")
                             % {"value": repr(raw)}))
    return False


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
        for name in sorted(set(query) - KNOWN_PARAMS):
            errors.append(FieldError(name, _("parameter tidak dikenal")))

    filters: dict[str, tuple[str, ...]] = {}
    for name in FACET_ATTRIBUTES:
        values = [v.strip() for v in query.get(name, ()) if v.strip()]
        if not values:
            continue
        if name == "skill":
            values = [v.casefold() for v in values]
            too_long = [v for v in values if len(v) > 40]
            if too_long:
                errors.append(FieldError(name, _("satu keahlian paling banyak 40 karakter")))
                continue
        vocab = CODE_FACETS.get(name)
        if vocab is not None:
            unknown = [v for v in values if v not in vocab]
            if unknown:
                errors.append(FieldError(name, _(
                    "kode %(vocabulary)s tidak dikenal: %(value)s; harus salah satu dari: "
                    "%(codes)s") % {"vocabulary": vocab.name, "value": repr(unknown[0]),
                                    "codes": ", ".join(vocab.codes)}))
                continue
        filters[name] = tuple(dict.fromkeys(values))

    lang = _one(query.get("lang", ()), "lang", errors)
    if lang is not None and lang not in LANGUAGES:  # the app's language switch, on every route
        errors.append(FieldError("lang", _("harus 'id' atau 'en'")))

    q = _one(query.get("q", ()), "q", errors) or ""
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(FieldError("q", _("harus paling banyak %(max)s karakter")
                                 % {"max": MAX_QUERY_LENGTH}))

    available = _bool(_one(query.get("available", ()), "available", errors), "available", errors)
    verified = _bool(_one(query.get("verified", ()), "verified", errors), "verified", errors)

    sort = _one(query.get("sort", ()), "sort", errors) or "relevance"
    if sort not in SORTS:
        errors.append(FieldError("sort", _(
            "urutan %(value)s tidak dikenal; harus salah satu dari: %(codes)s")
            % {"value": repr(sort), "codes": ", ".join(SORTS)}))

    near_raw = _one(query.get("near", ()), "near", errors)
    near = _near(near_raw, errors) if near_raw else None
    radius_raw = _one(query.get("radius_km", ()), "radius_km", errors)
    radius_km: float | None = None
    if radius_raw:
        try:
            radius_km = float(radius_raw)
            if not (0 < radius_km <= MAX_RADIUS_KM):
                raise ValueError
        except ValueError:
            errors.append(FieldError("radius_km", _(
                "harus berupa angka di atas 0 dan paling banyak %(max)s")
                % {"max": f"{MAX_RADIUS_KM:g}"}))
            radius_km = None
        if near_raw is None:
            errors.append(FieldError("radius_km", _("memerlukan near=lat,lng")))

    per_page = _int(_one(query.get("per_page", ()), "per_page", errors), "per_page", 1,
                    MAX_PER_PAGE, errors) or DEFAULT_PER_PAGE
    page = _int(_one(query.get("page", ()), "page", errors), "page", 1,
                MAX_TOTAL_HITS, errors) or 1
    if page * per_page > MAX_TOTAL_HITS:
        errors.append(FieldError("page", _("page × per_page harus paling banyak %(max)s")
                                 % {"max": MAX_TOTAL_HITS}))

    if errors:
        raise InvalidInput(errors, title="Invalid search parameters")
    return SearchParams(q=q.strip(), filters=filters, available=available, verified=verified,
                        sort=sort, near=near, radius_km=radius_km, page=page, per_page=per_page)


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def build_filter(params: SearchParams, *, without: str | None = None) -> list[str | list[str]]:
    """Filter expression: OR within a facet, AND across facets. `without` drops one facet
    (for disjunctive facet counts)."""
    clauses: list[str | list[str]] = []
    for name, values in params.filters.items():
        if name == without:
            continue
        attr = FACET_ATTRIBUTES[name]
        clauses.append(f"{attr} IN [{', '.join(_quote(v) for v in values)}]")
    if params.available:
        clauses.append("available = true")
    if params.verified:
        clauses.append("verified = true")
    if params.near and params.radius_km:
        lat, lng = params.near
        clauses.append(f"_geoRadius({lat}, {lng}, {int(params.radius_km * 1000)})")
    return clauses


def build_requests(index_uid: str, params: SearchParams) -> list[dict[str, Any]]:
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
        "attributesToHighlight": ["name", "headline"],
        "attributesToCrop": ["description"],
        "cropLength": 24,
        # Private-use markers, not HTML: pages escape the text first, then turn these into <mark>.
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    main["sort"] = [*sort, "id:asc"]  # equal scores in one stable order, the same after a restore
    requests = [main]
    for name in params.filters:
        requests.append({
            "indexUid": index_uid,
            "q": params.q,
            "filter": build_filter(params, without=name),
            "facets": [FACET_ATTRIBUTES[name]],
            "hitsPerPage": 0,
            "page": 1,
        })
    return requests
