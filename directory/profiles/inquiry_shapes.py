"""Named shapes of client inquiries (directory.profiles.inquiries). Every stored inquiry is
private: it carries the client's name, address and message, and where they are based
(`origin`, counted for the analysts, never shown). Only the profile's people read it, in their
inbox; nothing of it reaches a public page, the public API or the search index."""
from datetime import datetime
from typing import TypedDict

from bson import ObjectId


class InquiryCreate(TypedDict):
    """An inquiry as validated (`inquiries.validate`): codes for budget, currency, timeline;
    `origin` from directory.stats.regions (country, province, city)."""

    name: str
    email: str
    organization: str
    message: str
    budget: str
    currency: str  # IDR | USD
    timeline: str
    origin: dict[str, str]


class InquiryPrivate(InquiryCreate):
    """A stored inquiry (`inquiries`), as the profile's inbox reads it (a demo inquiry also
    has its `seed` id, which nothing reads back)."""

    _id: ObjectId
    kind: str
    slug: str
    profile_name: str
    at: datetime
    read: bool
    lang: str  # the language the client wrote in (their confirmation's)


class SentInquiryPrivate(InquiryPrivate):
    """An inquiry just stored, with what its mail needs: the profile's own contact address
    (an unclaimed profile receives it there) and its main language. Never stored."""

    profile_contact_email: str | None
    profile_lang: str
