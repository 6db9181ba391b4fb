"""Recent attempts per key (failed log-ins, inquiries, reports) for throttling. Entries expire
through the TTL index declared on `directory.accounts.documents.Attempt`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from directory.db import Database

COLLECTION = "attempts"


async def recent(db: Database, key: str, window: timedelta) -> int:
    return int(await db[COLLECTION].count_documents(
        {"key": key, "at": {"$gte": datetime.now(UTC) - window}}))


async def note(db: Database, *keys: str) -> None:
    at = datetime.now(UTC)
    await db[COLLECTION].insert_many([{"key": key, "at": at} for key in keys])


async def forget(db: Database, *keys: str) -> None:
    await db[COLLECTION].delete_many({"key": {"$in": list(keys)}})


async def forget_prefix(db: Database, prefix: str) -> None:
    await db[COLLECTION].delete_many({"key": {"$regex": "^" + re.escape(prefix)}})
