"""Shared steps of the service-backed tests."""

from __future__ import annotations

import json
from typing import Any

from directory.context import Services
from directory.profiles.schema import PROFILE_ADAPTER


async def load(services: Services, *rows: dict[str, Any]) -> None:
    """Write rows through the same validated path the importer uses (and wait for the index)."""
    await services.profiles.write([PROFILE_ADAPTER.validate_json(json.dumps(r)) for r in rows])
    assert await services.sync.drain() >= 0


async def indexed_documents(services: Services) -> list[dict[str, Any]]:
    body = await services.meili.request(
        "GET", f"/indexes/{services.index.uid}/documents", params={"limit": 10000})
    return body["results"]  # type: ignore[no-any-return]
