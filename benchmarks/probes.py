"""Small measurements quoted in the README beside `make bench`, each one command.

    .venv/bin/python -m benchmarks.probes client      # CPU per multi-search: httpx vs aiohttp
    .venv/bin/python -m benchmarks.probes render      # CPU per results page, and Jinja's share
    PROBE_PROFILE=1 .venv/bin/python -m benchmarks.probes render   # the same under cProfile
    PROBE_ROUTE=/api/v1/search .venv/bin/python -m benchmarks.probes render   # the API instead
    .venv/bin/python -m benchmarks.probes live URL TOKEN   # create/edit → found, running app

`client` and `render` use the benchmark's data (`make bench` first: database `directory_bench`,
index `bench_profiles`); `live` creates, edits and deletes throw-away organizations through the
API of a running `directory serve` with a curator's token (`directory create-token EMAIL`).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import httpx
import jinja2

from benchmarks.mix import MIX, query_string
from directory.ops import embedded
from directory.settings import load_settings
from search.query import build_requests, parse_search_params

BENCH_ENV = {"DIRECTORY_MONGODB_DB": "directory_bench", "DIRECTORY_INDEX_PREFIX": "bench_",
             "DIRECTORY_SCHEDULED_TASKS": "false",
             "DIRECTORY_SEARCH_RATE_LIMIT": "0"}


async def _cpu_per_call(call: Callable[[], Awaitable[Any]], n: int = 1500) -> float:
    for _ in range(50):
        await call()
    started = time.process_time()
    for _ in range(n):
        await call()
    return (time.process_time() - started) / n * 1000


async def client() -> None:
    settings = embedded.resolve(load_settings())
    body = {"queries": build_requests("bench_profiles", parse_search_params(MIX[0]))}
    url = f"{settings.meili_url}/multi-search"
    headers = {"Authorization": f"Bearer {settings.meili_key}", "Accept-Encoding": "identity"}
    async with httpx.AsyncClient(headers=headers) as h:
        async def via_httpx() -> Any:
            return (await h.post(url, json=body)).json()
        httpx_ms = await _cpu_per_call(via_httpx)
    async with aiohttp.ClientSession(headers=headers) as a:
        async def via_aiohttp() -> Any:
            async with a.post(url, json=body) as response:
                return await response.json()
        aiohttp_ms = await _cpu_per_call(via_aiohttp)
    print(f"CPU per multi-search: httpx {httpx_ms:.2f} ms, aiohttp {aiohttp_ms:.2f} ms")


async def render() -> None:
    from asgi_lifespan import LifespanManager

    from directory.web.app import create_app

    spent = [0.0]
    original = jinja2.Template.render

    def timed(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    jinja2.Template.render = timed  # type: ignore[method-assign]
    app = create_app(embedded.resolve(load_settings()))
    async with LifespanManager(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://probe",
            headers={"Accept-Encoding": "identity"}) as page:  # as wrk sends: no compression
        n = 300
        route = os.environ.get("PROBE_ROUTE", "/cari")  # or /api/v1/search
        paths = [f"{route}?{query_string(q)}" for q in MIX]
        turn = [0]

        async def results_page() -> Any:
            turn[0] += 1
            return await page.get(paths[turn[0] % len(paths)])
        await _cpu_per_call(results_page, 30)
        spent[0] = 0.0
        if os.environ.get("PROBE_PROFILE"):  # where the CPU goes, by function
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
            total = await _cpu_per_call(results_page, n)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("PROBE_SORT", "tottime")) \
                .print_stats(int(os.environ.get("PROBE_LINES", "25")))
        else:
            total = await _cpu_per_call(results_page, n)
    print(f"{route} in-process, the {len(MIX)}-query mix: {total:.2f} ms CPU per page (test "
          f"client included), of which Jinja {spent[0] / (n + 50) * 1000:.2f} ms")


async def live(base: str, token: str, rounds: int = 10) -> None:
    took = []
    async with httpx.AsyncClient(base_url=base,
                                 headers={"Authorization": f"Bearer {token}"}) as api:
        async def found(word: str, slug: str, started: float) -> None:
            while slug not in [h["slug"] for h in (await api.get(
                    "/api/v1/search", params={"q": word})).json()["hits"]]:
                assert time.perf_counter() - started < 30, f"{slug} never became searchable"
                await asyncio.sleep(0.005)
            took.append(time.perf_counter() - started)

        for _ in range(rounds):
            word, slug = f"segar{uuid.uuid4().hex[:8]}", f"uji-segar-{uuid.uuid4().hex[:6]}"
            started = time.perf_counter()
            (await api.post("/api/v1/organizations", json={
                "slug": slug, "name": f"Studio {word}", "org_type": "service_firm",
                "status": "published", "subsectors": ["pengembang-permainan"],
                "kecamatan": "lowokwaru"})).raise_for_status()
            await found(word, slug, started)
            word, started = f"segar{uuid.uuid4().hex[:8]}", time.perf_counter()
            (await api.patch(f"/api/v1/organizations/{slug}",
                             json={"headline": f"Edit {word}"})).raise_for_status()
            await found(word, slug, started)
            (await api.delete(f"/api/v1/organizations/{slug}")).raise_for_status()
    print(f"{len(took)} writes (create, edit) → found by /api/v1/search: "
          f"p50 {statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms")


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["live"] and len(args) == 3:
        asyncio.run(live(args[1], args[2]))
    elif args in (["client"], ["render"]):
        os.environ.update(BENCH_ENV)
        asyncio.run(client() if args == ["client"] else render())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
