"""Secondary suppression across programmes (issue 19, item 7): two programmes whose groups differ
by one firm cannot be subtracted to give that firm's figures; disjoint programmes are both
shown; chains; the value published first stays shown. Pure parts without a server, then the
same attack on real services through the analyst's page, CSV and JSON."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import httpx
from openpyxl import load_workbook

from directory.context import Services
from directory.programmes.outcomes import compute_all, measure
from directory.programmes.overlaps import differing
from directory.stats.documents import FIGURE_HISTORY, PROFILE_HISTORY
from tests.factories import org
from tests.helpers import load
from tests.web import log_in, make_user

CONFIDENTIAL = ("export_share_change", "revenue_up", "revenue_same", "revenue_down")
TODAY = date(2024, 12, 1)  # the 6-month follow-ups below are reached, the 12-month ones not


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


def _firms(*slugs: str) -> list[dict[str, Any]]:
    return [{"slug": s, "founded_year": 2019, "subsectors": ["aplikasi"]} for s in slugs]


def _reports(changes: dict[str, int], *, base: str = "2023-11-15", follow: str = "2024-06-15"
             ) -> dict[str, list[dict[str, Any]]]:
    """Export share 10 % at `base`, 10 + change at `follow`; revenue up when change ≥ 8."""
    return {slug: [{"reported_at": _at(base), "export_share_pct": 10, "revenue_band": "micro"},
                   {"reported_at": _at(follow), "export_share_pct": 10 + change,
                    "revenue_band": "small" if change >= 8 else "micro"}]
            for slug, change in changes.items()}


def _programme(slug: str, starts_on: str, ends_on: str) -> dict[str, Any]:
    return {"slug": slug, "title": slug, "starts_on": starts_on, "ends_on": ends_on,
            "subsectors": ["aplikasi"]}


# participants firma-1..6 in A, firma-1..7 in B; comparables lain-1..6 (+ firma-7 for A)
CHANGES = {**{f"firma-{n}": 2 * n for n in range(1, 8)},  # 2, 4, …, 14 points
           **{f"lain-{n}": 2 * n - 1 for n in range(1, 7)}}  # 1, 3, …, 11 points
A, B = _programme("a", "2024-01-10", "2024-01-12"), _programme("b", "2024-01-15", "2024-01-20")


def _six(result: dict[str, Any], group: str) -> dict[str, Any]:
    return {k: c["withheld"] or c["value"] for k, c in
            result["horizons"][0]["groups"][group].items()}


def _subtract(bigger: dict[str, Any], n_big: int, smaller: dict[str, Any], n_small: int
              ) -> int | None:
    """The attacker: one mean × its count − the other's (None when either is not shown)."""
    if bigger["value"] is None or smaller["value"] is None:
        return None
    return round(bigger["value"] * n_big - smaller["value"] * n_small)


def test_differing_counts_organizations_whose_contribution_is_not_the_same() -> None:
    assert differing({"x": 1, "y": 2}, {"x": 1, "y": 2}) == 0
    assert differing({"x": 1, "y": 2}, {"x": 1, "y": 3, "z": 0}) == 2
    assert differing({f"s{n}": n for n in range(9)}, {"s0": 0}) == 5  # counted up to 5


def test_one_firm_more_cannot_be_subtracted_the_later_programme_gives_way() -> None:
    taken = {"a": {f"firma-{n}" for n in range(1, 7)}, "b": {f"firma-{n}" for n in range(1, 8)}}
    results = compute_all([B, A], taken, _firms(*CHANGES), {}, _reports(CHANGES), TODAY)
    a, b = results["a"], results["b"]
    assert (a["participants"], b["participants"], a["comparables"], b["comparables"]) == \
        (6, 7, 7, 6)
    # A was published first (its follow-up date is earlier): shown
    assert _six(a, "participants")["export_share_change"] == 7.0  # (2+4+…+12)/6
    assert [_six(a, "participants")[f"revenue_{m}"] for m in ("up", "same", "down")] == \
        [3, 3, 0]
    assert _six(a, "comparables")["export_share_change"] == 7.1  # (1+3+…+11 + 14)/7
    # the attack: B's mean × 7 − A's × 6 gives firma-7's +14 points when each programme is
    # checked on its own; across programmes B's values are withheld
    alone = {p["slug"]: measure(p, _firms(*taken[p["slug"]]),
                                _firms(*(set(CHANGES) - taken[p["slug"]])), {},
                                _reports(CHANGES), TODAY)[0] for p in (A, B)}
    share = {slug: r["horizons"][0]["groups"]["participants"]["export_share_change"]
             for slug, r in alone.items()}
    assert _subtract(share["b"], 7, share["a"], 6) == CHANGES["firma-7"] == 14
    share = {slug: r["horizons"][0]["groups"]["participants"]["export_share_change"]
             for slug, r in results.items()}
    assert _subtract(share["b"], 7, share["a"], 6) is None
    overlaps = {"value": None, "withheld": "programme", "overlaps": "a"}
    cells = b["horizons"][0]["groups"]["participants"]
    for name in ("export_share_change", "revenue_up", "revenue_same", "revenue_down"):
        assert cells[name] == overlaps, name
    # B's comparables are A's but firma-7: withheld too (two "up" moves: a small cell already)
    cells = b["horizons"][0]["groups"]["comparables"]
    assert [cells[n]["withheld"] for n in ("revenue_up", "revenue_same")] == ["cell", "cell"]
    assert cells["revenue_down"] == cells["export_share_change"] == overlaps
    # the count of reporting firms is no confidential figure: it stays
    assert _six(b, "participants")["reporting"] == 7
    # the order the programmes are given in changes nothing; nor does asking for one only
    again = compute_all([A, B], taken, _firms(*CHANGES), {}, _reports(CHANGES), TODAY)
    assert again == results
    for slug in ("a", "b"):
        assert compute_all([A, B], taken, _firms(*CHANGES), {}, _reports(CHANGES), TODAY,
                           focus=slug) == {slug: results[slug]}


