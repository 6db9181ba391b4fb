"""MongoDB connection and Beanie initialisation (owned by the app lifespan or a CLI command).

Every collection is declared once, as a Beanie document in the package that owns it (name,
shape, indexes); `DOCUMENTS` lists them all, so indexes are created at start-up and tests can
empty exactly what the models declare.
"""

from __future__ import annotations

from typing import Any

from beanie import Document, init_beanie
from pymongo import AsyncMongoClient

from directory import audit
from directory.accounts import documents as accounts
from directory.curation import documents as curation
from directory.profiles import documents as profiles
from directory.stats import documents as stats
from search import documents as search

DOCUMENTS: list[type[Document]] = [
    *profiles.DOCUMENTS, *accounts.DOCUMENTS, audit.AuditEntry, *curation.DOCUMENTS,
    *stats.DOCUMENTS, *search.DOCUMENTS,
]
# GridFS keeps the image bytes beside the documents (written by directory.profiles.media).
GRIDFS_COLLECTIONS = (f"{profiles.IMAGE_BUCKET}.files", f"{profiles.IMAGE_BUCKET}.chunks")


def collection_names() -> list[str]:
    """Every collection the models declare (their inner `Settings.name`), GridFS included."""
    return [model.Settings.name for model in DOCUMENTS] + list(GRIDFS_COLLECTIONS)  # type: ignore[attr-defined]


async def ensure_indexes(db: Any) -> None:
    """Every declared index, and GridFS's own (the driver creates those only when its first file
    goes into an empty bucket, which never happens again after a restore)."""
    await init_beanie(database=db, document_models=DOCUMENTS)
    files, chunks = GRIDFS_COLLECTIONS
    await db[files].create_index([("filename", 1), ("uploadDate", 1)])
    await db[chunks].create_index([("files_id", 1), ("n", 1)], unique=True)


async def connect(url: str, db_name: str) -> AsyncMongoClient:  # type: ignore[type-arg]
    client: AsyncMongoClient = AsyncMongoClient(  # type: ignore[type-arg]
        url, tz_aware=True, serverSelectionTimeoutMS=5000, appname="malang-directory"
    )
    await init_beanie(database=client[db_name], document_models=DOCUMENTS)
    return client
