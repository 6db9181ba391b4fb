"""Embedded services, `directory services status --json`, health, production mode, `config`."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pymongo import AsyncMongoClient

from directory.context import Services
from directory.db import require_replica_set
from directory.ops import embedded
from directory.settings import PROJECT_ROOT, Settings, SettingsError, load_settings
from directory.web.app import create_app
from directory.web.observability import JsonFormatter, RequestIdFilter
from search.client import MeiliError
from tests.conftest import cli_env
from tests.ports import free_port
from tests.servers import serving

DIRECTORY = str(PROJECT_ROOT / ".venv" / "bin" / "directory")


def test_status_json_follows_the_contract(settings: Settings) -> None:
    env = cli_env(settings)
    for name in ("DIRECTORY_MONGODB_URL", "DIRECTORY_MEILI_URL", "DIRECTORY_MEILI_KEY"):
        env.pop(name)  # the embedded services, as a developer would ask
    result = subprocess.run([DIRECTORY, "services", "status", "--json"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["mongodb"]["url"].startswith("mongodb://127.0.0.1:")
    assert "replicaSet=rs0" in status["mongodb"]["url"]
    assert status["mongodb"]["version"] == "6.0.5"
    assert status["meilisearch"]["url"].startswith("http://127.0.0.1:")
    assert status["meilisearch"]["version"] == "1.21.0"
    assert len(status["meilisearch"]["key"]) >= 16


@pytest.mark.parametrize(("name", "value"), [
    ("DIRECTORY_EMBEDDED_MEILI_INDEXING_MEMORY", "lots"),
    ("DIRECTORY_PORT", "eighty"),
])
def test_a_wrong_setting_is_named_without_a_traceback(
        settings: Settings, name: str, value: str) -> None:
    env = {**cli_env(settings), name: value}
    result = subprocess.run([DIRECTORY, "services", "status"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert name in result.stderr and repr(value) in result.stderr
    assert "Traceback" not in result.stderr


def test_embedded_meilisearch_runs_with_bounded_indexing_memory(
        settings: Settings, tmp_path: Path) -> None:
    """Its default (2/3 of RAM) made single-profile updates take ~2 s after bulk writes. Starts
    an embedded Meilisearch of its own (own folder and port) and reads its command line."""
    port = free_port()
    own = settings.with_(var_dir=tmp_path, meili_url=None, meili_key=None,
                         embedded_meili_port=port, embedded_meili_indexing_memory="512MiB")
    assert embedded.up(own)["meilisearch"]
    try:
        pid = embedded.Paths(tmp_path).meili_pid.read_text().strip()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert command[command.index(b"--max-indexing-memory") + 1] == b"512MiB"
    finally:
        embedded.down(own, only={"meilisearch"})
    assert Settings().embedded_meili_indexing_memory == "1GiB"  # the default


async def test_mongodb_is_a_replica_set_with_transactions(settings: Settings) -> None:
    from pymongo import AsyncMongoClient

    async with AsyncMongoClient(str(settings.mongodb_url)) as client:
        hello = await client.admin.command("hello")
        assert hello["setName"] == "rs0" and hello["isWritablePrimary"]
        collection = client["directory_test_tx"]["things"]
        await collection.insert_one({"x": 0})
        async with client.start_session() as session:
            await session.start_transaction()
            await collection.insert_one({"x": 1}, session=session)
            await session.abort_transaction()
        assert await collection.count_documents({}) == 1
        await client.drop_database("directory_test_tx")


@pytest.fixture
def occupied_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_port_taken_gives_an_actionable_error(occupied_port: int, tmp_path: Path) -> None:
    settings = load_settings().with_(var_dir=tmp_path, embedded_mongodb_port=occupied_port,
                                     mongodb_url=None)
    with pytest.raises(embedded.ServiceError) as exc:
        embedded.up(settings.with_(meili_url="http://127.0.0.1:1"))
    message = str(exc.value)
    assert f"Port {occupied_port} is already taken" in message
    assert "DIRECTORY_EMBEDDED_MONGODB_PORT" in message


async def test_healthz_reports_versions(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["mongodb"] == {"ok": True, "version": "6.0.5"}
    assert body["meilisearch"] == {"ok": True, "version": "1.21.0"}


async def test_livez_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/livez")).json() == {"status": "alive"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    assert ready.json()["search_sync"]["last_error"] is None


async def test_ready_but_degraded_and_search_503_when_meilisearch_is_down(
        settings: Settings) -> None:
    down = settings.with_(meili_url=f"http://127.0.0.1:{free_port()}")
    app = create_app(down)
    # Start-up must not need Meilisearch to be up; index settings are applied when it returns.
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            # Pages keep working without search: the instance stays ready, search says why.
            for path in ("/healthz", "/readyz"):
                health = await client.get(path)
                assert health.status_code == 200
                assert health.json()["status"] == "degraded"
                assert health.json()["meilisearch"]["ok"] is False
                assert health.json()["mongodb"]["ok"] is True
            api = await client.get("/api/v1/search?q=game")
            assert api.status_code == 503
            assert api.headers["content-type"].startswith("application/problem+json")
            page = await client.get("/cari?q=game")
            assert page.status_code == 503
            assert "Pencarian sedang tidak tersedia" in page.text


async def test_search_routes_are_rate_limited_per_address(settings: Settings) -> None:
    app = create_app(settings.with_(search_rate_limit=3))
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answers = [await client.get("/api/v1/search", params={"q": "game"})
                       for _ in range(4)]
            assert [a.status_code for a in answers] == [200, 200, 200, 429]
            assert answers[-1].headers["content-type"].startswith("application/problem+json")
            assert int(answers[-1].headers["retry-after"]) > 0
            # Profiles, pages other than search, and health are never limited.
            assert (await client.get("/livez")).status_code == 200


def test_production_refuses_to_start_without_urls_and_starts_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTORY_")}
    env.update(DIRECTORY_ENV="production", DIRECTORY_VAR_DIR=str(tmp_path / "var"),
               DIRECTORY_EMBEDDED_MONGODB_PORT=str(free_port()),
               DIRECTORY_EMBEDDED_MEILI_PORT=str(free_port()))
    directory = str(PROJECT_ROOT / ".venv" / "bin" / "directory")
    for command in (["serve"], ["seed"], ["services", "status"]):
        done = subprocess.run([directory, *command], env=env, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        for name in ("DIRECTORY_MONGODB_URL", "DIRECTORY_MEILI_URL", "DIRECTORY_SECRET_KEY"):
            assert name in done.stderr.replace("\n", " ")
    assert not (tmp_path / "var").exists()  # no embedded server was started or even prepared
    weak = subprocess.run([directory, "config"], env={**env, "DIRECTORY_SECRET_KEY": "short"},
                          capture_output=True, text=True, timeout=60, check=False)
    assert weak.returncode == 2 and "at least 32 characters" in weak.stderr.replace("\n", " ")


def test_config_prints_the_effective_settings_with_secrets_masked(settings: Settings) -> None:
    secret = "s3cr3t-" + "x" * 40
    env = {**cli_env(settings), "DIRECTORY_SECRET_KEY": secret,
           "DIRECTORY_MONGODB_URL": "mongodb://admin:hunter2@127.0.0.1:1/?replicaSet=rs0"}
    done = subprocess.run([str(PROJECT_ROOT / ".venv" / "bin" / "directory"), "config", "--json"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    config = json.loads(done.stdout)
    assert config["DIRECTORY_SECRET_KEY"] == "***"
    assert config["DIRECTORY_MONGODB_URL"] == "mongodb://***@127.0.0.1:1/?replicaSet=rs0"
    assert secret not in done.stdout and "hunter2" not in done.stdout
    assert config["DIRECTORY_MONGODB_DB"] == settings.mongodb_db


async def test_a_standalone_mongodb_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    """A real mongod started without --replSet: the app names the setting and the fix."""
    port = free_port()
    mongod = subprocess.Popen([str(embedded.mongod_binary()), "--dbpath", str(tmp_path),
                               "--port", str(port), "--bind_ip", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"mongodb://127.0.0.1:{port}/?directConnection=true"
        client: AsyncMongoClient[Any] = AsyncMongoClient(url, serverSelectionTimeoutMS=20000)
        try:
            with pytest.raises(SettingsError) as refused:
                await require_replica_set(client, url)
        finally:
            await client.close()
        assert "DIRECTORY_MONGODB_URL" in str(refused.value)
        assert "--replSet" in str(refused.value)
    finally:
        mongod.terminate()
        mongod.wait(timeout=30)


async def test_metrics_count_requests_by_route_template_without_private_paths(
        client: httpx.AsyncClient) -> None:
    await client.get("/organisasi/tidak-ada-sama-sekali")
    await client.get("/api/v1/search", params={"q": "game"})
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = answer.text
    assert 'directory_http_requests_total{method="GET",route="/api/v1/search",status="200"}' \
        in text
    assert 'route="/organisasi/{slug}",status="404"' in text
    assert "tidak-ada-sama-sekali" not in text  # templates, never the requested path
    for name in ("directory_search_outbox_depth", "directory_search_sync_failures",
                 "directory_meilisearch_call_duration_seconds_bucket",
                 "directory_mongodb_command_duration_seconds_bucket",
                 "directory_http_request_duration_seconds_bucket"):
        assert name in text, name


@pytest.mark.parametrize("trusted", [True, False])
def test_forwarded_addresses_are_believed_only_from_trusted_proxies(
        settings: Settings, trusted: bool) -> None:
    """Behind a proxy each client has its own search budget; without the setting a forged
    X-Forwarded-For changes nothing (every request counts against the real peer)."""
    env = {"DIRECTORY_SEARCH_RATE_LIMIT": "2",
           "DIRECTORY_TRUSTED_PROXIES": "127.0.0.1" if trusted else ""}
    with serving(settings, env=env) as url:
        def search(client_ip: str) -> int:
            return httpx.get(f"{url}/api/v1/search", params={"q": "x"}, timeout=10,
                             headers={"X-Forwarded-For": client_ip}).status_code

        assert [search("198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert search("198.51.100.2") == (200 if trusted else 429)


async def test_security_headers_compression_and_cacheable_static_files(
        client: httpx.AsyncClient, settings: Settings) -> None:
    page = await client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in page.headers  # development is plain HTTP
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', page.text)
    assert css is not None, "the stylesheet is linked with its content hash"
    static = await client.get(css.group(1))
    assert static.status_code == 200 and "max-age=31536000" in static.headers["cache-control"]
    api = await client.get("/api/v1/search", params={"q": "x"})
    assert api.headers["x-content-type-options"] == "nosniff"

    production = settings.with_(environment="production", secret_key="s" * 40)
    app = create_app(production)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as prod:
            answer = await prod.get("/livez")
            assert answer.headers["strict-transport-security"].startswith("max-age=")


async def test_request_ids_and_json_logs_without_private_data(
        client: httpx.AsyncClient, settings: Settings) -> None:
    given = await client.get("/livez", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await client.get("/livez", headers={"X-Request-ID": "not sane <script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])

    # A production-style JSON line for a record written inside a request.
    formatter, record = JsonFormatter(), logging.LogRecord(
        "directory.web", logging.WARNING, __file__, 1, "database unavailable on %s %s: %s",
        ("GET", "/organisasi/x", "ServerSelectionTimeoutError"), None)
    RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["level"] == "WARNING" and line["request_id"] == "-"
    assert line["message"] == \
        "database unavailable on GET /organisasi/x: ServerSelectionTimeoutError"



async def test_reads_use_a_search_only_key_and_writes_a_key_scoped_to_the_prefix(
        services: Services) -> None:
    reader, writer, uid = services.meili_search, services.meili, services.index.uid
    assert reader is not writer
    assert (await reader.search(uid, {"q": "", "hitsPerPage": 1}))["hits"] == []
    with pytest.raises(MeiliError) as refused:  # the search key cannot write
        await reader.request("POST", f"/indexes/{uid}/documents", json_body=[{"id": "x"}])
    assert refused.value.status == 403
    with pytest.raises(MeiliError):  # nor read the key list
        await reader.request("GET", "/keys")
    with pytest.raises(MeiliError) as managing:  # the admin key cannot manage keys
        await writer.request("GET", "/keys")
    assert managing.value.status == 403
    with pytest.raises(MeiliError):  # nor touch an index outside the prefix
        await writer.create_index("someone_elses_index")
    assert await writer.version()  # what readiness asks
