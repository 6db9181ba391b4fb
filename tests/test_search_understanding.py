"""Query understanding on real MongoDB and Meilisearch: /api/v1/search and the results page."""

from __future__ import annotations

import httpx
import pytest

import search.searcher as searcher_module
from directory.context import Services
from search.demand import COLLECTION
from search.searcher import Searcher
from search.understanding.parse import IndexVocabulary
from tests.factories import org, talent
from tests.helpers import eventually, load
from tests.web import post_form


@pytest.fixture
async def dataset(services: Services) -> None:
    await load(
        services,
        org(slug="kidal-game-studio", name="Kidal Game Studio", headline="Studio game PC",
            subsectors=["pengembang-permainan"], services=["game_development"],
            kecamatan="sukun", org_type="service_firm", accepting_projects=True,
            description="Kami membuat game aksi untuk PC dan konsol."),
        org(slug="ceria-edu", name="Ceria Interaktif", org_type="service_firm",
            headline="Game edukasi untuk anak-anak sekolah dasar",
            subsectors=["pengembang-permainan"], services=["game_development"],
            kecamatan="klojen", accepting_projects=True),
        org(slug="gerak-studio", name="Gerak Visual", org_type="service_firm",
            headline="Jasa motion graphics dan video penjelasan",
            subsectors=["film-animasi-video"], services=["motion_graphics"],
            kecamatan="blimbing"),
        org(slug="dinoyo-animasi", name="Dinoyo Animasi", org_type="service_firm",
            headline="Studio kecil di Blimbing", subsectors=["film-animasi-video"],
            services=[], kecamatan="blimbing"),
        talent(slug="ayu-flutter", name="Ayu Lestari", roles=["mobile_developer"],
               headline="Pengembang aplikasi Android", skills=["Flutter", "Dart"],
               kecamatan="lowokwaru", availability="freelance"),
        talent(slug="bayu-flutter", name="Bayu Pratama", roles=["mobile_developer"],
               headline="Flutter developer", skills=["Flutter"], kecamatan="klojen",
               availability="not_available"),
        talent(slug="dimas-web", name="Dimas Santoso", roles=["web_developer"],
               headline="Web developer Laravel", skills=["Laravel"], kecamatan="lowokwaru",
               availability="freelance"),
    )


pytestmark = pytest.mark.usefixtures("dataset")


