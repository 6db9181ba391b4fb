"""Reindex under concurrent edits: how many profiles end up missing, stale or extra.

`python -m benchmarks.reindex_drift [--profiles 2000] [--writers 4]` (with the usual
DIRECTORY_* settings; several nodes through DIRECTORY_MEILI_URLS): imports N synthetic profiles
into a database of its own (`directory_reindex_drift`, index prefix `drift_`), runs a sync worker
as the app does and W concurrent writers editing random profiles (a few hidden and published
again), runs `directory reindex` in another process meanwhile, then waits for the outbox and
compares every node with MongoDB exactly (search/drift.py), then runs `directory check`.
Issue 12 measured 1 missing + 86 stale of 1,893 profiles after ~660 edits with the old rebuild.
Drops its database at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from typing import Any

from pymongo.errors import PyMongoError

from benchmarks.run import synthetic_file
from directory.context import open_services
from directory.ops import embedded
from directory.profiles.schema import PROFILE_ADAPTER
from directory.settings import PROJECT_ROOT, load_settings
from search.drift import compare, expected_hashes, indexed_hashes

DB, PREFIX = "directory_reindex_drift", "drift_"


async def measure(n: int, writers: int) -> int:
    env = {**os.environ, "DIRECTORY_MONGODB_DB": DB, "DIRECTORY_INDEX_PREFIX": PREFIX}
    directory = str(PROJECT_ROOT / ".venv" / "bin" / "directory")
    load = await asyncio.create_subprocess_exec(directory, "import", str(synthetic_file(n)),
                                                env=env, stdout=asyncio.subprocess.DEVNULL)
    assert await load.wait() == 0, "import failed"
    settings = embedded.resolve(load_settings().with_(mongodb_db=DB, index_prefix=PREFIX))
    async with open_services(settings) as services:
        try:
            rows: list[dict[str, Any]] = [
                {k: v for k, v in row.items() if k not in ("updated_at", "created_at")}
                async for row in services.profiles.export() if row.get("status") == "published"]
            stop, reindexing = asyncio.Event(), asyncio.Event()
            services.profiles.on_change = services.sync.kick
            worker = asyncio.create_task(services.sync.run(stop))
            edits = [0]

            async def edit(seed: int) -> None:
                rng = random.Random(seed)
                while not stop.is_set():
                    row = dict(rng.choice(rows))
                    row["headline"] = f"{row.get('headline', '')[:80]} · edit {rng.random():.6f}"
                    row["status"] = "hidden" if rng.random() < 0.05 else "published"
                    try:
                        await services.profiles.write([PROFILE_ADAPTER.validate_python(row)])
                    except PyMongoError as exc:  # two writers on one profile: one retries
                        if exc.has_error_label("TransientTransactionError"):
                            continue
                        raise
                    if reindexing.is_set():
                        edits[0] += 1

            tasks = [asyncio.create_task(edit(seed)) for seed in range(writers)]
            await asyncio.sleep(1)
            reindexing.set()
            started = time.perf_counter()
            rebuild = await asyncio.create_subprocess_exec(
                directory, "reindex", env=env, stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL)
            code = await rebuild.wait()
            seconds = time.perf_counter() - started
            reindexing.clear()
            await asyncio.sleep(1)  # edits after the swap, too
            stop.set()
            await asyncio.gather(worker, *tasks)
            assert code == 0, "reindex failed"
            assert await services.sync.wait_until_applied(timeout=300)
            truth = await expected_hashes(services.profiles.search_documents())
            print(f"{len(rows)} published profiles, {writers} writers, {edits[0]} edits during "
                  f"a {seconds:.1f} s reindex")
            worst = 0
            for node in services.sync.nodes:
                drift = compare(truth, await indexed_hashes(node.index.client, node.index.uid))
                bad = len(drift.missing) + len(drift.stale) + len(drift.extra)
                worst = max(worst, bad)
                print(f"{node.name}: {len(drift.missing)} missing, {len(drift.stale)} stale, "
                      f"{len(drift.extra)} extra")
            check = await asyncio.create_subprocess_exec(
                directory, "check", env=env, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL)
            report, _ = await check.communicate()
            print(f"`directory check` (exit {check.returncode}):")
            print(report.decode().rstrip())
            return max(worst, check.returncode or 0)
        finally:
            for node in services.sync.nodes:
                await node.index.client.delete_index(node.index.uid)
            await services.mongo.drop_database(DB)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    sys.exit(1 if asyncio.run(measure(args.profiles, args.writers)) else 0)


if __name__ == "__main__":
    main()
