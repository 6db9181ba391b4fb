"""Structured data and descriptions built from the public shapes (pure functions, no services)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from directory.profiles.linked_data import (
    Rating,
    aggregate_rating,
    locality,
    organization,
    person,
    shorten,
    summary,
)
from directory.profiles.public import OrganizationPublic, TalentPublic
from directory.web.seo import PageMeta, alternates, page_url

MOMENT = datetime(2026, 1, 2, tzinfo=UTC)


def _org(**extra: Any) -> OrganizationPublic:
    return OrganizationPublic.model_validate({
        "slug": "studio-uji", "name": "Studio Uji", "org_type": "service_firm",
        "subsectors": ["pengembang-permainan"], "kecamatan": "sukun",
        "created_at": MOMENT, "updated_at": MOMENT, **extra})


def test_descriptions_are_short_and_cut_at_a_word() -> None:
    text = "kata " * 60
    short = shorten(text)
    assert len(short) <= 155 and short.endswith("kata…")
    assert shorten("  Satu   baris\n saja ") == "Satu baris saja"
    org = _org(headline="Studio game.", description="Kami membuat game mobile.")
    assert summary(org, "id", "cadangan") == "Studio game. Kami membuat game mobile."
    assert summary(_org(), "en", "fallback sentence") == "fallback sentence"


def test_a_translation_is_used_when_a_profile_has_one() -> None:
    org = _org(headline="Studio game")
    object.__setattr__(org, "translations", {"en": {"headline": "A game studio"}})
    assert summary(org, "en", "x") == "A game studio"
    assert summary(org, "id", "x") == "Studio game"


@pytest.mark.parametrize(("team_size", "expected"), [
    (1, {"minValue": 1, "maxValue": 1}), (4, {"minValue": 2, "maxValue": 5}),
    (30, {"minValue": 26, "maxValue": 50}), (250, {"minValue": 101})])
def test_team_size_is_published_as_its_band(team_size: int, expected: dict[str, int]) -> None:
    data = organization(_org(team_size=team_size), url="https://d/o", lang="id")
    assert data["numberOfEmployees"] == {"@type": "QuantitativeValue", **expected}


def test_organization_fields() -> None:
    data = organization(_org(markets=["jawa_timur", "international"], export_countries=["JP"],
                             founded_year=2019, services=["game_art"], skills=["Unity"],
                             links=[{"label": "Situs", "url": "https://uji.example"}]),
                        url="https://d/organisasi/studio-uji?lang=en", lang="en",
                        ident="https://d/organisasi/studio-uji")
    assert data["@type"] == "ProfessionalService"
    assert data["@id"] == "https://d/organisasi/studio-uji#organization"
    assert data["address"]["addressLocality"] == "Sukun, Kota Malang"
    assert {"@type": "Country", "name": "Japan"} in data["areaServed"]
    assert data["knowsAbout"] == ["Game art", "Unity"]
    assert data["foundingDate"] == "2019" and data["sameAs"] == ["https://uji.example"]
    assert "aggregateRating" not in data
    assert organization(_org(org_type="startup"), url="u", lang="id")["@type"] == "Organization"
    assert locality("luar-kota", "id") == "Malang Raya"


def test_aggregate_rating_waits_for_reviews() -> None:
    assert aggregate_rating(None) is None and aggregate_rating(Rating(4.0, 0)) is None
    rated = organization(_org(), url="u", lang="id", rating=Rating(4.333, 3))
    assert rated["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.33,
                                        "reviewCount": 3, "bestRating": 5, "worstRating": 1}


def test_a_person_lives_in_a_kecamatan_only() -> None:
    talent = TalentPublic.model_validate({
        "slug": "sari", "name": "Sari", "roles": ["game_artist", "animator"],
        "subsectors": ["film-animasi-video"], "kecamatan": "klojen", "created_at": MOMENT,
        "updated_at": MOMENT})
    data = person(talent, url="https://d/talenta/sari", lang="id")
    assert data["jobTitle"] == ["Seniman game", "Animator"]
    assert data["homeLocation"] == {"@type": "Place", "address": {
        "@type": "PostalAddress", "addressLocality": "Klojen, Kota Malang",
        "addressRegion": "Jawa Timur", "addressCountry": "ID"}}


def test_language_addresses() -> None:
    assert page_url("https://d", "/cari", [("q", "a b"), ("lang", "id")], "en") == \
        "https://d/cari?q=a+b&lang=en"
    assert alternates("https://d", "/x") == {"id": "https://d/x", "en": "https://d/x?lang=en",
                                             "x-default": "https://d/x"}


def test_json_ld_cannot_close_its_script_element() -> None:
    meta = PageMeta(title="t", description="d", json_ld=[{"name": "</script><b>&"}])
    script = str(meta.json_ld_script())
    assert script.count("</script>") == 1 and "<b>" not in script
    assert "\\u003c/script\\u003e" in script
