"""Reliable sync: writes succeed while Meilisearch is down, and the index catches up when it is
back; a rebuild under concurrent edits loses nothing; stalled sync workers (fenced) never write
an older version; the drift check is exact. Runs its own real Meilisearch (killed and restarted
here), so other tests are untouched."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from directory.context import Services
from directory.settings import Settings
from search.client import SearchUnavailable
from search.sync import LeaseLost, SearchSync
from search.versions import STAMPS, stamp
from tests.factories import org, talent
from tests.meili import Meili, drift_of, own_services, running, write


@pytest.fixture
def meili(tmp_path: Path) -> Iterator[Meili]:
    with running(tmp_path / "meili") as server:
        yield server


@pytest.fixture
async def own(settings: Settings, meili: Meili) -> AsyncIterator[Services]:
    async with own_services(settings, meili) as services:
        yield services


async def test_writes_survive_a_meilisearch_outage_and_the_index_catches_up(
        own: Services, meili: Meili) -> None:
    await write(own, org(slug="sebelum-mati"))
    assert await own.sync.drain() == 1
    assert (await drift_of(own)).clean

    meili.kill()
    await write(own, org(slug="saat-mati"), talent(slug="talenta-saat-mati"),
                org(slug="sebelum-mati", name="Nama Baru Saat Mati"))
    assert await own.sync.pending() == 3  # saved in MongoDB, waiting for the index
    with pytest.raises(SearchUnavailable):
        await own.sync.drain()
    assert await own.sync.pending() == 3  # nothing lost by the failed attempt

    meili.start()
    stop = asyncio.Event()
    worker = asyncio.create_task(own.sync.run(stop))
    try:
        for _ in range(100):
            if not await own.sync.pending():
                break
            await asyncio.sleep(0.1)
        assert await own.sync.pending() == 0
    finally:
        stop.set()
        await worker
    assert (await drift_of(own)).clean
    hit = await own.meili.get_document(own.index.uid, "organization-sebelum-mati")
    assert hit is not None and hit["name"] == "Nama Baru Saat Mati"


async def test_worker_applies_a_write_promptly(own: Services) -> None:
    stop = asyncio.Event()
    own.profiles.on_change = own.sync.kick
    worker = asyncio.create_task(own.sync.run(stop))
    try:
        await asyncio.sleep(0.1)  # the worker is idle, waiting
        started = time.monotonic()
        await write(own, org(slug="segar", name="Studio Segar"))
        while await own.meili.get_document(own.index.uid, "organization-segar") is None:
            assert time.monotonic() - started < 5
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await worker


async def test_a_write_that_meets_another_process_holding_the_lease_is_not_left_waiting(
        own: Services) -> None:
    """Process B commits an edit while process A finishes a drain: B finds the lease taken and
    goes back to sleep, so A must look again after releasing it (else the edit waits for the
    next poll)."""
    other = SearchSync(own.profiles.db, own.index, own.sync.load)  # process B
    await write(own, org(slug="pertama"))
    node = own.sync.nodes[0]  # process A
    drain_once = node.drain_once
    met: list[int] = []

    async def drain_once_then_meet_b() -> int:
        applied = await drain_once()
        if not applied and not met:  # A's last read found nothing; now B writes and tries
            await write(own, org(slug="kedua", name="Studio Kedua"))
            met.append(await other.drain())
        return applied

    node.drain_once = drain_once_then_meet_b  # type: ignore[assignment,method-assign]
    assert await node.drain() == 2
    assert met == [-1]  # B was turned away while A held the lease
    assert await own.sync.pending() == 0
    assert (await own.meili.get_document(own.index.uid, "organization-kedua"))["name"] \
        == "Studio Kedua"


async def test_check_reports_and_repairs_drift(own: Services) -> None:
    await write(own, org(slug="ada-a"), org(slug="ada-b"), talent(slug="ada-c"))
    await own.sync.drain()
    # Drift made behind the sync's back: a document lost, a stray one, a stale one.
    await own.meili.wait_task(await own.meili.delete_documents(own.index.uid,
                                                                ["organization-ada-a"]))
    stray = {"id": "talent-hantu", "kind": "talent", "slug": "hantu", "name": "Hantu",
             "updated_at_ts": 1}
    indexed = await own.meili.get_document(own.index.uid, "talent-ada-c") or {}
    stale = stamp({k: v for k, v in indexed.items() if k not in STAMPS} | {"name": "Lama"}, 0)
    await own.meili.wait_task(await own.meili.add_documents(own.index.uid, [stray, stale]))

    drift = await drift_of(own)
    assert (drift.missing, drift.extra, drift.stale) == (
        ["organization-ada-a"], ["talent-hantu"], ["talent-ada-c"])

    from search import sync
    await sync.record(own.profiles.db, drift.keys())
    await own.sync.drain()
    assert (await drift_of(own)).clean


LEASE = 0.5  # seconds: a worker "stalls" by waiting a little longer than this


async def indexed_name(services: Services, slug: str) -> str | None:
    doc = await services.meili.get_document(services.index.uid, f"organization-{slug}")
    return None if doc is None else str(doc["name"])


def worker(services: Services) -> SearchSync:
    """A sync worker of another process for the same node, with a short lease."""
    return SearchSync(services.profiles.db, services.index, services.sync.load,
                      lease_seconds=LEASE)


async def test_reindex_under_concurrent_edits_leaves_no_drift(own: Services) -> None:
    slugs = [f"studio-{n}" for n in range(200)]
    await write(own, *(org(slug=s, name=f"Studio {s}") for s in slugs),
                *(talent(slug=f"orang-{n}") for n in range(50)))
    await own.sync.drain()
    stop = asyncio.Event()
    own.profiles.on_change = own.sync.kick
    sync_worker = asyncio.create_task(own.sync.run(stop))  # the app's worker keeps applying
    edits = 0
    rebuilding = asyncio.Event()

    async def edit() -> None:
        nonlocal edits
        rng = random.Random(12)
        while not stop.is_set():
            batch = rng.sample(slugs, 3)
            await write(own, *(org(slug=s, name=f"Studio {s} v{edits}",
                                   status=rng.choice(["published"] * 4 + ["hidden"]))
                               for s in batch))
            if rebuilding.is_set():
                edits += len(batch)
            await asyncio.sleep(0.1)  # editors, not a flood

    # The scan of the rebuild is interleaved with edits for certain (one batch of edits after
    # each 50 profiles scanned), whatever the machine's speed; the editor above keeps writing
    # through the replays and the swap.
    scan = own.profiles.search_documents

    async def scan_while_editing(batch_size: int = 50) -> AsyncIterator[list[dict[str, Any]]]:
        nonlocal edits
        rng = random.Random(34)
        async for batch in scan(batch_size=batch_size):
            yield batch
            changed = rng.sample(slugs, 3)
            await write(own, *(org(slug=s, name=f"Studio {s} scan {edits}") for s in changed))
            edits += len(changed)

    own.profiles.search_documents = scan_while_editing  # type: ignore[method-assign]
    editor = asyncio.create_task(edit())
    try:
        rebuilding.set()
        assert await own.profiles.reindex() > 0
        own.profiles.search_documents = scan  # type: ignore[method-assign]
        rebuilding.clear()
        await asyncio.sleep(0.2)  # and a few edits after the swap
    finally:
        stop.set()
        await editor
        await sync_worker
    assert edits >= 15, "the edits must overlap the rebuild"
    assert await own.sync.wait_until_applied()
    drift = await drift_of(own)
    assert (drift.missing, drift.stale, drift.extra) == ([], [], [])
    assert await own.profiles.db["search_outbox"].count_documents({}) == 0


async def test_a_worker_that_stalls_past_its_lease_writes_nothing(own: Services) -> None:
    await write(own, org(slug="rebutan", name="Nama Lama"))
    a, b = worker(own), worker(own)
    load = a.load
    stalled = asyncio.Event()

    async def load_then_stall(keys: Sequence[tuple[str, str]]
                              ) -> tuple[list[dict[str, Any]], list[str]]:
        loaded = await load(keys)  # A holds the old version in hand ...
        stalled.set()
        await asyncio.sleep(LEASE * 3)  # ... and stalls past its lease
        return loaded

    a.load = load_then_stall
    first = asyncio.create_task(a.drain())
    await stalled.wait()
    await asyncio.sleep(LEASE * 1.2)
    await write(own, org(slug="rebutan", name="Nama Baru"))
    assert await b.drain() == 2  # B took the lapsed lease and indexed the newer version
    assert await indexed_name(own, "rebutan") == "Nama Baru"
    with pytest.raises(LeaseLost):
        await first  # A found its lease gone when it came to write
    assert await indexed_name(own, "rebutan") == "Nama Baru"
    assert (await drift_of(own)).clean


async def test_a_worker_that_loses_its_lease_while_writing_never_puts_an_older_version_back(
        own: Services) -> None:
    """The fence passed, then the worker stalled before its write reached Meilisearch: the
    index's newer `sync_v` refuses the old document, and the keys are recorded again."""
    await write(own, org(slug="telat", name="Versi Satu"))
    a, b = worker(own), worker(own)
    apply = own.index.apply
    stalled = asyncio.Event()
    resume = asyncio.Event()
    skipped: list[dict[str, int]] = []

    async def stall_then_apply(documents: list[dict[str, Any]], removed: dict[str, int],
                               uid: str | None = None) -> dict[str, int]:
        if not stalled.is_set():  # A, past its fence, holding "Versi Satu"
            stalled.set()
            await resume.wait()
            skipped.append(await apply(documents, removed, uid))
            return skipped[-1]
        return await apply(documents, removed, uid)

    own.index.apply = stall_then_apply  # type: ignore[method-assign]
    first = asyncio.create_task(a.drain())
    await stalled.wait()
    await asyncio.sleep(LEASE * 1.2)
    await write(own, org(slug="telat", name="Versi Dua"))
    assert await b.drain() == 2
    resume.set()
    with pytest.raises(LeaseLost):
        await first
    assert [list(s) for s in skipped] == [["organization-telat"]]  # the old one was not written
    assert await indexed_name(own, "telat") == "Versi Dua"
    assert await own.sync.pending() == 1  # recorded again, for the lease holder
    assert await b.drain() == 1
    assert await indexed_name(own, "telat") == "Versi Dua"
    assert (await drift_of(own)).clean


