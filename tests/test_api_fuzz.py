"""The OpenAPI document drives a client: schemathesis generates requests from it (valid and
invalid, every phase: examples, coverage, fuzzing, stateful sequences), public and
authenticated, against a served app with profiles in it, and runs every check — no server
error, every status and content type documented, valid requests accepted, invalid ones refused,
`Allow` headers right. Bounded in examples so the suite stays quick; a fixed seed keeps it
deterministic (`schemathesis run ... --seed N` replays a failure)."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

from directory.context import Services
from directory.settings import PROJECT_ROOT, Settings
from tests.factories import org, talent
from tests.helpers import load
from tests.servers import serving
from tests.web import make_user

SCHEMATHESIS = PROJECT_ROOT / ".venv" / "bin" / "schemathesis"


async def test_schemathesis_finds_no_failure(services: Services, settings: Settings,
                                             tmp_path: Path) -> None:
    await load(services, org(slug="studio-apel", name="Studio Apel"),
               org(slug="kopi-digital", name="Kopi Digital", subsectors=["aplikasi"]),
               talent(slug="rina-ilustrator", name="Rina Ilustrator"))
    curator = await make_user(services, "kurator@example.id", role="curator")
    await services.programmes.create(curator, {  # so GET /api/v1/programmes/{slug} is reached
        "title": ["Malang City Expo"], "kind": ["expo"], "organizer_name": ["Pemkot Malang"],
        "starts_on": ["2025-08-01"], "subsectors": ["kuliner"],
        "description": ["Pameran produk kreatif dan kuliner Kota Malang tahunan."]})
    owner = await make_user(services, "penguji@example.id")
    token = await services.accounts.create_token(owner)
    # In a thread: the test's event loop keeps serving the MongoDB client's monitors meanwhile
    # (blocked for the whole run, the next test's first operation was cancelled).
    ran = await asyncio.to_thread(_fuzz, settings, token, tmp_path)
    assert ran.returncode == 0, ran.stdout[-6000:]
    # Every generated case passed every check (warnings — e.g. operations that need an existing
    # engagement or brief mostly answer 404/422 to random ids — are not failures).
    summary = re.search(r"(\d+) generated, (\d+) passed", ran.stdout)
    assert summary and summary.group(1) == summary.group(2) and int(summary.group(1)) > 1000, \
        ran.stdout[-3000:]
    assert "failed" not in ran.stdout.split("SUMMARY")[-1], ran.stdout[-3000:]


def _fuzz(settings: Settings, token: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    with serving(settings, env={"DIRECTORY_SEARCH_RATE_LIMIT": "0"}) as url:
        return subprocess.run(
            [str(SCHEMATHESIS), "--config-file", str(PROJECT_ROOT / "tests" / "schemathesis.toml"),
             "run", f"{url}/schema/openapi.json", "--url", url, "--checks", "all",
             "-H", f"Authorization: Bearer {token}", "--max-examples", "8", "--seed", "20261205",
             "--workers", "2", "--no-color", "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
