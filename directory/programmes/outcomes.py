"""Outcomes of a programme: pure computation (no I/O; `outcome_service.py` reads the data).

Method (published on the methodology page and on the outcomes page):
- **baseline**: each organization's latest recorded state (team-size band, export countries;
  `stats/histories.py`) and latest confidential figure report at or before the programme's
  start date;
- **follow-up** at 6, 12 and 24 months after the programme's end date (its start date when it
  has none): the latest state and report at or before that date; only horizons already reached;
- per horizon and group: organizations with a state at both points, team-size band moved up /
  same / down, mean change in the number of export countries; organizations with figure reports
  at both points, revenue band up / same / down, mean change in export share (percentage
  points);
- **comparable non-participants**: organizations that did not take part, of the same founding
  cohort as a participant (the founding year's roadmap phase: before 2018, 2018–2019,
  2020–2021, 2022–2023, 2024 on) and sharing a subsector with the programme (with that
  participant when the programme names no subsector); organizations without a founding year
  have no cohort and are compared with no one;
- **suppression** (`stats/confidential.py`, the same rules as every confidential aggregate):
  a group with fewer than MIN_GROUP organizations at both points is withheld ("group"); the
  revenue up/same/down counts follow the small-cell rule with secondary suppression ("cell");
  the mean change in export share passes the (n, k) dominance rule on the sizes of the
  changes ("dominance"); a value that differs from one shown before it — another horizon of
  the same programme ("overlap") or any horizon or group of another programme ("programme",
  naming it in `overlaps`) — by the contributions of 1–4 organizations only is withheld, so
  subtracting two shown values cannot single them out (`overlaps.py`: which of the two gives
  way, chains, what is not covered). A withheld value carries its reason, never a number.
"""

from __future__ import annotations

import calendar
import statistics
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from directory.programmes.outcome_shapes import (
    OutcomeCell,
    OutcomeHorizon,
    OutcomeOrganization,
    OutcomeProgramme,
    OutcomesMeasured,
)
from directory.programmes.overlaps import Published, suppress_overlaps
from directory.stats.confidential import MIN_GROUP, band_counts, dominated
from directory.stats.shapes import FigureRecordPrivate, StateRecord
from directory.taxonomy import REVENUE_BANDS, TEAM_SIZE_BANDS

HORIZONS = (6, 12, 24)
GROUPS = ("participants", "comparables")
MOVES = ("up", "same", "down")
COHORTS = ((None, 2017, "-2017"), (2018, 2019, "2018-2019"), (2020, 2021, "2020-2021"),
           (2022, 2023, "2022-2023"), (2024, None, "2024-"))
METRICS = ("organizations", "team_up", "team_same", "team_down", "markets_change",
           "reporting", "revenue_up", "revenue_same", "revenue_down", "export_share_change")
Cell = OutcomeCell
Record = TypeVar("Record", StateRecord, FigureRecordPrivate)
States = dict[str, list[StateRecord]]
Figures = dict[str, list[FigureRecordPrivate]]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cohort(founded_year: int | None) -> str | None:
    """The founding cohort: the roadmap phase of the founding year."""
    if founded_year is None:
        return None
    return next(code for low, high, code in COHORTS
                if (low is None or founded_year >= low) and (high is None or founded_year <= high))


@lru_cache(maxsize=4096)
def end_of(day: date) -> datetime:
    """The first moment after `day` (UTC): a record "at or before" the day is before it."""
    return datetime.combine(day + timedelta(days=1), time.min, UTC)


def latest(records: Sequence[Record], moment: Callable[[Record], datetime], day: date
           ) -> Record | None:
    """The last of `records` (oldest first) recorded at or before `day`."""
    index = bisect_left(records, end_of(day), key=lambda record: _aware(moment(record)))
    return records[index - 1] if index else None


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _move(codes: Sequence[str], before: str | None, after: str | None) -> str | None:
    if before not in codes or after not in codes:
        return None
    step = codes.index(after) - codes.index(before)
    return "up" if step > 0 else "down" if step < 0 else "same"


def _state_at(record: StateRecord) -> datetime:
    return record["at"]


