"""Recent attempts per key (failed log-ins, inquiries, reports) for throttling. Entries expire
through the collection's TTL index (`accounts/indexes.py`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from directory.db import Database

COLLECTION = "attempts"


async def recent(db: Database, key: str, window: timedelta) -> int:
    return int(await db[COLLECTION].count_documents(
        {"key": key, "at": {"$gte": datetime.now(UTC) - window}}))


async def note(db: Database, *keys: str) -> None:
    at = datetime.now(UTC)
    await db[COLLECTION].insert_many([{"key": key, "at": at} for key in keys])


async def forget(db: Database, key: str) -> None:
    await db[COLLECTION].delete_many({"key": key})
