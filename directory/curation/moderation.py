"""Moderation: anyone may report a published profile; curators work the reports queue and hide
a profile with a reason its owners see (and cannot override), or unhide it.

A curator's hide is a *hold* (`moderation_holds`): while it stands only staff can change the
profile's status, so an owner cannot simply publish it again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, cast

from bson import ObjectId

from directory import audit
from directory.accounts import throttles as attempts
from directory.accounts.service import User, check_email, normalise_email, require_staff
from directory.curation.documents import HOLDS, REPORTS
from directory.curation.shapes import HoldPrivate, ReportCreate, ReportPrivate
from directory.db import Database
from directory.errors import FieldError, InvalidInput, NotFound, TooManyAttempts
from directory.i18n import gettext as _
from directory.profiles.validation import text_errors

if TYPE_CHECKING:
    from directory.profiles.editing import ProfileEditor
    from directory.profiles.stored import ProfileInput
REASONS = ("spam", "inaccurate", "offensive", "impersonation", "other")
MAX_REPORTS_PER_HOUR = 5


def reason_labels() -> dict[str, str]:
    return {"spam": _("Spam atau iklan"), "inaccurate": _("Data tidak benar atau usang"),
            "offensive": _("Isi yang menyinggung atau melanggar hukum"),
            "impersonation": _("Mengaku sebagai pihak lain"), "other": _("Lainnya")}


def validate_report(form: dict[str, str]) -> ReportCreate:
    errors: list[FieldError] = []
    reason = form.get("reason", "")
    if reason not in REASONS:
        errors.append(FieldError("reason", _("pilih salah satu alasan")))
    message = form.get("message", "").strip()
    if not 10 <= len(message) <= 2000:
        errors.append(FieldError("message", _("jelaskan dalam 10–2000 karakter")))
    errors += text_errors("message", message, multiline=True)
    email = normalise_email(form.get("email", ""))
    if email:
        errors += check_email(email)
    if errors:
        raise InvalidInput(errors, title="Invalid report")
    return ReportCreate(reason=reason, message=message, email=email or None)


def _now() -> datetime:
    return datetime.now(UTC)


class Moderation:
    def __init__(self, db: Database, editor: ProfileEditor) -> None:
        self.db = db
        self.editor = editor
        self.holds = db[HOLDS]
        self.reports = db[REPORTS]
        editor.checks.append(self._refuse_held)

    async def _refuse_held(self, user: User, kind: str, slug: str, profile: ProfileInput
                           ) -> None:
        """A hidden profile stays hidden until a curator says otherwise: its owners may fix
        it, not publish it."""
        if user.is_staff or profile.status == "hidden":
            return
        hold = await self.holds.find_one({"kind": kind, "slug": slug})
        if hold is not None:
            raise InvalidInput([FieldError("status", _(
                "disembunyikan kurator: %(reason)s — hubungi kurator untuk menampilkannya "
                "lagi") % {"reason": hold["reason"]})], title="Invalid profile", status=422)

    async def report(self, kind: str, slug: str, form: dict[str, str], ip: str) -> bool:
        """Stores a report; False when the honeypot was filled (nothing stored)."""
        profile = await self.editor.profiles.collection(kind).find_one(
            {"slug": slug, "status": "published"}, {"name": 1})
        if profile is None:
            raise NotFound(f"{kind} {slug!r}")
        report = validate_report(form)
        if form.get("website", "").strip():
            return False
        key = f"report-ip:{ip}"
        if await attempts.reserve(self.db, [(key, MAX_REPORTS_PER_HOUR)],
                                  timedelta(hours=1)) is None:
            raise TooManyAttempts(_("Terlalu banyak laporan dalam satu jam terakhir. Silakan "
                                    "coba lagi nanti."), retry_after=3600)
        await self.reports.insert_one({**report, "kind": kind, "slug": slug,
                                       "profile_name": profile["name"], "at": _now(),
                                       "status": "open"})
        return True

    async def queue(self) -> list[ReportPrivate]:
        return [cast(ReportPrivate, {**r, "id": str(r["_id"])}) async for r in
                self.reports.find({"status": "open"}).sort("at", 1)]

    async def open_report(self, report_id: str) -> ReportPrivate:
        """One open report (its own page in the curators' desk)."""
        doc = await self.reports.find_one({"_id": ObjectId(report_id), "status": "open"}) \
            if ObjectId.is_valid(report_id) else None
        if doc is None:
            raise NotFound(f"report {report_id!r}")
        return cast(ReportPrivate, {**doc, "id": str(doc["_id"])})

    async def dismiss(self, user: User | None, report_id: str, note: str = "") -> None:
        curator = require_staff(user)
        try:
            oid = ObjectId(report_id)
        except Exception as exc:
            raise NotFound(f"report {report_id!r}") from exc
        result = await self.reports.update_one(
            {"_id": oid, "status": "open"},
            {"$set": {"status": "dismissed", "decided_by": curator.email, "decided_at": _now(),
                      "note": note.strip()[:500]}})
        if not result.matched_count:
            raise NotFound(f"report {report_id!r}")
        await audit.record(self.db, curator, "report_dismissed", report_id)

    async def hold(self, kind: str, slug: str) -> HoldPrivate | None:
        return cast(HoldPrivate | None,  # as `hide` stores it
                    await self.holds.find_one({"kind": kind, "slug": slug}, {"_id": 0}))

    async def hide(self, user: User | None, kind: str, slug: str, reason: str) -> None:
        curator = require_staff(user)
        reason = reason.strip()
        if not 5 <= len(reason) <= 500:
            raise InvalidInput([FieldError("reason", _("tuliskan alasan yang dapat dibaca "
                                                       "pemilik (5–500 karakter)"))])
        await self.editor.set_status(curator, kind, slug, "hidden")
        await self.holds.replace_one({"kind": kind, "slug": slug}, {
            "kind": kind, "slug": slug, "reason": reason, "by": curator.email, "at": _now()},
            upsert=True)
        await self.reports.update_many(
            {"kind": kind, "slug": slug, "status": "open"},
            {"$set": {"status": "hidden", "decided_by": curator.email, "decided_at": _now()}})
        await audit.record(self.db, curator, "moderation_hidden", reason, kind, slug)

    async def unhide(self, user: User | None, kind: str, slug: str) -> None:
        curator = require_staff(user)
        if await self.holds.find_one_and_delete({"kind": kind, "slug": slug}) is None:
            raise InvalidInput([FieldError("status", _("profil ini tidak sedang disembunyikan "
                                                       "kurator"))])
        await self.editor.set_status(curator, kind, slug, "published")
        await audit.record(self.db, curator, "moderation_unhidden", "", kind, slug)
