"""Firm lifecycle: births and deaths per year, survival of each founding cohort, active firms over
time — for organizations, from the search index's facets (so the filters are the statistics' own).

Definitions (published on the methodology page, `directory/stats/indicators.py`):
- a **birth** in year Y: a public organization (published or ceased) with `founded_year` Y;
- a **death** in year Y: a ceased organization whose `ceased_at` falls in Y;
- **active at the end of Y**: founded in or before Y and not ceased on or before 31 December Y;
- **survival at k years** of the cohort founded in Y: the share of that cohort active at the end of
  Y + k; only for years that have ended (Y + k before the current year), else `null`.
Organizations without a founding year have no cohort: they count as deaths (when ceased) but
not as births, in survival or in the active series; `unknown_founded` says how many there are.
"""

from __future__ import annotations

from collections.abc import Mapping

from directory.profiles.public import SURVIVAL_HORIZONS
from directory.stats.shapes import CohortRow, Lifecycle, LifecycleYear

HORIZONS = SURVIVAL_HORIZONS


def compute(founded: Mapping[str, int], ceased: Mapping[str, int],
            ceased_dated: Mapping[str, int], ceased_within: Mapping[str, int], total: int,
            current_year: int) -> Lifecycle:
    """From the index's facets (profiles/public.py, `_lifecycle_facets`): organizations per
    founding year, ceased ones per year of ceasing (all, and those with a founding year), and
    "Y:k" → organizations founded in Y that ceased within k years; `total`: every one.

    A ceasing date is never before the founding year (the schema checks it), so an organization
    that ceased by the end of Y was founded by then: active(Y) = Σ births ≤ Y − Σ dated deaths
    ≤ Y."""
    births = {int(y): int(n) for y, n in founded.items()}
    deaths = {int(y): int(n) for y, n in ceased.items()}
    dated = {int(y): int(n) for y, n in ceased_dated.items()}
    years = sorted({*births, *deaths})
    span = list(range(years[0], max(years[-1], current_year) + 1)) if years else []
    rows: list[LifecycleYear] = []
    born = gone = 0
    for year in span:
        born += births.get(year, 0)
        gone += dated.get(year, 0)
        rows.append({"year": year, "births": births.get(year, 0),
                     "deaths": deaths.get(year, 0), "active_end": born - gone})
    cohorts: list[CohortRow] = []
    for year in sorted(births):
        size = births[year]
        (s1, r1), (s3, r3), (s5, r5) = (  # CohortRow's horizons
            _kept(size, None if year + k >= current_year
                  else int(ceased_within.get(f"{year}:{k}", 0))) for k in HORIZONS)
        cohorts.append({"cohort": year, "size": size, "survived_1y": s1, "survival_1y": r1,
                        "survived_3y": s3, "survival_3y": r3, "survived_5y": s5,
                        "survival_5y": r5})
    known = sum(births.values())
    return {"years": rows, "cohorts": cohorts, "horizons": list(HORIZONS),
            "organizations": total, "ceased": sum(deaths.values()),
            "active": total - sum(deaths.values()), "unknown_founded": total - known}


def _kept(size: int, lost: int | None) -> tuple[int | None, float | None]:
    """Still operating k years on, and their share (None: the year has not ended yet)."""
    if lost is None or not size:
        return None, None
    return size - lost, round((size - lost) / size, 4)
