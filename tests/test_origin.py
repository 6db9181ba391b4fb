"""Demand by origin on real services: every inquiry and brief records where the client is based
(Kemendagri region codes or a country), validated per field in the forms and the API; analysts
see exact origin × subsector counts, a province's drill-down and a partner region's quarters; the
origin never reaches a public page or the search index."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from directory.context import Services
from directory.hiring.brief_seed import load_seed
from directory.settings import PROJECT_ROOT
from directory.stats import regions
from directory.stats.demand_origin import Period, brief_subsectors
from tests.factories import org, talent
from tests.helpers import indexed_documents, load
from tests.web import log_in, make_user, post_form

INQUIRY = {"name": "Klien Uji", "organization": "", "budget": "unknown", "timeline": "flexible",
           "message": "Kami butuh aplikasi dan game untuk pameran kota."}
# (origin fields, profile, date): ten inquiries; the last from before origins were asked.
INQUIRIES: list[tuple[dict[str, str], str, datetime]] = [
    ({"client_country": "ID", "client_province": "35", "client_city": "35.73"}, "apps",
     datetime(2025, 5, 15, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "35", "client_city": "35.73"}, "games",
     datetime(2025, 5, 15, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "35", "client_city": "35.78"}, "film",
     datetime(2025, 5, 16, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "35"}, "apps", datetime(2025, 5, 17, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "15", "client_city": "15.71"}, "games",
     datetime(2025, 2, 10, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "15", "client_city": "15.05"}, "apps",
     datetime(2025, 8, 1, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "31", "client_city": "31.74"}, "film",
     datetime(2025, 5, 18, tzinfo=UTC)),
    ({"client_country": "sg"}, "games", datetime(2025, 5, 19, tzinfo=UTC)),
    ({"client_country": "CN"}, "apps", datetime(2025, 5, 20, tzinfo=UTC)),
    ({"client_country": "ID", "client_province": "35", "client_city": "35.73"}, "apps",
     datetime(2024, 6, 1, tzinfo=UTC)),
]
BRIEF = {"description": "Aplikasi untuk koperasi dan UMKM, Android dan web, dua bahasa.",
         "budget_currency": "IDR", "budget_band": "50m_200m", "timeline": "3_6_months",
         "languages": ["id"], "visibility": "public", "route_count": 5}
# (fields, date): the last from before origins were asked.
BRIEFS: list[tuple[dict[str, Any], datetime]] = [
    ({"title": "Aplikasi koperasi Jambi", "services": ["mobile_app"], "client_country": "ID",
      "client_province": "15", "client_city": "15.71"}, datetime(2025, 8, 15, tzinfo=UTC)),
    ({"title": "Game promosi Singapura", "services": ["animation"], "roles": ["game_artist"],
      "client_country": "SG"}, datetime(2025, 5, 20, tzinfo=UTC)),
    ({"title": "Portal lama tanpa asal", "services": ["web_app"], "client_country": "ID",
      "client_province": "35"}, datetime(2024, 6, 2, tzinfo=UTC)),
]


@pytest.fixture
async def demand(services: Services) -> None:
    await load(services,
               org(slug="apps", subsectors=["aplikasi"], services=["mobile_app", "web_app"],
                   accepting_projects=True, accepts_briefs=True, languages=["id"]),
               org(slug="games", subsectors=["pengembang-permainan", "aplikasi"],
                   services=["game_development"]),
               org(slug="film", subsectors=["film-animasi-video"], services=["video_production"]))
    inquiries = services.inquiries.inquiries
    for n, (origin, slug, at) in enumerate(INQUIRIES):
        sent = await services.inquiries.submit(
            "organization", slug, {**INQUIRY, **origin, "email": f"klien{n}@contoh.id"},
            f"10.1.0.{n}")
        assert sent is not None
        await inquiries.update_one({"_id": sent["_id"]}, {"$set": {"at": at}})
    # the oldest inquiry was stored before origins existed
    await inquiries.update_one({"at": INQUIRIES[-1][2]}, {"$unset": {"origin": ""}})
    client = await make_user(services, "klien@brief.example")
    for fields, at in BRIEFS:
        brief = await services.briefs.post(client, {**BRIEF, **fields}, "10.2.0.1")
        await services.briefs.briefs.update_one({"_id": brief["_id"]},
                                                {"$set": {"created_at": at}})
    await services.briefs.briefs.update_one({"created_at": BRIEFS[-1][1]},
                                            {"$unset": {"origin": ""}})


def _rows(result: dict[str, Any]) -> list[tuple[str, str, int, int, dict[str, int]]]:
    columns = [c["value"] for c in result["columns"]]
    return [(r["group"], r["code"], r["inquiries"], r["briefs"],
             {c: n for c, n in zip(columns, r["counts"], strict=True) if n})
            for r in result["rows"]]


async def test_origin_by_subsector_drill_down_and_partner_region_are_exact(
        services: Services, demand: None) -> None:
    table = await services.origin_demand.table(Period(), "id")
    assert [c["value"] for c in table["columns"]] == [
        "aplikasi", "pengembang-permainan", "film-animasi-video"]
    app, game, film = "aplikasi", "pengembang-permainan", "film-animasi-video"
    assert _rows(table) == [
        ("malang", "35.73", 2, 0, {app: 2, game: 1}),
        ("east_java", "35", 1, 0, {app: 1}),  # "Jawa Timur (… tidak disebut)" before "Kota …"
        ("east_java", "35.78", 1, 0, {film: 1}),
        ("indonesia", "15", 2, 1, {app: 3, game: 1}),
        ("indonesia", "31", 1, 0, {film: 1}),
        ("abroad", "SG", 1, 1, {app: 1, game: 2, film: 1}),
        ("abroad", "CN", 1, 0, {app: 1}),
        ("unknown", "unknown", 1, 1, {app: 2}),  # stored before origins were asked
    ]
    assert table["totals"] == {"inquiries": 10, "briefs": 3, "total": 13, "counts": [10, 4, 3]}
    labels = {r["code"]: r["label"] for r in table["rows"]}
    assert labels["35.73"] == "Kota Malang" and labels["15"] == "Jambi"
    assert labels["SG"] == "Singapura" and labels["35"].startswith("Jawa Timur (")
    english = await services.origin_demand.table(Period(), "en")
    assert {r["code"]: r["label"] for r in english["rows"]}["35.73"] == "Malang City"

    only_briefs = await services.origin_demand.table(Period(), "id", source="brief")
    assert _rows(only_briefs)[0] == ("malang", "35.73", 2, 0, {})  # rows keep both counts
    assert only_briefs["totals"]["counts"] == [2, 1, 1]

    jambi = await services.origin_demand.table(Period(), "id", province="15")
    assert _rows(jambi) == [("indonesia", "15.71", 1, 1, {app: 2, game: 1}),
                            ("indonesia", "15.05", 1, 0, {app: 1})]
    q3 = await services.origin_demand.table(Period(2025, 3), "id")
    assert _rows(q3) == [("indonesia", "15", 1, 1, {app: 2})]
    year = await services.origin_demand.table(Period(2025), "id")
    assert "unknown" not in [r["group"] for r in year["rows"]]
    assert year["totals"]["inquiries"] == 9 and year["totals"]["briefs"] == 2

    partner = await services.origin_demand.partner("15", Period(), "id")
    assert partner["quarters"] == [
        {"quarter": "2025-Q1", "inquiries": 1, "briefs": 0, "total": 1, "profiles": 1},
        {"quarter": "2025-Q2", "inquiries": 0, "briefs": 0, "total": 0, "profiles": 0},
        {"quarter": "2025-Q3", "inquiries": 1, "briefs": 1, "total": 2, "profiles": 1},
    ]
    assert [(s["value"], s["inquiries"], s["briefs"]) for s in partner["subsectors"]] == [
        (app, 2, 1), (game, 1, 0)]
    assert partner["totals"] == {"inquiries": 2, "briefs": 1, "profiles": 2}  # games and apps
    city = await services.origin_demand.partner("15.71", Period(), "id")
    assert city["totals"] == {"inquiries": 1, "briefs": 1, "profiles": 2}
    assert (await services.origin_demand.partner("CN", Period(), "en"))["label"] == "China"


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_analyst_pages_and_downloads(services: Services, client: httpx.AsyncClient,
                                           demand: None) -> None:
    await make_user(services, "analis@bappeda.example", "analyst")
    await log_in(client, "analis@bappeda.example")
    page = await client.get("/analis/asal")
    assert page.status_code == 200
    assert '<tr data-origin="35.73"><th scope="row">Kota Malang</th>' in page.text
    assert 'href="/analis/asal?province=15' in page.text and 'id="chart-origin"' in page.text
    english = await client.get("/analis/asal", params={"lang": "en"})
    assert "Demand by origin" in english.text and "Malang City" in english.text
    client.cookies.delete("lang")

    lines = _csv(await client.get("/analis/asal/csv", params={"year": "2025"}))
    assert lines[0] == ["origin_code", "origin", "group", "inquiries", "briefs", "total",
                        "aplikasi", "pengembang-permainan", "film-animasi-video"]
    assert lines[1] == ["35.73", "Kota Malang", "malang", "2", "0", "2", "2", "1", "0"]
    assert len(lines) == 8  # header + seven origins (the unknown ones are from 2024)
    download = await client.get("/analis/asal/csv", params={"year": "2025"})
    assert 'filename="analis-origin-2025_20' in download.headers["content-disposition"]

    quarters = _csv(await client.get("/analis/asal/wilayah/csv", params={"region": "15"}))
    assert quarters == [["quarter", "inquiries", "briefs", "total", "profiles_reached"],
                        ["2025-Q1", "1", "0", "1", "1"], ["2025-Q2", "0", "0", "0", "0"],
                        ["2025-Q3", "1", "1", "2", "1"]]
    by_subsector = _csv(await client.get("/analis/asal/wilayah/csv",
                                         params={"region": "15", "table": "subsectors"}))
    assert by_subsector[1] == ["aplikasi", "Aplikasi", "2", "1", "3"]

    partner = await client.get("/analis/asal/wilayah", params={"region": "15.71"})
    assert partner.status_code == 200 and "Kota Jambi" in partner.text
    assert '<tr data-quarter="2025-Q3">' in partner.text
    empty = await client.get("/analis/asal/wilayah", params={"region": "JP"})
    assert "Belum ada pesan atau brief dari wilayah ini" in empty.text
    nothing = await client.get("/analis/asal", params={"year": "2019"})
    assert "Belum ada pesan atau brief pada periode ini." in nothing.text

    book = await client.get("/analis/asal/xlsx", params={"province": "15", "region": "15"})
    assert book.status_code == 200
    sheets = load_workbook(io.BytesIO(book.content))
    assert sheets.sheetnames == ["about", "origin-all", "origin-all-15",
                                 "partner-15-quarters", "partner-15-subsectors"]
    first = sheets["origin-all"]
    assert [c.value for c in first[2]][:6] == ["35.73", "Kota Malang", "malang", 2, 0, 2]
    assert first["A1"].font.b and first.freeze_panes == "A2"

    bad = await client.get("/analis/asal", params={"year": "1990", "quarter": "5",
                                                   "province": "99"})
    assert bad.status_code == 400
    for name in ("year", "quarter", "province"):
        assert f'href="#f-{name}"' in bad.text and f'id="{name}-error"' in bad.text
    refused = await client.get("/analis/asal/wilayah/csv", params={"region": "XX"},
                               headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "region" in refused.text


async def test_only_analysts_see_demand_by_origin(services: Services,
                                                  client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/analis/asal")
    assert anonymous.status_code in (302, 303, 401)
    await make_user(services, "pemilik@studio.example")
    await log_in(client, "pemilik@studio.example")
    for path in ("/analis/asal", "/analis/asal/wilayah?region=15", "/analis/asal/csv",
                 "/analis/asal/xlsx", "/analis/asal/wilayah/csv?region=15"):
        assert (await client.get(path)).status_code == 403, path


async def test_origin_is_validated_per_field_in_the_form_and_the_api(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services, org(slug="apps", services=["mobile_app"], accepting_projects=True,
                             accepts_briefs=True, languages=["id"]))
    form = await client.get("/organisasi/apps/pesan")
    assert '<option value="ID" selected>Indonesia</option>' in form.text
    assert '<optgroup label="Jambi" data-province="15">' in form.text
    assert '<option value="15.71">Kota Jambi</option>' in form.text
    english = await client.get("/organisasi/apps/pesan", params={"lang": "en"})
    assert "Where are you (your organisation) based?" in english.text
    assert '<option value="35.73">Malang City</option>' in english.text
    assert '<option value="SG">Singapore</option>' in english.text
    client.cookies.delete("lang")

    cases = [({"client_country": "ID"}, "client_province"),
             ({"client_country": "ID", "client_province": "35", "client_city": "15.71"},
              "client_city"),
             ({"client_country": "XX"}, "client_country"),
             ({"client_country": "SG", "client_province": "35"}, "client_province")]
    for origin, field in cases:
        sent = await post_form(client, "/organisasi/apps/pesan",
                               {**INQUIRY, "email": "klien@contoh.id", **origin})
        assert sent.status_code == 400, origin
        assert f'href="#f-{field}"' in sent.text and f'id="{field}-error"' in sent.text
        assert "Kami butuh aplikasi dan game untuk pameran kota." in sent.text  # input kept
    kept = await post_form(client, "/organisasi/apps/pesan", {
        **INQUIRY, "email": "", "client_country": "ID", "client_province": "15",
        "client_city": "15.71"})
    assert '<option value="15" selected>Jambi</option>' in kept.text
    assert '<option value="15.71" selected>Kota Jambi</option>' in kept.text
    assert await services.inquiries.inquiries.count_documents({}) == 0

    user = await make_user(services, "klien@api.example")
    auth = {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}
    body = {**BRIEF, "title": "Aplikasi koperasi", "services": ["mobile_app"],
            "client_country": "ID", "client_city": "35.73"}
    bad = await client.post("/api/v1/briefs", json=body, headers=auth)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert [p["name"] for p in bad.json()["invalid_params"]] == ["client_province"]
    good = await client.post("/api/v1/briefs", json={**body, "client_province": "35"},
                             headers=auth)
    assert good.status_code == 201, good.text
    assert good.json()["origin"] == {"country": "ID", "province": "35", "city": "35.73"}
    schema = (await client.get("/schema/openapi.json")).json()
    post = schema["paths"]["/api/v1/briefs"]["post"]["requestBody"]["content"]
    fields = post["application/json"]["schema"]["properties"]
    assert "Kemendagri" in fields["client_province"]["description"]

    await log_in(client, "klien@api.example")
    page = await post_form(client, "/brief/baru", {**body, "client_city": "15.71",
                                                   "client_province": "35"})
    assert page.status_code == 400 and 'id="client_city-error"' in page.text


async def test_the_origin_never_reaches_public_pages_or_the_search_index(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services, org(slug="apps", services=["mobile_app"], accepting_projects=True,
                             accepts_briefs=True, languages=["id"]))
    origin = {"client_country": "ID", "client_province": "15", "client_city": "15.05"}
    assert await services.inquiries.submit("organization", "apps", {
        **INQUIRY, **origin, "email": "klien@contoh.id"}, "10.3.0.1")
    user = await make_user(services, "klien@publik.example")
    brief = await services.briefs.post(user, {**BRIEF, **origin, "title": "Aplikasi publik",
                                              "services": ["mobile_app"]}, "10.3.0.2")
    assert brief["origin"] == {"country": "ID", "province": "15", "city": "15.05"}
    for path in ("/organisasi/apps", "/api/v1/organizations/apps", f"/brief/{brief['_id']}",
                 "/cari?q=apps", "/api/v1/search?q=apps"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "Muaro Jambi" not in response.text and "15.05" not in response.text, path
        assert "Negara klien" not in response.text, path
    reader = await make_user(services, "pembaca@publik.example")
    auth = {"Authorization": f"Bearer {await services.accounts.create_token(reader)}"}
    public_api = await client.get(f"/api/v1/briefs/{brief['_id']}", headers=auth)
    assert public_api.status_code == 200 and public_api.json()["role"] == "public"
    assert "origin" not in public_api.json() and "client_country" not in public_api.json()
    for doc in await indexed_documents(services):
        assert "origin" not in doc and "15.05" not in str(doc)


def test_region_reference_data_and_checks() -> None:
    assert len(regions.provinces()) == 38 and len(regions.cities()) == 514
    assert regions.cities()["35.73"].label("id") == "Kota Malang"
    assert regions.cities()["35.07"].label("en") == "Malang Regency"
    assert regions.provinces()["35"].label("en") == "East Java"
    assert regions.check("id", "35", "35.73") == (
        {"country": "ID", "province": "35", "city": "35.73"}, [])
    assert regions.check("SG", "", "") == ({"country": "SG"}, [])
    assert [e.field for e in regions.check("ID", "15", "35.73")[1]] == ["client_city"]
    assert [e.field for e in regions.check("", "", "")[1]] == ["client_country"]
    assert regions.label({"country": "ID", "province": "15", "city": "15.71"}) == \
        "Kota Jambi, Jambi"
    assert brief_subsectors(["animation", "consulting"], ["game_artist"]) == (
        "aplikasi", "film-animasi-video", "pengembang-permainan")
    assert Period(2025, 4).bounds() == (datetime(2025, 10, 1, tzinfo=UTC),
                                        datetime(2026, 1, 1, tzinfo=UTC))


COMMITTED_DEMAND = PROJECT_ROOT / "seeds" / "demand.jsonl"


def test_the_demo_demand_generator_writes_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "demand.jsonl"
    subprocess.run([sys.executable, str(PROJECT_ROOT / "seeds" / "demand.py"), "--out",
                    str(out)], check=True, capture_output=True)
    assert out.read_bytes() == COMMITTED_DEMAND.read_bytes()


async def test_the_demo_demand_seeds_once(services: Services) -> None:
    rows = [json.loads(line) for line in
            COMMITTED_DEMAND.read_text(encoding="utf-8").splitlines()]
    inquiries = [r for r in rows if r["type"] == "inquiry"]
    present = {(r["kind"], r["slug"]) for r in inquiries[:6]}
    await load(services, *[(org if kind == "organization" else talent)(slug=slug)
                           for kind, slug in sorted(present)])
    expected = sum((r["kind"], r["slug"]) in present for r in inquiries)
    briefs = sum(r["type"] == "brief" for r in rows)
    for added in ((expected, briefs), (0, 0)):  # a second run adds nothing
        assert (await services.inquiries.load_seed(rows),
                await load_seed(services.briefs, rows)) == added
    table = await services.origin_demand.table(Period(), "id")
    assert table["totals"]["inquiries"] == expected and table["totals"]["briefs"] == briefs
    assert {r["group"] for r in table["rows"]} >= {"malang", "abroad"}
    assert await services.briefs.answers.count_documents({}) == 0  # sent to nobody


async def test_the_shortlists_one_inquiry_to_all_records_the_origin_on_each(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services, org(slug="apps", accepting_projects=True),
               org(slug="games", subsectors=["pengembang-permainan"], accepting_projects=True))
    for slug in ("apps", "games"):
        await post_form(client, "/daftar-pendek/tambah",
                        {"kind": "organization", "slug": slug, "next": "/daftar-pendek"})
    form = {**INQUIRY, "email": "klien@jambi.example", "client_country": "ID"}
    refused = await post_form(client, "/daftar-pendek/pesan", form)
    assert refused.status_code == 400 and 'id="client_province-error"' in refused.text
    assert 'href="#f-client_province"' in refused.text
    done = await post_form(client, "/daftar-pendek/pesan",
                           {**form, "client_province": "15", "client_city": "15.71"})
    assert done.status_code == 200 and "Terkirim ke 2 profil" in done.text
    stored = [d["origin"] async for d in services.inquiries.inquiries.find({})]
    assert stored == [{"country": "ID", "province": "15", "city": "15.71"}] * 2
    partner = await services.origin_demand.partner("15.71", Period(), "id")
    assert partner["totals"] == {"inquiries": 2, "briefs": 0, "profiles": 2}
    assert [(s["value"], s["inquiries"]) for s in partner["subsectors"]] == [
        ("aplikasi", 1), ("pengembang-permainan", 1)]