def test_disjoint_programmes_are_both_shown() -> None:
    changes = {**{f"satu-{n}": n for n in range(1, 7)}, **{f"dua-{n}": n + 1 for n in range(1, 7)}}
    taken = {"a": {f"satu-{n}" for n in range(1, 7)}, "b": {f"dua-{n}" for n in range(1, 7)}}
    results = compute_all([A, B], taken, _firms(*changes), {}, _reports(changes), TODAY)
    assert _six(results["a"], "participants")["export_share_change"] == 3.5
    assert _six(results["b"], "participants")["export_share_change"] == 4.5
    assert _six(results["a"], "comparables")["export_share_change"] == 4.5  # B's firms
    assert _six(results["b"], "comparables")["export_share_change"] == 3.5
    assert not [g[n] for r in results.values() for g in r["horizons"][0]["groups"].values()
                for n in CONFIDENTIAL if g[n]["withheld"]]


def test_a_chain_cannot_be_walked_step_by_step() -> None:
    """A = six firms, B = A + firma-7, C = B + firma-8, D = A + firma-7…11: B and C are
    withheld for A (C is two firms from A); D, five firms from A, is shown; no two shown
    values differ by 1–4."""
    changes = {f"firma-{n}": 2 * n for n in range(1, 12)}
    later = [_programme("a", "2024-01-10", "2024-01-12"),
             _programme("b", "2024-01-15", "2024-01-20"),
             _programme("c", "2024-01-22", "2024-01-25"),
             _programme("d", "2024-01-26", "2024-01-30")]
    sizes = {"a": 6, "b": 7, "c": 8, "d": 11}
    taken = {slug: {f"firma-{n}" for n in range(1, size + 1)} for slug, size in sizes.items()}
    results = compute_all(later, taken, _firms(*changes), {}, _reports(changes), TODAY)
    shares = {slug: results[slug]["horizons"][0]["groups"]["participants"]["export_share_change"]
              for slug in sizes}
    assert shares == {"a": {"value": 7.0, "withheld": None},
                      "b": {"value": None, "withheld": "programme", "overlaps": "a"},
                      "c": {"value": None, "withheld": "programme", "overlaps": "a"},
                      "d": {"value": 12.0, "withheld": None}}


def test_the_value_published_first_stays_shown() -> None:
    """An early programme's 24-month value arrives after a later programme's 6-month one that
    differs from it by one firm: the early programme's value gives way, the one already
    public stays."""
    early = _programme("awal", "2023-06-01", "2023-06-01")  # 24 months: 2025-06-01
    late = _programme("akhir", "2024-06-01", "2024-06-01")  # 6 months: 2024-12-01
    changes = {f"firma-{n}": 2 * n for n in range(1, 8)}
    taken = {"awal": {f"firma-{n}" for n in range(1, 7)}, "akhir": set(changes)}
    figures = _reports(changes, base="2023-05-01", follow="2024-09-01")
    results = compute_all([early, late], taken, _firms(*changes), {}, figures, date(2025, 6, 2))
    # asking for the early programme alone (the later one then computed up to 2025-06-01)
    assert compute_all([early, late], taken, _firms(*changes), {}, figures, date(2025, 6, 2),
                       focus="awal") == {"awal": results["awal"]}
    shown = results["akhir"]["horizons"][0]["groups"]["participants"]["export_share_change"]
    assert shown == {"value": 8.0, "withheld": None}
    two_years = results["awal"]["horizons"][2]["groups"]["participants"]["export_share_change"]
    assert two_years == {"value": None, "withheld": "programme", "overlaps": "akhir"}
    # its 6- and 12-month values (no change yet: every firm 0) are far from both: shown
    assert results["awal"]["horizons"][0]["groups"]["participants"]["export_share_change"] == \
        {"value": 0.0, "withheld": None}


# --- real services: the attack through what an analyst downloads -----------------------------


