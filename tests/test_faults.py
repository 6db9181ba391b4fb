"""Fault tests on real servers (issue 12): a 3-member replica set whose primary steps down and is
then killed under load from two app processes; a Meilisearch paused (SIGSTOP) and killed during
writes; a `mongod` killed and restarted again and again under writes and readiness polling.

The three scenarios use separate servers, so they run at the same time (threads started by the
module fixture); each test waits for its own scenario and checks its figures. `make reliability`
(or `.venv/bin/pytest tests/test_faults.py -s`) prints the figures the README quotes.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from directory.settings import Settings
from tests.faults import (
    App,
    Load,
    Meilisearch,
    ReplicaSet,
    Tally,
    api_token,
    kill_all,
    organization,
    wait_for,
)

RESTART_CYCLES = 20
RECOVERY_LIMIT_S = 15.0  # every route works again within this after mongod is back
# SIGTERM stops the app within this, even while MongoDB is gone: requests in flight get
# `directory serve`'s 10 s, background work 3 s, then the clients close (orchestrators: 30 s).
GRACE_S = 16.0
SEARCH_CATCH_UP_S = 60.0


def _headlines(url: str, db: str) -> dict[str, str]:
    client: MongoClient[dict[str, Any]]
    with MongoClient(url, serverSelectionTimeoutMS=30_000, readConcernLevel="majority") as client:
        return {d["slug"]: d.get("headline", "")
                for d in client[db]["organizations"].find({}, {"slug": 1, "headline": 1})}


def _lost(tally: Tally, url: str, db: str) -> list[str]:
    stored = _headlines(url, db)
    return [f"{slug}: acknowledged {wanted!r}, stored {stored.get(slug)!r}"
            for slug, wanted in tally.acknowledged.items() if stored.get(slug) != wanted]


def _search_stale(tally: Tally, document: Callable[[str], dict[str, Any] | None]) -> list[str]:
    stale = []
    for slug, wanted in tally.acknowledged.items():
        doc = document(f"organization-{slug}")
        if doc is None or doc.get("headline") != wanted:
            stale.append(f"{slug}: {wanted!r} vs {None if doc is None else doc.get('headline')}")
    return stale


def _create(app: App, token: str, slug: str) -> None:
    answer = httpx.post(f"{app.url}/api/v1/organizations", json=organization(slug, "v0"),
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 201, answer.text


def _start_apps(*apps: App) -> None:
    with ThreadPoolExecutor(len(apps)) as pool:
        for done in [pool.submit(app.start) for app in apps]:
            done.result()


def failover(settings: Settings, root: Path) -> dict[str, Any]:
    """Step-down, then kill -9 of the new primary, under 4 writers and 4 readers on 2 apps."""
    replica_set = ReplicaSet(root, 3)
    own = settings.with_(mongodb_db="directory_faults", index_prefix="faults_a_")
    apps: list[App] = []
    try:
        replica_set.start()
        own = own.with_(mongodb_url=replica_set.url)
        httpx.delete(f"{own.meili_url}/indexes/{own.index_prefix}profiles", timeout=10,
                     headers={"Authorization": f"Bearer {own.meili_key}"})
        token = api_token(own, "penulis@contoh.example")
        apps = [App(own, root, "app-1"), App(own, root, "app-2")]
        _start_apps(*apps)
        _create(apps[0], token, "baca-ini")
        reads = ["/api/v1/organizations/baca-ini", "/organisasi/baca-ini",
                 "/cari?q=studio", "/api/v1/search?q=studio"]
        for app in apps:  # warm (templates compiled, connections open): time faults only
            for path in reads:
                assert httpx.get(f"{app.url}{path}", timeout=60).status_code == 200, path
        tally, figures = Tally(), {}
        with Load([a.url for a in apps], token, tally, writers=4, read_paths=reads):
            time.sleep(2)
            first = replica_set.primary()
            assert first is not None
            started = time.monotonic()
            replica_set.step_down(first)
            second = replica_set.wait_primary(first, 30)
            figures["step_down_election_s"] = round(time.monotonic() - started, 1)
            time.sleep(2)
            started = time.monotonic()
            second.kill()
            replica_set.wait_primary(second, 30)
            figures["kill_election_s"] = round(time.monotonic() - started, 1)
            time.sleep(2)
            second.start()
            time.sleep(1)
        replica_set.wait_secondaries(60)
        lost = _lost(tally, replica_set.url, own.mongodb_db)

        def document(doc_id: str) -> dict[str, Any] | None:
            answer = httpx.get(f"{own.meili_url}/indexes/{own.index_prefix}profiles/documents/"
                               f"{doc_id}", headers={"Authorization": f"Bearer {own.meili_key}"},
                               timeout=5)
            return answer.json() if answer.status_code == 200 else None

        wait_for(lambda: not _search_stale(tally, document), SEARCH_CATCH_UP_S,
                 "every acknowledged edit reaches search", step=0.5)
        return {**figures, "tally": tally, "lost": lost,
                "server_errors": [e for a in apps for e in a.server_errors()]}
    finally:
        kill_all(*apps, replica_set)


def search_outage(settings: Settings, root: Path) -> dict[str, Any]:
    """Meilisearch paused (SIGSTOP) for 4 s, then killed and restarted, under 3 writers."""
    meili = Meilisearch(root)
    app: App | None = None
    try:
        meili.start()
        own = settings.with_(mongodb_db="directory_faults_search", index_prefix="faults_b_",
                             meili_url=meili.url, meili_key=meili.KEY)
        client: MongoClient[dict[str, Any]]
        with MongoClient(str(own.mongodb_url)) as client:
            client.drop_database(own.mongodb_db)
        token = api_token(own, "penulis@contoh.example")
        app = App(own, root, "app-search")
        app.start()
        _create(app, token, "tetap-terbaca")
        tally = Tally()
        # Profiles and readiness keep answering 200 while search is down (ready, "degraded").
        reads = ["/organisasi/tetap-terbaca", "/api/v1/organizations/tetap-terbaca", "/readyz"]
        with Load([app.url], token, tally, writers=3, read_paths=reads, prefix="karya"):
            time.sleep(1.5)
            meili.signal(signal.SIGSTOP)
            time.sleep(4)
            meili.signal(signal.SIGCONT)
            time.sleep(1.5)
            meili.signal(signal.SIGKILL)
            time.sleep(2)
            meili.start()
            time.sleep(1.5)
        uid = f"{own.index_prefix}profiles"
        catch_up = wait_for(lambda: not _search_stale(tally, lambda i: meili.document(uid, i)),
                            SEARCH_CATCH_UP_S, "every acknowledged edit reaches search",
                            step=0.5)
        return {"tally": tally, "catch_up_s": round(catch_up, 1),
                "lost": _lost(tally, str(own.mongodb_url), own.mongodb_db),
                "server_errors": app.server_errors()}
    finally:
        kill_all(*([app] if app else []), meili)


def _patch_quietly(app: App, token: str) -> None:
    with contextlib.suppress(httpx.HTTPError):
        httpx.patch(f"{app.url}/api/v1/organizations/tetap-ada", json={"headline": "akhir"},
                    headers={"Authorization": f"Bearer {token}"}, timeout=30)


def restarts(settings: Settings, root: Path) -> dict[str, Any]:
    """`mongod` killed (SIGKILL) and restarted RESTART_CYCLES times under 2 writers and
    readiness polling; after each restart every kind of route must work again."""
    replica_set = ReplicaSet(root, 1, name="rsrestart")
    app: App | None = None
    try:
        replica_set.start()
        own = settings.with_(mongodb_url=replica_set.url, mongodb_db="directory_faults_restart",
                             index_prefix="faults_c_")
        token = api_token(own, "penulis@contoh.example")
        app = App(own, root, "app-restart")
        app.start()
        _create(app, token, "tetap-ada")
        mongod, tally, recoveries = replica_set.members[0], Tally(), list[float]()
        mongod_starts, waited_for = list[float](), Counter[str]()
        probe = httpx.Client(base_url=app.url, timeout=20,
                             headers={"Authorization": f"Bearer {token}"})

        def every_route_works() -> bool:
            answers = [probe.get("/readyz"), probe.get("/api/v1/organizations/tetap-ada"),
                       probe.get("/organisasi/tetap-ada"), probe.get("/"),
                       probe.get("/cari", params={"q": "studio"}),
                       probe.patch("/api/v1/organizations/tetap-ada",
                                   json={"headline": f"pulih {len(recoveries)}"})]
            for answer in answers:
                tally.note("probe", answer)
                if answer.status_code != 200:  # what was still failing while recovering
                    waited_for[f"{answer.request.method} {answer.request.url.path} "
                               f"{answer.status_code}"] += 1
            return all(a.status_code == 200 for a in answers)

        with probe, Load([app.url], token, tally, writers=2, read_paths=["/readyz"],
                         prefix="tahan"):
            for _ in range(RESTART_CYCLES):
                mongod.kill()
                wait_for(lambda: probe.get("/readyz").status_code == 503, 15,
                         "readiness reports the outage")
                mongod.start()
                # Recovery counts from mongod being primary again (its own start-up and
                # crash recovery are not the app's), until every kind of route answers 200.
                mongod_starts.append(round(wait_for(mongod.is_primary, 60,
                                                    "mongod is primary again"), 1))
                started = time.monotonic()
                wait_for(every_route_works, 60, "every route works again", step=0.2)
                recoveries.append(round(time.monotonic() - started, 1))
        lost = _lost(tally, replica_set.url, own.mongodb_db)
        # SIGTERM while the database is gone and requests wait for it: the app still stops
        # within its grace period.
        mongod.kill()
        waiting = [threading.Thread(target=_patch_quietly, args=(app, token)) for _ in range(3)]
        for thread in waiting:
            thread.start()
        time.sleep(0.5)
        stopped = app.terminate()
        for thread in waiting:
            thread.join(timeout=30)
        return {"tally": tally, "recoveries": recoveries, "mongod_starts": mongod_starts,
                "still_failing_while_recovering": dict(waited_for),
                "lost": lost,
                "sigterm_during_outage_s": round(stopped, 1),
                "server_errors": app.server_errors()}
    finally:
        kill_all(*([app] if app else []), replica_set)


SCENARIOS = {"failover": failover, "search_outage": search_outage, "restarts": restarts}


@pytest.fixture(scope="module")
def outcomes(base_settings: Settings, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[dict[str, Future[dict[str, Any]]]]:
    pool = ThreadPoolExecutor(len(SCENARIOS))
    futures = {name: pool.submit(run, base_settings, tmp_path_factory.mktemp(name))
               for name, run in SCENARIOS.items()}
    yield futures
    pool.shutdown(wait=True)


def _report(title: str, figures: dict[str, Any]) -> None:
    tally: Tally = figures["tally"]
    print(f"\n[{title}] writes acknowledged {tally.writes_acknowledged}, lost "
          f"{len(figures['lost'])} (slowest {tally.slowest_write_s:.2f} s); "
          f"write answers {dict(tally.statuses)}; "
          f"reads {dict(tally.reads)} (slowest {tally.slowest_reads}); " +
          ", ".join(f"{k} {v}" for k, v in figures.items()
                    if k not in ("tally", "lost", "server_errors")))


def _clean(figures: dict[str, Any]) -> None:
    tally: Tally = figures["tally"]
    assert figures["lost"] == [], figures["lost"]
    assert tally.failures == [], tally.failures[:20]
    assert figures["server_errors"] == [], figures["server_errors"][:20]


def test_failover_loses_no_acknowledged_write_and_reads_keep_working(
        outcomes: dict[str, Future[dict[str, Any]]]) -> None:
    figures = outcomes["failover"].result(timeout=600)
    _report("failover", figures)
    _clean(figures)
    tally: Tally = figures["tally"]
    assert tally.writes_acknowledged > 12  # writes went on through both elections
    assert set(tally.statuses) <= {200, 201, 503}, tally.statuses
    assert set(tally.reads) == {200}, tally.reads  # public reads succeed during the elections


def test_every_edit_reaches_search_after_meilisearch_is_paused_and_killed(
        outcomes: dict[str, Future[dict[str, Any]]]) -> None:
    figures = outcomes["search_outage"].result(timeout=600)
    _report("search outage", figures)
    _clean(figures)
    tally: Tally = figures["tally"]
    assert tally.writes_acknowledged > 9  # writes went on while search was down
    assert set(tally.statuses) <= {200, 201}, tally.statuses  # writes never need search
    assert set(tally.reads) == {200}, tally.reads


def test_the_app_recovers_from_every_mongod_restart_and_stops_on_sigterm(
        outcomes: dict[str, Future[dict[str, Any]]]) -> None:
    figures = outcomes["restarts"].result(timeout=900)
    _report("mongod restarts", figures)
    _clean(figures)
    assert len(figures["recoveries"]) == RESTART_CYCLES
    assert max(figures["recoveries"]) < RECOVERY_LIMIT_S, figures["recoveries"]
    assert figures["sigterm_during_outage_s"] < GRACE_S
