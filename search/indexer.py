"""Keeps the Meilisearch profiles index in step with MongoDB: settings, upserts, rebuilds."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable
from typing import Any

from search.client import MeiliClient
from search.index_settings import DOCUMENT_VERSION, INDEX_NAME, settings

BATCH_SIZE = 5000
FETCH_PAGE = 1000


# Meilisearch index settings (its JSON): a plain dict.
def _normalise(settings: dict[str, Any]) -> dict[str, Any]:  # Meilisearch settings
    out = dict(settings)
    for key in ("filterableAttributes", "sortableAttributes"):
        if key in out:
            out[key] = sorted(out[key])
    return out


class ProfileIndex:
    def __init__(self, client: MeiliClient, prefix: str = "",
                 swapper: MeiliClient | None = None) -> None:
        self.client = client
        # Swapping indexes makes a task no index-scoped key can see (Meilisearch shows it only
        # to keys on every index): the rebuild swaps with the configured key.
        self.swapper = swapper or client
        self.prefix = prefix
        self.uid = f"{prefix}{INDEX_NAME}"

    async def ensure(self) -> None:
        """Create the index if missing and apply the declared settings when they differ."""
        await self._prepare(self.uid)

    async def _prepare(self, uid: str) -> None:
        if await self.client.get_index(uid) is None:
            await self.client.create_index(uid)
        wanted = settings()
        current = _normalise(await self.client.get_settings(uid))
        if any(_differs(current.get(k), v) for k, v in _normalise(wanted).items()):
            await self.client.wait_task(await self.client.update_settings(uid, wanted))

    async def upsert(self, documents: list[dict[str, Any]], remove_ids: Iterable[str] = (),
                     wait: bool = True) -> None:
        tasks = []
        for start in range(0, len(documents), BATCH_SIZE):
            tasks.append(await self.client.add_documents(
                self.uid, documents[start:start + BATCH_SIZE]))
        ids = list(remove_ids)
        if ids:
            tasks.append(await self.client.delete_documents(self.uid, ids))
        if wait:
            for task in tasks:
                await self.client.wait_task(task)

    async def versions(self, ids: list[str], uid: str | None = None) -> dict[str, int]:
        """`{id: sync_v}` of those documents the index holds (-1: indexed before versions)."""
        held: dict[str, int] = {}
        for start in range(0, len(ids), FETCH_PAGE):
            body = await self.client.request(
                "POST", f"/indexes/{uid or self.uid}/documents/fetch",
                json_body={"ids": ids[start:start + FETCH_PAGE], "fields": ["id", "sync_v"],
                           "limit": FETCH_PAGE})
            for doc in body["results"]:
                held[doc["id"]] = int(doc.get("sync_v", -1))
        return held

    async def apply(self, documents: list[dict[str, Any]], removed: dict[str, int],
                    uid: str | None = None) -> dict[str, int]:
        """Versioned write of stamped documents (search/versions.py) and removals
        (`{id: version}`): whatever the index holds in a newer version is left alone. Returns
        those skipped for that reason, with the version the index holds."""
        target = uid or self.uid
        held = await self.versions([d["id"] for d in documents] + list(removed), target)
        fresh = [d for d in documents if held.get(d["id"], -1) <= d["sync_v"]]
        gone = [i for i, v in removed.items() if i in held and held[i] <= v]
        tasks = []
        for start in range(0, len(fresh), BATCH_SIZE):
            tasks.append(await self.client.add_documents(target, fresh[start:start + BATCH_SIZE]))
        if gone:
            tasks.append(await self.client.delete_documents(target, gone))
        for task in tasks:
            await self.client.wait_task(task)
        wanted = {d["id"]: int(d["sync_v"]) for d in documents} | removed
        return {i: held[i] for i, v in wanted.items() if held.get(i, -1) > v}

    @property
    def staging_uid(self) -> str:
        return f"{self.uid}__rebuild"

    async def prepare_staging(self) -> str:
        """A fresh, empty staging index with the declared settings."""
        await self.client.delete_index(self.staging_uid)
        await self._prepare(self.staging_uid)
        return self.staging_uid

    async def swap_in(self, staging: str) -> None:
        """Make the staging index the live one (searches never see a half-built index)."""
        if await self.client.get_index(self.uid) is None:
            await self.client.create_index(self.uid)
        await self.swapper.swap(self.uid, staging)

    async def rebuild(
        self,
        batches: AsyncIterable[list[dict[str, Any]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Fill a fresh index, then swap it in — without replaying the changes made meanwhile:
        with a database, rebuild through `SearchSync.rebuild` (search/rebuild.py)."""
        staging = await self.prepare_staging()
        count = 0
        tasks = []
        async for batch in batches:
            if batch:
                tasks.append(await self.client.add_documents(staging, batch))
                count += len(batch)
                if progress:
                    progress(len(batch))
        for task in tasks:
            await self.client.wait_task(task, timeout=1800)
        await self.swap_in(staging)
        await self.client.delete_index(staging)
        return count

    async def outdated_documents(self) -> int:
        """Documents indexed in an older shape (see DOCUMENT_VERSION): they need a rebuild."""
        body = await self.client.search(self.uid, {
            "q": "", "filter": f"doc_v NOT EXISTS OR doc_v != {DOCUMENT_VERSION}",
            "hitsPerPage": 0, "page": 1})
        return int(body.get("totalHits", 0))

    async def document_count(self) -> int:
        return int((await self.client.stats(self.uid))["numberOfDocuments"])


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(current, dict):
        return any(_differs(current.get(k), v) for k, v in wanted.items())
    return bool(current != wanted)
