"""The profile editor as a founder on a phone uses it (issue 18, items 1 and 2): names instead of
codes, bare domains, sections saved one at a time with a progress view, an error summary that
links to each field, a logo on create, and phone photos up to 15 MB downscaled on the server —
a bigger upload answered in the page, in the page's language, for the signed-in user."""

from __future__ import annotations

import io
import os

import httpx
import pytest
from PIL import Image

from directory.context import Services
from directory.i18n import current_language
from directory.profiles import inputs
from directory.profiles.media import MAX_BYTES
from directory.web.forms import profile_from_form
from directory.web.manage_pages import CREATE_BODY_LIMIT
from directory.web.sections import in_page_order, merged_form, progress
from directory.web.uploads import IMAGE_BODY_LIMIT
from tests.web import csrf, log_in, make_user, org_body, post_form

# --- pure: pickers and addresses ----------------------------------------------------------


@pytest.mark.parametrize(("typed", "codes"), [
    ("Indonesia, English", ["id", "en"]),
    ("Inggris, Bahasa Jawa, id", ["en", "jv", "id"]),
    ("bahasa indonesia, ENGLISH, Japanese", ["id", "en", "ja"]),
])
def test_language_names_in_either_language_become_codes(typed: str, codes: list[str]) -> None:
    found, errors = inputs.to_codes("language", "languages", typed.split(", "), "id")
    assert (found, errors) == (codes, [])


def test_country_names_and_codes_become_codes_once() -> None:
    found, errors = inputs.to_codes("country", "export_countries",
                                    ["Singapura", "Singapore", "jepang", "US", "Côte d’Ivoire"],
                                    "en")
    assert (found, errors) == (["SG", "JP", "US", "CI"], [])


def test_an_unknown_name_is_named_with_close_suggestions_in_the_page_language() -> None:
    _codes, errors = inputs.to_codes("country", "export_countries", ["Singapur"], "id")
    assert errors[0].field == "export_countries"
    assert "«Singapur»" in errors[0].reason and "Singapura" in errors[0].reason
    token = current_language.set("en")
    try:
        _codes, errors = inputs.to_codes("language", "languages", ["Englsh"], "en")
    finally:
        current_language.reset(token)
    assert errors[0].reason.startswith("unknown language: «Englsh». Did you mean: English")


@pytest.mark.parametrize(("typed", "url"), [
    ("studio.id", "https://studio.id"),
    ("www.studio.id/karya?x=1", "https://www.studio.id/karya?x=1"),
    ("http://studio.id", "http://studio.id"),
    ("play.google.com/store/apps/details?id=id.kopi", "https://play.google.com/store/apps/"
     "details?id=id.kopi"),
])
def test_bare_domains_become_https_addresses(typed: str, url: str) -> None:
    assert inputs.web_address(typed) == url


@pytest.mark.parametrize("typed", ["studio", "ftp://studio.id", "kopi studio.id", "https://",
                                   "javascript:alert(1)"])
def test_only_what_cannot_be_an_address_is_refused(typed: str) -> None:
    assert inputs.web_address(typed) is None


def test_links_box_takes_bare_addresses_and_never_says_required_when_something_was_typed(
        ) -> None:
    parsed = profile_from_form("organization", {"links": [
        "studio.id\nPlay Store | play.google.com/store\nInstagram |\nbukan alamat"]})
    reasons = [e.reason for e in parsed.errors if e.field == "links"]
    assert len(reasons) == 2 and not any("wajib diisi" in r for r in reasons)
    assert "«Instagram»" in reasons[0] and "«bukan alamat» bukan alamat web" in reasons[1]
    ok = profile_from_form("organization", {"links": ["studio.id\nPlay | play.google.com"]})
    assert ok.data["links"] == [{"label": "studio.id", "url": "https://studio.id"},
                                {"label": "Play", "url": "https://play.google.com"}]


