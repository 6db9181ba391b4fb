"""The shapes of a programme's outcomes (`outcomes.py`, `outcome_service.py`): aggregates for
analysts that passed the suppression rules, never one organization's state or figures. The
JSON answer (`/analis/program/{slug}/hasil.json`) is documented in OpenAPI from these
declarations. The programmes and organizations the computation reads are named here too (the
histories' records are `stats.shapes.StateRecord` and `FigureRecordPrivate`).
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at runtime (OpenAPI).
from typing import NotRequired, TypedDict


class OutcomeCell(TypedDict):
    """One metric of one group at one horizon: a number, or withheld with its reason (value
    then null): "group", "cell", "dominance", "overlap", or "programme" with `overlaps`."""

    value: float | None  # a count or a mean (JSON: a number)
    withheld: str | None
    overlaps: NotRequired[str]  # the slug of the programme it could be subtracted from


class OutcomeHorizon(TypedDict):
    months: int  # 6, 12 or 24 after the programme's end
    date: str  # the follow-up date (ISO)
    reached: bool  # groups are empty until then
    groups: dict[str, dict[str, OutcomeCell]]  # participants | comparables → metric → cell


class OutcomesMeasured(TypedDict):
    """One programme's outcomes as computed (`outcomes.measure`)."""

    programme: str  # its slug
    baseline: str  # the start date (ISO)
    ends_on: str
    min_group: int
    participants: int
    comparables: int
    horizons: list[OutcomeHorizon]


class OutcomesAnswer(OutcomesMeasured):
    """`ProgrammeOutcomes.of`: the page, CSV, XLSX and JSON of a programme's outcomes."""

    title: str
    subsectors: list[str]
    overlapping: dict[str, str]  # slug → title of the programmes a withheld value names


class OutcomeProgramme(TypedDict):
    """A programme as the computation reads it."""

    slug: str
    title: NotRequired[str]
    starts_on: str
    ends_on: NotRequired[str | None]
    subsectors: NotRequired[list[str]]


class OutcomeOrganization(TypedDict):
    """A public organization as the computation reads it (cohort and subsectors only)."""

    slug: str
    subsectors: NotRequired[list[str]]
    founded_year: NotRequired[int | None]
