"""Found on the web: a crawler's view of the directory (robots.txt, the sitemaps, every listed
profile in both languages with its JSON-LD, Open Graph and language alternates, read with a real
extraction library), sitemaps that follow status changes, and the icons and manifest."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import extruct
import httpx
import pytest
from lxml import html as lxml_html

from directory.accounts.service import now
from directory.context import Services
from directory.curation.verification import add_months
from directory.web import artwork, crawl_pages
from tests.factories import org, talent
from tests.helpers import load
from tests.web import grant, log_in, make_user

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ORG_TYPES = {"Organization", "ProfessionalService"}


def local(url: str) -> str:
    """An absolute address of the site as the test client's path (+ query)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def sitemap_urls(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    """Walk the sitemap index: every <loc> with its lastmod and hreflang alternates."""
    index = await client.get("/sitemap.xml")
    assert index.status_code == 200 and index.headers["content-type"].startswith(
        "application/xml")
    root = ElementTree.fromstring(index.content)
    urls: dict[str, dict[str, Any]] = {}
    for loc in root.findall("sm:sitemap/sm:loc", NS):
        response = await client.get(local(loc.text or ""))
        assert response.status_code == 200, loc.text
        urlset = ElementTree.fromstring(response.content)
        entries = urlset.findall("sm:url", NS)
        assert len(entries) <= 50_000
        for entry in entries:
            address = entry.findtext("sm:loc", namespaces=NS) or ""
            urls[address] = {
                "lastmod": entry.findtext("sm:lastmod", namespaces=NS),
                "alternates": {link.get("hreflang"): link.get("href")
                               for link in entry.findall("xhtml:link", NS)}}
    return urls


def page_links(text: str) -> dict[str, Any]:
    tree = lxml_html.fromstring(text)
    return {
        "canonical": tree.xpath("string(//link[@rel='canonical']/@href)"),
        "alternates": {el.get("hreflang"): el.get("href")
                       for el in tree.xpath("//link[@rel='alternate'][@hreflang]")},
        "description": tree.xpath("string(//meta[@name='description']/@content)"),
        "title": tree.xpath("string(//title)"),
        "twitter": {el.get("name"): el.get("content")
                    for el in tree.xpath("//meta[starts-with(@name, 'twitter:')]")},
        "lang": tree.xpath("string(/html/@lang)"),
    }


def structured(text: str, url: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """JSON-LD items (a @graph unfolded) and Open Graph properties, as extruct reads them."""
    data = extruct.extract(text, base_url=url, syntaxes=["json-ld", "opengraph"],
                           uniform=False)
    items: list[dict[str, Any]] = []
    for item in data["json-ld"]:
        items += item.get("@graph", [item])
    og: dict[str, str] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, value)
    return items, og


def by_type(items: list[dict[str, Any]], *types: str) -> dict[str, Any]:
    found = [i for i in items if i.get("@type") in types]
    assert len(found) == 1, (types, items)
    return found[0]


async def test_robots_txt_keeps_crawlers_out_of_private_areas(client: httpx.AsyncClient,
                                                             services: Services) -> None:
    response = await client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    for area in ("/akun", "/kelola", "/kurasi", "/analis", "/admin", "/dev/", "/api/"):
        assert f"Disallow: {area}" in lines
    assert f"Sitemap: {services.settings.base_url}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public pages stay open


