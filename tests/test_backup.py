"""`directory backup` → `directory restore` into an empty database: identical collections,
identical profiles (export), identical search results, identical image bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pymongo import AsyncMongoClient

from directory.context import Services, open_services
from directory.ops import backup
from directory.settings import Settings
from search.query import SearchParams
from tests.conftest import run_cli
from tests.factories import org, talent
from tests.helpers import load
from tests.test_images import png
from tests.web import grant, make_user

run = run_cli


@pytest.fixture
async def restored_settings(settings: Settings) -> AsyncIterator[Settings]:
    target = settings.with_(mongodb_db="directory_test_restore", index_prefix="test_restore_")
    async with AsyncMongoClient(str(target.mongodb_url)) as mongo:
        await mongo.drop_database(target.mongodb_db)
        yield target
        await mongo.drop_database(target.mongodb_db)


async def _all_documents(db: object) -> dict[str, list[dict[str, object]]]:
    return {name: [d async for d in db[name].find({}).sort("_id", 1)]  # type: ignore[index]
            for name in await backup.collections_of(db)}


async def test_backup_then_restore_into_an_empty_database_is_identical(
        services: Services, settings: Settings, restored_settings: Settings,
        tmp_path: Path) -> None:
    await load(services, org(slug="alpha", name="Studio Alpha Kopi"),
               org(slug="beta", name="Beta Games", subsectors=["pengembang-permainan"]),
               org(slug="draft", name="Draf Studio", status="draft"),
               talent(slug="citra", name="Citra Animator"))
    owner = await grant(services, await make_user(services, "owner@alpha.example"), "alpha")
    file_id = await services.media.store(owner, "organization", "alpha", "logo", png(600, 300))
    await services.figures.save(owner, "alpha", {"employees": "12"})
    logo, _meta = await services.media.read(file_id)

    made = run(settings, "backup", str(tmp_path / "b"))
    assert made.returncode == 0, made.stderr
    assert "backed up" in made.stdout
    again = run(settings, "backup", str(tmp_path / "b"))
    assert again.returncode == 2 and "not an empty directory" in again.stderr

    restored = run(restored_settings, "restore", str(tmp_path / "b"))
    assert restored.returncode == 0, restored.stderr
    assert "indexed 3 published profiles" in restored.stdout
    refused = run(restored_settings, "restore", str(tmp_path / "b"))
    assert refused.returncode == 2 and "not empty" in refused.stderr and "--force" in refused.stderr

    assert run(restored_settings, "export", "-").stdout == run(settings, "export", "-").stdout
    async with open_services(restored_settings) as copy:
        original_docs = await _all_documents(services.profiles.db)
        restored_docs = await _all_documents(copy.profiles.db)
        assert restored_docs == original_docs
        assert {"users", "profile_access", "images.files", "images.chunks",
                "confidential_figures"} <= set(restored_docs)
        assert (await copy.media.read(file_id))[0] == logo
        for q in ("studio", "games", "animator", ""):
            ours = (await services.searcher.search(SearchParams(q=q))).hits
            theirs = (await copy.searcher.search(SearchParams(q=q))).hits
            assert [h["url"] for h in theirs] == [h["url"] for h in ours] != [], q
        assert await copy.accounts.by_email("owner@alpha.example") is not None
        await copy.meili.delete_index(copy.index.uid)


def test_restore_explains_what_is_wrong(settings: Settings, tmp_path: Path) -> None:
    not_a_backup = run(settings, "restore", str(tmp_path))
    assert not_a_backup.returncode == 2 and "manifest.json" in not_a_backup.stderr
