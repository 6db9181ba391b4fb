"""Reliable sync: writes succeed while Meilisearch is down, and the index catches up when it is
back. Runs its own real Meilisearch (killed and restarted here), so other tests are untouched."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from directory.context import Services, open_services
from directory.ops import embedded
from directory.profiles.schema import PROFILE_ADAPTER
from directory.settings import Settings
from search.client import SearchUnavailable
from search.drift import compare, expected_hashes, indexed_hashes
from search.sync import SearchSync
from search.versions import STAMPS, stamp
from tests.factories import org, talent
from tests.ports import free_port

KEY = "test-master-key-0123456789"


class Meili:
    """A real Meilisearch process on its own port and data folder."""

    def __init__(self, data: Path) -> None:
        self.port = free_port()
        self.data = data
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(embedded.meili_binary()), "--db-path", str(self.data), "--http-addr",
             f"127.0.0.1:{self.port}", "--master-key", KEY, "--no-analytics"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("Meilisearch did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def meili(tmp_path: Path) -> Iterator[Meili]:
    server = Meili(tmp_path / "meili")
    server.start()
    yield server
    if server.process and server.process.poll() is None:
        server.process.terminate()
        server.process.wait()


@pytest.fixture
async def own(settings: Settings, meili: Meili) -> AsyncIterator[Services]:
    mine = settings.with_(meili_url=meili.url, meili_key=KEY, mongodb_db="directory_test_sync")
    async with open_services(mine) as services:
        for name in ("organizations", "talents", "search_outbox", "leases", "search_versions",
                     "search_consumers"):
            await services.profiles.db[name].delete_many({})
        yield services
        await services.mongo.drop_database("directory_test_sync")


async def write(services: Services, *rows: dict) -> None:  # type: ignore[type-arg]
    await services.profiles.write([PROFILE_ADAPTER.validate_python(r) for r in rows])


async def drift_of(services: Services):  # type: ignore[no-untyped-def]
    return compare(await expected_hashes(services.profiles.search_documents()),
                   await indexed_hashes(services.meili, services.index.uid))


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
