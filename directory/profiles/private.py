"""The owner's view of a profile: every field, contact details and NIB included.

Only the endpoints of a profile's owners and editors (and curators) return these shapes; public
pages, the public API and the search index use `directory.profiles.public`, which has no private
field. A private field reaches a response only through a type named `...Private`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, NewType, TypedDict

from pydantic import BaseModel

from directory.profiles.schema import OrganizationFields, TalentFields

# A profile in the interchange format, private fields included (contact, NIB): the JSON object
# the HTML forms read and write, keyed by field name. Its own name, so that mypy keeps it apart
# from what public pages take; typed code reads the `...Private` models below instead.
InterchangePrivate = NewType("InterchangePrivate", dict[str, Any])


class _Private(BaseModel):
    """Methods only: declares no field, so the field order stays the interchange format's."""

    if TYPE_CHECKING:
        kind: str

    def interchange(self) -> InterchangePrivate:
        """The profile in the interchange format, without `kind` (the HTML forms' data)."""
        return InterchangePrivate(self.model_dump(mode="json", exclude={"kind"},
                                                  exclude_none=True))

    def to_api(self) -> dict[str, Any]:  # the write endpoints' JSON: the interchange format
        """The JSON answer of the write endpoints: `kind` first, then the interchange fields."""
        return {"kind": self.kind, **self.interchange()}


class OrganizationPrivate(_Private, OrganizationFields):
    """An organization as its owners see it (contact, NIB, status, timestamps)."""

    created_at: datetime
    updated_at: datetime
    kind: Literal["organization"] = "organization"


class TalentPrivate(_Private, TalentFields):
    """A talent as its owner sees it (contact, status, timestamps)."""

    created_at: datetime
    updated_at: datetime
    kind: Literal["talent"] = "talent"


ProfilePrivate = OrganizationPrivate | TalentPrivate
PRIVATE_BY_KIND: dict[str, type[OrganizationPrivate] | type[TalentPrivate]] = {
    "organization": OrganizationPrivate,
    "talent": TalentPrivate,
}


@dataclass(frozen=True)
class Saved:
    """The result of a write: the names of the fields that changed, and the profile as stored."""

    changed: list[str]
    profile: ProfilePrivate


class MyProfile(TypedDict):
    """A profile the user has a role on (their account page)."""

    kind: str
    slug: str
    role: str  # owner | editor
    name: str
    status: str
    updated_at: datetime | None


class TeamMemberPrivate(TypedDict):
    """Someone with a role on a profile, as its owners see the team (email included)."""

    user_id: str
    email: str
    name: str
    role: str


class PendingLink(TypedDict):
    """An organization that lists the user's talent profile as a member, not yet confirmed."""

    talent: str
    organization: str
    name: str
    title: str


def to_private(stored: dict[str, Any], kind: str) -> ProfilePrivate:
    """From a stored document (MongoDB's `_id` and Beanie's revision are ignored)."""
    return PRIVATE_BY_KIND[kind].model_validate(stored)
