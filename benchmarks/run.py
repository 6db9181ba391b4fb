"""`make bench`: our paths against the raw engines, measured in the same run.

1. Import N synthetic profiles through `directory import`'s code path (validate, write, index).
2. `directory reindex` vs Meilisearch indexing the very same documents on its own.
3. A mix of 24 different queries with filters (MIX), sent in turn: raw Meilisearch computing the
   same answers (one multi-search: main query, facets, disjunctive counts) vs /api/v1/search vs
   the HTML search page, with wrk at the same concurrency (throughput, p50, p99).
4. Freshness: an API edit until it is found by /api/v1/search, beside a raw Meilisearch document
   update until the engine finds it — once on a quiet index, once right after a bulk write.
5. Every statistics endpoint (p50, one connection) beside a naive MongoDB aggregation computing
   the same figures.

Uses its own database (`directory_bench`) and index prefix (`bench_`); development data is safe.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from benchmarks.mix import MIX, cycling_lua, query_string
from directory.context import Services, open_services
from directory.ops import embedded
from directory.ops.importer import check_references, parse_lines
from directory.settings import PROJECT_ROOT, Settings, load_settings
from search.index_settings import settings as index_settings
from search.query import build_requests, parse_search_params, understood_params


def synthetic_file(n: int) -> Path:
    path = PROJECT_ROOT / "var" / "bench" / f"synthetic-{n}.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(PROJECT_ROOT / "seeds" / "generate.py"),
                        "--synthetic", str(n), "--out", str(path)], check=True)
    return path


class Rows(list[tuple[str, str, str]]):
    """The result table; each row is also shown as soon as it is measured."""

    def append(self, row: tuple[str, str, str]) -> None:
        print(f"  {row[0]}: {row[1]} ({row[2]})", file=sys.stderr, flush=True)
        super().append(row)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def raw_multi_searches(services: Services) -> list[str]:
    """For each query of the mix, the requests our searcher sends for it (main query with
    facets + one disjunctive count per selected facet, the words as understood), as the body of
    one multi-search: the raw engine computing the same answers."""
    bodies = []
    for query in MIX:
        params = parse_search_params(query)
        understanding = await services.searcher.understanding(params)
        if understanding is not None:
            params = understood_params(params, understanding)
        bodies.append(json.dumps({"queries": build_requests(services.index.uid, params)}))
    return bodies


def serve_app(settings: Settings, port: int, log_name: str, *options: str
              ) -> subprocess.Popen[bytes]:
    """The app on the bench data, as `directory serve` would run it, healthy and warmed up
    (the vocabulary read, Jinja's first compile: one page per query of the mix). Its access
    log (a line per request) goes to var/bench/LOG_NAME, not between the table's rows."""
    env = dict(os.environ, DIRECTORY_SCHEDULED_TASKS="false", DIRECTORY_SEARCH_RATE_LIMIT="0",
               DIRECTORY_MONGODB_URL=str(settings.mongodb_url),
               DIRECTORY_MONGODB_DB=settings.mongodb_db,
               DIRECTORY_MEILI_URL=str(settings.meili_url),
               DIRECTORY_MEILI_KEY=str(settings.meili_key),
               DIRECTORY_INDEX_PREFIX=settings.index_prefix)
    with (PROJECT_ROOT / "var" / "bench" / log_name).open("w") as log:
        server = subprocess.Popen(
            [str(PROJECT_ROOT / ".venv" / "bin" / "uvicorn"), "--factory",
             "directory.web.asgi:create", "--port", str(port), "--log-level", "warning",
             "--no-access-log", *options], env=env, stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for query in MIX:
            httpx.get(f"http://127.0.0.1:{port}/cari?{query_string(query)}", timeout=30)
    except BaseException:
        server.terminate()
        raise
    return server


def wrk(url: str, *, seconds: int, connections: int, lua: str | None = None) -> dict[str, float]:
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
           "-H", "Accept-Encoding: identity"]
    if lua:
        cmd += ["-s", lua]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            raise RuntimeError(f"wrk output without {label}:\n{out}")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return {"rps": rps, "p50": latency("50%"), "p99": latency("99%")}


async def bench(n: int, seconds: int, connections: int) -> list[tuple[str, str, str]]:
    base = load_settings()
    embedded.up(base)
    settings = embedded.resolve(base).with_(mongodb_db="directory_bench", index_prefix="bench_")
    path = synthetic_file(n)
    rows = Rows()

    # A fresh database (dropped before connecting, so Beanie creates the indexes again).
    async with AsyncMongoClient(str(settings.mongodb_url)) as mongo:
        await mongo.drop_database(settings.mongodb_db)
    async with open_services(settings) as services:
        await services.meili.delete_index(services.index.uid)
        await services.index.ensure()

        started = time.perf_counter()
        with path.open("rb") as handle:
            parsed = parse_lines(handle)
        await check_references(parsed, services.profiles)
        assert not parsed.errors, parsed.errors[:5]
        validated = time.perf_counter()
        summary = await services.profiles.write(parsed.profiles)
        written = time.perf_counter()
        await services.sync.drain()
        imported = time.perf_counter()
        rows.append((f"import {n:,} profiles (validate + MongoDB + index)",
                     f"{imported - started:.1f} s",
                     f"validate {validated - started:.1f} s, MongoDB "
                     f"{written - validated:.1f} s, index {imported - written:.1f} s; "
                     f"{summary.created:,} created"))

        started = time.perf_counter()
        indexed = await services.profiles.reindex()
        reindex_s = time.perf_counter() - started

        documents = [doc async for batch in services.profiles.search_documents() for doc in batch]
        raw_uid = "bench_raw"
        await services.meili.delete_index(raw_uid)
        await services.meili.create_index(raw_uid)
        task = await services.meili.update_settings(raw_uid, index_settings())
        await services.meili.wait_task(task)
        started = time.perf_counter()
        tasks = [await services.meili.add_documents(raw_uid, documents[i:i + 5000])
                 for i in range(0, len(documents), 5000)]
        for task in tasks:
            await services.meili.wait_task(task, timeout=1800)
        raw_s = time.perf_counter() - started
        await services.meili.delete_index(raw_uid)
        rows.append((f"reindex {indexed:,} published profiles", f"{reindex_s:.1f} s",
                     f"raw Meilisearch indexing of the same documents {raw_s:.1f} s "
                     f"→ {reindex_s / raw_s:.2f}× (target ≤ 1.3×)"))

        # The raw engine computing the same answers: for each query of the mix, the requests
        # our searcher sends for it (main query with facets + one disjunctive count per
        # selected facet, the words as understood), as one multi-search.
        raw_bodies = await raw_multi_searches(services)
        totals = [(await services.searcher.search(parse_search_params(query))).total
                  for query in MIX]

        curator = await services.accounts.sign_up(
            "bench@example.test", uuid.uuid4().hex, "Bench", role="curator", verified=True)
        token = await services.accounts.create_token(curator)
        slugs = [d["slug"] async for d in services.profiles.db["organizations"].find(
            {"status": "published"}, {"slug": 1}).limit(FRESHNESS_EDITS * 2)]
        naive = {name: await p50_of(lambda q=query: q(services.profiles.db))
                 for name, query in NAIVE_STATS.items()}

    # The raw engine, then our API and page, all served while nothing else runs.
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(cycling_lua(raw_bodies, "POST", str(settings.meili_key)))
    raw = wrk(f"{settings.meili_url}/multi-search", seconds=seconds, connections=connections,
              lua=lua.name)
    os.unlink(lua.name)

    port = free_port()
    server = serve_app(settings, port, "server.log")
    try:
        served: dict[str, dict[str, float]] = {}
        for name, route in (("api", "/api/v1/search"), ("page", "/cari")):
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                lua.write(cycling_lua([f"{route}?{query_string(q)}" for q in MIX], "GET"))
            served[name] = wrk(f"http://127.0.0.1:{port}/", seconds=seconds,
                                 connections=connections, lua=lua.name)
            os.unlink(lua.name)
        api, page = served["api"], served["page"]
        measure_freshness = partial(
            freshness, f"http://127.0.0.1:{port}", token, slugs, str(settings.meili_url),
            str(settings.meili_key), f"{settings.index_prefix}profiles")
        ours_fresh, raw_fresh = await measure_freshness()
        # Right after a bulk write is when the engine is slowest to take a single edit.
        bulk_profiles = parsed.profiles[:BULK_EDITS]
        bulk = await bulk_update(settings, bulk_profiles)
        ours_after_bulk, raw_after_bulk = await measure_freshness()
        stats = {name: wrk(f"http://127.0.0.1:{port}{path}", seconds=min(seconds, 5),
                           connections=1)
                 for name, path in STATS_PATHS.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)

    def fmt(m: dict[str, float]) -> str:
        return f"{m['rps']:.0f} req/s, p50 {m['p50']:.1f} ms, p99 {m['p99']:.1f} ms"

    mix = (f"{len(MIX)} queries with filters, {min(totals):,}–{max(totals):,} hits "
           f"(median {statistics.median(totals):,.0f})")
    rows.append((f"raw Meilisearch multi-search, mix of {mix}", fmt(raw),
                 "1.00× (main query + facets + disjunctive counts, one multi-search)"))
    rows.append(("GET /api/v1/search, the same mix", fmt(api),
                 f"{api['rps'] / raw['rps']:.2f}× throughput (target ≥ 0.85×), "
                 f"p99 {api['p99'] / raw['p99']:.2f}× raw (target ≤ 2×)"))
    rows.append(("GET /cari (HTML page), the same mix", fmt(page),
                 f"{page['rps'] / raw['rps']:.2f}× throughput (target ≥ 0.6×), "
                 f"p99 {page['p99'] / raw['p99']:.2f}× raw"))
    rows.append((f"API edit → found by /api/v1/search ({len(ours_fresh)} edits)",
                 f"p50 {statistics.median(ours_fresh) * 1000:.0f} ms, max "
                 f"{max(ours_fresh) * 1000:.0f} ms",
                 f"raw Meilisearch update → found: p50 {statistics.median(raw_fresh) * 1000:.0f}"
                 f" ms, max {max(raw_fresh) * 1000:.0f} ms (target ≤ 1 s)"))
    rows.append((f"  the same, right after re-importing {len(bulk_profiles):,} profiles "
                 f"({bulk:.1f} s)",
                 f"p50 {statistics.median(ours_after_bulk) * 1000:.0f} ms, max "
                 f"{max(ours_after_bulk) * 1000:.0f} ms",
                 f"raw: p50 {statistics.median(raw_after_bulk) * 1000:.0f} ms, max "
                 f"{max(raw_after_bulk) * 1000:.0f} ms (target ≤ 1 s)"))
    for name, measured in stats.items():
        rows.append((f"GET {STATS_PATHS[name]}", f"p50 {measured['p50']:.1f} ms, "
                     f"p99 {measured['p99']:.1f} ms",
                     f"naive MongoDB aggregation p50 {naive[name] * 1000:.1f} ms "
                     f"(target ≤ 50 ms)"))
    return rows


FRESHNESS_EDITS = 20
BULK_EDITS = 10_000
STATS_PATHS = {
    "subsector": "/api/v1/stats/breakdown?by=subsector",
    "skill": "/api/v1/stats/breakdown?by=skill",
    "growth": "/api/v1/stats/growth?interval=month",
    "overview": "/api/v1/stats/overview",
}
PUBLISHED = {"$match": {"status": "published"}}


async def _both(db: Any, pipeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in ("organizations", "talents"):
        rows += [r async for r in await db[name].aggregate(pipeline)]
    return rows


NAIVE_STATS: dict[str, Callable[[Any], Awaitable[Any]]] = {
    "subsector": lambda db: _both(db, [PUBLISHED, {"$unwind": "$subsectors"},
                                       {"$group": {"_id": "$subsectors", "n": {"$sum": 1}}}]),
    "skill": lambda db: _both(db, [PUBLISHED, {"$unwind": "$skills"},
                                   {"$group": {"_id": {"$toLower": "$skills"},
                                               "n": {"$sum": 1}}}]),
    "growth": lambda db: _both(db, [PUBLISHED, {"$group": {"_id": {"$dateToString": {
        "format": "%Y-%m", "date": "$created_at"}}, "n": {"$sum": 1}}}]),
    "overview": lambda db: _both(db, [PUBLISHED, {"$facet": {
        "types": [{"$group": {"_id": "$org_type", "n": {"$sum": 1}}}],
        "verified": [{"$match": {"verified": True}}, {"$count": "n"}],
        "international": [{"$match": {"markets": "international"}}, {"$count": "n"}]}}]),
}


async def bulk_update(settings: Any, profiles: list[Any]) -> float:
    """Write profiles again with a changed headline through the import path, and wait until
    the index has them (the running app's sync worker may apply part of it). Seconds taken."""
    started = time.perf_counter()
    async with open_services(settings) as services:
        mark = uuid.uuid4().hex[:6]
        await services.profiles.write(
            [p.model_copy(update={"headline": f"{(p.headline or p.name)[:150]} {mark}"})
             for p in profiles])
        assert await services.sync.wait_until_applied(timeout=600)
    return time.perf_counter() - started


async def p50_of(run: Callable[[], Awaitable[Any]], times: int = 11) -> float:
    took = []
    for _ in range(times):
        started = time.perf_counter()
        await run()
        took.append(time.perf_counter() - started)
    return statistics.median(took)


async def freshness(base: str, token: str, slugs: list[str], meili: str, key: str,
                    uid: str) -> tuple[list[float], list[float]]:
    """Seconds from sending an edit until search finds it: through our API (MongoDB write,
    outbox, sync worker, Meilisearch) and straight into the engine."""

    async def until_found(client: httpx.AsyncClient, search: Callable[[str], Awaitable[list[str]]],
                          word: str, slug: str, started: float) -> float:
        while slug not in await search(word):
            assert time.perf_counter() - started < 30, f"{slug} never became searchable"
            await asyncio.sleep(0.005)
        return time.perf_counter() - started

    ours, raw = [], []
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=auth) as api, \
            httpx.AsyncClient(base_url=meili, headers={"Authorization": f"Bearer {key}"}) as engine:

        async def via_api(word: str) -> list[str]:
            body = (await api.get("/api/v1/search", params={"q": word})).json()
            return [h["slug"] for h in body["hits"]]

        async def via_engine(word: str) -> list[str]:
            body = (await engine.post(f"/indexes/{uid}/search", json={"q": word})).json()
            return [h["slug"] for h in body["hits"]]

        for i, slug in enumerate(slugs[:FRESHNESS_EDITS]):
            word = f"segar{uuid.uuid4().hex[:8]}"
            started = time.perf_counter()
            response = await api.patch(f"/api/v1/organizations/{slug}",
                                       json={"headline": f"Studio {word}"})
            response.raise_for_status()
            ours.append(await until_found(api, via_api, word, slug, started))

            other = slugs[FRESHNESS_EDITS + i]
            word = f"segar{uuid.uuid4().hex[:8]}"
            started = time.perf_counter()
            response = await engine.put(f"/indexes/{uid}/documents", json=[
                {"id": f"organization-{other}", "headline": f"Studio {word}"}])
            response.raise_for_status()
            raw.append(await until_found(engine, via_engine, word, other, started))
    return ours, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per target")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: `apt-get install wrk` (make bench installs it)")
    rows = asyncio.run(bench(args.profiles, args.seconds, args.connections))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':{width}}  {'ours':38}  compared")
    for name, value, note in rows:
        print(f"{name:{width}}  {value:38}  {note}")


if __name__ == "__main__":
    main()