async def test_a_crawler_reaches_every_published_profile_in_both_languages(
        seeded_client: httpx.AsyncClient, seeded_services: Services,
        seed_rows: list[dict[str, Any]]) -> None:
    base = seeded_services.settings.base_url
    urls = await sitemap_urls(seeded_client)
    segment = {"organization": "organisasi", "talent": "talenta"}
    for row in seed_rows:
        plain = f"{base}/{segment[row['kind']]}/{row['slug']}"
        listed = plain in urls and f"{plain}?lang=en" in urls
        assert listed == (row.get("status", "published") == "published"), row["slug"]
        if listed:
            entry = urls[plain]
            assert entry["lastmod"] and entry["alternates"] == {
                "id": plain, "en": f"{plain}?lang=en", "x-default": plain}
            assert urls[f"{plain}?lang=en"]["alternates"] == entry["alternates"]
    assert f"{base}/ekosistem?lang=en" in urls and f"{base}/?lang=en" in urls
    assert f"{base}/cari?subsector=pengembang-permainan&lang=en" in urls
    for address in [u for u in urls if "/organisasi/" not in u and "/talenta/" not in u]:
        seeded_client.cookies.clear()
        response = await seeded_client.get(local(address))
        assert response.status_code == 200, address
        assert page_links(response.text)["canonical"] == address  # listed as it names itself

    # Every 8th organization and 20th talent, each in both languages: 64 pages as a crawler.
    orgs = sorted(u for u in urls if "/organisasi/" in u and "?" not in u)[::8]
    talents = sorted(u for u in urls if "/talenta/" in u and "?" not in u)[::20]
    assert len(orgs) >= 16 and len(talents) >= 16
    seed = {(r["kind"], r["slug"]): r for r in seed_rows}
    fetched = 0
    for plain in [*orgs[:16], *talents[:16]]:
        for lang, address in (("id", plain), ("en", f"{plain}?lang=en")):
            # A crawler has no cookie: the address alone picks the language.
            seeded_client.cookies.clear()
            response = await seeded_client.get(local(address))
            assert response.status_code == 200, address
            fetched += 1
            links = page_links(response.text)
            assert links["lang"] == lang
            assert links["canonical"] == address
            assert links["alternates"] == {"id": plain, "en": f"{plain}?lang=en",
                                           "x-default": plain}
            assert 0 < len(links["description"]) <= 155
            items, og = structured(response.text, address)
            kind = "organization" if "/organisasi/" in plain else "talent"
            row = seed[(kind, plain.rsplit("/", 1)[1])]
            assert og["og:title"].startswith(row["name"]) and links["title"] == og["og:title"]
            assert og["og:url"] == address and og["og:description"] == links["description"]
            assert og["og:image"].startswith(base + "/")
            assert og["og:locale"] == {"id": "id_ID", "en": "en_US"}[lang]
            assert links["twitter"]["twitter:card"] in ("summary", "summary_large_image")
            # The reader's language where the profile has it (its `translations`).
            headline = row.get("translations", {}).get(lang, {}).get("headline") \
                or row.get("headline")
            if headline:
                assert links["description"].startswith(headline[:60].rstrip("."))
            if kind == "organization":
                entity = by_type(items, *ORG_TYPES)
                assert entity["name"] == row["name"] and entity["url"] == address
                address_ld = entity["address"]
                assert address_ld["@type"] == "PostalAddress"
                assert "Kota Malang" in address_ld["addressLocality"] or \
                    address_ld["addressLocality"] == "Malang Raya"
                assert entity["areaServed"]
                if row.get("services") or row.get("skills"):
                    assert entity["knowsAbout"]
                if row.get("founded_year"):
                    assert entity["foundingDate"] == str(row["founded_year"])
                if row.get("team_size"):
                    employees = entity["numberOfEmployees"]
                    assert employees["@type"] == "QuantitativeValue"
                    assert employees["minValue"] <= row["team_size"] <= employees.get(
                        "maxValue", 10**6)
                if row.get("links"):
                    assert set(entity["sameAs"]) == {link["url"] for link in row["links"]}
                assert "aggregateRating" not in entity  # no reviews yet
            else:
                person = by_type(items, "Person")
                assert person["name"] == row["name"] and person["jobTitle"]
                home = person["homeLocation"]
                assert set(home) == {"@type", "address"}  # the kecamatan, nothing finer
                assert set(home["address"]) == {"@type", "addressLocality", "addressRegion",
                                                "addressCountry"}
            crumbs = by_type(items, "BreadcrumbList")["itemListElement"]
            assert [c["position"] for c in crumbs] == [1, 2, 3]
            assert crumbs[-1]["item"] == address and crumbs[-1]["name"] == row["name"]
    assert fetched >= 60


