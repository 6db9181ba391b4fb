"""Writes seeds/confidential.jsonl: fictional confidential figures (employees, revenue band,
export share) for about two thirds of the seeded firms, so the analyst area has aggregates to
show on the seed data, each with two dated earlier reports (`history`, from seeds/outcomes.py)
so programme outcomes have figures to compare. Deterministic: re-running gives the same file.

    .venv/bin/python seeds/confidential.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from outcomes import earlier_reports  # noqa: E402

HERE = Path(__file__).parent
FIRMS = {"startup", "service_firm"}


def main() -> None:
    rng = random.Random(20261123)
    rows = []
    for line in (HERE / "directory.jsonl").read_text(encoding="utf-8").splitlines():
        profile = json.loads(line)
        if profile["kind"] != "organization" or profile["org_type"] not in FIRMS:
            continue
        if rng.random() > 0.66:
            continue  # not every firm reports
        team = profile.get("team_size") or rng.randint(2, 30)
        employees = max(1, team + rng.randint(-2, 4))
        band = ("micro" if employees < 15 else "small" if employees < 60 else
                rng.choice(["small", "medium"]) if employees < 150 else "medium")
        international = "international" in profile.get("markets", [])
        share = rng.randint(15, 70) if international else rng.choice([0, 0, 0, 5, 10])
        rows.append({"slug": profile["slug"], "employees": employees, "revenue_band": band,
                     "export_share_pct": share,
                     "history": earlier_reports(profile["slug"], employees, share)})
    path = HERE / "confidential.jsonl"
    path.write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows),
                    encoding="utf-8")
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
