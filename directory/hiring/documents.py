"""Stored data of the hiring package (Beanie documents): names, shapes and indexes. Each service
of the package owns the collections it declares here; others call that service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel

# --- shortlists (directory.hiring.shortlist) -------------------------------------------------

class Shortlist(Document):
    """A visitor's or an account's shortlist. `owner` is "user:<id>" or "visitor:<sha256 of the
    cookie's random id>" (the id itself is never stored); `items` are {kind, slug, at} in the
    order they were added; `share_token` is the read-only link's token (None: not shared). A
    visitor's list expires (`expires_at`, renewed on every change); an account's never does."""
    model_config = ConfigDict(extra="allow")
    owner: str
    items: list[dict[str, Any]] = []
    share_token: str | None = None
    updated_at: datetime
    expires_at: datetime | None = None

    class Settings:
        name = "shortlists"
        keep_nulls = False
        indexes = [
            IndexModel([("owner", ASCENDING)], name="owner_unique", unique=True),
            IndexModel([("share_token", ASCENDING)], name="share_token_unique", unique=True,
                       partialFilterExpression={"share_token": {"$type": "string"}}),
            IndexModel([("expires_at", ASCENDING)], name="expiry", expireAfterSeconds=0),
        ]


SHORTLIST_DOCUMENTS: list[type[Document]] = [Shortlist]


# --- briefs (directory.hiring.briefs) ---------------------------------------------------------

class Brief(Document):
    """A client's project brief (directory.hiring.briefs): what is needed, the matches as they
    were explained when it was posted, and its state (open → answered → chosen → closed)."""
    model_config = ConfigDict(extra="allow")
    client_id: str
    status: str
    created_at: datetime

    class Settings:
        name = "briefs"
        indexes = [IndexModel([("client_id", ASCENDING), ("created_at", DESCENDING)],
                              name="client_created"),
                   IndexModel([("status", ASCENDING), ("created_at", DESCENDING)],
                              name="status_created")]


class BriefAnswer(Document):
    """One profile a brief was sent to, and its answer: `routed` (no answer yet),
    `interested` (with a short note) or `declined`; `chosen` once the client picks it."""
    model_config = ConfigDict(extra="allow")
    brief_id: str
    kind: str
    slug: str
    state: str

    class Settings:
        name = "brief_answers"
        indexes = [IndexModel([("brief_id", ASCENDING), ("kind", ASCENDING), ("slug", ASCENDING)],
                              name="brief_profile_unique", unique=True),
                   IndexModel([("kind", ASCENDING), ("slug", ASCENDING)], name="profile")]


BRIEF_DOCUMENTS: list[type[Document]] = [Brief, BriefAnswer]


# --- engagements, reviews, saved searches (engagements.py, reviews.py, alerts.py) ------


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
