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
from search.drift import compare, indexed_versions


@main.command()
@click.option("--fix", is_flag=True,
              help="Repair the drift found (through the search outbox) and delete loose images.")
def check(fix: bool) -> None:
    """Compare MongoDB with the search index and report drift, and images left without a
    profile or a reference (exit 1 when there is something)."""
    settings = _settings()

    async def work(services: Services) -> bool:
        truth = await services.profiles.published_versions()
        found = compare(truth, await indexed_versions(services.meili, services.index.uid))
        pending = await services.sync.pending()
        click.echo(f"MongoDB: {len(truth)} published profiles; outbox: {pending} pending; "
                   f"index: {len(found.missing)} missing, {len(found.extra)} extra, "
                   f"{len(found.stale)} stale")
        for label, ids in (("missing", found.missing), ("extra", found.extra),
                           ("stale", found.stale)):
            for doc_id in ids[:50]:
                click.echo(f"  {label}: {doc_id}")
        files, stale = await services.media.loose_ends()
        click.echo(f"images: {len(files)} files nothing refers to, {len(stale)} references to "
                   "deleted profiles")
        for ref in stale[:50]:
            click.echo(f"  image of a deleted profile: {ref['kind']} {ref['slug']} ({ref['slot']})")
        if fix and (files or stale):
            await services.media.tie_loose_ends(files, stale)
            click.echo("images cleaned up")
        if fix and not found.clean:
            await sync.record(services.profiles.db, found.keys())
            await services.sync.wait_until_applied()
            after = compare(await services.profiles.published_versions(),
                            await indexed_versions(services.meili, services.index.uid))
            click.echo("repaired" if after.clean else "drift remains; see the log")
            return after.clean
        return found.clean and (fix or not (files or stale))

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
def relevance(verbose: bool, baseline: bool) -> None:
    """Score search quality: nDCG@10 over the judged queries (needs the seed data loaded)."""
    from search.relevance import Judgment, evaluate, load_judgments, report
    from search.searcher import Searcher

    settings = _settings()

    async def work(services: Services) -> list[str]:
        searcher = services.searcher
        if baseline:
            searcher = Searcher(services.meili, await _baseline_index(services))
        zero: list[Judgment] = []
        scores = await evaluate(searcher, load_judgments(), raw=baseline, zero=zero)
        return report(scores, zero, verbose)

    click.echo("\n".join(_run(settings, work)))


async def _baseline_index(services: Services) -> str:
    from directory.profiles.documents import MODEL_BY_KIND
    from directory.profiles.public import to_public
    from search.relevance import BASELINE_FILTERABLE, baseline_document

    uid = f"{services.settings.index_prefix}relevance_baseline"
    await services.meili.delete_index(uid)
    await services.meili.create_index(uid)
    await services.meili.wait_task(await services.meili.update_settings(
        uid, {"filterableAttributes": BASELINE_FILTERABLE,
              # Only the tie-break every search ends with (query.py): no ranking of its own.
              "sortableAttributes": ["id"]}))
    documents = []
    for kind, model in MODEL_BY_KIND.items():
        async for raw in services.profiles.collection(kind).find({"status": "published"}):
            public = to_public(model.model_validate(raw))
            documents.append(baseline_document(public.search_document(), raw))
    await services.meili.wait_task(await services.meili.add_documents(uid, documents))
    return uid


@main.command()
def reindex() -> None:
    """Rebuild the search index from MongoDB into a fresh index, then swap it in."""
    settings = _settings()
    started = time.perf_counter()

    async def work(services: Services) -> int:
        total = await services.profiles.published_count()
        with _progress() as progress:
            task = progress.add_task("indexing", total=total)
            return await services.profiles.reindex(lambda n: progress.advance(task, n))

    count = _run(settings, work)
    out.print(f"indexed {count} published profiles in {time.perf_counter() - started:.1f}s")


