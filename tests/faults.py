"""Real servers for the fault tests (tests/test_faults.py): a MongoDB replica set of N members
on loopback from the embedded `mongod` binary, a Meilisearch of its own, `directory serve`
processes that can be signalled, and an HTTP load of writers and readers that records every
answer. Nothing is mocked: processes are killed with SIGKILL, paused with SIGSTOP."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from directory.ops import embedded
from directory.settings import PROJECT_ROOT, Settings
from tests.conftest import cli_env
from tests.ports import free_port

DIRECTORY = str(PROJECT_ROOT / ".venv" / "bin" / "directory")
PASSWORD = "kata-sandi-uji-coba-9"


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.1) -> float:
    """Seconds until `check()` held; fails the test after `timeout`."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(step)
    return time.monotonic() - started


def spawn(command: list[str], log: Path, env: dict[str, str] | None = None
          ) -> subprocess.Popen[bytes]:
    """A server process writing to `log` (a pipe nobody reads would fill up and block it)."""
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)


class Mongod:
    """One `mongod` (the binary the embedded server uses) in its own folder and port."""

    def __init__(self, root: Path, replica_set: str) -> None:
        self.port = free_port()
        self.dbpath, self.log = root / f"m{self.port}", root / f"mongod-{self.port}.log"
        self.replica_set = replica_set
        self.dbpath.mkdir(parents=True)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = spawn(
            [str(embedded.mongod_binary()), "--dbpath", str(self.dbpath), "--bind_ip",
             "127.0.0.1", "--port", str(self.port), "--replSet", self.replica_set,
             "--wiredTigerCacheSizeGB", "0.25",
             "--setParameter", "diagnosticDataCollectionEnabled=false"], self.log)

    def direct(self, timeout_ms: int = 1000) -> MongoClient[dict[str, Any]]:
        return MongoClient(self.host, directConnection=True, serverSelectionTimeoutMS=timeout_ms,
                           connectTimeoutMS=timeout_ms, socketTimeoutMS=10_000)

    def answers(self) -> bool:
        try:
            with self.direct(300) as client:
                client.admin.command("ping")
            return True
        except PyMongoError:
            return False

    def is_primary(self) -> bool:
        try:
            with self.direct(300) as client:
                return bool(client.admin.command("hello").get("isWritablePrimary"))
        except PyMongoError:
            return False

    def kill(self) -> None:
        """kill -9: no clean shutdown, no step-down, connections reset."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class ReplicaSet:
    """`size` members on loopback; short election timeouts keep each fault test to seconds
    (production keeps the 10 s default: elections there take longer, the behaviour is the
    same)."""

    def __init__(self, root: Path, size: int, name: str = "rsfault") -> None:
        self.name = name
        self.members = [Mongod(root, name) for _ in range(size)]

    @property
    def url(self) -> str:
        hosts = ",".join(m.host for m in self.members)
        return f"mongodb://{hosts}/?replicaSet={self.name}"

    def start(self) -> None:
        for member in self.members:
            member.start()
        for member in self.members:
            wait_for(member.answers, 60, f"mongod on {member.port} answers")
        config = {"_id": self.name, "settings": {"electionTimeoutMillis": 2000,
                                                 "heartbeatIntervalMillis": 500},
                  "members": [{"_id": i, "host": m.host} for i, m in enumerate(self.members)]}
        with self.members[0].direct(5000) as client:
            client.admin.command("replSetInitiate", config)
        self.wait_primary(None, 60)
        self.wait_secondaries(60)

    def primary(self) -> Mongod | None:
        return next((m for m in self.members if m.is_primary()), None)

    def wait_primary(self, other_than: Mongod | None, timeout: float) -> Mongod:
        found: list[Mongod] = []

        def elected() -> bool:
            primary = self.primary()
            if primary is None or primary is other_than:
                return False
            found.append(primary)
            return True

        wait_for(elected, timeout, "a primary is elected", step=0.2)
        return found[-1]

    def wait_secondaries(self, timeout: float) -> None:
        def healthy() -> bool:
            try:
                with self.members[0].direct(1000) as client:
                    status = client.admin.command("replSetGetStatus")
            except PyMongoError:
                return False
            states = sorted(m["stateStr"] for m in status["members"])
            return states == sorted(["PRIMARY"] + ["SECONDARY"] * (len(self.members) - 1))

        wait_for(healthy, timeout, "every member is primary or secondary", step=0.3)

    def step_down(self, primary: Mongod) -> None:
        # The server may close our connection as it steps down.
        with primary.direct(2000) as client, contextlib.suppress(PyMongoError):
            client.admin.command("replSetStepDown", 20, secondaryCatchUpPeriodSecs=5)

    def stop(self) -> None:
        for member in self.members:
            member.stop()


class Meilisearch:
    """A Meilisearch of the test's own (folder, port, master key)."""

    KEY = "fault-test-master-key-0123456789"

    def __init__(self, root: Path) -> None:
        self.port, self.path = free_port(), root / "meili"
        self.log = root / "meilisearch.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = spawn(
            [str(embedded.meili_binary()), "--db-path", str(self.path), "--http-addr",
             f"127.0.0.1:{self.port}", f"--master-key={self.KEY}", "--no-analytics",
             "--env", "development", "--max-indexing-memory", "256MiB"], self.log)
        wait_for(self.healthy, 60, "Meilisearch is healthy")

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(sig)
        if sig == signal.SIGKILL:
            self.process.wait(timeout=30)

    def document(self, uid: str, doc_id: str) -> dict[str, Any] | None:
        answer = httpx.get(f"{self.url}/indexes/{uid}/documents/{doc_id}", timeout=5,
                           headers={"Authorization": f"Bearer {self.KEY}"})
        return answer.json() if answer.status_code == 200 else None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=30)


