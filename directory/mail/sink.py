"""The development mail sink: a real SMTP server on loopback that keeps every message as a file
under var/mail (read them there or on the development-only page /dev/surat).

    python -m directory.mail.sink --port 8025 --dir var/mail
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope


class FolderHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # messages hold reset links: only this account reads them

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{time.monotonic_ns() % 10**9:09d}.eml"
        content = envelope.original_content or b""
        path = self.folder / name
        path.touch(mode=0o600)
        path.write_bytes(content)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description="Development SMTP sink")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    controller = Controller(FolderHandler(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"mail sink listening on 127.0.0.1:{args.port}, writing to {args.dir}", flush=True)

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()
        loop.close()


if __name__ == "__main__":
    main()
