"""`Idempotency-Key` on the API's creates (contract additions 2026-12): the same key with the
same body within 24 hours gets the first answer again and never creates a second profile.

A key is claimed before the work (a unique `_id` of user + key), so two concurrent retries
cannot both create; the answer is stored after the work. A key reused with another body is
refused; a failed attempt (an invalid body, a taken slug) releases the key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from directory.db import Database
from directory.errors import Conflict, FieldError, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.documents import IdempotentAnswer

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    location: str | None


def body_hash(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


class IdempotencyKeys:
    def __init__(self, db: Database) -> None:
        self.answers = db[IdempotentAnswer.Settings.name]

    @staticmethod
    def check(key: str) -> str:
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise InvalidInput([FieldError("Idempotency-Key", _(
                "harus 1–%(max)s karakter yang dapat dicetak") % {"max": MAX_KEY_LENGTH})])
        return key

    async def claim(self, user_id: str, key: str, body: Any) -> Answer | None:
        """None: go ahead (the key is now ours). An Answer: the first request's, to repeat."""
        ident, digest = f"{user_id}:{self.check(key)}", body_hash(body)
        try:
            await self.answers.insert_one({"_id": ident, "hash": digest, "state": "working",
                                           "at": datetime.now(UTC)})
            return None
        except DuplicateKeyError:
            first = await self.answers.find_one({"_id": ident})
        if first is None:  # released between our insert and read: try once more
            return await self.claim(user_id, key, body)
        if first["hash"] != digest:
            raise InvalidInput([FieldError("Idempotency-Key", _(
                "sudah dipakai untuk permintaan lain dalam 24 jam terakhir; pakai kunci baru"))],
                status=422)
        if first["state"] != "done":
            raise Conflict(_("Permintaan dengan kunci ini masih diproses; ulangi sebentar lagi."))
        return Answer(first["status"], first["body"], first.get("location"))

    async def remember(self, user_id: str, key: str, answer: Answer) -> None:
        await self.answers.update_one({"_id": f"{user_id}:{key.strip()}"}, {"$set": {
            "state": "done", "status": answer.status, "body": answer.body,
            "location": answer.location}})

    async def release(self, user_id: str, key: str) -> None:
        await self.answers.delete_one({"_id": f"{user_id}:{key.strip()}", "state": "working"})
