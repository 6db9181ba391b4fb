"""Search versions: how the index knows which state of a profile it holds.

Every profile change raises the profile's counter in `search_versions`, in the transaction that
writes the profile and its outbox entry (`search.sync.record`). Whoever writes a search document
stamps it with the counter it read *before* it read the profile (`sync_v`: the content is never
older than its label) and with a hash of its content (`content_hash`: what `directory check`
compares, exactly — not timestamps rounded to the second). An index write is skipped for any
document whose indexed `sync_v` is higher than the one being written (search/indexer.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from pymongo import UpdateOne

from directory.db import Database, Session
from search.documents import VERSIONS

STAMPS = ("sync_v", "content_hash")


def doc_id(kind: str, slug: str) -> str:
    """The index id of a profile (the search document's `id`)."""
    return f"{kind}-{slug}"


def content_hash(document: dict[str, Any]) -> str:
    """A stable hash of a search document's content (its stamps left out)."""
    content = {k: v for k, v in document.items() if k not in STAMPS}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# A Meilisearch document (search/indexer.py builds it): a plain dict.
def stamp(document: dict[str, Any], version: int) -> dict[str, Any]:  # a Meilisearch document
    return {**document, "sync_v": version, "content_hash": content_hash(document)}


async def bump(db: Database, keys: Sequence[tuple[str, str]],
               session: Session | None = None) -> None:
    """Raise the version of each profile (inside the transaction that changes them)."""
    ids = list(dict.fromkeys(doc_id(kind, slug) for kind, slug in keys))
    if ids:
        await db[VERSIONS].bulk_write(
            [UpdateOne({"_id": i}, {"$inc": {"v": 1}}, upsert=True) for i in ids],
            ordered=False, session=session)


async def current(db: Database, ids: Iterable[str]) -> dict[str, int]:
    """`{id: version}`; a profile never changed since versions exist is at 0."""
    wanted = list(ids)
    found = {d["_id"]: int(d["v"]) async for d in db[VERSIONS].find({"_id": {"$in": wanted}})}
    return {i: found.get(i, 0) for i in wanted}


async def every(db: Database) -> dict[str, int]:
    """Every recorded version (read before a rebuild scans the profiles)."""
    return {d["_id"]: int(d["v"]) async for d in db[VERSIONS].find({})}


async def lift(db: Database, floors: dict[str, int]) -> None:
    """Raise versions to at least these (an index that holds a version MongoDB never reached:
    the counters were reset, e.g. by a restore without a rebuild)."""
    if floors:
        await db[VERSIONS].bulk_write(
            [UpdateOne({"_id": i}, {"$max": {"v": v}}, upsert=True) for i, v in floors.items()],
            ordered=False)
