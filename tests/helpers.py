"""Shared steps of the service-backed tests."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from directory.context import Services
from directory.profiles.editing import ProfileEditor
from directory.profiles.schema import PROFILE_ADAPTER

T = TypeVar("T")


async def load(services: Services, *rows: dict[str, Any]) -> None:
    """Write rows through the same validated path the importer uses (and wait for the index)."""
    await services.profiles.write([PROFILE_ADAPTER.validate_json(json.dumps(r)) for r in rows])
    # Drain here, or wait for the app's own sync worker when it holds the lease right now.
    assert await services.sync.wait_until_applied(), "search outbox not applied within 60 s"


async def indexed_documents(services: Services) -> list[dict[str, Any]]:
    body = await services.meili.request(
        "GET", f"/indexes/{services.index.uid}/documents", params={"limit": 10000})
    return body["results"]  # type: ignore[no-any-return]


async def eventually(probe: Callable[[], Awaitable[T]], what: str, timeout: float = 20.0) -> T:
    """Poll `probe` until it returns something truthy and return that.

    Asynchronous effects (indexing) are awaited with a generous deadline so tests stay
    deterministic on a slow machine; how fast they happen is measured by `make bench`."""
    deadline = time.monotonic() + timeout
    while not (result := await probe()):
        assert time.monotonic() < deadline, f"{what}: not reached within {timeout:.0f} s"
        await asyncio.sleep(0.05)
    return result


def count_permission_lookups(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the editor's role queries and profile reads (every editor, the app's included)."""
    calls = {"role": 0, "read": 0}
    role, read = ProfileEditor.role, ProfileEditor.private

    async def counted_role(self: ProfileEditor, *args: Any) -> str | None:
        calls["role"] += 1
        return await role(self, *args)

    async def counted_read(self: ProfileEditor, *args: Any) -> Any:
        calls["read"] += 1
        return await read(self, *args)

    monkeypatch.setattr(ProfileEditor, "role", counted_role)
    monkeypatch.setattr(ProfileEditor, "private", counted_read)
    return calls
