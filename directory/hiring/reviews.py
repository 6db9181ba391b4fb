"""Reviews of engagements: written only by the engagement's client once they marked the project
done, one per engagement; ratings of quality, schedule and cost (1–5), would-recommend (0–10)
and a text. The reviewer's address must be verified (the mailed link, or a verified account)
and must not share the reviewed firm's domain (its website or contact email, and its people's
addresses; free mail providers excepted). The firm may reply once, publicly. Anyone may report
a review; a curator hides it with a reason, and a hidden review leaves the averages.

The reviewer's email is never stored on the review nor shown: only the name as they chose to
show it. Publishing or hiding a review re-indexes the profile through the search outbox in the
same transaction (the index carries `rating_average`/`rating_count` for `sort=rating`). There
is no paid placement of any kind: the order is the ratings' alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from bson import ObjectId
from bson.errors import InvalidId
from pydantic import BaseModel
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from directory.accounts import throttles as attempts
from directory.accounts.service import User, now
from directory.curation.claims import contact_email, email_domain, website_domains
from directory.curation.duplicates import FREE_MAIL, SHARED_HOSTS
from directory.db import Client, Session, in_transaction, move_back, move_to_profile
from directory.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
)
from directory.hiring.documents import Engagement, Review
from directory.hiring.engagements import ClientAccess, Engagements
from directory.hiring.shapes import EngagementPrivate, ReviewCreate, ReviewPrivate
from directory.i18n import gettext as _
from directory.profiles.public import RatingSummary
from directory.profiles.service import ProfileService
from directory.profiles.validation import text_errors
from search import sync

SCORES = ("quality", "schedule", "cost")
DISPLAYS = ("initial", "full", "anonymous")
REPORTS_PER_HOUR = 5


def display_labels() -> dict[str, str]:
    return {"initial": _("Nama depan dan inisial (mis. Budi S.)"),
            "full": _("Nama lengkap"), "anonymous": _("Klien terverifikasi (tanpa nama)")}


def shown_name(name: str, display: str) -> str:
    """The reviewer as they chose to be shown; 'first name + initial' by default."""
    words = name.split()
    if display == "full" and words:
        return " ".join(words)
    if display == "anonymous" or not words:
        return ""  # templates say "verified client" in the reader's language
    return words[0] + (f" {words[-1][0].upper()}." if len(words) > 1 else "")


class ReviewReply(BaseModel):
    text: str
    at: datetime


class ReviewPublic(BaseModel):
    """A published review as anyone may see it (no email, no engagement details)."""
    id: str
    kind: str
    slug: str
    reviewer: str  # "" = a verified client who chose not to be named
    quality: int
    schedule: int
    cost: int
    recommend: int
    text: str
    at: datetime
    reply: ReviewReply | None = None

    @property
    def average(self) -> float:
        return round((self.quality + self.schedule + self.cost) / 3, 2)


def _whole(form: dict[str, Any], field: str, low: int, high: int, errors: list[FieldError]
           ) -> int:
    raw = form.get(field)
    try:
        value = int(str(raw).strip()) if not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        errors.append(FieldError(field, _("pilih angka %(low)s–%(high)s")
                                 % {"low": low, "high": high}))
        return low
    return value


def validate(form: dict[str, Any]) -> ReviewCreate:
    errors: list[FieldError] = []
    scores = {field: _whole(form, field, 1, 5, errors) for field in SCORES}
    recommend = _whole(form, "recommend", 0, 10, errors)
    text = str(form.get("text") or "").strip()
    if not 20 <= len(text) <= 3000:
        errors.append(FieldError("text", _("ceritakan pengalaman Anda dalam 20–3000 karakter")))
    errors += text_errors("text", text, multiline=True)
    name = str(form.get("name") or "").strip()
    if not 2 <= len(name) <= 120:
        errors.append(FieldError("name", _("wajib diisi, 2–120 karakter")))
    errors += text_errors("name", name)
    display = str(form.get("display") or "initial")
    if display not in DISPLAYS:
        errors.append(FieldError("display", _("pilih salah satu cara menampilkan nama")))
    if errors:
        raise InvalidInput(errors, title="Invalid review", status=422)
    return ReviewCreate(quality=scores["quality"], schedule=scores["schedule"],
                        cost=scores["cost"], recommend=recommend, text=text, name=name,
                        display=display)


def to_public(doc: dict[str, Any]) -> ReviewPublic:
    reply = doc.get("reply")
    return ReviewPublic(id=str(doc["_id"]), kind=doc["kind"], slug=doc["slug"],
                        reviewer=doc.get("reviewer", ""), quality=doc["quality"],
                        schedule=doc["schedule"], cost=doc["cost"],
                        recommend=doc["recommend"], text=doc["text"], at=doc["at"],
                        reply=ReviewReply(**reply) if reply else None)


def review_id(value: str) -> ObjectId:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError) as exc:
        raise NotFound("review") from exc


class Reviews:
    def __init__(self, mongo: Client, profiles: ProfileService, engagements: Engagements,
                 people: Callable[[str, str], Awaitable[list[tuple[str, str]]]]) -> None:
        """`people(kind, slug)`: (email, language) of a profile's owners and editors."""
        self.mongo = mongo
        self.db = profiles.db
        self.profiles = profiles
        self.engagements = engagements
        self.reviews = self.db[Review.Settings.name]
        self.people = people

    # --- reading -----------------------------------------------------------------------------

    async def ratings(self, keys: Sequence[tuple[str, str]]
                      ) -> dict[tuple[str, str], RatingSummary]:
        """Average (of each review's mean of quality, schedule and cost) and count of the
        published reviews of each profile among `keys` that has any."""
        if not keys:
            return {}
        by_kind: dict[str, list[str]] = {}
        for kind, slug in keys:
            by_kind.setdefault(kind, []).append(slug)
        pipeline: list[dict[str, Any]] = [
            {"$match": {"status": "published",
                        "$or": [{"kind": k, "slug": {"$in": s}} for k, s in by_kind.items()]}},
            {"$group": {"_id": {"kind": "$kind", "slug": "$slug"}, "n": {"$sum": 1},
                        "avg": {"$avg": {"$divide": [
                            {"$add": ["$quality", "$schedule", "$cost"]}, 3]}}}}]
        out = {}
        async for row in await self.reviews.aggregate(pipeline):
            key = (row["_id"]["kind"], row["_id"]["slug"])
            out[key] = RatingSummary(average=round(row["avg"], 2), count=row["n"])
        return out

    async def published(self, kind: str, slug: str, limit: int = 50) -> list[ReviewPublic]:
        cursor = self.reviews.find({"kind": kind, "slug": slug, "status": "published"}
                                   ).sort("at", -1).limit(limit)
        return [to_public(doc) async for doc in cursor]

    async def of_engagements(self, ids: Sequence[str]) -> dict[str, ReviewPrivate]:
        cursor = self.reviews.find({"engagement_id": {"$in": list(ids)}})
        return {doc["engagement_id"]: cast(ReviewPrivate, doc) async for doc in cursor}

    async def reported(self, limit: int = 100) -> list[ReviewPrivate]:
        """Reviews someone reported that a curator has not decided on yet."""
        cursor = self.reviews.find({"reports.0": {"$exists": True}, "status": "published"}
                                   ).sort("at", -1).limit(limit)
        return [cast(ReviewPrivate, doc) async for doc in cursor]  # as `create` stores it

    # --- writing -----------------------------------------------------------------------------

    moves = "reviews"

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """A merge of duplicates: the reviews follow into the kept profile, and back on undo
        (both record the two profiles in the search outbox: the ratings are recomputed)."""
        return await move_to_profile(self.reviews, kind, from_slug, to_slug, session)

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None:
        await move_back(self.reviews, moved, kind, keep, other, session)

    async def firm_domains(self, kind: str, slug: str) -> set[str]:
        """The firm's own domains: its website, contact email and people's addresses."""
        profile = await self.profiles.collection(kind).find_one({"slug": slug}) or {}
        domains = {d for d in website_domains(profile) if d not in SHARED_HOSTS}
        addresses = [contact_email(profile), *(e for e, _l in await self.people(kind, slug))]
        domains |= {email_domain(a.casefold()) for a in addresses if a and "@" in a}
        return domains - FREE_MAIL

    async def may_review(self, engagement_id: str, access: ClientAccess
                         ) -> EngagementPrivate:
        """The engagement, if `access` is its client and may review it now; else the refusal
        that says why (no engagement, not the client, not done, already reviewed, unverified
        address, the firm's own domain)."""
        engagement = await self.engagements.as_client(engagement_id, access)
        if engagement["state"] == "reviewed":
            raise Conflict(_("Proyek ini sudah Anda ulas; satu ulasan per proyek."))
        if engagement["state"] != "done":
            raise Forbidden(_("Ulasan hanya bisa ditulis setelah Anda menandai proyek "
                              "selesai."))
        if not (engagement.get("client_verified") or (access.user and access.user.verified)):
            raise Forbidden(_("Konfirmasi dulu alamat email Anda melalui tautan yang kami "
                              "kirim."))
        domain = email_domain(engagement["client_email"].casefold())
        own = await self.firm_domains(engagement["kind"], engagement["slug"])
        if any(domain == d or domain.endswith("." + d) for d in own):
            raise Forbidden(_("Alamat email Anda (@%(domain)s) memakai domain %(name)s "
                              "sendiri. Ulasan hanya diterima dari klien di luar firma.")
                            % {"domain": domain, "name": engagement.get("profile_name", "")})
        return engagement

    async def create(self, engagement_id: str, access: ClientAccess, form: dict[str, Any]
                     ) -> ReviewPublic:
        engagement = await self.may_review(engagement_id, access)
        data = validate(form)
        doc: dict[str, Any] = {
            "engagement_id": str(engagement["_id"]), "kind": engagement["kind"],
            "slug": engagement["slug"], "status": "published", "at": now(),
            "reviewer": shown_name(data["name"], data["display"]),
            **{k: v for k, v in data.items() if k not in ("name", "display")}, "reports": []}

        async def work(session: Session) -> None:
            moved = await self.db[Engagement.Settings.name].update_one(
                {"_id": engagement["_id"], "state": "done"},
                {"$set": {"state": "reviewed", "reviewed_at": doc["at"]}}, session=session)
            if moved.modified_count != 1:
                raise Conflict(_("Proyek ini sudah Anda ulas; satu ulasan per proyek."))
            result = await self.reviews.insert_one(dict(doc), session=session)
            doc["_id"] = result.inserted_id
            await sync.record(self.db, [(doc["kind"], doc["slug"])], session)

        try:
            await in_transaction(self.mongo, work)
        except DuplicateKeyError as exc:
            raise Conflict(_("Proyek ini sudah Anda ulas; satu ulasan per proyek.")) from exc
        self.profiles.on_change()
        return to_public(doc)

    async def reply(self, user: User, review: str, text: str,
                    may_edit: Callable[[User, str, str], Awaitable[str | None]]) -> ReviewPublic:
        """The firm's one public reply (`may_edit`: the user's role on the profile)."""
        doc = await self.reviews.find_one({"_id": review_id(review)})
        if doc is None:
            raise NotFound("review")
        if await may_edit(user, doc["kind"], doc["slug"]) not in ("owner", "editor"):
            raise Forbidden(_("Hanya pengelola profil yang diulas yang dapat membalas."))
        text = text.strip()
        errors = [] if 2 <= len(text) <= 2000 else [
            FieldError("reply", _("balasan 2–2000 karakter"))]
        errors += text_errors("reply", text, multiline=True)
        if errors:
            raise InvalidInput(errors, title="Invalid reply", status=422)
        replied = await self.reviews.find_one_and_update(
            {"_id": doc["_id"], "reply": {"$exists": False}},
            {"$set": {"reply": {"text": text, "at": now()}}},
            return_document=ReturnDocument.AFTER)
        if replied is None:
            raise Conflict(_("Ulasan ini sudah Anda balas; balasan hanya sekali."))
        return to_public(replied)

    async def report(self, review: str, reason: str, ip: str) -> None:
        """Anyone may report a review (throttled per address); curators then decide."""
        reason = reason.strip()
        errors = [] if 5 <= len(reason) <= 1000 else [
            FieldError("reason", _("jelaskan alasannya dalam 5–1000 karakter"))]
        errors += text_errors("reason", reason, multiline=True)
        if errors:
            raise InvalidInput(errors, title="Invalid report", status=422)
        if await attempts.reserve(self.db, [(f"review-report:{ip}", REPORTS_PER_HOUR)],
                                  timedelta(hours=1)) is None:
            raise TooManyAttempts(_("Terlalu banyak laporan dalam satu jam terakhir."), 3600)
        result = await self.reviews.update_one(
            {"_id": review_id(review), "status": "published"},
            {"$push": {"reports": {"reason": reason, "at": now()}}})
        if result.matched_count != 1:
            raise NotFound("review")

    async def hide(self, curator: User, review: str, reason: str) -> None:
        """A curator hides a review, with a reason; it leaves the profile's averages."""
        if not curator.is_staff:
            raise Forbidden(_("Halaman ini hanya untuk kurator."))
        reason = reason.strip()
        errors = [] if 5 <= len(reason) <= 1000 else [
            FieldError("reason", _("jelaskan alasannya dalam 5–1000 karakter"))]
        if errors:
            raise InvalidInput(errors, title="Invalid decision", status=422)

        async def work(session: Session) -> ReviewPrivate | None:
            doc = await self.reviews.find_one_and_update(
                {"_id": review_id(review), "status": "published"},
                {"$set": {"status": "hidden", "hidden": {"reason": reason, "by": curator.id,
                                                         "at": now()}}},
                session=session)
            if doc is not None:
                await sync.record(self.db, [(doc["kind"], doc["slug"])], session)
            return cast("ReviewPrivate | None", doc)

        if await in_transaction(self.mongo, work) is None:
            raise NotFound("review")
        self.profiles.on_change()


def json_ld(reviews: Sequence[ReviewPublic], limit: int = 10
            ) -> list[dict[str, Any]]:  # JSON-LD (schema.org Review)
    """schema.org Review items of a profile's published reviews (names as the reviewers chose;
    a reviewer who chose no name is "verified client")."""
    return [{"@type": "Review", "datePublished": r.at.date().isoformat(),
             "reviewBody": r.text,
             "author": {"@type": "Person", "name": r.reviewer or _("Klien terverifikasi")},
             "reviewRating": {"@type": "Rating", "ratingValue": r.average, "bestRating": 5,
                              "worstRating": 1}}
            for r in reviews[:limit]]
