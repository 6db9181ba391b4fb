"""Runs searches against the profiles index and shapes the answer of the public contract."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any, cast

from directory.taxonomy import ROLES, SERVICES, SUBSECTORS
from search import demand, nearby, snippets
from search.client import MeiliClient, MeiliError, SearchUnavailable
from search.index_settings import ATTRIBUTE_FACETS, FACET_ATTRIBUTES
from search.query import (
    SearchParams,
    build_filter,
    build_requests,
    understood_params,
)
from search.shapes import (
    RelaxedAnswer,
    SearchAnswer,
    SearchHit,
    SuggestedProfile,
    SuggestedTerm,
    Suggestions,
)
from search.understanding.lexicon import lexicon, words_of
from search.understanding.parse import IndexVocabulary, Understanding, understand
from search.understanding.vocabulary import did_you_mean, vocabulary_from, vocabulary_requests

CORE_HIT_FIELDS = ("kind", "slug", "name", "headline", "url")
# How long the index's vocabulary (facet and concept counts) is reused: it only orders the
# terms of a query and feeds "did you mean", so a profile added since is found all the same.
# Reading it costs Meilisearch ~0.4 s of CPU at 100,000 profiles (89 counts): every 30 s that
# was ~1.4 % of a core under load, taken from searches.
VOCABULARY_SECONDS = 300.0

log = logging.getLogger(__name__)


@dataclass
class Relaxed:
    """Shown when nothing matched: a wider search, labelled as such. `reason` is `filters`
    (the filters read from the words were dropped), `did_you_mean` (the suggested spelling)
    or `all_filters` (the text without any filter)."""
    reason: str
    q: str
    dropped: list[str]
    result: SearchResult

    def to_api(self) -> RelaxedAnswer:
        return {"reason": self.reason, "q": self.q, "dropped": self.dropped,
                "total": self.result.total, "hits": self.result.api_hits}


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]]
    facets: dict[str, dict[str, int]]
    highlights: dict[str, dict[str, str]] = field(default_factory=dict)
    understood: Understanding | None = None
    relaxed: Relaxed | None = None
    did_you_mean: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    # Meilisearch hits as the pages read them (`api_hits` names them for the API).
    @property
    def shown(self) -> list[dict[str, Any]]:  # Meilisearch hits
        """What a person sees: the hits, or the relaxed hits when nothing matched."""
        return self.hits or (self.relaxed.result.hits if self.relaxed else [])

    @property
    def api_hits(self) -> list[SearchHit]:
        # Meilisearch documents, as search/query.py asks for them: SearchHit's fields only.
        return cast(list[SearchHit], self.hits)

    def to_api(self) -> SearchAnswer:
        return {"total": self.total, "page": self.page, "per_page": self.per_page,
                "hits": self.api_hits, "facets": self.facets,
                "understood": self.understood.to_api() if self.understood else None,
                "relaxed": self.relaxed.to_api() if self.relaxed else None,
                "did_you_mean": self.did_you_mean}


class Searcher:
    def __init__(self, client: MeiliClient, index_uid: str, db: Any = None) -> None:
        self.client = client
        self.index_uid = index_uid
        self.db = db  # where unmet demand is recorded (None: not recorded)
        self._vocabulary: tuple[float, IndexVocabulary] | None = None
        self._vocabulary_lock = asyncio.Lock()
        self._refresh: asyncio.Task[None] | None = None

    async def vocabulary(self) -> IndexVocabulary:
        """The index's vocabulary: read by the first search (the others wait for it), then
        again in the background once it is VOCABULARY_SECONDS old, while searches go on with
        the one they have — no search waits for the ~90 counts it takes."""
        if self._vocabulary is None:
            async with self._vocabulary_lock:
                if self._vocabulary is None:
                    self._vocabulary = (time.monotonic(), await self._read_vocabulary())
        elif self._refresh is None and \
                time.monotonic() - self._vocabulary[0] > VOCABULARY_SECONDS:
            self._refresh = asyncio.get_running_loop().create_task(self._refreshed())
        return self._vocabulary[1]

    async def _read_vocabulary(self) -> IndexVocabulary:
        lex = lexicon()
        return vocabulary_from(
            await self.client.multi_search(vocabulary_requests(self.index_uid, lex)), lex)

    async def _refreshed(self) -> None:
        try:
            self._vocabulary = (time.monotonic(), await self._read_vocabulary())
        except (SearchUnavailable, MeiliError) as exc:  # the old one serves; retried in 10 s
            log.warning("the search vocabulary could not be read again: %s", exc)
            if self._vocabulary is not None:
                self._vocabulary = (time.monotonic() - VOCABULARY_SECONDS + 10,
                                    self._vocabulary[1])
        finally:
            self._refresh = None

    async def record_need(self, q: str, need: str) -> None:
        """A need told in a person's words after a search found nothing (unmet demand)."""
        if self.db is not None:
            await demand.record_need(self.db, q, need)

    async def search_recorded(self, params: SearchParams, source: str) -> SearchResult:
        """A search made by a person or a client (API, page): zero/low results are recorded."""
        result = await self.search(params)
        if self.db is not None and params.page == 1:
            await demand.record(self.db, params, result.total, source)
        return result

    async def suggest(self, q: str, lang: str, limit: int = 6) -> Suggestions:
        """Autocomplete: profile names and taxonomy terms for a partial query."""
        q = q.strip()
        if not q:
            return {"q": q, "profiles": [], "terms": []}
        body = await self.client.search(self.index_uid, {
            "q": q, "limit": limit, "attributesToRetrieve": ["kind", "slug", "name", "url"],
            "attributesToSearchOn": ["name", "headline", "skills"],
        })
        # Meilisearch's hits, with the four attributes retrieved above
        profiles = cast(list[SuggestedProfile], body["hits"])
        return {"q": q, "profiles": profiles, "terms": matching_terms(q, lang, limit)}

    async def search(self, params: SearchParams) -> SearchResult:
        """A search as a person means it: the words are understood (filters, concepts, filler;
        `raw` turns that off), and when nothing matches, a relaxed search and a "did you
        mean" are added."""
        understanding = await self.understanding(params)
        if understanding is None:
            return await self._run(params)
        result = await self._run(understood_params(params, understanding))
        result.understood = understanding
        if result.total == 0:
            vocabulary = await self.vocabulary()
            result.did_you_mean = did_you_mean(understanding, vocabulary)
            result.relaxed = await self._relax(params, understanding, vocabulary,
                                               result.did_you_mean)
        return result

    async def understanding(self, params: SearchParams) -> Understanding | None:
        """How the words of a search are read, or None when they are searched as typed (`raw`,
        no words, or only filler such as "Baru")."""
        if params.raw or not params.q.strip():
            return None
        vocabulary = await self.vocabulary()
        understanding = understand(params.q, vocabulary)
        if understanding.chips:
            names = await self._named(params)
            if names:
                understanding = understand(params.q, vocabulary, names=names)
        return understanding if understanding.terms or understanding.chips else None

    async def _named(self, params: SearchParams) -> frozenset[str]:
        """The words of a profile name that spells out the query ("Batu Digital", "Dinoyo
        Game Studio"): a place or a kind of firm in a name is part of the name. Asked as a
        phrase: the engine then matches the words in order without typos, prefixes or
        synonyms — 0.5 ms of its CPU instead of 8.5 ms with every word matched apart, at
        100,000 profiles (benchmarks/cpu.py's data)."""
        words = " ".join(params.q.replace('"', " ").split())
        body = await self.client.search(self.index_uid, {
            "q": f'"{words}"', "attributesToSearchOn": ["name"],
            "filter": build_filter(params), "limit": 1, "attributesToRetrieve": ["name"]})
        hits = body.get("hits") or []
        return frozenset(words_of(hits[0]["name"])) if hits else frozenset()

    async def _relax(self, params: SearchParams, understanding: Understanding,
                     vocabulary: IndexVocabulary, suggestion: str | None) -> Relaxed | None:
        first = replace(params, page=1)
        if understanding.filters or understanding.available or understanding.verified:
            wider = replace(understanding, filters={}, available=False, verified=False)
            result = await self._run(understood_params(first, wider))
            if result.total:
                return Relaxed("filters", params.q, [c.source for c in understanding.chips],
                               result)
        if suggestion:
            result = await self._run(understood_params(first, understand(suggestion,
                                                                         vocabulary)))
            if result.total:
                return Relaxed("did_you_mean", suggestion, [], result)
        if params.filters or params.available or params.verified:
            bare = replace(understanding, filters={}, available=False, verified=False)
            result = await self._run(understood_params(
                replace(first, filters={}, available=False, verified=False, near=None,
                        radius_km=None), bare))
            if result.total:
                dropped = [*sorted(params.filters),
                           *(["available"] if params.available else []),
                           *(["verified"] if params.verified else []),
                           *(["near"] if params.near else [])]
                return Relaxed("all_filters", params.q, dropped, result)
        return None

    async def _run(self, params: SearchParams) -> SearchResult:
        requests = build_requests(self.index_uid, params)
        nearest = params.near is not None and params.sort == "relevance"
        if nearest:  # inside the radius, the nearest first (search/nearby.py)
            requests = [nearby.window_request(requests[0]), *requests[1:]]
        results = await self.client.multi_search(requests)
        main, disjunctive = results[0], results[1:]
        if nearest:
            ids = nearby.page_ids(main["hits"], params.page, params.per_page)
            page = (await self.client.multi_search([nearby.page_request(
                build_requests(self.index_uid, params)[0], ids)]))[0] if ids else {"hits": []}
            main = {**main, "hits": nearby.in_order(page["hits"], ids)}
        distribution: dict[str, dict[str, int]] = dict(main.get("facetDistribution") or {})
        counted = [name for name in params.filters if name in FACET_ATTRIBUTES]  # not language
        for name, extra in zip(counted, disjunctive, strict=True):
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
            average, count = raw.pop("rating_average", None), raw.pop("rating_count", None)
            hit = {k: v for k, v in raw.items()
                   if k in CORE_HIT_FIELDS or (v is not None and v != [])}
            if geo is not None:
                hit["location"] = geo
            if distance is not None:
                hit["distance_m"] = distance
            if count:  # once the profile has published reviews
                hit["rating"] = {"average": average, "count": count}
            hits.append(hit)
            if formatted:  # snippets only when they show why it matched
                highlights[f"{hit['kind']}-{hit['slug']}"] = snippets.marks(
                    formatted, words=bool(params.q))
        return SearchResult(
            total=int(main.get("totalHits", 0)), page=params.page, per_page=params.per_page,
            hits=hits, facets=facets, highlights=highlights,
        )


_SUGGESTED = (("subsector", SUBSECTORS), ("service", SERVICES), ("role", ROLES))


def matching_terms(q: str, lang: str, limit: int) -> list[SuggestedTerm]:
    """Taxonomy terms whose Indonesian or English label has a word starting with the query."""
    needle = q.casefold()
    out: list[SuggestedTerm] = []
    for facet, vocab in _SUGGESTED:
        for term in vocab:
            labels = (term.id, term.en)
            words = [w for label in labels for w in label.casefold().replace("/", " ").split()]
            if any(w.startswith(needle) for w in words) or any(
                    label.casefold().startswith(needle) for label in labels):
                out.append({"facet": facet, "code": term.code, "label": term.label(lang),
                            "url": f"/cari?{facet}={term.code}"})
    return out[:limit]
