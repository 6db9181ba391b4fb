"""A rebuild of one search node that loses nothing.

1. Register as an outbox consumer (`rebuild:<node>`): from now on no entry is removed before
   this rebuild has applied it (search/consumers.py says why that covers every change the scan
   might miss or see too early).
2. Read every search version, then scan MongoDB into a fresh staging index, each document
   stamped with the version read before it (its content is never older than that).
3. Replay every entry this rebuild has not applied into the staging index.
4. Take the node's lease (its sync worker pauses), replay once more, swap the staging index in,
   and replay again into the live index whatever came after the last replay; release.
Versioned writes (search/indexer.py) keep a replay from ever putting an older state back.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable
from typing import Any

from search import consumers, versions
from search.sync import SearchSync

Documents = Callable[[], AsyncIterable[list[dict[str, Any]]]]


class RebuildExpired(RuntimeError):
    """The rebuild's registration lapsed (it ran too slowly): changes may have been missed."""


async def rebuild(sync: SearchSync, documents: Documents,
                  progress: Callable[[int], None] | None = None) -> int:
    """Rebuild `sync`'s node from `documents()` (every public search document)."""
    db, index = sync.db, sync.index
    consumer = consumers.rebuild(sync.node)

    async def heartbeat() -> None:
        if not await consumers.registered(db, consumer):
            raise RebuildExpired(f"the rebuild of {sync.node} lapsed; run it again")
        await consumers.register(db, consumer, consumers.REBUILD_SECONDS)

    async def replay(uid: str, fenced: bool) -> None:
        while await sync.drain_once(consumer, uid, fenced):
            await heartbeat()

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
        await replay(staging, fenced=False)
        await sync.hold()
        try:
            await replay(staging, fenced=True)
            await index.swap_in(staging)
            await replay(index.uid, fenced=True)
            await heartbeat()
        finally:
            await sync.release()
        await index.client.delete_index(staging)
        return count
    finally:
        await consumers.unregister(db, consumer)
        await consumers.remove_done(db)  # entries kept only for this rebuild
