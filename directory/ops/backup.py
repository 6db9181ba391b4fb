"""`directory backup DIR` and `directory restore DIR`.

A backup is a directory: `manifest.json` (when, from which database, how many documents per
collection) and one `<collection>.jsonl` per collection in MongoDB Extended JSON (canonical),
so every type survives — ObjectIds, dates, the binary chunks of the images in GridFS. Every
collection is included except the search sync's transient state (outbox, leases): restore
rebuilds the search index from the restored profiles instead.

Restore writes into an empty database only (or, with `force`, empties the one it finds first),
then checks every count against the manifest, recreates every index (the ones the documents
declare and GridFS's) and rebuilds the search index.

A backup holds password hashes, private contacts and confidential figures: its directory is
created 0700 and every file 0600, whatever the umask.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from bson import json_util

from directory.db import Database, ensure_indexes

FORMAT = 1
SKIPPED = frozenset({"search_outbox", "leases", "search_consumers"})
BATCH = 1000
JSON_OPTIONS = json_util.CANONICAL_JSON_OPTIONS


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


async def collections_of(db: Database) -> list[str]:
    names = await db.list_collection_names()
    return sorted(n for n in names if not n.startswith("system.") and n not in SKIPPED)


async def count_all(db: Database) -> dict[str, int]:
    return {name: await db[name].count_documents({}) for name in await collections_of(db)}


def check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not an empty directory; choose a new one")


async def backup(db: Database, target: Path, progress: Callable[[str, int], None] | None = None
                 ) -> dict[str, Any]:  # the backup manifest
    check_target(target)
    target.mkdir(mode=0o700, parents=True, exist_ok=True)  # noqa: ASYNC240 (a local folder, once)
    target.chmod(0o700)  # noqa: ASYNC240 (an existing empty folder keeps its mode otherwise)
    counts: dict[str, int] = {}
    for name in await collections_of(db):
        written = 0
        with _private(target / f"{name}.jsonl") as handle:
            async for doc in db[name].find({}).sort("_id", 1):
                handle.write(json_util.dumps(doc, json_options=JSON_OPTIONS) + "\n")
                written += 1
                if progress and written % BATCH == 0:
                    progress(name, BATCH)
        if progress:
            progress(name, written % BATCH)
        counts[name] = written
    manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(),
                "database": db.name, "collections": counts}
    with _private(target / "manifest.json") as handle:
        handle.write(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _private(path: Path) -> TextIO:
    """A new file only its owner can read (0600 from the start, not chmod-ed afterwards)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                     encoding="utf-8")


def read_manifest(source: Path) -> dict[str, Any]:  # a backup manifest (JSON on disk)
    path = source / "manifest.json"
    if not path.exists():
        raise BackupError(f"{source} holds no manifest.json: not a backup made by "
                          "`directory backup`")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported "
                          f"(this version reads format {FORMAT})")
    missing = [n for n in manifest["collections"] if not (source / f"{n}.jsonl").exists()]
    if missing:
        raise BackupError(f"{source} is incomplete: missing {', '.join(missing)}.jsonl")
    return manifest


async def check_empty(db: Database, force: bool) -> list[str]:
    """The collections holding documents; an error unless `force` allows replacing them."""
    present = sorted(n for n, c in (await count_all(db)).items() if c)
    if present and not force:
        raise BackupError(
            f"database {db.name!r} is not empty ({', '.join(present)}); restore into an empty "
            "database (DIRECTORY_MONGODB_DB) or pass --force to replace its contents")
    return present


async def restore(db: Database, source: Path, *, force: bool = False,
                  progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    manifest = read_manifest(source)
    present = await check_empty(db, force)
    for name in present:
        await db[name].delete_many({})
    for name in await db.list_collection_names():
        if name in SKIPPED:
            await db[name].delete_many({})
    restored: dict[str, int] = {}
    existing = set(await db.list_collection_names())
    for name in manifest["collections"]:
        if name not in existing:
            await db.create_collection(name)  # empty ones too: the copy is faithful
        batch: list[dict[str, Any]] = []
        restored[name] = 0
        with (source / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    batch.append(json_util.loads(line, json_options=JSON_OPTIONS))
                if len(batch) >= BATCH:
                    await db[name].insert_many(batch, ordered=False)
                    restored[name] += len(batch)
                    if progress:
                        progress(name, len(batch))
                    batch = []
        if batch:
            await db[name].insert_many(batch, ordered=False)
            restored[name] += len(batch)
            if progress:
                progress(name, len(batch))
    wrong = {n: (restored.get(n), c) for n, c in manifest["collections"].items()
             if restored.get(n) != c}
    if wrong:
        raise BackupError("restored counts differ from the manifest: " + ", ".join(
            f"{n} {got} of {want}" for n, (got, want) in wrong.items()))
    await ensure_indexes(db)
    return restored
