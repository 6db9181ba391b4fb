"""`directory check`: compare MongoDB (the truth) with the search index and report drift."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.client import MeiliClient
from search.index_settings import DOCUMENT_VERSION

PAGE = 10_000


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # published, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not published
    stale: list[str] = field(default_factory=list)  # in both, index holds an older version

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)

    def keys(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for doc_id in [*self.missing, *self.extra, *self.stale]:
            kind, slug = doc_id.split("-", 1)
            out.append((kind, slug))
        return out


async def indexed_versions(client: MeiliClient, uid: str) -> dict[str, int | None]:
    """`{index id: updated_at timestamp}` of every indexed document; None for a document of an
    older shape (it counts as stale whatever its timestamp)."""
    versions: dict[str, int | None] = {}
    offset = 0
    while True:
        body = await client.request("GET", f"/indexes/{uid}/documents", params={
            "fields": "id,updated_at_ts,doc_v", "limit": PAGE, "offset": offset})
        for doc in body["results"]:
            current = doc.get("doc_v") == DOCUMENT_VERSION
            versions[doc["id"]] = doc.get("updated_at_ts") if current else None
        offset += PAGE
        if offset >= body["total"]:
            return versions


def compare(truth: dict[str, int], indexed: dict[str, int | None]) -> Drift:
    drift = Drift()
    for doc_id, version in truth.items():
        if doc_id not in indexed:
            drift.missing.append(doc_id)
        elif indexed[doc_id] != version:
            drift.stale.append(doc_id)
    drift.extra = [doc_id for doc_id in indexed if doc_id not in truth]
    for ids in (drift.missing, drift.extra, drift.stale):
        ids.sort()
    return drift
