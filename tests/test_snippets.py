"""A result card's snippet in the reader's language (search/snippets.py, directory/rendering.py):
the owners' translation into the reader's language when the words matched there, else the text
the words matched; highlighted the same way in both languages."""

from __future__ import annotations

import re

import httpx

from directory.context import Services
from search.query import HIGHLIGHT_POST as POST
from search.query import HIGHLIGHT_PRE as PRE
from search.snippets import marks, snippet
from tests.factories import org
from tests.helpers import load

FORMATTED = {
    "name": "Studio Kidang", "headline": f"Game {PRE}edukasi{POST}",
    "description": f"…membuat game {PRE}edukasi{POST} untuk sekolah…",
    "translations": {"en": {"headline": f"{PRE}Educational{POST} games",
                            "description": f"…we make {PRE}educational{POST} games…"}},
}


def test_marks_keep_the_versions_the_words_matched() -> None:
    found = marks(FORMATTED, words=True)
    assert found["snippet"].startswith("…membuat") and found["snippet:en"].startswith("…we make")
    assert found["headline:en"] == f"{PRE}Educational{POST} games"
    assert "snippet" not in marks(FORMATTED, words=False)  # no words: no reason to show one
    unmatched = {**FORMATTED, "description": "…membuat game untuk sekolah…"}
    assert "snippet" not in marks(unmatched, words=True)


def test_the_readers_language_first_else_what_matched() -> None:
    both = marks(FORMATTED, words=True)
    assert snippet(both, True, "en") == both["snippet:en"]
    assert snippet(both, False, "id") == both["snippet"]
    only_english = {k: v for k, v in both.items() if k != "snippet"}
    # An Indonesian reader, the words matched only the English translation: shown, it says why.
    assert snippet(only_english, False, "id") == both["snippet:en"]
    only_main = {k: v for k, v in both.items() if k != "snippet:en"}
    assert snippet(only_main, True, "en") == both["snippet"]
    assert snippet({}, True, "en") is None


def _card(page: str, slug: str) -> str:
    start = page.index(f'href="/organisasi/{slug}"')
    return page[start:page.index("</article>", start)]


async def test_an_english_reader_sees_the_english_snippet_highlighted(
        client: httpx.AsyncClient, services: Services) -> None:
    await load(services, org(
        slug="kidang-edukasi", name="Studio Kidang", headline="Studio game di Malang",
        description="Kami membuat permainan untuk sekolah dasar dan museum kota. "
                    "Tim kecil, pengerjaan rapi, bahasa Indonesia dan Jawa.",
        translations={"en": {"headline": "Game studio in Malang",
                             "description": "We make educational games for primary schools "
                                            "and the city museum. A small, careful team."}}))
    english = (await client.get("/cari", params={"q": "educational", "lang": "en"})).text
    card = _card(english, "kidang-edukasi")
    assert re.search(r'<p class="snippet">[^<]*We make <mark>educational</mark> games', card), card
    assert "Kami membuat" not in card

    # The Indonesian reader searching Indonesian words: the Indonesian text, marked alike.
    indonesian = (await client.get("/cari", params={"q": "permainan sekolah", "lang": "id"})).text
    card = _card(indonesian, "kidang-edukasi")
    assert re.search(r'<p class="snippet">[^<]*<mark>permainan</mark> untuk '
                     r'<mark>sekolah</mark>', card), card
    # An English reader typing Indonesian words: the English text, which the same words match
    # through the lexicon ("permainan" = games).
    card = _card((await client.get("/cari", params={"q": "permainan museum",
                                                    "lang": "en"})).text, "kidang-edukasi")
    assert re.search(r'<p class="snippet">We make educational <mark>games</mark>', card), card
    # An English reader whose words matched only the Indonesian text sees that text, marked.
    card = _card((await client.get("/cari", params={"q": "rapi", "lang": "en"})).text,
                 "kidang-edukasi")
    assert re.search(r'<p class="snippet">[^<]*pengerjaan <mark>rapi</mark>', card), card
    # The English headline, in the reader's language, is highlighted too.
    card = _card((await client.get("/cari", params={"q": "studio", "lang": "en"})).text,
                 "kidang-edukasi")
    assert "Game <mark>studio</mark> in Malang" in card, card
