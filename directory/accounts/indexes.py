"""Indexes of the account, access, audit and inquiry collections (created at start-up)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING, IndexModel

from directory.db import Database

INDEXES: dict[str, list[IndexModel]] = {
    "users": [IndexModel([("email", ASCENDING)], name="email_unique", unique=True)],
    "sessions": [
        IndexModel([("expires_at", ASCENDING)], name="expiry", expireAfterSeconds=0),
        IndexModel([("user_id", ASCENDING)], name="user"),
    ],
    "api_tokens": [
        IndexModel([("token_hash", ASCENDING)], name="token_unique", unique=True),
        IndexModel([("user_id", ASCENDING)], name="user"),
    ],
    "one_time_tokens": [
        IndexModel([("token_hash", ASCENDING)], name="token_unique", unique=True),
        IndexModel([("expires_at", ASCENDING)], name="expiry", expireAfterSeconds=24 * 3600),
    ],
    "attempts": [
        IndexModel([("key", ASCENDING), ("at", DESCENDING)], name="key_at"),
        IndexModel([("at", ASCENDING)], name="expiry", expireAfterSeconds=24 * 3600),
    ],
    "profile_access": [
        IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("user_id", ASCENDING)],
                   name="profile_user_unique", unique=True),
        IndexModel([("user_id", ASCENDING)], name="user"),
    ],
    "audit_log": [IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("at", DESCENDING)],
                             name="profile_at")],
    "inquiries": [IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("at", DESCENDING)],
                             name="profile_at")],
    "profile_images": [IndexModel([("kind", ASCENDING), ("slug", ASCENDING), ("slot", ASCENDING)],
                                  name="profile_slot_unique", unique=True)],
    "claims": [IndexModel([("status", ASCENDING), ("at", ASCENDING)], name="status_at")],
    "confidential_figures": [IndexModel([("slug", ASCENDING)], name="slug_unique", unique=True)],
    "search_demand": [IndexModel([("at", DESCENDING)], name="at")],
    "reports": [IndexModel([("status", ASCENDING), ("at", ASCENDING)], name="status_at")],
    "moderation_holds": [IndexModel([("kind", ASCENDING), ("slug", ASCENDING)],
                                    name="profile_unique", unique=True)],
}


async def ensure_indexes(db: Database) -> None:
    for name, models in INDEXES.items():
        await db[name].create_indexes(models)
