"""MongoDB connection and Beanie initialisation (owned by the app lifespan or a CLI command)."""

from __future__ import annotations

from typing import Any

from beanie import init_beanie
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from directory.profiles.documents import DOCUMENT_MODELS

# The handles every service receives (documents are plain dicts; Beanie declares the models).
Client = AsyncMongoClient[dict[str, Any]]
Database = AsyncDatabase[dict[str, Any]]
Collection = AsyncCollection[dict[str, Any]]
Session = AsyncClientSession


async def connect(url: str, db_name: str) -> Client:
    client: Client = AsyncMongoClient(
        url, tz_aware=True, serverSelectionTimeoutMS=5000, appname="malang-directory"
    )
    await init_beanie(database=client[db_name], document_models=DOCUMENT_MODELS)
    return client
