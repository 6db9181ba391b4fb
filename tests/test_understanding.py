"""Query understanding: pure functions over the lexicon, no server."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.index_settings import settings
from search.query import build_requests, parse_search_params, understood_params
from search.understanding.lexicon import LexiconError, lexicon, parse_lexicon, words_of
from search.understanding.parse import IndexVocabulary, understand
from search.understanding.vocabulary import did_you_mean, vocabulary_from, vocabulary_requests

VOCABULARY = IndexVocabulary(counts={"skill:flutter": 60, "skill:unreal engine": 30,
                                     "concept:game": 200, "concept:edukasi": 40,
                                     "concept:anak": 0},
                             words=frozenset({"flutter", "developer", "animasi", "unity"}))


def test_words_are_normalised_like_the_lexicon() -> None:
    assert words_of("E-Learning") == ("e", "learning")
    assert words_of("UI/UX") == ("ui", "ux")
    assert words_of("“Kids!”") == ("kids",)


def test_filters_in_the_words_are_taken_out_of_the_text() -> None:
    u = understand("looking for a flutter developer available in Lowokwaru", VOCABULARY)
    assert u.text == "flutter developer"
    assert u.filters == {"kecamatan": ("lowokwaru",)}
    assert u.available and not u.verified
    chips = {c.facet: c for c in u.chips}
    assert chips["kecamatan"].source == "in Lowokwaru"
    assert chips["kecamatan"].without == "looking for a flutter developer available"
    assert chips["available"].without == "looking for a flutter developer in Lowokwaru"


@pytest.mark.parametrize(("q", "facet", "code"), [
    ("studio animasi di klojen", "kecamatan", "klojen"),
    ("aplikasi kedungkandang", "kecamatan", "kedungkandang"),
    ("startup di kota batu", "kecamatan", "luar-kota"),
    ("software house kabupaten malang", "kecamatan", "luar-kota"),
    ("startup kesehatan", "org_type", "startup"),
    ("animation agency", "org_type", "service_firm"),
    ("machine learning company", "kind", "organization"),
])
def test_places_and_kinds_of_firm_become_filters(q: str, facet: str, code: str) -> None:
    assert code in understand(q).filters.get(facet, ())


@pytest.mark.parametrize("q", ["game kota malang", "game di malang", "game ngalam"])
def test_malang_itself_is_the_whole_directory(q: str) -> None:
    u = understand(q)
    assert u.filters == {} and u.text == "game"


def test_verified_and_availability_words_in_both_languages() -> None:
    assert understand("studio game terverifikasi").verified
    assert understand("verified game studios").verified
    assert understand("animator yang bisa dihire").available
    assert understand("designer menerima proyek").available


def test_filler_is_dropped_in_english_indonesian_and_javanese() -> None:
    assert understand("kami butuh jasa motion graphics").text == "motion graphics"
    assert set(understand("tolong carikan penulis konten").text.split()) == {"penulis",
                                                                            "konten"}
    assert understand("golek programmer android").text.split()[0] == "android"
    assert "looking" not in understand("i'm looking for someone to build an app").text


def test_multi_word_concepts_are_kept_whole() -> None:
    u = understand("ui ux designer")
    assert [t.concept for t in u.concepts] == ["uiux", "desainer"]
    assert understand("production house").filters == {"org_type": ("service_firm",)}
    assert [t.concept for t in understand("production house").concepts] == ["video"]
    assert [t.concept for t in understand("e-learning").concepts] == ["edukasi"]
    assert understand('unreal engine developer', VOCABULARY).text.startswith('"unreal engine"')


@pytest.mark.parametrize(("a", "b"), [
    ("flutter developer", "developer flutter"),
    ("educational game", "game educational"),
    ("game edukasi anak", "anak edukasi game"),
    ("motion graphics studio", "studio motion graphics"),
])
def test_word_order_does_not_change_what_is_searched(a: str, b: str) -> None:
    ua, ub = understand(a, VOCABULARY), understand(b, VOCABULARY)
    assert sorted(ua.text.split()) == sorted(ub.text.split())
    assert ua.text == ub.text  # the same order: the engine drops the same words first


def test_the_most_informative_terms_come_first_and_unmatchable_ones_last() -> None:
    u = understand("educational game for kids", VOCABULARY)
    # the offer (game) first, then the audience the index holds, then one it does not
    assert u.text == "game educational kids"


def test_words_after_for_are_context_not_a_second_offer() -> None:
    u = understand("qa tester for our android app")
    assert u.text == "qa"  # "tester" is the same concept; the android app is the context
    u = understand("coworking space or incubator for startups")
    assert u.filters == {}  # "for startups" is the audience, not a filter
    assert understand("mobile app for our clinic").text.split()[-1] == "clinic"


def test_a_place_that_is_part_of_a_name_stays_a_word() -> None:
    assert understand("batu digital").filters == {"kecamatan": ("luar-kota",)}
    u = understand("batu digital", names=frozenset({"batu", "digital"}))
    assert u.filters == {} and u.text.split()[0] == "batu"


def test_a_query_of_unknown_words_is_passed_on_as_typed() -> None:
    u = understand("Kopi Kode")
    assert "Kode" in u.text.split()
    assert not u.filters and not u.chips


def test_understood_params_merge_filters_and_ask_for_the_last_strategy() -> None:
    params = parse_search_params({"q": ["animator in sukun"], "kecamatan": ["klojen"]})
    effective = understood_params(params, understand(params.q))
    assert effective.filters["kecamatan"] == ("klojen", "sukun")
    assert effective.q == "animator "  # a trailing space: no prefix matching
    main = build_requests("profiles", effective)[0]
    assert main["matchingStrategy"] == "last"
    assert 'kecamatan IN ["klojen", "sukun"]' in main["filter"]


def test_raw_turns_understanding_off() -> None:
    assert parse_search_params({"q": ["x"], "raw": ["1"]}).raw
    assert not parse_search_params({"q": ["x"]}).raw
    assert "matchingStrategy" not in build_requests(
        "profiles", parse_search_params({"q": ["x"], "raw": ["1"]}))[0]


def test_did_you_mean_uses_the_index_words() -> None:
    u = understand("fluter develper in sukun", VOCABULARY)
    assert did_you_mean(u, VOCABULARY) == "flutter developer in sukun"
    assert did_you_mean(understand("xyzzy"), VOCABULARY) is None


def test_vocabulary_is_read_from_facets_and_concept_counts() -> None:
    lex = lexicon()
    requests = vocabulary_requests("profiles", lex)
    assert requests[0]["facets"] and len(requests) == len(lex.concepts) + 1
    results = [{"facetDistribution": {"skill_keys": {"flutter": 5}, "services": {"iot": 2}}},
               *[{"totalHits": 3} for _ in lex.concepts]]
    vocabulary = vocabulary_from(results, lex)
    assert vocabulary.counts["skill:flutter"] == 5 and vocabulary.counts["service:iot"] == 2
    assert vocabulary.counts["concept:game"] == 3
    assert "flutter" in vocabulary.words


def test_settings_know_the_lexicon() -> None:
    wanted = settings()
    assert "kids" in wanted["typoTolerance"]["disableOnWords"]
    assert wanted["typoTolerance"]["minWordSizeForTypos"]["oneTypo"] >= 5
    assert "edukasi" in wanted["synonyms"]["educational"]
    assert "educational" in wanted["synonyms"]["edukasi"]


def test_every_concept_code_is_a_taxonomy_code_and_every_word_has_one_concept() -> None:
    lex = lexicon()
    assert len(lex.concepts) >= 60
    for concept in lex.concepts.values():
        assert concept.phrases, concept.key


@pytest.mark.parametrize(("lexicon_text", "words_text", "message"), [
    ("a\toffer\tservice:nope\tx\ty\n", "filler\tthe\n", "unknown code 'service:nope'"),
    ("A B\toffer\t-\tx\ty\n", "filler\tthe\n", "must be one lower-case word"),
    ("a\twhatever\t-\tx\ty\n", "filler\tthe\n", "type 'whatever'"),
    ("a\toffer\t-\tx\ty\nb\toffer\t-\tx\tz\n", "filler\tthe\n",
     "'x' already belongs to concept 'a'"),
    ("a\toffer\t-\tx\n", "filler\tthe\n", "4 TAB-separated columns"),
    ("a\toffer\t-\tx\ty\n", "kecamatan:mars\tmars\n", "unknown meaning 'kecamatan:mars'"),
])
def test_mistakes_in_the_data_files_are_named(tmp_path: Path, lexicon_text: str,
                                              words_text: str, message: str) -> None:
    (tmp_path / "lexicon.tsv").write_text(lexicon_text, encoding="utf-8")
    (tmp_path / "words.tsv").write_text(words_text, encoding="utf-8")
    with pytest.raises(LexiconError) as exc:
        parse_lexicon(tmp_path / "lexicon.tsv", tmp_path / "words.tsv")
    assert message in str(exc.value) and "line" in str(exc.value)


def test_filler_inside_a_profile_name_stays_a_word() -> None:
    u = understand("studio ulang baru", names=frozenset({"studio", "ulang", "baru"}))
    assert u.filters == {} and set(u.text.split()) == {"studio", "ulang", "baru"}


def test_a_place_after_for_is_still_a_place() -> None:
    u = understand("mobile app for a clinic in Klojen")
    assert u.filters == {"kecamatan": ("klojen",)}
    assert [c.source for c in u.chips] == ["in Klojen"]
    assert "in" not in u.ignored  # it went with the place


def test_prepositions_without_a_place_are_just_dropped() -> None:
    u = understand("game in unity")
    assert u.filters == {} and "in" in u.ignored and "unity" in u.text.split()
