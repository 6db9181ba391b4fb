"""Likely duplicate profiles for curators, and merging two of them.

Candidates (within one kind): the same NIB, the same website (host, or host + first path part on
shared hosts such as instagram.com), the same contact email domain (free mail providers excluded;
for talents, the same address), or similar names (normalised names equal, or a difflib ratio of at
least 0.85 between names sharing their first word). Pairs a curator marked "not a duplicate" are
not listed again.

Merging keeps one profile (its slug survives) with the fields the curator chose from either side,
joins portfolio, memberships/affiliations, communities and links, moves the team, inquiries and
references from other profiles, deletes the other profile and redirects its old address — all in
one MongoDB transaction, with the search outbox, the audit log and a snapshot of everything it
changed, so that a curator can undo it for 14 days (directory.curation.merge_undo).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from annotated_types import MaxLen
from pydantic import ValidationError

from directory import audit
from directory.accounts.service import User, now, require_staff
from directory.curation import merge_undo
from directory.curation.claims import contact_email, email_domain, website_host
from directory.curation.documents import DISMISSED, REDIRECTS
from directory.curation.merge_undo import HandsOver
from directory.db import PUBLIC_READS, Database, Session, in_transaction
from directory.errors import InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.private import InterchangePrivate
from directory.profiles.schema import PROFILE_ADAPTER, OrganizationIn, TalentIn
from directory.profiles.stored import ProfileInput, stored_form
from directory.profiles.validation import field_errors
from search import sync

if TYPE_CHECKING:
    from directory.curation.claims import ClaimService
    from directory.curation.verification import Verification
    from directory.profiles.editing import ProfileEditor
    from directory.profiles.inquiries import InquiryService
    from directory.stats.confidential import ConfidentialFigures
SHARED_HOSTS = {"instagram.com", "facebook.com", "linkedin.com", "github.com", "youtube.com",
                "tiktok.com", "x.com", "twitter.com", "behance.net", "dribbble.com", "itch.io",
                "play.google.com", "apps.apple.com", "linktr.ee", "medium.com", "gitlab.com"}
FREE_MAIL = {"gmail.com", "yahoo.com", "yahoo.co.id", "hotmail.com", "outlook.com", "live.com",
             "icloud.com", "ymail.com", "proton.me", "protonmail.com", "mail.com", "aol.com"}
NAME_RATIO = 0.85
# joined automatically on merge; every other field is chosen from one side
JOINED = {"portfolio": ("title", "url"), "members": ("talent_slug",),
          "affiliations": ("organization_slug",), "communities": (), "links": ("url",)}
NOT_CHOSEN = {"slug", "kind", "created_at", "updated_at", *JOINED}
# Whether a profile is public and verified: the surviving profile keeps its own unless the curator
# explicitly picks the other side (the form pre-selects no side for these), so a merge can never
# hide or un-verify a studio by default.
PROTECTED = ("status", "verified")
MODEL_IN: dict[str, type[OrganizationIn] | type[TalentIn]] = {
    "organization": OrganizationIn, "talent": TalentIn}


def normalise_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def site_keys(links: list[dict[str, Any]]) -> set[str]:
    keys = set()
    for link in links:
        parts = urlsplit(link.get("url", ""))
        host = website_host(link.get("url", ""))
        if not host:
            continue
        if host in SHARED_HOSTS:
            first = parts.path.strip("/").split("/")[0].casefold()
            if first:
                keys.add(f"{host}/{first}")
        else:
            keys.add(host)
    return keys


def mail_key(kind: str, profile: dict[str, Any]) -> str | None:
    email = contact_email(profile)
    if email is None or kind == "talent":
        return email
    domain = email_domain(email)
    return None if domain in FREE_MAIL else domain


@dataclass
class Pair:
    kind: str
    a: dict[str, Any]
    b: dict[str, Any]
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return pair_key(self.kind, self.a["slug"], self.b["slug"])


def pair_key(kind: str, a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{kind}:{first}|{second}"


def find_pairs(kind: str, docs: list[dict[str, Any]]) -> list[Pair]:
    """Pure: every likely duplicate pair among `docs` with the reasons, strongest first."""
    pairs: dict[tuple[str, str], Pair] = {}

    def add(x: dict[str, Any], y: dict[str, Any], reason: str) -> None:
        a, b = sorted((x, y), key=lambda d: d["slug"])
        pair = pairs.setdefault((a["slug"], b["slug"]), Pair(kind, a, b))
        if reason not in pair.reasons:
            pair.reasons.append(reason)

    def by_key(keyed: dict[str, list[dict[str, Any]]], reason: str) -> None:
        for group in keyed.values():
            for i, x in enumerate(group):
                for y in group[i + 1:]:
                    add(x, y, reason)

    nibs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sites: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mails: dict[str, list[dict[str, Any]]] = defaultdict(list)
    first_words: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for doc in docs:
        if doc.get("nib"):
            nibs[doc["nib"]].append(doc)
        for key in site_keys(doc.get("links", [])):
            sites[key].append(doc)
        mail = mail_key(kind, doc)
        if mail:
            mails[mail].append(doc)
        name = normalise_name(doc["name"])
        if name:
            first_words[name.split()[0]].append((name, doc))
    by_key(nibs, "nib")
    by_key(sites, "website")
    by_key(mails, "email")
    for names in first_words.values():
        for i, (x_name, x) in enumerate(names):
            for y_name, y in names[i + 1:]:
                if x_name == y_name or SequenceMatcher(None, x_name, y_name).ratio() >= NAME_RATIO:
                    add(x, y, "name")
    strength = {"nib": 0, "website": 1, "email": 2, "name": 3}
    return sorted(pairs.values(), key=lambda p: (-len(p.reasons),
                                                 min(strength[r] for r in p.reasons),
                                                 p.a["slug"], p.b["slug"]))


def reason_labels() -> dict[str, str]:
    return {"nib": _("NIB sama"), "website": _("situs sama"), "email": _("domain email sama"),
            "name": _("nama mirip")}


def list_limit(kind: str, name: str) -> int | None:
    """The most items the interchange format allows in a list field (None: no limit)."""
    info = MODEL_IN[kind].model_fields[name]
    return next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)


def join_lists(kind: str, name: str, keep: list[Any], other: list[Any]) -> list[Any]:
    keys = JOINED[name]

    def identity(item: Any) -> Any:
        return tuple(item.get(k) for k in keys) if keys else item

    seen = {identity(item) for item in keep}
    joined = list(keep) + [item for item in other if identity(item) not in seen]
    limit = list_limit(kind, name)
    return joined[:limit] if limit else joined


class Duplicates:
    def __init__(self, db: Database, editor: ProfileEditor, *, inquiries: InquiryService,
                 claims: ClaimService, figures: ConfidentialFigures,
                 verification: Verification) -> None:
        self.db = db
        self.editor = editor
        # A merge moves what other packages own through their services, in one transaction.
        self.inquiries = inquiries
        self.claims = claims
        self.figures = figures
        self.verification = verification
        self.media = editor.media
        self.profiles = editor.profiles
        self.redirects = db[REDIRECTS]
        self.dismissed = db[DISMISSED]
        # Other packages' data about a profile that follows it into the kept one (briefs,
        # engagements, reviews, shortlists), and back when the merge is undone.
        self.hand_overs: list[HandsOver] = [inquiries, claims]

    async def candidates(self, kind: str) -> list[Pair]:
        fields = {"slug": 1, "name": 1, "nib": 1, "links": 1, "contact": 1, "status": 1,
                  "kecamatan": 1, "verified": 1, "created_at": 1}
        docs = [d async for d in self.profiles.collection(kind).find({}, fields)]
        dismissed = {d["_id"] async for d in self.dismissed.find({}, {"_id": 1})}
        return [p for p in find_pairs(kind, docs) if p.key not in dismissed]

    async def dismiss(self, user: User | None, kind: str, a: str, b: str) -> None:
        curator = require_staff(user)
        await self.dismissed.replace_one({"_id": pair_key(kind, a, b)},
                                         {"by": curator.email, "at": now()}, upsert=True)
        await audit.record(self.db, curator, "duplicate_dismissed", f"{a} ≠ {b}", kind, a)

    async def redirect_for(self, kind: str, slug: str) -> str | None:
        redirects = self.redirects.with_options(read_preference=PUBLIC_READS)  # public read
        doc = await redirects.find_one({"_id": f"{kind}:{slug}"})
        return doc["to"] if doc else None

    async def pair(self, kind: str, a: str, b: str
                   ) -> tuple[InterchangePrivate, InterchangePrivate]:
        """Both profiles in the interchange format (private fields included: curators only),
        compared field by field by name, as `ProfileEditor.current` gives them."""
        if a == b:
            raise NotFound(f"{kind} pair {a!r}")
        return await self.editor.current(kind, a), await self.editor.current(kind, b)

    async def merge(self, user: User | None, kind: str, keep_slug: str, other_slug: str,
                    choices: dict[str, str]) -> list[str]:
        """Merge `other_slug` into `keep_slug`; `choices[field] == "other"` takes that field
        from the other profile. Returns the fields taken from the other profile."""
        curator = require_staff(user)
        keep, other = await self.pair(kind, keep_slug, other_slug)
        merged = {k: v for k, v in keep.items() if k not in ("created_at", "updated_at")}
        taken = []
        for name in sorted((set(keep) | set(other)) - NOT_CHOSEN):
            if choices.get(name) == "other" and keep.get(name) != other.get(name):
                taken.append(name)
                if name in other:
                    merged[name] = other[name]
                else:
                    merged.pop(name, None)
        for name in JOINED:
            if name in keep or name in other:
                merged[name] = join_lists(kind, name, keep.get(name, []), other.get(name, []))
        if "communities" in merged:  # a profile cannot be its own community
            merged["communities"] = [c for c in merged["communities"]
                                     if c not in (keep_slug, other_slug)]
        created = min(keep["created_at"], other["created_at"])  # same ISO format: comparable
        try:
            profile = PROFILE_ADAPTER.validate_json(json.dumps(
                {**merged, "kind": kind, "created_at": created}))
        except ValidationError as exc:
            raise InvalidInput(field_errors(exc), title="Merged profile is invalid") from exc
        await self._write(curator, kind, profile, keep_slug, other_slug, taken)
        return taken

    async def _write(self, curator: User, kind: str, profile: ProfileInput, keep_slug: str,
                     other_slug: str, taken: list[str]) -> None:
        db, collection = self.db, self.profiles.collection(kind)
        at = now()
        snapshot = merge_undo.Snapshot(self, kind, keep_slug, other_slug)  # for the undo

        async def work(session: Session) -> list[Any]:
            await snapshot.before(session)
            old = await collection.find_one({"slug": keep_slug}, session=session)
            stored = stored_form(profile, old)
            stored["updated_at"] = at
            await collection.replace_one({"slug": keep_slug}, stored, session=session)
            await collection.delete_one({"slug": other_slug}, session=session)
            touched = await self._repoint(kind, keep_slug, other_slug, session)
            await self.editor.move_team(kind, keep_slug, other_slug, session)
            unused_images = await self.media.hand_over(kind, other_slug, keep_slug, session)
            for party in self.hand_overs:
                snapshot.moved[party.moves] = await party.hand_over(kind, other_slug, keep_slug,
                                                                    session)
            if kind == "organization":
                await self.figures.hand_over(other_slug, keep_slug, session)
                await self.verification.forget(other_slug, session)
            await self.redirects.update_many({"to": other_slug, "kind": kind},
                                             {"$set": {"to": keep_slug}}, session=session)
            await self.redirects.replace_one(
                {"_id": f"{kind}:{other_slug}"},
                {"kind": kind, "to": keep_slug, "at": at, "by": curator.email},
                upsert=True, session=session)
            await sync.record(db, [(kind, keep_slug), (kind, other_slug), *touched], session)
            merge_id = await snapshot.keep(curator, at, unused_images, session)
            detail = f"{other_slug} → {keep_slug}" + (
                f"; {', '.join(taken)} " + _("dari %(slug)s") % {"slug": other_slug}
                if taken else "")
            await audit.record_many(db, [
                {**audit.entry(curator, "merged", detail, kind, slug, taken, at),
                 "merge_id": merge_id} for slug in (keep_slug, other_slug)], session=session)
            return unused_images

        unused_images = await in_transaction(self.profiles.mongo, work)
        await self.media.delete_files(unused_images)
        self.profiles.on_change()

    async def undo(self, user: User | None, merge_id: str) -> merge_undo.Undone:
        """Puts both profiles back as they were before the merge (see merge_undo)."""
        return await merge_undo.undo(self, user, merge_id)

    async def undoable(self, merge_ids: list[str]) -> set[str]:
        return await merge_undo.undoable(self, merge_ids)

    async def _repoint(self, kind: str, keep: str, other: str, session: Session
                       ) -> list[tuple[str, str]]:
        """References from other profiles to the merged-away slug now name the kept one."""
        touched: list[tuple[str, str]] = []
        if kind == "organization":
            refs = [("talent", "affiliations", "organization_slug"),
                    ("organization", "communities", None), ("talent", "communities", None)]
        else:
            refs = [("organization", "members", "talent_slug")]
        for ref_kind, list_name, key in refs:
            path = f"{list_name}.{key}" if key else list_name
            collection = self.profiles.collection(ref_kind)
            async for doc in collection.find({path: other}, session=session):
                items = doc[list_name]
                if key:
                    present = any(i[key] == keep for i in items)
                    items = [i for i in items if not (present and i[key] == other)]
                    items = [{**i, key: keep} if i[key] == other else i for i in items]
                else:
                    items = list(dict.fromkeys(keep if i == other else i for i in items))
                await collection.update_one({"_id": doc["_id"]},
                                            {"$set": {list_name: items, "updated_at": now()}},
                                            session=session)
                touched.append((ref_kind, doc["slug"]))
        return touched