async def test_results_and_statistics_pages_describe_themselves(
        seeded_client: httpx.AsyncClient, seeded_services: Services) -> None:
    base = seeded_services.settings.base_url
    seeded_client.cookies.clear()
    titles = set()
    for path in ("/cari", "/cari?kind=organization", "/cari?subsector=aplikasi&page=2",
                 "/cari?q=game&lang=en"):
        response = await seeded_client.get(path)
        links = page_links(response.text)
        titles.add(links["title"])
        items, og = structured(response.text, base + path)
        listing = by_type(items, "ItemList")
        assert listing["itemListElement"] and listing["numberOfItems"] > 0
        assert all(e["url"].startswith(base + "/") for e in listing["itemListElement"])
        assert links["canonical"] == base + path
        assert og["og:title"] == links["title"]
    assert len(titles) == 4  # a unique title per results page
    free_text = (await seeded_client.get("/cari?q=game")).text
    assert '<meta name="robots" content="noindex, follow">' in free_text
    assert 'name="robots"' not in (await seeded_client.get("/cari?subsector=aplikasi")).text

    seeded_client.cookies.clear()
    items, _ = structured((await seeded_client.get("/")).text, base + "/")
    search = by_type(items, "WebSite")["potentialAction"]
    assert search["target"] == base + "/cari?q={search_term_string}"

    response = await seeded_client.get("/ekosistem?lang=en")
    items, og = structured(response.text, base + "/ekosistem?lang=en")
    dataset = by_type(items, "Dataset")
    assert dataset["license"] and dataset["spatialCoverage"]["name"] == "Kota Malang"
    downloads = dataset["distribution"]
    assert {d["encodingFormat"] for d in downloads} >= {"text/csv"}
    first = await seeded_client.get(local(downloads[0]["contentUrl"]))
    assert first.status_code == 200
    assert page_links(response.text)["canonical"] == base + "/ekosistem?lang=en"
    filtered = page_links((await seeded_client.get(
        "/ekosistem?subsector=aplikasi&kecamatan=klojen&lang=en")).text)
    assert "Apps · Klojen" in filtered["title"]
    assert filtered["canonical"] == base + "/ekosistem?subsector=aplikasi&kecamatan=klojen&lang=en"


async def test_every_page_has_language_alternates_and_the_switch_still_works(
        client: httpx.AsyncClient, services: Services) -> None:
    base = services.settings.base_url
    response = await client.get("/akun/masuk")
    links = page_links(response.text)
    assert links["alternates"] == {"id": f"{base}/akun/masuk", "en": f"{base}/akun/masuk?lang=en",
                                   "x-default": f"{base}/akun/masuk"}
    english = await client.get("/?lang=en")
    assert english.cookies.get("lang") == "en" and page_links(english.text)["lang"] == "en"
    remembered = await client.get("/")  # the cookie keeps the choice on a plain address
    assert page_links(remembered.text)["lang"] == "en"
    assert page_links(remembered.text)["canonical"] == f"{base}/?lang=en"
    assert (await client.get("/tidak-ada")).text.count('name="robots" content="noindex"') == 1


