"""Shortlists: any visitor keeps up to `MAX_ITEMS` published profiles (organizations and talents)
to compare, share and write to at once.

Whose list: an account's ("user:<id>"), or, without an account, a visitor's (a random id in a
cookie; only its SHA-256 is stored, and the list expires `VISITOR_DAYS` after its last change).
After log-in the visitor's list is merged into the account's (one transaction) and kept there.
A list may be shared by a read-only link (an unguessable token); sharing again makes a new token,
so the old link stops working. Only public fields ever leave this module (`comparison`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from directory.accounts.service import now
from directory.db import Client, Database, Session, in_transaction
from directory.errors import Conflict, FieldError, InvalidInput, NotFound
from directory.hiring.documents import Shortlist
from directory.hiring.shapes import ComparisonRowPublic
from directory.i18n import gettext as _
from directory.profiles.public import (
    OrganizationPublic,
    PublicProfile,
    RatingSummary,
    from_stored,
)
from directory.profiles.service import PUBLIC, ProfileService

MAX_ITEMS = 30
MAX_COMPARE = 4
VISITOR_DAYS = 90
KINDS = ("organization", "talent")
Key = tuple[str, str]  # (kind, slug)


class ShortlistFull(Conflict):
    """The list already holds MAX_ITEMS profiles."""


def new_visitor_id() -> str:
    return secrets.token_urlsafe(24)


def visitor_owner(visitor_id: str) -> str:
    return "visitor:" + hashlib.sha256(visitor_id.encode()).hexdigest()


def user_owner(user_id: str) -> str:
    return f"user:{user_id}"


def key_text(kind: str, slug: str) -> str:
    """How forms and query strings name a profile: "organization:studio-kopi"."""
    return f"{kind}:{slug}"


def parse_key(text: str) -> Key | None:
    kind, sep, slug = text.partition(":")
    if not sep or kind not in KINDS or not slug or len(text) > 93:  # "organization:" + 80
        return None
    return kind, slug


def full_message() -> str:
    return _("Daftar pendek sudah berisi %(n)s profil, batas maksimumnya. Hapus satu profil "
             "dulu sebelum menambah yang baru.") % {"n": MAX_ITEMS}


def _expiry(owner: str, moment: datetime) -> dict[str, Any]:  # a MongoDB update operator
    """The update operator that keeps a visitor's list VISITOR_DAYS after its last change (an
    account's lives for good); it sits beside the update's own `$set`."""
    if owner.startswith("visitor:"):
        return {"$max": {"expires_at": moment + timedelta(days=VISITOR_DAYS)}}
    return {"$unset": {"expires_at": ""}}


class Shortlists:
    """The only writer of the `shortlists` collection."""

    def __init__(self, mongo: Client, db: Database, profiles: ProfileService) -> None:
        self.mongo = mongo
        self.lists = db[Shortlist.Settings.name]
        self.profiles = profiles

    # --- reading ------------------------------------------------------------------------------

    async def keys(self, owner: str | None) -> list[Key]:
        if owner is None:
            return []
        doc = await self.lists.find_one({"owner": owner}, {"items": 1})
        return [(i["kind"], i["slug"]) for i in (doc or {}).get("items", [])]

    async def share_token(self, owner: str | None) -> str | None:
        if owner is None:
            return None
        doc = await self.lists.find_one({"owner": owner}, {"share_token": 1})
        return (doc or {}).get("share_token")

    async def shared(self, token: str) -> list[Key]:
        """The profiles of the list shared under `token`; NotFound for a revoked or unknown one."""
        doc = await self.lists.find_one({"share_token": token}, {"items": 1}) if token else None
        if doc is None:
            raise NotFound("shortlist")
        return [(i["kind"], i["slug"]) for i in doc.get("items", [])]

    async def public_profiles(self, keys: list[Key]) -> list[PublicProfile]:
        """The listed profiles that are still public, in list order (a profile hidden or deleted
        since it was added is left out, never shown): one read per kind. Team links (members,
        affiliations) are left empty: they are two-sided and confirmed only on profile pages
        (ProfileService.get_public), and nothing here shows them."""
        found: dict[Key, PublicProfile] = {}
        for kind in KINDS:
            slugs = [slug for k, slug in keys if k == kind]
            if not slugs:
                continue
            cursor = self.profiles.collection(kind).find({"slug": {"$in": slugs},
                                                          "status": PUBLIC})
            async for raw in cursor:
                profile = from_stored(kind, raw)
                if isinstance(profile, OrganizationPublic):
                    profile.members = []
                else:
                    profile.affiliations = []
                found[(kind, profile.slug)] = profile
        return [found[key] for key in keys if key in found]

    # --- changing -----------------------------------------------------------------------------

    async def add(self, owner: str, kind: str, slug: str) -> None:
        """Adds a public profile (again: nothing changes); ShortlistFull at MAX_ITEMS."""
        if kind not in KINDS or not await self.profiles.collection(kind).count_documents(
                {"slug": slug, "status": PUBLIC}, limit=1):
            raise NotFound(f"{kind} {slug!r}")
        moment = now()
        item = {"kind": kind, "slug": slug, "at": moment}
        for _attempt in range(2):
            result = await self.lists.update_one(
                {"owner": owner, f"items.{MAX_ITEMS - 1}": {"$exists": False},
                 "items": {"$not": {"$elemMatch": {"kind": kind, "slug": slug}}}},
                {"$push": {"items": item}, "$set": {"updated_at": moment},
                 **_expiry(owner, moment)})
            if result.matched_count:
                return
            doc = await self.lists.find_one({"owner": owner}, {"items": 1})
            if doc is not None:
                if any(i["kind"] == kind and i["slug"] == slug for i in doc.get("items", [])):
                    return
                raise ShortlistFull(full_message())
            try:
                await self.lists.insert_one(self._new(owner, [item], moment))
                return
            except DuplicateKeyError:  # created meanwhile by a parallel request: try again
                continue

    moves = "shortlists"

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """A merge of duplicates: every list that held the merged-away profile holds the kept
        one instead, in its place (once, if it held both). Returns, per list, the item it held
        and where, for the merge's undo."""
        moved = []
        async for doc in self.lists.find(
                {"items": {"$elemMatch": {"kind": kind, "slug": from_slug}}},
                {"items": 1}, session=session):
            items, seen = [], set()
            both = any((i["kind"], i["slug"]) == (kind, to_slug) for i in doc["items"])
            for index, item in enumerate(doc["items"]):
                if (item["kind"], item["slug"]) == (kind, from_slug):
                    moved.append({"list": doc["_id"], "item": item, "index": index,
                                  "both": both})
                    item = {**item, "slug": to_slug}
                if (item["kind"], item["slug"]) not in seen:
                    seen.add((item["kind"], item["slug"]))
                    items.append(item)
            await self.lists.update_one({"_id": doc["_id"]}, {"$set": {"items": items}},
                                        session=session)
        return moved

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None:
        """The merge undone: each list holds the restored profile again where it held it — in
        the kept one's place, or beside it when it held both. A list its owner changed since
        keeps the change (a profile they removed stays removed)."""
        for entry in moved:
            doc = await self.lists.find_one({"_id": entry["list"]}, {"items": 1},
                                            session=session)
            if doc is None:
                continue
            items = doc["items"]
            keys = [(i["kind"], i["slug"]) for i in items]
            if (kind, other) in keys:
                continue
            if entry["both"]:
                items.insert(min(entry["index"], len(items)), entry["item"])
            elif (kind, keep) in keys:
                items[keys.index((kind, keep))] = entry["item"]
            else:
                continue
            await self.lists.update_one({"_id": doc["_id"]}, {"$set": {"items": items}},
                                        session=session)

    async def remove(self, owner: str, kind: str, slug: str) -> None:
        moment = now()
        await self.lists.update_one(
            {"owner": owner}, {"$pull": {"items": {"kind": kind, "slug": slug}},
                               "$set": {"updated_at": moment},
                               **_expiry(owner, moment)})

    async def replace(self, owner: str, raw: Any) -> list[Key]:
        """The API's PUT: the whole list at once, every item checked first (422 naming each
        invalid one, nothing written)."""
        keys = await self._valid_items(raw)
        moment = now()
        items = [{"kind": k, "slug": s, "at": moment} for k, s in keys]
        await self.lists.update_one(
            {"owner": owner},
            {"$set": {"items": items, "updated_at": moment},
             **_expiry(owner, moment)},
            upsert=True)
        return keys

    async def clear(self, owner: str) -> None:
        await self.lists.update_one({"owner": owner},
                                    {"$set": {"items": [], "updated_at": now()}})

    async def merge(self, visitor: str, user: str) -> None:
        """After log-in: the visitor's profiles join the account's list (after those already
        there, without duplicates, up to MAX_ITEMS) and the visitor's list is gone — both in one
        transaction."""
        if await self.lists.count_documents({"owner": visitor}, limit=1) == 0:
            return  # the usual case: nothing to merge, no transaction

        async def work(session: Session) -> None:
            theirs = await self.lists.find_one({"owner": visitor}, session=session)
            if theirs is None:
                return
            mine = await self.lists.find_one({"owner": user}, session=session)
            items = list((mine or {}).get("items", []))
            seen = {(i["kind"], i["slug"]) for i in items}
            for item in theirs.get("items", []):
                if len(items) < MAX_ITEMS and (item["kind"], item["slug"]) not in seen:
                    items.append(item)
                    seen.add((item["kind"], item["slug"]))
            moment = now()
            await self.lists.update_one(
                {"owner": user}, {"$set": {"items": items, "updated_at": moment},
                                  "$unset": {"expires_at": ""}},
                upsert=True, session=session)
            await self.lists.delete_one({"_id": theirs["_id"]}, session=session)

        await in_transaction(self.mongo, work)

    async def share(self, owner: str) -> str:
        """A new read-only link token; the previous link (if any) stops working."""
        token = secrets.token_urlsafe(18)
        moment = now()
        await self.lists.update_one(
            {"owner": owner},
            {"$set": {"share_token": token, "updated_at": moment},
             "$setOnInsert": {"items": []},
             **_expiry(owner, moment)}, upsert=True)
        return token

    async def unshare(self, owner: str) -> None:
        await self.lists.update_one({"owner": owner}, {"$unset": {"share_token": ""}})

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _new(owner: str, items: list[dict[str, Any]], moment: datetime
             ) -> dict[str, Any]:  # the MongoDB document it inserts
        doc: dict[str, Any] = {"owner": owner, "items": items, "updated_at": moment}
        if owner.startswith("visitor:"):
            doc["expires_at"] = moment + timedelta(days=VISITOR_DAYS)
        return doc

    async def _valid_items(self, raw: Any) -> list[Key]:
        if not isinstance(raw, list):
            raise InvalidInput([FieldError("items", "must be a list of {kind, slug}")],
                               title="Invalid shortlist", status=422)
        errors: list[FieldError] = []
        keys: list[Key] = []
        if len(raw) > MAX_ITEMS:
            errors.append(FieldError("items", f"at most {MAX_ITEMS} profiles"))
        for n, item in enumerate(raw[:MAX_ITEMS]):
            kind = item.get("kind") if isinstance(item, dict) else None
            slug = item.get("slug") if isinstance(item, dict) else None
            if not isinstance(item, dict) or set(item) - {"kind", "slug"}:
                errors.append(FieldError(f"items[{n}]", "must be an object {kind, slug}"))
            elif kind not in KINDS:
                errors.append(FieldError(f"items[{n}].kind", "must be organization or talent"))
            elif not isinstance(slug, str) or not await self.profiles.collection(
                    kind).count_documents({"slug": slug, "status": PUBLIC}, limit=1):
                errors.append(FieldError(f"items[{n}].slug", "no public profile of this kind "
                                                             "has this slug"))
            elif (kind, slug) not in keys:
                keys.append((kind, slug))
        if errors:
            raise InvalidInput(errors, title="Invalid shortlist", status=422)
        return keys