async def _two_programmes(services: Services, b_participants: list[str],
                          firms: tuple[str, ...] = tuple(CHANGES)) -> tuple[str, str]:
    """`firms` (of firma-1..7, lain-1..6) with dated figure reports; programme A (participants
    firma-1..6) and programme B (given participants), both in January 2024."""
    await load(services, *[org(slug=s, subsectors=["aplikasi"], founded_year=2019)
                           for s in firms])
    db = services.profiles.db
    await db[PROFILE_HISTORY].delete_many({})
    await db[FIGURE_HISTORY].insert_many([
        {"slug": slug, "employees": 10, **{k: r[k] for k in ("reported_at", "export_share_pct",
                                                             "revenue_band")}}
        for slug, rows in _reports({f: CHANGES[f] for f in firms}).items() for r in rows])
    curator = await make_user(services, "kurator@kota.example", role="curator")
    slugs = []
    for title, (starts, ends), members in (
            ("Inkubasi Aplikasi Januari", ("2024-01-10", "2024-01-12"),
             [f"firma-{n}" for n in range(1, 7)]),
            ("Lokakarya Aplikasi Januari", ("2024-01-15", "2024-01-20"), b_participants)):
        slug = await services.programmes.create(curator, {
            "title": [title], "kind": ["workshop"], "organizer_slug": [""],
            "organizer_name": ["Bappeda Kota Malang"], "starts_on": [starts], "ends_on": [ends],
            "deadline": [""], "subsectors": ["aplikasi"],
            "description": ["Program untuk studio aplikasi di Kota Malang."],
            "description_en": [""]})
        for member in members:
            await services.participations.record(curator, slug, "organization", member)
        slugs.append(slug)
    return slugs[0], slugs[1]


async def test_subtracting_two_programmes_one_firm_apart_fails(services: Services,
                                                               client: httpx.AsyncClient) -> None:
    a, b = await _two_programmes(services, [f"firma-{n}" for n in range(1, 8)])
    first = await services.outcomes.of(a, today=TODAY)
    second = await services.outcomes.of(b, today=TODAY)
    shown_a = first["horizons"][0]["groups"]["participants"]["export_share_change"]
    shown_b = second["horizons"][0]["groups"]["participants"]["export_share_change"]
    assert _subtract(shown_b, 7, shown_a, 6) is None
    assert shown_a == {"value": 7.0, "withheld": None}
    assert shown_b == {"value": None, "withheld": "programme", "overlaps": a}
    assert second["overlapping"] == {a: "Inkubasi Aplikasi Januari"}
    # the analyst's downloads carry the same: nothing to subtract, the reason named
    await make_user(services, "analis@kota.example", role="analyst")
    await log_in(client, "analis@kota.example")
    response = await client.get(f"/analis/program/{b}/hasil.csv?lang=en")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    six = {r["group"]: r for r in rows if r["months"] == "6"}
    assert six["participants"]["export_share_change"] == f"withheld (programme: {a})"
    assert six["comparables"]["revenue_down"] == f"withheld (programme: {a})"
    assert six["participants"]["reporting"] == "7"
    book = load_workbook(io.BytesIO((await client.get(f"/analis/program/{b}/hasil.xlsx")).content))
    values = {c.value for row in book["outcomes"].iter_rows() for c in row}
    assert f"withheld (programme: {a})" in values
    assert "withheld (programme)" in {c.value for row in book["about"].iter_rows() for c in row}
    body = (await client.get(f"/analis/program/{b}/hasil.json")).json()
    assert body["horizons"][0]["groups"]["participants"]["export_share_change"] == shown_b
    page = await client.get(f"/analis/program/{b}/hasil")
    assert "tumpang-tindih dengan program lain" in page.text
    assert f'href="/analis/program/{a}/hasil">Inkubasi Aplikasi Januari</a>' in page.text
    english = await client.get(f"/analis/program/{b}/hasil?lang=en")
    assert "overlaps another programme" in english.text
    method = await client.get("/metodologi?lang=en")
    assert 'id="antarprogram"' in method.text
    assert "Secondary suppression across programmes" in method.text
    assert "A − B − C + D" in method.text


async def test_two_disjoint_programmes_are_both_shown(services: Services) -> None:
    """A: firma-1..6, B: lain-1..6 (each the other's comparables: the same contributions,
    the same values, nothing to learn from a difference of zero)."""
    firms = tuple(f"firma-{n}" for n in range(1, 7)) + tuple(f"lain-{n}" for n in range(1, 7))
    a, b = await _two_programmes(services, [f"lain-{n}" for n in range(1, 7)], firms)
    first = await services.outcomes.of(a, today=TODAY)
    second = await services.outcomes.of(b, today=TODAY)
    assert first["horizons"][0]["groups"]["participants"]["export_share_change"] == \
        {"value": 7.0, "withheld": None}
    assert second["horizons"][0]["groups"]["participants"]["export_share_change"] == \
        {"value": 6.0, "withheld": None}  # (1+3+…+11)/6
    assert first["horizons"][0]["groups"]["comparables"]["export_share_change"] == \
        {"value": 6.0, "withheld": None}
    assert second["overlapping"] == {}
    assert not [g[n] for r in (first, second) for g in r["horizons"][0]["groups"].values()
                for n in CONFIDENTIAL if g[n]["withheld"] in ("programme", "overlap")]
