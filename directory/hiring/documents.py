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
