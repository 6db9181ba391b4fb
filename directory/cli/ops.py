"""Operations on the whole database: `backup`, `restore`, `snapshot`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from directory.cli.common import (
    _progress,
    _run,
    _settings,
    err,
    out,
)
from directory.cli.root import main
from directory.context import Services


@main.command("backup")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def backup_command(directory: Path) -> None:
    """Write every collection (profiles, accounts, audit, images…) to DIRECTORY."""
    from directory.ops import backup

    settings = _settings()

    async def work(services: Services) -> dict[str, Any]:  # the backup manifest
        backup.check_target(directory)
        db = services.profiles.db
        total = sum((await backup.count_all(db)).values())
        with _progress() as progress:
            task = progress.add_task("backing up", total=total)
            return await backup.backup(db, directory, lambda _n, k: progress.advance(task, k))

    try:
        manifest = _run(settings, work)
    except backup.BackupError as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise SystemExit(2) from exc
    counts = manifest["collections"]
    out.print(f"backed up {sum(counts.values())} documents from {len(counts)} collections "
              f"to {directory}")


@main.command("restore")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Replace what the database holds now.")
def restore_command(directory: Path, force: bool) -> None:
    """Restore a backup into an empty database, then rebuild the search index."""
    from directory.ops import backup

    settings = _settings()

    async def work(services: Services) -> tuple[dict[str, int], int]:
        manifest = backup.read_manifest(directory)
        await backup.check_empty(services.profiles.db, force)
        with _progress() as progress:
            task = progress.add_task("restoring", total=sum(manifest["collections"].values()))
            restored = await backup.restore(services.profiles.db, directory, force=force,
                                            progress=lambda _n, k: progress.advance(task, k))
        return restored, await services.profiles.reindex()

    try:
        restored, indexed = _run(settings, work)
    except backup.BackupError as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise SystemExit(2) from exc
    out.print(f"restored {sum(restored.values())} documents into {len(restored)} collections; "
              f"indexed {indexed} published profiles")


@main.command()
def snapshot() -> None:
    """Record this month's statistics snapshot now (replaces one taken earlier this month)."""
    from directory.stats import history as snapshots
    from directory.stats.shapes import Snapshot

    settings = _settings()

    async def work(services: Services) -> Snapshot:
        doc, _written = await snapshots.take(services.stats)
        return doc

    doc = _run(settings, work)
    out.print(f"snapshot {doc['_id']}: {doc['total']} published profiles "
              f"({sum(doc['organizations'].values())} organizations, {doc['talents']} talents), "
              f"taken {doc['taken_at']:%Y-%m-%d %H:%M} UTC")


