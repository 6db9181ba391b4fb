"""MongoDB connection and Beanie initialisation (owned by the app lifespan or a CLI command).

Every collection is declared once, as a Beanie document in the package that owns it (name,
shape, indexes); `DOCUMENTS` lists them all, so indexes are created at start-up and tests can
empty exactly what the models declare.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from beanie import Document, init_beanie
from pymongo import AsyncMongoClient, ReadPreference
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

from directory import audit
from directory.accounts import documents as accounts
from directory.curation import documents as curation
from directory.profiles import documents as profiles
from directory.settings import SettingsError
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


T = TypeVar("T")
# Explicit, whatever the server's or cluster's defaults: an acknowledged write is on a majority
# (it survives a failover), and a transaction reads what a majority acknowledged.
WRITE_CONCERN = WriteConcern("majority", wtimeout=10_000)
TRANSACTION_READ_CONCERN = ReadConcern("majority")


async def in_transaction(client: AsyncMongoClient[Any],
                         work: Callable[[AsyncClientSession], Awaitable[T]]) -> T:
    """Run `work(session)` in a transaction with the driver's retry loop: a transient error (a
    primary stepping down) re-runs `work`, an unknown commit result retries the commit. `work`
    must therefore only write through the session and compute its result from what it read."""
    async with client.start_session() as session:
        return await session.with_transaction(
            work, read_concern=TRANSACTION_READ_CONCERN, write_concern=WRITE_CONCERN,
            read_preference=ReadPreference.PRIMARY)


async def require_replica_set(client: AsyncMongoClient[Any], url: str) -> None:
    """Transactions (every profile write) need a replica set or a sharded cluster; say so at
    start-up instead of failing on the first write."""
    hello = await client.admin.command("hello")
    if not hello.get("setName") and hello.get("msg") != "isdbgrid":
        host = url.rpartition("@")[2]
        raise SettingsError(
            f"DIRECTORY_MONGODB_URL points at a standalone MongoDB ({host}); the directory "
            "needs a replica set (a single-member one is enough: start mongod with --replSet "
            "and run rs.initiate()) because every profile write is a transaction")


async def ensure_indexes(db: Any) -> None:
    """Every declared index, and GridFS's own (the driver creates those only when its first file
    goes into an empty bucket, which never happens again after a restore)."""
    await init_beanie(database=db, document_models=DOCUMENTS)
    files, chunks = GRIDFS_COLLECTIONS
    await db[files].create_index([("filename", 1), ("uploadDate", 1)])
    await db[chunks].create_index([("files_id", 1), ("n", 1)], unique=True)


async def connect(url: str, db_name: str) -> AsyncMongoClient:  # type: ignore[type-arg]
    # Reads and writes are retried once by the driver (a failover); writes wait for a majority.
    client: AsyncMongoClient = AsyncMongoClient(  # type: ignore[type-arg]
        url, tz_aware=True, serverSelectionTimeoutMS=5000, appname="malang-directory",
        w="majority", wtimeoutMS=10_000, retryReads=True, retryWrites=True,
    )
    await init_beanie(database=client[db_name], document_models=DOCUMENTS)
    return client
