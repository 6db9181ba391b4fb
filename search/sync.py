"""Reliable MongoDB → Meilisearch sync through a transactional outbox, for one or more nodes.

Every profile write records `{kind, slug}` in the `search_outbox` collection and raises the
profile's search version (search/versions.py) inside the same MongoDB transaction. Each search
node has a `SearchSync`: it applies the entries its node has not applied yet (`done` does not
name it), re-reading the current state of each profile, so applying is idempotent: while a node
is down, writes still succeed, its entries wait, and it catches up (with backoff) when it
returns. An entry is removed once every consumer applied it (search/consumers.py).

Fencing: one process at a time holds a node's lease. Just before it writes to the index a worker
extends its lease *only if it still holds it*; a worker that stalled past its lease writes
nothing and leaves its entries to the new holder. Should it lose the lease between that check
and the write landing, it records its keys again so that the holder writes them after it. On
top, every write is versioned: the index never takes an older `sync_v` over a newer one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pymongo.errors import DuplicateKeyError, PyMongoError

from directory.db import Database, Session
from search import consumers, versions
from search.client import SearchTaskFailed, SearchUnavailable
from search.documents import LEASES, OUTBOX
from search.indexer import ProfileIndex

log = logging.getLogger("search.sync")

LEASE_ID = "search-sync"
LEASE_SECONDS = 15.0
BATCH = 5000
POLL_SECONDS = 0.5
MAX_BACKOFF = 30.0
REGISTER_EVERY = 60.0  # seconds between refreshes of a node's consumer registration

Key = tuple[str, str]
DocumentLoader = Callable[[Sequence[Key]], Awaitable[tuple[list[dict[str, Any]], list[str]]]]


def shown(url: str) -> str:
    """A node's URL as health, metrics and logs may show it (no user:password@)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


class LeaseLost(RuntimeError):
    """This worker no longer holds its node's lease: it must not write (its entries wait)."""


async def record(db: Database, keys: Sequence[Key], session: Session | None = None) -> None:
    """Add outbox entries and raise the profiles' search versions; call inside the transaction
    that writes the profiles."""
    if keys:
        now = datetime.now(UTC)
        await versions.bump(db, keys, session)
        await db[OUTBOX].insert_many(
            [{"kind": kind, "slug": slug, "at": now} for kind, slug in keys], session=session)


