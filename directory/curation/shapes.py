"""Named shapes of what the curation services return. All of them are staff-only (or, for a
hold, shown to the profile's owners too): they carry addresses (a claimant's, a reporter's, a
curator's), notes and evidence, so none may reach a public page, the public API or the search
index. A public page learns of a verification only through `PublicVerification`.

Read from MongoDB and handed to templates as dicts (templates read `x.field`, code `x["field"]`).
"""
# No `from __future__ import annotations`: TypedDict must see NotRequired at run time (OpenAPI).
from datetime import datetime
from typing import NotRequired, TypedDict

from bson import ObjectId


class ClaimPrivate(TypedDict):
    """Someone's claim to manage an existing profile (`claims`), with their address."""

    _id: NotRequired[ObjectId]  # absent only on the object `request` builds before storing
    kind: str
    slug: str
    name: str  # the profile's name when claimed
    user_id: str
    email: str  # the claimant's
    note: str
    at: datetime
    status: str  # pending | approved | rejected
    auto: bool  # approved at once: the claimant's email domain is the website's
    decided_at: NotRequired[datetime]
    decided_by: NotRequired[str]  # the curator's user id


class ReportCreate(TypedDict):
    """A visitor's report of a profile, validated (`moderation.validate_report`)."""

    reason: str  # one of moderation.REASONS
    message: str
    email: str | None  # the reporter's, optional


class ReportPrivate(ReportCreate):
    """A stored report (`reports`) as curators read it, with its id as text."""

    id: str
    kind: str
    slug: str
    profile_name: str
    at: datetime
    status: str  # open | dismissed | hidden
    decided_by: NotRequired[str]  # the curator's email
    decided_at: NotRequired[datetime]
    note: NotRequired[str]


class HoldPrivate(TypedDict):
    """A curator's hide (`moderation_holds`): the reason its owners see, and which curator."""

    kind: str
    slug: str
    reason: str
    by: str  # the curator's email
    at: datetime


class VerificationCreate(TypedDict):
    """A curator's decision, validated (`verification.validate_decision`)."""

    decision: str  # verified | rejected
    note: str
    evidence: str


class VerificationStatePrivate(TypedDict):
    """The latest decision on an organization (`verification_state`, keyed by its slug): who
    decided, the note and the evidence are for staff and the profile's owners only."""

    _id: str  # the organization's slug
    state: str  # verified | rejected | expired | unverified
    at: datetime  # aware (UTC)
    by: str  # the curator's email
    note: NotRequired[str]
    evidence: NotRequired[str]
    expires_at: NotRequired[datetime]  # set on reading a verified state
    lapsing_since: NotRequired[datetime]  # the expiry's lease


class RejectedRow(TypedDict):
    row: int  # the row number in the spreadsheet
    cells: list[str]
    errors: list[str]


class ImportCounts(TypedDict):
    created: int
    updated: int
    unchanged: int
    rejected: int


class SheetImportPrivate(TypedDict):
    """An uploaded spreadsheet (`spreadsheet_imports`): its cells (contact details and NIBs
    among them), which curator uploaded and applied it, and what came of it."""

    _id: ObjectId
    filename: str
    headers: list[str]
    rows: NotRequired[list[tuple[int, list[str]]]]  # (row number, cells); left out of lists
    by: str  # the uploading curator's email
    at: datetime
    status: str  # previewed | applying | applied
    mode: NotRequired[str]  # all | valid
    applied_at: NotRequired[datetime]
    applied_by: NotRequired[str]
    result: NotRequired[ImportCounts]
    rejected: NotRequired[list[RejectedRow]]


class SheetImportSummaryPrivate(SheetImportPrivate):
    """A recent upload as the import page lists it (without its cells), with its id."""

    id: str
