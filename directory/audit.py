"""The audit log (`audit_log`): every profile change and every curator/admin action, written
with `record` (or `entry` inside another service's transaction) and read by curators and admins
through `AuditLog.search`, filtered by actor, action, profile and date, newest first,
paginated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NotRequired, Protocol, TypedDict, cast

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel

from directory.db import Database, Session
from directory.errors import FieldError, InvalidInput
from directory.i18n import gettext as _

PER_PAGE = 50
COLLECTION = "audit_log"


class AuditEntry(Document):
    """Who did what, when, to which profile and which fields. Only this module writes it."""
    model_config = ConfigDict(extra="allow")
    action: str
    at: datetime

    class Settings:
        name = COLLECTION
        indexes = [IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("at", DESCENDING)],
                              name="profile_at")]


class Actor(Protocol):
    """Who acted: an account (`accounts.service.User`) or the system's own actor."""

    @property
    def id(self) -> str: ...

    @property
    def email(self) -> str: ...


class AuditEntryPrivate(TypedDict):
    """One `audit_log` entry as staff and a profile's owners read it: carries the actor's
    email, so it never reaches a public page (only `at` of the latest entry is shown there)."""
    kind: str | None
    slug: str | None
    at: datetime
    actor_id: str
    actor_email: str
    action: str
    fields: list[str]
    detail: str
    merge_id: NotRequired[str]  # a merge and its undo name the stored snapshot


class AuditPagePrivate(TypedDict):
    """One page of the audit log search (staff only), newest first."""
    entries: list[AuditEntryPrivate]
    total: int
    page: int
    pages: int
    actions: list[str]  # every action recorded (the filter's choices)


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    profile: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1

    def query(self) -> dict[str, Any]:  # a MongoDB filter
        q: dict[str, Any] = {}  # a MongoDB filter (operators as values): untyped by nature
        if self.actor:
            q["actor_email"] = {"$regex": re.escape(self.actor.casefold())}
        if self.action:
            q["action"] = self.action
        if self.profile:
            q["slug"] = self.profile
        at: dict[str, datetime] = {}
        if self.since:
            at["$gte"] = datetime.combine(self.since, time(), UTC)
        if self.until:
            at["$lt"] = datetime.combine(self.until + timedelta(days=1), time(), UTC)
        if at:
            q["at"] = at
        return q


def parse_filter(params: dict[str, str]) -> AuditFilter:
    errors: list[FieldError] = []
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        raw = params.get(name, "").strip()
        try:
            days[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors.append(FieldError(name, _("harus berupa tanggal dengan format TTTT-BB-HH")))
            days[name] = None
    raw_page = params.get("page", "1").strip() or "1"
    page = int(raw_page) if raw_page.isdigit() and int(raw_page) >= 1 else 0
    if not page:
        errors.append(FieldError("page", _("harus berupa bilangan bulat 1 atau lebih")))
    if days["since"] and days["until"] and days["until"] < days["since"]:
        errors.append(FieldError("until", _("tidak boleh sebelum tanggal awal")))
    if errors:
        raise InvalidInput(errors, title="Invalid audit filter")
    return AuditFilter(actor=params.get("actor", "").strip(), action=params.get("action", ""),
                       profile=params.get("profile", "").strip(), since=days["since"],
                       until=days["until"], page=page)


async def record_many(db: Database, entries: list[AuditEntryPrivate],
                      session: Session | None = None) -> None:
    """Several prepared `entry(...)` documents at once (a merge, a spreadsheet import)."""
    if entries:
        await db[COLLECTION].insert_many([dict(e) for e in entries], session=session)


async def of_profile(db: Database, kind: str, slug: str, limit: int = 100
                     ) -> list[AuditEntryPrivate]:
    """A profile's history, newest first."""
    cursor = db[COLLECTION].find({"kind": kind, "slug": slug}).sort("at", -1).limit(limit)
    return [cast(AuditEntryPrivate, doc) async for doc in cursor]  # as `entry` wrote them


async def confirmations(db: Database, keys: list[tuple[str, str]]
                        ) -> dict[tuple[str, str], datetime]:
    """When each listed profile was last confirmed "still accurate" by its owners (a public
    fact: the profile page shows it), for the search documents' freshness."""
    by_kind: dict[str, list[str]] = {}
    for kind, slug in keys:
        by_kind.setdefault(kind, []).append(slug)
    out: dict[tuple[str, str], datetime] = {}
    for kind, slugs in by_kind.items():
        cursor = await db[COLLECTION].aggregate([
            {"$match": {"kind": kind, "slug": {"$in": slugs}, "action": "confirmed"}},
            {"$group": {"_id": "$slug", "at": {"$max": "$at"}}}])
        out.update({(kind, row["_id"]): row["at"] async for row in cursor})
    return out


async def search(db: Database, f: AuditFilter) -> AuditPagePrivate:
    query = f.query()
    total = await db[COLLECTION].count_documents(query)
    cursor = db[COLLECTION].find(query, {"_id": 0}).sort("at", -1) \
        .skip((f.page - 1) * PER_PAGE).limit(PER_PAGE)
    entries = [cast(AuditEntryPrivate, e) async for e in cursor]
    return {"entries": entries, "total": total, "page": f.page,
            "pages": max(1, -(-total // PER_PAGE)),
            "actions": sorted(a for a in await db[COLLECTION].distinct("action") if a)}


def entry(actor: Actor, action: str, detail: str = "", kind: str | None = None,
          slug: str | None = None, fields: list[str] | None = None,
          at: datetime | None = None) -> AuditEntryPrivate:
    """One `audit_log` document: who, when, what, on which profile and which fields."""
    return {"kind": kind, "slug": slug, "at": at or datetime.now(UTC), "actor_id": actor.id,
            "actor_email": actor.email, "action": action, "fields": fields or [],
            "detail": detail}


async def record(db: Database, actor: Actor, action: str, detail: str = "",
                 kind: str | None = None, slug: str | None = None,
                 fields: list[str] | None = None, session: Session | None = None) -> None:
    await db[COLLECTION].insert_one(dict(entry(actor, action, detail, kind, slug, fields)),
                                     session=session)


class AuditLog:
    """The audit log as the pages reach it (through Services)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def search(self, f: AuditFilter) -> AuditPagePrivate:
        return await search(self.db, f)
