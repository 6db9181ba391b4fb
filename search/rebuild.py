"""A rebuild of one search node that loses nothing.

1. Register as an outbox consumer (`rebuild:<node>`): from now on no entry is removed before
   this rebuild has applied it (search/consumers.py says why that covers every change the scan
   might miss or see too early).
2. Read every search version, then scan MongoDB into a fresh staging index, each document
   stamped with the version read before it (its content is never older than that).
3. Replay every entry this rebuild has not applied into the staging index.
4. Take the node's lease (its sync worker pauses after its batch), replay what the node's worker
   applied to the old index and this rebuild did not, swap the staging index in, replay again
   (nothing can be left: the worker is paused), release. Whatever the worker has not applied
   yet it applies to the new index after; steps 3 and 4 are bounded even under a stream of
   edits (only step 4's set must be complete, and it cannot grow while the lease is held).
Versioned writes (search/indexer.py) keep a replay from ever putting an older state back.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable
from typing import Any

from search import consumers, versions
from search.sync import SearchSync

CATCH_UP_ROUNDS = 3  # replays before the lease: fewer entries left for the paused worker
CAUGHT_UP = 1  # a replay round that applied less than this ends the replay
UNBOUNDED = 1_000_000

Documents = Callable[[], AsyncIterable[list[dict[str, Any]]]]


class RebuildExpired(RuntimeError):
    """The rebuild's registration lapsed (it ran too slowly): changes may have been missed."""


async def rebuild(sync: SearchSync, documents: Documents,
                  progress: Callable[[int], None] | None = None) -> int:
    """Rebuild `sync`'s node from `documents()` (every public search document)."""
    # A lease owner of its own: the node's worker in this very process must pause too.
    sync = SearchSync(sync.db, sync.index, sync.load, node=sync.node,
                      lease_seconds=sync.lease_seconds)
    db, index = sync.db, sync.index
    consumer = consumers.rebuild(sync.node)

    async def heartbeat() -> None:
        if not await consumers.registered(db, consumer):
            raise RebuildExpired(f"the rebuild of {sync.name} lapsed; run it again")
        await consumers.register(db, consumer, consumers.REBUILD_SECONDS)

    async def replay(uid: str, fenced: bool, among: str | None, rounds: int) -> None:
        for _ in range(rounds):
            applied = await sync.drain_once(consumer, uid, fenced, among)
            await heartbeat()
            if applied < CAUGHT_UP:
                return

    await consumers.register(db, consumer, consumers.REBUILD_SECONDS)
    try:
        staging = await index.prepare_staging()
        held = await versions.every(db)
        count = 0
        tasks = []
        async for batch in documents():
            if batch:
                stamped = [versions.stamp(d, held.get(d["id"], 0)) for d in batch]
                tasks.append(await index.client.add_documents(staging, stamped))
                count += len(batch)
                await heartbeat()
                if progress:
                    progress(len(batch))
        for task in tasks:
            await index.client.wait_task(task, timeout=1800)
        await replay(staging, fenced=False, among=None, rounds=CATCH_UP_ROUNDS)
        await sync.hold()
        try:
            await replay(staging, fenced=True, among=sync.consumer, rounds=UNBOUNDED)
            await index.swap_in(staging)
            await replay(index.uid, fenced=True, among=sync.consumer, rounds=UNBOUNDED)
        finally:
            await sync.release()
        await index.client.delete_index(staging)
        return count
    finally:
        await consumers.unregister(db, consumer)
        await consumers.remove_done(db)  # entries kept only for this rebuild
