"""A founder on a phone (390×844) in a real headless Chromium against a real `directory serve`:
creates a profile with names instead of codes, a bare domain and a 12 MB photo as logo, meets
an error shown on top and next to its field with the input kept, saves a section, drops a pin on
the offline map and publishes."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.async_api import async_playwright

from directory.context import Services
from directory.settings import Settings
from directory.web.uploads import IMAGE_BODY_LIMIT
from tests.servers import serving
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_editor import noisy_jpeg
from tests.web import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_server(services: Services, settings: Settings) -> Iterator[str]:
    with serving(settings) as url:
        yield url


async def test_a_founder_on_a_phone_creates_fixes_and_publishes_a_profile(
        empty_server: str, services: Services) -> None:
    await make_user(services, "pendiri@kopistudio.example")
    photo = noisy_jpeg(12_000_000)
    logo = {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            page = await browser.new_page(viewport={"width": 390, "height": 844})
            await page.goto(empty_server + "/akun/masuk?next=/kelola/baru/organization")
            await page.fill("#f-email", "pendiri@kopistudio.example")
            await page.fill("#f-password", PASSWORD)
            await page.click("main button[type=submit]")
            await page.wait_for_url("**/kelola/baru/organization")
            assert "Profil baru dimulai sebagai draf" in await page.inner_text("main")

            await page.fill("#f-slug", "kopi-studio")
            await page.fill("#f-name", "Kopi Studio")
            await page.select_option("#f-org_type", "service_firm")
            await page.check("input[name=subsectors][value=pengembang-permainan]")
            await page.fill("#f-nib", "12345")  # a mistake
            await page.fill("#f-languages", "Inggris, Indonesia")
            await page.fill("#f-export_countries", "Singapura")
            await page.fill("#f-links", "kopistudio.id")
            await page.select_option("#f-kecamatan", "lowokwaru")
            await page.set_input_files("#f-image-logo", files=[logo])
            await page.click("form.profile-form button[type=submit]")

            summary = page.locator("#error-summary")
            await summary.wait_for()
            assert await page.evaluate("document.activeElement.id") == "error-summary"
            box = await summary.bounding_box()
            assert box is not None and box["y"] < 844  # on the first screen
            await page.click("#error-summary a[href='#f-nib']")
            assert await page.evaluate("document.activeElement.id") == "f-nib"
            assert "harus tepat 13 angka" in await page.inner_text("#nib-error")
            assert await page.get_attribute("#f-nib", "aria-invalid") == "true"
            assert await page.input_value("#f-name") == "Kopi Studio"  # input kept
            assert await page.input_value("#f-languages") == "Inggris, Indonesia"
            await page.fill("#f-nib", "")
            await page.set_input_files("#f-image-logo", files=[logo])  # files are not kept
            await page.click("form.profile-form button[type=submit]")
            await page.wait_for_url("**/kelola/organization/kopi-studio?tersimpan=1")

            stored = await services.editor.current("organization", "kopi-studio")
            assert stored["status"] == "draft"
            assert stored["languages"] == ["en", "id"] and stored["export_countries"] == ["SG"]
            assert stored["links"] == [{"label": "kopistudio.id",
                                        "url": "https://kopistudio.id"}]
            ref = await services.profiles.db["profile_images"].find_one({"slot": "logo"})
            data, _meta = await services.media.read(str(ref["file_id"]))
            with Image.open(io.BytesIO(data)) as stored_logo:
                assert max(stored_logo.size) == 512  # 12 MB in, downscaled on the server

            # A photo over the route's limit: the same page, the message at the file field,
            # still signed in (through the real server and browser, not a connection reset).
            too_big = {"name": "IMG_2042.jpg", "mimeType": "image/jpeg",
                       "buffer": os.urandom(IMAGE_BODY_LIMIT + 4 * 1024 * 1024)}
            await page.set_input_files("#f-image-logo", files=[too_big])
            await page.click("#gambar form:has(#f-image-logo) button[type=submit]")
            await page.locator("#image-logo-error").wait_for()
            assert await page.inner_text("#image-logo-error") == "gambar maksimal 15 MB"
            assert "Akun saya" in (await page.text_content("header") or "")  # in the menu
            assert await page.get_attribute("#f-image-logo", "aria-invalid") == "true"

            # One section with a mistake: the others are not touched, the input is kept.
            await page.fill("#bagian-layanan #f-languages", "Inggris, Klingon")
            await page.click("#bagian-layanan button[type=submit]")
            await page.locator("#error-summary").wait_for()
            assert "Klingon" in await page.inner_text("#error-summary")
            assert "Klingon" in await page.inner_text("#languages-error")
            assert await page.input_value("#f-languages") == "Inggris, Klingon"
            await page.fill("#f-languages", "Inggris, Jawa")
            await page.click("#bagian-layanan button[type=submit]")
            await page.wait_for_url("**tersimpan=layanan**")

            # A pin on the offline map, no coordinates typed.
            await page.click("#pin-map", position={"x": 100, "y": 70})
            assert await page.input_value("#f-lat") != ""
            await page.fill("#f-contact_address", "Jl. Soekarno-Hatta 9, lantai 2")
            await page.click("#bagian-lokasi button[type=submit]")
            await page.wait_for_url("**tersimpan=lokasi**")

            await page.select_option("#f-status", "published")
            await page.click("#bagian-publikasi button[type=submit]")
            await page.wait_for_url("**tersimpan=publikasi**")
            stored = await services.editor.current("organization", "kopi-studio")
            assert stored["status"] == "published" and stored["languages"] == ["en", "jv"]
            assert -8.5 <= stored["location"]["lat"] <= -7.7
            await page.goto(empty_server + "/organisasi/kopi-studio")
            assert "Kopi Studio" in await page.inner_text("h1")
            assert "Soekarno-Hatta" not in await page.content()
        finally:
            await browser.close()
