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
from typing import Any

HORIZONS = (1, 3, 5)


def compute(founded: Mapping[str, int], ceased: Mapping[str, int],
            founded_ceased: Mapping[str, int], total: int, current_year: int) -> dict[str, Any]:
    """`founded`: organizations per founding year; `ceased`: ceased ones per year of ceasing;
    `founded_ceased`: ceased ones per "founded:ceased" pair; `total`: every organization."""
    births = {int(y): int(n) for y, n in founded.items()}
    deaths = {int(y): int(n) for y, n in ceased.items()}
    pairs: dict[tuple[int, int], int] = {}
    for key, n in founded_ceased.items():
        f, _sep, c = key.partition(":")
        pairs[(int(f), int(c))] = pairs.get((int(f), int(c)), 0) + int(n)
    years = sorted({*births, *deaths})
    span = list(range(years[0], max(years[-1], current_year) + 1)) if years else []

    def active_at_end(year: int) -> int:
        born = sum(n for y, n in births.items() if y <= year)
        gone = sum(n for (f, c), n in pairs.items() if f <= year and c <= year)
        return born - gone

    rows = []
    for year in span:
        rows.append({"year": year, "births": births.get(year, 0), "deaths": deaths.get(year, 0),
                     "active_end": active_at_end(year)})
    cohorts = []
    for year in sorted(births):
        size = births[year]
        row: dict[str, Any] = {"cohort": year, "size": size}
        for k in HORIZONS:
            if year + k >= current_year or not size:
                row[f"survived_{k}y"] = None
                row[f"survival_{k}y"] = None
                continue
            gone = sum(n for (f, c), n in pairs.items() if f == year and c <= year + k)
            row[f"survived_{k}y"] = size - gone
            row[f"survival_{k}y"] = round((size - gone) / size, 4)
        cohorts.append(row)
    known = sum(births.values())
    return {"years": rows, "cohorts": cohorts, "horizons": list(HORIZONS),
            "organizations": total, "ceased": sum(deaths.values()),
            "active": total - sum(deaths.values()), "unknown_founded": total - known}
