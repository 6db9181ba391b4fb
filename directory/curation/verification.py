"""Verification of organizations by the city's curators.

Curators work a queue of published, unverified organizations with what to check (NIB, KBLI codes
against the subsectors, website and contact, whether someone owns the profile), then verify or
reject with a note. Nothing is fetched from the internet.

`verification_state` holds one document per organization (`_id` = slug): the latest decision,
when and by whom. The profile editor writes it in the same transaction whenever the `verified`
flag changes (forms, API or this queue), so the badge date is always the date the flag was set.
A verification lapses `verification_months` after that date (computed when asked, so a changed
setting applies to every profile); lapsed ones lose the flag and return to the queue. Flags that
came in through import or seed carry no date and no expiry until a curator checks them.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict, cast

from directory import audit, scheduling
from directory.accounts.service import User, now, require_staff
from directory.curation import kbli
from directory.curation.claims import contact_email, email_domain, website_domains
from directory.curation.desk import Row
from directory.curation.documents import VERIFICATION_STATE as STATE
from directory.curation.shapes import VerificationCreate, VerificationStatePrivate
from directory.db import PUBLIC_READS, Database, Session
from directory.errors import FieldError, InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.editing import ProfileWrite

if TYPE_CHECKING:
    from directory.profiles.editing import ProfileEditor
DECISIONS = ("verified", "rejected")
TABS = ("antrean", "segera", "tanpa-tanggal", "ditolak")
EXPIRING_SOON = timedelta(days=30)
CHECK_EVERY_S = 6 * 3600
SYSTEM = User(id="system", email="sistem", role="admin", name="Sistem", verified=True, lang="id")
LAPSE_LEASE = timedelta(minutes=10)  # a lapse claimed longer ago than this is retried
log = logging.getLogger("directory.curation.verification")


def add_months(value: datetime, months: int) -> datetime:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class Checks:
    """What a curator looks at before deciding; `ok` is a hint, never a decision."""

    nib: str | None
    legal_form: str | None
    kbli: list[kbli.KbliCheck]
    kbli_summary: str
    websites: list[str]
    email_domain: str | None
    email_matches_website: bool
    owned: bool

    @property
    def kbli_ok(self) -> bool:
        return any(row.ok for row in self.kbli)


class VerificationItemPrivate(TypedDict):
    """One organization on the curators' desk: the stored profile (contact details and NIB
    included: staff only), what to check, and the latest decision."""

    profile: dict[str, Any]  # the stored organization document, every field
    checks: Checks
    state: VerificationStatePrivate | None


def checks_for(org: dict[str, Any], owned: bool) -> Checks:
    rows = kbli.check_codes(org.get("kbli", []), org.get("subsectors", []))
    websites = sorted(website_domains(org))
    email = contact_email(org)
    domain = email_domain(email) if email else None
    return Checks(nib=org.get("nib"), legal_form=org.get("legal_form"), kbli=rows,
                  kbli_summary=kbli.summary(rows), websites=websites, email_domain=domain,
                  email_matches_website=bool(domain) and domain in websites, owned=owned)


def bulk_safe(checks: Checks) -> bool:
    """What may be verified in bulk without opening it: NIB given, KBLI fits a subsector."""
    return bool(checks.nib) and checks.kbli_ok


def validate_decision(form: dict[str, str]) -> VerificationCreate:
    errors: list[FieldError] = []
    decision = form.get("decision", "")
    if decision not in DECISIONS:
        errors.append(FieldError("decision", _("pilih terverifikasi atau ditolak")))
    note = form.get("note", "").strip()
    if decision == "rejected" and len(note) < 5:
        errors.append(FieldError("note", _("tuliskan alasan penolakan yang dapat dibaca pemilik "
                                           "(minimal 5 karakter)")))
    if len(note) > 1000:
        errors.append(FieldError("note", _("paling banyak 1000 karakter")))
    evidence = form.get("evidence", "").strip()
    if len(evidence) > 2000:
        errors.append(FieldError("evidence", _("paling banyak 2000 karakter")))
    if errors:
        raise InvalidInput(errors, title="Invalid verification decision")
    return VerificationCreate(decision=decision, note=note, evidence=evidence)


@dataclass(frozen=True)
class PublicVerification:
    """`state`: verified, lapsed or none. `at`: when verified (for lapsed: when it lapsed);
    `expires_at`: until when a verification holds. Undated for flags that came in through an
    import, until a curator checks them."""

    state: str
    at: datetime | None
    expires_at: datetime | None


class Verification:
    def __init__(self, db: Database, editor: ProfileEditor, months: int) -> None:
        self.db = db
        self.editor = editor
        self.months = months
        self.state = db[STATE]
        self.orgs = editor.profiles.collection("organization")
        editor.hooks.append(self._on_profile_write)  # the badge date moves with the flag

    async def _on_profile_write(self, change: ProfileWrite, session: Session) -> None:
        """In the profile write's transaction: the verification state follows the flag, a
        curator's decision is stored with its note and evidence, a deleted profile forgets it."""
        if change.kind != "organization":
            return
        if change.stored is None:
            await self.forget(change.slug, session)
            return
        at, by = now(), change.user.email
        if decision := change.detail.get("verification"):
            note = change.detail.get("note", "")
            await self.state.update_one({"_id": change.slug}, {"$set": {
                "state": decision, "at": at, "by": by, "note": note,
                "evidence": change.detail.get("evidence", "")},
                "$unset": {"lapsing_since": ""}}, upsert=True, session=session)
            await audit.record(self.db, change.user, f"verification_{decision}", note,
                               "organization", change.slug, session=session)
        elif "verified" in change.fields and change.stored.get("verified"):
            await self.state.update_one({"_id": change.slug}, {"$set": {
                "state": "verified", "at": at, "by": by, "note": "", "evidence": ""}},
                upsert=True, session=session)
        elif "verified" in change.fields:
            await self.state.update_one({"_id": change.slug, "state": "verified"}, {"$set": {
                "state": "unverified", "at": at, "by": by}}, session=session)

    async def forget(self, slug: str, session: Session | None = None) -> None:
        """The organization is gone (deleted, or merged into another)."""
        await self.state.delete_one({"_id": slug}, session=session)

    def expires(self, verified_at: datetime) -> datetime:
        return add_months(_aware(verified_at), self.months)

    # --- reading --------------------------------------------------------------------------

    def _dated(self, stored: dict[str, Any]) -> VerificationStatePrivate:
        """A stored decision with an aware `at`, and `expires_at` when it is a verification."""
        doc = cast(VerificationStatePrivate, stored)  # as `_on_profile_write` stores it
        doc["at"] = _aware(doc["at"])
        if doc["state"] == "verified":
            doc["expires_at"] = self.expires(doc["at"])
        return doc

    async def status(self, slug: str) -> VerificationStatePrivate | None:
        """The latest decision on an organization, with `expires_at` for a verified one."""
        doc = await self.state.find_one({"_id": slug})
        return None if doc is None else self._dated(doc)

    async def public_status(self, slug: str, flagged: bool, at: datetime | None = None
                            ) -> PublicVerification:
        """What anyone may know about an organization's verification (its badge and its public
        page): verified by the city's curators on … until …, lapsed, or not verified. Never who
        (a curator's address), nor notes or evidence. A verification past its expiry is lapsed
        even before the scheduled expiry has run. `flagged` is the profile's `verified` flag."""
        at = at or now()
        doc = await self.status(slug)
        if doc and doc["state"] == "verified":
            if doc["expires_at"] <= at:
                return PublicVerification("lapsed", doc["expires_at"], doc["expires_at"])
            if flagged:
                return PublicVerification("verified", doc["at"], doc["expires_at"])
        if doc and doc["state"] == "expired":
            return PublicVerification("lapsed", doc["at"], doc["at"])
        if flagged and doc is None:  # imported or seeded as verified: no date until checked
            return PublicVerification("verified", None, None)
        return PublicVerification("none", None, None)

    async def badge_date(self, slug: str) -> datetime | None:
        """The public badge's date (a public read: db.PUBLIC_READS)."""
        stored = await self.state.with_options(read_preference=PUBLIC_READS).find_one(
            {"_id": slug})
        doc = None if stored is None else self._dated(stored)
        return doc["at"] if doc and doc["state"] == "verified" else None

    async def _excluded_rejections(self) -> list[str]:
        """Rejected organizations stay out of the queue until their owners change them."""
        rejected = {d["_id"]: _aware(d["at"]) async for d in self.state.find(
            {"state": "rejected"}, {"at": 1})}
        if not rejected:
            return []
        changed = {o["slug"] async for o in self.orgs.find(
            {"slug": {"$in": list(rejected)}}, {"slug": 1, "updated_at": 1})
            if o.get("updated_at") and _aware(o["updated_at"]) > rejected[o["slug"]]}
        return [slug for slug in rejected if slug not in changed]

    async def _query(self, tab: str, at: datetime) -> dict[str, Any]:  # a MongoDB filter
        if tab == "antrean":
            return {"status": "published", "verified": {"$ne": True},
                    "slug": {"$nin": await self._excluded_rejections()}}
        if tab == "ditolak":
            slugs = [d["_id"] async for d in self.state.find({"state": "rejected"}, {"_id": 1})]
            return {"slug": {"$in": slugs}, "verified": {"$ne": True}}
        dated = [d["_id"] async for d in self.state.find({"state": "verified"}, {"_id": 1})]
        if tab == "tanpa-tanggal":
            return {"verified": True, "slug": {"$nin": dated}}
        lapse_before = add_months(at + EXPIRING_SOON, -self.months)
        soon = [d["_id"] async for d in self.state.find(
            {"state": "verified", "at": {"$lte": lapse_before}}, {"_id": 1})]
        return {"verified": True, "slug": {"$in": soon}}

    async def rows(self, tab: str = "antrean", at: datetime | None = None) -> list[Row]:
        """Every organization of a tab as a desk row (name, waiting since, checks)."""
        if tab not in TABS:
            raise NotFound(f"tab {tab!r}")
        at = at or now()
        await self.expire_due(at)
        docs = [d async for d in self.orgs.find(await self._query(tab, at))]
        owned = await self.editor.owned_slugs("organization", [d["slug"] for d in docs])
        states = {s["_id"]: self._dated(s) async for s in self.state.find(
            {"_id": {"$in": [d["slug"] for d in docs]}})}
        out = []
        for doc in docs:
            state = states.get(doc["slug"])
            reason = state["state"] if state else ""
            out.append(Row(doc["slug"], doc["name"], state["at"] if state and tab != "antrean"
                           else doc.get("created_at"), reason, doc["slug"],
                           VerificationItemPrivate(
                               profile=doc, checks=checks_for(doc, doc["slug"] in owned),
                               state=state)))
        return out

    async def counts(self, at: datetime | None = None) -> dict[str, int]:
        at = at or now()
        await self.expire_due(at)
        return {t: await self.orgs.count_documents(await self._query(t, at)) for t in TABS}

    async def item(self, slug: str) -> VerificationItemPrivate:
        """One organization with its checks and latest decision (its own decision page)."""
        doc = await self.orgs.find_one({"slug": slug})
        if doc is None:
            raise NotFound(f"organization {slug!r}")
        owned = bool(await self.editor.owned_slugs("organization", [slug]))
        return VerificationItemPrivate(profile=doc, checks=checks_for(doc, owned),
                                       state=await self.status(slug))

    # --- deciding -------------------------------------------------------------------------

    async def decide(self, user: User | None, slug: str, form: dict[str, str]) -> str:
        curator = require_staff(user)
        decision = validate_decision(form)
        org = await self.orgs.find_one({"slug": slug}, {"verified": 1})
        if org is None:
            raise NotFound(f"organization {slug!r}")
        verified = decision["decision"] == "verified"
        # One transaction: the flag, the decision with its note and evidence, the audit entry.
        await self.editor.patch(curator, "organization", slug, {"verified": verified}, detail={
            "verification": decision["decision"], "note": decision["note"],
            "evidence": decision["evidence"]})
        return decision["decision"]

    async def verify_many(self, user: User | None, slugs: list[str]
                          ) -> tuple[list[str], list[str]]:
        """Bulk verify, where it is safe: only organizations whose NIB is given and whose KBLI
        codes fit a subsector; each decided (and audited) alone. Returns (verified, skipped)."""
        require_staff(user)
        done, skipped = [], []
        for slug in dict.fromkeys(slugs):
            item = await self.orgs.find_one({"slug": slug})
            if item is None or not bulk_safe(checks_for(item, False)):
                skipped.append(slug)
                continue
            await self.decide(user, slug, {"decision": "verified"})
            done.append(slug)
        return done, skipped

    async def expire_due(self, at: datetime | None = None) -> int:
        """Lapsed verifications lose the flag and return to the queue; returns how many."""
        at = at or now()
        lapsed = 0
        cutoff = add_months(at, -self.months)
        note = _("Verifikasi kedaluwarsa setelah %(months)d bulan.") % {"months": self.months}
        # One process claims each (a lease, so a claim whose process died is taken again); the
        # flag, the state `expired` and the audit entry then change in one transaction (hook).
        while doc := await self.state.find_one_and_update(
                {"state": "verified", "at": {"$lte": cutoff},
                 "$or": [{"lapsing_since": {"$exists": False}},
                         {"lapsing_since": {"$lt": at - LAPSE_LEASE}}]},
                {"$set": {"lapsing_since": at}}):
            await self.editor.patch(SYSTEM, "organization", doc["_id"], {"verified": False},
                                    detail={"verification": "expired", "note": note})
            lapsed += 1
        return lapsed


async def run_expiry(verification: Verification, stop: asyncio.Event,
                     every_s: float = CHECK_EVERY_S) -> None:
    """The app's scheduled task: lapse verifications a few times a day."""
    async def work() -> None:
        lapsed = await verification.expire_due()
        if lapsed:
            log.info("%d verifications lapsed and returned to the queue", lapsed)

    await scheduling.every(every_s, stop, work, "verification expiry", log)
