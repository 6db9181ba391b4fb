"""Safe magnitudes: attacks that try to recover one firm's confidential figure from what the
analyst area publishes — and fail (dominance rule, band threshold, secondary suppression)."""

from __future__ import annotations

import itertools
from typing import Any

from directory.context import Services
from directory.stats.confidential import dominated, secondary_suppression, summarise
from tests.factories import org
from tests.helpers import load
from tests.web import grant, make_user

BIG = 1000  # the dominant firm's employees: must never be recoverable


async def report(services: Services, rows: dict[str, tuple[str, int, str, int | None]]
                 ) -> None:
    """slug -> (kecamatan, employees, revenue band, export share %)."""
    await load(services, *[org(slug=slug, kecamatan=k, subsectors=["aplikasi"])
                           for slug, (k, *_rest) in rows.items()])
    for slug, (_k, employees, band, share) in rows.items():
        owner = await grant(services, await make_user(services, f"o@{slug}.example"), slug)
        await services.figures.save(owner, slug, {
            "employees": str(employees), "revenue_band": band,
            "export_share_pct": "" if share is None else str(share)})


def published_numbers(*results: dict[str, Any]) -> list[float]:
    """Every number an analyst sees in these tables."""
    out: list[float] = []
    for result in results:
        for row in result["rows"]:
            for key in ("organizations", "employees_total", "employees_median",
                        "export_share_mean"):
                if row[key] is not None:
                    out.append(row[key])
            out += [n for n in (row["revenue_bands"] or {}).values() if n is not None]
    return out


def test_the_dominance_rule() -> None:
    assert dominated([BIG, 10, 10, 10, 10])  # (1000 + 10) / 1040 = 97%
    assert dominated([50, 40, 5, 3, 2])  # two firms hold 90%
    assert not dominated([30, 25, 20, 15, 10])  # two firms hold 55%
    assert not dominated([0, 0, 0, 0, 0])
    row = summarise([{"employees": n} for n in (BIG, 10, 10, 10, 10)])
    assert row["organizations"] == 5  # the group is shown, its employee total is not
    assert row["employees_total"] is None and row["employees_median"] is None


def test_a_lone_firm_in_a_revenue_band_is_not_singled_out() -> None:
    members = [{"revenue_band": b} for b in ("micro",) * 4 + ("small",) * 3 + ("large",)]
    bands = summarise(members)["revenue_bands"]
    # the lone large firm is withheld, and the smallest other count with it: else 8 − 4 − 3 = 1
    assert bands["large"] is None and bands["small"] is None
    assert bands["micro"] == 4 and bands["medium"] == 0


async def test_the_dominant_firm_cannot_be_recovered(services: Services) -> None:
    # Klojen: one firm of 1000 employees and four of 10; Lowokwaru and Sukun: five each.
    rows: dict[str, tuple[str, int, str, int | None]] = {
        "klo-big": ("klojen", BIG, "large", 95)}
    rows |= {f"klo-{i}": ("klojen", 10, "micro", 2) for i in range(4)}
    rows |= {f"low-{i}": ("lowokwaru", 300 + i, "small", 20 + i) for i in range(5)}
    rows |= {f"suk-{i}": ("sukun", 200 + i, "small", 30 + i) for i in range(5)}
    await report(services, rows)
    everyone = await services.figures.aggregate(None)
    by_district = await services.figures.aggregate("kecamatan")
    by_type = await services.figures.aggregate("org_type")
    by_subsector = await services.figures.aggregate("subsector")
    total = everyone["rows"][0]
    assert total["employees_total"] == sum(n for _k, n, _b, _s in rows.values())  # not dominated
    district = {r["value"]: r for r in by_district["rows"]}
    assert district["klojen"]["organizations"] == 5
    assert district["klojen"]["employees_total"] is None  # dominance
    # secondary: without it, Klojen = total − Lowokwaru − Sukun
    assert district["sukun"]["employees_total"] is None
    assert district["lowokwaru"]["employees_total"] == sum(300 + i for i in range(5))

    # The attack: every sum and difference of published numbers (up to three terms).
    numbers = published_numbers(everyone, by_district, by_type, by_subsector)
    klojen_total = BIG + 40
    assert BIG not in numbers and klojen_total not in numbers
    for a, b in itertools.permutations(numbers, 2):
        assert a - b not in (BIG, klojen_total)
    for a, b, c in itertools.permutations(numbers, 3):
        assert a - b - c not in (BIG, klojen_total)
    # A small firm in Klojen that knows its own 10 and the rest learns nothing either.
    for n in numbers:
        assert n - 40 != BIG
    # The big firm's export share (95 of a 5-firm mean) is withheld too: 95 dominates Klojen.
    assert district["klojen"]["export_share_mean"] is None


def test_a_withheld_total_withholds_a_group() -> None:
    # The total is withheld but every group is shown: the groups would add up to it.
    def row(label: str, total: int | None) -> dict[str, Any]:
        return {"label": label, "organizations": 5, "employees_total": total,
                "employees_median": total, "revenue_bands": None, "export_share_mean": None}

    rows = [row("A", 500), row("B", 60)]
    secondary_suppression(rows, row("all", None))
    assert [r["employees_total"] for r in rows] == [None, 60]


def test_a_single_small_group_takes_the_smallest_shown_one_along() -> None:
    # Groups partition the total: with only A withheld (< 5), A = total − B − C; C goes too.
    def row(label: str, organizations: int | None) -> dict[str, Any]:
        shown = organizations is not None
        return {"label": label, "organizations": organizations,
                "employees_total": 10 * organizations if organizations else None,
                "employees_median": 2.0 if shown else None, "revenue_bands": None,
                "export_share_mean": 5.0 if shown else None}

    rows = [row("A", None), row("B", 7), row("C", 5)]
    secondary_suppression(rows, row("all", 15))
    assert rows[2] == row("C", None)  # every figure of the smallest shown group withheld
    assert rows[1] == row("B", 7)