class SearchSync:
    """The sync of one search node (`node`: its URL, the same in every process)."""

    def __init__(self, db: Database, index: ProfileIndex, load: DocumentLoader,
                 node: str | None = None, lease_seconds: float = LEASE_SECONDS) -> None:
        self.db = db
        self.index = index
        self.node = node or index.client.url
        self.name = shown(self.node)
        self.consumer = consumers.node(self.node)
        self.lease_id = f"{LEASE_ID}:{self.node}"
        self.lease_seconds = lease_seconds
        self.last_error: str | None = None  # of the worker loop, None after a good round
        self.failures = 0
        self.skipped = 0  # documents not written because the index held a newer version
        self.load = load
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._kick = asyncio.Event()
        self._registered = 0.0
        self.peers: list[SearchSync] = []  # the other nodes' syncs in this process

    def kick(self) -> None:
        """Wake the worker now (a write just committed) instead of at the next poll."""
        self._kick.set()

    async def pending(self, consumer: str | None = None) -> int:
        """Outbox entries this node (or `consumer`) has not applied yet: its lag."""
        return int(await self.db[OUTBOX].count_documents(
            {"done": {"$ne": consumer or self.consumer}}))

    async def register(self) -> None:
        """Say that this node, and the other nodes of this process (`peers`), must apply every
        entry — before any of them applies one, so the first never removes an entry the others
        still need. Refreshed at most every minute."""
        for node in [self, *self.peers]:
            await node._register_self()

    async def _register_self(self) -> None:
        if time.monotonic() - self._registered > REGISTER_EVERY:
            await consumers.register(self.db, self.consumer, consumers.NODE_SECONDS)
            self._registered = time.monotonic()

    async def _acquire(self) -> bool:
        """Take or extend the lease; a process waiting for it (a rebuild's last step, see
        `hold`) goes first."""
        now = datetime.now(UTC)
        try:
            await self.db[LEASES].find_one_and_update(
                {"_id": self.lease_id,
                 "$and": [{"$or": [{"owner": self.owner}, {"expires": {"$lt": now}}]},
                          {"$or": [{"next": {"$exists": False}}, {"next": self.owner},
                                   {"next_until": {"$lt": now}}]}]},
                {"$set": {"owner": self.owner,
                          "expires": now + timedelta(seconds=self.lease_seconds)},
                 "$unset": {"next": "", "next_until": ""}},
                upsert=True)
        except DuplicateKeyError:
            return False  # another process holds a live lease, or waits for it
        return True

    async def _wanted(self) -> bool:
        """Another process waits for this lease (see `hold`)."""
        return await self.db[LEASES].find_one(
            {"_id": self.lease_id, "next": {"$exists": True, "$ne": self.owner},
             "next_until": {"$gt": datetime.now(UTC)}}) is not None

    async def _fence(self) -> bool:
        """Extend the lease if, and only if, this worker still holds it: nobody took it over
        since (a lapsed lease nobody took is still safe to write under — no one else wrote)."""
        now = datetime.now(UTC)
        held = await self.db[LEASES].find_one_and_update(
            {"_id": self.lease_id, "owner": self.owner},
            {"$set": {"expires": now + timedelta(seconds=self.lease_seconds)}})
        return held is not None

    async def _release(self) -> None:
        # Lapse it rather than delete it: a waiting process's place (`next`) stays.
        await self.db[LEASES].update_one({"_id": self.lease_id, "owner": self.owner},
                                         {"$set": {"expires": datetime(1970, 1, 1, tzinfo=UTC)}})

    async def prepared(self, keys: Sequence[Key]
                       ) -> tuple[list[dict[str, Any]], dict[str, int]]:  # Meilisearch documents
        """The stamped current documents of `keys` and the removals `{id: version}`. Versions
        are read before the profiles, so no document is older than its label."""
        held = await versions.current(self.db, [versions.doc_id(k, s) for k, s in keys])
        documents, removed = await self.load(keys)
        return ([versions.stamp(d, held.get(d["id"], 0)) for d in documents],
                {i: held.get(i, 0) for i in removed})

    async def write(self, keys: Sequence[Key], documents: list[dict[str, Any]],
                    removed: dict[str, int], uid: str, fenced: bool = True) -> None:
        """Write prepared documents to index `uid`, fenced by the lease (see the module)."""
        if fenced and not await self._fence():
            raise LeaseLost(f"lease on {self.name} lost before writing; entries left waiting")
        skipped = await self.index.apply(documents, removed, uid)
        self.skipped += len(skipped)
        if skipped:
            await self._beyond_mongodb(skipped)
        if fenced and not await self._fence():
            await record(self.db, keys)  # the new holder writes them again, after us
            raise LeaseLost(f"lease on {self.name} lost while writing; keys recorded again")

    async def _beyond_mongodb(self, skipped: dict[str, int]) -> None:
        """Skipped documents are normally those a newer writer already put in the index. If
        the index holds a version MongoDB never reached (counters reset), lift the counters
        above it and record the keys again, so the current state is written after all."""
        current = await versions.current(self.db, list(skipped))
        reset = {i: held for i, held in skipped.items() if held > current[i]}
        if reset:
            log.warning("search index %s holds versions MongoDB never reached for %d profiles; "
                        "writing them again", self.name, len(reset))
            await versions.lift(self.db, reset)
            await record(self.db, [(kind, slug) for kind, _, slug in
                                   (i.partition("-") for i in reset)])

    async def drain_once(self, consumer: str | None = None, uid: str | None = None,
                         fenced: bool = True, among: str | None = None) -> int:
        """Apply up to BATCH entries `consumer` (this node) has not applied to index `uid`
        (only those `among` has applied, when given). Raises if Meilisearch or MongoDB fails,
        or LeaseLost."""
        consumer = consumer or self.consumer
        query: dict[str, Any] = {"done": {"$ne": consumer}}
        if among is not None:
            query = {"$and": [query, {"done": among}]}
        entries = await self.db[OUTBOX].find(query, {"kind": 1, "slug": 1}) \
            .sort("_id", 1).limit(BATCH).to_list(None)
        if not entries:
            return 0
        keys = list(dict.fromkeys((e["kind"], e["slug"]) for e in entries))
        documents, removed = await self.prepared(keys)
        await self.write(keys, documents, removed, uid or self.index.uid, fenced)
        await consumers.mark_done(self.db, [e["_id"] for e in entries], consumer)
        return len(entries)

    async def drain(self) -> int:
        """Apply everything pending now (holding the lease). Returns entries applied, or -1
        when another process holds the lease."""
        await self.register()
        # Idle (nearly always): one indexed read, no lease write — two writes every poll of
        # every process would go on filling the oplog and cost MongoDB CPU beside searches.
        if not await self._has_pending():
            return 0
        applied = 0
        while True:
            if not await self._acquire():
                return applied or -1
            try:
                while (n := await self.drain_once()):
                    applied += n
                    if await self._wanted():
                        break  # let the waiting rebuild in; this worker comes back after
            finally:
                await self._release()
            # Another process may have committed an entry after our last read and tried the
            # lease before we let it go: it gave up, so look once more after releasing.
            if not await self._has_pending():
                return applied

    async def _has_pending(self) -> bool:
        return await self.db[OUTBOX].find_one({"done": {"$ne": self.consumer}},
                                              {"_id": 1}) is not None

    async def hold(self, timeout: float = 60.0) -> None:
        """Take the node's lease, waiting for its holder to let go (a rebuild's last step):
        marked as next, so the holder stops after its current batch and nobody else cuts in."""
        deadline = time.monotonic() + timeout
        while not await self._acquire():
            if time.monotonic() > deadline:
                raise LeaseLost(f"the lease on {self.name} stayed taken for {timeout:.0f}s")
            now = datetime.now(UTC)
            await self.db[LEASES].update_one(
                {"_id": self.lease_id, "$or": [{"next": {"$exists": False}},
                                               {"next": self.owner},
                                               {"next_until": {"$lt": now}}]},
                {"$set": {"next": self.owner, "next_until": now + timedelta(seconds=5)}})
            await asyncio.sleep(0.05)

    async def release(self) -> None:
        await self._release()

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
                # Unavailable engine or database, a failed task, a revoked key, a lost lease:
                # keep the entries in the outbox, say so in readiness and metrics, and try
                # again after a pause.
                self.last_error = f"{type(exc).__name__}: {exc}"[:300]
                self.failures += 1
                level = logging.WARNING if isinstance(
                    exc, SearchUnavailable | SearchTaskFailed | PyMongoError | LeaseLost) \
                    else logging.ERROR
                log.log(level, "search sync of %s failed, retrying in %.1fs: %s", self.name,
                        backoff, exc)
                delay, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
                events = [stop]  # new writes must not cut the backoff short
            waiters = [asyncio.ensure_future(event.wait()) for event in events]
            await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
