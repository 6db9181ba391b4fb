"""A small async Meilisearch client over aiohttp.

Written here rather than taken from an SDK so that every request asks for identity encoding:
over loopback, compressed chunked answers on kept-alive connections cost ~40 ms each
(see shared/INFRA.md, pitfall 1). aiohttp rather than httpx: it spends about half the CPU per
request (0.5 against 1.1 ms for the API's multi-search, measured on this machine), and the
search API shares two cores with Meilisearch.

Its answers stay `dict[str, Any]`: they are Meilisearch's own JSON (tasks, settings, stats,
hits); what the directory hands out is named in search/shapes.py.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import msgspec

from directory import metrics

# msgspec's JSON: a results page's multi-search answer (hits, nine facet distributions, the
# disjunctive counts) decodes in about a third of the time the standard library takes, measured
# as 0.3 ms against 0.9 ms for a 57 kB answer. DecodeError is a ValueError.
_encode = msgspec.json.encode
_decode = msgspec.json.decode


class SearchUnavailable(RuntimeError):
    """Meilisearch could not be reached or answered with a server error."""


class SearchTaskFailed(RuntimeError):
    """A Meilisearch task (indexing, settings, swap) ended in failure."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class MeiliClient:
    def __init__(self, url: str, key: str | None, timeout: float = 10.0) -> None:
        self.headers = {"Accept-Encoding": "identity", "Content-Type": "application/json"}
        if key:
            self.headers["Authorization"] = f"Bearer {key}"
        self.url = url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the event loop it is used in.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self.headers, timeout=self.timeout,
                connector=aiohttp.TCPConnector(limit=64, keepalive_timeout=30))
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def request(self, method: str, path: str, json_body: Any = None,
                      params: dict[str, str | int] | None = None) -> Any:
        """The decoded JSON answer (None for an empty one)."""
        data = None if json_body is None else _encode(json_body)
        started = time.perf_counter()
        try:
            async with self._client().request(method, self.url + path, data=data,
                                              params=params) as response:
                status, body = response.status, await response.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            metrics.observe_meili(method, "unreachable", started)
            raise SearchUnavailable(
                f"Meilisearch at {self.url} is unreachable: {exc!r}") from exc
        metrics.observe_meili(method, "ok" if status < 400 else str(status), started)
        if status >= 500:
            raise SearchUnavailable(f"Meilisearch error {status}: {body.decode(errors='replace')}")
        if status >= 400:
            try:
                problem = _decode(body)
            except ValueError:
                problem = {"message": body.decode(errors="replace")}
            raise MeiliError(status, problem)
        return _decode(body) if body else None

    async def _object(self, method: str, path: str, json_body: Any = None
                      ) -> dict[str, Any]:  # Meilisearch's JSON
        """`request` for the endpoints that answer with a JSON object."""
        answer = await self.request(method, path, json_body)
        if not isinstance(answer, dict):
            raise SearchUnavailable(f"Meilisearch answered {method} {path} with {answer!r}")
        return answer

    # --- tasks ----------------------------------------------------------------------------

    async def wait_task(self, task: dict[str, Any] | int, timeout: float = 300.0
                        ) -> dict[str, Any]:  # a Meilisearch task
        uid = task if isinstance(task, int) else task["taskUid"]
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            info = await self._object("GET", f"/tasks/{uid}")
            if info["status"] == "succeeded":
                return info
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
            answer = await self.request("GET", "/health")
            return bool(answer.get("status") == "available")
        except (SearchUnavailable, MeiliError):
            return False

    async def version(self) -> str:
        return str((await self.request("GET", "/version"))["pkgVersion"])

    async def get_index(self, uid: str) -> dict[str, Any] | None:  # Meilisearch's JSON
        try:
            return await self._object("GET", f"/indexes/{uid}")
        except MeiliError as exc:
            if exc.code == "index_not_found":
                return None
            raise

    async def create_index(self, uid: str, primary_key: str = "id") -> None:
        task = await self.request("POST", "/indexes",
                                  json_body={"uid": uid, "primaryKey": primary_key})
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

    async def get_settings(self, uid: str) -> dict[str, Any]:  # Meilisearch settings
        return await self._object("GET", f"/indexes/{uid}/settings")

    async def update_settings(self, uid: str, settings: dict[str, Any]
                              ) -> dict[str, Any]:  # a Meilisearch task
        return await self._object("PATCH", f"/indexes/{uid}/settings", json_body=settings)

    async def swap(self, a: str, b: str) -> None:
        await self.wait_task(await self.request("POST", "/swap-indexes",
                                                json_body=[{"indexes": [a, b]}]))

    async def stats(self, uid: str) -> dict[str, Any]:  # Meilisearch's JSON
        return await self._object("GET", f"/indexes/{uid}/stats")

    # --- documents ------------------------------------------------------------------------

    async def add_documents(self, uid: str, documents: list[dict[str, Any]]
                            ) -> dict[str, Any]:  # a Meilisearch task
        return await self._object("POST", f"/indexes/{uid}/documents", json_body=documents)

    async def delete_documents(self, uid: str, ids: list[str]
                               ) -> dict[str, Any]:  # a Meilisearch task
        return await self._object("POST", f"/indexes/{uid}/documents/delete-batch", json_body=ids)

    async def get_document(self, uid: str, doc_id: str
                           ) -> dict[str, Any] | None:  # a Meilisearch document
        try:
            return await self._object("GET", f"/indexes/{uid}/documents/{doc_id}")
        except MeiliError as exc:
            if exc.code == "document_not_found":
                return None
            raise

    async def search(self, uid: str, body: dict[str, Any]) -> dict[str, Any]:  # Meilisearch's JSON
        return await self._object("POST", f"/indexes/{uid}/search", json_body=body)

    async def multi_search(self, queries: list[dict[str, Any]]
                           ) -> list[dict[str, Any]]:  # Meilisearch's JSON
        result = await self._object("POST", "/multi-search", json_body={"queries": queries})
        results: list[dict[str, Any]] = result["results"]
        return results


class MeiliError(RuntimeError):
    """Meilisearch refused a request (4xx): a bug in how we called it, not an outage."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.code = body.get("code", "")
        super().__init__(f"Meilisearch {status} {self.code}: {body.get('message', body)}")
