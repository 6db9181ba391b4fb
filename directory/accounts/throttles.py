"""Recent attempts per key (failed log-ins, inquiries, reports) for throttling. Entries expire
through the TTL index declared on `directory.accounts.documents.Attempt`.

`reserve` is the atomic gate: an attempt is recorded *first* and the decision taken from the
count that includes it, so N concurrent attempts in any number of processes let at most the
limit through (the k-th insert to land always counts at least k). Checking first and recording
afterwards let 12–27 of 40 concurrent wrong passwords through a limit of 5."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from directory.db import Database

COLLECTION = "attempts"


async def recent(db: Database, key: str, window: timedelta) -> int:
    return int(await db[COLLECTION].count_documents(
        {"key": key, "at": {"$gte": datetime.now(UTC) - window}}))


async def note(db: Database, *keys: str) -> None:
    at = datetime.now(UTC)
    await db[COLLECTION].insert_many([{"key": key, "at": at} for key in keys])


async def reserve(db: Database, limits: list[tuple[str, int]], window: timedelta
                  ) -> list[Any] | None:
    """Record an attempt under each key, then keep it only if every key's count within the
    window (this attempt included) is within its limit: the ids of the records, or None (and
    nothing recorded) when a limit is reached."""
    at = datetime.now(UTC)
    inserted = await db[COLLECTION].insert_many([{"key": key, "at": at} for key, _ in limits])
    ids = list(inserted.inserted_ids)
    for key, limit in limits:
        if await recent(db, key, window) > limit:
            await release(db, ids)
            return None
    return ids


async def release(db: Database, ids: list[Any]) -> None:
    """An attempt that turned out fine (a correct password) no longer counts."""
    await db[COLLECTION].delete_many({"_id": {"$in": ids}})


async def forget(db: Database, *keys: str) -> None:
    await db[COLLECTION].delete_many({"key": {"$in": list(keys)}})


async def forget_prefix(db: Database, prefix: str) -> None:
    await db[COLLECTION].delete_many({"key": {"$regex": "^" + re.escape(prefix)}})