def test_a_section_replaces_only_its_own_fields() -> None:
    stored = {"name": ["Studio Kopi"], "services": ["game_development"], "nib": ["1" * 13],
              "portfolio-0-title": ["A"], "accepting_projects": ["1"]}
    posted = {"skills": ["Unity"], "name": ["Diabaikan"], "_csrf_token": ["x"]}
    merged = merged_form("organization", "layanan", stored, posted)
    # Unticked boxes are absent from a post: the section's boxes are cleared, others kept.
    assert merged == {"name": ["Studio Kopi"], "nib": ["1" * 13], "portfolio-0-title": ["A"],
                      "skills": ["Unity"]}


def test_progress_names_each_section_and_what_it_misses() -> None:
    states = {s.key: s for s in progress("organization", org_body(status="draft"))}
    assert list(states) == ["dasar", "layanan", "portofolio", "tim", "lokasi", "kontak",
                            "publikasi"]
    assert states["kontak"].complete and not states["portofolio"].complete
    assert states["publikasi"].missing == [
        "Profil masih draf: terbitkan agar tampil di pencarian"]


# --- through the app ----------------------------------------------------------------------


def noisy_jpeg(target: int, quality: int = 95) -> bytes:
    """A photo-sized JPEG of about `target` bytes (noise does not compress)."""
    width = 3000
    height = max(16, int(target / 2.42 / width))
    for _attempt in range(4):
        pixels = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        out = io.BytesIO()
        pixels.save(out, format="JPEG", quality=quality, subsampling=0)
        size = len(out.getvalue())
        if abs(size - target) < target * 0.02:
            return out.getvalue()
        height = max(16, int(height * target / size * 0.995))
    return out.getvalue()


async def _owner(client: httpx.AsyncClient, services: Services, **extra: object) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(**extra))
    await log_in(client, owner.email)


async def test_sections_save_names_as_codes_and_leave_other_sections_alone(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services, status="draft", nib="1234567890123")
    saved = await post_form(client, "/kelola/organization/studio-kopi/bagian/layanan", {
        "services": "game_development", "languages": "Indonesia, Inggris",
        "export_countries": "Singapura", "links": "studio.id", "skills": "Unity"})
    assert saved.status_code == 303, saved.text[-2000:]
    assert saved.headers["location"].endswith("#bagian-layanan")
    stored = await services.editor.current("organization", "studio-kopi")
    assert stored["languages"] == ["id", "en"] and stored["export_countries"] == ["SG"]
    assert stored["links"] == [{"label": "studio.id", "url": "https://studio.id"}]
    assert stored["nib"] == "1234567890123" and stored["contact"] == {
        "email": "rahasia@studiokopi.example"}  # other sections untouched

    page = await client.get("/kelola/organization/studio-kopi")
    assert 'value="Indonesia, Inggris"' in page.text and 'value="Singapura"' in page.text
    assert 'href="#bagian-publikasi"' in page.text and "Profil masih draf" in page.text
    assert 'list="country-names"' in page.text and '<option value="Singapura">' in page.text

    where = await post_form(client, "/kelola/organization/studio-kopi/bagian/lokasi", {
        "kecamatan": "klojen", "lat": "-7.98", "lng": "112.63",
        "contact_address": "Jl. Kawi 9, lantai 2"})
    assert where.status_code == 303
    stored = await services.editor.current("organization", "studio-kopi")
    assert stored["kecamatan"] == "klojen" and stored["location"] == {"lat": -7.98,
                                                                      "lng": 112.63}
    assert stored["contact"]["address"] == "Jl. Kawi 9, lantai 2"  # private, like the email
    assert stored["languages"] == ["id", "en"]
    published = await post_form(client, "/kelola/organization/studio-kopi/bagian/publikasi",
                                {"status": "published"})
    assert published.status_code == 303
    public = await client.get("/organisasi/studio-kopi")
    assert public.status_code == 200 and "Jl. Kawi" not in public.text


