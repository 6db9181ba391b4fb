"""/api/v1/search against real MongoDB and Meilisearch: filters, facets, totals, sorting, errors."""

from __future__ import annotations

import httpx
import pytest

from directory.context import Services
from tests.factories import org, talent
from tests.helpers import load


@pytest.fixture
async def dataset(services: Services) -> None:
    await load(
        services,
        org(slug="gamelan-games", name="Gamelan Games", headline="Studio game mobile",
            subsectors=["pengembang-permainan"], services=["game_development", "game_art"],
            kecamatan="lowokwaru", org_type="service_firm", markets=["international"],
            accepting_projects=True, verified=True, team_size=12, founded_year=2016,
            skills=["Unity", "Blender"], communities=["stasion"],
            location={"lat": -7.95, "lng": 112.61}),
        org(slug="kopi-kode", name="Kopi Kode Labs", headline="Aplikasi mobile dan web",
            subsectors=["aplikasi"], services=["mobile_app", "web_app"], kecamatan="klojen",
            org_type="service_firm", markets=["national"], accepting_projects=False,
            team_size=30, founded_year=2012, skills=["Flutter", "Laravel"],
            location={"lat": -7.98, "lng": 112.63}),
        org(slug="tani-pintar", name="Tani Pintar", headline="Startup agritech",
            subsectors=["aplikasi"], services=[], kecamatan="kedungkandang", org_type="startup",
            team_size=5, founded_year=2021, location={"lat": -8.00, "lng": 112.66}),
        org(slug="stasion", name="Stasion", subsectors=["aplikasi"], kecamatan="klojen",
            org_type="community", services=[]),
        talent(slug="ayu-lestari", name="Ayu Lestari", roles=["mobile_developer"],
               skills=["flutter", "Kotlin"], kecamatan="klojen", availability="freelance",
               communities=["stasion"]),
        talent(slug="bagus-pratama", name="Bagus Pratama", roles=["game_artist"],
               subsectors=["pengembang-permainan"], skills=["Blender"], kecamatan="sukun",
               availability="not_available"),
        talent(slug="citra-dewi", name="Citra Dewi", roles=["animator"],
               subsectors=["film-animasi-video"], kecamatan="lowokwaru"),
        org(slug="draft-studio", name="Draft Game Studio", status="draft",
            subsectors=["pengembang-permainan"]),
        talent(slug="hidden-talent", name="Hidden Game Talent", status="hidden",
               roles=["game_developer"]),
    )


