"""How well a profile fits a brief: a pure, explainable score (no I/O; tests/test_matching.py).

A brief needs services (organizations' codes) and/or roles (talents' codes). A need is a key
`service:<code>` or `role:<code>`. An organization covers a service it lists, and a role whose
matching service (`ROLE_SERVICE`) it lists; a talent covers a role it has, and the service of
any of its roles. Each profile is judged on these criteria, each shown to the client as met or
not ("meets: … / does not meet: …"):

- `need`, one per need (50 points × covered / needed): the profile covers that need;
- `platforms`, if asked (10): its platforms (an organization's list, portfolio items) include
  every platform the brief asks for;
- `available` (15): an organization accepting projects; a talent whose availability is known
  and not `not_available`;
- `budget` (10): the brief's budget (the band's upper end, in rupiah) ≥ the profile's
  `min_budget_idr` (met when none is given, or the band is open-ended);
- `language`, if asked (10): the profile works in one of the brief's languages;
- `verified` (5): a curator verified the profile.

A criterion the brief does not ask about (no platforms, no language) scores its points without
being listed. Ranking: score (high first), then slug, then kind — the same data gives the same
order. `route` picks whom a brief is sent to: the best `n` that cover at least one need, are
available and accept briefs (`accepts_briefs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLE_SERVICE: dict[str, str] = {
    "mobile_developer": "mobile_app", "web_developer": "web_app",
    "backend_developer": "backend_api", "game_developer": "game_development",
    "game_designer": "game_development", "game_artist": "game_art", "3d_artist": "game_art",
    "ui_ux_designer": "ui_ux_design", "graphic_designer": "branding",
    "illustrator": "illustration", "animator": "animation", "sound_designer": "music_audio",
    "data_scientist": "data_ai", "devops_engineer": "cloud_devops", "qa_engineer": "qa_testing",
    "product_manager": "consulting", "digital_marketer": "digital_marketing",
    "content_creator": "digital_marketing", "photographer": "photography",
    "videographer": "video_production", "writer": "localization",
}
POINTS = {"need": 50, "platforms": 10, "available": 15, "budget": 10, "language": 10,
          "verified": 5}


@dataclass(frozen=True)
class Needs:
    services: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    budget_idr: int | None = None  # the most the client pays, in rupiah; None: open-ended
    languages: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (*(f"service:{s}" for s in self.services), *(f"role:{r}" for r in self.roles))


@dataclass(frozen=True)
class Reason:
    """One criterion: `code` (need, platforms, available, budget, language, verified), the need
    key for `need`, and whether the profile meets it."""
    code: str
    met: bool
    need: str = ""


@dataclass(frozen=True)
class Match:
    kind: str
    slug: str
    name: str
    score: int
    covered: frozenset[str]
    reasons: tuple[Reason, ...]
    available: bool
    budget_ok: bool
    accepts_briefs: bool
    min_budget_idr: int = 0
    links: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.slug}"

    @property
    def meets(self) -> list[Reason]:
        return [r for r in self.reasons if r.met]

    @property
    def misses(self) -> list[Reason]:
        return [r for r in self.reasons if not r.met]


def capabilities(profile: Mapping[str, Any]) -> frozenset[str]:
    """The need keys a profile can cover."""
    if profile.get("kind") == "organization":
        services = set(profile.get("services") or [])
        roles = {r for r, s in ROLE_SERVICE.items() if s in services}
    else:
        roles = set(profile.get("roles") or [])
        services = {ROLE_SERVICE[r] for r in roles if r in ROLE_SERVICE}
    return frozenset({f"service:{s}" for s in services} | {f"role:{r}" for r in roles})


def platforms_of(profile: Mapping[str, Any]) -> set[str]:
    found = set(profile.get("platforms") or [])
    for item in profile.get("portfolio") or []:
        found.update(item.get("platforms") or [])
    return found


def is_available(profile: Mapping[str, Any]) -> bool:
    if profile.get("status") == "ceased":
        return False
    if profile.get("kind") == "organization":
        return bool(profile.get("accepting_projects"))
    return profile.get("availability") not in (None, "not_available")


def score(needs: Needs, profile: Mapping[str, Any]) -> Match:
    wanted = needs.keys
    covered = capabilities(profile) & set(wanted)
    reasons = [Reason("need", key in covered, key) for key in wanted]
    points = round(POINTS["need"] * len(covered) / len(wanted)) if wanted else POINTS["need"]
    checks: list[tuple[str, bool, bool]] = [  # (code, asked, met)
        ("platforms", bool(needs.platforms), set(needs.platforms) <= platforms_of(profile)),
        ("available", True, is_available(profile)),
    ]
    minimum = int(profile.get("min_budget_idr") or 0)
    budget_ok = needs.budget_idr is None or needs.budget_idr >= minimum
    checks += [
        ("budget", True, budget_ok),
        ("language", bool(needs.languages),
         bool(set(needs.languages) & set(profile.get("languages") or []))),
        ("verified", True, bool(profile.get("verified"))),
    ]
    for code, asked, met in checks:
        if asked:
            reasons.append(Reason(code, met))
        if met or not asked:
            points += POINTS[code]
    return Match(kind=str(profile.get("kind")), slug=str(profile.get("slug")),
                 name=str(profile.get("name", "")), score=points, covered=frozenset(covered),
                 reasons=tuple(reasons), available=is_available(profile), budget_ok=budget_ok,
                 accepts_briefs=bool(profile.get("accepts_briefs")), min_budget_idr=minimum,
                 links=_links(profile))


def _links(profile: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """What team assembly needs to see who worked together (directory.hiring.teams)."""
    return {"members": frozenset(m.get("talent_slug") for m in profile.get("members") or []),
            "affiliations": frozenset(a.get("organization_slug")
                                      for a in profile.get("affiliations") or []),
            "communities": frozenset(profile.get("communities") or []),
            "projects": frozenset(u for item in profile.get("portfolio") or []
                                  if (u := _project_url(item.get("url"))))}


def _project_url(url: Any) -> str:
    return str(url).strip().lower().rstrip("/") if url else ""


def rank(needs: Needs, profiles: Iterable[Mapping[str, Any]]) -> list[Match]:
    """Every profile that covers at least one need, best first."""
    matches = [m for m in (score(needs, p) for p in profiles) if m.covered]
    return sorted(matches, key=lambda m: (-m.score, m.slug, m.kind))


def route(matches: list[Match], n: int) -> list[Match]:
    """Whom a brief is sent to: the best `n` that accept briefs and are available."""
    return [m for m in matches if m.accepts_briefs and m.available][:n]


def covers_all(match: Match, needs: Needs) -> bool:
    return set(needs.keys) <= match.covered
