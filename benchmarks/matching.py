"""CPU time of brief matching and team assembly (pure, no services) on synthetic profiles:

    .venv/bin/python -m benchmarks.matching 10000

Half organizations (3 random services, 80 % accepting projects), half talents (2 random roles);
30 % accept briefs; one member and one community each. The brief needs game development, game
art, QA and a sound designer, so no single profile covers it and teams are assembled."""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from directory.hiring.matching import Needs, rank
from directory.hiring.teams import assemble
from directory.taxonomy import ROLES, SERVICES


def profiles(n: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n):
        shared = {"name": f"P{i}", "accepts_briefs": rng.random() < .3, "languages": ["id"],
                  "communities": [rng.choice(["stasion", "mcc", "campus"])]}
        if i % 2:
            out.append({"kind": "organization", "slug": f"o{i}",
                        "services": rng.sample(SERVICES.codes, 3),
                        "accepting_projects": rng.random() < .8,
                        "min_budget_idr": rng.choice([0, 10_000_000, 50_000_000]),
                        "members": [{"talent_slug": f"t{rng.randrange(n)}"}], **shared})
        else:
            out.append({"kind": "talent", "slug": f"t{i}", "roles": rng.sample(ROLES.codes, 2),
                        "availability": "freelance", **shared})
    return out


def main(n: int) -> None:
    needs = Needs(services=("game_development", "game_art", "qa_testing"),
                  roles=("sound_designer",), budget_idr=200_000_000, languages=("id",))
    data = profiles(n)
    started = time.perf_counter()
    ranked = rank(needs, data)
    ranked_at = time.perf_counter()
    teams = assemble(needs, [m for m in ranked if m.accepts_briefs])
    done = time.perf_counter()
    print(f"{n} profiles, {len(ranked)} matches: rank {1000 * (ranked_at - started):.0f} ms, "
          f"teams {1000 * (done - ranked_at):.0f} ms ({[len(t.members) for t in teams]})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