async def search(client: httpx.AsyncClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = await client.get("/api/v1/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def slugs(body: dict) -> set[str]:  # type: ignore[type-arg]
    return {h["slug"] for h in body["hits"]}


pytestmark = pytest.mark.usefixtures("dataset")


async def test_everything_published_and_nothing_else(client: httpx.AsyncClient) -> None:
    body = await search(client)
    assert body["total"] == 7
    assert slugs(body) == {"gamelan-games", "kopi-kode", "tani-pintar", "stasion",
                           "ayu-lestari", "bagus-pratama", "citra-dewi"}
    assert body["facets"]["kind"] == {"organization": 4, "talent": 3}


async def test_query_game_finds_the_game_studio_first(client: httpx.AsyncClient) -> None:
    body = await search(client, q="game")
    assert body["hits"][0]["slug"] == "gamelan-games"
    hit = body["hits"][0]
    assert {"kind", "slug", "name", "headline", "url"} <= hit.keys()
    assert hit["url"] == "/organisasi/gamelan-games"
    assert "draft-studio" not in slugs(body) and "hidden-talent" not in slugs(body)


async def test_kind_filter(client: httpx.AsyncClient) -> None:
    assert slugs(await search(client, kind="talent")) == {"ayu-lestari", "bagus-pratama",
                                                          "citra-dewi"}


async def test_or_within_a_facet_and_across_facets(client: httpx.AsyncClient) -> None:
    body = await search(client, subsector=["pengembang-permainan", "film-animasi-video"])
    assert slugs(body) == {"gamelan-games", "bagus-pratama", "citra-dewi"}
    body = await search(client, subsector=["pengembang-permainan", "film-animasi-video"],
                        kecamatan="lowokwaru")
    assert slugs(body) == {"gamelan-games", "citra-dewi"}, body


async def test_organization_only_filters_never_match_talents(client: httpx.AsyncClient) -> None:
    assert slugs(await search(client, service="game_development")) == {"gamelan-games"}
    assert slugs(await search(client, org_type="startup")) == {"tani-pintar"}
    assert slugs(await search(client, market=["international", "national"])) == {
        "gamelan-games", "kopi-kode"}


async def test_role_never_matches_an_organization(client: httpx.AsyncClient) -> None:
    assert slugs(await search(client, role=["game_artist", "mobile_developer"])) == {
        "bagus-pratama", "ayu-lestari"}


async def test_skill_matches_case_insensitively(client: httpx.AsyncClient) -> None:
    assert slugs(await search(client, skill="FLUTTER")) == {"kopi-kode", "ayu-lestari"}
    body = await search(client, skill="blender")
    assert slugs(body) == {"gamelan-games", "bagus-pratama"}


async def test_available_means_accepting_projects_or_available_talent(
        client: httpx.AsyncClient) -> None:
    assert slugs(await search(client, available="true")) == {"gamelan-games", "ayu-lestari"}


async def test_verified_and_community(client: httpx.AsyncClient) -> None:
    assert slugs(await search(client, verified="true")) == {"gamelan-games"}
    assert slugs(await search(client, community="stasion")) == {"gamelan-games", "ayu-lestari"}


async def test_facet_counts_are_disjunctive(client: httpx.AsyncClient) -> None:
    body = await search(client, kecamatan="klojen")
    assert slugs(body) == {"kopi-kode", "stasion", "ayu-lestari"}
    # The kecamatan facet ignores its own selection, so users can widen the search...
    assert body["facets"]["kecamatan"] == {"klojen": 3, "lowokwaru": 2, "kedungkandang": 1,
                                           "sukun": 1}
    # ...while every other facet counts within the selection.
    assert body["facets"]["kind"] == {"organization": 2, "talent": 1}
    assert body["facets"]["skill"] == {"flutter": 2, "laravel": 1, "kotlin": 1}


async def test_exact_totals_and_pagination(client: httpx.AsyncClient) -> None:
    first = await search(client, per_page=3, page=1, sort="name")
    second = await search(client, per_page=3, page=3, sort="name")
    assert first["total"] == second["total"] == 7
    assert [h["name"] for h in first["hits"]] == ["Ayu Lestari", "Bagus Pratama", "Citra Dewi"]
    assert [h["name"] for h in second["hits"]] == ["Tani Pintar"]
    assert (first["page"], first["per_page"]) == (1, 3)


async def test_sorts(client: httpx.AsyncClient) -> None:
    founded = await search(client, kind="organization", sort="founded")
    assert [h["slug"] for h in founded["hits"]][:3] == ["kopi-kode", "gamelan-games",
                                                        "tani-pintar"]
    team = await search(client, kind="organization", sort="team_size")
    assert [h["slug"] for h in team["hits"]][:3] == ["kopi-kode", "gamelan-games",
                                                     "tani-pintar"]


async def test_near_sorts_by_distance_and_radius_filters(client: httpx.AsyncClient) -> None:
    body = await search(client, kind="organization", near="-7.951,112.611")
    ordered = [h["slug"] for h in body["hits"]]
    assert ordered[:3] == ["gamelan-games", "kopi-kode", "tani-pintar"]
    assert body["hits"][0]["distance_m"] < 200
    within = await search(client, near="-7.951,112.611", radius_km="1")
    assert slugs(within) == {"gamelan-games"}


@pytest.mark.parametrize(("query", "param", "reason"), [
    ("subsector=gaming", "subsector", "kode subsector tidak dikenal: 'gaming'"),
    ("per_page=1000", "per_page", "harus antara 1 dan 100, bukan 1000"),
    ("near=-7.9", "near", "harus berupa 'lat,lng' dalam derajat desimal"),
    ("near=north,south", "near", "harus berupa 'lat,lng' dalam derajat desimal"),
    ("page=-1", "page", "harus antara 1 dan"),
    ("sort=best", "sort", "urutan 'best' tidak dikenal"),
    ("kind=company", "kind", "kode kind tidak dikenal"),
    ("colour=blue", "colour", "parameter tidak dikenal"),
])
async def test_bad_parameters_answer_problem_json(client: httpx.AsyncClient, query: str,
                                                  param: str, reason: str) -> None:
    response = await client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400
    assert [p["name"] for p in problem["invalid_params"]] == [param]
    assert reason in problem["invalid_params"][0]["reason"]


async def test_bad_parameters_are_explained_in_english_when_asked(
        client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/search?page=abc&colour=blue",
                                headers={"Cookie": "lang=en"})
    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid_params"]}
    assert reasons == {"colour": "unknown parameter", "page": "must be a whole number, got 'abc'"}
    asked = await client.get("/api/v1/search?page=abc&lang=en")  # ?lang= works as on every page
    assert asked.json()["invalid_params"] == [
        {"name": "page", "reason": "must be a whole number, got 'abc'"}]
    wrong = await client.get("/api/v1/search?lang=jv")
    assert wrong.status_code == 400
    assert wrong.json()["invalid_params"] == [{"name": "lang", "reason": "harus 'id' atau 'en'"}]
