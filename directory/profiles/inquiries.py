"""Client inquiries to a published profile: validated, rate-limited, stored, and mailed to the
profile's people. The client never learns the profile's private contact from us.

A budget is a band in the currency the client chose (IDR or USD), stored as codes (`budget`,
`currency`); labels are looked up when a page or an email is rendered, so each email speaks only
its recipient's language. The inquiry keeps the language the client used (`lang`) for their
confirmation; the owners' emails go in each owner's language, an unclaimed profile's in the
profile's main language. Every inquiry records where the client is based (`origin`, from
directory.stats.regions: country, and province/city in Indonesia) for the analysts' demand by
origin; it is never shown to the profile's people or anyone else, only counted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from bson import ObjectId

from directory.accounts import throttles as attempts
from directory.accounts.service import check_email, normalise_email, now
from directory.db import Database, Session, move_back, move_to_profile
from directory.errors import FieldError, InvalidInput, NotFound, TooManyAttempts
from directory.i18n import LANGUAGES, current_language
from directory.i18n import gettext as _
from directory.profiles.documents import MODEL_BY_KIND, Inquiry
from directory.profiles.inquiry_shapes import InquiryCreate, InquiryPrivate, SentInquiryPrivate
from directory.profiles.validation import text_errors
from directory.stats import regions

BUDGETS_BY_CURRENCY = {"IDR": ("under_10m", "10m_50m", "50m_200m", "over_200m"),
                       "USD": ("usd_under_1k", "usd_1k_5k", "usd_5k_20k", "usd_over_20k")}
CURRENCIES = tuple(BUDGETS_BY_CURRENCY)
BUDGETS = (*BUDGETS_BY_CURRENCY["IDR"], *BUDGETS_BY_CURRENCY["USD"], "unknown")
TIMELINES = ("asap", "1_3_months", "3_6_months", "flexible")
LIMIT_WINDOW = timedelta(hours=1)
MAX_PER_IP = 5
MAX_PER_EMAIL = 3
NOT_STORED = ("profile_contact_email", "profile_lang")  # for the mail only


def budget_labels() -> dict[str, str]:
    return {"under_10m": _("di bawah Rp10 juta"), "10m_50m": _("Rp10–50 juta"),
            "50m_200m": _("Rp50–200 juta"), "over_200m": _("di atas Rp200 juta"),
            "usd_under_1k": _("di bawah US$1.000"), "usd_1k_5k": _("US$1.000–5.000"),
            "usd_5k_20k": _("US$5.000–20.000"), "usd_over_20k": _("di atas US$20.000"),
            "unknown": _("belum tahu")}


def currency_labels() -> dict[str, str]:
    return {"IDR": _("Rupiah (IDR)"), "USD": _("Dolar AS (USD)")}


def budget_groups() -> list[tuple[str, str, dict[str, str]]]:
    """The budget bands by currency, for the form: (currency, its label, {band: label})."""
    labels, names = budget_labels(), currency_labels()
    return [(cur, names[cur], {code: labels[code] for code in codes})
            for cur, codes in BUDGETS_BY_CURRENCY.items()]


def timeline_labels() -> dict[str, str]:
    return {"asap": _("secepatnya"), "1_3_months": _("1–3 bulan"),
            "3_6_months": _("3–6 bulan"), "flexible": _("fleksibel")}


def validate(form: dict[str, str]) -> InquiryCreate:
    errors: list[FieldError] = []
    name = form.get("name", "").strip()
    email = normalise_email(form.get("email", ""))
    organization = form.get("organization", "").strip()
    message = form.get("message", "").strip()
    if not 2 <= len(name) <= 120:
        errors.append(FieldError("name", _("wajib diisi, 2–120 karakter")))
    errors += check_email(email) + text_errors("name", name)
    if len(organization) > 160:
        errors.append(FieldError("organization", _("maksimal 160 karakter")))
    errors += text_errors("organization", organization)
    if not 20 <= len(message) <= 5000:
        errors.append(FieldError("message", _("ceritakan kebutuhan Anda dalam 20–5000 karakter")))
    errors += text_errors("message", message, multiline=True)
    currency = form.get("currency", "IDR") or "IDR"
    if currency not in CURRENCIES:
        errors.append(FieldError("currency", _("pilih Rupiah (IDR) atau Dolar AS (USD)")))
    budget = form.get("budget", "")
    if budget not in BUDGETS:
        errors.append(FieldError("budget", _("pilih salah satu kisaran anggaran")))
    elif currency in CURRENCIES and budget != "unknown" \
            and budget not in BUDGETS_BY_CURRENCY[currency]:
        errors.append(FieldError("budget", _("pilih kisaran anggaran dalam mata uang yang "
                                             "Anda pilih")))
    if form.get("timeline", "") not in TIMELINES:
        errors.append(FieldError("timeline", _("pilih salah satu perkiraan waktu")))
    origin, origin_errors = regions.from_form(form)
    errors += origin_errors
    if errors:
        raise InvalidInput(errors, title="Invalid inquiry")
    return {"name": name, "email": email, "organization": organization, "message": message,
            "budget": budget, "currency": currency, "timeline": form["timeline"],
            "origin": origin}


def main_language(languages: list[str]) -> str:
    """A profile's main language among the site's: the first it lists that the site speaks
    (its own text is written in it), else Bahasa Indonesia."""
    return next((code for code in languages if code in LANGUAGES), LANGUAGES[0])


class InquiryService:
    def __init__(self, db: Database,
                 people: Callable[[str, str], Awaitable[list[tuple[str, str]]]]) -> None:
        """`people(kind, slug)`: (email, language) of a profile's owners and editors."""
        self.db = db
        self.inquiries = db[Inquiry.Settings.name]
        self.people = people

    moves = "inquiries"

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """A merge: inquiries to the merged-away profile belong to the kept one."""
        return await move_to_profile(self.inquiries, kind, from_slug, to_slug, session)

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None:
        await move_back(self.inquiries, moved, kind, keep, other, session)

    async def submit(self, kind: str, slug: str, form: dict[str, str], ip: str
                     ) -> SentInquiryPrivate | None:
        """Stores a valid inquiry and returns it; None when the honeypot was filled (a bot gets
        the same thank-you page and nothing is stored or sent)."""
        profile = await self.db[MODEL_BY_KIND[kind].Settings.name].find_one(
            {"slug": slug, "status": "published"}, {"name": 1, "contact": 1, "languages": 1})
        if profile is None:
            raise NotFound(f"{kind} {slug!r}")
        inquiry = validate(form)
        if form.get("website", "").strip():
            return None
        keys = (f"inquiry-ip:{ip}", f"inquiry-email:{inquiry['email']}")
        if await attempts.reserve(self.db, [(keys[0], MAX_PER_IP), (keys[1], MAX_PER_EMAIL)],
                                  LIMIT_WINDOW) is None:
            raise TooManyAttempts(_("Terlalu banyak pesan terkirim dalam satu jam terakhir. "
                                    "Silakan coba lagi nanti."), retry_after=3600)
        sent: SentInquiryPrivate = {
            **inquiry, "_id": ObjectId(), "kind": kind, "slug": slug,
            "profile_name": profile["name"], "at": now(), "read": False,
            "lang": current_language.get(),
            "profile_contact_email": (profile.get("contact") or {}).get("email"),
            "profile_lang": main_language(profile.get("languages") or [])}
        await self.inquiries.insert_one({k: v for k, v in sent.items() if k not in NOT_STORED})
        return sent

    async def load_seed(self, rows: list[dict[str, Any]]) -> int:
        """Fictional demo inquiries (seeds/demand.jsonl, `type` inquiry) to seeded profiles that
        exist, stored once each by their `seed` id (re-running changes nothing); nothing is
        mailed. Returns how many were added."""
        added = 0
        for row in rows:
            if row.get("type") != "inquiry":
                continue
            profile = await self.db[MODEL_BY_KIND[row["kind"]].Settings.name].find_one(
                {"slug": row["slug"]}, {"name": 1})
            if profile is None:
                continue
            given = row.get("origin") or {}
            origin, errors = regions.check(given.get("country", ""), given.get("province", ""),
                                           given.get("city", ""))
            if errors:
                raise InvalidInput(errors, title=f"Invalid seed inquiry {row['seed']}")
            number = row["seed"].rsplit("-", 1)[-1]
            doc = {"name": f"Klien contoh {number}", "email": f"klien-{number}@contoh.example",
                   "organization": "", "message": "Pesan contoh (data demo) untuk statistik "
                   "asal permintaan.", "budget": row.get("budget", "unknown"), "currency": "IDR",
                   "timeline": row.get("timeline", "flexible"), "origin": origin,
                   "kind": row["kind"], "slug": row["slug"], "profile_name": profile["name"],
                   "at": datetime.fromisoformat(row["at"].replace("Z", "+00:00")), "read": True,
                   "lang": "id", "seed": row["seed"]}
            result = await self.inquiries.update_one({"seed": row["seed"]},
                                                     {"$setOnInsert": doc}, upsert=True)
            added += result.upserted_id is not None
        return added

    async def recipients(self, inquiry: SentInquiryPrivate) -> list[tuple[str, str]]:
        """Who receives an inquiry, as (email, language): the profile's owners and editors (they
        all read the inbox), each in their own language; an unclaimed profile, its own contact
        email, in the profile's main language."""
        people = await self.people(inquiry["kind"], inquiry["slug"])
        contact = inquiry["profile_contact_email"]
        if not people and contact:
            return [(contact, inquiry["profile_lang"])]
        return people

    async def inbox(self, profiles: list[tuple[str, str]], limit: int = 200
                    ) -> list[InquiryPrivate]:
        if not profiles:
            return []
        query = {"$or": [{"kind": k, "slug": s} for k, s in profiles]}
        cursor = self.inquiries.find(query).sort("at", -1).limit(limit)
        return [cast(InquiryPrivate, doc) async for doc in cursor]

    async def mark_read(self, inquiry_id: str, profiles: list[tuple[str, str]]) -> None:
        if not profiles:
            return
        await self.inquiries.update_one(
            {"_id": ObjectId(inquiry_id), "$or": [{"kind": k, "slug": s} for k, s in profiles]},
            {"$set": {"read": True}})

    async def find(self, inquiry_id: str, profiles: Sequence[tuple[str, str]]
                   ) -> InquiryPrivate | None:
        """One inquiry to one of `profiles` (the firm's inbox acting on it); None otherwise."""
        if not profiles or not ObjectId.is_valid(inquiry_id):
            return None
        doc = await self.inquiries.find_one(
            {"_id": ObjectId(inquiry_id), "$or": [{"kind": k, "slug": s} for k, s in profiles]})
        return cast(InquiryPrivate | None, doc)
