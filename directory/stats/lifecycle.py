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

from directory.profiles.public import SURVIVAL_HORIZONS

HORIZONS = SURVIVAL_HORIZONS


def compute(founded: Mapping[str, int], ceased: Mapping[str, int],
            ceased_dated: Mapping[str, int], ceased_within: Mapping[str, int], total: int,
            current_year: int) -> dict[str, Any]:
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
    rows, born, gone = [], 0, 0
    for year in span:
        born += births.get(year, 0)
        gone += dated.get(year, 0)
        rows.append({"year": year, "births": births.get(year, 0),
                     "deaths": deaths.get(year, 0), "active_end": born - gone})
    cohorts = []
    for year in sorted(births):
        size = births[year]
        row: dict[str, Any] = {"cohort": year, "size": size}
        for k in HORIZONS:
            if year + k >= current_year or not size:
                row[f"survived_{k}y"] = None
                row[f"survival_{k}y"] = None
                continue
            lost = int(ceased_within.get(f"{year}:{k}", 0))
            row[f"survived_{k}y"] = size - lost
            row[f"survival_{k}y"] = round((size - lost) / size, 4)
        cohorts.append(row)
    known = sum(births.values())
    return {"years": rows, "cohorts": cohorts, "horizons": list(HORIZONS),
            "organizations": total, "ceased": sum(deaths.values()),
            "active": total - sum(deaths.values()), "unknown_founded": total - known}
