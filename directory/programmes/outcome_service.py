"""Reads what programme outcomes need — every programme's confirmed organization
participants, the organizations they are compared with, and both histories — and computes them
(`outcomes.py`; all programmes at once, for the suppression across programmes). Analysts only
(the web layer guards it); the answer holds aggregates that passed the suppression rules, never
one organization's state or figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from directory.programmes.outcome_shapes import (
    OutcomeOrganization,
    OutcomeProgramme,
    OutcomesAnswer,
)
from directory.programmes.outcomes import compute_all
from directory.programmes.service import ProgrammeService
from directory.stats.histories import Histories
from directory.taxonomy import PUBLIC_STATUSES

FIELDS = {"_id": 0, "slug": 1, "subsectors": 1, "founded_year": 1}


class ProgrammeOutcomes:
    def __init__(self, programmes: ProgrammeService, histories: Histories) -> None:
        self.programmes = programmes
        self.histories = histories

    async def of(self, slug: str, today: Any = None) -> OutcomesAnswer:
        """The programme's outcomes per horizon (NotFound for an unknown programme). Every
        programme is computed, so that a value subtractable from another programme's is
        withheld in the same one whichever page is asked for (`overlaps.py`)."""
        doc = await self.programmes.stored(slug)
        programmes = [cast(OutcomeProgramme, p) async for p in self.programmes.programmes.find(
            {}, {"_id": 0, "slug": 1, "title": 1, "starts_on": 1, "ends_on": 1,
                 "subsectors": 1})]  # the fields named
        taken: dict[str, set[str]] = {}
        async for p in self.programmes.participations.find(
                {"kind": "organization", "status": "confirmed"}, {"programme": 1, "slug": 1}):
            taken.setdefault(p["programme"], set()).add(p["slug"])
        organizations = self.programmes.profiles.collection("organization")
        everyone = [cast(OutcomeOrganization, o) async for o in organizations.find(
            {"status": {"$in": list(PUBLIC_STATUSES)}}, FIELDS)]  # the fields named
        slugs = [o["slug"] for o in everyone]
        results = compute_all(programmes, taken, everyone,
                              await self.histories.state_records(slugs),
                              await self.histories.figure_records(slugs),
                              today or datetime.now(UTC).date(), focus=slug)
        result = results[slug]
        titles = {p["slug"]: p.get("title") or p["slug"] for p in programmes}
        named = {cell["overlaps"] for h in result["horizons"] for group in h["groups"].values()
                 for cell in group.values() if "overlaps" in cell}
        return {**result, "title": doc["title"], "subsectors": list(doc.get("subsectors") or []),
                # the programmes a withheld value names (their titles)
                "overlapping": {other: titles.get(other, other) for other in named}}
