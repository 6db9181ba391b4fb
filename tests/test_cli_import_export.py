"""The real `directory` command: import validates everything first, upserts, exports round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directory.context import Services
from directory.settings import Settings
from search.query import SearchParams
from tests.conftest import SEED_FILE, run_cli, write_jsonl
from tests.factories import org, talent
from tests.helpers import indexed_documents

run = run_cli


async def count(services: Services) -> int:
    db = services.mongo[services.settings.mongodb_db]
    return (await db.organizations.count_documents({}) + await db.talents.count_documents({}))


async def test_invalid_line_writes_nothing_and_reports_line_numbers(
        services: Services, settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        org(slug="baik-satu"), talent(slug="baik-dua"), org(slug="buruk", kecamatan="jakarta"),
        talent(slug="buruk-dua", roles=[]),
    ])
    result = run(settings, "import", str(path))
    assert result.returncode == 1
    assert "line 3: kecamatan: unknown kecamatan code 'jakarta'" in result.stderr
    assert "line 4: roles:" in result.stderr
    assert "nothing was written" in result.stderr
    assert await count(services) == 0
    assert await indexed_documents(services) == []


async def test_unknown_community_reference_is_an_error(services: Services, settings: Settings,
                                                       tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "refs.jsonl", [
        org(slug="kampus-satu", org_type="campus"),
        org(slug="studio-satu", org_type="service_firm"),
        talent(slug="talenta-a", communities=["kampus-satu"]),
        talent(slug="talenta-b", communities=["komunitas-hantu"]),
        talent(slug="talenta-c", communities=["studio-satu"]),
    ])
    result = run(settings, "import", str(path))
    assert result.returncode == 1
    assert "line 4: communities[0]: 'komunitas-hantu' is not an organization" in result.stderr
    assert "line 5: communities[0]: 'studio-satu' is an organization of type 'service_firm'" \
        in result.stderr
    assert await count(services) == 0


async def test_community_already_in_the_database_may_be_referenced(
        services: Services, settings: Settings, tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [org(slug="stasion", org_type="community")])
    assert run(settings, "import", str(first)).returncode == 0
    second = write_jsonl(tmp_path / "b.jsonl", [talent(slug="anggota", communities=["stasion"])])
    result = run(settings, "import", str(second))
    assert result.returncode == 0, result.stderr
    assert "1 created" in result.stdout


async def test_upsert_by_kind_and_slug_and_rerun_changes_nothing(
        services: Services, settings: Settings, tmp_path: Path) -> None:
    rows = [org(slug="studio-ulang", name="Studio Ulang"), talent(slug="studio-ulang")]
    path = write_jsonl(tmp_path / "one.jsonl", rows)
    assert "2 created" in run(settings, "import", str(path)).stdout
    before = run(settings, "export", "-").stdout
    again = run(settings, "import", str(path))
    assert "0 created, 0 updated, 2 unchanged" in again.stdout
    assert run(settings, "export", "-").stdout == before  # not even updated_at moved

    rows[0]["name"] = "Studio Ulang Baru"
    changed = run(settings, "import", str(write_jsonl(tmp_path / "two.jsonl", rows)))
    assert "0 created, 1 updated, 1 unchanged" in changed.stdout
    body = (await services.searcher.search(SearchParams(q="Baru"))).hits
    assert [h["name"] for h in body] == ["Studio Ulang Baru"]


async def test_export_import_round_trip_is_identical(
        services: Services, settings: Settings, tmp_path: Path) -> None:
    assert run(settings, "import", str(SEED_FILE)).returncode == 0
    first = tmp_path / "first.jsonl"
    assert run(settings, "export", str(first)).returncode == 0

    other = settings.with_(mongodb_db="directory_test_roundtrip", index_prefix="test_rt_")
    try:
        result = run(other, "import", str(first))
        assert result.returncode == 0, result.stderr
        second = tmp_path / "second.jsonl"
        assert run(other, "export", str(second)).returncode == 0
        assert first.read_text() == second.read_text()
    finally:
        await services.mongo.drop_database("directory_test_roundtrip")
        await services.meili.delete_index("test_rt_profiles")

    exported = [json.loads(line) for line in first.read_text().splitlines()]
    seeded = [json.loads(line) for line in SEED_FILE.read_text().splitlines() if line.strip()]
    assert len(exported) == len(seeded)
    by_key = {(r["kind"], r["slug"]): r for r in exported}
    for row in seeded:  # every given field survives as given (timestamps included)
        stored = by_key[(row["kind"], row["slug"])]
        for key, value in row.items():
            assert stored[key] == value, (row["slug"], key)


async def test_reindex_rebuilds_the_index(services: Services, settings: Settings,
                                          tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "few.jsonl", [org(slug="satu-a"), org(slug="dua-b"),
                                               talent(slug="tiga-c", status="draft")])
    assert run(settings, "import", str(path)).returncode == 0
    task = await services.meili.request("DELETE", f"/indexes/{services.index.uid}/documents")
    await services.meili.wait_task(task)
    result = run(settings, "reindex")
    assert result.returncode == 0, result.stderr
    assert "indexed 2 published profiles" in result.stdout
    assert sorted(d["slug"] for d in await indexed_documents(services)) == ["dua-b", "satu-a"]


@pytest.mark.parametrize("content", ["{}\n", "not json\n"])
async def test_garbage_files_fail_cleanly(services: Services, settings: Settings,
                                          tmp_path: Path, content: str) -> None:
    path = tmp_path / "garbage.jsonl"
    path.write_text(content)
    result = run(settings, "import", str(path))
    assert result.returncode == 1
    assert "line 1" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(settings: Settings) -> None:
    result = run(settings, "import", "/nonexistent/profiles.jsonl")
    assert result.returncode == 2
    assert "does not exist" in result.stderr


async def test_check_command_reports_and_fixes_drift(services: Services, settings: Settings,
                                                     tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "two.jsonl", [org(slug="cek-satu"), talent(slug="cek-dua")])
    assert run(settings, "import", str(path)).returncode == 0
    assert run(settings, "check").returncode == 0
    await services.meili.wait_task(await services.meili.delete_documents(
        services.index.uid, ["talent-cek-dua"]))
    found = run(settings, "check")
    assert found.returncode == 1
    assert "1 missing" in found.stdout and "missing: talent-cek-dua" in found.stdout
    fixed = run(settings, "check", "--fix")
    assert fixed.returncode == 0 and "repaired" in fixed.stdout
    assert run(settings, "check").returncode == 0


async def test_documents_of_an_older_shape_are_reported_and_rebuilt_by_import(
        services: Services, settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "two.jsonl", [org(slug="lama-satu"), talent(slug="lama-dua")])
    assert run(settings, "import", str(path)).returncode == 0
    # What an index written by an older release holds: no document version, no created_month.
    old = [{k: v for k, v in d.items() if k not in ("doc_v", "created_month")}
           for d in await indexed_documents(services)]
    await services.meili.wait_task(await services.meili.delete_documents(
        services.index.uid, [d["id"] for d in old]))
    await services.meili.wait_task(await services.meili.add_documents(services.index.uid, old))
    assert await services.index.outdated_documents() == 2
    found = run(settings, "check")
    assert found.returncode == 1 and "2 stale" in found.stdout

    again = run(settings, "import", str(path))  # `make run` re-seeds the same way
    assert again.returncode == 0 and "older version" in again.stderr
    assert await services.index.outdated_documents() == 0
    assert {d["created_month"] for d in await indexed_documents(services)} != {None}
    assert run(settings, "check").returncode == 0
