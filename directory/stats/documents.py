"""Stored statistics data (Beanie documents): monthly snapshots, owners' confidential figures and
the record of quarterly reminders. The stats package owns these collections."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import ConfigDict
from pymongo import ASCENDING, IndexModel

SNAPSHOTS = "stats_snapshots"
FIGURES = "confidential_figures"
REMINDERS = "figure_reminders"
PROFILE_HISTORY = "profile_history"
FIGURE_HISTORY = "confidential_figures_history"


class StatsSnapshot(Document):
    """What the directory held in one month (`_id` "YYYY-MM")."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]
    taken_at: datetime

    class Settings:
        name = SNAPSHOTS


class ConfidentialFigure(Document):
    """An organization's reported employees, revenue band and export share: owners, curators
    and analysts' aggregates only."""
    model_config = ConfigDict(extra="allow")
    slug: str

    class Settings:
        name = FIGURES
        indexes = [IndexModel([("slug", ASCENDING)], name="slug_unique", unique=True)]


class FigureReminder(Document):
    """One reminder sent (`_id` "slug:YYYY-Qn")."""
    model_config = ConfigDict(extra="allow")
    id: str  # type: ignore[assignment]

    class Settings:
        name = REMINDERS


class ProfileState(Document):
    """An organization's team-size band, markets, export countries and status from `at` on,
    appended in the transaction of the profile write that changed them (stats/outcomes).
    Every field is public on the profile; the history is read by analysts' outcomes only."""
    model_config = ConfigDict(extra="allow")
    slug: str
    at: datetime

    class Settings:
        name = PROFILE_HISTORY
        indexes = [IndexModel([("slug", ASCENDING), ("at", ASCENDING)], name="slug_at")]


class FigureReport(Document):
    """One report of confidential figures (employees, revenue band, export share), appended in
    the transaction that replaces the latest value in `confidential_figures`. As confidential
    as the figures: never in pages, the API, exports, the index or logs."""
    model_config = ConfigDict(extra="allow")
    slug: str
    reported_at: datetime

    class Settings:
        name = FIGURE_HISTORY
        indexes = [IndexModel([("slug", ASCENDING), ("reported_at", ASCENDING)],
                              name="slug_reported_at")]


DOCUMENTS: list[type[Document]] = [StatsSnapshot, ConfidentialFigure, FigureReminder,
                                   ProfileState, FigureReport]