async def test_an_error_in_one_section_is_summarised_on_top_and_marked_at_the_field(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services)
    response = await post_form(client, "/kelola/organization/studio-kopi/bagian/dasar", {
        "name": "Studio Kopi Baru", "org_type": "service_firm",
        "subsectors": "pengembang-permainan", "nib": "123", "founded_year": "2019"})
    assert response.status_code == 400
    page = response.text
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'role="alert"' in page.split('id="error-summary"')[0][-200:] + summary[:80]
    assert 'tabindex="-1"' in summary[:120]
    assert '<a href="#f-nib">NIB: harus tepat 13 angka</a>' in summary
    field = page.split('id="f-nib"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field and 'aria-describedby="nib-error"' in field
    # The message sits between the label and the input, not under the hint.
    assert page.index('id="nib-error"') < page.index('id="f-nib"')
    assert 'value="Studio Kopi Baru"' in page and 'value="2019"' in page  # input kept
    assert (await services.editor.current("organization", "studio-kopi"))["name"] == \
        "Studio Kopi"  # nothing written

    english = await post_form(client, "/kelola/organization/studio-kopi/bagian/layanan?lang=en",
                              {"languages": "Englsh", "links": "https://"})
    assert english.status_code == 400
    assert "Languages: unknown language: «Englsh». Did you mean: English" in english.text
    assert "is required" not in english.text  # something was typed


async def test_create_with_names_a_bare_domain_a_logo_and_a_first_portfolio_image(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "pendiri@kopi.example")
    await log_in(client, "pendiri@kopi.example")
    form = {"_csrf_token": await csrf(client), "slug": "kopi-studio", "name": "Kopi Studio",
            "org_type": "service_firm", "subsectors": "aplikasi", "kecamatan": "sukun",
            "status": "draft", "languages": "Inggris, Indonesia", "links": "kopi.studio",
            "export_countries": "Singapore", "portfolio-0-title": "Game A",
            "portfolio-0-client_country": "Jepang"}
    logo = noisy_jpeg(2_000_000)
    bad = await client.post("/kelola/baru/organization", data=form, files={
        "logo_file": ("logo.jpg", logo, "image/jpeg"),
        "portfolio_file": ("a.png", b"not an image", "image/png")})
    assert bad.status_code == 400 and '<a href="#f-image-portfolio">' in bad.text
    assert await services.profiles.collection("organization").count_documents({}) == 0
    assert "Pilih gambar ini lagi" in bad.text  # the good logo must be chosen again
    created = await client.post("/kelola/baru/organization", data=form, files={
        "logo_file": ("logo.jpg", logo, "image/jpeg"),
        "portfolio_file": ("a.png", noisy_jpeg(300_000), "image/jpeg")})
    assert created.status_code == 303, created.text[-3000:]
    stored = await services.editor.current("organization", "kopi-studio")
    assert stored["languages"] == ["en", "id"] and stored["export_countries"] == ["SG"]
    assert stored["links"][0]["url"] == "https://kopi.studio"
    assert stored["portfolio"][0]["client_country"] == "JP"
    assert set(await services.media.urls("organization", "kopi-studio")) == {
        "logo", "portfolio:Game A"}


async def test_a_15_mb_phone_photo_is_accepted_and_stored_downscaled(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services)
    photo = noisy_jpeg(15_300_000)
    assert 15_000_000 < len(photo) <= MAX_BYTES
    response = await client.post("/kelola/organization/studio-kopi/gambar?slot=logo",
                                 data={"slot": "logo", "_csrf_token": await csrf(client)},
                                 files={"file": ("IMG_0001.jpg", photo, "image/jpeg")})
    assert response.status_code == 303, response.text[-2000:]
    ref = await services.profiles.db["profile_images"].find_one({"slot": "logo"})
    data, meta = await services.media.read(str(ref["file_id"]))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "WEBP" and max(stored.size) == 512
    assert len(data) < 200_000 and meta["width"] == 512


@pytest.mark.parametrize(("lang", "message", "account"), [
    ("id", "gambar maksimal 15 MB", "Akun saya"),
    ("en", "image at most 15 MB", "My account"),
])
async def test_an_upload_over_the_route_limit_gets_the_field_error_in_the_page(
        client: httpx.AsyncClient, services: Services, lang: str, message: str,
        account: str) -> None:
    await _owner(client, services, portfolio=[{"title": "Game A"}])
    client.cookies.set("lang", lang)
    too_big = os.urandom(IMAGE_BODY_LIMIT + 1024)
    response = await client.post(
        "/kelola/organization/studio-kopi/gambar?slot=portfolio%3AGame%20A",
        data={"slot": "portfolio:Game A", "_csrf_token": await csrf(client)},
        files={"file": ("IMG_0002.jpg", too_big, "image/jpeg")})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert f'<html lang="{lang}">' in page and account in page  # signed in, as before
    assert '<a href="#f-image-portfolio-game-a">' in page
    field = page.split('id="f-image-portfolio-game-a"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field
    assert f'id="image-portfolio-game-a-error" role="alert">{message}</p>' in page
    assert 'name="_csrf_token" value=""' not in page  # the forms on the page still work
    assert await services.profiles.db["images.files"].count_documents({}) == 0


async def test_error_pages_keep_the_signed_in_header(client: httpx.AsyncClient,
                                                     services: Services) -> None:
    await _owner(client, services)
    refused = await client.post("/kelola/organization/studio-kopi/bagian/dasar",
                                data={"name": "tanpa token"})
    assert refused.status_code == 403 and "Akun saya" in refused.text
    assert "Masuk" not in refused.text.split("</header>")[0].split("<nav")[1]


async def test_an_iphone_heic_photo_is_accepted_and_stored_as_webp(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services)
    out = io.BytesIO()
    Image.new("RGB", (1008, 756), (30, 120, 200)).save(out, format="HEIF")
    response = await client.post("/kelola/organization/studio-kopi/gambar?slot=logo",
                                 data={"slot": "logo", "_csrf_token": await csrf(client)},
                                 files={"file": ("IMG_0003.HEIC", out.getvalue(),
                                                 "image/heic")})
    assert response.status_code == 303, response.text[-2000:]
    ref = await services.profiles.db["profile_images"].find_one({"slot": "logo"})
    data, _meta = await services.media.read(str(ref["file_id"]))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "WEBP" and stored.size == (512, 384)


async def test_a_create_form_over_its_limit_answers_in_the_page_and_writes_nothing(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "pendiri@kopi.example")
    await log_in(client, "pendiri@kopi.example")
    response = await client.post(
        "/kelola/baru/organization",
        data={"_csrf_token": await csrf(client), "slug": "kopi-studio", "name": "Kopi"},
        files={"logo_file": ("a.jpg", os.urandom(CREATE_BODY_LIMIT // 2), "image/jpeg"),
               "portfolio_file": ("b.jpg", os.urandom(CREATE_BODY_LIMIT // 2), "image/jpeg")})
    assert response.status_code == 413 and "Akun saya" in response.text
    assert '<a href="#f-image-logo">Logo: gambar maksimal 15 MB. Isian lain' in response.text
    assert await services.profiles.collection("organization").count_documents({}) == 0


async def test_a_talent_saves_a_section_with_language_names(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "sari@talenta.example")
    await services.editor.create(owner, "talent", {
        "slug": "sari-dewi", "name": "Sari Dewi", "roles": ["game_artist"],
        "subsectors": ["pengembang-permainan"], "kecamatan": "klojen"})
    await log_in(client, owner.email)
    saved = await post_form(client, "/kelola/talent/sari-dewi/bagian/layanan?lang=en", {
        "languages": "Indonesian, English", "links": "sari.art", "availability": "freelance",
        "rate_min": "100.000"})
    assert saved.status_code == 303
    stored = await services.editor.current("talent", "sari-dewi")
    assert stored["languages"] == ["id", "en"] and stored["roles"] == ["game_artist"]
    assert stored["links"] == [{"label": "sari.art", "url": "https://sari.art"}]
    assert stored["hourly_rate_idr"] == {"min": 100000}
    page = await client.get("/kelola/talent/sari-dewi?lang=en")
    assert 'value="Indonesian, English"' in page.text and 'id="pin-map"' not in page.text
    unknown = await post_form(client, "/kelola/talent/sari-dewi/bagian/nomor-sembilan", {})
    assert unknown.status_code == 404


def test_the_summary_lists_errors_in_the_order_of_the_page() -> None:
    errors = {"languages": "a", "nib": "b", "kecamatan": "c", "slug": "d", "image-logo": "e",
              "portfolio-1-url": "f", "status": "g", "name": "h"}
    assert list(in_page_order("organization", errors)) == [
        "slug", "name", "nib", "image-logo", "languages", "portfolio-1-url", "kecamatan",
        "status"]
