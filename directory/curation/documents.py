"""Stored curation data (Beanie documents): claims, reports and holds, verification decisions,
spreadsheet uploads, slug redirects and dismissed duplicate pairs.

The curation package owns these collections; profile code asks its services (e.g.
`verification_state`, `moderation`) instead of writing them.
"""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, IndexModel

CLAIMS = "claims"
REPORTS = "reports"
HOLDS = "moderation_holds"
VERIFICATION_STATE = "verification_state"
IMPORTS = "spreadsheet_imports"
REDIRECTS = "slug_redirects"
DISMISSED = "duplicate_dismissals"
MERGE_UNDO = "merge_undo"


class Claim(Document):
    model_config = ConfigDict(extra="allow")
    status: str
    at: datetime

    class Settings:
        name = CLAIMS
        indexes = [IndexModel([("status", ASCENDING), ("at", ASCENDING)], name="status_at")]


class Report(Document):
    """A visitor's report about a profile, in the curators' queue until decided."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str
    status: str
    at: datetime

    class Settings:
        name = REPORTS
        indexes = [IndexModel([("status", ASCENDING), ("at", ASCENDING)], name="status_at")]


class ModerationHold(Document):
    """A profile hidden by a curator, with the reason its owners read (they cannot override)."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str
    reason: str

    class Settings:
        name = HOLDS
        indexes = [IndexModel([("kind", ASCENDING), ("slug", ASCENDING)],
                              name="profile_unique", unique=True)]


class VerificationState(Document):
    """The latest verification decision of one organization (`_id` = its slug)."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]
    state: str

    class Settings:
        name = VERIFICATION_STATE


class SpreadsheetImport(Document):
    model_config = ConfigDict(extra="allow")

    class Settings:
        name = IMPORTS


class SlugRedirect(Document):
    """A merged-away profile's address, answered with a 301 to the kept one."""
    model_config = ConfigDict(extra="allow")

    class Settings:
        name = REDIRECTS


class DuplicateDismissal(Document):
    """A pair a curator marked 'not a duplicate'."""
    model_config = ConfigDict(extra="allow")

    class Settings:
        name = DISMISSED


class MergeUndo(Document):
    """What a merge changed (every touched document before and after it), kept for the undo
    period; MongoDB removes it at `expires_at` (directory.curation.merge_undo)."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]
    expires_at: datetime

    class Settings:
        name = MERGE_UNDO
        indexes = [IndexModel([("expires_at", ASCENDING)], name="expiry",
                              expireAfterSeconds=0)]


DOCUMENTS: list[type[Document]] = [Claim, Report, ModerationHold, VerificationState,
                                   SpreadsheetImport, SlugRedirect, DuplicateDismissal,
                                   MergeUndo]
