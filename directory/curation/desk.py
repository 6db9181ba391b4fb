"""The curators' desk: every queue (verification, reports, claims, duplicates) as one compact,
searchable, sortable, paginated list of rows, and the overview of pending work (how many per
queue, how old the oldest item is) on a curator's start page.

`arrange` is pure (a unit test needs no server); `CuratorDesk` reads the queues through their
owners' services and never writes: decisions, single or in bulk, go to those services one item
at a time, so each is audited exactly as if it had been taken alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeAlias

from directory.accounts.service import now

if TYPE_CHECKING:
    from directory.curation.claims import ClaimService
    from directory.curation.duplicates import Duplicates, Pair
    from directory.curation.moderation import Moderation
    from directory.curation.shapes import ClaimPrivate, ReportPrivate
    from directory.curation.verification import Verification, VerificationItemPrivate

    # What a row shows besides its name (all staff-only: addresses, notes, NIB checks).
    DeskItem: TypeAlias = VerificationItemPrivate | ReportPrivate | ClaimPrivate | Pair

PER_PAGE = 20
SORTS = ("age", "name", "reason")
QUEUES = ("verification", "reports", "claims", "duplicates")


def _aware(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class Row:
    """One item of a queue as a list shows it: `key` addresses the item (its own page and the
    bulk checkboxes), `since` is when it started waiting, `reason` why it is in the queue."""
    key: str
    name: str
    since: datetime | None
    reason: str = ""
    search: str = ""  # further text a search matches (slug, e-mail, message)
    item: DeskItem | None = None  # what the template shows besides (checks, pair, report)

    def age_days(self, at: datetime) -> int | None:
        since = _aware(self.since)
        return None if since is None else max(0, (at - since).days)


@dataclass
class DeskPage:
    rows: list[Row]
    total: int  # after the search
    page: int
    pages: int
    q: str
    sort: str
    desc: bool
    at: datetime = field(default_factory=now)

    def age(self, row: Row) -> int | None:
        return row.age_days(self.at)


def arrange(rows: list[Row], q: str = "", sort: str = "age", desc: bool = False, page: int = 1,
            per_page: int = PER_PAGE, at: datetime | None = None) -> DeskPage:
    """Search (every word, case-insensitive, in name, reason or the further text), sort (age:
    oldest first unless `desc`; name; reason) and cut one page (clamped to the last)."""
    words = q.casefold().split()
    found = [r for r in rows
             if all(w in f"{r.name} {r.reason} {r.search}".casefold() for w in words)]
    sort = sort if sort in SORTS else "age"
    oldest = datetime.max.replace(tzinfo=UTC)
    keys = {"age": lambda r: (_aware(r.since) or oldest, r.name.casefold()),
            "name": lambda r: (r.name.casefold(), r.key),
            "reason": lambda r: (r.reason.casefold(), r.name.casefold())}
    found.sort(key=keys[sort], reverse=desc)
    pages = max(1, -(-len(found) // per_page))
    page = min(max(page, 1), pages)
    return DeskPage(found[(page - 1) * per_page:page * per_page], len(found), page, pages,
                    q.strip(), sort, desc, at or now())


@dataclass(frozen=True)
class QueueSummary:
    queue: str
    count: int
    oldest: datetime | None

    def oldest_days(self, at: datetime) -> int | None:
        return Row("", "", self.oldest).age_days(at)


class CuratorDesk:
    def __init__(self, verification: Verification, moderation: Moderation,
                 claims: ClaimService, duplicates: Duplicates) -> None:
        self.verification = verification
        self.moderation = moderation
        self.claims = claims
        self.duplicates = duplicates

    async def rows(self, queue: str, kind: str = "organization") -> list[Row]:
        if queue == "verification":
            return await self.verification.rows()
        if queue == "reports":
            from directory.curation.moderation import reason_labels
            labels = reason_labels()
            return [Row(r["id"], r["profile_name"], r["at"], labels.get(r["reason"], ""),
                        f"{r['slug']} {r['message']}", r)
                    for r in await self.moderation.queue()]
        if queue == "claims":
            return [Row(str(c["_id"]), c["name"], c["at"], c.get("note", ""),
                        f"{c['slug']} {c['email']}", c) for c in await self.claims.queue()]
        from directory.curation.duplicates import reason_labels as pair_labels
        labels = pair_labels()
        return [Row(f"{p.a['slug']}|{p.b['slug']}", f"{p.a['name']} · {p.b['name']}",
                    max((s for s in (_aware(p.a.get("created_at")),
                                     _aware(p.b.get("created_at"))) if s), default=None),
                    ", ".join(labels[r] for r in p.reasons),
                    f"{p.a['slug']} {p.b['slug']}", p)
                for p in await self.duplicates.candidates(kind)]

    async def overview(self) -> list[QueueSummary]:
        """Pending work per queue: how many, and since when the oldest waits."""
        out = []
        for queue in QUEUES:
            rows = [] if queue != "duplicates" else await self.rows(queue, "talent")
            rows += await self.rows(queue)
            dates = [s for r in rows if (s := _aware(r.since))]
            out.append(QueueSummary(queue, len(rows), min(dates, default=None)))
        return out
