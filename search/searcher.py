"""Runs searches against the profiles index and shapes the answer of the public contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from search.client import MeiliClient
from search.index_settings import ATTRIBUTE_FACETS, FACET_ATTRIBUTES
from search.query import SearchParams, build_requests

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
    def __init__(self, client: MeiliClient, index_uid: str) -> None:
        self.client = client
        self.index_uid = index_uid

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
                highlights[f"{hit['kind']}-{hit['slug']}"] = {
                    k: formatted[k] for k in ("name", "headline") if formatted.get(k)
                }
        return SearchResult(
            total=int(main.get("totalHits", 0)), page=params.page, per_page=params.per_page,
            hits=hits, facets=facets, highlights=highlights,
        )
