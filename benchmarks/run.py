"""`make bench`: our paths against the raw engines, measured in the same run.

1. Import N synthetic profiles through `directory import`'s code path (validate, write, index).
2. `directory reindex` vs Meilisearch indexing the very same documents on its own.
3. One representative faceted, filtered query: raw Meilisearch vs /api/v1/search vs the HTML
   search page, with wrk at the same concurrency (throughput, p50, p99).

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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pymongo import AsyncMongoClient

from directory import embedded
from directory.context import open_services
from directory.importer import check_references, parse_lines
from directory.settings import PROJECT_ROOT, load_settings
from search.index_settings import settings as index_settings
from search.query import build_requests, parse_search_params

QUERY = {"q": ["aplikasi"], "subsector": ["aplikasi", "pengembang-permainan"],
         "kecamatan": ["lowokwaru", "klojen"], "available": ["true"]}
QUERY_STRING = "q=aplikasi&subsector=aplikasi&subsector=pengembang-permainan" \
               "&kecamatan=lowokwaru&kecamatan=klojen&available=true"


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


def wrk(url: str, *, seconds: int, connections: int, lua: str | None = None) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
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
        await services.meili.wait_task(await services.meili.update_settings(raw_uid, index_settings()))
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

        requests = build_requests(services.index.uid, parse_search_params(QUERY))
        body = dict(requests[0])
        body.pop("indexUid")
        total = (await services.searcher.search(parse_search_params(QUERY))).total

    # The raw engine, then our API and page, all served while nothing else runs.
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                  f'wrk.headers["Authorization"] = "Bearer {settings.meili_key}"\n'
                  f"wrk.body = {json.dumps(json.dumps(body))}\n")
    raw = wrk(f"{settings.meili_url}/indexes/{settings.index_prefix}profiles/search",
              seconds=seconds, connections=connections, lua=lua.name)
    os.unlink(lua.name)
    # For context: the engine answering everything the API asks for this page of results (the
    # main query plus one disjunctive facet-count query per selected facet) in one multi-search.
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                  f'wrk.headers["Authorization"] = "Bearer {settings.meili_key}"\n'
                  f"wrk.body = {json.dumps(json.dumps({'queries': requests}))}\n")
    raw_multi = wrk(f"{settings.meili_url}/multi-search", seconds=seconds,
                    connections=connections, lua=lua.name)
    os.unlink(lua.name)

    port = free_port()
    env = dict(os.environ, DIRECTORY_MONGODB_URL=str(settings.mongodb_url),
               DIRECTORY_MONGODB_DB=settings.mongodb_db, DIRECTORY_MEILI_URL=str(settings.meili_url),
               DIRECTORY_MEILI_KEY=str(settings.meili_key),
               DIRECTORY_INDEX_PREFIX=settings.index_prefix)
    server = subprocess.Popen(
        [str(PROJECT_ROOT / ".venv" / "bin" / "uvicorn"), "--factory",
         "directory.web.asgi:create", "--port", str(port), "--log-level", "warning",
         "--no-access-log"], env=env)
    try:
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        api = wrk(f"http://127.0.0.1:{port}/api/v1/search?{QUERY_STRING}", seconds=seconds,
                  connections=connections)
        page = wrk(f"http://127.0.0.1:{port}/cari?{QUERY_STRING}", seconds=seconds,
                   connections=connections)
    finally:
        server.terminate()
        server.wait(timeout=10)

    def fmt(m: dict[str, float]) -> str:
        return f"{m['rps']:.0f} req/s, p50 {m['p50']:.1f} ms, p99 {m['p99']:.1f} ms"

    rows.append((f"raw Meilisearch search ({total:,} hits, faceted+filtered)", fmt(raw), "1.00×"))
    rows.append((f"raw Meilisearch multi-search, the API's {len(requests)} queries", fmt(raw_multi),
                 f"{raw_multi['rps'] / raw['rps']:.2f}× (context: disjunctive facet counts)"))
    rows.append(("GET /api/v1/search, same query", fmt(api),
                 f"{api['rps'] / raw['rps']:.2f}× throughput (target ≥ 0.6×), "
                 f"p99 {api['p99'] / raw['p99']:.2f}× raw (target ≤ 2×); "
                 f"{api['rps'] / raw_multi['rps']:.2f}× the same multi-search"))
    rows.append(("GET /cari (HTML page), same query", fmt(page),
                 f"{page['rps'] / raw['rps']:.2f}× throughput (target ≥ 0.45×)"))
    return rows


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