async def test_sitemaps_follow_status_changes(client: httpx.AsyncClient,
                                              services: Services) -> None:
    base = services.settings.base_url
    await load(services, org(slug="studio-terbit", name="Studio Terbit"),
               org(slug="studio-draf", name="Studio Draf", status="draft"),
               org(slug="studio-sembunyi", name="Studio Sembunyi", status="hidden"),
               talent(slug="talenta-terbit", updated_at="2026-03-04T05:06:07+00:00"))
    urls = await sitemap_urls(client)
    assert f"{base}/organisasi/studio-terbit" in urls
    assert urls[f"{base}/talenta/talenta-terbit"]["lastmod"] == "2026-03-04T05:06:07Z"
    assert not [u for u in urls if "studio-draf" in u or "studio-sembunyi" in u]

    await load(services, org(slug="studio-terbit", name="Studio Terbit", status="hidden"))
    urls = await sitemap_urls(client)
    assert not [u for u in urls if "studio-terbit" in u]
    assert (await client.get("/sitemaps/organisasi-2.xml")).status_code == 404

    # A profile merged into another leaves the sitemap; its old address redirects.
    await load(services, org(slug="studio-utama", name="Studio Utama"),
               org(slug="studio-kembar", name="Studio Utama Kembar"))
    curator = await make_user(services, "kurator@kota.example", "curator")
    await services.duplicates.merge(curator, "organization", "studio-utama", "studio-kembar",
                                    {})
    urls = await sitemap_urls(client)
    assert f"{base}/organisasi/studio-utama" in urls
    assert not [u for u in urls if "studio-kembar" in u]
    assert (await client.get("/organisasi/studio-kembar")).status_code == 301
    assert (await client.get("/sitemaps/apa-1.xml")).status_code == 404


async def test_large_directories_get_several_sitemaps(client: httpx.AsyncClient,
                                                      services: Services,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crawl_pages, "PROFILES_PER_SITEMAP", 2)
    await load(services, *(org(slug=f"studio-{n}") for n in range(5)))
    index = (await client.get("/sitemap.xml")).text
    assert all(f"/sitemaps/organisasi-{n}.xml" in index for n in (1, 2, 3))
    assert "organisasi-4.xml" not in index and "talenta-1.xml" not in index
    urls = await sitemap_urls(client)
    assert len([u for u in urls if "/organisasi/" in u]) == 10  # 5 profiles × 2 languages


async def test_icons_and_manifest(client: httpx.AsyncClient) -> None:
    favicon = await client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.headers["content-type"] == "image/x-icon"
    assert favicon.content[:4] == b"\x00\x00\x01\x00"
    touch = await client.get("/apple-touch-icon.png")
    assert touch.content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = await client.get("/static/icon.svg")
    assert svg.status_code == 200 and "<svg" in svg.text
    manifest = await client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = json.loads(manifest.text)
    assert body["name"] and body["start_url"] == "/"
    for icon in body["icons"]:
        assert (await client.get(icon["src"])).status_code == 200
    assert {i["sizes"] for i in body["icons"]} >= {"192x192", "512x512"}
    page = (await client.get("/")).text
    assert 'rel="manifest"' in page and 'rel="apple-touch-icon"' in page


async def test_a_profile_without_a_logo_previews_as_a_generated_card(
        client: httpx.AsyncClient, services: Services) -> None:
    await load(services, org(slug="studio-kartu", name="Studio Kartu", subsectors=["dkv"]))
    response = await client.get("/organisasi/studio-kartu?lang=en")
    _, og = structured(response.text, "http://x/")
    assert og["og:image"].endswith("/kartu/organisasi/studio-kartu.png?lang=en")
    card = await client.get(local(og["og:image"]))
    assert card.status_code == 200 and card.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert (await client.get("/kartu/organisasi/tidak-ada.png")).status_code == 404


async def test_a_profile_with_a_logo_previews_with_it(client: httpx.AsyncClient,
                                                      services: Services) -> None:
    await load(services, org(slug="studio-logo", name="Studio Logo"))
    owner = await make_user(services, "pemilik@studiologo.example")
    file_id = await services.media.store(owner, "organization", "studio-logo", "logo",
                                         artwork.icon_png(192))
    logo = f"{services.settings.base_url}/media/{file_id}"
    response = await client.get("/organisasi/studio-logo")
    items, og = structured(response.text, "http://x/")
    assert og["og:image"] == logo
    assert page_links(response.text)["twitter"]["twitter:card"] == "summary"
    entity = by_type(items, *ORG_TYPES)
    assert entity["logo"] == logo
    assert (await client.get(local(logo))).status_code == 200


# --- the verified badge ---------------------------------------------------------------------


