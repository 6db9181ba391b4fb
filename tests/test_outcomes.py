"""Programme outcomes on real services: the history written at the moment of change (profile
states, figure reports), the comparison of participants with comparable non-participants on a
known data set with exact figures, suppression (a small group, a small cell, dominance), the
analyst page, CSV, XLSX and JSON, refusal for everyone else, and no confidential value on any
public surface."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from directory.accounts.service import User
from directory.context import Services
from directory.ops.backup import count_all
from directory.programmes.outcomes import add_months, cohort, comparables, compute
from directory.settings import PROJECT_ROOT, Settings
from directory.stats import history as snapshots
from directory.stats.documents import FIGURE_HISTORY, PROFILE_HISTORY
from tests.conftest import run_cli
from tests.factories import org
from tests.helpers import load
from tests.web import grant, log_in, make_user

# --- history written at the moment of change -------------------------------------------------


async def _states(services: Services, slug: str) -> list[dict[str, Any]]:
    return [d async for d in services.profiles.db[PROFILE_HISTORY].find(
        {"slug": slug}, {"_id": 0, "at": 0}).sort("at", 1)]


async def test_profile_saves_append_history_only_when_band_markets_or_status_change(
        services: Services) -> None:
    await load(services, org(slug="studio-a", team_size=3, markets=["national"]))
    owner = await grant(services, await make_user(services, "a@studio.example"), "studio-a")
    first = {"slug": "studio-a", "team_size_band": "2-5", "markets": ["national"],
             "export_countries": [], "status": "published"}
    assert await _states(services, "studio-a") == [first]  # the import wrote the first state
    await services.editor.patch(owner, "organization", "studio-a", {"team_size": 4})
    await services.editor.patch(owner, "organization", "studio-a",
                                {"description": "Kami membuat aplikasi."})
    assert await _states(services, "studio-a") == [first]  # same band, nothing relevant
    await services.editor.patch(owner, "organization", "studio-a", {"team_size": 8})
    await services.editor.patch(owner, "organization", "studio-a",
                                {"export_countries": ["SG", "JP"]})
    await services.editor.set_status(owner, "organization", "studio-a", "draft")
    assert await _states(services, "studio-a") == [
        first, {**first, "team_size_band": "6-10"},
        {**first, "team_size_band": "6-10", "export_countries": ["JP", "SG"]},
        {**first, "team_size_band": "6-10", "export_countries": ["JP", "SG"],
         "status": "draft"}]


async def test_a_figures_report_appends_to_the_history_and_stays_the_latest_value(
        services: Services) -> None:
    await load(services, org(slug="studio-b"))
    owner = await grant(services, await make_user(services, "b@studio.example"), "studio-b")
    await services.figures.save(owner, "studio-b", {"employees": "12", "revenue_band": "micro",
                                                    "export_share_pct": "10"})
    await services.figures.save(owner, "studio-b", {"employees": "15", "revenue_band": "small",
                                                    "export_share_pct": ""})
    history = [d async for d in services.profiles.db[FIGURE_HISTORY].find(
        {"slug": "studio-b"}, {"_id": 0}).sort("reported_at", 1)]
    assert [(h["employees"], h["revenue_band"], h["export_share_pct"]) for h in history] == \
        [(12, "micro", 10), (15, "small", None)]
    latest = await services.figures.get(owner, "studio-b")
    assert latest is not None and latest["employees"] == 15
    assert latest["reported_at"] == history[-1]["reported_at"]
    # an invalid report writes neither the value nor its history
    with pytest.raises(Exception, match="export_share_pct|harus"):
        await services.figures.save(owner, "studio-b", {"export_share_pct": "140"})
    assert await services.profiles.db[FIGURE_HISTORY].count_documents({}) == 2
    # `directory backup` writes every collection it finds: both histories included
    counts = await count_all(services.profiles.db)
    assert counts[FIGURE_HISTORY] == 2 and counts[PROFILE_HISTORY] == 1


# --- pure parts ---------------------------------------------------------------------------------


def test_months_cohorts_and_comparables() -> None:
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 12), 24) == date(2026, 1, 12)
    assert [cohort(y) for y in (None, 2015, 2018, 2021, 2023, 2030)] == \
        [None, "-2017", "2018-2019", "2020-2021", "2022-2023", "2024-"]
    participants = [{"slug": "p", "founded_year": 2019, "subsectors": ["aplikasi"]}]
    others = [{"slug": "same", "founded_year": 2018, "subsectors": ["aplikasi", "dkv"]},
              {"slug": "later", "founded_year": 2020, "subsectors": ["aplikasi"]},
              {"slug": "food", "founded_year": 2019, "subsectors": ["kuliner"]},
              {"slug": "unknown", "subsectors": ["aplikasi"]}]
    assert [o["slug"] for o in comparables(participants, others, [])] == ["same"]
    assert [o["slug"] for o in comparables(participants, others, ["kuliner"])] == ["food"]


# --- a known data set ---------------------------------------------------------------------------

START, END = "2024-01-10", "2024-01-12"  # follow-ups: 2024-07-12, 2025-01-12, 2026-01-12
BASE, AT_6, AT_12 = "2023-12-01", "2024-06-01", "2024-12-01"
PARTICIPANTS = [f"peserta-{n}" for n in range(1, 7)]
COMPARABLES = [f"pembanding-{n}" for n in range(1, 8)]
# participants: team-size bands at the baseline, 6 and 12 months; export countries
TEAM = {"peserta-1": ("2-5", "6-10", "6-10"), "peserta-2": ("2-5", "6-10", "6-10"),
        "peserta-3": ("2-5", "6-10", "6-10"), "peserta-4": ("2-5", "2-5", "6-10"),
        "peserta-5": ("2-5", "2-5", "2-5"), "peserta-6": ("2-5", "1", "1"),
        "pembanding-1": ("2-5", "6-10", "6-10"), "pembanding-2": ("2-5", "2-5", "6-10")}
COUNTRIES = {"peserta-1": ([], ["SG"], ["SG"]), "peserta-2": ([], ["SG", "MY"], ["SG", "MY"]),
             "peserta-3": ([], [], ["JP"])}
# figure reports at the baseline, 6 and 12 months: (employees, revenue band, export share)
REPORTS = {
    "peserta-1": [(4001, "micro", 10), (4011, "small", 30), (4021, "small", 90)],
    "peserta-2": [(4002, "micro", 10), (4012, "small", 20), (4022, "small", 10)],
    "peserta-3": [(4003, "micro", 10), (4013, "small", 15), (4023, "small", 10)],
    "peserta-4": [(4004, "micro", 10), (4014, "micro", 10), (4024, "small", 10)],
    "peserta-5": [(4005, "micro", 10), (4015, "micro", 10), (4025, "micro", 10)],
    "peserta-6": [(4006, "micro", 10), (4016, "micro", 5), (4026, "micro", 10)],
    **{f"pembanding-{n}": [(4100 + n, "micro", 0), (4110 + n, "small", 50)]
       for n in range(1, 5)},  # four comparables report: a group below five
}
FIGURE_DATES = ("2023-11-15", "2024-06-15", "2024-12-15")


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


async def _known_data(services: Services) -> tuple[User, str]:
    rows = [org(slug=s, subsectors=["aplikasi"], founded_year=2019) for s in PARTICIPANTS]
    rows += [org(slug=s, subsectors=["aplikasi", "dkv"], founded_year=2018)
             for s in COMPARABLES]
    rows += [org(slug="lain-kohort", subsectors=["aplikasi"], founded_year=2021),
             org(slug="lain-subsektor", subsectors=["kuliner"], founded_year=2019),
             org(slug="tanpa-tahun", subsectors=["aplikasi"])]
    await load(services, *rows)
    db = services.profiles.db
    await db[PROFILE_HISTORY].delete_many({})  # the import's "now" states: replaced by dated ones
    states = []
    for slug in PARTICIPANTS + COMPARABLES[:6] + ["lain-kohort", "lain-subsektor"]:
        bands = TEAM.get(slug, ("2-5", "2-5", "2-5"))
        countries = COUNTRIES.get(slug, ([], [], []))
        states += [{"slug": slug, "at": _at(day), "team_size_band": band, "markets": [],
                    "export_countries": c, "status": "published"}
                   for day, band, c in zip((BASE, AT_6, AT_12), bands, countries, strict=True)]
    # the seventh comparable's history starts after the programme: no baseline, not followed
    states.append({"slug": "pembanding-7", "at": _at("2024-03-01"), "team_size_band": "2-5",
                   "markets": [], "export_countries": [], "status": "published"})
    await db[PROFILE_HISTORY].insert_many(states)
    await db[FIGURE_HISTORY].insert_many([
        {"slug": slug, "reported_at": _at(day), "employees": e, "revenue_band": band,
         "export_share_pct": share}
        for slug, reports in REPORTS.items()
        for day, (e, band, share) in zip(FIGURE_DATES, reports, strict=False)])
    curator = await make_user(services, "kurator@kota.example", role="curator")
    slug = await services.programmes.create(curator, {
        "title": ["Inkubasi Aplikasi 2024"], "kind": ["incubation"], "organizer_slug": [""],
        "organizer_name": ["Bappeda Kota Malang"], "starts_on": [START], "ends_on": [END],
        "deadline": [""], "subsectors": ["aplikasi"],
        "description": ["Inkubasi tiga hari untuk studio aplikasi di Kota Malang."],
        "description_en": [""]})
    for participant in PARTICIPANTS:
        await services.participations.record(curator, slug, "organization", participant)
    return curator, slug


def _values(group: dict[str, Any]) -> dict[str, Any]:
    return {k: c["withheld"] or c["value"] for k, c in group.items()}


async def test_outcomes_of_participants_beside_comparables_exact(services: Services) -> None:
    _curator, slug = await _known_data(services)
    result = await services.outcomes.of(slug, today=date(2026, 12, 5))
    assert (result["participants"], result["comparables"]) == (6, 7)
    assert [(h["months"], h["date"], h["reached"]) for h in result["horizons"]] == [
        (6, "2024-07-12", True), (12, "2025-01-12", True), (24, "2026-01-12", True)]
    six, twelve, twenty_four = (h["groups"] for h in result["horizons"])
    assert _values(six["participants"]) == {
        "organizations": 6, "team_up": 3, "team_same": 2, "team_down": 1,
        "markets_change": 0.5, "reporting": 6, "revenue_up": 3, "revenue_same": 3,
        "revenue_down": 0, "export_share_change": 5.0}  # (20+10+5+0+0−5)/6
    assert _values(six["comparables"]) == {
        "organizations": 6, "team_up": 1, "team_same": 5, "team_down": 0,
        "markets_change": 0.0, "reporting": "group", "revenue_up": "group",
        "revenue_same": "group", "revenue_down": "group", "export_share_change": "group"}
    # 12 months: two "same" revenue moves are a small cell, withheld with the smallest other;
    # the count left differs from the 6-month counts by peserta-4's move only ("overlap");
    # one firm's +80 points dominates the changes in export share
    assert _values(twelve["participants"]) == {
        "organizations": 6, "team_up": 4, "team_same": 1, "team_down": 1,
        "markets_change": 0.67, "reporting": 6, "revenue_up": "cell", "revenue_same": "cell",
        "revenue_down": "overlap", "export_share_change": "dominance"}
    assert _values(twelve["comparables"])["team_up"] == 2
    assert twenty_four == twelve  # no newer record: the latest state at or before the date
    early = await services.outcomes.of(slug, today=date(2024, 9, 1))
    assert [h["reached"] for h in early["horizons"]] == [True, False, False]
    assert early["horizons"][1]["groups"] == {}


# --- where it shows -----------------------------------------------------------------------------


async def test_analyst_page_csv_xlsx_and_json(services: Services,
                                             client: httpx.AsyncClient) -> None:
    _curator, slug = await _known_data(services)
    await make_user(services, "analis@kota.example", role="analyst")
    await log_in(client, "analis@kota.example")
    page = await client.get(f"/analis/program/{slug}/hasil")
    assert page.status_code == 200, page.text
    assert "Inkubasi Aplikasi 2024" in page.text and "disembunyikan" in page.text
    assert "kohort pendirian" in page.text
    english = await client.get(f"/analis/program/{slug}/hasil?lang=en")
    assert "Comparable non-participants" in english.text and "dominance" in english.text
    listing = await client.get("/analis/program")
    assert f"/analis/program/{slug}/hasil" in listing.text
    assert "/analis/program" in (await client.get("/analis")).text
    programme_page = await client.get(f"/program/{slug}")
    assert f"/analis/program/{slug}/hasil" in programme_page.text
    response = await client.get(f"/analis/program/{slug}/hasil.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    six = {r["group"]: r for r in rows if r["months"] == "6"}
    assert six["participants"]["team_up"] == "3" and six["participants"]["markets_change"] == "0.5"
    assert six["comparables"]["export_share_change"] == "withheld (group)"
    twelve = next(r for r in rows if r["months"] == "12" and r["group"] == "participants")
    assert twelve["export_share_change"] == "withheld (dominance)"
    method = await client.get("/metodologi?lang=en")
    assert 'id="hasil-program"' in method.text and "Programme outcomes" in method.text
    book = await client.get(f"/analis/program/{slug}/hasil.xlsx")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    api = await client.get(f"/analis/program/{slug}/hasil.json")
    assert api.status_code == 200
    body = api.json()
    assert body["horizons"][0]["groups"]["participants"]["team_up"] == \
        {"value": 3, "withheld": None}
    assert body["horizons"][1]["groups"]["participants"]["export_share_change"] == \
        {"value": None, "withheld": "dominance"}
    documented = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]
    assert set(body) == set(documented["OutcomesAnswer"]["properties"])  # exactly its shape
    assert set(body["horizons"][0]) == set(documented["OutcomeHorizon"]["properties"])


async def test_non_analysts_are_refused(services: Services, client: httpx.AsyncClient) -> None:
    curator, slug = await _known_data(services)
    path = f"/analis/program/{slug}/hasil"
    anonymous = await client.get(path, follow_redirects=False)
    assert anonymous.status_code in (302, 303, 401)
    answer = await client.get(f"/analis/program/{slug}/hasil.json", follow_redirects=False)
    assert answer.status_code == 401  # a JSON answer refuses in JSON, as the API does
    assert answer.headers["content-type"].startswith("application/problem+json")
    for email, role in (("warga@kota.example", "user"), (curator.email, "curator")):
        if role == "user":
            await make_user(services, email)
        await log_in(client, email)
        for target in (path, path + ".csv", path + ".xlsx", "/analis/program",
                       f"/analis/program/{slug}/hasil.json"):
            refused = await client.get(target)
            assert refused.status_code == 403, (role, target)
            assert refused.headers["content-type"].startswith(
                "application/problem+json" if target.endswith(".json") else "text/html")
        assert path not in (await client.get(f"/program/{slug}")).text


async def test_no_confidential_value_on_public_surfaces(services: Services,
                                                        client: httpx.AsyncClient) -> None:
    _curator, slug = await _known_data(services)
    employees = {str(e) for reports in REPORTS.values() for e, _b, _s in reports}
    pages = [f"/program/{slug}", "/program", f"/api/v1/programmes/{slug}",
             "/organisasi/peserta-1", "/api/v1/organizations/peserta-1",
             "/api/v1/search?q=peserta", "/data/profiles.jsonl", "/data/profiles.csv",
             "/catalog.jsonld",
             "/sitemaps/organisasi-1.xml", "/ekosistem"]
    for path in pages:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert not [e for e in employees if e in response.text], path
        assert "reported_at" not in response.text and "revenue_band" not in response.text


# --- snapshots carry the lifecycle -------------------------------------------------------------


async def test_monthly_snapshot_records_ceased_active_births_and_deaths(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services,
               org(slug="tutup-2026", founded_year=2020, status="ceased",
                   ceased_at="2026-03-01", ceased_reason="closed"),
               org(slug="baru-2026", founded_year=2026),
               org(slug="lama-2019", founded_year=2019),
               org(slug="draf", founded_year=2026, status="draft"))
    doc, _written = await snapshots.take(services.stats, datetime(2026, 11, 1, 0, 5, tzinfo=UTC))
    assert doc["lifecycle"] == {"ceased": 1, "active": 2, "births_year_to_date": 1,
                                "deaths_year_to_date": 1}
    rows = list(csv.DictReader(io.StringIO(
        (await client.get("/data/snapshots.csv")).content.decode("utf-8-sig"))))
    assert [(r["month"], r["organizations"], r["organizations_ceased"],
             r["organizations_active"], r["births_year_to_date"], r["deaths_year_to_date"])
            for r in rows] == [("2026-11", "2", "1", "2", "1", "1")]
    growth = (await client.get("/api/v1/stats/growth?interval=month")).json()
    row = next(r for r in growth["rows"] if r["value"] == "2026-11")
    assert row["recorded"] == 2 and row["recorded_ceased"] == 1
    talents = (await client.get("/api/v1/stats/growth?interval=month&kind=talent")).json()
    assert all("recorded_ceased" not in r for r in talents["rows"])
    page = await client.get("/ekosistem?lang=en")
    assert "Ceased (recorded)" in page.text


def test_the_outcome_seeds_are_deterministic() -> None:
    """seeds/outcomes.py and seeds/confidential.py write the committed files byte for byte."""
    import subprocess
    import sys

    seeds = PROJECT_ROOT / "seeds"
    files = ("history.jsonl", "programmes.jsonl", "confidential.jsonl")
    before = {name: (seeds / name).read_bytes() for name in files}
    for script in ("outcomes.py", "confidential.py"):
        subprocess.run([sys.executable, str(seeds / script)], check=True, capture_output=True)
    assert {name: (seeds / name).read_bytes() for name in files} == before
    assert b'"history":[' in before["confidential.jsonl"]


async def test_directory_seed_brings_programmes_with_outcomes(services: Services,
                                                              settings: Settings) -> None:
    first = run_cli(settings, "seed")
    assert first.returncode == 0, first.stderr
    assert "programmes: 2 added, 0 already there" in first.stdout
    result = await services.outcomes.of("inkubasi-startup-aplikasi-gim-mcc-2024",
                                        today=date(2026, 12, 5))
    assert (result["participants"], result["comparables"]) == (12, 77)
    six = result["horizons"][0]["groups"]
    assert _values(six["participants"])["organizations"] == 12
    assert _values(six["participants"])["export_share_change"] == 5.7
    assert _values(six["comparables"])["organizations"] == 69
    rows = [json.loads(line) for line in
            (PROJECT_ROOT / "seeds" / "history.jsonl").read_text().splitlines()]
    assert await services.outcomes.histories.load_seed(rows) == 0  # re-running adds nothing


def test_a_later_horizon_differing_by_one_firm_is_withheld() -> None:
    """Subtracting the 6-month mean from the 12-month one would give the one firm that reported
    again in between: the 12-month value is withheld ("overlap"); five firms moving is fine."""
    programme = {"slug": "p", "starts_on": "2024-01-10", "ends_on": "2024-01-12",
                 "subsectors": ["aplikasi"]}
    members = [{"slug": f"f{n}", "founded_year": 2019, "subsectors": ["aplikasi"]}
               for n in range(6)]

    def reports(later: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
        out = {}
        for n in range(6):
            rows = [{"reported_at": _at("2023-12-01"), "export_share_pct": 10,
                     "revenue_band": "micro"},
                    {"reported_at": _at("2024-06-01"), "export_share_pct": 10 + 2 * n,
                     "revenue_band": "micro"}]
            if f"f{n}" in later:
                rows.append({"reported_at": _at("2024-12-01"),
                             "export_share_pct": later[f"f{n}"], "revenue_band": "micro"})
            out[f"f{n}"] = rows
        return out

    one = compute(programme, members, [], {}, reports({"f0": 14}), date(2026, 12, 5))
    six, twelve = (one["horizons"][i]["groups"]["participants"] for i in (0, 1))
    assert six["export_share_change"] == {"value": 5.0, "withheld": None}  # (0+2+…+10)/6
    assert twelve["export_share_change"] == {"value": None, "withheld": "overlap"}
    assert twelve["revenue_same"] == {"value": 6, "withheld": None}  # no revenue move changed
    many = compute(programme, members, [], {},
                   reports({f"f{n}": 30 for n in range(5)}), date(2026, 12, 5))
    assert many["horizons"][1]["groups"]["participants"]["export_share_change"] == \
        {"value": 18.3, "withheld": None}  # (20·5 + 10)/6
