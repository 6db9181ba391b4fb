"""A real Meilisearch process of a test's own (killed and restarted by the sync tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx

from directory.context import Services, open_services
from directory.ops import embedded
from directory.profiles.schema import PROFILE_ADAPTER
from directory.settings import Settings
from search.drift import Drift, compare, expected_hashes, indexed_hashes
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
             f"127.0.0.1:{self.port}", "--master-key", KEY, "--no-analytics",
             # as the embedded server: the default (2/3 of RAM) makes small updates take seconds
             "--max-indexing-memory", "256MiB"],
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

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


@contextmanager
def running(data: Path) -> Iterator[Meili]:
    server = Meili(data)
    server.start()
    try:
        yield server
    finally:
        server.stop()


SEARCH_COLLECTIONS = ("organizations", "talents", "search_outbox", "leases", "search_versions",
                      "search_consumers")


@asynccontextmanager
async def own_services(settings: Settings, *servers: Meili, db: str = "directory_test_sync",
                       empty: bool = True) -> AsyncIterator[Services]:
    """Services on a database of their own (emptied first, dropped after unless `empty` is
    false), writing to `servers` (several: DIRECTORY_MEILI_URLS)."""
    urls = [server.url for server in servers]
    mine = settings.with_(meili_url=urls[0], meili_urls=",".join(urls) if len(urls) > 1 else None,
                          meili_key=KEY, mongodb_db=db)
    async with open_services(mine) as services:
        for name in SEARCH_COLLECTIONS if empty else ():
            await services.profiles.db[name].delete_many({})
        try:
            yield services
        finally:
            if empty:
                await services.mongo.drop_database(db)


async def write(services: Services, *rows: dict[str, Any]) -> None:
    await services.profiles.write([PROFILE_ADAPTER.validate_python(r) for r in rows])


async def drift_of(services: Services, node: int = 0) -> Drift:
    index = services.sync.nodes[node].index
    return compare(await expected_hashes(services.profiles.search_documents()),
                   await indexed_hashes(index.client, index.uid))
