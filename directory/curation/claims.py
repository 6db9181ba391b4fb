"""Claiming an existing (seeded or imported) profile: approved at once when the claimant's
verified email domain is the organization's website domain, otherwise queued for a curator."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from bson import ObjectId

from directory.accounts.service import User, now
from directory.curation.documents import CLAIMS
from directory.curation.shapes import ClaimPrivate
from directory.db import Database, Session, move_back, move_to_profile
from directory.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.editing import ProfileEditor


def website_host(url: str) -> str:
    """A link's host without `www.`; '' when the URL has none."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def website_domains(profile: dict[str, Any]) -> set[str]:
    hosts = (website_host(link.get("url", "")) for link in profile.get("links", []))
    return {host for host in hosts if host}


def contact_email(profile: dict[str, Any]) -> str | None:
    """The profile's private contact address, lower-cased; None when it has none."""
    email = ((profile.get("contact") or {}).get("email") or "").casefold()
    return email if "@" in email else None


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[1]


class ClaimService:
    def __init__(self, db: Database, editor: ProfileEditor) -> None:
        self.db = db
        self.claims = db[CLAIMS]
        self.editor = editor

    moves = "claims"

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """A merge: claims of the merged-away profile follow it to the kept one."""
        return await move_to_profile(self.claims, kind, from_slug, to_slug, session)

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None:
        await move_back(self.claims, moved, kind, keep, other, session)

    async def request(self, user: User, kind: str, slug: str, note: str = "") -> ClaimPrivate:
        raw = await self.editor.profiles.collection(kind).find_one({"slug": slug})
        if raw is None:
            raise NotFound(f"{kind} {slug!r}")
        if await self.editor.role(user, kind, slug):
            raise Conflict(_("Anda sudah mengelola profil ini."))
        if not user.verified:
            raise Forbidden(_("Verifikasi email Anda terlebih dahulu."))
        if len(note) > 1000:
            raise InvalidInput([FieldError("note", _("maksimal 1000 karakter"))])
        has_owner = bool(await self.editor.owned_slugs(kind, [slug]))
        auto = (kind == "organization" and not has_owner
                and user.email_domain in website_domains(raw))
        claim: ClaimPrivate = {
            "kind": kind, "slug": slug, "name": raw["name"], "user_id": user.id,
            "email": user.email, "note": note.strip(), "at": now(),
            "status": "approved" if auto else "pending", "auto": auto}
        pending = await self.claims.find_one({"kind": kind, "slug": slug, "user_id": user.id,
                                              "status": "pending"})
        if pending and not auto:
            return cast(ClaimPrivate, pending)  # as stored below
        result = await self.claims.insert_one(dict(claim))
        claim["_id"] = result.inserted_id
        if auto:
            await self.editor.grant_owner(user.id, kind, slug)
            await self.editor.audit_team(user, kind, slug, "claim_approved_by_domain")
        return claim

    async def queue(self) -> list[ClaimPrivate]:
        return [cast(ClaimPrivate, c)
                async for c in self.claims.find({"status": "pending"}).sort("at", 1)]

    async def pending_claim(self, claim_id: str) -> ClaimPrivate:
        """One claim still waiting (its own page in the curators' desk)."""
        doc = await self.claims.find_one({"_id": ObjectId(claim_id), "status": "pending"}) \
            if ObjectId.is_valid(claim_id) else None
        if doc is None:
            raise NotFound("claim")
        return cast(ClaimPrivate, doc)

    async def decide(self, curator: User, claim_id: str, approve: bool) -> ClaimPrivate:
        if not curator.is_staff:
            raise Forbidden(_("Hanya kurator yang dapat memutuskan klaim."))
        try:
            oid = ObjectId(claim_id)
        except Exception as exc:
            raise NotFound("claim") from exc
        stored = await self.claims.find_one_and_update(
            {"_id": oid, "status": "pending"},
            {"$set": {"status": "approved" if approve else "rejected", "decided_at": now(),
                      "decided_by": curator.id}})
        if stored is None:
            raise NotFound("claim")
        claim = cast(ClaimPrivate, stored)  # the pending claim, before this decision
        if approve:
            if claim["kind"] == "talent":  # exactly one person
                await self.editor.revoke_all("talent", claim["slug"])
            await self.editor.grant_owner(claim["user_id"], claim["kind"], claim["slug"])
            await self.editor.audit_team(curator, claim["kind"], claim["slug"],
                                          "claim_approved")
        return claim
