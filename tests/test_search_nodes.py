"""Several Meilisearch nodes (DIRECTORY_MEILI_URLS): every node gets every write through its own
position over the one outbox, searches fail over, a stopped node catches up, a new node is
filled by reindex and then follows. Real MongoDB and two real Meilisearch processes."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from directory.context import Services
from directory.settings import Settings
from directory.web.app import create_app
from search.client import SearchUnavailable
from search.nodes import NodePool
from tests.factories import org
from tests.helpers import eventually
from tests.meili import KEY, Meili, drift_of, own_services, running, write


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Meili, Meili]]:
    with running(tmp_path / "satu") as first, running(tmp_path / "dua") as second:
        yield first, second


async def names(services: Services, node: int, slug: str) -> str | None:
    index = services.sync.nodes[node].index
    doc = await index.client.get_document(index.uid, f"organization-{slug}")
    return None if doc is None else str(doc["name"])


async def found(services: Services, words: str) -> list[str]:
    answer = await services.searcher.suggest(words, "id")
    return [hit["slug"] for hit in answer["profiles"]]


async def test_writes_reach_both_nodes_and_a_stopped_node_catches_up(
        settings: Settings, two: tuple[Meili, Meili]) -> None:
    first, second = two
    async with own_services(settings, first, second, db="directory_test_nodes") as services:
        pool = services.meili_search
        assert isinstance(pool, NodePool)
        await write(services, org(slug="pertama-kali", name="Studio Perdana"))
        await services.sync.drain()
        asked = [0, 0]
        for i, client in enumerate(pool.clients):  # count each node's answers (real calls)
            def counted(real=client.request, i=i):
                async def request(*args, **kwargs):
                    asked[i] += 1
                    return await real(*args, **kwargs)
                return request
            client.request = counted()  # type: ignore[method-assign]
        for _ in range(4):
            assert "pertama-kali" in await found(services, "Perdana")
        assert asked == [2, 2]  # spread over both nodes
        await write(services, org(slug="di-dua-node", name="Studio Kembar"))
        assert await services.sync.drain() == 2  # one entry, applied by each node
        assert [await names(services, n, "di-dua-node") for n in (0, 1)] == ["Studio Kembar"] * 2
        assert await services.profiles.db["search_outbox"].count_documents({}) == 0

        second.kill()
        asked[:] = [0, 0]
        await write(services, org(slug="saat-node-mati", name="Studio Tangguh"),
                    org(slug="di-dua-node", name="Studio Kembar Baru"))
        with pytest.raises(SearchUnavailable):
            await services.sync.drain()  # the first node is applied all the same
        assert await names(services, 0, "saat-node-mati") == "Studio Tangguh"
        assert await services.sync.lags() == {first.url: 0, second.url: 2}
        # kept for the stopped node only
        assert await services.profiles.db["search_outbox"].count_documents({}) == 2
        for _ in range(4):  # round robin: every other search would go to the stopped node
            assert "saat-node-mati" in await found(services, "Tangguh")
        assert asked[1] == 1 and asked[0] == 4  # tried once, then left aside while it is down

        second.start()
        assert await services.sync.drain() == 2
        assert await services.sync.lags() == {first.url: 0, second.url: 0}
        assert await services.profiles.db["search_outbox"].count_documents({}) == 0
        assert await names(services, 1, "di-dua-node") == "Studio Kembar Baru"
        for node in (0, 1):
            assert (await drift_of(services, node)).clean

        assert second.process is not None
        os.kill(second.process.pid, signal.SIGSTOP)  # hung, not gone: no connection refused
        try:
            started = time.monotonic()
            for _ in range(3):
                assert "saat-node-mati" in await found(services, "Tangguh")
            assert time.monotonic() - started < 5  # one wait of FAILOVER_SECONDS at most
        finally:
            os.kill(second.process.pid, signal.SIGCONT)


async def test_a_new_node_is_filled_by_reindex_and_then_follows(
        settings: Settings, two: tuple[Meili, Meili]) -> None:
    first, second = two
    async with own_services(settings, first, db="directory_test_nodes") as alone:
        await write(alone, *(org(slug=f"lama-{n}") for n in range(30)))
        await alone.sync.drain()
        async with own_services(settings, first, second, db="directory_test_nodes",
                                empty=False) as services:
            assert len((await drift_of(services, 1)).missing) == 30  # the new node is empty
            assert await services.sync.rebuild(services.profiles.search_documents,
                                               only=second.url) == 30
            assert (await drift_of(services, 1)).clean and (await drift_of(services, 0)).clean

            await write(services, org(slug="baru-setelah", name="Studio Susulan"))
            await services.sync.nodes[0].drain()
            # the first node has it; the entry waits for the second
            assert await services.profiles.db["search_outbox"].count_documents({}) == 1
            await services.sync.nodes[1].drain()
            assert await services.profiles.db["search_outbox"].count_documents({}) == 0
            assert await names(services, 1, "baru-setelah") == "Studio Susulan"
            assert (await drift_of(services, 1)).clean


async def test_health_and_metrics_show_each_nodes_lag_and_search_answers_from_the_live_node(
        settings: Settings, two: tuple[Meili, Meili]) -> None:
    first, second = two
    mine = settings.with_(meili_url=first.url, meili_urls=f"{first.url},{second.url}",
                          meili_key=KEY, mongodb_db="directory_test_nodes_app")
    app = create_app(mine)
    async with LifespanManager(app):
        services: Services = app.state.services
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                second.kill()
                await write(services, org(slug="tetap-dicari", name="Studio Pantang Padam"))

                async def lags() -> dict[str, int | None] | None:
                    nodes = (await client.get("/readyz")).json()["search_sync"]["nodes"]
                    found = {n["url"]: n["pending"] for n in nodes}
                    return found if found == {first.url: 0, second.url: 1} else None

                await eventually(lags, "node 1 applied, node 2 one behind")
                metrics = (await client.get("/metrics")).text
                assert f'directory_search_node_lag{{node="{second.url}"}} 1.0' in metrics
                assert f'directory_search_node_lag{{node="{first.url}"}} 0.0' in metrics
                for _ in range(3):
                    answer = await client.get("/api/v1/search", params={"q": "Pantang Padam"})
                    assert answer.status_code == 200
                    assert [h["slug"] for h in answer.json()["hits"]][:1] == ["tetap-dicari"]
        finally:
            await services.mongo.drop_database("directory_test_nodes_app")
