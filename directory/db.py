"""MongoDB connection and Beanie initialisation (owned by the app lifespan or a CLI command)."""

from __future__ import annotations

from typing import Any

from beanie import init_beanie
from pymongo import AsyncMongoClient

from directory.profiles.documents import DOCUMENT_MODELS


async def connect(url: str, db_name: str) -> AsyncMongoClient[dict[str, Any]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        url, tz_aware=True, serverSelectionTimeoutMS=5000, appname="malang-directory"
    )
    await init_beanie(database=client[db_name], document_models=DOCUMENT_MODELS)
    return client
