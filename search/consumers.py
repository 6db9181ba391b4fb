"""Who must apply an outbox entry before it may be removed.

Every search node has its own position over the one outbox: an entry lists in `done` the
consumers that applied it, and is removed once every registered consumer has. Consumers are the
search nodes (`node:<url>`, registered by their sync workers, kept while any process serves
them) and running rebuilds (`rebuild:<url>`, which must replay every change made while they run).

Why removal is safe: a worker reads the live consumers only *after* it applied its entries, so an
entry removed without a rebuild's mark was committed before that rebuild registered, that is,
before its scan of MongoDB began — the scan sees the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from directory.db import Database
from search.documents import CONSUMERS, OUTBOX

NODE_SECONDS = 7 * 24 * 3600  # a node no process has served for a week stops holding entries
REBUILD_SECONDS = 600  # a rebuild refreshes this on every batch; a crashed one lapses


def node(url: str) -> str:
    return f"node:{url}"


def rebuild(url: str) -> str:
    return f"rebuild:{url}"


async def register(db: Database, consumer: str, seconds: float) -> None:
    await db[CONSUMERS].update_one(
        {"_id": consumer},
        {"$set": {"expires": datetime.now(UTC) + timedelta(seconds=seconds)}}, upsert=True)


async def registered(db: Database, consumer: str) -> bool:
    found = await db[CONSUMERS].find_one({"_id": consumer, "expires": {"$gt": datetime.now(UTC)}})
    return found is not None


async def unregister(db: Database, consumer: str) -> None:
    await db[CONSUMERS].delete_one({"_id": consumer})


async def active(db: Database) -> list[str]:
    return [c["_id"] async for c in db[CONSUMERS].find({"expires": {"$gt": datetime.now(UTC)}})]


async def mark_done(db: Database, ids: Sequence[Any], consumer: str) -> None:
    """Record that `consumer` applied these entries, and remove those every consumer has."""
    await db[OUTBOX].update_many({"_id": {"$in": list(ids)}}, {"$addToSet": {"done": consumer}})
    await remove_done(db, ids)


async def remove_done(db: Database, ids: Sequence[Any] | None = None) -> None:
    everyone = await active(db)
    if not everyone:
        return
    query: dict[str, Any] = {"done": {"$all": everyone}}
    if ids is not None:
        query["_id"] = {"$in": list(ids)}
    await db[OUTBOX].delete_many(query)
