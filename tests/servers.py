"""A real `directory serve` process for tests that need one (browser, second app process)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from directory.settings import PROJECT_ROOT, Settings
from tests.conftest import cli_env
from tests.ports import free_port


@contextmanager
def serving(settings: Settings, command: Path | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, output: Path | None = None) -> Iterator[str]:
    """Starts the app on a free port against `settings`' services; yields its base URL.
    `command` is another `directory` executable (an installed wheel's), run in `cwd`; the
    process's output (logs) goes to `output` when given."""
    port = free_port()
    # The output goes to a file, never an unread pipe: a full pipe (64 KiB of access log lines)
    # would stop the server mid-test.
    scratch: Path | None = None
    if output is None:
        handle, name = tempfile.mkstemp(prefix="serve-", suffix=".log")
        os.close(handle)
        output = scratch = Path(name)
    log = output.open("wb")
    process = subprocess.Popen(
        [str(command or PROJECT_ROOT / ".venv" / "bin" / "directory"), "serve", "--port",
         str(port)], env={**cli_env(settings), **(env or {})}, stdout=log,
        stderr=subprocess.STDOUT, cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{output.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        if scratch is not None:
            scratch.unlink(missing_ok=True)
