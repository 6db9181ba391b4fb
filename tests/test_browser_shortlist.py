"""Shortlist → compare on a phone (390×844), in a real headless Chromium against a real
`directory serve` process, with JavaScript off: the plain forms alone must do it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.async_api import async_playwright

from directory.context import Services
from directory.settings import PROJECT_ROOT, Settings
from tests.factories import org
from tests.helpers import load
from tests.servers import serving
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_server(services: Services, settings: Settings) -> Iterator[str]:
    with serving(settings) as url:
        yield url


async def test_add_three_studios_then_compare_two_on_a_phone(
        services: Services, empty_server: str) -> None:
    await load(services, *[
        org(slug=f"studio-game-{n}", name=f"Studio Game {name}", services=["game_development",
            "game_art", "ui_ux_design"], platforms=["android", "ios", "web"], team_size=5 * n,
            founded_year=2015 + n, markets=["national", "international"],
            min_budget_idr=25_000_000 * n, accepting_projects=True, languages=["id", "en"],
            subsectors=["pengembang-permainan"])
        for n, name in ((1, "Arjuna"), (2, "Bromo"), (3, "Cakra"))])
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            context = await browser.new_context(viewport={"width": 390, "height": 844},
                                                java_script_enabled=False)
            page = await context.new_page()
            await page.goto(empty_server + "/cari?q=studio+game")
            for n in range(3):
                card = page.locator(".card").nth(n)
                await card.get_by_role("button", name="Tambah ke daftar pendek").click()
                await page.wait_for_load_state()
            # the header's count (printed in the wide nav and in the phone's menu)
            assert await page.locator(".shortlist-link .count").first.text_content() == "3"
            assert await page.get_by_role("button", name="Di daftar pendek — hapus").count() == 3

            await page.click("details.nav-menu summary")  # the phone's menu (no script needed)
            await page.click("details.nav-menu .shortlist-link")
            await page.wait_for_url("**/daftar-pendek")
            boxes = page.get_by_role("checkbox")
            assert await boxes.count() == 3
            await boxes.nth(0).check()
            await boxes.nth(2).check()
            await page.get_by_role("button", name="Bandingkan yang dipilih").click()
            await page.wait_for_url("**/daftar-pendek/bandingkan?**")
            table = page.locator("table.compare")
            assert await table.locator("thead th").count() == 3  # labels + two studios
            text = await table.inner_text()
            assert "Ukuran tim" in text and "Rp75.000.000" in text and "Rp25.000.000" in text
            assert "Studio Game Bromo" not in text

            # Readable on the phone: the page itself never scrolls sideways; the table does,
            # inside its own box, and the field names stay in view while it does.
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390
            label = table.locator("tbody th").first
            before = await label.bounding_box()
            await page.locator(".compare-scroll").evaluate("e => { e.scrollLeft = 400; }")
            after = await label.bounding_box()
            assert before and after and abs(before["x"] - after["x"]) < 1
            assert await page.locator(".compare-scroll").evaluate("e => e.scrollLeft") > 0
            await page.screenshot(path=str(PROJECT_ROOT / "var" / "browser-compare.png"),
                                  full_page=True)
        finally:
            await browser.close()
