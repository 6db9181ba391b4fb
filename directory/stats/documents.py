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


DOCUMENTS: list[type[Document]] = [StatsSnapshot, ConfidentialFigure, FigureReminder]
