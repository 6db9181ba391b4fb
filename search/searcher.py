"""Runs searches against the profiles index and shapes the answer of the public contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory.taxonomy import ROLES, SERVICES, SUBSECTORS
from search import demand
from search.client import MeiliClient
from search.index_settings import ATTRIBUTE_FACETS, FACET_ATTRIBUTES
from search.query import HIGHLIGHT_PRE, SearchParams, build_requests

CORE_HIT_FIELDS = ("kind", "slug", "name", "headline", "url")


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]]
    facets: dict[str, dict[str, int]]
    highlights: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_api(self) -> dict[str, Any]:
        return {"total": self.total, "page": self.page, "per_page": self.per_page,
                "hits": self.hits, "facets": self.facets}


class Searcher:
    def __init__(self, client: MeiliClient, index_uid: str, db: Any = None) -> None:
        self.client = client
        self.index_uid = index_uid
        self.db = db  # where unmet demand is recorded (None: not recorded)

    async def search_recorded(self, params: SearchParams, source: str) -> SearchResult:
        """A search made by a person or a client (API, page): zero/low results are recorded."""
        result = await self.search(params)
        if self.db is not None and params.page == 1:
            await demand.record(self.db, params, result.total, source)
        return result

    async def suggest(self, q: str, lang: str, limit: int = 6) -> dict[str, Any]:
        """Autocomplete: profile names and taxonomy terms for a partial query."""
        q = q.strip()
        if not q:
            return {"q": q, "profiles": [], "terms": []}
        body = await self.client.search(self.index_uid, {
            "q": q, "limit": limit, "attributesToRetrieve": ["kind", "slug", "name", "url"],
            "attributesToSearchOn": ["name", "headline", "skills"],
        })
        return {"q": q, "profiles": body["hits"], "terms": matching_terms(q, lang, limit)}

    async def search(self, params: SearchParams) -> SearchResult:
        results = await self.client.multi_search(build_requests(self.index_uid, params))
        main, disjunctive = results[0], results[1:]
        distribution: dict[str, dict[str, int]] = dict(main.get("facetDistribution") or {})
        for name, extra in zip(params.filters, disjunctive, strict=True):
            attr = FACET_ATTRIBUTES[name]
            distribution[attr] = (extra.get("facetDistribution") or {}).get(attr, {})
        facets = {
            ATTRIBUTE_FACETS[attr]: dict(distribution.get(attr, {}))
            for attr in FACET_ATTRIBUTES.values()
        }
        hits: list[dict[str, Any]] = []
        highlights: dict[str, dict[str, str]] = {}
        for raw in main["hits"]:
            formatted = raw.pop("_formatted", None)
            distance = raw.pop("_geoDistance", None)
            geo = raw.pop("_geo", None)
            hit = {k: v for k, v in raw.items()
                   if k in CORE_HIT_FIELDS or (v is not None and v != [])}
            if geo is not None:
                hit["location"] = geo
            if distance is not None:
                hit["distance_m"] = distance
            hits.append(hit)
            if formatted:
                marks = {k: formatted[k] for k in ("name", "headline") if formatted.get(k)}
                snippet = formatted.get("description") or ""
                if params.q and HIGHLIGHT_PRE in snippet:  # only when it shows why it matched
                    marks["snippet"] = snippet
                highlights[f"{hit['kind']}-{hit['slug']}"] = marks
        return SearchResult(
            total=int(main.get("totalHits", 0)), page=params.page, per_page=params.per_page,
            hits=hits, facets=facets, highlights=highlights,
        )


_SUGGESTED = (("subsector", SUBSECTORS), ("service", SERVICES), ("role", ROLES))


def matching_terms(q: str, lang: str, limit: int) -> list[dict[str, str]]:
    """Taxonomy terms whose Indonesian or English label has a word starting with the query."""
    needle = q.casefold()
    out: list[dict[str, str]] = []
    for facet, vocab in _SUGGESTED:
        for term in vocab:
            labels = (term.id, term.en)
            words = [w for label in labels for w in label.casefold().replace("/", " ").split()]
            if any(w.startswith(needle) for w in words) or any(
                    label.casefold().startswith(needle) for label in labels):
                out.append({"facet": facet, "code": term.code, "label": term.label(lang),
                            "url": f"/cari?{facet}={term.code}"})
    return out[:limit]