def _reported_at(record: FigureRecordPrivate) -> datetime:
    return record["reported_at"]


@dataclass(frozen=True)
class Change:
    """One organization between two dates; None where a point is missing."""
    profile: bool  # a recorded state at both points
    team: str | None = None  # up | same | down
    markets: int | None = None  # change in the number of export countries
    reporting: bool = False  # figure reports at both points
    revenue: str | None = None
    share: int | None = None  # change in export share, percentage points


def change(states: Sequence[StateRecord], figures: Sequence[FigureRecordPrivate], start: date,
           follow: date) -> Change:
    s0, s1 = latest(states, _state_at, start), latest(states, _state_at, follow)
    f0, f1 = latest(figures, _reported_at, start), latest(figures, _reported_at, follow)
    out: dict[str, Any] = {"profile": s0 is not None and s1 is not None}
    if s0 is not None and s1 is not None:
        out["team"] = _move(TEAM_SIZE_BANDS.codes, s0.get("team_size_band"),
                            s1.get("team_size_band"))
        out["markets"] = len(s1.get("export_countries") or []) \
            - len(s0.get("export_countries") or [])
    if f0 is not None and f1 is not None:
        out["reporting"] = True
        out["revenue"] = _move(REVENUE_BANDS.codes, f0.get("revenue_band"),
                               f1.get("revenue_band"))
        before, after = f0.get("export_share_pct"), f1.get("export_share_pct")
        if before is not None and after is not None:
            out["share"] = after - before
    return Change(**out)


def _cell(value: Any = None, withheld: str | None = None) -> Cell:
    return {"value": None if withheld else value, "withheld": withheld}


def _counts(moves: list[str], prefix: str, *, confidential: bool) -> dict[str, Cell]:
    if len(moves) < MIN_GROUP:
        return {f"{prefix}_{m}": _cell(withheld="group") for m in MOVES}
    if not confidential:  # team size is public on every profile
        return {f"{prefix}_{m}": _cell(moves.count(m)) for m in MOVES}
    counts = band_counts(moves, MOVES)
    return {f"{prefix}_{m}": _cell(counts[m], None if counts[m] is not None else "cell")
            for m in MOVES}


def summarise(changes: Sequence[Change]) -> dict[str, Cell]:
    """One group at one horizon, after the suppression rules."""
    followed = [c for c in changes if c.profile]
    reporting = [c for c in changes if c.reporting]
    out: dict[str, Cell] = {}
    if len(followed) < MIN_GROUP:
        out.update({k: _cell(withheld="group") for k in (
            "organizations", "team_up", "team_same", "team_down", "markets_change")})
    else:
        out["organizations"] = _cell(len(followed))
        out.update(_counts([c.team for c in followed if c.team], "team", confidential=False))
        out["markets_change"] = _cell(round(statistics.fmean(
            [c.markets or 0 for c in followed]), 2))
    out["reporting"] = _cell(len(reporting)) if len(reporting) >= MIN_GROUP \
        else _cell(withheld="group")
    out.update(_counts([c.revenue for c in reporting if c.revenue], "revenue",
                       confidential=True))
    shares = [c.share for c in reporting if c.share is not None]
    if len(shares) < MIN_GROUP:
        out["export_share_change"] = _cell(withheld="group")
    elif dominated([abs(s) for s in shares]):
        out["export_share_change"] = _cell(withheld="dominance")
    else:
        out["export_share_change"] = _cell(round(statistics.fmean(shares), 1))
    return {k: out[k] for k in METRICS}


def comparables(participants: Sequence[OutcomeOrganization],
                others: Sequence[OutcomeOrganization], subsectors: Sequence[str]
                ) -> list[OutcomeOrganization]:
    """Non-participants of a participant's founding cohort sharing a subsector with the
    programme (or, when it names none, with that participant)."""
    keys = [(cohort(p.get("founded_year")), set(subsectors or p.get("subsectors") or []))
            for p in participants]
    taken = {p["slug"] for p in participants}
    return [o for o in others if o["slug"] not in taken and (c := cohort(o.get("founded_year")))
            and any(c == pc and shared & set(o.get("subsectors") or []) for pc, shared in keys)]


