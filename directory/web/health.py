"""/healthz: reachability and versions of MongoDB and Meilisearch."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Response, get
from pymongo.errors import PyMongoError

from directory.web.common import ServicesDep
from search.client import MeiliError, SearchUnavailable


async def _mongodb(services: ServicesDep) -> dict[str, Any]:
    try:
        info = await asyncio.wait_for(services.mongo.admin.command("buildInfo"), timeout=2)
        return {"ok": True, "version": info["version"]}
    except (PyMongoError, TimeoutError) as exc:
        return {"ok": False, "error": type(exc).__name__}


async def _meilisearch(services: ServicesDep) -> dict[str, Any]:
    try:
        version = await asyncio.wait_for(services.meili.version(), timeout=2)
        return {"ok": True, "version": version}
    except (SearchUnavailable, MeiliError, TimeoutError) as exc:
        return {"ok": False, "error": type(exc).__name__}


@get("/healthz", summary="Service health", tags=["operations"])
async def healthz(services: ServicesDep) -> Response[dict[str, Any]]:
    mongodb, meilisearch = await asyncio.gather(_mongodb(services), _meilisearch(services))
    healthy = mongodb["ok"] and meilisearch["ok"]
    body = {"status": "ok" if healthy else "unavailable", "mongodb": mongodb,
            "meilisearch": meilisearch}
    return Response(body, status_code=200 if healthy else 503)
