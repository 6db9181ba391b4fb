"""Team assembly on known data: exact teams, exact order, and why (pure, no services)."""

from __future__ import annotations

from typing import Any

from directory.hiring.matching import Needs, rank
from directory.hiring.teams import Link, assemble
from tests.factories import org, talent

NEEDS = Needs(services=("game_development", "game_art", "qa_testing"),
              roles=("sound_designer",), budget_idr=50_000_000)
SHARED_GAME = "https://play.example/kopi-quest"


def _ready(profile: dict[str, Any]) -> dict[str, Any]:
    """Available and accepting briefs."""
    if profile["kind"] == "organization":
        profile.setdefault("accepting_projects", True)
    else:
        profile.setdefault("availability", "freelance")
    profile.setdefault("accepts_briefs", True)
    return profile


def _profiles() -> list[dict[str, Any]]:
    return [_ready(p) for p in [
        org(slug="kopi-games", services=["game_development", "game_art"],
            members=[{"talent_slug": "bayu"}], min_budget_idr=30_000_000,
            portfolio=[{"title": "Kopi Quest", "url": SHARED_GAME}]),
        org(slug="arema-studio", services=["game_development"], verified=True),
        org(slug="uji-qa", services=["qa_testing"], min_budget_idr=10_000_000,
            portfolio=[{"title": "Kopi Quest QA", "url": SHARED_GAME + "/"}]),
        org(slug="tes-mahal", services=["qa_testing"], min_budget_idr=60_000_000),
        talent(slug="bayu", roles=["sound_designer"], affiliations=[
            {"organization_slug": "kopi-games"}]),
        talent(slug="sari", roles=["sound_designer"], communities=["stasion"]),
        talent(slug="dewi", roles=["game_artist", "qa_engineer"], communities=["stasion"]),
        talent(slug="sibuk", roles=["sound_designer"], availability="not_available"),
    ]]


def _members(team: Any) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.match.slug, r.brings) for r in team.members]


def test_teams_cover_every_need_prefer_who_worked_together_and_fit_the_budget() -> None:
    teams = assemble(NEEDS, rank(NEEDS, _profiles()))
    assert [_members(t) for t in teams] == [
        # worked together: bayu is a member of kopi-games, uji-qa tested its game
        [("kopi-games", ("service:game_development", "service:game_art")),
         ("uji-qa", ("service:qa_testing",)),
         ("bayu", ("role:sound_designer",))],
        # sari and dewi share a community (weight 1); arema is verified
        [("arema-studio", ("service:game_development",)),
         ("dewi", ("service:game_art", "service:qa_testing")),
         ("sari", ("role:sound_designer",))],
    ]
    assert teams[0].links == (
        Link("organization/kopi-games", "organization/uji-qa", "same_project"),
        Link("organization/kopi-games", "talent/bayu", "member"))
    assert teams[0].strength == 4 and teams[1].strength == 1
    assert teams[0].min_budget_idr == 40_000_000


def test_no_team_when_one_profile_covers_everything() -> None:
    profiles = [*_profiles(), _ready(org(slug="serba-bisa", services=[
        "game_development", "game_art", "qa_testing", "music_audio"]))]
    assert assemble(NEEDS, rank(NEEDS, profiles)) == []


def test_a_team_over_the_budget_is_not_proposed() -> None:
    tight = Needs(services=NEEDS.services, roles=NEEDS.roles, budget_idr=35_000_000)
    teams = assemble(tight, rank(tight, _profiles()))
    # kopi-games (30 m) + uji-qa (10 m) exceeds 35 m: kopi-games now leads with dewi for QA,
    # and uji-qa can only lead a team of four (larger teams rank last)
    assert [[r.match.slug for r in t.members] for t in teams] == [
        ["kopi-games", "dewi", "bayu"], ["arema-studio", "dewi", "sari"],
        ["uji-qa", "arema-studio", "dewi", "sari"]]
