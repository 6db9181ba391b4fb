"""The metadata of the pages search engines list: profiles, results and the statistics page —
a unique title, a description in the page's language, the preview image and the structured data.
Built from public shapes and public search hits only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from directory.hiring.reviews import ReviewPublic
from directory.hiring.reviews import json_ld as review_json_ld
from directory.i18n import gettext as _
from directory.profiles import linked_data
from directory.profiles.public import OrganizationPublic, TalentPublic, profile_path
from directory.taxonomy import FACET_VOCABULARIES, KECAMATAN, ORG_TYPES, SUBSECTORS
from directory.web.seo import PageMeta, breadcrumbs, home_crumb, item_list, page_url
from search.searcher import SearchResult

CARD_SEGMENT = {"organization": "organisasi", "talent": "talenta"}
# Search parameters that make a distinct results page (others — sort, near — do not).
RESULT_PARAMS = ("q", "kind", "subsector", "service", "role", "skill", "kecamatan", "org_type",
                 "market", "community", "available", "verified", "language", "page")


def _site() -> str:
    return _("Direktori Kreatif Malang")


def _kind_label(profile: OrganizationPublic | TalentPublic, lang: str) -> str:
    if isinstance(profile, OrganizationPublic):
        return ORG_TYPES.label(profile.org_type, lang)
    return _("Talenta")


def _fallback(profile: OrganizationPublic | TalentPublic, lang: str) -> str:
    return _("%(name)s — %(kind)s di %(place)s: %(subsectors)s.") % {
        "name": profile.name, "kind": _kind_label(profile, lang),
        "place": linked_data.locality(profile.kecamatan, lang),
        "subsectors": ", ".join(SUBSECTORS.label(s, lang) for s in profile.subsectors)}


def profile_meta(base_url: str, profile: OrganizationPublic | TalentPublic,
                 images: dict[str, str], lang: str,
                 reviews: Sequence[ReviewPublic] = ()) -> PageMeta:
    """A profile page: `Name — type · kecamatan`, its own headline/description, its logo (or a
    generated card), Organization/ProfessionalService or Person, and the breadcrumbs."""
    path = profile_path(profile.kind, profile.slug)
    url, ident = page_url(base_url, path, (), lang), page_url(base_url, path)
    logo = base_url + images["logo"] if images.get("logo") else None
    title = (f"{profile.name} — {_kind_label(profile, lang)} · "
             f"{KECAMATAN.label(profile.kecamatan, lang)} | {_site()}")
    card = page_url(base_url, f"/kartu/{CARD_SEGMENT[profile.kind]}/{profile.slug}.png", (),
                    lang)
    if isinstance(profile, OrganizationPublic):
        rating = (linked_data.Rating(profile.rating.average, profile.rating.count)
                  if profile.rating else None)
        entity = linked_data.organization(profile, url=url, lang=lang, logo=logo,
                                          ident=ident, rating=rating)
        if rating and reviews:  # the reviews behind the aggregate, newest first
            entity["review"] = review_json_ld(reviews)
        listing = (_("Organisasi"), page_url(base_url, "/cari", [("kind", "organization")],
                                             lang))
    else:
        entity = linked_data.person(profile, url=url, lang=lang, image=logo, ident=ident)
        listing = (_("Talenta"), page_url(base_url, "/cari", [("kind", "talent")], lang))
    return PageMeta(
        title=title, description=linked_data.summary(profile, lang, _fallback(profile, lang)),
        image=logo or card, large_image=logo is None,
        image_alt=_("Logo %(name)s") % {"name": profile.name} if logo else profile.name,
        og_type="profile" if profile.kind == "talent" else "website",
        json_ld=[entity, breadcrumbs(home_crumb(base_url, lang), listing,
                                     (profile.name, url))])


def home_meta(base_url: str, lang: str) -> PageMeta:
    """The home page: the directory as a WebSite with its search (sitelinks search box)."""
    site = {"@context": linked_data.SCHEMA, "@type": "WebSite", "name": _site(),
            "url": page_url(base_url, "/", (), lang), "inLanguage": lang,
            "potentialAction": {
                "@type": "SearchAction", "query-input": "required name=search_term_string",
                "target": page_url(base_url, "/cari", [("q", "QUERY")], lang).replace(
                    "QUERY", "{search_term_string}")}}
    return PageMeta(title=_("Direktori Ekonomi Kreatif Kota Malang"),
                    description=_("Temukan pengembang aplikasi, studio game, dan talenta "
                                  "kreatif di Kota Malang."), json_ld=[site])


def _filter_labels(filters: Mapping[str, Sequence[str]], lang: str,
                   names: dict[str, str]) -> list[str]:
    labels: list[str] = []
    for facet, values in filters.items():
        if facet == "kind":
            continue
        vocabulary = FACET_VOCABULARIES.get(facet)
        labels += [vocabulary.label(v, lang) if vocabulary else names.get(v, v) for v in values]
    return labels


def search_meta(base_url: str, raw: dict[str, list[str]], result: SearchResult, q: str,
                filters: Mapping[str, Sequence[str]], lang: str, names: dict[str, str]
                ) -> PageMeta:
    """A results page: its query, filters and page number in the title; the first hits in the
    description; the hits as an ItemList."""
    kinds = list(filters.get("kind", ()))
    what = (_("Organisasi") if kinds == ["organization"] else _("Talenta")
            if kinds == ["talent"] else _("Profil kreatif"))
    parts = [f"“{q}”"] if q else []
    parts += _filter_labels(filters, lang, names)
    heading = f"{what}: {' · '.join(parts)}" if parts else what
    title = f"{heading} — {_('Cari')}"
    if result.page > 1:
        title += " — " + _("halaman %(page)s") % {"page": result.page}
    names_shown = ", ".join(hit["name"] for hit in result.hits[:5])
    description = _("%(num)s profil di Kota Malang: %(heading)s.") % {
        "num": result.total, "heading": heading}
    if names_shown:
        description += " " + names_shown + ("…" if result.total > 5 else "")
    query = [(k, v) for k in RESULT_PARAMS for v in raw.get(k, []) if not (k == "page"
                                                                           and v == "1")]
    crumbs = breadcrumbs(home_crumb(base_url, lang),
                         (_("Cari"), page_url(base_url, "/cari", query, lang)))
    first = (result.page - 1) * result.per_page + 1
    # Filter pages are a finite set worth listing; free-text queries are endless (and say
    # what visitors typed): followed, not indexed.
    return PageMeta(title=f"{title} | {_site()}", description=description, query=query,
                    robots="noindex, follow" if q else None,
                    json_ld=[item_list(base_url, result.hits, lang, first, result.total),
                             crumbs])


def _scope_label(name: str, value: str, lang: str) -> str:
    if name == "verified":
        return _("Terverifikasi")
    if name == "kind":
        return _("Organisasi") if value == "organization" else _("Talenta")
    vocabulary = FACET_VOCABULARIES.get(name)
    return vocabulary.label(value, lang) if vocabulary else value


def ecosystem_meta(base_url: str, query: list[tuple[str, str]], as_of: datetime, lang: str,
                   downloads: list[tuple[str, str]]) -> PageMeta:
    """The statistics page as a schema.org Dataset with its CSV/XLSX downloads."""
    url = page_url(base_url, "/ekosistem", query, lang)
    title = _("Statistik ekosistem ekonomi kreatif Kota Malang")
    if query:  # each filtered view has its own title
        title += ": " + " · ".join(_scope_label(name, value, lang) for name, value in query)
    description = _("Jumlah organisasi dan talenta kreatif Kota Malang per subsektor, "
                    "kecamatan, layanan, keahlian, ukuran tim, tahun berdiri dan pertumbuhan; "
                    "unduh CSV/XLSX.")
    dataset = {
        "@context": linked_data.SCHEMA, "@type": "Dataset", "name": title, "url": url,
        "description": _("Profil yang terbit di direktori ekonomi kreatif Kota Malang, dihitung "
                         "per subsektor, kecamatan, layanan, peran, keahlian, jenis "
                         "organisasi, ukuran tim, tahun berdiri, pasar, tahap pendanaan dan "
                         "waktu. Draf dan profil tersembunyi tidak dihitung."),
        "inLanguage": lang, "isAccessibleForFree": True,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "creator": {"@type": "GovernmentOrganization",
                    "name": _("Pemerintah Kota Malang — Direktori Ekonomi Kreatif")},
        "spatialCoverage": {"@type": "Place", "name": linked_data.CITY,
                            "address": {"@type": "PostalAddress",
                                        "addressLocality": linked_data.CITY,
                                        "addressRegion": linked_data.REGION,
                                        "addressCountry": "ID"}},
        "dateModified": as_of.date().isoformat(),
        "keywords": [SUBSECTORS.label("aplikasi", lang),
                     SUBSECTORS.label("pengembang-permainan", lang), _("ekonomi kreatif"),
                     linked_data.CITY],
        "variableMeasured": [_("jumlah profil terbit")],
        "distribution": [{"@type": "DataDownload", "encodingFormat": fmt,
                          "contentUrl": base_url + href} for fmt, href in downloads],
    }
    crumbs = breadcrumbs(home_crumb(base_url, lang), (_("Ekosistem"), url))
    return PageMeta(title=f"{title} | {_site()}", description=description, query=query,
                    json_ld=[dataset, crumbs])

