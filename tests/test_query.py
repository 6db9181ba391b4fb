"""Search parameter parsing and filter building: pure functions, no server."""

from __future__ import annotations

import pytest

from directory.errors import InvalidInput
from search.query import build_filter, build_requests, parse_search_params


def parse(**params: str | list[str]):  # type: ignore[no-untyped-def]
    return parse_search_params({k: v if isinstance(v, list) else [v] for k, v in params.items()})


def invalid(**params: str | list[str]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as exc:
        parse(**params)
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
    assert main["sort"] == ["_geoPoint(-7.98, 112.63):asc"]
    assert "filter" in main and main["filter"] == []


def test_each_selected_facet_gets_a_disjunctive_count_query() -> None:
    requests = build_requests("profiles", parse(subsector="aplikasi", kecamatan="sukun"))
    assert len(requests) == 3
    assert requests[1]["facets"] == ["subsectors"]
    assert requests[1]["filter"] == ['kecamatan IN ["sukun"]']
    assert requests[2]["filter"] == ['subsectors IN ["aplikasi"]']


@pytest.mark.parametrize(("params", "field", "fragment"), [
    ({"subsector": "gaming"}, "subsector", "unknown subsector code 'gaming'"),
    ({"service": "seo"}, "service", "unknown service code"),
    ({"role": "ceo"}, "role", "unknown role code"),
    ({"kecamatan": "batu"}, "kecamatan", "unknown kecamatan code"),
    ({"org_type": "ngo"}, "org_type", "unknown org_type"),
    ({"market": "mars"}, "market", "unknown market"),
    ({"kind": "company"}, "kind", "unknown kind"),
    ({"per_page": "1000"}, "per_page", "between 1 and 100"),
    ({"per_page": "0"}, "per_page", "between 1 and 100"),
    ({"page": "0"}, "page", "between 1"),
    ({"page": "two"}, "page", "whole number"),
    ({"near": "-7.98"}, "near", "lat,lng"),
    ({"near": "abc,def"}, "near", "lat,lng"),
    ({"near": "-95,112"}, "near", "±90"),
    ({"radius_km": "5"}, "radius_km", "needs near"),
    ({"near": "-7.98,112.63", "radius_km": "-1"}, "radius_km", "above 0"),
    ({"sort": "random"}, "sort", "unknown sort"),
    ({"available": "maybe"}, "available", "true or false"),
    ({"q": "x" * 201}, "q", "at most 200"),
    ({"q": ["a", "b"]}, "q", "only once"),
    ({"subsectors": "aplikasi"}, "subsectors", "unknown parameter"),
])
def test_bad_parameters_are_named(params: dict[str, str], field: str, fragment: str) -> None:
    errors = invalid(**params)
    assert field in errors and fragment in errors[field], errors


def test_pages_may_tolerate_unknown_parameters() -> None:
    p = parse_search_params({"lang": ["en"], "q": ["game"]}, allow_unknown=True)
    assert p.q == "game"
