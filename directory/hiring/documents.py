"""Stored hiring data (Beanie documents). The hiring package owns these collections: only
`directory.hiring` writes them; others call its services."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel


class Engagement(Document):
    """A piece of work both sides said exists: the firm took on an inquiry (or brief) and the
    client confirmed through the link mailed to them. `source`+`source_id` name what it came
    from; the client's email and access-token digest stay private."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str
    source: str
    source_id: str
    state: str
    at: datetime

    class Settings:
        name = "engagements"
        indexes = [
            IndexModel([("source", ASCENDING), ("source_id", ASCENDING)],
                       name="source_unique", unique=True),
            IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("at", DESCENDING)],
                       name="profile_at"),
            IndexModel([("client_email", ASCENDING)], name="client"),
        ]


class Review(Document):
    """One review per engagement, by its client. `status`: published or hidden (a curator's
    decision, with a reason); hidden reviews leave the averages."""
    model_config = ConfigDict(extra="allow")
    engagement_id: str
    kind: str
    slug: str
    status: str
    at: datetime

    class Settings:
        name = "reviews"
        indexes = [
            IndexModel([("engagement_id", ASCENDING)], name="engagement_unique", unique=True),
            IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("status", ASCENDING),
                        ("at", DESCENDING)], name="profile_status_at"),
            IndexModel([("reports", DESCENDING)], name="reported"),
        ]


class SavedSearch(Document):
    """A user's saved search (its /cari query string) with weekly alerts and an Atom feed
    (`feed_key`: the unguessable part of the feed's address)."""
    model_config = ConfigDict(extra="allow")
    user_id: str
    name: str
    query: str
    created_at: datetime

    class Settings:
        name = "saved_searches"
        indexes = [
            IndexModel([("user_id", ASCENDING), ("created_at", DESCENDING)], name="user"),
            IndexModel([("feed_key", ASCENDING)], name="feed_unique", unique=True),
        ]


DOCUMENTS: list[type[Document]] = [Engagement, Review, SavedSearch]
