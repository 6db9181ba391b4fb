"""Secondary suppression across outcome cells: no two shown values may be subtracted to single
out a few organizations (issue 19, item 7). Pure; `outcomes.py` builds the cells.

A shown outcome value of a confidential measure (the mean change in export share; the revenue
band up/same/down counts, taken together) rests on its **contributions**: each organization's
change behind it (slug → value). Subtracting two shown values of the same measure — whatever
programme, group (participants or comparables) or horizon they belong to — cancels every
organization that contributes the same change to both, and leaves the organizations whose
contribution differs or is in one value only. When that set holds 1 to MIN_GROUP − 1
organizations, the difference would be their figure (programme A = programme B + one firm:
A's mean × n_A − B's mean × n_B = that firm's change), so one of the two is withheld:

- **which one**: cells are taken in the order they became public — follow-up date, then the
  programme's start date, then its slug, participants before comparables — and a cell is shown
  only when it differs by at least MIN_GROUP contributions from *every* cell shown before it;
  the later one is withheld. A value once shown therefore stays shown when a later programme or
  horizon arrives (the later one gives way), and no two shown cells of a measure can be
  subtracted to fewer than MIN_GROUP organizations;
- **the reason**: "overlap" when the earlier shown cell is another horizon of the same
  programme, "programme" (with `overlaps`: that programme's slug) when it belongs to another
  programme;
- **chains** A, B, C (B = A + one firm, C = B + one firm): B is withheld for A; C is compared
  with the cells still shown (A), not with B, and withheld as well since it differs from A by
  two. Because every new cell is compared with all shown ones, a chain cannot be walked one step
  at a time.

Not covered (stated on the methodology page): combinations of three or more shown values
(A − B − C + D with B, C, D each differing from A by five or more firms can still isolate one
firm; ruling that out needs an audit of the whole linear system, as statistical offices'
τ-ARGUS does); differences with other outputs (the confidential aggregates by group show levels
at the moment, outcomes show changes between two dates); counts that are public anyway (team-size
bands, export countries, the number of organizations followed or reporting)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from directory.programmes.outcome_shapes import OutcomeCell
from directory.stats.confidential import MIN_GROUP

# measure -> the cells that show it (withheld together: the revenue counts add up to the
# number of reporting organizations, so one of them alone could be recovered)
MEASURES = {"export_share_change": ("export_share_change",),
            "revenue": ("revenue_up", "revenue_same", "revenue_down")}
GROUP_ORDER = {"participants": 0, "comparables": 1}


@dataclass(frozen=True)
class Published:
    """One measure of one group at one reached horizon of one programme."""
    programme: str
    starts_on: date
    follow: date
    group: str
    months: int
    measure: str
    cells: dict[str, OutcomeCell]  # the group's cells at that horizon (changed in place)
    contributions: dict[str, Any]  # slug -> that organization's change in the measure

    def shown(self) -> bool:
        return any(not self.cells[n]["withheld"] for n in MEASURES[self.measure])

    def order(self) -> tuple[date, date, str, int, int]:
        return (self.follow, self.starts_on, self.programme, GROUP_ORDER.get(self.group, 9),
                self.months)


def differing(a: dict[str, Any], b: dict[str, Any], limit: int = MIN_GROUP) -> int:
    """How many organizations' contributions differ between `a` and `b` (present in one only,
    or with another value), counted up to `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    found = 0
    for slug in a.keys() | b.keys():
        if slug not in a or slug not in b or a[slug] != b[slug]:
            found += 1
            if found >= limit:
                break
    return found


def suppress_overlaps(published: Iterable[Published]) -> None:
    """Withhold every cell that could be subtracted from an earlier shown one to single out
    1 to MIN_GROUP − 1 organizations (see the module's docstring)."""
    kept: dict[str, list[Published]] = {}
    for cell in sorted(published, key=Published.order):
        if not cell.shown():
            continue
        earlier = kept.setdefault(cell.measure, [])
        close = next((k for k in earlier
                      if 0 < differing(k.contributions, cell.contributions) < MIN_GROUP), None)
        if close is None:
            earlier.append(cell)
            continue
        same = close.programme == cell.programme
        for name in MEASURES[cell.measure]:
            if not cell.cells[name]["withheld"]:
                cell.cells[name] = {"value": None, "withheld": "overlap"} if same else {
                    "value": None, "withheld": "programme", "overlaps": close.programme}
