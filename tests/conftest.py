"""Test session: real MongoDB (replica set) and real Meilisearch, started by the project itself.

When no DIRECTORY_MONGODB_URL / DIRECTORY_MEILI_URL is set, the embedded servers are started
(and stopped again at the end if this session started them). Tests use their own database names
and index prefixes, so development data is never touched.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from directory.context import Services, open_services
from directory.db import collection_names
from directory.ops import embedded
from directory.profiles.schema import PROFILE_ADAPTER
from directory.settings import PROJECT_ROOT, Settings, load_settings
from directory.web.app import create_app
from tests.mailbox import Mailbox

SEED_FILE = PROJECT_ROOT / "seeds" / "directory.jsonl"


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""
    box = Mailbox()
    box.start()
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture(scope="session")
def base_settings(mailbox: Mailbox) -> Iterator[Settings]:
    # Scheduled tasks (monthly snapshots) would add data at unpredictable moments; their own
    # tests run them directly.
    # The per-address search limit is tested on its own; here one address runs every test.
    settings = load_settings().with_(smtp_url=mailbox.url, scheduled_tasks=False,
                                     search_rate_limit=0)
    started = embedded.up(settings)
    try:
        yield embedded.resolve(settings)
    finally:
        stop = {name for name, did in started.items() if did}
        if stop:
            embedded.down(settings, only=stop)


@pytest.fixture(scope="session")
def settings(base_settings: Settings) -> Settings:
    """Settings of the per-test database: emptied before every test that uses it."""
    return base_settings.with_(mongodb_db="directory_test", index_prefix="test_")


@pytest.fixture(scope="session")
def seeded_settings(base_settings: Settings) -> Settings:
    """Settings of the seeded database: loaded once, read-only for the tests."""
    return base_settings.with_(mongodb_db="directory_test_seed", index_prefix="test_seed_")


async def _empty(services: Services) -> None:
    for name in collection_names():
        await services.mongo[services.settings.mongodb_db][name].delete_many({})
    task = await services.meili.request("DELETE", f"/indexes/{services.index.uid}/documents")
    await services.meili.wait_task(task)


@pytest.fixture(scope="session")
async def session_services(settings: Settings) -> AsyncIterator[Services]:
    async with open_services(settings) as services:
        yield services


@pytest.fixture
async def services(session_services: Services, mailbox: Mailbox) -> AsyncIterator[Services]:
    await _empty(session_services)
    mailbox.clear()
    yield session_services


@pytest.fixture(scope="session")
async def seeded_services(seeded_settings: Settings) -> AsyncIterator[Services]:
    async with open_services(seeded_settings) as services:
        await _empty(services)
        profiles = [PROFILE_ADAPTER.validate_json(line)
                    for line in SEED_FILE.read_bytes().splitlines() if line.strip()]
        await services.profiles.write(profiles)
        assert await services.sync.wait_until_applied()
        yield services


async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    # The lifespan runs on this test loop. Requests go to the app itself, not to
    # LifespanManager's wrapper: that hands every request one shared `scope["state"]` dict,
    # where Litestar caches per-request data (a real server gives each request a copy).
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


@pytest.fixture
async def client(services: Services, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app over the per-test (empty) database."""
    async for c in _client(settings):
        yield c


@pytest.fixture(scope="session")
async def seeded_client(seeded_services: Services, seeded_settings: Settings
                        ) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(seeded_settings):
        yield c


@pytest.fixture(scope="session")
def seed_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SEED_FILE.read_text().splitlines() if line.strip()]


def cli_env(settings: Settings) -> dict[str, str]:
    """Environment for running the real `directory` command against the test services."""
    import os

    env = dict(os.environ)
    env.update({
        "DIRECTORY_MONGODB_URL": str(settings.mongodb_url),
        "DIRECTORY_MONGODB_DB": settings.mongodb_db,
        "DIRECTORY_MEILI_URL": str(settings.meili_url),
        "DIRECTORY_MEILI_KEY": str(settings.meili_key),
        "DIRECTORY_INDEX_PREFIX": settings.index_prefix,
        "DIRECTORY_SMTP_URL": str(settings.smtp_url),
        "DIRECTORY_SCHEDULED_TASKS": "true" if settings.scheduled_tasks else "false",
    })
    return env


def run_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `directory` command against the test services."""
    return subprocess.run([str(PROJECT_ROOT / ".venv" / "bin" / "directory"), *args],
                          env=cli_env(settings), capture_output=True, text=True, timeout=300,
                          check=False)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path