async def _verified_by_a_curator(services: Services, slug: str) -> None:
    curator = await make_user(services, "kurator.pribadi@kota.example", "curator")
    await services.verification.decide(curator, slug, {"decision": "verified",
                                                       "note": "NIB dan situs cocok"})


async def test_a_verified_organization_shows_a_badge_that_links_to_its_check(
        client: httpx.AsyncClient, services: Services) -> None:
    await load(services, org(slug="studio-sah", name="Studio Sah"),
               org(slug="studio-biasa", name="Studio Biasa"))
    await _verified_by_a_curator(services, "studio-sah")
    owner = await grant(services, await make_user(services, "pemilik@studiosah.example"),
                        "studio-sah")

    badge = await client.get("/lencana/studio-sah.svg")
    assert badge.status_code == 200 and badge.headers["content-type"].startswith("image/svg+xml")
    assert "max-age=300" in badge.headers["cache-control"]
    ElementTree.fromstring(badge.content)  # well-formed
    assert "Terverifikasi Kota Malang" in badge.text and "Studio Sah" in badge.text
    until = add_months(now(), 12).year
    assert str(until) in badge.text

    check = await client.get("/verifikasi/studio-sah")
    assert check.status_code == 200
    assert "diverifikasi oleh kurator ekonomi kreatif Kota Malang pada" in check.text
    assert "berlaku sampai" in check.text and str(until) in check.text
    assert "kurator.pribadi" not in check.text and "kurator.pribadi" not in badge.text
    assert "NIB dan situs cocok" not in check.text  # the curator's note stays internal
    english = await client.get("/lencana/studio-sah.svg?lang=en")
    assert "Verified by Kota Malang" in english.text

    profile = await client.get("/organisasi/studio-sah")
    assert 'href="/verifikasi/studio-sah"' in profile.text

    await log_in(client, owner.email)
    manage = (await client.get("/kelola/organization/studio-sah")).text
    assert "/lencana/studio-sah.svg" in manage and "/verifikasi/studio-sah" in manage
    snippet = lxml_html.fromstring(manage).xpath("string(//textarea[@id='badge-snippet'])")
    link = lxml_html.fromstring(snippet).xpath("//a")[0]
    assert link.get("href") == f"{services.settings.base_url}/verifikasi/studio-sah"
    assert link.xpath("img/@src") == [f"{services.settings.base_url}/lencana/studio-sah.svg"]

    plain = await client.get("/lencana/studio-biasa.svg")
    assert plain.status_code == 200 and "Belum terverifikasi" in plain.text
    assert "tidak terverifikasi" in (await client.get("/verifikasi/studio-biasa")).text
    missing = await client.get("/lencana/tidak-ada.svg")
    assert missing.status_code == 404 and "Belum terverifikasi" in missing.text
    assert (await client.get("/verifikasi/tidak-ada")).status_code == 404


async def test_a_lapsed_verification_badge_says_so(client: httpx.AsyncClient,
                                                   services: Services) -> None:
    await load(services, org(slug="studio-lama", name="Studio Lama"))
    await _verified_by_a_curator(services, "studio-lama")
    # Verified 13 months ago (the period is 12): lapsed, even before the expiry task runs.
    checked = now() - timedelta(days=400)
    await services.verification.state.update_one({"_id": "studio-lama"},
                                                 {"$set": {"at": checked}})
    assert (await services.editor.current("organization", "studio-lama"))["verified"] is True
    for _ in ("before the expiry task", "after it"):
        badge = await client.get("/lencana/studio-lama.svg")
        assert "Verifikasi kedaluwarsa" in badge.text and "Terverifikasi Kota" not in badge.text
        check = (await client.get("/verifikasi/studio-lama")).text
        assert "Verifikasi kedaluwarsa." in check and "berlaku sampai" not in check
        assert await services.verification.expire_due() in (0, 1)
    assert (await services.editor.current("organization", "studio-lama"))["verified"] is False
    english = await client.get("/lencana/studio-lama.svg?lang=en")
    assert "Verification lapsed" in english.text
