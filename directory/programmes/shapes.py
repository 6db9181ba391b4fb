"""The public shapes of programmes (pages and the JSON API). Built field by field from the stored
document: an application's note or an unconfirmed participation can never reach them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from pydantic import BaseModel

from directory.profiles.public import profile_path


class Organizer(BaseModel):
    """Who runs the programme: an organization in the directory (`slug`, `url`) or a public
    body named in free text (e.g. "Bappeda Kota Malang")."""
    name: str
    slug: str | None = None
    url: str | None = None


class Participant(BaseModel):
    """A published profile whose participation the organizer or a curator confirmed."""
    kind: str
    slug: str
    name: str
    headline: str = ""
    subsectors: list[str] = []
    url: str


class ProgrammeSummary(BaseModel):
    slug: str
    title: str
    kind: str  # workshop | incubation | trade_mission | expo | open_call
    organizer: Organizer
    starts_on: str  # ISO date
    ends_on: str | None = None
    deadline: str | None = None  # open calls: the last day to apply
    open: bool = False  # an open call still taking applications
    subsectors: list[str]
    url: str


class ProgrammePublic(ProgrammeSummary):
    description: str
    description_en: str | None = None
    participants: list[Participant] = []


class ProgrammeList(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[ProgrammeSummary]


class OwnParticipationPrivate(TypedDict):
    """One of the user's profiles in a programme, with its application's note (its people
    only)."""
    kind: str
    slug: str
    status: str  # claimed | applied | confirmed | declined
    note: str


class PendingParticipationPrivate(OwnParticipationPrivate):
    """A claim or application awaiting the organizer's decision: the organizer organization's
    owners and curators only (the note is the applicant's)."""
    id: str
    name: str
    at: datetime


class ProgrammeFilters(TypedDict):
    """The list's parameters as read (`service.parse_filters`); None: no filter."""
    kind: str | None
    subsector: str | None
    year: int | None
    page: int
    per_page: int


class ProgrammeCreate(TypedDict):
    """A programme's fields as validated (`validation.validate_programme`): what the form
    writes. Exactly one of `organizer_slug` and `organizer_name` is non-empty."""
    title: str
    description: str
    description_en: str
    organizer_slug: str
    organizer_name: str
    kind: str
    starts_on: str  # ISO dates
    ends_on: str | None
    deadline: str | None
    subsectors: list[str]


class ProgrammePrivate(ProgrammeCreate):
    """A stored programme (`programmes`): who created it is for curators, never shown."""
    slug: str
    created_at: datetime
    updated_at: datetime
    created_by: str  # a user id, or "seed"


def programme_path(slug: str) -> str:
    return f"/program/{slug}"


def organizer_of(doc: Mapping[str, Any], names: dict[str, str]) -> Organizer:
    """The organizer as shown: a directory organization only while it is public."""
    slug = doc.get("organizer_slug")
    if slug and slug in names:
        return Organizer(name=names[slug], slug=slug, url=profile_path("organization", slug))
    return Organizer(name=doc.get("organizer_name") or "")


def summary(doc: Mapping[str, Any], names: dict[str, str], today: str) -> ProgrammeSummary:
    return ProgrammeSummary(
        slug=doc["slug"], title=doc["title"], kind=doc["kind"],
        organizer=organizer_of(doc, names), starts_on=doc["starts_on"],
        ends_on=doc.get("ends_on"), deadline=doc.get("deadline"),
        open=is_open(doc, today), subsectors=list(doc.get("subsectors", [])),
        url=programme_path(doc["slug"]))


def is_open(doc: Mapping[str, Any], today: str) -> bool:
    return doc.get("kind") == "open_call" and bool(doc.get("deadline")) \
        and doc["deadline"] >= today


def public(doc: Mapping[str, Any], names: dict[str, str], today: str,
           participants: list[Participant]) -> ProgrammePublic:
    return ProgrammePublic(**summary(doc, names, today).model_dump(),
                           description=doc["description"],
                           description_en=doc.get("description_en") or None,
                           participants=participants)
