"""The curators' desk on real services: the queues as compact, searchable, sortable, paginated
lists (one row per item, the decision on the item's own page), bulk actions where safe with each
item audited as if decided alone, and the overview of pending work on the curator's start page.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.async_api import async_playwright

from directory.context import Services
from directory.curation.desk import Row, arrange
from directory.profiles.schema import PROFILE_ADAPTER
from directory.settings import Settings
from tests.factories import org
from tests.servers import serving
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web import PASSWORD, browser_log_in, log_in, make_user, post_form

START = datetime(2026, 1, 1, tzinfo=UTC)


def test_arrange_searches_sorts_and_cuts_pages() -> None:
    rows = [Row(f"k{i}", f"Studio {i:03d}", START + timedelta(days=i), "spam" if i % 2 else "")
            for i in range(45)]
    first = arrange(rows, at=START + timedelta(days=50))
    assert [r.key for r in first.rows][:2] == ["k0", "k1"] and first.pages == 3
    assert first.age(first.rows[0]) == 50
    last = arrange(rows, page=99)
    assert last.page == 3 and len(last.rows) == 5
    newest = arrange(rows, sort="age", desc=True)
    assert newest.rows[0].key == "k44"
    found = arrange(rows, q="studio 02")  # every word, anywhere: 002 and 020–029
    assert [r.name for r in found.rows] == ["Studio 002", *(f"Studio {i:03d}"
                                                           for i in range(20, 30))]
    assert arrange(rows, q="SPAM 003").total == 1
    assert arrange(rows, sort="nonsense").sort == "age"


async def _many(services: Services, n: int, **extra: object) -> list[dict[str, object]]:
    rows = [org(slug=f"studio-{i:03d}", name=f"Studio Antre {i:03d}",
                created_at=(START + timedelta(days=i)).isoformat(), **extra) for i in range(n)]
    await services.profiles.write([PROFILE_ADAPTER.validate_json(json.dumps(r)) for r in rows])
    return rows


async def _curator(client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")


async def test_queues_of_200_items_are_compact_lists_with_the_decision_on_the_item_page(
        client: httpx.AsyncClient, services: Services) -> None:
    await _many(services, 200)
    for i in range(200):
        await services.moderation.report("organization", f"studio-{i:03d}", {
            "reason": "spam" if i % 2 else "inaccurate",
            "message": f"Laporan nomor {i:03d} tentang profil ini"}, f"10.0.{i // 250}.{i % 250}")
    await _curator(client, services)
    for path in ("/kurasi/verifikasi", "/kurasi/laporan"):
        page = (await client.get(path)).text
        assert page.count('class="desk-row"') == 20, path
        assert "Halaman 1 dari 10" in page
        assert 'name="decision"' not in page and "<textarea" not in page  # no decision forms
        assert "Studio Antre 000" in page and "Studio Antre 020" not in page  # oldest first
        last = (await client.get(path, params={"page": 10})).text
        assert last.count('class="desk-row"') == 20 and "Studio Antre 199" in last
        found = (await client.get(path, params={"q": "antre 15"})).text
        assert found.count('class="desk-row"') == 12  # 015, 115 and 150–159
        by_name = (await client.get(path, params={"sort": "name", "arah": "turun"})).text
        assert by_name.index("Studio Antre 199") < by_name.index("Studio Antre 190")
    reports = (await client.get("/kurasi/laporan")).text
    assert "Spam atau iklan" in reports and ">spam<" not in reports  # words, not codes
    item = re.search(r'href="(/kurasi/laporan/[0-9a-f]{24})"', reports)
    assert item
    report_page = (await client.get(item.group(1))).text
    assert 'name="reason"' in report_page and "Laporan nomor" in report_page
    verify_page = (await client.get("/kurasi/verifikasi/studio-000")).text
    assert 'name="decision"' in verify_page and "<textarea" in verify_page


async def test_bulk_verify_only_where_safe_each_decision_audited_alone(
        client: httpx.AsyncClient, services: Services) -> None:
    safe = {"nib": "8120000000001", "kbli": ["62019"]}
    rows = [org(slug="studio-aman", name="Studio Aman", **safe),
            org(slug="studio-aman-dua", name="Studio Aman Dua",
                **{**safe, "nib": "8120000000002"}),
            org(slug="studio-tanpa-nib", name="Studio Tanpa NIB")]
    await services.profiles.write([PROFILE_ADAPTER.validate_json(json.dumps(r)) for r in rows])
    await _curator(client, services)
    page = (await client.get("/kurasi/verifikasi")).text
    assert 'value="studio-aman"' in page and 'value="studio-tanpa-nib"' not in page
    response = await post_form(client, "/kurasi/massal/verifikasi", {
        "slug": ["studio-aman", "studio-aman-dua", "studio-tanpa-nib"]})
    assert response.status_code == 303
    result = (await client.get(response.headers["location"])).text
    assert "Terverifikasi: 2" in result and "dilewati (perlu diperiksa satu per satu): 1" in result
    assert (await services.editor.current("organization", "studio-aman"))["verified"] is True
    assert not (await services.editor.current("organization", "studio-tanpa-nib")).get("verified")
    audit = services.profiles.db["audit_log"]
    entries = [e async for e in audit.find({"action": "verification_verified"})]
    assert sorted(e["slug"] for e in entries) == ["studio-aman", "studio-aman-dua"]
    assert all(e["actor_email"] == "kurator@kota.example" for e in entries)
    owner = await make_user(services, "pemilik@example.id")
    await log_in(client, owner.email)
    refused = await post_form(client, "/kurasi/massal/verifikasi", {"slug": "studio-tanpa-nib"})
    assert refused.status_code == 403


async def test_bulk_dismiss_reports_and_duplicates_and_the_overview(
        client: httpx.AsyncClient, services: Services) -> None:
    await _many(services, 4, nib="8120000000009")  # one NIB: every pair is a duplicate
    for i in range(3):
        await services.moderation.report("organization", f"studio-{i:03d}", {
            "reason": "spam", "message": "Iklan judi di deskripsi profil"}, f"10.1.0.{i}")
    await _curator(client, services)
    response = await client.get("/akun/masuk")
    assert response.status_code == 200
    overview = (await client.get("/kurasi")).text
    assert re.search(r'data-queue="reports">.*?<td class="num">3</td>', overview, re.S)
    assert re.search(r'data-queue="duplicates">.*?<td class="num">6</td>', overview, re.S)
    assert re.search(r'data-queue="verification">.*?<td class="num">4</td>', overview, re.S)
    assert "hari" in overview  # the oldest item's age
    english = (await client.get("/kurasi", params={"lang": "en"})).text
    assert "Pending work" in english and "Oldest" in english and "days" in english
    reports_en = (await client.get("/kurasi/laporan", params={"lang": "en"})).text
    assert "Spam or advertising" in reports_en and "Spam atau iklan" not in reports_en
    ids = re.findall(r'name="report" value="([0-9a-f]{24})"',
                     (await client.get("/kurasi/laporan")).text)
    assert len(ids) == 3
    dismissed = await post_form(client, "/kurasi/massal/laporan", {"report": ids[:2]})
    assert dismissed.status_code == 303
    assert (await client.get("/kurasi/laporan")).text.count('class="desk-row"') == 1
    audit = services.profiles.db["audit_log"]
    assert await audit.count_documents({"action": "report_dismissed"}) == 2
    pairs = re.findall(r'name="pair" value="([^"]+)"',
                       (await client.get("/kurasi/duplikat")).text)
    assert len(pairs) == 6
    done = await post_form(client, "/kurasi/massal/duplikat/organization", {"pair": pairs[:4]})
    assert done.status_code == 303
    assert (await client.get("/kurasi/duplikat")).text.count('class="desk-row"') == 2
    assert await audit.count_documents({"action": "duplicate_dismissed"}) == 4


@pytest.mark.browser
async def test_twenty_rows_fit_one_screen_in_a_real_browser(
        services: Services, settings: Settings) -> None:
    """200 items per queue; each page of 20 rows stays under one 844 px screen height, on a
    desktop (1280 px wide) and on a phone (390 px, less important columns hidden)."""
    await _many(services, 200, nib="8120000000009")  # every pair a duplicate
    for i in range(200):
        await services.moderation.report("organization", f"studio-{i:03d}", {
            "reason": "inaccurate", "message": f"Laporan nomor {i:03d}: data layanan dan "
            "kontak di profil ini sudah tidak benar lagi"}, f"10.0.{i // 250}.{i % 250}")
    await services.accounts.sign_up("kurator@kota.example", PASSWORD, "Kurator", role="curator",
                                    verified=True)
    with serving(settings) as url:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
            try:
                for width in (1280, 390):
                    page = await browser.new_page(viewport={"width": width, "height": 844})
                    await browser_log_in(page, url, "kurator@kota.example")
                    await page.wait_for_url("**/kurasi")  # a curator lands on the desk
                    for path in ("/kurasi/verifikasi", "/kurasi/laporan", "/kurasi/duplikat"):
                        await page.goto(url + path)
                        assert await page.locator("tr.desk-row").count() == 20
                        height = await page.evaluate("document.querySelector("
                                                     "'table.desk tbody').getBoundingClientRect()"
                                                     ".height")
                        assert 0 < height < 844, (width, path, height)
            finally:
                await browser.close()
