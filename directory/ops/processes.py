"""Local server processes: spawn with a pid file, wait until healthy, stop cleanly (SIGTERM,
then SIGKILL after a grace period), reap our own children so none becomes a zombie."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

START_TIMEOUT = 60.0


class ServiceError(RuntimeError):
    """An embedded server could not be installed, started or reached; the message says what to
    do."""


def read_pid(path: Path, name: str) -> int | None:
    try:
        pid = int(path.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if name.encode() in cmdline else None


def port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return "(no log written)"
    return "\n".join(text)


# Servers started by this process, kept so they are reaped when stopped here (no zombies) and
# their Popen objects are never garbage-collected while the server still runs.
_children: dict[int, subprocess.Popen[bytes]] = {}


def spawn(cmd: list[str], log: Path, pid_file: Path) -> subprocess.Popen[bytes]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    _children[proc.pid] = proc
    pid_file.write_text(str(proc.pid))
    return proc


def wait(check: Callable[[], bool], proc: subprocess.Popen[bytes], what: str, log: Path
          ) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _children.pop(proc.pid, None)
            raise ServiceError(
                f"{what} exited with code {proc.returncode} while starting. "
                f"Last lines of {log}:\n{log_tail(log)}"
            )
        if check():
            return
        time.sleep(0.2)
    raise ServiceError(f"{what} did not become healthy in {START_TIMEOUT:.0f}s. "
                       f"Last lines of {log}:\n{log_tail(log)}")


def stop(pid_file: Path, name: str, timeout: float = 30.0) -> bool:
    pid = read_pid(pid_file, name)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if read_pid(pid_file, name) is None or is_zombie(pid):
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(timeout=10)
    pid_file.unlink(missing_ok=True)
    return True


def is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True
