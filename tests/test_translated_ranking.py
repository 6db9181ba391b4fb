"""Where a word is found decides the rank: a profile's translated headline and description
(`translations`) rank as well as the main language's (a client's word in the English headline of
an Indonesian profile counts like a headline word, not like a word after the description), and a
kind of person finds people before the firms doing that work."""

from __future__ import annotations

from directory.context import Services
from search.query import parse_search_params
from tests.factories import org, talent
from tests.helpers import indexed_documents, load


async def test_a_translated_headline_ranks_like_a_headline(services: Services) -> None:
    await load(
        services,
        org(slug="cerita-deskripsi", name="Studio Satu", headline="Studio animasi dua dimensi",
            description="Animasi untuk sekolah. Salah satu karya kami: wayang kulit digital."),
        org(slug="cerita-terjemah", name="Studio Dua", headline="Animasi boneka tradisional",
            description="Kami menggarap cerita rakyat untuk anak.",
            translations={"en": {"headline": "Wayang puppet animation"}}),
        org(slug="shadow-english", name="Studio Tiga", headline="Shadow puppet films",
            description="Short films for museums. Among them: a digital gunungan.",
            translations={"id": {"headline": "Film pendek gunungan wayang"}}),
    )
    documents = {d["slug"]: d for d in await indexed_documents(services)}
    assert documents["cerita-terjemah"]["translated_headline"] == "Wayang puppet animation"
    assert "translated_description" not in documents["cerita-terjemah"] or \
        documents["cerita-terjemah"]["translated_description"] is None
    result = await services.searcher.search(parse_search_params({"q": ["wayang"]}))
    ranked = [h["slug"] for h in result.hits]
    assert set(ranked[:2]) == {"cerita-terjemah", "shadow-english"}, ranked
    assert ranked[2] == "cerita-deskripsi", ranked


async def test_a_kind_of_person_finds_people_before_firms_doing_that_work(
        services: Services) -> None:
    """A service's extra search words name the work, not the person (search/data/aliases.txt):
    "komposer" finds the composer before the recording studio that offers music."""
    await load(
        services,
        org(slug="studio-rekam", name="Studio Rekam", headline="Studio rekaman dan jingle",
            services=["music_audio"], subsectors=["musik"]),
        talent(slug="penata-bunyi", name="Penata Bunyi", headline="Pekerja audio lepas",
               roles=["sound_designer"], subsectors=["musik"]),
        org(slug="penerbit-gambar", name="Penerbit Gambar", headline="Penerbit buku anak",
            services=["illustration"], subsectors=["penerbitan"]),
        talent(slug="tukang-sketsa", name="Tukang Sketsa", headline="Menggambar untuk buku",
               roles=["illustrator"], subsectors=["penerbitan"]),
    )
    for q, person in (("komposer", "penata-bunyi"), ("illustrator", "tukang-sketsa")):
        result = await services.searcher.search(parse_search_params({"q": [q]}))
        assert [h["slug"] for h in result.hits][:1] == [person], (q, result.hits)
