"""The stats API contract: breakdowns equal search facets exactly; growth from created_at."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from directory.context import Services
from directory.settings import Settings
from directory.stats import history as snapshots
from tests.conftest import run_cli
from tests.factories import org, talent
from tests.helpers import eventually, load


@pytest.fixture
async def dataset(services: Services) -> None:
    await load(
        services,
        org(slug="a-startup", org_type="startup", subsectors=["aplikasi", "pengembang-permainan"],
            team_size=4, founded_year=2019, created_at="2019-05-01T00:00:00Z",
            markets=["national"], funding_stage="seed", skills=["Flutter"]),
        org(slug="b-studio", org_type="service_firm", subsectors=["pengembang-permainan"],
            team_size=40, founded_year=2015, created_at="2019-11-20T00:00:00Z",
            markets=["international", "national"], skills=["Unity", "flutter"]),
        org(slug="c-studio", org_type="service_firm", subsectors=["dkv"], team_size=1,
            created_at="2021-02-01T00:00:00Z", kecamatan="sukun"),
        org(slug="d-draft", org_type="startup", status="draft", created_at="2020-01-01T00:00:00Z"),
        talent(slug="t-one", roles=["game_artist"], subsectors=["pengembang-permainan"],
               created_at="2021-03-01T00:00:00Z", skills=["Blender"]),
        talent(slug="t-hidden", status="hidden", created_at="2021-03-01T00:00:00Z"),
    )


pytestmark = pytest.mark.usefixtures("dataset")


async def get(client: httpx.AsyncClient, path: str, **params: object) -> dict:  # type: ignore[type-arg]
    response = await client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def counts(body: dict) -> dict:  # type: ignore[type-arg]
    return {r["value"]: r["count"] for r in body["rows"] if r["count"]}


async def test_subsector_breakdown_counts_each_subsector_and_lists_all_17(
        client: httpx.AsyncClient) -> None:
    body = await get(client, "/api/v1/stats/breakdown", by="subsector")
    assert body["by"] == "subsector" and body["total"] == 4
    assert len(body["rows"]) == 17
    assert counts(body) == {"pengembang-permainan": 3, "aplikasi": 1, "dkv": 1}
    assert body["rows"][0] == {"value": "pengembang-permainan", "label": "Pengembang Permainan",
                               "count": 3}


async def test_breakdown_equals_search_facets(client: httpx.AsyncClient) -> None:
    for by, facet in (("subsector", "subsector"), ("kecamatan", "kecamatan"),
                      ("service", "service"), ("org_type", "org_type"), ("skill", "skill")):
        stats = counts(await get(client, "/api/v1/stats/breakdown", by=by))
        search = (await get(client, "/api/v1/search", per_page=1))["facets"][facet]
        assert stats == search, by


async def test_breakdown_filters_and_ordinal_dimensions(client: httpx.AsyncClient) -> None:
    body = await get(client, "/api/v1/stats/breakdown", by="team_size_band", kind="organization")
    assert [r["value"] for r in body["rows"]] == ["1", "2-5", "6-10", "11-25", "26-50",
                                                 "51-100", "101+"]
    assert counts(body) == {"1": 1, "2-5": 1, "26-50": 1}
    years = await get(client, "/api/v1/stats/breakdown", by="founded_year")
    assert [(r["value"], r["count"]) for r in years["rows"]] == [(2015, 1), (2019, 1)]
    firms = await get(client, "/api/v1/stats/breakdown", by="market", org_type="service_firm")
    assert counts(firms) == {"international": 1, "national": 1} and firms["total"] == 2
    talents = await get(client, "/api/v1/stats/breakdown", by="skill", kind="talent")
    assert counts(talents) == {"blender": 1}


async def test_growth_per_year_and_month(client: httpx.AsyncClient) -> None:
    body = await get(client, "/api/v1/stats/growth")
    assert body["by"] == "year" and body["total"] == 4
    assert [(r["value"], r["count"], r["cumulative"]) for r in body["rows"]] == [
        ("2019", 2, 2), ("2020", 0, 2), ("2021", 2, 4)]
    monthly = await get(client, "/api/v1/stats/growth", interval="month", kind="organization")
    rows = {r["value"]: (r["count"], r["cumulative"]) for r in monthly["rows"]}
    assert rows["2019-05"] == (1, 1) and rows["2019-06"] == (0, 1) and rows["2021-02"] == (1, 3)
    assert len(monthly["rows"]) == 22  # 2019-05 … 2021-02, quiet months included


async def test_overview_and_scope_filters_count_published_profiles_only(
        client: httpx.AsyncClient) -> None:
    body = await get(client, "/api/v1/stats/overview")
    assert (body["total"], body["organizations"], body["talents"]) == (4, 3, 1)
    assert body["international_organizations"] == 1
    assert {r["value"]: r["count"] for r in body["org_types"] if r["count"]} == {
        "startup": 1, "service_firm": 2}
    games = await get(client, "/api/v1/stats/overview", subsector="pengembang-permainan")
    assert (games["organizations"], games["talents"]) == (2, 1)
    sukun = await get(client, "/api/v1/stats/breakdown", by="subsector", kecamatan="sukun")
    assert counts(sukun) == {"dkv": 1} and sukun["total"] == 1
    grown = await get(client, "/api/v1/stats/growth", subsector="pengembang-permainan")
    assert [(r["value"], r["count"]) for r in grown["rows"]] == [
        ("2019", 2), ("2020", 0), ("2021", 1)]


@pytest.mark.parametrize(("path", "query", "param", "reason"), [
    ("/api/v1/stats/breakdown", "", "by", "wajib diisi: salah satu dari subsector, kecamatan"),
    ("/api/v1/stats/breakdown", "by=colour", "by", "dimensi 'colour' tidak dikenal"),
    ("/api/v1/stats/breakdown", "by=subsector&kind=robot", "kind",
     "harus 'organization' atau 'talent'"),
    ("/api/v1/stats/breakdown", "by=subsector&org_type=ngo", "org_type",
     "kode org_type tidak dikenal: 'ngo'"),
    ("/api/v1/stats/growth", "interval=week", "interval", "harus 'year' atau 'month'"),
    ("/api/v1/stats/growth", "subsector=robotika", "subsector", "kode subsector tidak dikenal"),
    ("/api/v1/stats/breakdown", "by=market&kecamatan=batu", "kecamatan",
     "kode kecamatan tidak dikenal"),
    ("/api/v1/stats/overview", "verified=yes", "verified", "harus 'true' atau 'false'"),
    ("/api/v1/stats/overview", "colour=red", "colour", "parameter tidak dikenal"),
    ("/api/v1/stats/overview", "kind=talent&kind=organization", "kind",
     "hanya boleh diberikan sekali"),
])
async def test_bad_parameters(client: httpx.AsyncClient, path: str, query: str,
                              param: str, reason: str) -> None:
    response = await client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()["invalid_params"]
    assert [p["name"] for p in problem] == [param]
    assert reason in problem[0]["reason"]


async def test_bad_parameters_are_explained_in_english_when_asked(
        client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/stats/growth?interval=week&colour=red&lang=en")
    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid_params"]}
    assert reasons == {"interval": "must be 'year' or 'month'", "colour": "unknown parameter"}
    cookie = await client.get("/api/v1/stats/breakdown?by=colour", headers={"Cookie": "lang=en"})
    assert cookie.json()["invalid_params"][0]["reason"].startswith(
        "unknown dimension 'colour'; expected one of: subsector, kecamatan")


async def test_period_filter_counts_profiles_created_in_those_years(
        client: httpx.AsyncClient) -> None:
    body = await get(client, "/api/v1/stats/breakdown", by="org_type", period="2019")
    assert counts(body) == {"startup": 1, "service_firm": 1}
    later = await get(client, "/api/v1/stats/breakdown", by="subsector", period="2021-")
    assert counts(later) == {"dkv": 1, "pengembang-permainan": 1}
    grown = await get(client, "/api/v1/stats/growth", period="2019-2020")
    assert [(r["value"], r["count"]) for r in grown["rows"]] == [("2019", 2)]
    reversed_range = await get(client, "/api/v1/stats/growth", period="2020-2019")
    assert reversed_range["rows"] == grown["rows"]  # the same years, written the other way
    for bad, reason in (("19", "harus berupa tahun (2022)"),
                        ("2020-05", "harus berupa tahun (2022)"),
                        ("phase", "harus berupa tahun (2022)")):
        response = await client.get("/api/v1/stats/overview", params={"period": bad})
        assert response.status_code == 400, bad
        problem = response.json()["invalid_params"]
        assert [p["name"] for p in problem] == ["period"] and reason in problem[0]["reason"], bad


async def test_snapshots_keep_what_the_directory_held_then(
        client: httpx.AsyncClient, services: Services, settings: Settings) -> None:
    then = datetime(2020, 6, 15, 12, tzinfo=UTC)
    doc, written = await snapshots.take(services.stats, then)
    assert written and doc["_id"] == "2020-06" and doc["total"] == 4
    assert doc["organizations"] == {"startup": 1, "service_firm": 2} and doc["talents"] == 1
    assert doc["breakdowns"]["subsector"]["pengembang-permainan"] == 3
    _, again = await snapshots.take(services.stats, then, replace=False)  # the app's task
    assert not again

    # Later a studio is hidden: history forgets it, the snapshot keeps what was there.
    await load(services, org(slug="b-studio", org_type="service_firm", status="hidden",
                             subsectors=["pengembang-permainan"],
                             created_at="2019-11-20T00:00:00Z"))
    monthly = await get(client, "/api/v1/stats/growth", interval="month")
    rows = {r["value"]: r for r in monthly["rows"]}
    assert rows["2020-06"]["cumulative"] == 1 and rows["2020-06"]["recorded"] == 4
    assert rows["2019-05"]["recorded"] is None
    yearly = await get(client, "/api/v1/stats/growth", kind="organization")
    assert {r["value"]: r["recorded"] for r in yearly["rows"]}["2020"] == 3
    startups = await get(client, "/api/v1/stats/growth", org_type="startup")
    assert {r["value"]: r["recorded"] for r in startups["rows"]}["2020"] == 1
    narrowed = await get(client, "/api/v1/stats/growth", subsector="dkv")
    assert all("recorded" not in r for r in narrowed["rows"])  # no recorded totals that narrow

    result = run_cli(settings, "snapshot")
    month = datetime.now(UTC).strftime("%Y-%m")
    assert result.returncode == 0, result.stderr
    assert f"snapshot {month}: 3 published profiles (2 organizations, 1 talents)" in result.stdout
    current = await services.profiles.db[snapshots.COLLECTION].find_one({"_id": month})
    assert current is not None and current["total"] == 3


async def test_the_app_takes_the_month_snapshot_once(services: Services) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(snapshots.run_monthly(services.stats, stop, every_s=0.05))
    collection = services.profiles.db[snapshots.COLLECTION]
    month = datetime.now(UTC).strftime("%Y-%m")
    first = await eventually(lambda: collection.find_one({"_id": month}), "month snapshot")
    await asyncio.sleep(0.2)  # several more rounds: the first snapshot of the month stays
    stop.set()
    await task
    assert (await collection.find_one({"_id": month}))["taken_at"] == first["taken_at"]
    assert await collection.count_documents({}) == 1
