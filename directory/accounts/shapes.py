"""Named shapes of what the accounts service returns. Every one is private: user ids, invitee
addresses and token hints are shown only to the account holder or a profile's owners, never on
a public page, in the public API or in the search index.
"""
# No `from __future__ import annotations`: TypedDict must see NotRequired at run time (OpenAPI).
from datetime import datetime
from typing import TypedDict


class TokenDataPrivate(TypedDict, total=False):
    """What a one-time link carries: e-mail verification (`user_id`, and `invite_id` when the
    sign-up came from an invitation), password reset (`user_id`), team invitation (`kind`,
    `slug`, the invitee's `email`, `by`: the inviting user's id)."""

    user_id: str
    invite_id: str
    kind: str
    slug: str
    email: str
    by: str


class PendingTokenPrivate(TokenDataPrivate):
    """An unused, unexpired one-time link (a profile's open invitations), with its id."""

    id: str
    created_at: datetime
    expires_at: datetime


class ApiTokenPrivate(TypedDict):
    """A personal API token as its holder sees it: never the token nor its hash, only the
    last four characters (`hint`)."""

    id: str
    user_id: str
    label: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
