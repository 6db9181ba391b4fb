"""Writes seeds/programmes.jsonl (two past programmes with their participants) and
seeds/history.jsonl (dated states of the seeded firms: team-size band, markets, export countries,
status), so `make run` shows programme outcomes. Fictional, deterministic: re-running gives the
same files. `seeds/confidential.py` uses `PARTICIPANTS` and `earlier_reports` for the dated
figure reports. Run both after changing seeds/directory.jsonl:

    .venv/bin/python seeds/outcomes.py && .venv/bin/python seeds/confidential.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIRMS = {"startup", "service_firm"}
BANDS = ["1", "2-5", "6-10", "11-25", "26-50", "51-100", "101+"]
UPPER = [1, 5, 10, 25, 50, 100]
STATE_DATES = ("2023-10-01", "2024-11-01", "2025-10-01")
FIGURE_DATES = ("2023-11-15", "2024-11-15")
PROGRAMMES: list[dict[str, Any]] = [
    {"slug": "inkubasi-startup-aplikasi-gim-mcc-2024",
     "title": "Inkubasi Startup Aplikasi & Gim MCC 2024", "kind": "incubation",
     "organizer_name": "Malang Creative Center (MCC)", "starts_on": "2024-02-05",
     "ends_on": "2024-05-31", "subsectors": ["aplikasi", "pengembang-permainan"],
     "description": "Empat bulan pendampingan produk, pemasaran dan pendanaan bagi startup "
                    "aplikasi dan studio gim Kota Malang di Malang Creative Center.",
     "description_en": "Four months of product, marketing and funding mentoring for Malang's "
                       "app startups and game studios at the Malang Creative Center.",
     "size": 12},
    {"slug": "misi-dagang-indonesia-fair-beijing-2024",
     "title": "Misi Dagang Indonesia Fair Beijing 2024", "kind": "trade_mission",
     "organizer_name": "Bappeda Kota Malang", "starts_on": "2024-09-10",
     "ends_on": "2024-09-14",
     "subsectors": ["aplikasi", "pengembang-permainan", "film-animasi-video"],
     "description": "Delegasi studio kreatif Kota Malang di Indonesia Fair, Beijing: temu "
                    "bisnis dengan pembeli dan penerbit Tiongkok.",
     "description_en": "A delegation of Malang's creative studios at the Indonesia Fair in "
                       "Beijing: business meetings with Chinese buyers and publishers.",
     "size": 8},
]


def band(team_size: int | None) -> str | None:
    if team_size is None:
        return None
    return next((b for upper, b in zip(UPPER, BANDS, strict=False) if team_size <= upper),
                BANDS[-1])


def firms() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in
            (HERE / "directory.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["kind"] == "organization" and r["org_type"] in FIRMS]


def participants() -> dict[str, list[str]]:
    """Programme slug → its participants: published firms of its subsectors founded by 2022."""
    rng = random.Random(20261205)
    out = {}
    for programme in PROGRAMMES:
        fits = sorted(r["slug"] for r in firms() if r["status"] == "published"
                      and r.get("founded_year", 9999) <= 2022
                      and set(r["subsectors"]) & set(programme["subsectors"]))
        out[programme["slug"]] = sorted(rng.sample(fits, programme["size"]))
    return out


PARTICIPANTS = participants()
TOOK_PART = {slug for slugs in PARTICIPANTS.values() for slug in slugs}


def earlier_reports(slug: str, employees: int, share: int) -> list[dict[str, Any]]:
    """Dated reports before the seeded (latest) one: participants grew faster."""
    rng = random.Random(f"{slug}-figures")
    grew = slug in TOOK_PART
    out = []
    for n, day in enumerate(FIGURE_DATES):
        back = len(FIGURE_DATES) - n  # 2, then 1 step before the latest
        staff = max(1, round(employees * (1 - 0.2 * back)) if grew
                    else employees - rng.randint(0, 2) * back)
        out.append({"reported_at": f"{day}T09:00:00+00:00", "employees": staff,
                    "revenue_band": "micro" if staff < 15 else "small" if staff < 60
                    else "medium",
                    "export_share_pct": max(0, share - (8 if grew else rng.randint(0, 3)) * back)})
    return out


def states(firm: dict[str, Any]) -> list[dict[str, Any]]:
    """The firm's dated states, a record only where something changed."""
    rng = random.Random(f"{firm['slug']}-states")
    now_band = band(firm.get("team_size"))
    countries = sorted(firm.get("export_countries") or [])
    grew = firm["slug"] in TOOK_PART
    steps = rng.choice([1, 2, 2]) if grew else rng.choice([0, 0, 0, 1])
    lost = rng.choice([0, 1, len(countries)]) if grew else rng.choice([0, 0, 1])
    out: list[dict[str, Any]] = []
    for n, day in enumerate(STATE_DATES):
        back = len(STATE_DATES) - 1 - n  # 2, 1, 0 steps before today's state
        down, drop = (steps, lost) if back == 2 else (steps // 2, lost // 2) if back else (0, 0)
        shown = now_band if now_band is None else BANDS[max(0, BANDS.index(now_band) - down)]
        kept = countries[:max(0, len(countries) - drop)]
        ceased = firm["status"] == "ceased" and firm.get("ceased_at", "9999") <= day
        state = {"slug": firm["slug"], "at": f"{day}T00:00:00+00:00", "team_size_band": shown,
                 "markets": sorted(firm.get("markets") or []), "export_countries": kept,
                 "status": "ceased" if ceased else "published"}
        if not out or {k: v for k, v in out[-1].items() if k != "at"} != \
                {k: v for k, v in state.items() if k != "at"}:
            out.append(state)
    return out


def main() -> None:
    eligible = [f for f in firms() if f["status"] in ("published", "ceased")
                and f.get("founded_year", 9999) <= 2023]
    history = [s for firm in eligible for s in states(firm)]
    (HERE / "history.jsonl").write_text(
        "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in history), encoding="utf-8")
    programmes = [{**{k: v for k, v in p.items() if k != "size"},
                   "participants": PARTICIPANTS[p["slug"]]} for p in PROGRAMMES]
    (HERE / "programmes.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
                for r in programmes), encoding="utf-8")
    print(f"wrote {len(history)} states and {len(programmes)} programmes")


if __name__ == "__main__":
    main()
