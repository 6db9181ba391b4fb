"""Stored data of the hiring package (Beanie documents): names, shapes and indexes. Each service
of the package owns the collections it declares here; others call that service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, IndexModel

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
