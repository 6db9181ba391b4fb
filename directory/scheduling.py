"""The app's scheduled tasks share one loop: do the work, log what failed, sleep until the next
round or until the app stops. A failure never stops the app; the next round retries."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable


async def every(interval_s: float, stop: asyncio.Event, work: Callable[[], Awaitable[None]],
                what: str, log: logging.Logger) -> None:
    while not stop.is_set():
        try:
            await work()
        except Exception:
            log.warning("%s failed; retrying in %.0f s", what, interval_s, exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
