"""Unmet demand: zero- and low-result searches, recorded for the statistics work.

Only the query text, the filters, the result count and the time are kept: no IP address, no
user agent, no session — nothing that identifies who searched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from directory.db import Database
from search.query import SearchParams

COLLECTION = "search_demand"
LOW_RESULTS = 3


def demand_entry(params: SearchParams, total: int, source: str) -> dict[str, Any] | None:
    """The record to keep for this search, or None when it found enough (or asked nothing)."""
    if total > LOW_RESULTS or not (params.q or params.filters):
        return None
    return {
        "q": " ".join(params.q.casefold().split()),
        "filters": {name: list(values) for name, values in sorted(params.filters.items())},
        "available": params.available,
        "verified": params.verified,
        "total": total,
        "source": source,
        "at": datetime.now(UTC),
    }


async def record(db: Database, params: SearchParams, total: int, source: str) -> None:
    entry = demand_entry(params, total, source)
    if entry is not None:
        await db[COLLECTION].insert_one(entry)
