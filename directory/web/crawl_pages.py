"""What crawlers read first: robots.txt and the sitemaps.

The sitemaps are built from the database on every request (a few milliseconds per thousand
profiles), so a profile that is unpublished, hidden or merged away leaves them at once; only the
HTTP cache (5 minutes) delays a crawler. Each published profile is listed in both languages with
its `lastmod` (the profile's `updated_at`) and its language alternates. One sitemap holds at most
25,000 profiles, i.e. 50,000 addresses (the sitemap protocol's limit).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from litestar import Response, get
from litestar.params import FromPath

from directory.errors import NotFound
from directory.i18n import LANGUAGES
from directory.profiles.public import profile_path
from directory.taxonomy import KECAMATAN, SUBSECTORS
from directory.web.common import ServicesDep
from directory.web.seo import alternates

PROFILES_PER_SITEMAP = 25_000  # × 2 languages = the protocol's 50,000 URLs
SEGMENT = {"organization": "organisasi", "talent": "talenta"}
KIND_OF_SEGMENT = {v: k for k, v in SEGMENT.items()}
PAGES_SITEMAP = "halaman.xml"
CACHE = "public, max-age=300"
XML = "application/xml; charset=utf-8"
SITEMAP_NS = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
              'xmlns:xhtml="http://www.w3.org/1999/xhtml"')
# Every signed-in area, the dev mail viewer, forms that are no use in a search engine's results,
# and the JSON API (for tools; its documentation under /schema stays open).
DISALLOWED = ("/api/", "/akun", "/kelola", "/kurasi", "/analis", "/admin", "/dev/", "/klaim",
              "/undangan", "/cari/kebutuhan", "/organisasi/*/pesan", "/organisasi/*/lapor",
              "/talenta/*/pesan", "/talenta/*/lapor", "/keterlibatan/", "/ulasan/",
              "/pencarian-tersimpan/")
# Public pages beside the profiles, with the parameters that make them distinct pages: the
# kinds, every subsector and every kecamatan ("game studios in Malang" lands on a results page).
PAGES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("/", ()), ("/cari", ()), ("/cari", (("kind", "organization"),)),
    ("/cari", (("kind", "talent"),)), ("/ekosistem", ()),
    *(("/cari", (("subsector", code),)) for code in SUBSECTORS.codes),
    *(("/cari", (("kecamatan", code),)) for code in KECAMATAN.codes))


def _xml(body: str) -> Response[str]:
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, media_type=XML,
                    headers={"Cache-Control": CACHE})


def _lastmod(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _urls(base_url: str, path: str, query: tuple[tuple[str, str], ...] = (),
          lastmod: datetime | None = None) -> str:
    """One <url> per language, each naming every alternate (hreflang)."""
    links = alternates(base_url, path, query)
    alternate_tags = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(href)}"/>'
        for code, href in links.items())
    modified = f"<lastmod>{_lastmod(lastmod)}</lastmod>" if lastmod else ""
    return "".join(f"<url><loc>{escape(links[lang])}</loc>{modified}{alternate_tags}</url>\n"
                   for lang in LANGUAGES)


@get("/robots.txt", name="robots", include_in_schema=False)
async def robots(services: ServicesDep) -> Response[str]:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /", "",
             f"Sitemap: {services.settings.base_url}/sitemap.xml", ""]
    return Response("\n".join(lines), media_type="text/plain; charset=utf-8",
                    headers={"Cache-Control": CACHE})


@get("/sitemap.xml", name="sitemap_index", include_in_schema=False)
async def sitemap_index(services: ServicesDep) -> Response[str]:
    base = services.settings.base_url
    names = [PAGES_SITEMAP]
    for kind, count in (await services.profiles.published_counts()).items():
        pages = -(-count // PROFILES_PER_SITEMAP)
        names += [f"{SEGMENT[kind]}-{n}.xml" for n in range(1, pages + 1)]
    entries = "".join(f"<sitemap><loc>{escape(base)}/sitemaps/{name}</loc></sitemap>\n"
                      for name in names)
    return _xml('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{entries}</sitemapindex>\n")


def _parse(name: str) -> tuple[str, int]:
    """`organisasi-2.xml` → ("organization", 2); anything else is not a sitemap."""
    stem, dot, ext = name.rpartition(".")
    segment, dash, number = stem.rpartition("-")
    if ext != "xml" or not dot or not dash or segment not in KIND_OF_SEGMENT \
            or not number.isdigit() or int(number) < 1:
        raise NotFound(f"sitemap {name!r}")
    return KIND_OF_SEGMENT[segment], int(number)


@get("/sitemaps/{name:str}", name="sitemap", include_in_schema=False)
async def sitemap(services: ServicesDep, name: FromPath[str]) -> Response[Any]:
    base = services.settings.base_url
    if name == PAGES_SITEMAP:
        body = "".join(_urls(base, path, query) for path, query in PAGES)
        return _xml(f"<urlset {SITEMAP_NS}>\n{body}</urlset>\n")
    kind, number = _parse(name)
    rows = await services.profiles.published_slugs(
        kind, (number - 1) * PROFILES_PER_SITEMAP, PROFILES_PER_SITEMAP)
    if not rows and number > 1:
        raise NotFound(f"sitemap {name!r}")
    body = "".join(_urls(base, profile_path(kind, slug), lastmod=updated)
                   for slug, updated in rows)
    return _xml(f"<urlset {SITEMAP_NS}>\n{body}</urlset>\n")


ROUTES = [robots, sitemap_index, sitemap]
