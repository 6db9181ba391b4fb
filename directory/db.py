"""MongoDB connection and Beanie initialisation (owned by the app lifespan or a CLI command).

Every collection is declared once, as a Beanie document in the package that owns it (name,
shape, indexes); `DOCUMENTS` lists them all, so indexes are created at start-up and tests can
empty exactly what the models declare.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from beanie import init_beanie
from pymongo import AsyncMongoClient, ReadPreference
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

from directory.metrics import MongoCommands
from directory.settings import SettingsError

if TYPE_CHECKING:
    from beanie import Document

# The handles every service receives (documents are plain dicts; Beanie declares the models).
Client = AsyncMongoClient[dict[str, Any]]
Database = AsyncDatabase[dict[str, Any]]
Collection = AsyncCollection[dict[str, Any]]
Session = AsyncClientSession

IMAGE_BUCKET = "images"  # GridFS: the image bytes beside the documents (directory.profiles.media)
GRIDFS_COLLECTIONS = (f"{IMAGE_BUCKET}.files", f"{IMAGE_BUCKET}.chunks")


def documents() -> list[type[Document]]:
    """Every Beanie document, from the package that owns its collection. Imported here, on
    first use, because the owners' services import this module for its handles."""
    from directory import audit
    from directory.accounts import documents as accounts
    from directory.curation import documents as curation
    from directory.hiring import documents as hiring
    from directory.profiles import documents as profiles
    from directory.programmes import documents as programmes
    from directory.stats import documents as stats
    from search import documents as search

    return [*profiles.DOCUMENTS, *accounts.DOCUMENTS, audit.AuditEntry, *curation.DOCUMENTS,
            *stats.DOCUMENTS, *search.DOCUMENTS, *hiring.SHORTLIST_DOCUMENTS,
            *hiring.BRIEF_DOCUMENTS, *hiring.DOCUMENTS, *programmes.DOCUMENTS]


def collection_names() -> list[str]:
    """Every collection the models declare (their inner `Settings.name`), GridFS included."""
    return [model.Settings.name for model in documents()] + list(GRIDFS_COLLECTIONS)


T = TypeVar("T")
# Explicit, whatever the server's or cluster's defaults: an acknowledged write is on a majority
# (it survives a failover), and a transaction reads what a majority acknowledged.
WRITE_CONCERN = WriteConcern("majority", wtimeout=10_000)
TRANSACTION_READ_CONCERN = ReadConcern("majority")


# Public reads (profile pages and their API, names and images on them, slug redirects, the
# "last confirmed" date, verification badges, sitemaps, open data, home counts) go to the primary
# while there is one and to a secondary while there is none (an election), so visitors keep
# reading during a failover; replication lag of a fraction of a second is acceptable there.
# Everything an owner or curator reads to act on (editing, permissions, sessions, merges,
# transactions) stays on the primary (the client's default). docs/architecture.md lists them.
PUBLIC_READS = ReadPreference.PRIMARY_PREFERRED


def public_reads(db: Database) -> Database:
    """`db` for public reads (see PUBLIC_READS); writes through it still go to the primary."""
    return db.with_options(read_preference=PUBLIC_READS)


async def in_transaction(client: Client,
                         work: Callable[[AsyncClientSession], Awaitable[T]]) -> T:
    """Run `work(session)` in a transaction with the driver's retry loop: a transient error (a
    primary stepping down) re-runs `work`, an unknown commit result retries the commit. `work`
    must therefore only write through the session and compute its result from what it read."""
    async with client.start_session() as session:
        return await session.with_transaction(
            work, read_concern=TRANSACTION_READ_CONCERN, write_concern=WRITE_CONCERN,
            read_preference=ReadPreference.PRIMARY)


async def move_to_profile(collection: Collection, kind: str, from_slug: str, to_slug: str,
                          session: Session) -> list[Any]:
    """A merge of duplicates: the owner's documents that name a profile by `kind` and `slug`
    (inquiries, claims, engagements, reviews) name the kept one. Returns their ids, which
    `move_back` takes when the merge is undone."""
    moved = await collection.distinct("_id", {"kind": kind, "slug": from_slug}, session=session)
    await collection.update_many({"_id": {"$in": moved}}, {"$set": {"slug": to_slug}},
                                 session=session)
    return moved


async def move_back(collection: Collection, moved: list[Any], kind: str, keep: str, other: str,
                    session: Session) -> None:
    """The merge undone: those documents name the restored profile again."""
    await collection.update_many({"_id": {"$in": moved}, "kind": kind, "slug": keep},
                                 {"$set": {"slug": other}}, session=session)


async def require_replica_set(client: Client, url: str) -> None:
    """Transactions (every profile write) need a replica set or a sharded cluster; say so at
    start-up instead of failing on the first write."""
    hello = await client.admin.command("hello")
    if not hello.get("setName") and hello.get("msg") != "isdbgrid":
        host = url.rpartition("@")[2]
        raise SettingsError(
            f"DIRECTORY_MONGODB_URL points at a standalone MongoDB ({host}); the directory "
            "needs a replica set (a single-member one is enough: start mongod with --replSet "
            "and run rs.initiate()) because every profile write is a transaction")


async def ensure_indexes(db: Database) -> None:
    """Every declared index, and GridFS's own (the driver creates those only when its first file
    goes into an empty bucket, which never happens again after a restore)."""
    await init_beanie(database=db, document_models=documents())
    files, chunks = GRIDFS_COLLECTIONS
    await db[files].create_index([("filename", 1), ("uploadDate", 1)])
    await db[chunks].create_index([("files_id", 1), ("n", 1)], unique=True)


async def connect(url: str, db_name: str) -> Client:
    # Reads and writes are retried once by the driver (a failover); writes wait for a majority.
    client: Client = AsyncMongoClient(
        url, tz_aware=True, serverSelectionTimeoutMS=5000, appname="malang-directory",
        w="majority", wtimeoutMS=10_000, retryReads=True, retryWrites=True,
        event_listeners=[MongoCommands()],
    )
    await init_beanie(database=client[db_name], document_models=documents())
    return client
