"""The seed data reads like Malang and stays deterministic: the generator writes the committed
file byte for byte on every run; cards of one kind of firm differ; part of the profiles carry
English translations; a few organizations ceased; a few deliberate duplicates are there for the
curators' duplicate finder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from directory.context import Services
from directory.settings import PROJECT_ROOT
from tests.conftest import SEED_FILE

GENERATOR = PROJECT_ROOT / "seeds" / "generate.py"


def test_the_generator_writes_the_committed_seeds_twice_the_same(tmp_path: Path) -> None:
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"seed-{n}.jsonl"
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == SEED_FILE.read_bytes()


def test_one_command_writes_every_committed_seed_file(tmp_path: Path) -> None:
    """`python seeds/generate.py` writes the profiles, then the seeds built on them (outcome
    history, programmes, confidential figures, demand): the committed ones, byte for byte."""
    copy = tmp_path / "seeds"
    shutil.copytree(GENERATOR.parent, copy, ignore=shutil.ignore_patterns("*.jsonl"))
    subprocess.run([sys.executable, str(copy / "generate.py")], check=True,
                   capture_output=True)
    written = sorted(p.name for p in copy.glob("*.jsonl"))
    assert written == sorted(p.name for p in GENERATOR.parent.glob("*.jsonl")
                             if not p.name.startswith("synthetic-"))
    for name in written:
        assert (copy / name).read_bytes() == (GENERATOR.parent / name).read_bytes(), name


def test_seeded_profiles_read_differently(seed_rows: list[dict[str, Any]]) -> None:
    orgs = [r for r in seed_rows if r["kind"] == "organization"]
    studios = [r for r in orgs if r["name"].endswith("Game Studio")]
    headlines = Counter(r["headline"] for r in studios)
    assert len(headlines) >= 4 and max(headlines.values()) <= len(studios) // 2
    assert len({r["description"] for r in orgs}) == len(orgs)  # no two descriptions alike
    names = Counter(r["name"] for r in seed_rows if r["kind"] == "organization")
    assert [n for n, c in names.items() if c > 1] == []
    translated = [r for r in seed_rows if "translations" in r]
    assert len(seed_rows) * 0.2 <= len(translated) <= len(seed_rows) * 0.5
    assert all(set(r["translations"]) == {"en"} for r in translated)
    rates = [r["hourly_rate_idr"]["min"] for r in seed_rows if "hourly_rate_idr" in r]
    assert min(rates) >= 25_000 and max(rates) <= 600_000 and len(set(rates)) >= 20
    ceased = [r for r in orgs if r["status"] == "ceased"]
    assert len(ceased) == 4
    assert all(r["ceased_reason"] and r["ceased_at"][:4] >= str(r["founded_year"])
               for r in ceased)


async def test_the_deliberate_duplicates_are_found(seeded_services: Services,
                                                   seed_rows: list[dict[str, Any]]) -> None:
    deliberate = {r["slug"] for r in seed_rows if r["slug"].endswith("b")
                  and r["slug"].rsplit("-", 1)[-1][:-1].isdigit()}
    assert len(deliberate) == 3
    pairs = await seeded_services.duplicates.candidates("organization")
    found = {slug for p in pairs for slug in (p.a["slug"], p.b["slug"])}
    assert deliberate <= found

