"""`directory check`: compare MongoDB (the truth) with each search node and report drift.

Exact: the content of every index document is hashed (search/versions.py) and compared with the
hash of the document MongoDB's current state gives, so a change within the same second, or an
index document of an older shape, is stale too; so is one whose stored `content_hash` does not
match its content.
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from dataclasses import dataclass, field
from typing import Any

from search.client import MeiliClient
from search.versions import content_hash

PAGE = 10_000


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # published, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not published
    stale: list[str] = field(default_factory=list)  # in both, the index holds other content

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)

    def keys(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for doc_id in [*self.missing, *self.extra, *self.stale]:
            kind, slug = doc_id.split("-", 1)
            out.append((kind, slug))
        return out


async def expected_hashes(batches: AsyncIterable[list[dict[str, Any]]]) -> dict[str, str]:
    """`{index id: content hash}` of every public profile's current search document."""
    return {doc["id"]: content_hash(doc) async for batch in batches for doc in batch}


async def indexed_hashes(client: MeiliClient, uid: str) -> dict[str, str | None]:
    """`{index id: content hash}` of every indexed document, hashed from the content the index
    returns (a document whose stored `content_hash` does not match its content is stale: None)."""
    hashes: dict[str, str | None] = {}
    offset = 0
    while True:
        body = await client.request("GET", f"/indexes/{uid}/documents", params={
            "limit": PAGE, "offset": offset})
        for doc in body["results"]:
            digest = content_hash(doc)
            hashes[doc["id"]] = digest if doc.get("content_hash") == digest else None
        offset += PAGE
        if offset >= body["total"]:
            return hashes


def compare(truth: dict[str, str], indexed: dict[str, str | None]) -> Drift:
    drift = Drift()
    for doc_id, digest in truth.items():
        if doc_id not in indexed:
            drift.missing.append(doc_id)
        elif indexed[doc_id] != digest:
            drift.stale.append(doc_id)
    drift.extra = [doc_id for doc_id in indexed if doc_id not in truth]
    for ids in (drift.missing, drift.extra, drift.stale):
        ids.sort()
    return drift