def comparison(profiles: list[PublicProfile]) -> list[ComparisonRowPublic]:
    """What the compare view shows of each profile: public fields only (codes; pages label them).
    A field a kind does not have is None; `rating` is None until the profile has reviews."""
    rows = []
    for p in profiles:
        org = p if isinstance(p, OrganizationPublic) else None
        talent = None if org else p
        rating = getattr(p, "rating", None)
        rate = getattr(talent, "hourly_rate_idr", None)
        rows.append(ComparisonRowPublic(
            kind=p.kind, slug=p.slug, name=p.name, url=p.url,
            services=org.services if org else None,
            roles=getattr(talent, "roles", None),
            platforms=org.platforms if org else None,
            team_size=org.team_size if org else None,
            founded_year=org.founded_year if org else None,
            markets=org.markets if org else None,
            min_budget_idr=org.min_budget_idr if org else None,
            hourly_rate_idr=rate,
            accepting_projects=org.accepting_projects if org else None,
            availability=getattr(talent, "availability", None),
            ceased=p.ceased,
            verified=p.verified,
            rating=_rating(rating),
            languages=p.languages,
        ))
    return rows


def _rating(rating: Any) -> RatingSummary | None:
    if rating is None:
        return None
    if isinstance(rating, dict):
        average, count = rating.get("average"), rating.get("count")
    else:
        average, count = getattr(rating, "average", None), getattr(rating, "count", None)
    return RatingSummary(average=average, count=count) if count and average is not None \
        else None
