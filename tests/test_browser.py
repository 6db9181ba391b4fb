"""A real headless Chromium (Debian's) against a real `directory serve` process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.async_api import async_playwright

from directory.context import Services
from directory.settings import PROJECT_ROOT, Settings
from tests.helpers import eventually
from tests.mailbox import Mailbox
from tests.servers import serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]

pytestmark = pytest.mark.browser


@pytest.fixture
def server(seeded_services: Services, seeded_settings: Settings) -> Iterator[str]:
    with serving(seeded_settings) as url:
        yield url


@pytest.fixture
def empty_server(services: Services, settings: Settings) -> Iterator[str]:
    with serving(settings) as url:
        yield url


async def test_search_then_open_a_profile(server: str, tmp_path: object) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            page = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
            await page.goto(server + "/")
            assert await page.get_attribute("html", "lang") == "id"
            await page.fill("input[name=q]", "game")
            await page.press("input[name=q]", "Enter")
            await page.wait_for_url("**/cari?q=game")
            heading = await page.text_content("#results-title")
            assert heading is not None and "hasil untuk" in heading
            first = page.locator(".results .card h2 a").first
            name = (await first.inner_text()).strip()
            assert "game" in (await page.locator(".card").first.inner_text()).lower()
            await first.click()
            await page.wait_for_url("**/organisasi/**")
            assert (await page.locator("h1").inner_text()).startswith(name)
            body = await page.content()
            assert "@" not in await page.locator("main").inner_text()  # no e-mail address
            assert "Kontak pribadi tidak ditampilkan" in body

            # Facet links work without JavaScript and narrow the results.
            await page.goto(server + "/cari?q=game")
            before = await page.text_content("#results-title")
            await page.click(".filter-drawer > summary")  # a closed drawer on a phone
            await page.click("#facet-kecamatan a >> nth=0")
            await page.wait_for_url("**kecamatan=**")
            after = await page.text_content("#results-title")
            assert before and after and int(after.split()[0]) < int(before.split()[0])
            assert await page.locator("#facet-kecamatan a.on").count() == 1
            await page.screenshot(path=str(PROJECT_ROOT / "var" / "browser-search.png"))
        finally:
            await browser.close()


async def test_sign_up_verify_create_and_find_a_profile(empty_server: str, mailbox: Mailbox
                                                        ) -> None:
    """The issue's 'done when', in a real browser: sign up, verify by the emailed link, create
    and publish a profile through the form, and find it in search."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            page = await browser.new_page()
            await page.goto(empty_server + "/akun/daftar")
            await page.fill("#f-email", "pendiri@kopistudio.example")
            await page.fill("#f-name", "Pendiri")
            await page.fill("#f-password", "rahasia-sekali-2026")
            await page.fill("#f-password_again", "rahasia-sekali-2026")
            await page.click("button[type=submit]")
            await page.wait_for_selector("text=Periksa email Anda")
            link = mailbox.link_to("pendiri@kopistudio.example", "/akun/verifikasi")
            await page.goto(empty_server + link)
            assert "terverifikasi" in await page.inner_text("main")

            await page.goto(empty_server + "/kelola/baru/organization")
            await page.fill("#f-slug", "kopi-studio")
            await page.fill("#f-name", "Kopi Studio")
            await page.fill("#f-headline", "Studio game mobile di Lowokwaru")
            await page.select_option("#f-status", "published")
            await page.select_option("#f-org_type", "service_firm")
            await page.check("input[name=subsectors][value=pengembang-permainan]")
            await page.select_option("#f-kecamatan", "lowokwaru")
            await page.fill("#f-founded_year", "2021")
            await page.fill("#f-nib", "12345")  # a mistake first
            await page.click("form.profile-form button[type=submit]")
            assert "harus tepat 13 angka" in await page.inner_text("#nib-error")
            assert await page.input_value("#f-name") == "Kopi Studio"  # input kept
            await page.fill("#f-nib", "")
            await page.click("form.profile-form button[type=submit]")
            await page.wait_for_url("**/kelola/organization/kopi-studio?tersimpan=1")
            assert "Kelengkapan" in await page.inner_text("main")

            async def listed() -> int:  # indexing is asynchronous
                await page.goto(empty_server + "/cari?q=kopi+studio")
                return await page.locator(".results .card h2 a").count()

            await eventually(listed, "new profile on the search page")
            assert "Kopi Studio" in await page.locator(".results .card h2 a").first.inner_text()
        finally:
            await browser.close()
