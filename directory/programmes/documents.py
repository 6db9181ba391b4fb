"""Stored programmes and participations (Beanie documents). The programmes package owns these
collections; other packages call `ProgrammeService`."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel

PROGRAMMES = "programmes"
PARTICIPATIONS = "programme_participations"


class Programme(Document):
    """A workshop, incubation cohort, trade mission, expo or open call. Every field is public
    (nothing private is asked for)."""
    model_config = ConfigDict(extra="allow")
    slug: str
    title: str
    kind: str
    starts_on: str  # ISO date
    created_at: datetime

    class Settings:
        name = PROGRAMMES
        indexes = [IndexModel([("slug", ASCENDING)], name="slug_unique", unique=True),
                   IndexModel([("starts_on", DESCENDING)], name="starts_on"),
                   IndexModel([("organizer_slug", ASCENDING)], name="organizer")]


class Participation(Document):
    """A profile's part in a programme: `status` is `confirmed` (public), `claimed` (by the
    profile's people, awaiting the organizer), `applied` (to an open call; `note` is private to
    the applicant and the organizer) or `declined`."""
    model_config = ConfigDict(extra="allow")
    programme: str
    kind: str
    slug: str
    status: str
    at: datetime

    class Settings:
        name = PARTICIPATIONS
        indexes = [IndexModel([("programme", ASCENDING), ("kind", ASCENDING),
                               ("slug", ASCENDING)], name="one_per_profile", unique=True),
                   IndexModel([("kind", ASCENDING), ("slug", ASCENDING),
                               ("status", ASCENDING)], name="profile_status")]


DOCUMENTS: list[type[Document]] = [Programme, Participation]
