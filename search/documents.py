"""Stored search bookkeeping (Beanie documents): the outbox of profiles to re-index, the sync
worker's lease, and low-result searches (unmet demand). `search/` owns these collections."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, IndexModel

OUTBOX = "search_outbox"
LEASES = "leases"
DEMAND = "search_demand"
DEMAND_RETENTION_DAYS = 400  # raw low-result searches; analysts read the last 12 months


class OutboxEntry(Document):
    """A profile changed in MongoDB and not yet applied to the index (in `_id` order)."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str

    class Settings:
        name = OUTBOX


class Lease(Document):
    """Which process applies the outbox now, until when."""
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


DOCUMENTS: list[type[Document]] = [OutboxEntry, Lease, SearchDemand]
