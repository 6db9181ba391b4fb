"""Who took part in a programme. A participation is public only once `confirmed`:
- a curator records one (confirmed at once);
- a profile's owners or editors claim one (`claimed`), an open call's applicants apply with a
  note (`applied`); the organizer organization's owners or a curator then accept (confirmed)
  or decline.
The note of an application is private: only the applicant's people and the organizer's side
read it (`pending`, `mine`); no public shape carries it."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from directory import audit
from directory.accounts.service import User, now
from directory.db import Session, in_transaction
from directory.errors import FieldError, Forbidden, InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.programmes.service import ProgrammeService
from directory.programmes.shapes import (
    OwnParticipationPrivate,
    PendingParticipationPrivate,
    ProgrammePrivate,
    is_open,
)
from directory.programmes.validation import today, validate_application

DECISIONS = {"accept": "confirmed", "decline": "declined"}
OPEN_STATUSES = ("claimed", "applied")


class Participations:
    def __init__(self, programmes: ProgrammeService) -> None:
        self.programmes = programmes
        self.editor = programmes.editor
        self.collection = programmes.participations

    async def choices(self, user: User, *, owners_only: bool = False) -> list[tuple[str, str]]:
        """(kind, slug) of the profiles the user may put forward: those they own (and edit,
        unless `owners_only`)."""
        return [(p["kind"], p["slug"]) for p in await self.editor.mine(user)
                if p["role"] == "owner" or not owners_only]

    async def _add(self, programme: str, kind: str, slug: str, status: str, user: User,
                   note: str | None = None, field: str = "profile") -> None:
        """One participation per profile and programme: a second attempt is a field error,
        except a curator's record, which confirms whatever was there."""
        doc: dict[str, Any] = {"status": status, "by": user.id, "at": now()}
        if note is not None:
            doc["note"] = note
        if status == "confirmed":
            await self.collection.update_one({"programme": programme, "kind": kind,
                                              "slug": slug}, {"$set": doc}, upsert=True)
            return
        result = await self.collection.update_one(
            {"programme": programme, "kind": kind, "slug": slug},
            {"$setOnInsert": doc}, upsert=True)
        if result.upserted_id is None:
            raise InvalidInput([FieldError(field, _(
                "profil ini sudah tercatat atau sedang menunggu konfirmasi di program ini"))],
                title="Invalid participation")

    async def record(self, user: User, programme: str, kind: str, slug: str) -> None:
        """A curator records a participant (confirmed at once)."""
        await self.programmes.stored(programme)
        if not user.is_staff:
            raise Forbidden(_("Hanya kurator yang dapat mencatat peserta secara langsung."))
        if kind not in ("organization", "talent"):
            raise InvalidInput([FieldError("participant_kind", _(
                "pilih organisasi atau talenta"))], title="Invalid participation")
        if not slug or not await self.editor.profiles.public_names(kind, [slug]):
            raise InvalidInput([FieldError("participant", _(
                "tidak ada profil terbit dengan alamat ini"))], title="Invalid participation")
        await self._add(programme, kind, slug, "confirmed", user, field="participant")

    async def claim(self, user: User, programme: str, form: dict[str, list[str]]) -> None:
        """A profile's owners or editors say it took part; the organizer confirms."""
        await self.programmes.stored(programme)
        kind, slug = self._chosen(form, await self.choices(user))
        await self._add(programme, kind, slug, "claimed", user)

    async def apply(self, user: User, programme: str, form: dict[str, list[str]]) -> None:
        """An owner applies one of their profiles to an open call before its deadline."""
        doc = await self.programmes.stored(programme)
        if not is_open(doc, today().isoformat()):
            raise InvalidInput([FieldError("profile", _(
                "program ini tidak sedang menerima pendaftaran"))], title="Invalid application")
        kind, slug, note = validate_application(form, await self.choices(user, owners_only=True))
        await self._add(programme, kind, slug, "applied", user, note=note)

    @staticmethod
    def _chosen(form: dict[str, list[str]], choices: list[tuple[str, str]]) -> tuple[str, str]:
        kind, _sep, slug = (form.get("profile") or [""])[0].strip().partition(":")
        if (kind, slug) not in choices:
            raise InvalidInput([FieldError("profile", _(
                "pilih salah satu profil yang Anda kelola"))], title="Invalid participation")
        return kind, slug

    async def _organizer_side(self, user: User | None, programme: str) -> ProgrammePrivate:
        doc = await self.programmes.stored(programme)
        if not await self.programmes.may_run(user, doc):
            raise Forbidden(_("Hanya pemilik organisasi penyelenggara dan kurator yang dapat "
                              "melihat dan memutuskan pendaftaran."))
        return doc

    async def pending(self, user: User | None, programme: str
                      ) -> list[PendingParticipationPrivate]:
        """Claims and applications awaiting a decision, with the profile's name and the note:
        the organizer's owners and curators only."""
        await self._organizer_side(user, programme)
        cursor = self.collection.find({"programme": programme,
                                       "status": {"$in": list(OPEN_STATUSES)}}).sort("at", 1)
        out: list[PendingParticipationPrivate] = []
        async for p in cursor:
            slug: str = p["slug"]
            names = await self.editor.profiles.public_names(p["kind"], [slug])
            out.append({"id": str(p["_id"]), "kind": p["kind"], "slug": slug,
                        "name": names.get(slug, slug), "status": p["status"],
                        "note": p.get("note", ""), "at": p["at"]})
        return out

    async def decide(self, user: User, programme: str, participation_id: str,
                     decision: str) -> str:
        """Accept (→ a confirmed participant) or decline a claim or an application; returns
        the new status."""
        await self._organizer_side(user, programme)
        if decision not in DECISIONS:
            raise InvalidInput([FieldError("decision", _("pilih terima atau tolak"))],
                               title="Invalid decision")
        try:
            key = ObjectId(participation_id)
        except InvalidId:
            raise NotFound("participation") from None
        status = DECISIONS[decision]

        async def work(session: Session) -> bool:
            found = await self.collection.find_one_and_update(
                {"_id": key, "programme": programme, "status": {"$in": list(OPEN_STATUSES)}},
                {"$set": {"status": status, "decided_at": now(),
                          "decided_by": user.id}}, session=session)
            if found is not None:
                await audit.record(self.collection.database, user, f"programme_{decision}",
                                   detail=f"{programme}: {found['kind']} {found['slug']}",
                                   session=session)
            return found is not None
        if not await in_transaction(self.editor.profiles.mongo, work):
            raise NotFound("participation")
        return status

    async def mine(self, user: User, programme: str) -> list[OwnParticipationPrivate]:
        """The user's own profiles' participations in this programme (with their notes)."""
        keys = await self.choices(user)
        if not keys:
            return []
        cursor = self.collection.find({"programme": programme, "$or": [
            {"kind": k, "slug": s} for k, s in keys]})
        return [{"kind": p["kind"], "slug": p["slug"], "status": p["status"],
                 "note": p.get("note", "")} async for p in cursor]
