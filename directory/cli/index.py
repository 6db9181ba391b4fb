"""The search index: `check`, `sync`, `relevance`, `reindex`."""

from __future__ import annotations

import asyncio
import contextlib
import time

import click

from directory.cli.common import (
    _progress,
    _run,
    _settings,
    out,
)
from directory.cli.root import main
from directory.context import Services
from search import sync
from search.drift import Drift, compare, expected_hashes, indexed_hashes
from search.sync import SearchSync


async def _drift(services: Services) -> list[tuple[SearchSync, Drift]]:
    """Each search node's drift from MongoDB (exact: content hashes, search/drift.py)."""
    truth = await expected_hashes(services.profiles.search_documents())
    return [(node, compare(truth, await indexed_hashes(node.index.client, node.index.uid)))
            for node in services.sync.nodes]


@main.command()
@click.option("--fix", is_flag=True,
              help="Repair the drift found (through the search outbox) and delete loose images.")
def check(fix: bool) -> None:
    """Compare MongoDB with every search node and report drift, and images left without a
    profile or a reference (exit 1 when there is something)."""
    settings = _settings()

    async def work(services: Services) -> bool:
        published = await services.profiles.published_count()
        found = await _drift(services)
        for node, drift in found:
            pending = await node.pending()
            click.echo(f"{node.name}: MongoDB: {published} published profiles; outbox: {pending} "
                       f"pending; index: {len(drift.missing)} missing, {len(drift.extra)} "
                       f"extra, {len(drift.stale)} stale")
            for label, ids in (("missing", drift.missing), ("extra", drift.extra),
                               ("stale", drift.stale)):
                for doc_id in ids[:50]:
                    click.echo(f"  {label}: {doc_id}")
        clean = all(drift.clean for _, drift in found)
        files, stale = await services.media.loose_ends()
        click.echo(f"images: {len(files)} files nothing refers to, {len(stale)} references to "
                   "deleted profiles")
        for ref in stale[:50]:
            click.echo(f"  image of a deleted profile: {ref['kind']} {ref['slug']} ({ref['slot']})")
        if fix and (files or stale):
            await services.media.tie_loose_ends(files, stale)
            click.echo("images cleaned up")
        if fix and not clean:
            keys = list(dict.fromkeys(k for _, drift in found for k in Drift.keys(drift)))
            await sync.record(services.profiles.db, keys)
            await services.sync.wait_until_applied()
            clean = all(drift.clean for _, drift in await _drift(services))
            click.echo("repaired" if clean else "drift remains; see the log")
            return clean
        return clean and (fix or not (files or stale))

    clean = _run(settings, work)
    raise SystemExit(0 if clean else 1)


@main.command("sync")
def sync_command() -> None:
    """Run the search sync worker on its own (applies the outbox until interrupted)."""
    settings = _settings()

    async def work(services: Services) -> None:
        stop = asyncio.Event()
        click.echo("applying search outbox; Ctrl+C to stop")
        await services.sync.run(stop)

    with contextlib.suppress(KeyboardInterrupt):
        _run(settings, work)


@main.command()
@click.option("--verbose", "-v", is_flag=True, help="Show every query's top results.")
@click.option("--baseline", is_flag=True,
              help="Score plain Meilisearch on raw fields instead, for comparison.")
@click.option("--set", "judged_set", type=click.Choice(["main", "heldout"]), default="main",
              show_default=True,
              help="main: the judged queries over the seed data (needs it loaded); heldout: the "
                   "hand-written held-out profiles and queries, loaded into their own database "
                   "and index (<db>_heldout, <prefix>heldout_).")
def relevance(verbose: bool, baseline: bool, judged_set: str) -> None:
    """Score search quality: nDCG@10 over the judged queries."""
    from search.relevance import HELDOUT_JUDGMENTS, Judgment, evaluate, load_judgments, report
    from search.searcher import Searcher

    settings = _settings()
    if judged_set == "heldout":
        settings = settings.with_(mongodb_db=f"{settings.mongodb_db}_heldout",
                                  index_prefix=f"{settings.index_prefix}heldout_")

    async def work(services: Services) -> list[str]:
        judgments = load_judgments()
        if judged_set == "heldout":
            await load_heldout(services)
            judgments = load_judgments(HELDOUT_JUDGMENTS)
        searcher = services.searcher
        if baseline:
            searcher = Searcher(services.meili, await _baseline_index(services))
        zero: list[Judgment] = []
        scores = await evaluate(searcher, judgments, raw=baseline, zero=zero)
        return report(scores, zero, verbose)

    click.echo("\n".join(_run(settings, work)))


async def load_heldout(services: Services) -> None:
    """Replace everything in the services' own database and index by the held-out profiles
    (only ever called on a database of their own)."""
    from directory.db import collection_names
    from directory.profiles.schema import PROFILE_ADAPTER
    from search.relevance import HELDOUT_PROFILES

    for name in collection_names():
        await services.mongo[services.settings.mongodb_db][name].delete_many({})
    await services.meili.wait_task(await services.meili.request(
        "DELETE", f"/indexes/{services.index.uid}/documents"))
    await services.profiles.write([PROFILE_ADAPTER.validate_json(line) for line in
                                   HELDOUT_PROFILES.read_bytes().splitlines() if line.strip()])
    await services.sync.wait_until_applied()


async def _baseline_index(services: Services) -> str:
    from directory.profiles.documents import MODEL_BY_KIND
    from directory.profiles.public import from_stored
    from search.relevance import BASELINE_FILTERABLE, baseline_document

    uid = f"{services.settings.index_prefix}relevance_baseline"
    await services.meili.delete_index(uid)
    await services.meili.create_index(uid)
    await services.meili.wait_task(await services.meili.update_settings(
        uid, {"filterableAttributes": BASELINE_FILTERABLE,
              # The tie-breaks every search ends with (query.py), no ranking of its own: its
              # documents carry no `standing` (ours), so equal scores stay in id order.
              "sortableAttributes": ["standing", "id"]}))
    documents = []
    for kind in MODEL_BY_KIND:
        async for raw in services.profiles.collection(kind).find({"status": "published"}):
            public = from_stored(kind, raw)
            documents.append(baseline_document(public.search_document(), raw))
    await services.meili.wait_task(await services.meili.add_documents(uid, documents))
    return uid


@main.command()
@click.option("--node", default=None, metavar="URL",
              help="Rebuild only this search node (one of DIRECTORY_MEILI_URLS), e.g. a new one.")
def reindex(node: str | None) -> None:
    """Rebuild the search index of every node from MongoDB into a fresh index, replaying the
    changes made meanwhile, then swap it in."""
    settings = _settings()
    started = time.perf_counter()

    async def work(services: Services) -> int:
        nodes = [n.name for n in services.sync.nodes]
        known = nodes + [n.node for n in services.sync.nodes]
        if node is not None and node.rstrip("/") not in known:
            raise click.UsageError(f"{node} is not a configured search node ({', '.join(nodes)})")
        total = await services.profiles.published_count() * (1 if node else len(nodes))
        with _progress() as progress:
            task = progress.add_task("indexing", total=total)
            return await services.sync.rebuild(services.profiles.search_documents,
                                               lambda n: progress.advance(task, n), only=node)

    count = _run(settings, work)
    out.print(f"indexed {count} published profiles in {time.perf_counter() - started:.1f}s")
