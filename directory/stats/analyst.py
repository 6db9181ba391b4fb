"""What only analysts see besides the public statistics: unmet demand (the searches that found
nothing or little) and inquiries per month by subsector and service. Counts only: no names,
addresses or messages ever leave these queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from directory.db import Database
from directory.profiles.documents import Inquiry, Organization, Talent
from directory.stats.shapes import InquiriesPerMonth, UnmetDemandRow
from directory.taxonomy import SERVICES, SUBSECTORS, Vocabulary
from search.documents import DEMAND

INQUIRY_DIMENSIONS: dict[str, tuple[str, Vocabulary]] = {
    "subsector": ("subsectors", SUBSECTORS),
    "service": ("services", SERVICES),
}


async def unmet_demand(db: Database, days: int = 90, limit: int = 25
                       ) -> list[UnmetDemandRow]:
    """The most frequent zero- and low-result searches (same words and filters) of the period."""
    since = datetime.now(UTC) - timedelta(days=days)
    pipeline: list[dict[str, Any]] = [
        {"$match": {"at": {"$gte": since}}},
        {"$group": {"_id": {"q": "$q", "filters": "$filters", "available": "$available",
                            "verified": "$verified"},
                    "searches": {"$sum": 1},
                    "zero": {"$sum": {"$cond": [{"$eq": ["$total", 0]}, 1, 0]}},
                    "last": {"$max": "$at"}}},
        {"$sort": {"searches": -1, "last": -1}},
        {"$limit": limit},
    ]
    rows: list[UnmetDemandRow] = []
    async for row in await db[DEMAND].aggregate(pipeline):
        key = row["_id"]
        filters = [f"{name}={','.join(values)}"
                   for name, values in (key.get("filters") or {}).items()]
        if key.get("available"):
            filters.append("available=true")
        if key.get("verified"):
            filters.append("verified=true")
        rows.append({"q": key.get("q") or "", "filters": filters, "searches": row["searches"],
                     "zero": row["zero"], "last": row["last"]})
    return rows


async def inquiries_per_month(db: Database, by: str, lang: str = "id", months: int = 12
                              ) -> InquiriesPerMonth:
    """Inquiries received per month, per subsector (or service) of the profile they went to;
    an inquiry to a profile with two subsectors counts once in each."""
    field, vocab = INQUIRY_DIMENSIONS[by]
    now = datetime.now(UTC)
    first = (now.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    counts: dict[tuple[str, str], int] = {}
    for kind, collection in (("organization", Organization.Settings.name),
                             ("talent", Talent.Settings.name)):
        pipeline: list[dict[str, Any]] = [
            {"$match": {"kind": kind, "at": {"$gte": first.replace(hour=0, minute=0, second=0,
                                                                   microsecond=0)}}},
            {"$lookup": {"from": collection, "localField": "slug", "foreignField": "slug",
                         "as": "profile", "pipeline": [{"$project": {field: 1}}]}},
            {"$unwind": "$profile"},
            {"$unwind": f"$profile.{field}"},
            {"$group": {"_id": {"month": {"$dateToString": {"format": "%Y-%m", "date": "$at"}},
                                "value": f"$profile.{field}"}, "n": {"$sum": 1}}},
        ]
        async for row in await db[Inquiry.Settings.name].aggregate(pipeline):
            key = (row["_id"]["month"], row["_id"]["value"])
            counts[key] = counts.get(key, 0) + row["n"]
    values = sorted({v for _, v in counts}, key=lambda v: -sum(
        n for (_, value), n in counts.items() if value == v))
    month_list = sorted({m for m, _ in counts})
    return {
        "by": by,
        "columns": [{"value": v, "label": vocab.label(v, lang)} for v in values],
        "rows": [{"month": m, "counts": [counts.get((m, v), 0) for v in values],
                  "total": sum(counts.get((m, v), 0) for v in values)} for m in month_list],
    }


class AnalystStats:
    """The analysts' figures as the pages reach them (through Services); owns its queries."""

    def __init__(self, db: Any) -> None:
        self.db = db

    async def unmet_demand(self, days: int = 90, limit: int = 25) -> list[UnmetDemandRow]:
        return await unmet_demand(self.db, days, limit)

    async def inquiries_per_month(self, by: str, lang: str = "id", months: int = 12
                                  ) -> InquiriesPerMonth:
        return await inquiries_per_month(self.db, by, lang, months)
