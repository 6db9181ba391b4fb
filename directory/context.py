"""Opens and closes every external client (MongoDB, Meilisearch) for the app or a CLI command.

Nothing connects at import time: the app lifespan and each CLI command call `open_services`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from pymongo import AsyncMongoClient

from directory.db import connect
from directory.profiles.service import ProfileService
from directory.settings import Settings
from search.client import MeiliClient
from search.indexer import ProfileIndex
from search.searcher import Searcher


@dataclass
class Services:
    settings: Settings
    mongo: AsyncMongoClient  # type: ignore[type-arg]
    meili: MeiliClient
    index: ProfileIndex
    profiles: ProfileService
    searcher: Searcher


@asynccontextmanager
async def open_services(settings: Settings, *, ensure_index: bool = True
                        ) -> AsyncIterator[Services]:
    if not settings.mongodb_url or not settings.meili_url:
        raise RuntimeError("open_services needs resolved settings (embedded.resolve)")
    mongo = await connect(settings.mongodb_url, settings.mongodb_db)
    meili = MeiliClient(settings.meili_url, settings.meili_key)
    try:
        index = ProfileIndex(meili, settings.index_prefix)
        if ensure_index:
            await index.ensure()
        yield Services(
            settings=settings, mongo=mongo, meili=meili, index=index,
            profiles=ProfileService(mongo, index), searcher=Searcher(meili, index.uid),
        )
    finally:
        await meili.aclose()
        await mongo.close()
