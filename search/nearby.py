""""Near me": inside the radius, the nearest first.

The index ranks by words, typo, proximity, exactness and attribute before any sort, so a
`_geoPoint` sort alone only orders profiles of equal relevance (5 km came before 0.8 km). A
search with `near` therefore runs in two steps, as pure request builders here: the matches
inside the radius (ids and locations only, up to NEAR_WINDOW of them) are ordered by distance,
then the page's profiles are fetched by id with the usual fields and highlights."""

from __future__ import annotations

import json
import math
from typing import Any

NEAR_WINDOW = 1000  # matches ordered by distance; beyond them the engine's order (relevance)
_DISPLAY_ONLY = ("attributesToHighlight", "attributesToCrop", "cropLength", "highlightPreTag",
                 "highlightPostTag")


# Meilisearch search requests and hits (its JSON): plain dicts.
def window_request(main: dict[str, Any]) -> dict[str, Any]:  # a Meilisearch request
    """The main request (same words, filters, facets), asking only for ids and distances."""
    out = {k: v for k, v in main.items() if k not in _DISPLAY_ONLY}
    out.update(page=1, hitsPerPage=NEAR_WINDOW, attributesToRetrieve=["id", "_geo", "standing"])
    return out


def page_ids(hits: list[dict[str, Any]], page: int, per_page: int) -> list[str]:
    """The ids of one page, nearest first (equal distances: the higher standing, then id)."""
    ordered = sorted(hits, key=lambda h: (h.get("_geoDistance", math.inf),
                                          -h.get("standing", -math.inf), h["id"]))
    start = (page - 1) * per_page
    return [h["id"] for h in ordered[start:start + per_page]]


def page_request(main: dict[str, Any], ids: list[str]) -> dict[str, Any]:  # a Meilisearch request
    """The main request restricted to the page's ids (whatever their rank)."""
    listed = ", ".join(json.dumps(i) for i in ids)
    return {**main, "filter": [*main["filter"], f"id IN [{listed}]"], "facets": [],
            "page": 1, "hitsPerPage": len(ids)}


def in_order(hits: list[dict[str, Any]], ids: list[str]
             ) -> list[dict[str, Any]]:  # Meilisearch hits
    rank = {i: n for n, i in enumerate(ids)}
    return sorted(hits, key=lambda h: rank.get(f"{h['kind']}-{h['slug']}", len(rank)))
