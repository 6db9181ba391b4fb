"""Undoing a merge of duplicates within UNDO_DAYS (issue 12).

Inside the merge's transaction, every document the merge may change is read before and after
its writes (`Scope`: the two profiles, the profiles that referred to the merged-away one, team
grants, image references and files, slug redirects, the verification decision and confidential
figures) and kept in `merge_undo` with what the parties that follow a profile moved (`HandsOver`:
inquiries, claims, briefs, engagements, reviews, shortlists). Undo, in
one transaction: when every one of those documents is still exactly as the merge left it, each
is put back as it was before (documents the merge created are removed, the redirect included),
the parties hand back what they moved, search is told and the audit log records it. When anything
was changed since (an edit of the kept profile, a new team member, a new image...), the undo is
refused and the message names what changed, so no later edit is ever overwritten. An image the
merge replaced (both profiles had one in the same slot) was deleted with the merge: undo says
which ones could not come back. Records expire after UNDO_DAYS (a TTL index).

The undo writes the owners' collections directly, but only to put back the exact documents
their own services had written (the merge's snapshot); nothing new is made up here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from directory import audit
from directory.accounts.service import User, now, require_staff
from directory.curation.documents import MERGE_UNDO
from directory.db import IMAGE_BUCKET, Collection, Session, in_transaction
from directory.errors import Conflict, NotFound
from directory.i18n import gettext as _
from directory.profiles.team import forget_checks
from search import sync

if TYPE_CHECKING:
    from directory.curation.duplicates import Duplicates

UNDO_DAYS = 14
REFERENCES = {"organization": [("talent", "affiliations.organization_slug"),
                               ("organization", "communities"), ("talent", "communities")],
              "talent": [("organization", "members.talent_slug")]}


class HandsOver(Protocol):
    """Another package's data about a profile that follows it into the kept one in a merge and
    back when the merge is undone (engagements, reviews, shortlists). Its own service moves it
    both ways: `hand_over` returns what it moved (kept in the undo record under `moves`),
    `hand_back` gets that back and moves it to the restored profile, leaving later changes."""

    moves: str

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]: ...

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None: ...


@dataclass(frozen=True)
class Scope:
    label: str  # what changed, in the refusal message
    collection: Collection
    query: dict[str, Any]
    kind: str | None = None  # profiles of this kind: search must follow them


def labels() -> dict[str, str]:
    return {"profiles": _("kedua profil"), "references": _("profil yang merujuknya"),
            "team": _("tim profil"), "images": _("gambar"), "files": _("berkas gambar"),
            "redirects": _("alamat lama"), "verification": _("verifikasi"),
            "figures": _("angka rahasia")}


def scopes(dup: Duplicates, kind: str, keep: str, other: str) -> list[Scope]:
    """Everything a merge of `other` into `keep` may change, in a fixed order."""
    both = {"$in": [keep, other]}
    found = [Scope("profiles", dup.profiles.collection(kind), {"slug": both})]
    for ref_kind, path in REFERENCES[kind]:
        query: dict[str, Any] = {path: other}
        if ref_kind == kind:
            query["slug"] = {"$nin": [keep, other]}  # those two are in "profiles"
        found.append(Scope("references", dup.profiles.collection(ref_kind), query, ref_kind))
    found += [Scope("team", dup.editor.access, {"kind": kind, "slug": both}),
              Scope("images", dup.media.refs, {"kind": kind, "slug": both}),
              Scope("files", dup.db[f"{IMAGE_BUCKET}.files"],
                    {"metadata.kind": kind, "metadata.slug": both}),
              Scope("redirects", dup.redirects,
                    {"$or": [{"kind": kind, "to": other}, {"_id": f"{kind}:{other}"}]})]
    if kind == "organization":
        found += [Scope("verification", dup.verification.state, {"_id": other}),
                  Scope("figures", dup.figures.figures, {"slug": both})]
    return found


async def _read(scope: Scope, ids: list[Any], session: Session
                ) -> list[dict[str, Any]]:  # raw documents a merge snapshot restores
    # Raw documents of any collection a merge touches, stored back verbatim: untyped by design.
    query = {"$or": [scope.query, {"_id": {"$in": ids}}]} if ids else scope.query
    return [d async for d in scope.collection.find(query, session=session).sort("_id", 1)]


class Snapshot:
    """Taken inside the merge's transaction: `before()` ahead of its writes, `keep()` after."""

    def __init__(self, dup: Duplicates, kind: str, keep: str, other: str) -> None:
        self.dup, self.kind, self.keep_slug, self.other = dup, kind, keep, other
        self.scopes = scopes(dup, kind, keep, other)
        self.taken: list[list[dict[str, Any]]] = []
        self.moved: dict[str, list[Any]] = {}  # what each HandsOver party moved

    async def before(self, session: Session) -> None:
        self.taken = [await _read(s, [], session) for s in self.scopes]

    async def keep(self, curator: User, at: datetime, deleted_files: list[Any],
                   session: Session) -> str:
        after = [await _read(s, [d["_id"] for d in before], session)
                 for s, before in zip(self.scopes, self.taken, strict=True)]
        merge_id = uuid.uuid4().hex
        await self.dup.db[MERGE_UNDO].insert_one({
            "_id": merge_id, "kind": self.kind, "keep": self.keep_slug, "other": self.other,
            "at": at, "by": curator.email, "expires_at": at + timedelta(days=UNDO_DAYS),
            "before": self.taken, "after": after, "moved": self.moved,
            "deleted_files": deleted_files, "undone_at": None}, session=session)
        return merge_id


