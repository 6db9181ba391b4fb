"""Writes seeds/demand.jsonl: fictional client inquiries and briefs with plausible origins
(Kota Malang, the rest of East Java, Jakarta, Bandung, Yogyakarta, Bali, the partner province
Jambi, Singapore, China, Malaysia, Australia, the United States) over 2025–2026, so the
analysts' demand by origin (/analis/asal) and partner-region view are not empty on the seed
data. No names, emails or messages: `directory seed` stores them as demo records (`seed` id)
that re-running never duplicates. Deterministic: re-running gives the same file.

    .venv/bin/python seeds/demand.py [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
# (weight, origin)
ORIGINS: list[tuple[int, dict[str, str]]] = [
    (30, {"country": "ID", "province": "35", "city": "35.73"}),  # Kota Malang
    (8, {"country": "ID", "province": "35", "city": "35.78"}),  # Kota Surabaya
    (5, {"country": "ID", "province": "35", "city": "35.07"}),  # Kabupaten Malang
    (4, {"country": "ID", "province": "35", "city": "35.79"}),  # Kota Batu
    (3, {"country": "ID", "province": "35", "city": "35.15"}),  # Kabupaten Sidoarjo
    (2, {"country": "ID", "province": "35"}),
    (8, {"country": "ID", "province": "31", "city": "31.74"}),  # Jakarta Selatan
    (3, {"country": "ID", "province": "31", "city": "31.71"}),  # Jakarta Pusat
    (4, {"country": "ID", "province": "32", "city": "32.73"}),  # Kota Bandung
    (3, {"country": "ID", "province": "34", "city": "34.71"}),  # Kota Yogyakarta
    (2, {"country": "ID", "province": "51", "city": "51.71"}),  # Kota Denpasar
    (6, {"country": "ID", "province": "15", "city": "15.71"}),  # Kota Jambi (partner)
    (2, {"country": "ID", "province": "15", "city": "15.05"}),  # Kabupaten Muaro Jambi
    (1, {"country": "ID", "province": "15"}),
    (5, {"country": "SG"}), (3, {"country": "CN"}), (2, {"country": "MY"}),
    (2, {"country": "AU"}), (2, {"country": "US"}),
]
BRIEF_NEEDS = [(["mobile_app"], []), (["web_app", "backend_api"], []),
               (["game_development"], ["game_artist"]), (["animation"], []),
               (["ui_ux_design"], []), (["video_production"], ["videographer"]),
               (["branding", "illustration"], []), (["music_audio"], [])]
START = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)
DAYS = 690  # to late November 2026


def _origin(rng: random.Random) -> dict[str, str]:
    return dict(rng.choices([o for _w, o in ORIGINS], weights=[w for w, _o in ORIGINS])[0])


def _at(rng: random.Random) -> str:
    moment = START + timedelta(days=rng.randrange(DAYS), hours=rng.randrange(10))
    return moment.isoformat().replace("+00:00", "Z")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=HERE / "demand.jsonl")
    path: Path = parser.parse_args().out
    rng = random.Random(20261205)
    profiles = [json.loads(line) for line in
                (HERE / "directory.jsonl").read_text(encoding="utf-8").splitlines()]
    published = [(p["kind"], p["slug"]) for p in profiles
                 if p.get("status", "published") == "published"
                 and p.get("org_type") not in ("community", "incubator", "campus")]
    rows = []
    for n in range(90):
        kind, slug = rng.choice(published)
        rows.append({"seed": f"inquiry-{n:03d}", "type": "inquiry", "kind": kind, "slug": slug,
                     "origin": _origin(rng), "at": _at(rng),
                     "budget": rng.choice(["under_10m", "10m_50m", "50m_200m", "unknown"]),
                     "timeline": rng.choice(["asap", "1_3_months", "3_6_months", "flexible"])})
    for n in range(24):
        services, roles = rng.choice(BRIEF_NEEDS)
        rows.append({"seed": f"brief-{n:03d}", "type": "brief", "services": services,
                     "roles": roles, "origin": _origin(rng), "at": _at(rng)})
    rows.sort(key=lambda r: (r["at"], r["seed"]))
    path.write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows),
                    encoding="utf-8")
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