# measure -> the attribute of `Change` behind it (its contributions)
ATTRIBUTES = {"export_share_change": "share", "revenue": "revenue"}


def published(programme: OutcomeProgramme, start: date, follow: date, group: str, months: int,
              cells: dict[str, Cell], changes: dict[str, Change]) -> list[Published]:
    """The confidential measures of one group at one horizon, with their contributions."""
    return [Published(programme["slug"], start, follow, group, months, measure, cells,
                      {slug: getattr(c, attribute) for slug, c in changes.items()
                       if getattr(c, attribute) is not None})
            for measure, attribute in ATTRIBUTES.items()]


def measure(programme: OutcomeProgramme, participants: Sequence[OutcomeOrganization],
            others: Sequence[OutcomeOrganization], states: States, figures: Figures,
            today: date) -> tuple[OutcomesMeasured, list[Published]]:
    """One programme's outcomes before the suppression across cells, and its cells of
    confidential measures. `participants`, `others`: organizations ({slug, subsectors,
    founded_year}); `states`, `figures`: each organization's history, oldest first."""
    start = date.fromisoformat(programme["starts_on"])
    end = date.fromisoformat(programme.get("ends_on") or programme["starts_on"])
    groups = {"participants": list(participants),
              "comparables": comparables(participants, others,
                                         programme.get("subsectors") or [])}
    horizons: list[OutcomeHorizon] = []
    cells: list[Published] = []
    for months in HORIZONS:
        follow = add_months(end, months)
        row: OutcomeHorizon = {"months": months, "date": follow.isoformat(),
                               "reached": follow <= today, "groups": {}}
        if row["reached"]:
            for name, members in groups.items():
                changes = {m["slug"]: change(states.get(m["slug"], []),
                                             figures.get(m["slug"], []), start, follow)
                           for m in members}
                row["groups"][name] = summarise(list(changes.values()))
                cells += published(programme, start, follow, name, months,
                                   row["groups"][name], changes)
        horizons.append(row)
    return {"programme": programme["slug"], "baseline": start.isoformat(),
            "ends_on": end.isoformat(), "min_group": MIN_GROUP,
            "participants": len(groups["participants"]),
            "comparables": len(groups["comparables"]), "horizons": horizons}, cells


def compute(programme: OutcomeProgramme, participants: Sequence[OutcomeOrganization],
            others: Sequence[OutcomeOrganization], states: States, figures: Figures,
            today: date) -> OutcomesMeasured:
    """One programme's outcomes, its horizons checked against each other only (the service
    uses `compute_all`, which checks them against every programme's)."""
    result, cells = measure(programme, participants, others, states, figures, today)
    suppress_overlaps(cells)
    return result


def compute_all(programmes: Sequence[OutcomeProgramme], taken: dict[str, set[str]],
                organizations: Sequence[OutcomeOrganization], states: States,
                figures: Figures, today: date, focus: str | None = None
                ) -> dict[str, OutcomesMeasured]:
    """Every programme's outcomes (slug -> result), with secondary suppression across all of
    them (`overlaps.py`): whichever programme is shown, the same cells are withheld.
    `taken`: each programme's confirmed organization participants. With `focus` (a slug of
    `programmes`), only that programme's result: the others are computed only up to its last
    follow-up reached, since a cell published later cannot change what it shows."""
    cutoff = today
    if focus is not None:
        doc = next(p for p in programmes if p["slug"] == focus)
        end = date.fromisoformat(doc.get("ends_on") or doc["starts_on"])
        cutoff = max((f for m in HORIZONS if (f := add_months(end, m)) <= today),
                     default=date.min)
    results: dict[str, OutcomesMeasured] = {}
    cells: list[Published] = []
    for programme in programmes:
        members = taken.get(programme["slug"], set())
        result, found = measure(programme, [o for o in organizations if o["slug"] in members],
                                [o for o in organizations if o["slug"] not in members],
                                states, figures, today if programme["slug"] == focus
                                else cutoff)
        results[programme["slug"]] = result
        cells.extend(found)
    suppress_overlaps(cells)
    return results if focus is None else {focus: results[focus]}
