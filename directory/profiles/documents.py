"""Stored profiles (Beanie documents). MongoDB is the source of truth; never hand these out."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel

from directory.profiles.schema import OrganizationFields, TalentFields


class Organization(Document, OrganizationFields):
    created_at: datetime  # required once stored (optional in the interchange format)
    updated_at: datetime

    kind: str = "organization"

    class Settings:
        name = "organizations"
        keep_nulls = False
        indexes = [
            IndexModel([("slug", ASCENDING)], name="slug_unique", unique=True),
            IndexModel([("status", ASCENDING), ("updated_at", DESCENDING)],
                       name="status_updated"),
            IndexModel([("org_type", ASCENDING)], name="org_type"),
        ]


class Talent(Document, TalentFields):
    created_at: datetime  # required once stored (optional in the interchange format)
    updated_at: datetime

    kind: str = "talent"

    class Settings:
        name = "talents"
        keep_nulls = False
        indexes = [
            IndexModel([("slug", ASCENDING)], name="slug_unique", unique=True),
            IndexModel([("status", ASCENDING), ("updated_at", DESCENDING)],
                       name="status_updated"),
        ]


class ProfileAccess(Document):
    """Who may change a profile: one grant per user and profile (`owner` or `editor`)."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str
    user_id: str
    role: str

    class Settings:
        name = "profile_access"
        indexes = [
            IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("user_id", ASCENDING)],
                       name="profile_user_unique", unique=True),
            IndexModel([("user_id", ASCENDING)], name="user"),
        ]


class ProfileImage(Document):
    """Which GridFS file (bucket `images`) fills a profile's logo or portfolio slot."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str
    slot: str

    class Settings:
        name = "profile_images"
        indexes = [IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("slot", ASCENDING)],
                              name="profile_slot_unique", unique=True)]


class Inquiry(Document):
    """A client's message to a profile (its contact details stay private)."""
    model_config = ConfigDict(extra="allow")
    kind: str
    slug: str
    at: datetime

    class Settings:
        name = "inquiries"
        indexes = [IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("at", DESCENDING)],
                              name="profile_at")]


Profile = Organization | Talent
DOCUMENT_MODELS: list[type[Document]] = [Organization, Talent]
class IdempotentAnswer(Document):
    """The first answer to an API create sent with an `Idempotency-Key` (`_id` "user:key"),
    kept 24 hours (directory.profiles.idempotency)."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]
    at: datetime

    class Settings:
        name = "idempotency_keys"
        indexes = [IndexModel([("at", ASCENDING)], name="expiry", expireAfterSeconds=24 * 3600)]


DOCUMENTS: list[type[Document]] = [Organization, Talent, ProfileAccess, ProfileImage, Inquiry,
                                   IdempotentAnswer]
MODEL_BY_KIND: dict[str, type[Organization | Talent]] = {
    "organization": Organization,
    "talent": Talent,
}
