"""The history programme outcomes need, written at the moment of change.

- **Profile states** (`profile_history`): every organization write — through the editor (forms,
  API, curators) or an import — whose team-size band, markets, export countries or status differ
  from before appends (slug, at, team_size_band, markets, export_countries, status) in the
  write's own transaction. A write that changes none of them appends nothing.
- **Figure reports** (`confidential_figures_history`): every report of confidential figures
  appends (slug, reported_at, employees, revenue_band, export_share_pct) in the transaction that
  replaces the latest value (`confidential_figures`). As confidential as the figures.

Nothing is back-dated: an organization that existed before its first recorded change has no
state before that record (outcomes then find no baseline for it). Only `programmes/outcomes.py`
reads these histories, for analysts' aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from directory.db import Database, Session
from directory.profiles.documents import Organization
from directory.stats.documents import FIGURE_HISTORY, PROFILE_HISTORY
from directory.stats.shapes import FigureRecordPrivate, OrganizationState, StateRecord
from directory.taxonomy import team_size_band

if TYPE_CHECKING:
    from directory.profiles.editing import ProfileEditor, ProfileWrite

FIGURE_FIELDS = ("employees", "revenue_band", "export_share_pct")


def state_of(profile: dict[str, Any]) -> OrganizationState:
    """What outcomes follow of a stored organization."""
    return {"team_size_band": team_size_band(profile.get("team_size")),
            "markets": sorted(profile.get("markets") or []),
            "export_countries": sorted(profile.get("export_countries") or []),
            "status": profile.get("status", "published")}


def changed_state(old: dict[str, Any] | None, new: dict[str, Any]
                  ) -> OrganizationState | None:
    """The new state when a write changed it (or created the organization), else None."""
    state = state_of(new)
    return state if old is None or state_of(old) != state else None


class Histories:
    """Writes both histories (hooks of the profile writers, and `figures_reported` called by
    `ConfidentialFigures` inside its transaction) and reads them back for outcomes."""

    def __init__(self, db: Database, editor: ProfileEditor | None = None) -> None:
        self.states = db[PROFILE_HISTORY]
        self.reports = db[FIGURE_HISTORY]
        if editor is not None:
            editor.hooks.append(self._on_edit)
            editor.profiles.write_hooks.append(self._on_import)

    async def _on_edit(self, change: ProfileWrite, session: Any) -> None:
        if change.kind == "organization" and change.stored is not None:
            await self._append([(change.previous, change.stored)], session)

    async def _on_import(self, kind: str,
                         writes: list[tuple[dict[str, Any] | None, dict[str, Any]]],
                         session: Session) -> None:
        if kind == "organization":
            await self._append(writes, session)

    async def _append(self, writes: Iterable[tuple[dict[str, Any] | None, dict[str, Any]]],
                      session: Any) -> None:
        at = datetime.now(UTC)
        docs = [{"slug": new["slug"], "at": at, **state} for old, new in writes
                if (state := changed_state(old, new)) is not None]
        if docs:
            await self.states.insert_many(docs, session=session)

    async def figures_reported(self, doc: Mapping[str, Any], session: Any) -> None:
        """One report (the document just stored as the latest value), in its transaction."""
        await self.reports.insert_one(
            {"slug": doc["slug"], "reported_at": doc["reported_at"],
             **{k: doc.get(k) for k in FIGURE_FIELDS}}, session=session)

    async def load_seed(self, rows: list[dict[str, Any]]) -> int:
        """The seed data's dated states (seeds/history.jsonl), for organizations that exist;
        re-running adds nothing (one record per organization and moment)."""
        known = {d["slug"] async for d in self.states.database[Organization.Settings.name].find(
            {"slug": {"$in": [r["slug"] for r in rows]}}, {"slug": 1})}
        added = 0
        for row in rows:
            if row["slug"] not in known:
                continue
            at = datetime.fromisoformat(row["at"])
            state = {k: row.get(k) for k in ("team_size_band", "markets", "export_countries",
                                             "status")}
            result = await self.states.update_one({"slug": row["slug"], "at": at},
                                                  {"$setOnInsert": state}, upsert=True)
            added += result.upserted_id is not None
        return added

    # --- reading (outcomes only) -----------------------------------------------------------

    async def state_records(self, slugs: list[str]) -> dict[str, list[StateRecord]]:
        """Each organization's states, oldest first."""
        records = await _by_slug(self.states, slugs, "at")
        return cast(dict[str, list[StateRecord]], records)  # as `_append` stores them

    async def figure_records(self, slugs: list[str]) -> dict[str, list[FigureRecordPrivate]]:
        """Each organization's figure reports, oldest first (confidential: aggregates only)."""
        records = await _by_slug(self.reports, slugs, "reported_at")
        return cast(dict[str, list[FigureRecordPrivate]], records)  # as `figures_reported` does


async def _by_slug(collection: Any, slugs: list[str], moment: str
                   ) -> dict[str, list[dict[str, Any]]]:  # stored records, not yet named
    out: dict[str, list[dict[str, Any]]] = {}
    async for doc in collection.find({"slug": {"$in": slugs}}, {"_id": 0}).sort(
            [("slug", 1), (moment, 1)]):
        out.setdefault(doc["slug"], []).append(doc)
    return out
