"""The results page on a 390×844 phone in a real Chromium, keyboard only, and axe-core on the
public pages (home, results, profile, ekosistem): no serious or critical violation."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from directory.context import Services
from directory.settings import PROJECT_ROOT, Settings
from tests.servers import serving
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(seeded_services: Services, seeded_settings: Settings) -> Iterator[str]:
    with serving(seeded_settings) as url:
        yield url


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            yield browser
        finally:
            await browser.close()


async def _phone(browser: Browser, **options: Any) -> Page:
    context = await browser.new_context(viewport=PHONE, **options)
    return await context.new_page()


async def _serious(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands."""
    await page.add_script_tag(path=str(AXE))
    violations = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations if v["impact"] in ("serious", "critical")]


async def test_axe_finds_no_serious_violation_on_the_public_pages(
        server: str, browser: Browser) -> None:
    for width in (PHONE, {"width": 1280, "height": 900}):
        # The app's CSP forbids inline scripts: the test lets itself inject axe-core.
        page = await (await browser.new_context(viewport=width, bypass_csp=True)).new_page()
        for path in ("/", "/cari?q=game&kecamatan=lowokwaru", "/organisasi/stasion",
                     "/ekosistem", "/?lang=en"):
            response = await page.goto(server + path)
            assert response is not None and response.status == 200, path
            assert await _serious(page) == [], (width, path)
        await page.close()


async def test_keyboard_reaches_the_first_result_in_ten_tabs_and_the_skip_link_jumps(
        server: str, browser: Browser) -> None:
    page = await _phone(browser)
    await page.goto(server + "/cari?q=game")
    first = await page.locator(".results .card h2 a").first.get_attribute("href")
    focused, presses = None, 0
    while focused != first and presses < 10:
        await page.keyboard.press("Tab")
        presses += 1
        focused = await page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == first, "the first result is not reached in 10 Tab presses"

    await page.goto(server + "/cari?q=game")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Lompat ke hasil"
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.getAttribute('href')") == first


async def test_phone_drawer_chips_and_anchor_after_a_filter_change(
        server: str, browser: Browser) -> None:
    page = await _phone(browser)
    await page.goto(server + "/cari?q=game")
    header = await page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 60  # compact: the menu folds away
    assert await page.locator(".nav-wide").is_hidden()
    summary = page.locator(".filter-drawer > summary")
    box = await summary.bounding_box()
    assert box is not None and box["y"] < 300  # the filters are reachable at the top
    facet = page.locator("#facet-kecamatan a").first
    assert await facet.is_hidden()  # a closed drawer on a phone
    await summary.click()
    assert await facet.is_visible()
    await facet.click()
    await page.wait_for_url("**kecamatan=**#hasil")
    # The page opens at the results, not at the top; the filter in force is a chip.
    results = await page.locator("#hasil").bounding_box()
    assert results is not None and abs(results["y"]) < 5
    chip = page.locator(".active-filters .chip a").first
    assert await page.locator(".active-filters .chip").count() == 1
    await chip.click()
    await page.wait_for_url("**/cari?q=game#hasil")
    assert await page.locator(".active-filters").count() == 0
    await page.goto(server + "/cari?q=game&kecamatan=klojen&available=true")
    await page.click(".active-filters .clear-all")
    await page.wait_for_url("**/cari?q=game#hasil")


async def test_refused_location_is_said_on_the_page(server: str, browser: Browser) -> None:
    page = await _phone(browser, permissions=[])  # location never granted
    await page.goto(server + "/cari?q=game")
    await page.click(".filter-drawer > summary")
    message = page.locator(".near-refused")
    assert await message.is_hidden()
    await page.click("button.near-me")
    await message.wait_for(state="visible", timeout=15000)
    assert "menolak" in await message.inner_text()
    assert "near=" not in page.url


async def test_autocomplete_is_a_combobox_driven_by_arrow_keys(
        server: str, browser: Browser) -> None:
    page = await _phone(browser)
    await page.goto(server + "/")
    box = page.locator("input[name=q]")
    assert await box.get_attribute("role") == "combobox"
    assert await box.get_attribute("aria-expanded") == "false"
    await box.press_sequentially("stas", delay=30)
    listbox = page.locator("#suggestions[role=listbox]")
    await listbox.wait_for(state="visible")
    assert await box.get_attribute("aria-expanded") == "true"
    assert await box.get_attribute("aria-controls") == "suggestions"
    options = page.locator("#suggestions [role=option]")
    assert await options.count() >= 1
    await box.press("ArrowDown")
    first_id = await options.nth(0).get_attribute("id")
    assert await box.get_attribute("aria-activedescendant") == first_id
    assert await options.nth(0).get_attribute("aria-selected") == "true"
    if await options.count() > 1:
        await box.press("ArrowDown")
        await box.press("ArrowUp")
        assert await box.get_attribute("aria-activedescendant") == first_id
    await box.press("Escape")
    assert await listbox.is_hidden() and await box.get_attribute("aria-expanded") == "false"
    assert await box.get_attribute("aria-activedescendant") is None
    await box.press("ArrowDown")  # opens the list again on the first option
    assert await box.get_attribute("aria-activedescendant") == first_id
    target = await options.nth(0).get_attribute("data-href")
    await box.press("Enter")
    assert target
    await page.wait_for_url(lambda url: url.endswith(target))
