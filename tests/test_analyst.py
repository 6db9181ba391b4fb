"""The analyst area on real services: confidential figures only in aggregates of at least five
(and never anywhere public), unmet demand, inquiries per month, quarterly reminders."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from directory.context import Services
from directory.errors import Forbidden
from directory.settings import PROJECT_ROOT, Settings
from directory.stats import reminders
from search import demand as unmet_demand
from tests.conftest import run_cli
from tests.factories import org, talent
from tests.helpers import indexed_documents, load
from tests.mailbox import Mailbox, link_in
from tests.web import grant, log_in, make_user, post_form

# Seven published organizations with known figures: five in Lowokwaru, two in Klojen; one
# draft that reports too (never counted). Employee counts are distinctive so a leak is found.
FIGURES = {
    "low-1": ("lowokwaru", "4321", "micro", "10"),
    "low-2": ("lowokwaru", "4322", "micro", "20"),
    "low-3": ("lowokwaru", "4323", "small", "30"),
    "low-4": ("lowokwaru", "4324", "small", ""),
    "low-5": ("lowokwaru", "4325", "medium", "40"),
    "klo-1": ("klojen", "4326", "large", "90"),
    "klo-2": ("klojen", "4327", "", "80"),
}


async def _own(services: Services, slug: str) -> Any:
    return await grant(services, await make_user(services, f"owner@{slug}.example"), slug)


@pytest.fixture
async def reported(services: Services) -> dict[str, Any]:
    await load(services, *[org(slug=slug, kecamatan=k, subsectors=["aplikasi"])
                           for slug, (k, *_rest) in FIGURES.items()],
               org(slug="draft-1", status="draft"), talent(slug="t-1"))
    owners = {}
    for slug, (_k, employees, band, share) in {**FIGURES, "draft-1": ("", "9999", "", "")}.items():
        owners[slug] = await _own(services, slug)
        await services.figures.save(owners[slug], slug, {
            "employees": employees, "revenue_band": band, "export_share_pct": share})
    return owners


async def test_aggregates_are_exact_and_small_groups_are_suppressed(
        services: Services, reported: dict[str, Any]) -> None:
    everyone = (await services.figures.aggregate(None))["rows"]
    assert len(everyone) == 1
    row = everyone[0]
    assert row["organizations"] == 7  # the draft is not counted
    assert row["employees_total"] == sum(range(4321, 4328)) and row["employees_median"] == 4324
    # One or two firms per band: each count would single them out (1) or tell either of two
    # firms the other's band (2), so every band is withheld (confidential.MIN_CELL).
    assert row["revenue_bands"] == {"micro": None, "small": None, "medium": None, "large": None}
    assert row["export_share_mean"] == round((10 + 20 + 30 + 40 + 90 + 80) / 6, 1)

    by_district = {r["value"]: r for r in (await services.figures.aggregate("kecamatan"))["rows"]}
    klo = by_district["klojen"]
    assert set(klo.values()) == {"klojen", "Klojen", None}  # two organizations: all withheld
    # …and Lowokwaru too, or Klojen would be "all minus Lowokwaru".
    assert by_district["lowokwaru"]["organizations"] is None


async def test_a_lone_withheld_group_cannot_be_recovered_by_subtraction(
        services: Services, reported: dict[str, Any]) -> None:
    # Five more in Sukun and five in Blimbing: Lowokwaru, Sukun and Blimbing 5 each, Klojen 2.
    # Klojen is withheld, and one more group with it (the smallest; ties by name: Blimbing).
    await load(services, *[org(slug=f"{k[:3]}-x{i}", kecamatan=k)
                           for k in ("sukun", "blimbing") for i in range(5)])
    for k in ("sukun", "blimbing"):
        for i in range(5):
            owner = await _own(services, f"{k[:3]}-x{i}")
            await services.figures.save(owner, f"{k[:3]}-x{i}", {"employees": str(10 + i)})
    rows = {r["value"]: r for r in (await services.figures.aggregate("kecamatan"))["rows"]}
    assert rows["klojen"]["organizations"] is None and rows["blimbing"]["organizations"] is None
    low = rows["lowokwaru"]
    assert low["organizations"] == 5 and low["employees_total"] == sum(range(4321, 4326))
    assert low["employees_median"] == 4323
    assert low["export_share_mean"] is None  # only four of the five reported it
    assert low["revenue_bands"] == {"micro": None, "small": None, "medium": None, "large": 0}
    assert rows["sukun"]["employees_total"] == 60 and rows["sukun"]["revenue_bands"] is None
    # Subsectors overlap (a firm may have several), so no second group is withheld there.
    subsectors = (await services.figures.aggregate("subsector"))["rows"]
    assert [r["organizations"] for r in subsectors] == [17]


async def test_only_owners_see_their_figures(services: Services, reported: dict[str, Any],
                                             client: httpx.AsyncClient) -> None:
    assert (await services.figures.get(reported["low-1"], "low-1"))["employees"] == 4321
    with pytest.raises(Forbidden):
        await services.figures.get(reported["low-2"], "low-1")  # another organization's owner
    curator = await make_user(services, "kurator@kota.example", "curator")
    with pytest.raises(Forbidden):
        await services.figures.get(curator, "low-1")
    await grant(services, await make_user(services, "editor@low-1.example"), "low-1", "editor")
    await log_in(client, "editor@low-1.example")
    assert (await client.get("/kelola/organization/low-1/angka")).status_code == 403
    assert (await client.get("/kelola/talent/t-1/angka")).status_code == 404
    await log_in(client, "owner@low-1.example")
    page = await client.get("/kelola/organization/low-1/angka")
    assert page.status_code == 200 and 'value="4321"' in page.text


async def test_owner_form_validates_next_to_the_field_and_keeps_input(
        services: Services, reported: dict[str, Any], client: httpx.AsyncClient) -> None:
    await log_in(client, "owner@low-1.example")
    bad = await post_form(client, "/kelola/organization/low-1/angka",
                          {"employees": "-3", "revenue_band": "huge", "export_share_pct": "150"})
    assert bad.status_code == 400
    for field in ("employees", "revenue_band", "export_share_pct"):
        assert f'id="{field}-error"' in bad.text
    assert 'value="-3"' in bad.text and 'value="150"' in bad.text
    assert (await services.figures.get(reported["low-1"], "low-1"))["employees"] == 4321
    good = await post_form(client, "/kelola/organization/low-1/angka",
                           {"employees": "12", "revenue_band": "micro", "export_share_pct": "5"})
    assert good.status_code == 303
    assert "Tersimpan" in (await client.get(good.headers["location"])).text
    assert (await services.figures.get(reported["low-1"], "low-1"))["employees"] == 12


async def test_figures_never_appear_anywhere_public(
        services: Services, reported: dict[str, Any], client: httpx.AsyncClient) -> None:
    public = [
        (await client.get("/organisasi/low-1")).text,
        (await client.get("/api/v1/organizations/low-1")).text,
        (await client.get("/api/v1/search?q=studio")).text,
        (await client.get("/ekosistem")).text,
        (await client.get("/ekosistem/csv/team_size_band")).text,
        json.dumps(await indexed_documents(services)),
        json.dumps([row async for row in services.profiles.export()], default=str),
    ]
    assert "Data terakhir dikonfirmasi" in public[0]  # each profile says how fresh it is
    for text in public:
        for secret in ("4321", "4326", "revenue_band", "export_share", "employees"):
            assert secret not in text


def read_csv(response: httpx.Response) -> list[list[str]]:
    """As a spreadsheet or pandas reads it: BOM, then the header row first."""
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_analyst_dashboard_and_csv(services: Services, reported: dict[str, Any],
                                         client: httpx.AsyncClient) -> None:
    assert (await client.get("/analis", follow_redirects=False)).status_code in (302, 303)
    await make_user(services, "warga@example.id")
    await log_in(client, "warga@example.id")
    assert (await client.get("/analis")).status_code == 403
    assert (await client.get("/analis/csv/figures")).status_code == 403

    for _ in range(3):
        await client.get("/api/v1/search", params={"q": "pembuat robot bawah laut"})
    await client.get("/api/v1/search", params={"q": "studio", "kecamatan": "sukun"})
    await unmet_demand.flushed()  # written off the request path
    await make_user(services, "analis@bappeda.example", "analyst")
    await log_in(client, "analis@bappeda.example")
    page = await client.get("/analis?by=kecamatan")
    assert page.status_code == 200
    assert "pembuat robot bawah laut" in page.text and "&lt; 5" in page.text
    assert "4321" not in page.text  # aggregates only
    for chart in ("reporting", "employees", "inquiries"):  # the tables drawn as well
        assert f'id="chart-{chart}"' in page.text
    assert 'href="/analis/xlsx?days=90"' in page.text

    answer = await client.get("/analis/csv/figures?by=kecamatan")
    lines = read_csv(answer)
    rows = {r[0]: r for r in lines[1:]}
    assert rows["klojen"][2:] == ["< 5"] * (len(lines[0]) - 2)
    lines = read_csv(await client.get("/analis/csv/figures"))
    assert lines[1][:5] == ["all", "Semua organisasi", "7", str(sum(range(4321, 4328))), "4324"]
    demand = read_csv(await client.get("/analis/csv/demand"))
    assert demand[1][:4] == ["pembuat robot bawah laut", "", "3", "3"]
    assert demand[2][:4] == ["studio", "kecamatan=sukun", "1", "1"]
    book = await client.get("/analis/xlsx")
    assert book.status_code == 200 and "analis_" in book.headers["content-disposition"]
    from openpyxl import load_workbook

    sheets = load_workbook(io.BytesIO(book.content))
    figures = sheets["figures-all"]
    assert figures["A1"].value == "value" and figures["A1"].font.bold
    assert figures.freeze_panes == "A2" and figures["C2"].value == 7
    assert sheets["demand"]["E2"].is_date
    bad = await client.get("/analis?days=7")
    assert bad.status_code == 400 and "days: salah satu dari 30, 90, 365" in bad.text


async def test_inquiries_per_month_by_subsector_and_service(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services, org(slug="games", subsectors=["pengembang-permainan", "aplikasi"],
                             services=["game_development"]),
               org(slug="apps", subsectors=["aplikasi"], services=["mobile_app"]))
    form = {"name": "Klien", "organization": "", "budget": "unknown", "timeline": "flexible",
            "message": "Kami butuh aplikasi dan game untuk pameran kota.",
            "client_country": "ID", "client_province": "35", "client_city": "35.73"}
    for n, slug in enumerate(("games", "games", "apps")):
        await services.inquiries.submit("organization", slug,
                                        {**form, "email": f"klien{n}@contoh.id"}, f"10.0.0.{n}")
    await make_user(services, "analis@bappeda.example", "analyst")
    await log_in(client, "analis@bappeda.example")
    month = datetime.now(UTC).strftime("%Y-%m")
    lines = read_csv(await client.get("/analis/csv/inquiries?by=subsector"))
    assert lines[0] == ["month", "aplikasi", "pengembang-permainan", "total"]
    assert lines[1] == [month, "3", "2", "5"]
    lines = read_csv(await client.get("/analis/csv/inquiries?by=service"))
    assert dict(zip(lines[0], lines[1], strict=True)) == {
        "month": month, "game_development": "2", "mobile_app": "1", "total": "3"}
    page = await client.get("/analis?inquiries_by=service")
    assert "Klien" not in page.text and "klien0@contoh.id" not in page.text


async def test_quarterly_reminder_goes_once_to_owners_who_have_not_reported(
        services: Services, reported: dict[str, Any], mailbox: Mailbox) -> None:
    await load(services, org(slug="belum-lapor"))
    await _own(services, "belum-lapor")
    await load(services, org(slug="tanpa-pemilik"))
    later = datetime(datetime.now(UTC).year + 1, 1, 5, tzinfo=UTC)  # next year's first quarter
    await services.figures.save(reported["low-1"], "low-1", {"employees": "5"})
    # This quarter: only the organization that never reported is reminded.
    assert await reminders.send_quarterly(services) == 1
    message = mailbox.last_to("owner@belum-lapor.example")
    assert "/kelola/organization/belum-lapor/angka" in link_in(message, "/kelola/organization")
    assert await reminders.send_quarterly(services) == 0  # once per quarter
    # Next quarter everyone who has not reported since is reminded again (7 published + 1).
    assert await reminders.send_quarterly(services, later) == 8
    assert await reminders.send_quarterly(services, later) == 0


async def test_a_reminder_claimed_by_a_process_that_died_is_sent_later(
        services: Services, mailbox: Mailbox) -> None:
    await load(services, org(slug="terputus"), org(slug="sedang-dikirim"))
    await _own(services, "terputus")
    await _own(services, "sedang-dikirim")
    now = datetime.now(UTC)
    quarter, _start = reminders.quarter_of(now)
    collection = services.profiles.db[reminders.COLLECTION]
    # One claim is two hours old (its process crashed before sending), one is fresh.
    await collection.insert_many([
        {"_id": f"terputus:{quarter}", "state": "sending",
         "claimed_at": now - timedelta(hours=2)},
        {"_id": f"sedang-dikirim:{quarter}", "state": "sending", "claimed_at": now}])
    assert await reminders.send_quarterly(services, now) == 1
    assert mailbox.last_to("owner@terputus.example") is not None
    assert (await collection.find_one({"_id": f"terputus:{quarter}"}))["state"] == "sent"
    assert (await collection.find_one({"_id": f"sedang-dikirim:{quarter}"}))["state"] == "sending"


async def test_seed_loads_fictional_figures_once_and_keeps_reported_ones(
        services: Services, settings: Settings) -> None:
    rows = (PROJECT_ROOT / "seeds" / "confidential.jsonl").read_text().splitlines()
    first = run_cli(settings, "seed")
    assert first.returncode == 0, first.stderr
    assert f"confidential figures: {len(rows)} added, 0 already there" in first.stdout
    slug = json.loads(rows[0])["slug"]
    owner = await _own(services, slug)
    await services.figures.save(owner, slug, {"employees": "77"})
    again = run_cli(settings, "seed")
    assert f"confidential figures: 0 added, {len(rows)} already there" in again.stdout
    # the demo inquiries and briefs with their clients' origins (seeds/demand.jsonl), once
    assert "demo demand by origin: 90 inquiries and 24 briefs added" in first.stdout
    assert "demo demand by origin: 0 inquiries and 0 briefs added" in again.stdout
    assert (await services.figures.get(owner, slug))["employees"] == 77
    row = (await services.figures.aggregate(None))["rows"][0]
    assert row["organizations"] >= 50 and row["employees_total"] is not None
