"""Monthly snapshots of the ecosystem's aggregates.

`created_at` history only knows the profiles that are still published: one removed or hidden
later vanishes from every past month. A snapshot records what the directory held when it was
taken — profiles per kind and organization type, every breakdown, and the firm lifecycle
(organizations ceased and active, births and deaths of the year so far) — so the growth series
can show, beside the history, the total that was really there then. One document per month
(`_id` "YYYY-MM"); the app takes the current month's as soon as the month starts (any number
of app processes: the first insert wins) and `directory snapshot` retakes it on demand.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from directory import scheduling
from directory.db import Database
from directory.stats.documents import SNAPSHOTS as COLLECTION
from directory.stats.parameters import DIMENSIONS, Scope
from directory.stats.shapes import LifecycleFigures, Snapshot

if TYPE_CHECKING:
    from directory.stats.service import StatsService

CHECK_EVERY_S = 3600.0
LIFECYCLE = ("ceased", "active", "births_year_to_date", "deaths_year_to_date")
# in the snapshot history; empty for months recorded before snapshots carried the lifecycle
LIFECYCLE_COLUMNS = ("organizations_ceased", "organizations_active", "births_year_to_date",
                     "deaths_year_to_date")
log = logging.getLogger(__name__)


def month_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


async def aggregates(stats: StatsService, now: datetime) -> Snapshot:
    breakdowns: dict[str, dict[str, int]] = {}
    total = 0
    for by in DIMENSIONS:
        result = await stats.breakdown(by, Scope())
        breakdowns[by] = {str(r["value"]): r["count"] for r in result["rows"] if r["count"]}
        total = result["total"]  # every published profile, whichever the dimension
    org_types = await stats.breakdown("org_type", Scope(kind="organization"))
    return {
        "_id": month_of(now), "taken_at": now,
        "organizations": {str(r["value"]): r["count"] for r in org_types["rows"] if r["count"]},
        "talents": total - org_types["total"],
        "total": total,
        "breakdowns": breakdowns,
        "lifecycle": await lifecycle_figures(stats, now),
    }


async def lifecycle_figures(stats: StatsService, now: datetime) -> LifecycleFigures:
    """The firm lifecycle as the month started (stats/lifecycle.py, one facet query): public
    organizations that have ceased, those still active, and the births (founding year) and
    deaths (year of `ceased_at`) of the year so far. Months have no founding date to count."""
    result = await stats.lifecycle(Scope(), current_year=now.year)
    year = next((r for r in result["years"] if r["year"] == now.year), None)
    return {"ceased": result["ceased"], "active": result["active"],
            "births_year_to_date": year["births"] if year else 0,
            "deaths_year_to_date": year["deaths"] if year else 0}


async def take(stats: StatsService, now: datetime | None = None, *, replace: bool = True
               ) -> tuple[Snapshot, bool]:
    """Record this month's snapshot. `replace=False` keeps one that exists (the app's task);
    returns the snapshot and whether it was written."""
    now = now or datetime.now(UTC)
    collection = stats.db[COLLECTION]
    if not replace and (existing := await collection.find_one({"_id": month_of(now)})):
        return cast(Snapshot, existing), False  # nothing to compute: every start and hour
    doc = await aggregates(stats, now)
    if replace:
        await collection.replace_one({"_id": doc["_id"]}, dict(doc), upsert=True)
        return doc, True
    result = await collection.update_one({"_id": doc["_id"]}, {"$setOnInsert": dict(doc)},
                                         upsert=True)
    return doc, result.upserted_id is not None


def recorded_total(snapshot: dict[str, Any], scope: Scope) -> int:
    organizations: dict[str, int] = snapshot.get("organizations", {})
    if scope.org_types:
        return sum(organizations.get(t, 0) for t in scope.org_types)
    orgs = sum(organizations.values())
    if scope.kind == "organization":
        return orgs
    if scope.kind == "talent":
        return int(snapshot.get("talents", 0))
    return orgs + int(snapshot.get("talents", 0))


def supports(scope: Scope) -> bool:
    """Snapshots hold totals per kind and organization type only; narrower filters (subsector,
    kecamatan, verified, period) have no recorded totals and show the history alone."""
    return not (scope.subsectors or scope.kecamatan or scope.verified or scope.period)


async def recorded(db: Database, scope: Scope, interval: str) -> dict[str, int]:
    """Recorded totals per period: per month its snapshot; per year the year's last one."""
    if not supports(scope):
        return {}
    out: dict[str, int] = {}
    async for snapshot in db[COLLECTION].find({}, {"breakdowns": 0}).sort("_id", 1):
        period = snapshot["_id"][:4] if interval == "year" else snapshot["_id"]
        out[period] = recorded_total(snapshot, scope)  # later months overwrite: year end
    return out


async def recorded_ceased(db: Database, scope: Scope, interval: str) -> dict[str, int | None]:
    """Organizations ceased per period as its snapshot recorded them (the year's last one for a
    year); only without filters or for all organizations, the scope the figure was taken in."""
    if not supports(scope) or scope.org_types or scope.kind == "talent":
        return {}
    out: dict[str, int | None] = {}
    async for snapshot in db[COLLECTION].find({}, {"breakdowns": 0}).sort("_id", 1):
        period = snapshot["_id"][:4] if interval == "year" else snapshot["_id"]
        out[period] = (snapshot.get("lifecycle") or {}).get("ceased")
    return out if any(n is not None for n in out.values()) else {}


async def table(db: Any) -> tuple[list[str], list[list[Any]]]:
    """Every snapshot as one row (the open-data snapshot history): month, when it was taken,
    published profiles in all, talents, organizations and organizations per type."""
    from directory.taxonomy import ORG_TYPES

    header = ["month", "taken_at", "total", "talents", "organizations",
              *[f"org_type_{code}" for code in ORG_TYPES.codes], *LIFECYCLE_COLUMNS]
    rows = []
    async for snapshot in db[COLLECTION].find({}, {"breakdowns": 0}).sort("_id", 1):
        organizations: dict[str, int] = snapshot.get("organizations", {})
        taken = snapshot["taken_at"]
        taken = taken.replace(tzinfo=UTC) if taken.tzinfo is None else taken
        rows.append([snapshot["_id"], taken.isoformat(), int(snapshot.get("total", 0)),
                     int(snapshot.get("talents", 0)), sum(organizations.values()),
                     *[organizations.get(code, 0) for code in ORG_TYPES.codes],
                     *[(snapshot.get("lifecycle") or {}).get(name) for name in LIFECYCLE]])
    return header, rows


async def run_monthly(stats: StatsService, stop: asyncio.Event,
                      every_s: float = CHECK_EVERY_S) -> None:
    """The app's scheduled task: make sure the current month has its snapshot, then sleep."""
    async def work() -> None:
        doc, written = await take(stats, replace=False)
        if written:
            log.info("recorded the statistics snapshot of %s", doc["_id"])

    await scheduling.every(every_s, stop, work, "statistics snapshot", log)
