"""Every validation rule of the interchange format, one line at a time (pure, no services).
Reasons are checked in English, the language of the CLI's import report; the last tests check
that they follow the request's language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from directory.i18n import current_language
from directory.ops.importer import parse_lines
from tests.factories import org, talent


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    token = current_language.set("en")
    yield
    current_language.reset(token)


def errors_for(row: dict[str, Any]) -> list[tuple[str, str]]:
    parsed = parse_lines([json.dumps(row)])
    return [(e.field, e.reason) for e in parsed.errors]


def test_valid_rows_pass() -> None:
    parsed = parse_lines([json.dumps(org()), json.dumps(talent()), ""])
    assert parsed.errors == []
    assert [p.kind for p in parsed.profiles] == ["organization", "talent"]


CASES = [
    # (description, row, field, fragment of the reason)
    ("kind missing", {k: v for k, v in org().items() if k != "kind"}, "kind", "required"),
    ("kind unknown", org(kind="company"), "kind", "'company'"),
    ("unknown field", org(website="https://x.example"), "website", "not a known field"),
    ("talent with an organization field", talent(services=["web_app"]), "services",
     "not a known field"),
    ("slug missing", {k: v for k, v in org().items() if k != "slug"}, "slug", "required"),
    ("slug too short", org(slug="ab"), "slug", "3–80"),
    ("slug uppercase", org(slug="Studio-Satu"), "slug", "a–z"),
    ("slug too long", org(slug="a" * 81), "slug", "3–80"),
    ("name too short", org(name="A"), "name", "at least 2"),
    ("name too long", org(name="A" * 121), "name", "at most 120"),
    ("headline too long", org(headline="x" * 161), "headline", "at most 160"),
    ("description too long", org(description="x" * 5001), "description", "at most 5000"),
    ("no subsector", org(subsectors=[]), "subsectors", "at least 1"),
    ("unknown subsector", org(subsectors=["gaming"]), "subsectors[0]",
     "unknown subsector code 'gaming'"),
    ("too many skills", org(skills=[f"skill {i}" for i in range(31)]), "skills", "at most 30"),
    ("skill too long", org(skills=["x" * 41]), "skills[0]", "at most 40"),
    ("duplicate skill differing in case", org(skills=["Flutter", "flutter"]), "skills",
     "listed twice"),
    ("kecamatan missing", {k: v for k, v in org().items() if k != "kecamatan"}, "kecamatan",
     "required"),
    ("unknown kecamatan", org(kecamatan="batu"), "kecamatan", "unknown kecamatan code"),
    ("unknown language", org(languages=["indonesian"]), "languages[0]", "ISO 639-1"),
    ("link not http", org(links=[{"label": "FTP", "url": "ftp://files.example"}]),
     "links[0].url", "http"),
    ("link javascript", org(links=[{"label": "x", "url": "javascript:alert(1)"}]),
     "links[0].url", "http"),
    ("contact bad email", org(contact={"email": "not-an-email"}), "contact.email",
     "email"),
    ("contact unknown key", org(contact={"telegram": "@x"}), "contact.telegram",
     "not a known field"),
    ("portfolio country", org(portfolio=[{"title": "App", "client_country": "XX"}]),
     "portfolio[0].client_country", "ISO 3166-1"),
    ("portfolio year", org(portfolio=[{"title": "App", "year": 1900}]), "portfolio[0].year",
     "must be at least 1950"),
    ("portfolio platform", org(portfolio=[{"title": "App", "platforms": ["symbian"]}]),
     "portfolio[0].platforms[0]", "unknown platform code"),
    ("portfolio without title", org(portfolio=[{"year": 2020}]), "portfolio[0].title",
     "required"),
    ("community not a slug", org(communities=["Stasion Malang"]), "communities[0]",
     "organization slug"),
    ("unknown status", org(status="archived"), "status", "unknown status code"),
    ("verified as string", org(verified="yes"), "verified", "must be true or false"),
    ("created_at not a date", org(created_at="kemarin"), "created_at", "ISO 8601 date"),
    ("org_type missing", {k: v for k, v in org().items() if k != "org_type"}, "org_type",
     "required"),
    ("unknown org_type", org(org_type="ngo"), "org_type", "unknown org_type code"),
    ("unknown service", org(services=["seo"]), "services[0]", "unknown service code"),
    ("unknown platform", org(platforms=["blackberry"]), "platforms[0]", "unknown platform"),
    ("founded too early", org(founded_year=1949), "founded_year", "must be at least"),
    ("founded in the future", org(founded_year=2999), "founded_year", "must be at most"),
    ("founded as string", org(founded_year="2019"), "founded_year", "whole number"),
    ("team size zero", org(team_size=0), "team_size", "must be at least 1"),
    ("unknown legal form", org(legal_form="llc"), "legal_form", "unknown legal_form"),
    ("nib wrong length", org(nib="12345"), "nib", "13 digits"),
    ("nib as number", org(nib=1234567890123), "nib", "must be text"),
    ("kbli wrong", org(kbli=["6201"]), "kbli[0]", "5-digit"),
    ("unknown market", org(markets=["global"]), "markets[0]", "unknown market"),
    ("unknown export country", org(export_countries=["EU"]), "export_countries[0]",
     "ISO 3166-1"),
    ("unknown funding stage", org(funding_stage="ipo"), "funding_stage", "unknown funding"),
    ("accepting_projects as string", org(accepting_projects="true"), "accepting_projects",
     "must be true or false"),
    ("negative budget", org(min_budget_idr=-1), "min_budget_idr", "must be at least"),
    ("location outside Malang Raya", org(location={"lat": -6.2, "lng": 106.8}),
     "location.lat", "must be at most -7.7"),
    ("member slug invalid", org(members=[{"talent_slug": "Bad Slug"}]),
     "members[0].talent_slug", "3–80"),
    ("talent without roles", talent(roles=[]), "roles", "at least 1"),
    ("unknown role", talent(roles=["ceo"]), "roles[0]", "unknown role code"),
    ("experience too long", talent(years_experience=61), "years_experience",
     "must be at most 60"),
    ("unknown availability", talent(availability="busy"), "availability",
     "unknown availability"),
    ("rate min above max", talent(hourly_rate_idr={"min": 200000, "max": 100000}),
     "hourly_rate_idr", "min must not be greater than max"),
    ("rate as string", talent(hourly_rate_idr={"min": "100000"}), "hourly_rate_idr.min",
     "whole number"),
    ("talent with a location", talent(location={"lat": -7.98, "lng": 112.63}), "location",
     "not a known field"),
    ("affiliation without org", talent(affiliations=[{"title": "CTO"}]),
     "affiliations[0].organization_slug", "required"),
]


@pytest.mark.parametrize(("row", "field", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_invalid_value_is_reported_with_field_and_reason(row: dict[str, Any], field: str,
                                                         fragment: str) -> None:
    errors = errors_for(row)
    assert any(f == field and fragment in reason for f, reason in errors), errors


def test_line_numbers_and_every_error_are_reported() -> None:
    lines = [json.dumps(org()), "{not json", json.dumps(org(slug="X")), "[1, 2]",
             json.dumps(talent(roles=["ceo"], kecamatan="nowhere"))]
    parsed = parse_lines(lines)
    by_line: dict[int, list[str]] = {}
    for e in parsed.errors:
        by_line.setdefault(e.line, []).append(e.field)
    assert sorted(by_line) == [2, 3, 4, 5]
    assert by_line[2] == ["(line)"]
    assert set(by_line[5]) == {"roles[0]", "kecamatan"}


def test_duplicate_kind_and_slug_in_one_file() -> None:
    a, b = org(slug="sama-saja"), org(slug="sama-saja")
    same_slug_talent = talent(slug="sama-saja")
    parsed = parse_lines([json.dumps(a), json.dumps(same_slug_talent), json.dumps(b)])
    assert [(e.line, e.field) for e in parsed.errors] == [(3, "slug")]
    assert "line 1" in parsed.errors[0].reason


def test_timestamps_accept_offsets_and_are_normalised_to_utc() -> None:
    parsed = parse_lines([json.dumps(org(created_at="2019-03-01T15:00:00+07:00"))])
    assert parsed.errors == []
    assert parsed.profiles[0].created_at.isoformat() == "2019-03-01T08:00:00+00:00"


@pytest.mark.parametrize(("row", "field", "indonesian"), [
    (org(name="A"), "name", "minimal 2 karakter"),
    (org(headline="x" * 161), "headline", "maksimal 160 karakter"),
    (org(subsectors=[]), "subsectors", "pilih minimal 1"),
    (org(nib="12345"), "nib", "harus tepat 13 angka"),
    (org(founded_year=1949), "founded_year", "minimal 1950"),
    (org(links=[{"label": "FTP", "url": "ftp://files.example"}]), "links[0].url",
     "harus berupa alamat http:// atau https://"),
    (org(skills=["Flutter", "flutter"]), "skills", "'flutter' tercantum dua kali"),
    ({k: v for k, v in org().items() if k != "kecamatan"}, "kecamatan", "wajib diisi"),
])
def test_reasons_are_in_bahasa_indonesia_by_default(row: dict[str, Any], field: str,
                                                    indonesian: str) -> None:
    current_language.set("id")
    assert (field, indonesian) in errors_for(row)
