"""Reliable MongoDB → Meilisearch sync through a transactional outbox.

Every profile write records `{kind, slug}` in the `search_outbox` collection inside the same
MongoDB transaction. `SearchSync` applies pending entries to Meilisearch in order, re-reading the
current state of each profile, so applying is idempotent: while Meilisearch is down, writes still
succeed, entries wait, and the index catches up (with backoff) when it returns. One app process at
a time holds the sync lease; the others only kick or poll.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError, PyMongoError

from directory.db import Database, Session
from search.client import SearchTaskFailed, SearchUnavailable
from search.documents import LEASES, OUTBOX
from search.indexer import ProfileIndex

log = logging.getLogger("search.sync")

LEASE_ID = "search-sync"
LEASE_SECONDS = 15
BATCH = 5000
POLL_SECONDS = 0.5
MAX_BACKOFF = 30.0

Key = tuple[str, str]
DocumentLoader = Callable[[Sequence[Key]], Awaitable[tuple[list[dict[str, Any]], list[str]]]]


async def record(db: Database, keys: Sequence[Key], session: Session | None = None) -> None:
    """Add outbox entries; call inside the transaction that writes the profiles."""
    if keys:
        now = datetime.now(UTC)
        await db[OUTBOX].insert_many(
            [{"kind": kind, "slug": slug, "at": now} for kind, slug in keys], session=session)


class SearchSync:
    def __init__(self, db: Database, index: ProfileIndex, load: DocumentLoader) -> None:
        self.db = db
        self.index = index
        self.last_error: str | None = None  # of the worker loop, None after a good round
        self.failures = 0
        self.load = load
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._kick = asyncio.Event()

    def kick(self) -> None:
        """Wake the worker now (a write just committed) instead of at the next poll."""
        self._kick.set()

    async def pending(self) -> int:
        return int(await self.db[OUTBOX].count_documents({}))

    async def _acquire(self) -> bool:
        now = datetime.now(UTC)
        try:
            await self.db[LEASES].find_one_and_update(
                {"_id": LEASE_ID, "$or": [{"owner": self.owner}, {"expires": {"$lt": now}}]},
                {"$set": {"owner": self.owner,
                          "expires": now + timedelta(seconds=LEASE_SECONDS)}},
                upsert=True)
        except DuplicateKeyError:
            return False  # another process holds a live lease
        return True

    async def _release(self) -> None:
        await self.db[LEASES].delete_one({"_id": LEASE_ID, "owner": self.owner})

    async def drain_once(self) -> int:
        """Apply up to BATCH pending entries. Raises if Meilisearch or MongoDB fails."""
        entries = await self.db[OUTBOX].find({}, {"kind": 1, "slug": 1}).sort("_id", 1) \
            .limit(BATCH).to_list(None)
        if not entries:
            return 0
        keys = list(dict.fromkeys((e["kind"], e["slug"]) for e in entries))
        documents, removed = await self.load(keys)
        await self.index.upsert(documents, removed)
        await self.db[OUTBOX].delete_many({"_id": {"$in": [e["_id"] for e in entries]}})
        return len(entries)

    async def drain(self) -> int:
        """Apply everything pending now (holding the lease). Returns entries applied, or -1
        when another process holds the lease."""
        applied = 0
        while True:
            if not await self._acquire():
                return applied or -1
            try:
                while (n := await self.drain_once()):
                    applied += n
                    await self._acquire()  # extend the lease while working
            finally:
                await self._release()
            # Another process may have committed an entry after our last read and tried the
            # lease before we let it go: it gave up, so look once more after releasing.
            if not await self.db[OUTBOX].find_one({}, {"_id": 1}):
                return applied

    async def wait_until_applied(self, timeout: float = 60.0) -> bool:
        """Drain here, or (when another process holds the lease) wait for it to finish."""
        deadline = asyncio.get_running_loop().time() + timeout
        while await self.drain() == -1:
            if not await self.pending():
                return True
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """The worker loop: drain, then wait for a kick or the next poll; back off on failure."""
        backoff = POLL_SECONDS
        while not stop.is_set():
            self._kick.clear()
            try:
                await self.drain()
                self.last_error = None
                backoff = delay = POLL_SECONDS
                events = [self._kick, stop]
            except Exception as exc:  # noqa: BLE001 — the worker must outlive any one failure
                # Unavailable engine or database, a failed task, a revoked key: keep the entries
                # in the outbox, say so in readiness and metrics, and try again after a pause.
                self.last_error = f"{type(exc).__name__}: {exc}"[:300]
                self.failures += 1
                level = logging.WARNING if isinstance(
                    exc, SearchUnavailable | SearchTaskFailed | PyMongoError) else logging.ERROR
                log.log(level, "search sync failed, retrying in %.1fs: %s", backoff, exc)
                delay, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
                events = [stop]  # new writes must not cut the backoff short
            waiters = [asyncio.ensure_future(event.wait()) for event in events]
            await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
