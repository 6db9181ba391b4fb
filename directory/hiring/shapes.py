"""Named shapes of what the hiring services return (engagements, reviews, saved searches).

`...Private` shapes are stored documents as their parties read them: an engagement carries the
client's email and the digest of their access token, a review its reports and a curator's hide.
They reach templates of the parties (and curators) only. What anyone may see goes through
`ReviewPublic` (hiring/reviews.py); what the API answers either party is `EngagementAnswer`
(no email, no token digest).
"""
# No `from __future__ import annotations`: TypedDict must see NotRequired at run time (OpenAPI).
from datetime import datetime
from typing import Literal, NotRequired, TypedDict

from bson import ObjectId
from pydantic import BaseModel

from directory.profiles.fields import RateRange
from directory.profiles.public import RatingSummary


class EngagementPrivate(TypedDict):
    """A stored engagement (`engagements`): the firm's side and the client's, with the
    client's address and, while the link works, the digest of their access token."""

    _id: ObjectId
    kind: str
    slug: str
    source: str  # inquiry | brief
    source_id: str
    client_email: str
    client_name: str
    client_lang: str
    profile_name: str
    at: datetime
    client_verified: bool
    state: str  # engagements.STATES
    token_hash: NotRequired[str]
    answered_at: NotRequired[datetime]
    taken_on_at: NotRequired[datetime]
    confirmed_at: NotRequired[datetime]
    done_at: NotRequired[datetime]
    reviewed_at: NotRequired[datetime]


STAMPS: tuple[Literal["answered_at", "taken_on_at", "confirmed_at", "done_at",
                      "reviewed_at"], ...] = (
    "answered_at", "taken_on_at", "confirmed_at", "done_at", "reviewed_at")


class EngagementAnswer(TypedDict):
    """An engagement as the API shows either party: never the client's email nor the access
    token's digest. Dates are ISO 8601; a step's `<state>_at` is present once it happened."""

    id: str
    kind: str
    slug: str
    profile_name: str
    source: str
    state: str
    client_name: str
    at: str
    answered_at: NotRequired[str]
    taken_on_at: NotRequired[str]
    confirmed_at: NotRequired[str]
    done_at: NotRequired[str]
    reviewed_at: NotRequired[str]


class ReviewCreate(TypedDict):
    """A client's review, validated (`reviews.validate`): scores 1–5, recommendation 0–10,
    the text, their name and how to show it."""

    quality: int
    schedule: int
    cost: int
    recommend: int
    text: str
    name: str
    display: str  # reviews.DISPLAYS


class ReviewReport(TypedDict):
    reason: str
    at: datetime


class ReviewHidePrivate(TypedDict):
    reason: str
    by: str  # the curator's user id
    at: datetime


class ReviewReplyStored(TypedDict):
    text: str
    at: datetime


class ReviewPrivate(TypedDict):
    """A stored review (`reviews`) as the reviewed firm and curators read it: with the
    engagement it belongs to, its reports and a curator's hide."""

    _id: ObjectId
    engagement_id: str
    kind: str
    slug: str
    status: str  # published | hidden
    at: datetime
    reviewer: str  # the name as the client chose to show it ("" = not named)
    quality: int
    schedule: int
    cost: int
    recommend: int
    text: str
    reports: list[ReviewReport]
    reply: NotRequired[ReviewReplyStored]
    hidden: NotRequired[ReviewHidePrivate]


class SavedSearchPrivate(TypedDict):
    """A user's saved search (`saved_searches`). Private to its user: the feed key lets anyone
    holding it read the feed, and the match sets say what the user was shown."""

    _id: ObjectId
    user_id: str
    name: str
    query: str  # the /cari query string
    created_at: datetime
    alerts: bool
    feed_key: str
    last_sent_at: datetime
    known: NotRequired[list[str]]  # index ids matching at the last alert (not read by `mine`)
    available: NotRequired[list[str]]  # of those, the available ones
    last_checked_at: NotRequired[datetime]
    claimed_until: NotRequired[datetime]  # the weekly check's lease


class SavedSearchLinks(TypedDict):
    """A saved search's addresses (absolute): the search, unsubscribing from its alerts, the
    Atom feed. The last two carry secrets: only its user gets them."""

    search_url: str
    unsubscribe_url: str
    feed_url: str


class SavedSearchAnswer(TypedDict):
    """A saved search as the API answers its user (ISO 8601 dates)."""

    id: str
    name: str
    query: str
    alerts: bool
    created_at: str
    search_url: str
    feed_url: str


class ComparisonRowPublic(BaseModel):
    """One profile in the compare view and the API's comparison: public fields only (codes;
    pages label them). A field its kind does not have is null; `rating` is null until the
    profile has published reviews."""

    kind: str
    slug: str
    name: str
    url: str
    services: list[str] | None
    roles: list[str] | None
    platforms: list[str] | None
    team_size: int | None
    founded_year: int | None
    markets: list[str] | None
    min_budget_idr: int | None
    hourly_rate_idr: RateRange | None
    accepting_projects: bool | None
    availability: str | None
    ceased: bool
    verified: bool
    rating: RatingSummary | None
    languages: list[str]
