"""A small async Meilisearch client over httpx.

Written here rather than taken from an SDK so that every request asks for identity encoding:
over loopback, compressed chunked answers on kept-alive connections cost ~40 ms each
(see shared/INFRA.md, pitfall 1).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx


class SearchUnavailable(RuntimeError):
    """Meilisearch could not be reached or answered with a server error."""


class SearchTaskFailed(RuntimeError):
    """A Meilisearch task (indexing, settings, swap) ended in failure."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class MeiliClient:
    def __init__(self, url: str, key: str | None, timeout: float = 10.0) -> None:
        headers = {"Accept-Encoding": "identity", "Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self.url = url.rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self.url, headers=headers, timeout=timeout,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise SearchUnavailable(f"Meilisearch at {self.url} is unreachable: {exc}") from exc
        if response.status_code >= 500:
            raise SearchUnavailable(f"Meilisearch error {response.status_code}: {response.text}")
        if response.status_code >= 400:
            raise MeiliError(response.status_code, response.json())
        return response.json() if response.content else None

    # --- tasks ----------------------------------------------------------------------------

    async def wait_task(self, task: dict[str, Any] | int, timeout: float = 300.0) -> dict[str, Any]:
        uid = task if isinstance(task, int) else task["taskUid"]
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            info = await self.request("GET", f"/tasks/{uid}")
            if info["status"] == "succeeded":
                return info  # type: ignore[no-any-return]
            if info["status"] in ("failed", "canceled"):
                error = info.get("error") or {}
                raise SearchTaskFailed(
                    f"Meilisearch task {uid} ({info.get('type')}) {info['status']}: "
                    f"{error.get('message', 'no reason given')}", error.get("code", ""))
            if time.monotonic() > deadline:
                raise SearchTaskFailed(f"Meilisearch task {uid} still {info['status']} "
                                       f"after {timeout:.0f}s")
            await asyncio.sleep(delay)
            # The sync worker waits here before it sends the next edits: long sleeps would add
            # to their latency, and a task status request costs well under a millisecond.
            delay = min(delay * 2, 0.05)

    # --- indexes --------------------------------------------------------------------------

    async def health(self) -> bool:
        try:
            return (await self.request("GET", "/health")).get("status") == "available"
        except (SearchUnavailable, MeiliError):
            return False

    async def version(self) -> str:
        return str((await self.request("GET", "/version"))["pkgVersion"])

    async def get_index(self, uid: str) -> dict[str, Any] | None:
        try:
            return await self.request("GET", f"/indexes/{uid}")  # type: ignore[no-any-return]
        except MeiliError as exc:
            if exc.code == "index_not_found":
                return None
            raise

    async def create_index(self, uid: str, primary_key: str = "id") -> None:
        task = await self.request("POST", "/indexes", json={"uid": uid, "primaryKey": primary_key})
        try:
            await self.wait_task(task)
        except SearchTaskFailed as exc:
            if exc.code != "index_already_exists":
                raise

    async def delete_index(self, uid: str) -> None:
        try:
            await self.wait_task(await self.request("DELETE", f"/indexes/{uid}"))
        except (MeiliError, SearchTaskFailed) as exc:
            if exc.code != "index_not_found":
                raise

    async def get_settings(self, uid: str) -> dict[str, Any]:
        return await self.request("GET", f"/indexes/{uid}/settings")  # type: ignore[no-any-return]

    async def update_settings(self, uid: str, settings: dict[str, Any]) -> dict[str, Any]:
        return await self.request("PATCH", f"/indexes/{uid}/settings", json=settings)  # type: ignore[no-any-return]

    async def swap(self, a: str, b: str) -> None:
        await self.wait_task(await self.request("POST", "/swap-indexes",
                                                json=[{"indexes": [a, b]}]))

    async def stats(self, uid: str) -> dict[str, Any]:
        return await self.request("GET", f"/indexes/{uid}/stats")  # type: ignore[no-any-return]

    # --- documents ------------------------------------------------------------------------

    async def add_documents(self, uid: str, documents: list[dict[str, Any]]) -> dict[str, Any]:
        return await self.request("POST", f"/indexes/{uid}/documents", json=documents)  # type: ignore[no-any-return]

    async def delete_documents(self, uid: str, ids: list[str]) -> dict[str, Any]:
        return await self.request("POST", f"/indexes/{uid}/documents/delete-batch", json=ids)  # type: ignore[no-any-return]

    async def get_document(self, uid: str, doc_id: str) -> dict[str, Any] | None:
        try:
            return await self.request("GET", f"/indexes/{uid}/documents/{doc_id}")  # type: ignore[no-any-return]
        except MeiliError as exc:
            if exc.code == "document_not_found":
                return None
            raise

    async def search(self, uid: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self.request("POST", f"/indexes/{uid}/search", json=body)  # type: ignore[no-any-return]

    async def multi_search(self, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = await self.request("POST", "/multi-search", json={"queries": queries})
        return result["results"]  # type: ignore[no-any-return]


class MeiliError(RuntimeError):
    """Meilisearch refused a request (4xx): a bug in how we called it, not an outage."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.code = body.get("code", "")
        super().__init__(f"Meilisearch {status} {self.code}: {body.get('message', body)}")
