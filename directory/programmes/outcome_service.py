"""Reads what a programme's outcomes need — its confirmed organization participants, the
organizations they are compared with, and both histories — and computes them
(`outcomes.py`). Analysts only (the web layer guards it); the answer holds aggregates that
passed the suppression rules, never one organization's state or figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from directory.programmes.outcomes import compute
from directory.programmes.service import ProgrammeService
from directory.stats.histories import Histories
from directory.taxonomy import PUBLIC_STATUSES

FIELDS = {"_id": 0, "slug": 1, "subsectors": 1, "founded_year": 1}


class ProgrammeOutcomes:
    def __init__(self, programmes: ProgrammeService, histories: Histories) -> None:
        self.programmes = programmes
        self.histories = histories

    async def of(self, slug: str, today: Any = None) -> dict[str, Any]:
        """The programme's outcomes per horizon (NotFound for an unknown programme)."""
        doc = await self.programmes.stored(slug)
        taken = {p["slug"] async for p in self.programmes.participations.find(
            {"programme": slug, "kind": "organization", "status": "confirmed"}, {"slug": 1})}
        organizations = self.programmes.profiles.collection("organization")
        everyone = [o async for o in organizations.find(
            {"status": {"$in": list(PUBLIC_STATUSES)}}, FIELDS)]
        participants = [o for o in everyone if o["slug"] in taken]
        others = [o for o in everyone if o["slug"] not in taken]
        slugs = [o["slug"] for o in everyone]
        result = compute(doc, participants, others,
                         await self.histories.state_records(slugs),
                         await self.histories.figure_records(slugs),
                         today or datetime.now(UTC).date())
        result["title"] = doc["title"]
        result["subsectors"] = list(doc.get("subsectors") or [])
        return result
