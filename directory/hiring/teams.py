"""Team assembly: when no single profile covers every need of a brief, small teams that do —
pure functions over the brief's matches (directory.hiring.matching; tests/test_teams.py).

A team is one lead organization (one of the `MAX_LEADS` that cover the most needs) plus at
most `MAX_PARTNERS` organizations or talents for what the lead does not cover. Every member is
available and within the budget on its own, every partner brings a need nobody else in the
team covers, and the organizations' minimum project sizes together stay within the brief's
budget (an open-ended budget always fits).

People who have worked together are preferred. Two members are linked when:
- `member`: the organization lists the talent as a team member, or the talent lists the
  organization among its affiliations (weight 2);
- `same_project`: both show a portfolio item with the same address (weight 2);
- `community`: both belong to the same community, incubator or campus (weight 1).

Ranking, fully deterministic: fewer members first, then the stronger links (sum of each linked
pair's heaviest link), then the lead that covers more needs itself, then the higher sum of
match scores, then the members' keys. Each lead contributes its best team (the same people
under another lead count once); the best `limit` teams are proposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from directory.hiring.matching import Match, Needs, covers_all

MAX_PARTNERS = 3
PARTNER_POOL = 12  # per lead, the most promising partners considered (bounds the search)
MAX_LEADS = 40  # the organizations that cover the most needs (then score, key) may lead
WEIGHTS = {"member": 2, "same_project": 2, "community": 1}
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Link:
    a: str  # member keys, "kind/slug"
    b: str
    reason: str  # member, same_project, community


@dataclass(frozen=True)
class Role:
    """What one member brings: the needs it is counted for in this team."""
    match: Match
    brings: tuple[str, ...]


@dataclass(frozen=True)
class Team:
    lead: Role
    partners: tuple[Role, ...]
    links: tuple[Link, ...]
    min_budget_idr: int

    @property
    def members(self) -> tuple[Role, ...]:
        return (self.lead, *self.partners)

    @property
    def strength(self) -> int:
        best: dict[tuple[str, str], int] = {}
        for link in self.links:
            pair = (link.a, link.b)
            best[pair] = max(best.get(pair, 0), WEIGHTS[link.reason])
        return sum(best.values())

    @property
    def score(self) -> int:
        return sum(role.match.score for role in self.members)

    def sort_key(self) -> tuple[int, int, int, int, tuple[str, ...]]:
        return (len(self.members), -self.strength, -len(self.lead.brings), -self.score,
                tuple(role.match.key for role in self.members))


def links_between(a: Match, b: Match) -> list[Link]:
    found: list[str] = []
    pair = {a.kind: a, b.kind: b}
    org, talent = pair.get("organization"), pair.get("talent")
    if org is not None and talent is not None and (
            talent.slug in org.links.get("members", _NONE)
            or org.slug in talent.links.get("affiliations", _NONE)):
        found.append("member")
    if a.links.get("projects", _NONE) & b.links.get("projects", _NONE):
        found.append("same_project")
    if a.links.get("communities", _NONE) & b.links.get("communities", _NONE):
        found.append("community")
    first, second = sorted((a.key, b.key))
    return [Link(first, second, reason) for reason in found]


def _team(needs: Needs, lead: Match, partners: tuple[Match, ...]) -> Team | None:
    wanted = set(needs.keys)
    roles = [Role(lead, tuple(k for k in needs.keys if k in lead.covered))]
    taken = set(lead.covered) & wanted
    for partner in partners:
        others = lead.covered.union(*(p.covered for p in partners if p is not partner))
        if not (partner.covered & wanted) - others:
            return None  # a partner the team does not need
        roles.append(Role(partner, tuple(k for k in needs.keys
                                         if k in partner.covered and k not in lead.covered)))
        taken |= partner.covered & wanted
    if taken != wanted:
        return None
    roles[1:] = sorted(roles[1:], key=lambda r: (needs.keys.index(r.brings[0]), r.match.key))
    minimum = sum(m.min_budget_idr for m in (lead, *partners))
    if needs.budget_idr is not None and minimum > needs.budget_idr:
        return None
    members = tuple(r.match for r in roles)
    links = tuple(link for i, x in enumerate(members) for y in members[i + 1:]
                  for link in links_between(x, y))
    return Team(roles[0], tuple(roles[1:]), links, minimum)


def assemble(needs: Needs, matches: list[Match], limit: int = 3) -> list[Team]:
    """Proposed teams, best first; none when one available profile covers every need alone
    (send the brief to it instead) or nobody can complete a team."""
    pool = [m for m in matches if m.available and m.budget_ok and m.covered]
    if len(needs.keys) < 2 or any(covers_all(m, needs) for m in pool):
        return []
    best: list[Team] = []
    leads = sorted((m for m in pool if m.kind == "organization"),
                   key=lambda m: (-len(m.covered), -m.score, m.key))[:MAX_LEADS]
    for lead in leads:
        missing = set(needs.keys) - lead.covered
        helpers = [m for m in pool if m is not lead and m.covered & missing]
        helpers.sort(key=lambda m: (-sum(WEIGHTS[x.reason] for x in links_between(lead, m)),
                                    -m.score, m.key))
        helpers = helpers[:PARTNER_POOL]
        found: list[Team] = []
        for size in range(1, MAX_PARTNERS + 1):
            for partners in combinations(helpers, size):
                team = _team(needs, lead, partners)
                if team is not None:
                    found.append(team)
            if found:
                break  # the smallest teams only
        if found:
            best.append(min(found, key=Team.sort_key))
    proposed: list[Team] = []
    for team in sorted(best, key=Team.sort_key):  # the same people under another lead: once
        if {r.match.key for r in team.members} not in [{r.match.key for r in t.members}
                                                        for t in proposed]:
            proposed.append(team)
    return proposed[:limit]