async def search(client: httpx.AsyncClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = await client.get("/api/v1/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def slugs(body: dict) -> list[str]:  # type: ignore[type-arg]
    return [h["slug"] for h in body["hits"]]


async def test_english_words_reach_an_indonesian_profile(client: httpx.AsyncClient) -> None:
    body = await search(client, q="educational game for kids")
    assert slugs(body)[0] == "ceria-edu"
    assert body["total"] >= 1 and body["relaxed"] is None


async def test_a_short_word_is_not_corrected_into_a_name(client: httpx.AsyncClient) -> None:
    body = await search(client, q="kids")
    assert "kidal-game-studio" not in slugs(body)
    assert slugs(body) == ["ceria-edu"]  # "anak-anak": the same concept in Indonesian


async def test_filter_words_become_filters_and_chips(client: httpx.AsyncClient) -> None:
    body = await search(client, q="looking for a flutter developer available in Lowokwaru")
    assert slugs(body) == ["ayu-flutter"]
    understood = body["understood"]
    assert understood["filters"] == {"kecamatan": ["lowokwaru"]}
    assert understood["available"] is True
    chips = {c["facet"]: c for c in understood["chips"]}
    assert chips["kecamatan"]["without"] == "looking for a flutter developer available"
    assert chips["available"]["source"] == "available"
    # the same words as plain text (raw=1): no understanding, and no such profile
    raw = await search(client, q="flutter developer available in Lowokwaru", raw="true")
    assert raw["understood"] is None


async def test_a_place_in_a_profile_name_is_part_of_the_name(
        client: httpx.AsyncClient) -> None:
    body = await search(client, q="dinoyo animasi")  # Dinoyo is in Lowokwaru; this one is not
    assert slugs(body)[:1] == ["dinoyo-animasi"] and body["understood"]["filters"] == {}
    body = await search(client, q="studio animasi di dinoyo")  # no such name: a place
    assert body["understood"]["filters"] == {"kecamatan": ["lowokwaru"],
                                             "org_type": ["service_firm"]}


async def test_word_order_does_not_change_the_count(client: httpx.AsyncClient) -> None:
    a = await search(client, q="flutter developer")
    b = await search(client, q="developer flutter")
    assert a["total"] == b["total"] >= 2
    assert set(slugs(a)) == set(slugs(b))


async def test_an_unknown_word_does_not_empty_the_results(client: httpx.AsyncClient) -> None:
    body = await search(client, q="motion graphics zxqvbn")
    assert slugs(body)[:1] == ["gerak-studio"]


async def test_nothing_matched_gives_a_labelled_relaxed_search_and_a_spelling(
        client: httpx.AsyncClient) -> None:
    body = await search(client, q="fluter developer in Sukun")
    assert body["total"] == 0 and body["hits"] == []
    assert body["relaxed"]["reason"] == "filters"
    assert body["relaxed"]["dropped"] == ["in Sukun"]
    assert {h["slug"] for h in body["relaxed"]["hits"]} == {"ayu-flutter", "bayu-flutter"}
    assert body["did_you_mean"] == "flutter developer in Sukun"


async def test_explicit_filters_stay_and_understood_ones_join_them(
        client: httpx.AsyncClient) -> None:
    # a game studio is a (game) developer too
    body = await search(client, q="developer in lowokwaru", kecamatan="klojen")
    assert set(slugs(body)) == {"ayu-flutter", "bayu-flutter", "dimas-web", "ceria-edu"}
    body = await search(client, q="developer", kecamatan="klojen")
    assert set(slugs(body)) == {"bayu-flutter", "ceria-edu"}
    assert body["understood"]["filters"] == {}


async def test_results_page_shows_chips_that_remove_their_words(
        client: httpx.AsyncClient) -> None:
    page = (await client.get("/cari", params={"q": "flutter developer available in Lowokwaru"}
                             )).text
    assert "Menampilkan:" in page
    assert 'href="?q=flutter+developer+available"' in page  # without "in Lowokwaru"
    assert 'href="?q=flutter+developer+in+Lowokwaru"' in page  # without "available"
    assert "raw=1" in page and "cari semua saja" in page
    en = (await client.get("/cari", params={"q": "flutter developer in Lowokwaru",
                                            "lang": "en"})).text
    assert "Showing:" in en and "search all instead" in en and "Remove the filter" in en
    raw = (await client.get("/cari", params={"q": "flutter developer in Lowokwaru",
                                             "raw": "1", "lang": "id"})).text
    assert "Menampilkan:" not in raw and "Pahami pencarian saya" in raw


async def test_results_page_when_nothing_matched(client: httpx.AsyncClient) -> None:
    page = (await client.get("/cari", params={"q": "fluter developer in Sukun",
                                              "lang": "en"})).text
    assert "Did you mean:" in page and "flutter developer in Sukun" in page
    assert "Wider search: 2 results without “in Sukun”" in page
    assert "Ayu Lestari" in page and "Bayu Pratama" in page
    assert 'href="/cari/kebutuhan?q=fluter+developer+in+Sukun"' in page


async def test_a_need_is_recorded_with_the_unmet_demand(client: httpx.AsyncClient,
                                                        services: Services) -> None:
    form = await client.get("/cari/kebutuhan", params={"q": "dalang wayang digital"})
    assert form.status_code == 200 and "dalang wayang digital" in form.text
    empty = await post_form(client, "/cari/kebutuhan", {"q": "dalang", "need": " "})
    assert empty.status_code == 400 and "ceritakan apa yang Anda cari" in empty.text
    done = await post_form(client, "/cari/kebutuhan",
                           {"q": "Dalang Wayang  Digital", "need": "Animasi wayang untuk museum"})
    assert done.status_code == 200 and "Terima kasih" in done.text
    needs = await services.profiles.db[COLLECTION].find({"source": "need"}).to_list()
    assert [(n["q"], n["need"], n["total"]) for n in needs] == [
        ("dalang wayang digital", "Animasi wayang untuk museum", 0)]
    assert set(needs[0]) == {"_id", "q", "filters", "available", "verified", "total", "source",
                             "need", "at"}


async def test_a_query_of_filler_only_is_searched_as_typed(client: httpx.AsyncClient) -> None:
    body = await search(client, q="dengan")  # filler alone: not "everything"
    assert body["total"] == 0 and body["understood"] is None


async def test_the_vocabulary_is_read_again_in_the_background(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    searcher = Searcher(services.meili, services.index.uid)
    first = await searcher.vocabulary()
    assert first.counts["skill:flutter"] == 2 and "skill:godot" not in first.counts
    await load(services, talent(slug="gita-godot", name="Gita Rahma", roles=["game_developer"],
                                skills=["Godot"], kecamatan="sukun"))
    monkeypatch.setattr(searcher_module, "VOCABULARY_SECONDS", 0.0)
    assert await searcher.vocabulary() is first  # the search goes on with what there is


    async def renewed() -> IndexVocabulary | None:
        vocabulary = await searcher.vocabulary()
        return None if vocabulary is first else vocabulary

    fresh = await eventually(renewed, "the vocabulary read again")
    assert fresh.counts["skill:godot"] == 1 and fresh.counts["skill:flutter"] == 2
