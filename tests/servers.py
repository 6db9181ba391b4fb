"""A real `directory serve` process for tests that need one (browser, second app process)."""

from __future__ import annotations

import subprocess
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
    log = output.open("wb") if output else None
    process = subprocess.Popen(
        [str(command or PROJECT_ROOT / ".venv" / "bin" / "directory"), "serve", "--port",
         str(port)], env={**cli_env(settings), **(env or {})}, stdout=log or subprocess.PIPE,
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
                printed = (process.stdout.read().decode() if process.stdout else
                           output.read_text() if output else "")
                raise RuntimeError(f"server did not start:\n{printed}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
        if log:
            log.close()
