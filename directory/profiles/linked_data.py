"""Profiles as schema.org structured data (JSON-LD) and as a short description for search
results and link previews.

Built from the public shapes only (`OrganizationPublic`, `TalentPublic`), so a private field
(contact, NIB number, confidential figures) cannot reach the structured data: none of them exists
on the input. A talent's place is the kecamatan, never more precise; an organization's published
map point is not repeated here either. The JSON-LD objects stay `dict[str, Any]`: schema.org
JSON with `@`-keys; what may go in is decided by the public input types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory import iso
from directory.profiles.public import OrganizationPublic, TalentPublic, localized
from directory.taxonomy import KECAMATAN, ROLES, SERVICES, SUBSECTORS, team_size_band

SCHEMA = "https://schema.org"
DESCRIPTION_LENGTH = 155
CITY = "Kota Malang"
REGION = "Jawa Timur"
OUTSIDE_CITY = "luar-kota"
# Markets served as places (schema.org areaServed); international adds the export countries.
MARKET_AREAS = {"malang_raya": ("AdministrativeArea", "Malang Raya"),
                "jawa_timur": ("AdministrativeArea", REGION),
                "national": ("Country", "Indonesia")}


@dataclass(frozen=True)
class Rating:
    """The reviews' aggregate. Reviews do not exist yet: callers pass None, and the structured
    data carries no `aggregateRating` until there is at least one review (see
    `aggregate_rating`, the hook to fill when reviews land)."""

    average: float
    count: int


def aggregate_rating(rating: Rating | None) -> dict[str, Any] | None:  # JSON-LD
    """The hook for reviews: an AggregateRating only once a profile has reviews."""
    if rating is None or rating.count < 1:
        return None
    return {"@type": "AggregateRating", "ratingValue": round(rating.average, 2),
            "reviewCount": rating.count, "bestRating": 5, "worstRating": 1}


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",.;:—-– ")
    return cut + "…"


def summary(profile: OrganizationPublic | TalentPublic, lang: str, fallback: str) -> str:
    """The meta description: headline, then description, in the page's language; `fallback`
    (a sentence built from the taxonomy) when the profile has neither."""
    parts = [p for p in (localized(profile, "headline", lang),
                         localized(profile, "description", lang)) if p]
    if not parts:
        return shorten(fallback)
    text = parts[0]
    if len(parts) > 1:
        text = f"{text.rstrip('.')}. {parts[1]}"
    return shorten(text)


def locality(kecamatan: str, lang: str) -> str:
    """`Klojen, Kota Malang`; outside the city, Malang Raya (the kecamatan is unknown there)."""
    if kecamatan == OUTSIDE_CITY:
        return "Malang Raya"
    return f"{KECAMATAN.label(kecamatan, lang)}, {CITY}"


def _address(kecamatan: str, lang: str) -> dict[str, Any]:  # JSON-LD
    return {"@type": "PostalAddress", "addressLocality": locality(kecamatan, lang),
            "addressRegion": REGION, "addressCountry": "ID"}


def _knows_about(codes: list[str], vocabulary: Any, skills: list[str], lang: str) -> list[str]:
    labels = [vocabulary.label(code, lang) for code in codes]
    return list(dict.fromkeys([*labels, *skills]))


def _employees(team_size: int | None) -> dict[str, Any] | None:  # JSON-LD
    """The team size as its band, a range (the exact figure is the owners' to show)."""
    band = team_size_band(team_size)
    if band is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if band.endswith("+"):
        value["minValue"] = int(band[:-1])
    elif "-" in band:
        low, high = band.split("-")
        value.update(minValue=int(low), maxValue=int(high))
    else:
        value.update(minValue=int(band), maxValue=int(band))
    return value


def _area_served(profile: OrganizationPublic, lang: str) -> list[dict[str, Any]]:  # JSON-LD
    areas = [{"@type": MARKET_AREAS[m][0], "name": MARKET_AREAS[m][1]}
             for m in profile.markets if m in MARKET_AREAS]
    if "international" in profile.markets:
        areas += [{"@type": "Country", "name": iso.country_name(code, lang)}
                  for code in profile.export_countries]
    return areas or [{"@type": "City", "name": CITY}]


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:  # JSON-LD
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def organization(profile: OrganizationPublic, *, url: str, lang: str, logo: str | None = None,
                 ident: str | None = None, rating: Rating | None = None
                 ) -> dict[str, Any]:  # JSON-LD
    """An organization: ProfessionalService for studios and agencies doing client work,
    Organization for the other types. `url` is the page in `lang`; `ident` the one address
    of the organization whatever the language (its `@id`)."""
    kind = "ProfessionalService" if profile.org_type == "service_firm" else "Organization"
    data = {
        "@context": SCHEMA, "@type": kind, "@id": f"{ident or url}#organization",
        "name": profile.name, "url": url, "logo": logo, "image": logo,
        "description": localized(profile, "description", lang)
        or localized(profile, "headline", lang),
        "slogan": localized(profile, "headline", lang),
        "address": _address(profile.kecamatan, lang),
        "areaServed": _area_served(profile, lang),
        "knowsAbout": _knows_about(profile.services, SERVICES, profile.skills, lang),
        "keywords": ", ".join(SUBSECTORS.label(s, lang) for s in profile.subsectors),
        "foundingDate": str(profile.founded_year) if profile.founded_year else None,
        "numberOfEmployees": _employees(profile.team_size),
        "sameAs": [str(link.url) for link in profile.links],
        "knowsLanguage": profile.languages,
        "aggregateRating": aggregate_rating(rating),
    }
    return _drop_empty(data)


def person(profile: TalentPublic, *, url: str, lang: str, image: str | None = None,
           ident: str | None = None) -> dict[str, Any]:  # JSON-LD
    """A talent: name, roles as job titles, skills, and the kecamatan as the home location."""
    roles = [ROLES.label(code, lang) for code in profile.roles]
    data = {
        "@context": SCHEMA, "@type": "Person", "@id": f"{ident or url}#person",
        "name": profile.name, "url": url, "image": image,
        "jobTitle": roles[0] if len(roles) == 1 else roles,
        "description": localized(profile, "description", lang)
        or localized(profile, "headline", lang),
        "knowsAbout": _knows_about(profile.subsectors, SUBSECTORS, profile.skills, lang),
        "homeLocation": {"@type": "Place", "address": _address(profile.kecamatan, lang)},
        "knowsLanguage": profile.languages,
        "sameAs": [str(link.url) for link in profile.links],
    }
    return _drop_empty(data)

