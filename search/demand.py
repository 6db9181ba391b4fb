"""Unmet demand: zero- and low-result searches, recorded for the statistics work.

Only the query text, the filters, the result count and the time are kept: no IP address, no
user agent, no session — nothing that identifies who searched.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from pymongo.errors import PyMongoError

from directory.db import Database
from directory.errors import FieldError, InvalidInput
from directory.i18n import gettext as _
from search.documents import DEMAND as COLLECTION
from search.query import MAX_QUERY_LENGTH, SearchParams
from search.shapes import DemandEntry

LOW_RESULTS = 3
MAX_PENDING = 256
MAX_NEED_LENGTH = 1000
log = logging.getLogger(__name__)
_pending: set[asyncio.Task[None]] = set()


def demand_entry(params: SearchParams, total: int, source: str) -> DemandEntry | None:
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
    """Keep the record off the request path: a search never waits for (or fails with) this
    optional write. At most MAX_PENDING writes wait at once; beyond that records are dropped."""
    entry = demand_entry(params, total, source)
    if entry is None:
        return
    if len(_pending) >= MAX_PENDING:
        log.warning("unmet-demand records are backing up; dropped one")
        return
    task = asyncio.get_running_loop().create_task(_write(db, entry))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _write(db: Any, entry: DemandEntry) -> None:
    try:
        await db[COLLECTION].insert_one(dict(entry))
    except PyMongoError as exc:
        log.warning("unmet-demand record not saved: %s", exc)


async def flushed() -> None:
    """Wait until every record handed to `record` is written (app shutdown, tests)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)


def need_entry(q: str, need: str) -> DemandEntry:
    """A need told in a person's own words after a search that found nothing: kept beside the
    zero-result searches (same query, `source` "need"), with the words and nothing else."""
    q, need = " ".join(q.casefold().split()), need.strip()
    errors = []
    if not need:
        errors.append(FieldError("need", _("ceritakan apa yang Anda cari")))
    elif len(need) > MAX_NEED_LENGTH:
        errors.append(FieldError("need", _("harus paling banyak %(max)s karakter")
                                 % {"max": MAX_NEED_LENGTH}))
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(FieldError("q", _("harus paling banyak %(max)s karakter")
                                 % {"max": MAX_QUERY_LENGTH}))
    if errors:
        raise InvalidInput(errors, title="Invalid need")
    return {"q": q, "filters": {}, "available": False, "verified": False, "total": 0,
            "source": "need", "need": need, "at": datetime.now(UTC)}


async def record_need(db: Any, q: str, need: str) -> None:
    await db[COLLECTION].insert_one(need_entry(q, need))
