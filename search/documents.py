"""Stored search bookkeeping (Beanie documents): the outbox of profiles to re-index, the sync
workers' leases, each profile's search version, the consumers of the outbox (search nodes and
running rebuilds), and low-result searches (unmet demand). `search/` owns these collections."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, IndexModel

OUTBOX = "search_outbox"
LEASES = "leases"
VERSIONS = "search_versions"
CONSUMERS = "search_consumers"
DEMAND = "search_demand"
DEMAND_RETENTION_DAYS = 400  # raw low-result searches; analysts read the last 12 months


class OutboxEntry(Document):
    """A profile changed in MongoDB and not yet applied to the index (in `_id` order)."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str

    class Settings:
        name = OUTBOX


class SearchVersion(Document):
    """`{_id: "<kind>-<slug>", v}`: raised in the transaction of every profile change; the index
    document carries the version it was built from (`sync_v`), so no write puts an older one
    over a newer one."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]
    v: int = 0

    class Settings:
        name = VERSIONS


class SearchConsumer(Document):
    """Who must apply an outbox entry before it is removed: each search node (`node:<url>`) and
    each running rebuild (`rebuild:<url>`), until `expires`."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]
    expires: datetime

    class Settings:
        name = CONSUMERS


class Lease(Document):
    """Which process applies the outbox to one search node now, until when."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]

    class Settings:
        name = LEASES


class SearchDemand(Document):
    """A search that found little: what clients looked for and did not find."""
    model_config = ConfigDict(extra="allow")
    at: datetime

    class Settings:
        name = DEMAND
        # One index on `at`: it expires raw rows and serves the analysts' newest-first reads.
        indexes = [IndexModel([("at", ASCENDING)], name="expiry",
                              expireAfterSeconds=DEMAND_RETENTION_DAYS * 24 * 3600)]


DOCUMENTS: list[type[Document]] = [OutboxEntry, Lease, SearchDemand, SearchVersion,
                                   SearchConsumer]
