"""Server-rendered pages: Indonesian first, English switch, search with facets, profiles, 404."""

from __future__ import annotations

import re

import httpx
import pytest

from directory.context import Services
from directory.rendering import TEMPLATE_DIR, create_environment
from tests.factories import org, talent
from tests.helpers import load


@pytest.fixture
async def dataset(services: Services) -> None:
    await load(
        services,
        org(slug="stasion", name="Stasion", org_type="community", subsectors=["aplikasi"],
            services=[]),
        org(slug="singo-game", name="Singo Game Studio", headline="Studio pengembang game",
            subsectors=["pengembang-permainan"], services=["game_development"],
            kecamatan="lowokwaru", verified=True, team_size=14, founded_year=2017,
            accepting_projects=True, markets=["international"], export_countries=["JP"],
            communities=["stasion"], skills=["Unity", "Godot"],
            portfolio=[{"title": "Warung Rush", "description": "Game kasual", "year": 2023,
                        "client_country": "JP", "platforms": ["android", "ios"]}],
            members=[{"talent_slug": "rina-game", "title": "Lead artist"}],
            links=[{"label": "Situs", "url": "https://singo.example"}]),
        talent(slug="rina-game", name="Rina Wulandari", roles=["game_artist"],
               subsectors=["pengembang-permainan"], availability="freelance",
               years_experience=6, hourly_rate_idr={"min": 150000, "max": 300000},
               affiliations=[{"organization_slug": "singo-game", "title": "Lead artist"}]),
        *[org(slug=f"app-{i:02d}", name=f"Aplikasi Nusantara {i:02d}", subsectors=["aplikasi"],
              services=["mobile_app"]) for i in range(25)],
    )


pytestmark = pytest.mark.usefixtures("dataset")


async def test_home_is_indonesian_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "Mau bikin aplikasi atau game? Bawa ke Malang." in response.text
    assert "Pengembang Permainan" in response.text  # subsector tiles
    assert 'href="/cari?subsector=pengembang-permainan"' in response.text


async def test_english_switch_is_remembered(client: httpx.AsyncClient) -> None:
    response = await client.get("/?lang=en")
    assert '<html lang="en">' in response.text
    assert "Want an app or a game built? Bring it to Malang." in response.text
    assert "Game development" in response.text
    assert response.cookies.get("lang") == "en"
    again = await client.get("/cari?q=game")  # the cookie carries the choice
    assert '<html lang="en">' in again.text
    back = await client.get("/?lang=id")
    assert '<html lang="id">' in back.text


async def test_search_page_finds_the_game_studio(client: httpx.AsyncClient) -> None:
    response = await client.get("/cari", params={"q": "game"})
    assert response.status_code == 200
    text = response.text
    assert "Singo <mark>Game</mark> Studio" in text  # highlighted: why it matched
    assert 'href="/organisasi/singo-game"' in text
    # facets with counts and toggle links that keep the query
    assert re.search(r'href="\?q=game&amp;subsector=pengembang-permainan#hasil".*?'
                     r'<span class="count">2',
                     text, re.DOTALL)


async def test_search_page_filters_paginates_and_keeps_state(client: httpx.AsyncClient) -> None:
    first = await client.get("/cari", params={"service": "mobile_app", "sort": "name"})
    assert "25 profil" in first.text
    assert "Aplikasi Nusantara 00" in first.text and "Aplikasi Nusantara 20" not in first.text
    next_link = re.search(r'<a rel="next" href="\?([^"#]+)#hasil"', first.text)
    assert next_link is not None
    assert set(next_link.group(1).split("&amp;")) == {"service=mobile_app", "sort=name",
                                                       "page=2"}
    second = await client.get("/cari", params={"service": "mobile_app", "sort": "name",
                                               "page": "2"})
    assert "Aplikasi Nusantara 20" in second.text and "Aplikasi Nusantara 00" not in second.text
    assert "Halaman 2 dari 2" in second.text


async def test_a_selected_facet_value_stays_listed_beyond_the_top_values(
        client: httpx.AsyncClient, services: Services) -> None:
    skills = [f"Alat {chr(97 + i)}" for i in range(16)]  # 16 skills, each on two profiles
    await load(services, org(slug="alat-satu", name="Alat Satu", skills=skills),
               org(slug="alat-dua", name="Alat Dua", skills=skills))
    page = (await client.get("/cari", params={"skill": "godot"})).text  # Godot: one profile
    facet = page[page.index('id="facet-skill"'):]
    facet = facet[:facet.index("</fieldset>")]
    assert facet.count("<li>") == 16  # the 15 most frequent, then the selected one
    assert re.search(r'href="\?#hasil"[^>]*aria-current="true">\s*<span class="box" '
                     r'aria-hidden="true">☑</span>godot', facet)  # unselecting it is one click


async def test_search_page_empty_state(client: httpx.AsyncClient) -> None:
    response = await client.get("/cari", params={"q": "kapal selam nuklir"})
    assert response.status_code == 200
    assert "Belum ada yang cocok" in response.text


async def test_search_page_bad_parameter_is_explained(client: httpx.AsyncClient) -> None:
    response = await client.get("/cari", params={"q": "game", "subsector": "gaming"})
    assert response.status_code == 400
    assert "kode subsector tidak dikenal" in response.text
    assert 'value="game"' in response.text  # the query is kept
    english = await client.get("/cari", params={"q": "game", "page": "abc", "lang": "en"})
    assert english.status_code == 400
    assert "must be a whole number, got &#39;abc&#39;" in english.text


async def test_organization_page(client: httpx.AsyncClient) -> None:
    text = (await client.get("/organisasi/singo-game")).text
    for expected in ("Singo Game Studio", "Terverifikasi", "Pengembangan game", "Warung Rush",
                     "Klien dari Jepang", "Rina Wulandari", "Lead artist", "Stasion",
                     "Menerima proyek", "https://singo.example", "Internasional"):
        assert expected in text, expected


async def test_talent_page(client: httpx.AsyncClient) -> None:
    text = (await client.get("/talenta/rina-game")).text
    for expected in ("Rina Wulandari", "Seniman game", "Lepas (freelance)", "6 tahun",
                     "Rp 150.000", "Rp 300.000", "Singo Game Studio"):
        assert expected in text, expected


async def test_not_found_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/tidak/ada/halaman")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert response.headers["content-type"].startswith("text/html")
    english = await client.get("/tidak/ada/halaman", headers={"Cookie": "lang=en"})
    assert english.status_code == 404 and "Page not found" in english.text


async def test_openapi_document_lists_the_public_api(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for path in ("/api/v1/search", "/api/v1/organizations/{slug}", "/api/v1/talents/{slug}",
                 "/healthz"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "kind", "subsector", "service", "role", "skill", "kecamatan", "org_type",
            "market", "community", "available", "verified", "sort", "near", "radius_km",
            "page", "per_page"} <= params
    for path, own in (("breakdown", "by"), ("growth", "interval"), ("overview", None)):
        names = {p["name"] for p in schema["paths"][f"/api/v1/stats/{path}"]["get"]["parameters"]}
        assert {"kind", "org_type", "subsector", "kecamatan", "verified", "period"} <= names
        assert own is None or own in names
    assert (await client.get("/schema")).status_code == 200


def test_every_template_compiles() -> None:
    env = create_environment()
    names = [p.relative_to(TEMPLATE_DIR).as_posix() for p in TEMPLATE_DIR.rglob("*.html")]
    assert len(names) >= 9
    for name in names:
        env.get_template(name)
