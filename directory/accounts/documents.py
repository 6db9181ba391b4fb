"""Stored account data (Beanie documents): who may sign in, their sessions, tokens and attempts.

The accounts package owns these collections: only `directory.accounts` writes them. Services use
the PyMongo collection for atomic updates; the documents declare name, shape and indexes once.
"""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, DESCENDING, IndexModel

from directory.accounts.throttles import COLLECTION as ATTEMPTS


class User(Document):
    model_config = ConfigDict(extra="allow")
    email: str
    role: str = "user"

    class Settings:
        name = "users"
        indexes = [IndexModel([("email", ASCENDING)], name="email_unique", unique=True)]


class Session(Document):
    model_config = ConfigDict(extra="allow")
    user_id: str
    expires_at: datetime

    class Settings:
        name = "sessions"
        indexes = [
            IndexModel([("expires_at", ASCENDING)], name="expiry", expireAfterSeconds=0),
            IndexModel([("user_id", ASCENDING)], name="user"),
        ]


class ApiToken(Document):
    model_config = ConfigDict(extra="allow")
    user_id: str
    token_hash: str

    class Settings:
        name = "api_tokens"
        indexes = [
            IndexModel([("token_hash", ASCENDING)], name="token_unique", unique=True),
            IndexModel([("user_id", ASCENDING)], name="user"),
        ]


class OneTimeToken(Document):
    """E-mail verification, password reset and team invitations."""
    model_config = ConfigDict(extra="allow")
    token_hash: str
    expires_at: datetime

    class Settings:
        name = "one_time_tokens"
        indexes = [
            IndexModel([("token_hash", ASCENDING)], name="token_unique", unique=True),
            IndexModel([("expires_at", ASCENDING)], name="expiry", expireAfterSeconds=24 * 3600),
        ]


class Attempt(Document):
    """One log-in, inquiry or report attempt (throttling), forgotten after a day."""
    model_config = ConfigDict(extra="allow")
    key: str
    at: datetime

    class Settings:
        name = ATTEMPTS
        indexes = [
            IndexModel([("key", ASCENDING), ("at", DESCENDING)], name="key_at"),
            IndexModel([("at", ASCENDING)], name="expiry", expireAfterSeconds=24 * 3600),
        ]


DOCUMENTS: list[type[Document]] = [User, Session, ApiToken, OneTimeToken, Attempt]
