"""Stored profiles (Beanie documents). MongoDB is the source of truth; never hand these out."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
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


Profile = Organization | Talent
DOCUMENT_MODELS: list[type[Document]] = [Organization, Talent]
MODEL_BY_KIND: dict[str, type[Organization | Talent]] = {
    "organization": Organization,
    "talent": Talent,
}
