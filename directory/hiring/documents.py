"""Stored data of the hiring package (Beanie documents; the package's services write them)."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel


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
