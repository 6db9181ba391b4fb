"""Shared by the command groups: settings, running work against the services, progress bars."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from pymongo.errors import PyMongoError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from directory.context import Services, open_services
from directory.ops import embedded
from directory.settings import Settings, SettingsError, data_path, load_settings
from search.client import SearchUnavailable

SEED_FILE = data_path("seeds") / "directory.jsonl"
T = TypeVar("T")
err = Console(stderr=True, soft_wrap=True)  # one error, one line: greppable
out = Console()


def _load() -> Settings:
    """The settings, or a one-line error naming the variable that is wrong (exit 2)."""
    try:
        settings = load_settings()
        settings.check()
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise SystemExit(2) from exc
    return settings


def _settings(start: bool = True) -> Settings:
    settings = _load()
    if settings.production:  # never embedded servers: check() made sure every URL is set
        return embedded.resolve(settings)
    if start and (settings.uses_embedded_mongodb or settings.uses_embedded_meili
                  or settings.uses_embedded_smtp):
        try:
            started = embedded.up(settings)
        except embedded.ServiceError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise SystemExit(1) from exc
        for name, did in started.items():
            if did:
                err.print(f"[dim]started embedded {name}[/dim]")
    return embedded.resolve(settings)


def _run(settings: Settings, work: Callable[[Services], Awaitable[T]]) -> T:
    async def main() -> T:
        async with open_services(settings) as services:
            return await work(services)

    try:
        return asyncio.run(main())
    except SearchUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}. Is Meilisearch running? "
                  "(`directory services status`)")
        raise SystemExit(1) from exc
    except PyMongoError as exc:
        err.print(f"[red]error:[/red] MongoDB: {exc}. Is MongoDB running? "
                  "(`directory services status`)")
        raise SystemExit(1) from exc


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


async def _catch_up_index(services: Services) -> None:
    """After a bulk write: wait for the search sync, rebuild the index if it drifted."""
    try:
        await services.sync.wait_until_applied()
    except SearchUnavailable:
        err.print("[yellow]saved to MongoDB; Meilisearch is unreachable, so the search "
                  "index catches up when it is back (the app's sync worker, or "
                  "`directory sync`)[/yellow]")
        return
    published = await services.profiles.published_count()
    for index in [node.index for node in services.sync.nodes]:  # every search node
        indexed = await index.document_count()
        if indexed != published:
            err.print(f"[yellow]search index holds {indexed} profiles, MongoDB {published} "
                      "published: rebuilding the index[/yellow]")
            await services.profiles.reindex()
            return
        if await index.outdated_documents():
            err.print("[yellow]search documents are from an older version of the directory: "
                      "rebuilding the index[/yellow]")
            await services.profiles.reindex()
            return


