"""Search parameter parsing and filter building: pure functions, no server."""

from __future__ import annotations

import pytest

from directory.errors import InvalidInput
from directory.i18n import current_language
from search.query import build_filter, build_requests, parse_search_params


def parse(**params: str | list[str]):  # type: ignore[no-untyped-def]
    return parse_search_params({k: v if isinstance(v, list) else [v] for k, v in params.items()})


def invalid(params: dict[str, str | list[str]], lang: str | None = None) -> dict[str, str]:
    token = current_language.set(lang) if lang else None
    try:
        with pytest.raises(InvalidInput) as exc:
            parse(**params)
    finally:
        if token:
            current_language.reset(token)
    return {e.field: e.reason for e in exc.value.errors}


def test_defaults() -> None:
    p = parse()
    assert (p.q, p.page, p.per_page, p.sort, p.filters) == ("", 1, 20, "relevance", {})


def test_or_within_a_facet_and_across_facets() -> None:
    p = parse(subsector=["aplikasi", "pengembang-permainan"], kecamatan="klojen")
    assert build_filter(p) == [
        'subsectors IN ["aplikasi", "pengembang-permainan"]', 'kecamatan IN ["klojen"]',
    ]


def test_skill_is_case_insensitive_and_quoted() -> None:
    p = parse(skill=["Flutter", "Unreal \"Engine\""])
    assert build_filter(p) == ['skill_keys IN ["flutter", "unreal \\"engine\\""]']


def test_available_verified_and_radius() -> None:
    p = parse(available="true", verified="1", near="-7.98,112.63", radius_km="2.5")
    assert build_filter(p) == ["available = true", "verified = true",
                               "_geoRadius(-7.98, 112.63, 2500)"]


def test_near_without_radius_sorts_by_distance() -> None:
    main = build_requests("profiles", parse(near="-7.98,112.63"))[0]
    assert main["sort"] == ["_geoPoint(-7.98, 112.63):asc", "standing:desc", "id:asc"]
    assert "filter" in main and main["filter"] == []


def test_each_selected_facet_gets_a_disjunctive_count_query() -> None:
    requests = build_requests("profiles", parse(subsector="aplikasi", kecamatan="sukun"))
    assert len(requests) == 3
    assert requests[1]["facets"] == ["subsectors"]
    assert requests[1]["filter"] == ['kecamatan IN ["sukun"]']
    assert requests[2]["filter"] == ['subsectors IN ["aplikasi"]']


@pytest.mark.parametrize(("params", "field", "english", "indonesian"), [
    ({"subsector": "gaming"}, "subsector", "unknown subsector code 'gaming'",
     "kode subsector tidak dikenal: 'gaming'"),
    ({"service": "seo"}, "service", "unknown service code", "kode service tidak dikenal"),
    ({"role": "ceo"}, "role", "unknown role code", "kode role tidak dikenal"),
    ({"kecamatan": "batu"}, "kecamatan", "unknown kecamatan code", "kode kecamatan tidak dikenal"),
    ({"org_type": "ngo"}, "org_type", "unknown org_type", "kode org_type tidak dikenal"),
    ({"market": "mars"}, "market", "unknown market", "kode market tidak dikenal"),
    ({"kind": "company"}, "kind", "unknown kind", "kode kind tidak dikenal"),
    ({"skill": "x" * 41}, "skill", "at most 40 characters", "paling banyak 40 karakter"),
    ({"per_page": "1000"}, "per_page", "between 1 and 100", "antara 1 dan 100"),
    ({"per_page": "0"}, "per_page", "between 1 and 100", "antara 1 dan 100"),
    ({"page": "0"}, "page", "between 1", "antara 1"),
    ({"page": "two"}, "page", "whole number", "harus berupa bilangan bulat, bukan 'two'"),
    ({"page": "10001", "per_page": "1"}, "page", "between 1 and 10000", "antara 1 dan 10000"),
    ({"near": "-7.98"}, "near", "lat,lng", "'lat,lng' dalam derajat desimal"),
    ({"near": "abc,def"}, "near", "lat,lng", "'lat,lng' dalam derajat desimal"),
    ({"near": "-95,112"}, "near", "±90", "lintang harus dalam ±90"),
    ({"near": "-7.98,112.63", "radius_km": "-1"}, "radius_km", "above 0", "di atas 0"),
    ({"sort": "random"}, "sort", "unknown sort", "urutan 'random' tidak dikenal"),
    ({"available": "maybe"}, "available", "true or false", "harus true atau false"),
    ({"q": "x" * 201}, "q", "at most 200", "paling banyak 200 karakter"),
    ({"q": ["a", "b"]}, "q", "only once", "hanya boleh diberikan sekali"),
    ({"subsectors": "aplikasi"}, "subsectors", "unknown parameter", "parameter tidak dikenal"),
])
def test_bad_parameters_are_named_in_the_requests_language(
        params: dict[str, str | list[str]], field: str, english: str, indonesian: str) -> None:
    errors = invalid(params)
    assert field in errors and indonesian in errors[field], errors
    errors = invalid(params, "en")
    assert field in errors and english in errors[field], errors


def test_pages_may_tolerate_unknown_parameters() -> None:
    p = parse_search_params({"lang": ["en"], "q": ["game"]}, allow_unknown=True)
    assert p.q == "game"


def test_a_radius_without_a_centre_is_ignored() -> None:
    assert parse_search_params({"radius_km": ["5"]}).radius_km is None


def test_every_sort_ends_with_standing_then_id() -> None:
    """Equal relevance (and equal values of a chosen sort): the profile most worth contacting
    first, then one stable order; a sort the person chose stays first."""
    assert build_requests("profiles", parse())[0]["sort"] == ["standing:desc", "id:asc"]
    by_name = build_requests("profiles", parse(sort="name"))[0]["sort"]
    assert by_name == ["name_sort:asc", "standing:desc", "id:asc"]
    by_rating = build_requests("profiles", parse(sort="rating"))[0]["sort"]
    assert by_rating == ["rating_average:desc", "rating_count:desc", "standing:desc", "id:asc"]
