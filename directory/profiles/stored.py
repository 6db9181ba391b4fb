"""The stored form of a profile: the MongoDB document a write puts down, timestamps decided.
Used by every path that writes a profile (the profile service, the editor, a merge)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from directory.profiles.documents import MODEL_BY_KIND
from directory.profiles.schema import OrganizationIn, TalentIn

ProfileInput = OrganizationIn | TalentIn

# What a comparison of content ignores: a rewrite of the same content is no change.
IGNORED_IN_COMPARISON = ("_id", "created_at", "updated_at", "revision_id")


def _now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def content_of(raw: dict[str, Any]) -> dict[str, Any]:  # a MongoDB document's fields
    return {k: v for k, v in raw.items() if k not in IGNORED_IN_COMPARISON}


def stored_form(profile: ProfileInput, existing: dict[str, Any] | None
                ) -> dict[str, Any]:  # the MongoDB document a write stores
    """The document as it will be stored, with timestamps decided (given ones are kept)."""
    model = MODEL_BY_KIND[profile.kind]
    data = profile.model_dump(exclude={"kind", "created_at", "updated_at"}, exclude_none=True)
    now = _now()
    created = profile.created_at or (existing or {}).get("created_at") or now
    doc = model(**data, created_at=created, updated_at=profile.updated_at or now)
    stored = doc.model_dump(exclude={"id", "revision_id"}, exclude_none=True)
    if profile.updated_at is None and existing is not None and (
        content_of(existing) == content_of(stored)
    ):
        stored["updated_at"] = existing["updated_at"]
    return stored