async def test_check_finds_a_stale_document_that_differs_within_the_same_second(
        own: Services) -> None:
    second = datetime(2026, 11, 3, 10, 20, 30, tzinfo=UTC)
    await write(own, org(slug="sedetik", name="Sebelum", updated_at=second))
    await own.sync.drain()
    before = await own.meili.get_document(own.index.uid, "organization-sedetik")
    assert before is not None
    later = second + timedelta(milliseconds=400)
    await write(own, org(slug="sedetik", name="Sesudah", updated_at=later))
    await own.sync.drain()
    # What a worker without a fence once did: the older state written back over the newer.
    await own.meili.wait_task(await own.meili.add_documents(own.index.uid, [before]))
    after = await own.meili.get_document(own.index.uid, "organization-sedetik")
    assert after is not None and after["updated_at_ts"] == int(second.timestamp())
    drift = await drift_of(own)
    assert (drift.missing, drift.stale, drift.extra) == ([], ["organization-sedetik"], [])


async def test_an_index_ahead_of_reset_versions_is_written_all_the_same(own: Services) -> None:
    """Versions lost (a restore without a rebuild): the index holds a `sync_v` MongoDB never
    reached; the sync lifts the counter above it instead of skipping the edit for ever."""
    for name in ("Satu", "Dua", "Tiga"):
        await write(own, org(slug="terlupa", name=f"Versi {name}"))
        await own.sync.drain()
    await own.profiles.db["search_versions"].delete_many({})
    await write(own, org(slug="terlupa", name="Versi Baru"))  # version 1 < the index's 3
    await own.sync.drain()
    assert await indexed_name(own, "terlupa") == "Versi Baru"
    assert (await drift_of(own)).clean


async def test_writes_of_one_profile_at_once_all_land(services: Services) -> None:
    """Imports and editors writing the same profile at the same moment: MongoDB refuses all but
    one transaction (a write conflict); the others are run again, none is lost or fails."""
    names = [f"Kopi Kode {n}" for n in range(8)]
    await asyncio.gather(*(write(services, org(slug="kopi-kode", name=name)) for name in names))
    stored = await services.profiles.collection("organization").find_one({"slug": "kopi-kode"})
    assert stored is not None and stored["name"] in names
    assert await services.sync.wait_until_applied()
    assert await services.profiles.collection("organization").count_documents({}) == 1
