"""Profile services: the one place that reads and writes profiles and keeps search in step.

Knows nothing of HTTP; raises domain errors (directory.errors).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypedDict, overload

from pymongo import ReplaceOne

from directory import audit
from directory.db import Client, Collection, Session, in_transaction, public_reads
from directory.errors import NotFound
from directory.profiles.documents import MODEL_BY_KIND
from directory.profiles.private import InterchangePrivate
from directory.profiles.public import (
    OrganizationPublic,
    PublicProfile,
    RatingSummary,
    TalentPublic,
    from_stored,
)
from directory.profiles.stored import ProfileInput, content_of, stored_form
from directory.taxonomy import PUBLIC_STATUSES
from search import sync
from search.indexer import ProfileIndex

WRITE_BATCH = 1000
NAMES_TTL_S, NAMES_KEPT = 1.0, 10_000  # community_names
TRANSACTION_LIMIT = 2000  # larger imports are written in batches (each upsert is idempotent)

Ratings = Callable[[Sequence[tuple[str, str]]], Awaitable[dict[tuple[str, str], RatingSummary]]]
# (kind, [(stored before or None, stored after)], session): in a bulk write's transaction
BulkHook = Callable[[str, list[tuple[dict[str, Any] | None, dict[str, Any]]], Session],
                    Awaitable[None]]


async def _no_ratings(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], RatingSummary]:
    return {}


Logos = Callable[[list[tuple[str, str]]], Awaitable[dict[str, str]]]


async def _no_logos(keys: list[tuple[str, str]]) -> dict[str, str]:
    return {}


Rebuilder = Callable[[Callable[[], AsyncIterator[list[dict[str, Any]]]],
                      Callable[[int], None] | None], Awaitable[int]]


@dataclass
class WriteSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# Public reads (pages, the public API, the search index) see published and ceased profiles; a
# ceased one is shown as no longer operating. Active counts (home page) stay `published` only.
PUBLIC = {"$in": list(PUBLIC_STATUSES)}


class PublicExtent(TypedDict):
    """How many public profiles there are, and the first and last dates among them."""

    count: int
    first_created: datetime | None
    last_updated: datetime | None


class ProfileService:
    """Works on its own database handle rather than Beanie's class-level binding, so that several
    databases (tests, tools) can be open in one process; Beanie declares models and indexes."""

    def __init__(self, mongo: Client, db_name: str,
                 index: ProfileIndex) -> None:
        self.mongo = mongo
        self.db = mongo[db_name]
        self.public_db = public_reads(self.db)  # what visitors see (db.PUBLIC_READS)
        self.index = index
        self.on_change: Callable[[], None] = lambda: None  # the app kicks the search sync
        # Reviews register here (directory.hiring.reviews): the rating on public shapes and
        # in the search documents.
        self.ratings: Ratings = _no_ratings
        # The media service registers here: the logo URL in the search documents.
        self.logos: Logos = _no_logos
        self._names: dict[str, tuple[str | None, float]] = {}  # community_names

        # Packages that keep data about profile writes register here (stats/profile_history:
        # outcomes); each runs in the import's transaction with the profiles it changes.
        self.write_hooks: list[BulkHook] = []
        # Rebuilds every search node, replaying changes made meanwhile (search/rebuild.py; set
        # by directory.context); this default only refills the one index it was given.
        self.rebuild_index: Rebuilder = (
            lambda documents, progress: self.index.rebuild(documents(), progress))

    def collection(self, kind: str) -> Collection:
        return self.db[MODEL_BY_KIND[kind].Settings.name]

    def public(self, kind: str) -> Collection:
        """The collection for public reads: a secondary answers while no primary is known."""
        return self.public_db[MODEL_BY_KIND[kind].Settings.name]

    # --- reading ------------------------------------------------------------------------

    @overload
    async def get_public(self, kind: Literal["organization"], slug: str) -> OrganizationPublic:
        ...

    @overload
    async def get_public(self, kind: Literal["talent"], slug: str) -> TalentPublic:
        ...

    @overload
    async def get_public(self, kind: str, slug: str) -> PublicProfile:
        ...

    async def get_public(self, kind: str, slug: str) -> PublicProfile:
        raw = await self.public(kind).find_one({"slug": slug, "status": PUBLIC})
        if raw is None:
            raise NotFound(f"{kind} {slug!r}")
        profile = from_stored(kind, raw)
        profile.rating = (await self.ratings([(kind, slug)])).get((kind, slug))
        # Memberships are two-sided: shown only once the other side lists this profile too.
        if isinstance(profile, OrganizationPublic) and profile.members:
            confirmed = await self._confirmed("talent", "affiliations.organization_slug", slug,
                                              [m.talent_slug for m in profile.members])
            profile.members = [m for m in profile.members if m.talent_slug in confirmed]
        elif isinstance(profile, TalentPublic) and profile.affiliations:
            confirmed = await self._confirmed("organization", "members.talent_slug", slug,
                                              [a.organization_slug for a in profile.affiliations])
            profile.affiliations = [a for a in profile.affiliations
                                    if a.organization_slug in confirmed]
        return profile

    async def status(self, kind: str, slug: str) -> str | None:
        """A profile's status ('published', 'draft', …); None when there is no such profile."""
        raw = await self.collection(kind).find_one({"slug": slug}, {"status": 1})
        return None if raw is None else raw.get("status", "published")

    async def _confirmed(self, other_kind: str, back_field: str, slug: str,
                         others: list[str]) -> set[str]:
        cursor = self.public(other_kind).find(
            {"slug": {"$in": others}, back_field: slug, "status": PUBLIC}, {"slug": 1})
        return {d["slug"] async for d in cursor}

    async def public_names(self, kind: str, slugs: Sequence[str]) -> dict[str, str]:
        """Names of the published profiles among `slugs` (for links on profile pages)."""
        if not slugs:
            return {}
        cursor = self.public(kind).find({"slug": {"$in": list(slugs)}, "status": PUBLIC},
                                 {"slug": 1, "name": 1})
        return {d["slug"]: d["name"] async for d in cursor}

    async def community_names(self, slugs: Sequence[str]) -> dict[str, str]:
        """`public_names` of organizations for the results page's community facet, kept in
        this process for NAMES_TTL_S: the same dozen communities label every results page, and
        a read per page cost ~0.7 ms of CPU here plus MongoDB's (`benchmarks.probes render`).
        A renamed or hidden community shows within the search freshness bound (1 s)."""
        clock = time.monotonic()
        stale = [s for s in dict.fromkeys(slugs)
                 if s not in self._names or self._names[s][1] < clock]
        if stale:
            found = await self.public_names("organization", stale)
            if len(self._names) > NAMES_KEPT:
                self._names.clear()
            self._names.update({s: (found.get(s), clock + NAMES_TTL_S) for s in stale})
        return {s: name for s in slugs if (name := self._names[s][0]) is not None}

    async def affiliated_talents(self, org_slug: str) -> list[dict[str, str]]:
        """Published talents who list this organization among their affiliations."""
        cursor = self.public("talent").find(
            {"affiliations.organization_slug": org_slug, "status": PUBLIC},
            {"slug": 1, "name": 1, "affiliations": 1},
        ).sort("name", 1)
        out = []
        async for doc in cursor:
            title = next((a.get("title") for a in doc.get("affiliations", [])
                          if a.get("organization_slug") == org_slug), None)
            out.append({"slug": doc["slug"], "name": doc["name"], "title": title or ""})
        return out

    async def community_types(self, slugs: Sequence[str]) -> dict[str, str]:
        """org_type of each existing organization among `slugs`."""
        cursor = self.public("organization").find(
            {"slug": {"$in": list(slugs)}}, {"slug": 1, "org_type": 1})
        return {d["slug"]: d["org_type"] async for d in cursor}

    async def public_profiles(self) -> AsyncIterator[PublicProfile]:
        """Every public profile (published or ceased), by kind then slug: the open-data bulk
        file (profiles/bulk.py)."""
        for kind in MODEL_BY_KIND:
            async for raw in self.public(kind).find({"status": PUBLIC}).sort("slug", 1):
                yield from_stored(kind, raw)

    async def public_extent(self) -> PublicExtent:
        """How many public profiles, the first `created_at` and the last `updated_at` (the
        open-data catalogue's temporal coverage and modification date)."""
        out: PublicExtent = {"count": 0, "first_created": None, "last_updated": None}
        for kind in MODEL_BY_KIND:
            pipeline: list[dict[str, Any]] = [{"$match": {"status": PUBLIC}},
                        {"$group": {"_id": None, "n": {"$sum": 1},
                                    "first": {"$min": "$created_at"},
                                    "last": {"$max": "$updated_at"}}}]
            async for row in await self.public(kind).aggregate(pipeline):
                out["count"] += row["n"]
                if out["first_created"] is None or row["first"] < out["first_created"]:
                    out["first_created"] = row["first"]
                if out["last_updated"] is None or row["last"] > out["last_updated"]:
                    out["last_updated"] = row["last"]
        return out

    async def counts(self) -> dict[str, int]:
        """Published profiles per kind and organization type (home page figures)."""
        out: dict[str, int] = {}
        pipeline: list[dict[str, Any]] = [{"$match": {"status": "published"}},
                    {"$group": {"_id": "$org_type", "n": {"$sum": 1}}}]
        async for row in await self.public("organization").aggregate(pipeline):
            out[f"org_type:{row['_id']}"] = row["n"]
        out["organization"] = sum(v for k, v in out.items() if k.startswith("org_type:"))
        out["talent"] = await self.public("talent").count_documents(
            {"status": "published"})
        out["verified"] = await self.public("organization").count_documents(
            {"status": "published", "verified": True})
        return out

    # --- writing ------------------------------------------------------------------------

    async def write(
        self, profiles: Sequence[ProfileInput], progress: Callable[[int], None] | None = None
    ) -> WriteSummary:
        """Upsert validated profiles by kind+slug, recording search-outbox entries in the same
        transaction (search/sync.py applies them). Up to TRANSACTION_LIMIT profiles are written
        all-or-nothing; larger imports in transactional batches. Unchanged profiles are not
        rewritten, so re-running an import changes nothing."""
        summary = WriteSummary()
        chunk_size = len(profiles) if len(profiles) <= TRANSACTION_LIMIT else WRITE_BATCH
        for start in range(0, len(profiles), max(chunk_size, 1)):
            chunk = profiles[start:start + chunk_size]

            # A write that conflicts with another one on the same profile (two imports, an
            # import and an editor) is run again by the driver, so it is counted afresh.
            async def work(session: Session, chunk: Sequence[ProfileInput] = chunk
                           ) -> WriteSummary:
                done = WriteSummary()
                for offset in range(0, len(chunk), WRITE_BATCH):
                    keys = await self._write_batch(chunk[offset:offset + WRITE_BATCH], done,
                                                   session)
                    await sync.record(self.db, keys, session)
                return done

            done = await in_transaction(self.mongo, work)
            summary.created += done.created
            summary.updated += done.updated
            summary.unchanged += done.unchanged
            if progress:
                progress(len(chunk))
            self.on_change()
        return summary

    async def _write_batch(
        self, batch: Sequence[ProfileInput], summary: WriteSummary, session: Session
    ) -> list[tuple[str, str]]:
        changed: list[tuple[str, str]] = []
        for kind in ("organization", "talent"):
            items = [p for p in batch if p.kind == kind]
            if not items:
                continue
            collection = self.collection(kind)
            existing = {
                d["slug"]: d async for d in collection.find(
                    {"slug": {"$in": [p.slug for p in items]}}, session=session)
            }
            operations, writes = [], []
            for profile in items:
                old = existing.get(profile.slug)
                stored = stored_form(profile, old)
                if old is not None and content_of(old) == content_of(stored) and (
                    old["created_at"] == stored["created_at"]
                    and old["updated_at"] == stored["updated_at"]
                ):
                    summary.unchanged += 1
                    continue
                if old is None:
                    summary.created += 1
                else:
                    summary.updated += 1
                operations.append(ReplaceOne({"slug": profile.slug}, stored, upsert=True))
                changed.append((kind, profile.slug))
                writes.append((old, stored))
            if operations:
                await collection.bulk_write(operations, ordered=False, session=session)
                for hook in self.write_hooks:
                    await hook(kind, writes, session)
        return changed

    async def search_state(self, keys: Sequence[tuple[str, str]]
                           ) -> tuple[list[dict[str, Any]], list[str]]:  # Meilisearch documents
        """Current search documents of published profiles among `keys`, and the index ids of the
        rest (drafts, hidden, deleted): what the index must hold for them."""
        documents: list[dict[str, Any]] = []
        found: set[tuple[str, str]] = set()
        for kind in MODEL_BY_KIND:
            slugs = [slug for k, slug in keys if k == kind]
            if not slugs:
                continue
            cursor = self.collection(kind).find({"slug": {"$in": slugs}, "status": PUBLIC})
            profiles = [from_stored(kind, raw) async for raw in cursor]
            documents += await self._rated_documents(kind, profiles)
            found.update((kind, p.slug) for p in profiles)
        removed = [f"{kind}-{slug}" for kind, slug in keys if (kind, slug) not in found]
        return documents, removed

    async def published_count(self) -> int:
        return sum([
            await self.public(kind).count_documents({"status": PUBLIC})
            for kind in MODEL_BY_KIND
        ])

    async def published_counts(self) -> dict[str, int]:
        """Published profiles per kind (drafts, hidden and merged-away profiles are not)."""
        return {kind: await self.public(kind).count_documents({"status": "published"})
                for kind in MODEL_BY_KIND}

    async def published_slugs(self, kind: str, skip: int, limit: int
                              ) -> list[tuple[str, datetime]]:
        """Slug and last update of published profiles of one kind, by slug (the sitemaps)."""
        cursor = (self.public(kind).find({"status": "published"},
                                             {"_id": 0, "slug": 1, "updated_at": 1})
                  .sort("slug", 1).skip(skip).limit(limit))
        return [(d["slug"], d["updated_at"]) async for d in cursor]

    async def search_documents(self, batch_size: int = 5000
                               ) -> AsyncIterator[list[dict[str, Any]]]:  # Meilisearch documents
        for kind in MODEL_BY_KIND:
            batch: list[PublicProfile] = []
            async for raw in self.collection(kind).find({"status": PUBLIC}):
                batch.append(from_stored(kind, raw))
                if len(batch) >= batch_size:
                    yield await self._rated_documents(kind, batch)
                    batch = []
            if batch:
                yield await self._rated_documents(kind, batch)

    async def _rated_documents(self, kind: str, profiles: Sequence[PublicProfile]
                               ) -> list[dict[str, Any]]:  # Meilisearch documents
        """Search documents of one kind's public profiles, with their ratings and logos."""
        if not profiles:
            return []
        keys = [(kind, p.slug) for p in profiles]
        rated, logos = await self.ratings(keys), await self.logos(keys)
        confirmed = await audit.confirmations(self.db, keys)
        for profile in profiles:
            profile.rating = rated.get((kind, profile.slug))
            profile.confirmed_at = confirmed.get((kind, profile.slug))
            profile.logo = logos.get(f"{kind}-{profile.slug}")
        return [profile.search_document() for profile in profiles]

    async def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        return await self.rebuild_index(self.search_documents, progress)

    async def export(self) -> AsyncIterator[InterchangePrivate]:
        """Every profile (all statuses, private fields included) in the interchange format."""
        for kind, model in MODEL_BY_KIND.items():
            async for raw in self.collection(kind).find().sort("slug", 1):
                doc = model.model_validate(raw)
                data = doc.model_dump(mode="json", exclude={"id", "revision_id", "kind"},
                                      exclude_none=True)
                yield InterchangePrivate({"kind": kind, **data})

