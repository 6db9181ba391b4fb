"""Issue 14's journey in a real headless Chromium against a real `directory serve` process:
a client on a phone (390×844) shortlists three studios from the search results and compares
two, posts a brief they match, two firms' owners answer "interested" and the third "not for
us" (each in their own browser), the client chooses one — its contact opens only then and
only for that firm — marks the project done and reviews it; the review shows on the studio's
profile and ranks it first when search is sorted by rating. Every step through the pages, as a
person clicks and types (the client's phone runs the page script, the owners' browsers none)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, Page, async_playwright

from directory.context import Services
from directory.settings import Settings
from tests.factories import org
from tests.helpers import load
from tests.mailbox import Mailbox, text_of
from tests.servers import serving
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web import PASSWORD, grant, make_user

pytestmark = pytest.mark.browser

CLIENT = "klien@pembeli.example"
STUDIOS = {"arjuna": ("Studio Game Arjuna", "pemilik@arjuna.example"),
           "bromo": ("Studio Game Bromo", "pemilik@bromo.example"),
           "cakra": ("Studio Game Cakra", "pemilik@cakra.example")}
CONTACTS = {slug: (f"halo@{slug}.example", f"+62 811-0000-000{n}")
            for n, slug in enumerate(STUDIOS, 1)}
NOTES = {"bromo": "Kami pernah membuat dua game edukasi Android.",
         "cakra": "Tim kami siap mulai bulan depan, lengkap dengan artis 2D."}
REVIEW = "Cakra mengirim game tepat waktu, rapi, dan mudah diajak berdiskusi."


@pytest.fixture
def empty_server(services: Services, settings: Settings) -> Iterator[str]:
    with serving(settings) as url:
        yield url


async def _nav(page: Page, name: str, css: str | None = None) -> None:
    """A header link (by its name, or a CSS selector) as a person reaches it: on a phone
    through the Menu disclosure."""
    menu = page.locator("details.nav-menu")
    if await menu.is_visible():
        if await menu.get_attribute("open") is None:
            await menu.locator("summary").click()
        where = menu
    else:
        where = page.locator("nav.nav-wide")
    link = where.locator(css) if css else where.get_by_role("link", name=name, exact=True)
    await link.click()


async def _log_in(browser: Browser, url: str, email: str, phone: bool = False) -> Page:
    """A new browser (its own cookies), signed in through the log-in form."""
    context = await browser.new_context(
        viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900},
        java_script_enabled=phone)  # the owners' desktops run no script: plain forms do it
    page = await context.new_page()
    page.set_default_timeout(15_000)  # a missing control fails sooner than in 30 s
    await page.goto(url + "/")
    await _nav(page, "Masuk")
    await page.wait_for_url("**/akun/masuk**")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Kata sandi").fill(PASSWORD)
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url("**/akun")
    return page


async def _fits_the_phone(page: Page) -> None:
    """The page itself never scrolls sideways on the 390 px wide phone."""
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


async def _answer(browser: Browser, url: str, slug: str, title: str, interested: bool
                  ) -> Page:
    """The firm's owner opens "briefs for you" from their account and answers; their page
    (still signed in) is returned."""
    page = await _log_in(browser, url, STUDIOS[slug][1])
    await page.get_by_role("link", name=STUDIOS[slug][0]).click()
    await page.wait_for_url(f"**/kelola/organization/{slug}**")
    await page.get_by_role("link", name="Brief untuk Anda").click()
    await page.wait_for_url(f"**/kelola/organization/{slug}/brief")
    assert "belum menjawab" in await page.locator("main").inner_text()
    await page.get_by_role("link", name=title).click()
    await page.wait_for_url("**/brief/*")
    main = page.locator("main")
    assert CLIENT not in await main.inner_text()  # the client's address: not before the choice
    if interested:
        await page.get_by_label("Tertarik").check()
        await page.get_by_label("Catatan singkat untuk klien").fill(NOTES[slug])
    else:
        await page.get_by_label("Tidak cocok untuk kami").check()
    await page.get_by_role("button", name="Kirim jawaban").click()
    await page.wait_for_url("**dijawab=1")
    text = await main.inner_text()
    assert "Jawaban Anda tersimpan." in text
    assert ("tertarik" if interested else "tidak cocok") in text
    return page


async def test_shortlist_compare_brief_answers_choice_review_and_rating(
        services: Services, empty_server: str, mailbox: Mailbox) -> None:
    url = empty_server
    await load(services, *[
        org(slug=slug, name=name, services=["game_development", "game_art"],
            platforms=["android", "web"], team_size=4 + n, founded_year=2016 + n,
            min_budget_idr=20_000_000, accepting_projects=True, accepts_briefs=True,
            languages=["id", "en"], subsectors=["pengembang-permainan"],
            contact={"email": CONTACTS[slug][0], "phone": CONTACTS[slug][1]})
        for n, (slug, (name, _owner)) in enumerate(STUDIOS.items())])
    await make_user(services, CLIENT)
    for slug, (_name, owner) in STUDIOS.items():
        await grant(services, await make_user(services, owner), slug)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            # 1. The client signs in, searches, shortlists three studios, compares two.
            page = await _log_in(browser, url, CLIENT, phone=True)
            main = page.locator("main")
            await page.get_by_role("link", name="Direktori Kreatif Malang").click()
            await page.get_by_label("Cari", exact=True).fill("studio game")
            await page.get_by_label("Cari", exact=True).press("Enter")
            await page.wait_for_url("**/cari?q=studio+game**")
            assert (await page.locator("#results-title").inner_text()).startswith("3 hasil")
            for n in range(3):
                card = page.locator(".card").nth(n)
                await card.get_by_role("button", name="Tambah ke daftar pendek").click()
                await page.wait_for_load_state()
            assert await page.locator(".shortlist-link .count").first.text_content() == "3"
            await _nav(page, "Daftar pendek", css=".shortlist-link")
            await page.wait_for_url("**/daftar-pendek")
            assert await page.get_by_role("checkbox").count() == 3
            await page.get_by_role("checkbox", name="Studio Game Arjuna").check()
            await page.get_by_role("checkbox", name="Studio Game Cakra").check()
            await page.get_by_role("button", name="Bandingkan yang dipilih").click()
            await page.wait_for_url("**/daftar-pendek/bandingkan?**")
            compared = await page.locator("table.compare").inner_text()
            assert "Studio Game Arjuna" in compared and "Studio Game Cakra" in compared
            assert "Studio Game Bromo" not in compared and "Ukuran tim" in compared

            # 2. A brief the three match (they accept briefs).
            await _nav(page, "Kirim brief")
            await page.wait_for_url("**/brief/baru")
            title = "Game edukasi matematika untuk SD"
            await page.get_by_label("Judul proyek").fill(title)
            await page.get_by_label("Apa yang perlu dibuat").fill(
                "Game edukasi Android untuk murid SD kelas 1–3: 2D, sepuluh level, dua bahasa.")
            await page.get_by_role("checkbox", name="Pengembangan game").check()
            await page.get_by_role("checkbox", name="Android").check()
            await page.get_by_label("Kisaran anggaran").select_option(label="Rp50–200 juta")
            await page.get_by_label("Perkiraan waktu").select_option(index=2)
            await page.get_by_label("Provinsi (di Indonesia)").select_option(label="Jambi")
            await page.get_by_label("Kota/kabupaten (opsional)").select_option(label="Kota Jambi")
            await _fits_the_phone(page)
            await page.get_by_role("button", name="Kirim brief").click()
            await page.wait_for_url("**/brief/*?terkirim=1")
            brief_url = page.url.split("?")[0]
            text = await main.inner_text()
            assert "Brief tersimpan dan dikirim ke 3 profil yang paling cocok." in text
            for name, _owner in STUDIOS.values():
                assert name in text
            assert "Belum ada profil yang menerima brief ini." not in text
            for _name, owner in STUDIOS.values():  # through the real SMTP sink
                routed = mailbox.last_to(owner)
                assert routed["Subject"] == f"Brief proyek baru: {title}"
                assert CLIENT not in text_of(routed)

            # 3. Two owners are interested, with a note; the third declines.
            owners = {slug: await _answer(browser, url, slug, title, interested=slug != "arjuna")
                      for slug in ("bromo", "cakra", "arjuna")}

            # 4. The client sees both answers, chooses Cakra: its contact, and only its.
            await page.goto(brief_url)
            text = await main.inner_text()
            assert NOTES["bromo"] in text and NOTES["cakra"] in text and "tidak cocok" in text
            for email, phone in CONTACTS.values():
                assert email not in text and phone not in text
            choose = page.get_by_role("button", name="Pilih dan tukar kontak")
            assert await choose.count() == 2  # not for the firm that declined
            cakra = page.locator("article.answer", has_text="Studio Game Cakra")
            await cakra.get_by_role("button", name="Pilih dan tukar kontak").click()
            await page.wait_for_url("**dipilih=1")
            text = await main.inner_text()
            assert "Pilihan tersimpan; kontak kedua pihak kini terbuka." in text
            await _fits_the_phone(page)
            assert CONTACTS["cakra"][0] in await cakra.inner_text()
            assert CONTACTS["cakra"][1] in await cakra.inner_text()
            for slug in ("arjuna", "bromo"):
                assert CONTACTS[slug][0] not in text and CONTACTS[slug][1] not in text
            # ... and the client's address opens to Cakra's owner, to nobody else
            assert CLIENT in text_of(mailbox.last_to(STUDIOS["cakra"][1], count=2))
            for slug in ("arjuna", "bromo"):
                assert len(mailbox.to(STUDIOS[slug][1])) == 1  # the brief, nothing since
            for slug, owner_page in owners.items():
                await owner_page.reload()
                assert (CLIENT in await owner_page.locator("main").inner_text()) == (
                    slug == "cakra")
                await owner_page.context.close()

            # 5. Their project, linked from the brief: mark it done, review it through the form.
            await cakra.get_by_role("link", name="Proyek Anda dengan Studio Game Cakra").click()
            await page.wait_for_url("**/keterlibatan/*")
            assert "dikonfirmasi klien" in await main.inner_text()
            await page.get_by_role("button", name="Tandai proyek selesai").click()
            await page.wait_for_load_state()
            assert "selesai" in await main.inner_text()
            await page.get_by_role("link", name="Tulis ulasan").click()
            await page.wait_for_url("**/keterlibatan/*/ulasan**")
            await page.get_by_label("Kualitas hasil").select_option("5")
            await page.get_by_label("Ketepatan jadwal").select_option("4")
            await page.get_by_label("Kesesuaian biaya").select_option("4")
            await page.get_by_label("Seberapa mungkin").select_option("9")
            await page.get_by_label("Cerita Anda").fill(REVIEW)
            await _fits_the_phone(page)
            await page.get_by_role("button", name="Terbitkan ulasan").click()
            await page.wait_for_load_state()
            assert "Terima kasih atas ulasan Anda" in await main.inner_text()

            # 6. On the profile (average and count), and first when sorted by rating.
            await page.get_by_role("link", name="Lihat profil").click()
            await page.wait_for_url("**/organisasi/cakra")
            reviews = await page.locator("#ulasan").inner_text()
            assert "4,33 dari 5" in reviews and "1 ulasan" in reviews and REVIEW in reviews
            assert CLIENT not in await page.content()
            # The index follows the review through the outbox, asynchronously by design.
            assert await services.sync.wait_until_applied(), "search outbox not applied"
            await page.goto(url + "/cari?q=studio+game&sort=name")
            names = page.locator(".card :is(h2, h3)")
            assert (await names.first.inner_text()).strip() == "Studio Game Arjuna"
            drawer = page.locator("details.filter-drawer")  # closed on a phone
            if await drawer.get_attribute("open") is None:
                await drawer.locator("summary").click()
            await page.get_by_label("Urutkan").select_option(label="Ulasan terbaik")
            await page.wait_for_url("**sort=rating**")
            assert (await names.first.inner_text()).strip() == "Studio Game Cakra"
            first = await page.locator(".card").first.inner_text()
            assert "★ 4,33 (1 ulasan)" in first
            await _fits_the_phone(page)

            # The same in English, through the language switch.
            await _nav(page, "English")
            await page.wait_for_url("**lang=en**")
            assert (await names.first.inner_text()).strip() == "Studio Game Cakra"
            assert "★ 4.33 (1 review)" in await page.locator(".card").first.inner_text()
            await _nav(page, "Bahasa Indonesia")
            await page.wait_for_url("**lang=id**")

            # ... and their projects list it as reviewed.
            await _nav(page, "Akun saya")
            await page.get_by_role("link", name="Proyek saya sebagai klien").click()
            await page.wait_for_url("**/akun/proyek")
            project = await page.locator("article", has_text="Studio Game Cakra").inner_text()
            assert "sudah diulas" in project
        finally:
            await browser.close()
