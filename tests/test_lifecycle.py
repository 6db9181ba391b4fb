"""Profile lifecycle (status `ceased`): the interchange rules, public but marked, out of the active
counts, and births, deaths, survival and active firms exact on a known data set."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from pydantic import ValidationError

from directory.context import Services
from directory.profiles.schema import PROFILE_ADAPTER
from directory.profiles.validation import field_errors
from directory.stats import lifecycle
from tests.factories import org, talent
from tests.helpers import load
from tests.web import grant, make_user


def errors_of(row: dict) -> dict[str, str]:  # type: ignore[type-arg]
    try:
        PROFILE_ADAPTER.validate_json(json.dumps(row))
    except ValidationError as exc:
        return {e.field: e.reason for e in field_errors(exc)}
    return {}


def test_ceased_needs_a_date_and_a_reason() -> None:
    assert set(errors_of(org(status="ceased"))) == {"ceased_at"}
    assert set(errors_of(org(status="ceased", ceased_at="2020-01-31"))) == {"ceased_reason"}
    assert errors_of(org(status="ceased", ceased_at="2020-01-31", ceased_reason="closed")) == {}
    assert errors_of(talent(status="ceased", ceased_at="2020-01-31", ceased_reason="moved")) == {}


def test_ceased_fields_are_checked() -> None:
    tomorrow = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    assert set(errors_of(org(status="ceased", ceased_at=tomorrow, ceased_reason="closed"))) \
        == {"ceased_at"}
    assert set(errors_of(org(status="ceased", ceased_at="2020-02-30", ceased_reason="closed"))) \
        == {"ceased_at"}
    assert set(errors_of(org(status="ceased", ceased_at="2020-01-01", ceased_reason="bankrupt"))) \
        == {"ceased_reason"}
    before = errors_of(org(status="ceased", ceased_at="2017-06-01", ceased_reason="closed",
                           founded_year=2018))
    assert set(before) == {"ceased_at"} and "2018" in before["ceased_at"]
    # the same year as the founding is fine
    assert errors_of(org(status="ceased", ceased_at="2018-06-01", ceased_reason="closed",
                         founded_year=2018)) == {}
    # only a ceased profile carries them
    assert set(errors_of(org(ceased_at="2020-01-01"))) == {"ceased_at"}
    assert set(errors_of(org(ceased_reason="other"))) == {"ceased_reason"}
    # a ceased profile that is hidden or back to draft keeps them
    assert errors_of(org(status="hidden", ceased_at="2020-01-01", ceased_reason="other")) == {}


# The known data set: six public organizations (four ceased), plus what must not count.
KNOWN = [
    org(slug="o-2015-a", founded_year=2015, accepting_projects=True, subsectors=["aplikasi"]),
    org(slug="o-2015-b", founded_year=2015, status="ceased", ceased_at="2016-06-30",
        ceased_reason="closed", accepting_projects=True, name="Studio Senja Lama"),
    org(slug="o-2015-c", founded_year=2015, status="ceased", ceased_at="2019-03-01",
        ceased_reason="merged"),
    org(slug="o-2017-a", founded_year=2017),
    org(slug="o-2017-b", founded_year=2017, status="ceased", ceased_at="2018-12-31",
        ceased_reason="inactive"),
    org(slug="o-none", status="ceased", ceased_at="2020-05-05", ceased_reason="moved"),
    org(slug="o-draft", founded_year=2018, status="draft"),
    org(slug="o-hidden", founded_year=2018, status="hidden"),
    talent(slug="t-active"),
]


@pytest.fixture
async def known(services: Services) -> None:
    await load(services, *KNOWN)


async def test_lifecycle_is_exact_on_known_data(known: None, client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/stats/lifecycle")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["organizations"], body["ceased"], body["active"], body["unknown_founded"]) \
        == (6, 4, 2, 1)
    years = {r["year"]: (r["births"], r["deaths"], r["active_end"]) for r in body["years"]}
    assert years[2015] == (3, 0, 3)
    assert years[2016] == (0, 1, 2)
    assert years[2017] == (2, 0, 4)
    assert years[2018] == (0, 1, 3)
    assert years[2019] == (0, 1, 2)
    assert years[2020] == (0, 1, 2)  # o-none has no founding year: a death, not in the series
    assert max(years) == datetime.now(UTC).year
    cohorts = {c["cohort"]: c for c in body["cohorts"]}
    assert set(cohorts) == {2015, 2017}
    assert (cohorts[2015]["size"], cohorts[2015]["survived_1y"], cohorts[2015]["survived_3y"],
            cohorts[2015]["survived_5y"]) == (3, 2, 2, 1)
    assert (cohorts[2015]["survival_1y"], cohorts[2015]["survival_5y"]) == (0.6667, 0.3333)
    assert (cohorts[2017]["survived_1y"], cohorts[2017]["survived_3y"],
            cohorts[2017]["survived_5y"]) == (1, 1, 1)
    assert cohorts[2017]["survival_1y"] == 0.5


def test_survival_waits_until_the_year_has_ended() -> None:
    body = lifecycle.compute({"2024": 2}, {}, {}, {}, 2, current_year=2026)
    cohort = body["cohorts"][0]
    assert cohort["survived_1y"] == 2 and cohort["survived_3y"] is None
    assert cohort["survival_5y"] is None


async def test_lifecycle_filters_and_refuses_talents(known: None, client: httpx.AsyncClient
                                                     ) -> None:
    body = (await client.get("/api/v1/stats/lifecycle", params={"kind": "organization",
                                                               "kecamatan": "sukun"})).json()
    assert body["organizations"] == 0 and body["cohorts"] == []
    bad = await client.get("/api/v1/stats/lifecycle", params={"kind": "talent"})
    assert bad.status_code == 400 and "kind" in bad.text
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/stats/lifecycle" in schema["paths"]


async def test_ceased_profiles_leave_the_active_counts(
        known: None, services: Services, client: httpx.AsyncClient) -> None:
    breakdown = (await client.get("/api/v1/stats/breakdown",
                                  params={"by": "org_type", "kind": "organization"})).json()
    assert breakdown["total"] == 2
    overview = (await client.get("/api/v1/stats/overview")).json()
    assert (overview["organizations"], overview["talents"]) == (2, 1)
    home = await services.profiles.counts()  # the home page's figures
    assert (home["organization"], home["talent"]) == (2, 1)


async def test_ceased_profiles_are_public_marked_and_findable(
        known: None, client: httpx.AsyncClient) -> None:
    api = (await client.get("/api/v1/organizations/o-2015-b")).json()
    assert (api["ceased"], api["ceased_at"], api["ceased_reason"]) == (
        True, "2016-06-30", "closed")
    assert (await client.get("/api/v1/organizations/o-2015-a")).json()["ceased"] is False
    page = await client.get("/organisasi/o-2015-b")
    assert page.status_code == 200 and "Tidak beroperasi lagi" in page.text
    assert "/organisasi/o-2015-b/pesan" not in page.text
    results = await client.get("/cari", params={"q": "Senja Lama"})
    assert "Tidak beroperasi lagi" in results.text
    english = await client.get("/organisasi/o-2015-b", headers={"Accept-Language": "en"},
                               params={"lang": "en"})
    assert "No longer operating" in english.text or "no longer operating" in english.text
    found = (await client.get("/api/v1/search", params={"q": "Senja Lama"})).json()
    assert [h["slug"] for h in found["hits"]] == ["o-2015-b"]
    assert found["hits"][0]["ceased"] is True
    available = (await client.get("/api/v1/search", params={"available": "true"})).json()
    assert [h["slug"] for h in available["hits"]] == ["o-2015-a"]
    assert (await client.get("/api/v1/organizations/o-draft")).status_code == 404


async def test_an_owner_marks_a_profile_ceased_through_the_api(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services, org(slug="studio-tutup", founded_year=2020))
    owner = await make_user(services, "pemilik@studio.example")
    await grant(services, owner, "studio-tutup")
    token = await services.accounts.create_token(owner)
    headers = {"Authorization": f"Bearer {token}"}
    missing = await client.patch("/api/v1/organizations/studio-tutup", headers=headers,
                                 json={"status": "ceased"})
    assert missing.status_code == 422 and "ceased_at" in missing.text
    day = date(2024, 8, 17).isoformat()
    done = await client.patch("/api/v1/organizations/studio-tutup", headers=headers,
                              json={"status": "ceased", "ceased_at": day,
                                    "ceased_reason": "closed"})
    assert done.status_code == 200, done.text
    assert await services.sync.wait_until_applied()
    public = (await client.get("/api/v1/organizations/studio-tutup")).json()
    assert public["ceased"] is True and public["ceased_at"] == day
    exported = [p async for p in services.profiles.export()]
    assert exported[0]["status"] == "ceased" and exported[0]["ceased_reason"] == "closed"
    again = await client.patch("/api/v1/organizations/studio-tutup", headers=headers,
                               json={"status": "published", "ceased_at": None,
                                     "ceased_reason": None})
    assert again.status_code == 200, again.text


async def test_the_dashboard_shows_the_lifecycle(known: None, client: httpx.AsyncClient) -> None:
    page = await client.get("/ekosistem")
    assert page.status_code == 200
    assert "chart-lifecycle" in page.text and "/api/v1/stats/lifecycle" in page.text
    table = await client.get("/ekosistem/csv/lifecycle")
    assert table.status_code == 200
    lines = table.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "year,births,deaths,active_end"
    assert "2015,3,0,3" in lines and "2016,0,1,2" in lines
    survival = (await client.get("/ekosistem/csv/survival")).content.decode("utf-8-sig")
    assert survival.splitlines()[0].startswith("cohort,size,survived_1y,survival_1y")
    assert "2015,3,2,0.6667,2,0.6667,1,0.3333" in survival.splitlines()
    english = await client.get("/ekosistem", params={"lang": "en"})
    assert "Survival by founding-year cohort" in english.text


async def test_owners_mark_ceased_in_the_editor_form_and_curators_can_hide_it(
        services: Services, client: httpx.AsyncClient) -> None:
    from tests.web import log_in, org_body, post_form

    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(founded_year=2019))
    await log_in(client, owner.email)
    base = {"name": "Studio Kopi", "org_type": "service_firm", "subsectors":
            "pengembang-permainan", "kecamatan": "lowokwaru", "founded_year": "2019"}
    page = await client.get("/kelola/organization/studio-kopi")
    assert 'name="ceased_at"' in page.text and 'name="ceased_reason"' in page.text
    early = await post_form(client, "/kelola/organization/studio-kopi",
                            {**base, "status": "ceased", "ceased_at": "2018-01-31",
                             "ceased_reason": "closed"})
    assert early.status_code == 400 and 'id="ceased_at-error"' in early.text
    done = await post_form(client, "/kelola/organization/studio-kopi",
                           {**base, "status": "ceased", "ceased_at": "2024-01-31",
                            "ceased_reason": "merged"})
    assert done.status_code == 303, done.text
    stored = await services.editor.current("organization", "studio-kopi")
    assert (stored["status"], stored["ceased_at"], stored["ceased_reason"]) == (
        "ceased", "2024-01-31", "merged")
    curator = await make_user(services, "kurator@kota.example", "curator")
    await services.editor.set_status(curator, "organization", "studio-kopi", "hidden")
    assert (await services.editor.current("organization", "studio-kopi"))["ceased_at"] \
        == "2024-01-31"  # hiding keeps the lifecycle
    await services.editor.set_status(curator, "organization", "studio-kopi", "published")
    again = await services.editor.current("organization", "studio-kopi")
    assert again["status"] == "published" and "ceased_at" not in again
    # the form drops the lifecycle fields of a profile that operates again
    await post_form(client, "/kelola/organization/studio-kopi",
                    {**base, "status": "published", "ceased_at": "2024-01-31",
                     "ceased_reason": "merged"})
    assert "ceased_at" not in await services.editor.current("organization", "studio-kopi")


def test_lifecycle_facets_stay_small() -> None:
    """Few values per facet (years × 3 horizons at most), never a pair per founding and ceasing
    year, so Meilisearch's maxValuesPerFacet (500) cannot cut them."""
    from directory.profiles.public import _lifecycle_facets

    assert _lifecycle_facets(2019, "2021-06-30") == {
        "ceased_year": 2021, "ceased_dated_year": 2021, "ceased_within": ["2019:3", "2019:5"]}
    assert _lifecycle_facets(None, "2021-06-30") == {
        "ceased_year": 2021, "ceased_dated_year": None, "ceased_within": []}
    assert _lifecycle_facets(2019, None)["ceased_within"] == []
    values = {v for f in range(1950, 2027) for c in range(f, 2027)
              for v in _lifecycle_facets(f, f"{c}-01-01")["ceased_within"]}
    assert len(values) <= 77 * 3 < 500


async def test_a_spreadsheet_marks_organizations_ceased(services: Services) -> None:
    from directory.curation.sheets.plan import plan_table
    from directory.curation.sheets.reader import read_table

    raw = (b"nama,subsektor,kecamatan,jenis_organisasi,tahun_berdiri,status,tanggal_berhenti,"
           b"alasan_berhenti\n"
           b"Studio Tutup,aplikasi,klojen,startup,2017,ceased,2023-05-01,tutup\n"
           b"Studio Lupa,aplikasi,klojen,startup,2017,ceased,,\n")
    plan = await plan_table("kota.csv", read_table("kota.csv", raw), services.profiles)
    assert [r.action for r in plan.rows] == ["create", "invalid"]
    assert plan.rows[0].profile.ceased_at == "2023-05-01"
    assert plan.rows[0].profile.ceased_reason == "closed"
    assert any("tanggal_berhenti" in e for e in plan.rows[1].errors)