class App:
    """A real `directory serve` process (its output in a file, see `spawn`)."""

    def __init__(self, settings: Settings, root: Path, name: str) -> None:
        self.settings, self.port = settings, free_port()
        self.log = root / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # every reader comes from one address: no per-address search limit here
        self.process = spawn([DIRECTORY, "serve", "--port", str(self.port)], self.log,
                             {**cli_env(self.settings), "DIRECTORY_SEARCH_RATE_LIMIT": "0"})
        wait_for(self.ready, 60, f"the app on {self.port} is ready", step=0.3)

    def ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the app exited:\n{self.log.read_text()[-3000:]}")
        try:
            return httpx.get(f"{self.url}/readyz", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    def terminate(self) -> float:
        """SIGTERM; seconds until the process exited (killed and failed after 30 s)."""
        assert self.process is not None
        started = time.monotonic()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise AssertionError("SIGTERM did not stop the app within 30 s") from None
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def server_errors(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines()
                if "Traceback" in line or "unhandled error" in line]


def api_token(settings: Settings, email: str) -> str:
    """A user and a personal API token, made by the real CLI."""
    env = cli_env(settings)
    made = subprocess.run([DIRECTORY, "create-user", email, "--password-stdin"], env=env,
                          input=PASSWORD, capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    token = subprocess.run([DIRECTORY, "create-token", email], env=env, capture_output=True,
                           text=True, timeout=120, check=False)
    assert token.returncode == 0, token.stderr
    return token.stdout.strip().splitlines()[-1].strip()


def organization(slug: str, headline: str) -> dict[str, Any]:
    return {"slug": slug, "name": f"Studio {slug.replace('-', ' ').title()}",
            "org_type": "service_firm", "subsectors": ["pengembang-permainan"],
            "kecamatan": "lowokwaru", "services": ["game_development"], "headline": headline,
            "contact": {"email": f"{slug}@contoh.example"}}


@dataclass
class Tally:
    """Every answer of a load, by status; the acknowledged state of every profile."""

    statuses: Counter[int | str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # answers no client should ever get
    acknowledged: dict[str, str] = field(default_factory=dict)  # slug → last acked headline
    writes_acknowledged: int = 0
    reads: Counter[int | str] = field(default_factory=Counter)
    slowest_reads: dict[str, float] = field(default_factory=dict)  # by path
    slowest_write_s: float = 0.0  # first attempt to acknowledgment, retries included
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, answer: httpx.Response | Exception) -> None:
        with self.lock:
            target = self.reads if kind == "read" else self.statuses
            if isinstance(answer, Exception):
                target[type(answer).__name__] += 1
                return
            target[answer.status_code] += 1
            if answer.status_code >= 500 and answer.status_code != 503:
                self.failures.append(f"{kind} {answer.request.url.path}: {answer.status_code}")
            if answer.status_code == 503 and "retry-after" not in answer.headers:
                self.failures.append(f"{kind} {answer.request.url.path}: 503 w/o Retry-After")


class Load:
    """Writers create a profile each (with an Idempotency-Key) and then change its headline
    again and again; a write that did not get its 2xx is sent again until it does, so the last
    acknowledged headline is what the database must hold. Readers fetch public pages."""

    def __init__(self, apps: list[str], token: str, tally: Tally, writers: int,
                 read_paths: list[str] | None = None, prefix: str = "studio") -> None:
        self.apps, self.token, self.tally = apps, token, tally
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._write, args=(f"{prefix}-{n}", n))
                        for n in range(writers)]
        self.threads += [threading.Thread(target=self._read, args=(path, n))
                         for n, path in enumerate(read_paths or [])]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)

    def _send(self, client: httpx.Client, method: str, path: str, body: dict[str, Any],
              key: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        if key:
            headers["Idempotency-Key"] = key
        started = time.monotonic()
        deadline = started + 60
        while time.monotonic() < deadline:
            try:
                answer = client.request(method, path, json=body, headers=headers)
            except httpx.HTTPError as exc:
                self.tally.note("write", exc)
                time.sleep(0.2)
                continue
            self.tally.note("write", answer)
            if answer.status_code < 300:
                with self.tally.lock:
                    self.tally.slowest_write_s = max(self.tally.slowest_write_s,
                                                     time.monotonic() - started)
                return
            if answer.status_code != 503:
                raise AssertionError(f"{method} {path}: {answer.status_code} {answer.text}")
            time.sleep(0.2)
        raise AssertionError(f"{method} {path} was never acknowledged")

    def _write(self, slug: str, n: int) -> None:
        base = self.apps[n % len(self.apps)]
        with httpx.Client(base_url=base, timeout=30) as client:
            self._send(client, "POST", "/api/v1/organizations", organization(slug, "v0"),
                       key=f"create-{slug}")
            self._ack(slug, "v0")
            version = 0
            while not self.stop.is_set():
                version += 1
                headline = f"v{version}"
                self._send(client, "PATCH", f"/api/v1/organizations/{slug}",
                           {"headline": headline})
                self._ack(slug, headline)

    def _ack(self, slug: str, headline: str) -> None:
        with self.tally.lock:
            self.tally.acknowledged[slug] = headline
            self.tally.writes_acknowledged += 1

    def _read(self, path: str, n: int) -> None:
        base = self.apps[n % len(self.apps)]
        with httpx.Client(base_url=base, timeout=30) as client:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    answer = client.get(path)
                except httpx.HTTPError as exc:
                    self.tally.note("read", exc)
                else:
                    self.tally.note("read", answer)
                took = time.monotonic() - started
                with self.tally.lock:
                    self.tally.slowest_reads[path] = round(
                        max(self.tally.slowest_reads.get(path, 0.0), took), 2)
                time.sleep(0.05)


def kill_all(*things: Any) -> None:
    for thing in things:
        with contextlib.suppress(OSError, subprocess.SubprocessError, AssertionError):
            thing.stop()
