"""Several Meilisearch nodes (DIRECTORY_MEILI_URLS): every node is written by its own sync
worker over the one outbox; reads are spread over the nodes and fail over.

`SyncGroup` has the interface of one `SearchSync` (drain, pending, kick, run, ...) for the code
that does not care how many nodes there are; `NodePool` is a read-only `MeiliClient` that sends
each request to the next healthy node and, when a node cannot answer, to the others.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from search.client import MeiliClient, SearchUnavailable
from search.rebuild import Documents, rebuild
from search.sync import SearchSync

DOWN_SECONDS = 5.0  # a node that failed is tried last for this long
# A node that does not answer within this (hung, overloaded, SIGSTOPped) is left for the next one;
# the last node tried gets its client's whole timeout. Searches take milliseconds here.
FAILOVER_SECONDS = 1.5


class NodePool(MeiliClient):
    """Reads over several nodes: round robin among those that answered last time; a node that
    is unreachable (or answers 5xx) is tried after the others until DOWN_SECONDS pass."""

    def __init__(self, clients: list[MeiliClient]) -> None:
        super().__init__(clients[0].url, None)
        self.clients = clients
        self._next = 0
        self._down_until = [0.0] * len(clients)

    def _order(self) -> list[int]:
        n = len(self.clients)
        start, self._next = self._next, (self._next + 1) % n
        rotation = [(start + i) % n for i in range(n)]
        now = time.monotonic()
        return sorted(rotation, key=lambda i: self._down_until[i] > now)

    async def request(self, method: str, path: str, json_body: Any = None,
                      params: dict[str, str | int] | None = None) -> Any:
        failure: SearchUnavailable | None = None
        order = self._order()
        for i in order:
            try:
                # Our own HTTP client: cancelling a request is safe (no driver state to break).
                async with asyncio.timeout(None if i == order[-1] else FAILOVER_SECONDS):
                    answer = await self.clients[i].request(method, path, json_body, params)
            except (SearchUnavailable, TimeoutError) as exc:
                self._down_until[i] = time.monotonic() + DOWN_SECONDS
                failure = exc if isinstance(exc, SearchUnavailable) else SearchUnavailable(
                    f"Meilisearch at {self.clients[i].url} did not answer in time")
                continue
            self._down_until[i] = 0.0
            return answer
        assert failure is not None
        raise failure

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


class SyncGroup:
    """One `SearchSync` per node, used as one."""

    def __init__(self, nodes: list[SearchSync]) -> None:
        self.nodes = nodes
        self.load = nodes[0].load
        for node in nodes:
            node.peers = [other for other in nodes if other is not node]

    @property
    def failures(self) -> int:
        return sum(node.failures for node in self.nodes)

    @property
    def last_error(self) -> str | None:
        errors = [f"{node.name}: {node.last_error}" if len(self.nodes) > 1 else node.last_error
                  for node in self.nodes if node.last_error]
        return "; ".join(errors)[:600] if errors else None

    def kick(self) -> None:
        for node in self.nodes:
            node.kick()

    async def register(self) -> None:
        await self.nodes[0].register()  # and its peers

    async def pending(self) -> int:
        """Entries the most lagging node has not applied."""
        return max([await node.pending() for node in self.nodes])

    async def lags(self) -> dict[str, int]:
        return {node.name: await node.pending() for node in self.nodes}

    async def drain(self) -> int:
        """Drain every node; -1 when every node's lease is held elsewhere. A failing node does
        not stop the others; its error is raised after they are done."""
        await self.register()
        results: list[int] = []
        failure: BaseException | None = None
        for node in self.nodes:
            try:
                results.append(await node.drain())
            except Exception as exc:  # noqa: BLE001 — raised below, after the other nodes
                failure = failure or exc
        if failure is not None:
            raise failure
        if all(r == -1 for r in results):
            return -1
        return sum(max(r, 0) for r in results)

    async def wait_until_applied(self, timeout: float = 60.0) -> bool:
        await self.register()
        done = [await node.wait_until_applied(timeout) for node in self.nodes]
        return all(done)

    async def run(self, stop: asyncio.Event) -> None:
        await asyncio.gather(*(node.run(stop) for node in self.nodes))

    async def rebuild(self, documents: Documents, progress: Callable[[int], None] | None = None,
                      only: str | None = None) -> int:
        """Rebuild every node (or the one whose URL is `only`); the count of the last one. A
        node that fails does not stop the others; its error is raised after them."""
        count = 0
        failure: BaseException | None = None
        for node in self.nodes:
            if only is None or only.rstrip("/") in (node.node, node.name):
                try:
                    count = await rebuild(node, documents, progress)
                except Exception as exc:  # noqa: BLE001 — raised below, after the other nodes
                    failure = failure or exc
        if failure is not None:
            raise failure
        return count