@dataclass
class Undone:
    kind: str
    keep: str
    other: str
    lost_images: list[str]  # slots whose image the merge replaced (deleted), not restored


async def undo(dup: Duplicates, user: User | None, merge_id: str) -> Undone:
    curator = require_staff(user)
    records = dup.db[MERGE_UNDO]
    at = now()

    async def work(session: Session) -> Undone:
        record = await records.find_one({"_id": merge_id}, session=session)
        if record is None or record["expires_at"] < at:
            raise NotFound(f"merge {merge_id!r}")
        if record.get("undone_at"):
            raise Conflict(_("Penggabungan ini sudah dibatalkan."))
        kind, keep, other = record["kind"], record["keep"], record["other"]
        deleted = set(record["deleted_files"])
        changed: list[str] = []
        plan = []
        for scope, before, after in zip(scopes(dup, kind, keep, other), record["before"],
                                        record["after"], strict=True):
            after = [d for d in after if d["_id"] not in deleted]
            ids = [d["_id"] for d in before] + [d["_id"] for d in after]
            if await _read(scope, ids, session) != after:
                changed.append(labels()[scope.label])
            plan.append((scope, before, after))
        if changed:
            raise Conflict(_("Penggabungan tidak dapat dibatalkan karena ada perubahan "
                             "setelahnya pada: %(what)s. Tidak ada yang diubah.")
                           % {"what": ", ".join(dict.fromkeys(changed))})
        lost: list[str] = []
        touched = [(kind, keep), (kind, other)]
        for scope, before, after in plan:
            if after:
                await scope.collection.delete_many({"_id": {"$in": [d["_id"] for d in after]}},
                                                   session=session)
            if scope.label == "images":
                lost += [d["slot"] for d in before if d["file_id"] in deleted]
            restored = [d for d in before
                        if d["_id"] not in deleted and d.get("file_id") not in deleted]
            if restored:
                await scope.collection.insert_many(restored, session=session)
            if scope.kind:
                touched += [(scope.kind, d["slug"]) for d in before]
        for party in dup.hand_overs:  # merges recorded before a party kept its own: nothing
            await party.hand_back(kind, keep, other, record["moved"].get(party.moves, []),
                                  session)
        await records.update_one({"_id": merge_id},
                                 {"$set": {"undone_at": at, "undone_by": curator.email}},
                                 session=session)
        await sync.record(dup.db, touched, session)
        detail = f"{other} ← {keep}"
        await audit.record_many(dup.db, [
            {**audit.entry(curator, "merge_undone", detail, kind, slug, [], at),
             "merge_id": merge_id} for slug in (keep, other)], session=session)
        return Undone(kind, keep, other, lost)

    done = await in_transaction(dup.profiles.mongo, work)
    forget_checks()
    dup.profiles.on_change()
    return done


async def undoable(dup: Duplicates, merge_ids: list[str]) -> set[str]:
    """Which of these merges can still be undone (not undone, not expired)."""
    cursor = dup.db[MERGE_UNDO].find({"_id": {"$in": merge_ids}, "undone_at": None,
                                      "expires_at": {"$gt": now()}}, {"_id": 1})
    return {d["_id"] async for d in cursor}
