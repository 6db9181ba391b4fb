"""/livez (the process answers), /readyz and /healthz (ready to serve: MongoDB reachable),
/metrics (Prometheus).

Meilisearch is reported but not fatal: without it profile pages, accounts and curation keep
working and search answers 503 itself, so a load balancer must not pull every instance at once.
MongoDB is asked with the driver's own deadline (`pymongo.timeout`), never by cancelling a driver
call from outside (`asyncio.wait_for` around PyMongo can leave its connection pool inconsistent).
"""
# No `from __future__ import annotations`: the answer's TypedDicts must show NotRequired keys
# to the OpenAPI document at run time.
import asyncio
from typing import Literal, NotRequired, TypedDict

import pymongo
from litestar import Response, get
from pymongo.errors import PyMongoError

from directory import metrics
from directory.web.common import ServicesDep
from search.client import MeiliError, SearchUnavailable

CHECK_SECONDS = 2.0


class Liveness(TypedDict):
    status: Literal["alive"]


class ServiceCheck(TypedDict):
    """One backing service: reachable (with its version) or not (with the error's type)."""

    ok: bool
    version: NotRequired[str]
    error: NotRequired[str]


class NodeSync(TypedDict):
    url: str  # the search node's name
    pending: int | None  # outbox entries it has not applied; None when MongoDB did not answer
    failures: int
    last_error: str | None


class SearchSync(TypedDict):
    pending: int | None  # profile changes not yet in the index
    failures: int
    last_error: str | None
    nodes: list[NodeSync]


class Readiness(TypedDict):
    """The answer of /readyz: `ok`, `degraded` (search down) or `unavailable` (503)."""

    status: Literal["ok", "degraded", "unavailable"]
    mongodb: ServiceCheck
    meilisearch: ServiceCheck
    search_sync: SearchSync


async def _mongodb(services: ServicesDep) -> ServiceCheck:
    try:
        with pymongo.timeout(CHECK_SECONDS):
            info = await services.mongo.admin.command("buildInfo")
        return {"ok": True, "version": info["version"]}
    except PyMongoError as exc:
        return {"ok": False, "error": type(exc).__name__}


async def _meilisearch(services: ServicesDep) -> ServiceCheck:
    try:  # our own HTTP client: cancelling it is safe
        version = await asyncio.wait_for(services.meili.version(), timeout=CHECK_SECONDS)
        return {"ok": True, "version": version}
    except (SearchUnavailable, MeiliError, TimeoutError) as exc:
        return {"ok": False, "error": type(exc).__name__}


async def _outbox_depth(services: ServicesDep) -> int | None:
    """Profile changes not yet in the index; None when MongoDB does not answer in time (health
    and scraping report that, they never fail because of it)."""
    try:
        with pymongo.timeout(CHECK_SECONDS):
            return await services.sync.pending()
    except PyMongoError:
        return None


async def _node_lags(services: ServicesDep) -> dict[str, int] | None:
    """Entries each search node has not applied yet; None when MongoDB does not answer."""
    try:
        with pymongo.timeout(CHECK_SECONDS):
            return await services.sync.lags()
    except PyMongoError:
        return None


async def _sync(services: ServicesDep) -> SearchSync:
    lags = await _node_lags(services)
    nodes: list[NodeSync] = [{"url": node.name, "pending": (lags or {}).get(node.name),
              "failures": node.failures, "last_error": node.last_error}
             for node in services.sync.nodes]
    return {"pending": await _outbox_depth(services), "failures": services.sync.failures,
            "last_error": services.sync.last_error, "nodes": nodes}


@get("/livez", summary="The process is alive", tags=["operations"])
async def livez() -> Liveness:
    return {"status": "alive"}


@get(["/readyz", "/healthz"], summary="Ready to serve (MongoDB reachable; search reported)",
     tags=["operations"])
async def readyz(services: ServicesDep) -> Response[Readiness]:
    mongodb, meilisearch, sync = await asyncio.gather(
        _mongodb(services), _meilisearch(services), _sync(services))
    ready = bool(mongodb["ok"])
    status: Literal["ok", "degraded", "unavailable"] = \
        "ok" if ready and meilisearch["ok"] else ("degraded" if ready else "unavailable")
    body: Readiness = {"status": status, "mongodb": mongodb, "meilisearch": meilisearch,
                       "search_sync": sync}
    response = Response(body, status_code=200 if ready else 503)
    if not ready:
        response.headers["Retry-After"] = "5"
    return response


@get("/metrics", summary="Prometheus metrics (text exposition format)", tags=["operations"],
     media_type=metrics.CONTENT_TYPE)
async def metrics_endpoint(services: ServicesDep) -> Response[bytes]:
    depth = await _outbox_depth(services)
    return Response(metrics.scrape(depth, services.sync, await _node_lags(services)),
                    media_type=metrics.CONTENT_TYPE)
