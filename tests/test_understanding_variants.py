"""Query understanding of words the lexicon lists in another form, and of a kind of firm that is
an audience: pure functions over the lexicon, no server."""

from __future__ import annotations

import pytest

from search.understanding.lexicon import lexicon
from search.understanding.parse import understand, variants


def test_variants_of_a_word_most_likely_first() -> None:
    assert variants(("studios",))[0] == ("studio",)
    assert ("animate",) in variants(("animating",))
    assert ("model",) in variants(("modelling",))
    assert ("3d", "model") in variants(("3d", "modeller"))
    assert variants(("aplikasinya",)) == [("aplikasi",)]
    assert ("desain",) in variants(("desainin",))
    assert variants(("class",)) == [] and variants(("bus",)) == []  # no stem for short words


@pytest.mark.parametrize(("q", "concept", "text"), [
    ("designing websites", "desainer", "design"),      # -ing: the lexicon's form is searched
    ("desainnya", "desainer", "desain"),                # Indonesian enclitic
    ("backender", "backend", "backend"),                # -er
    ("photographers", "fotografer", "photographers"),   # listed as it is
    ("3d modelling", "3d", "3d modelling"),
])
def test_a_word_in_another_form_finds_its_concept(q: str, concept: str, text: str) -> None:
    u = understand(q)
    assert concept in {t.concept for t in u.terms}
    assert text in u.text.split(" ") or text == u.text or text in u.text


def test_a_variant_is_only_taken_when_the_lexicon_lists_it() -> None:
    u = understand("bring")  # "br" + "ing": no such concept
    assert [t.concept for t in u.terms] == [None] and u.text == "bring"


@pytest.mark.parametrize(("q", "concept"), [
    ("aplikasi kasir", "kasir"), ("point of sale system", "kasir"),
    ("music video", "video"), ("video klip", "video"),
    ("cloud migration", "cloud"), ("whatsapp bot", "ai"),
    ("online course", "edukasi"), ("high school", "sekolah"),
    ("nintendo switch", "konsol"), ("meta ads", "marketing"),
    ("content writer", "tulisan"), ("business incubator", "inkubator"),
    ("scriptwriter", "tulisan"), ("tukang edit video", "video"),
])
def test_domain_phrases_in_both_languages(q: str, concept: str) -> None:
    assert [t.concept for t in understand(q).terms] == [concept]


def test_a_cashier_app_is_something_made_not_a_finance_sector() -> None:
    assert lexicon().concepts["kasir"].type == "offer"
    assert "kasir" not in lexicon().concepts["keuangan"].phrases


@pytest.mark.parametrize("q", ["startup incubator", "komunitas startup", "inkubator untuk startup",
                               "startup community"])
def test_a_kind_of_firm_asked_for_makes_another_kind_its_audience(q: str) -> None:
    u = understand(q)
    assert "org_type" not in u.filters, u.filters
    assert not [c for c in u.chips if c.facet == "org_type"]


def test_a_kind_of_firm_alone_stays_a_filter() -> None:
    assert understand("startup kesehatan").filters == {"org_type": ("startup",)}
    assert understand("software house startup").filters["org_type"] == ("service_firm",
                                                                          "startup")


def test_weak_words_go_last_so_they_are_dropped_first() -> None:
    """"otomatis" (automatic) qualifies what is asked; when nothing has every word it is the
    word dropped, not the irrigation the client wants."""
    u = understand("irigasi otomatis")
    assert u.text.split(" ")[-1] == "otomatis"
    assert {t.concept for t in u.terms} == {"pertanian", "otomatis"}


@pytest.mark.parametrize(("q", "text"), [
    ("cari yg bisa bikin aplikasi utk umkm", "aplikasi umkm"),   # typed abbreviations
    ("sam golek fotografer produk oyi", "fotografer produk"),   # Malang walikan, Javanese
    ("gw butuh animator", "animator"),
])
def test_chat_abbreviations_and_malang_slang_are_filler(q: str, text: str) -> None:
    assert understand(q).text == text
