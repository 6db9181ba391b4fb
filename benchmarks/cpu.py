"""CPU per request, app and engine, on the data of the last `make bench` — a measure that holds
on a busy machine, where throughput ratios do not (other processes take the cores unevenly).

    .venv/bin/python -m benchmarks.cpu [SECONDS] [-- uvicorn options]

Serves the app on `directory_bench` / `bench_profiles` as `make bench` does, sends the same
24-query mix with wrk (raw multi-search, `/api/v1/search`, `/cari`), and reads the CPU time the
app process and Meilisearch spent (/proc/PID/stat) per answered request.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile

from benchmarks.mix import MIX, cycling_lua, query_string
from benchmarks.run import free_port, raw_multi_searches, serve_app, wrk
from directory.context import open_services
from directory.ops import embedded
from directory.settings import Settings, load_settings


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def engine_pid(settings: Settings) -> int:
    port = str(settings.meili_url).rstrip("/").rsplit(":", 1)[1]
    return _pid(f"meilisearch.*:{port}")


def database_pid(settings: Settings) -> int:
    port = str(settings.mongodb_url).split("@")[-1].split("/")[2].split(":")[1].split(",")[0]
    return _pid(f"mongod.*--port {port}")


def _pid(pattern: str) -> int:
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True,
                         check=True).stdout
    return int(out.split()[0])


async def _raw_bodies(settings: Settings) -> list[str]:
    async with open_services(settings) as services:
        return await raw_multi_searches(services)


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--" else 10
    extra = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    settings = embedded.resolve(load_settings()).with_(mongodb_db="directory_bench",
                                                       index_prefix="bench_")
    bodies = asyncio.run(_raw_bodies(settings))
    meili, mongod = engine_pid(settings), database_pid(settings)
    port = free_port()
    server = serve_app(settings, port, "cpu-server.log", *extra)
    try:
        print(f"{'':6} {'req/s':>7} {'p50 ms':>7} {'app CPU ms':>11} {'engine CPU ms':>14} "
              f"{'MongoDB CPU ms':>15}")
        for name in ("raw", "api", "page"):
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
                if name == "raw":
                    lua.write(cycling_lua(bodies, "POST", str(settings.meili_key)))
                    url = f"{settings.meili_url}/multi-search"
                else:
                    route = "/api/v1/search" if name == "api" else "/cari"
                    lua.write(cycling_lua([f"{route}?{query_string(q)}" for q in MIX], "GET"))
                    url = f"http://127.0.0.1:{port}/"
            before = [cpu_seconds(pid) for pid in (server.pid, meili, mongod)]
            measured = wrk(url, seconds=seconds, connections=8, lua=lua.name)
            os.unlink(lua.name)
            answered = measured["rps"] * seconds
            app_ms, engine_ms, mongo_ms = (
                (cpu_seconds(pid) - was) / answered * 1000
                for pid, was in zip((server.pid, meili, mongod), before, strict=True))
            print(f"{name:6} {measured['rps']:7.1f} {measured['p50']:7.1f} {app_ms:11.2f} "
                  f"{engine_ms:14.2f} {mongo_ms:15.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
