"""Reliable sync: writes succeed while Meilisearch is down, and the index catches up when it is
back. Runs its own real Meilisearch (killed and restarted here), so other tests are untouched."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from directory.context import Services
from directory.settings import Settings
from search.client import SearchUnavailable
from search.sync import SearchSync
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
