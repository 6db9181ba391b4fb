"""Matching a brief to profiles: the explainable score on known data (pure, no services)."""

from __future__ import annotations

from typing import Any

import pytest

from directory.errors import InvalidInput
from directory.hiring import brief_input
from directory.hiring.matching import Needs, Reason, capabilities, rank, route, score
from tests.factories import org, talent


def _game_needs(**overrides: Any) -> Needs:
    values: dict[str, Any] = {"services": ("game_development", "game_art"),
                              "roles": ("sound_designer",), "platforms": ("android",),
                              "budget_idr": 50_000_000, "languages": ("en",)}
    values.update(overrides)
    return Needs(**values)


def test_an_organization_scores_each_criterion_it_meets() -> None:
    studio = org(slug="studio-a", services=["game_development", "game_art"],
                 platforms=["android", "ios"], accepting_projects=True,
                 min_budget_idr=20_000_000, languages=["id", "en"], verified=True)
    match = score(_game_needs(), studio)
    # 2 of 3 needs → round(50 × 2/3) = 33; platforms 10, available 15, budget 10,
    # language 10, verified 5.
    assert match.score == 33 + 10 + 15 + 10 + 10 + 5
    assert match.covered == {"service:game_development", "service:game_art"}
    assert [r for r in match.misses] == [Reason("need", False, "role:sound_designer")]
    assert [r.code for r in match.meets] == ["need", "need", "platforms", "available",
                                             "budget", "language", "verified"]


def test_missed_criteria_cost_their_points_and_are_listed() -> None:
    studio = org(slug="studio-b", services=["game_development"], platforms=["web"],
                 accepting_projects=False, min_budget_idr=80_000_000, languages=["id"])
    match = score(_game_needs(), studio)
    assert match.score == 17  # round(50 × 1/3), nothing else
    assert [r.code for r in match.misses] == ["need", "need", "platforms", "available",
                                              "budget", "language", "verified"]
    assert not match.budget_ok and not match.available


def test_a_talent_covers_roles_and_the_service_of_its_roles() -> None:
    person = talent(slug="bayu", roles=["sound_designer", "game_artist"],
                    availability="freelance", languages=["en"],
                    portfolio=[{"title": "OST", "platforms": ["android"]}])
    assert capabilities(person) == {"role:sound_designer", "role:game_artist",
                                    "service:music_audio", "service:game_art"}
    match = score(_game_needs(), person)
    assert match.covered == {"service:game_art", "role:sound_designer"}
    # 33 + platforms (portfolio) 10 + available 15 + budget (no minimum) 10 + language 10
    assert match.score == 78


def test_questions_the_brief_does_not_ask_are_not_listed_but_score() -> None:
    studio = org(slug="studio-c", services=["mobile_app"], accepting_projects=True)
    match = score(Needs(services=("mobile_app",)), studio)
    assert match.score == 50 + 10 + 15 + 10 + 10
    assert [r.code for r in match.reasons] == ["need", "available", "budget", "verified"]


def test_ranking_and_routing_are_deterministic() -> None:
    profiles = [
        org(slug="zeta", services=["mobile_app"], accepting_projects=True, accepts_briefs=True),
        org(slug="alpha", services=["mobile_app"], accepting_projects=True, accepts_briefs=True),
        org(slug="busy", services=["mobile_app"], accepts_briefs=True, verified=True),
        org(slug="shy", services=["mobile_app"], accepting_projects=True, verified=True),
        org(slug="other", services=["branding"], accepting_projects=True, accepts_briefs=True),
        talent(slug="dev", roles=["mobile_developer"], availability="part_time",
               accepts_briefs=True),
    ]
    ranked = rank(Needs(services=("mobile_app",)), profiles)
    assert [(m.slug, m.score) for m in ranked] == [
        ("shy", 100), ("alpha", 95), ("dev", 95), ("zeta", 95), ("busy", 85)]
    assert [m.slug for m in route(ranked, 2)] == ["alpha", "dev"]  # shy: no opt-in
    assert [m.slug for m in route(ranked, 5)] == ["alpha", "dev", "zeta"]  # busy: unavailable


def test_a_usd_budget_is_compared_in_rupiah_at_the_settings_rate() -> None:
    brief = {"budget_currency": "USD", "budget_band": "1k_5k"}
    assert brief_input.budget_in_idr(brief, 16_000) == 80_000_000
    assert brief_input.budget_in_idr({"budget_currency": "IDR", "budget_band": "over_200m"},
                                     16_000) is None
    studio = org(slug="mahal", services=["web_app"], min_budget_idr=90_000_000)
    assert not score(Needs(services=("web_app",), budget_idr=80_000_000), studio).budget_ok


def test_brief_validation_names_every_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        brief_input.validate({"title": "x", "description": "short", "services": ["nope"],
                              "platforms": ["psp"], "budget_currency": "EUR",
                              "timeline": "tomorrow", "languages": [], "client_country": "XX",
                              "visibility": "secret", "route_count": 99, "colour": "red"})
    fields = [e.field for e in caught.value.errors]
    assert fields == ["colour", "title", "description", "services", "platforms",
                      "budget_currency", "timeline", "languages", "client_country",
                      "visibility", "route_count"]
    assert caught.value.status == 422


def test_a_valid_brief_is_normalised() -> None:
    brief = brief_input.validate({
        "title": " Game edukasi ", "description": "Game edukasi Android untuk SD, 2D, "
        "dengan musik.", "roles": ["game_developer", "game_developer"], "platforms": ["android"],
        "budget_currency": "usd", "budget_band": "5k_20k", "timeline": "3_6_months",
        "languages": ["id", "en"], "client_country": "sg", "visibility": "private"})
    assert brief == {"title": "Game edukasi", "description": "Game edukasi Android untuk SD, "
                     "2D, dengan musik.", "services": [], "roles": ["game_developer"],
                     "platforms": ["android"], "languages": ["id", "en"],
                     "budget_currency": "USD", "budget_band": "5k_20k",
                     "timeline": "3_6_months", "client_country": "SG",
                     "origin": {"country": "SG"},
                     "visibility": "private", "route_count": 5}
