"""Scoped Meilisearch keys: the master key only manages keys.

At start-up the app asks Meilisearch (with the configured key) for two keys limited to the
project's indexes (`<prefix>*`): an **admin** key for the sync worker, rebuilds and settings, and a
**search-only** key for every read. Their uids are derived from the prefix, so every process and
every restart gets the same two keys (created once, read back afterwards). When the configured key
may not manage keys — an operator already gave the app a scoped key — it is used as it is.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from search.client import MeiliClient, MeiliError

NAMESPACE = uuid.UUID("0f6d1c3e-5a8b-4a37-9a61-7e2b3c9d4f10")
ADMIN_ACTIONS = ["search", "documents.*", "indexes.*", "settings.*", "tasks.*", "stats.*",
                 "version"]
SEARCH_ACTIONS = ["search"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScopedKeys:
    admin: str
    search: str


def key_uid(role: str, prefix: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{role}:{prefix}*"))


async def _key(client: MeiliClient, role: str, actions: list[str], prefix: str) -> str:
    uid = key_uid(role, prefix)
    try:
        made = await client.request("POST", "/keys", json_body={
            "uid": uid, "name": f"directory {role} ({prefix or 'no prefix'})",
            "description": f"Malang directory: {role} key for the indexes {prefix}*",
            "actions": actions, "indexes": [f"{prefix}*"], "expiresAt": None})
        return str(made["key"])
    except MeiliError as exc:
        if exc.status != 409:  # 409: made by an earlier start or another process
            raise
    return str((await client.request("GET", f"/keys/{uid}"))["key"])


async def scoped_keys(client: MeiliClient, prefix: str) -> ScopedKeys | None:
    """The two keys, or None when the client's key may not manage keys (use it as it is)."""
    try:
        return ScopedKeys(admin=await _key(client, "admin", ADMIN_ACTIONS, prefix),
                          search=await _key(client, "search", SEARCH_ACTIONS, prefix))
    except MeiliError as exc:
        if exc.status in (401, 403):
            log.info("the configured Meilisearch key cannot manage keys; using it as given")
            return None
        raise
