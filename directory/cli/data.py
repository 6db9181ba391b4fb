"""Profiles in and out: `seed`, `import`, `import-sheet`, `export`."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from directory.cli.common import (
    SEED_FILE,
    _catch_up_index,
    _count_lines,
    _progress,
    _run,
    _settings,
    err,
    out,
)
from directory.cli.root import main
from directory.context import Services
from directory.errors import InvalidInput
from directory.hiring import brief_seed
from directory.ops.importer import ImportFailed, import_file


def _import(path: Path) -> None:
    if not path.exists():
        err.print(f"[red]error:[/red] {path} does not exist")
        raise SystemExit(2)
    settings = _settings()
    total = _count_lines(path)
    started = time.perf_counter()

    async def work(services: Services) -> Any:
        with _progress() as progress:
            validating = progress.add_task("validating", total=total)
            writing = progress.add_task("writing", total=None, start=False)

            def on_write(n: int) -> None:
                progress.start_task(writing)
                progress.update(writing, total=progress.tasks[validating].completed)
                progress.advance(writing, n)

            summary = await import_file(
                path, services.profiles,
                on_validate=lambda n: progress.advance(validating, n), on_write=on_write,
            )
        await _catch_up_index(services)
        return summary

    try:
        summary = _run(settings, work)
    except ImportFailed as exc:
        # Plain lines (never wrapped), one per error, so they can be grepped and clicked.
        for error in exc.errors[:200]:
            click.echo(f"{path}:{error}", err=True)
        if len(exc.errors) > 200:
            click.echo(f"… and {len(exc.errors) - 200} more", err=True)
        click.echo(f"{len(exc.errors)} error(s) in {path}; nothing was written.", err=True)
        raise SystemExit(1) from exc
    elapsed = time.perf_counter() - started
    out.print(f"{summary.total} profiles: {summary.created} created, {summary.updated} updated, "
              f"{summary.unchanged} unchanged ({elapsed:.1f}s)")



@main.command()
def seed() -> None:
    """Load the seed dataset (seeds/directory.jsonl) through the import path, the fictional
    confidential figures of seeds/confidential.jsonl, the demo programmes and dated profile
    states of seeds/programmes.jsonl and seeds/history.jsonl, and the demo inquiries and briefs
    of seeds/demand.jsonl; safe to re-run."""
    _import(SEED_FILE)
    rows = [json.loads(line) for line in
            (SEED_FILE.parent / "confidential.jsonl").read_text(encoding="utf-8").splitlines()]
    added = _run(_settings(), lambda services: services.figures.load_seed(rows))
    out.print(f"confidential figures: {added} added, {len(rows) - added} already there")
    states, programmes = ([json.loads(line) for line in (SEED_FILE.parent / name).read_text(
        encoding="utf-8").splitlines()] for name in ("history.jsonl", "programmes.jsonl"))
    added = _run(_settings(), lambda services: services.outcomes.histories.load_seed(states))
    out.print(f"profile history (programme outcomes): {added} dated states added")
    added = _run(_settings(), lambda services: services.programmes.load_seed(programmes))
    out.print(f"programmes: {added} added, {len(programmes) - added} already there")

    demand = [json.loads(line) for line in
              (SEED_FILE.parent / "demand.jsonl").read_text(encoding="utf-8").splitlines()]
    inquiries, briefs = _run(_settings(), lambda services: _seed_demand(services, demand))
    out.print(f"demo demand by origin: {inquiries} inquiries and {briefs} briefs added")


async def _seed_demand(services: Services, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """seeds/demand.jsonl: fictional inquiries and briefs with their clients' origins."""
    return await services.inquiries.load_seed(rows), await brief_seed.load_seed(services.briefs,
                                                                                rows)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_(file: Path) -> None:
    """Validate every line of FILE (JSON Lines) first, then upsert by kind+slug and index."""
    _import(file)


@main.command("import-sheet")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--dry-run", is_flag=True, help="Show what would be created and updated; write "
              "nothing.")
@click.option("--valid-only", is_flag=True, help="Write the valid rows and save the rejected "
              "ones (default: nothing is written unless every row is valid).")
@click.option("--rejected", "rejected_path", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Where rejected rows go (CSV); default FILE-ditolak.csv.")
@click.option("--as", "actor_email", default=None,
              help="Curator or admin account recorded in the audit log.")
def import_sheet(file: Path, dry_run: bool, valid_only: bool, rejected_path: Path | None,
                 actor_email: str | None) -> None:
    """Import a CSV or XLSX spreadsheet (column mapping: docs/spreadsheet-import.md)."""
    from directory.accounts.service import require_staff
    from directory.curation.sheets.plan import plan_table
    from directory.curation.sheets.reader import read_table
    from directory.curation.sheets.service import apply_plan, rejected_csv
    from directory.curation.verification import SYSTEM
    from directory.errors import Forbidden

    try:
        table = read_table(file.name, file.read_bytes())
    except InvalidInput as exc:
        err.print(f"[red]error:[/red] {file}: {exc.errors[0].reason}")
        raise SystemExit(2) from exc
    settings = _settings()

    async def work(services: Services) -> Any:
        actor = replace(SYSTEM, id="cli", email="cli")
        if actor_email:
            try:  # the same rule as the curators' import page
                actor = require_staff(await services.accounts.by_email(actor_email))
            except Forbidden as exc:
                err.print(f"[red]error:[/red] {actor_email} is not a curator or admin account")
                raise SystemExit(2) from exc
        with _progress() as progress:
            checking = progress.add_task("checking rows", total=len(table.rows))
            plan = await plan_table(file.name, table, services.profiles,
                                    lambda n: progress.advance(checking, n))
        if plan.file_errors:
            for error in plan.file_errors:
                click.echo(f"{file}: {error}", err=True)
            raise SystemExit(1)
        for row in plan.invalid[:200]:
            for error in row.errors:
                click.echo(f"{file}:row {row.row}: {error}", err=True)
        out.print(f"{len(plan.rows)} rows: {plan.count('create')} to create, "
                  f"{plan.count('update')} to update, {plan.count('unchanged')} unchanged, "
                  f"{len(plan.invalid)} invalid")
        if dry_run:
            out.print("dry run: nothing was written")
            return 1 if plan.invalid else 0
        if plan.invalid:
            target = rejected_path or file.with_name(f"{file.stem}-ditolak.csv")
            if not valid_only:
                out.print("nothing was written: fix the rows above, or run with --valid-only")
                return 1
            target.write_bytes(rejected_csv(plan))
            out.print(f"rejected rows written to {target}")
        with _progress() as progress:
            writing = progress.add_task("writing", total=plan.count("create")
                                        + plan.count("update"))
            result = await apply_plan(plan, "valid" if valid_only else "all", actor,
                                      services.profiles, lambda n: progress.advance(writing, n))
        await _catch_up_index(services)
        out.print(f"imported: {result.created} created, {result.updated} updated, "
                  f"{result.unchanged} unchanged, {result.rejected} rejected")
        return 0

    try:
        code = _run(settings, work)
    except InvalidInput as exc:
        err.print(f"[red]error:[/red] {exc.errors[0].reason}")
        raise SystemExit(1) from exc
    raise SystemExit(code)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
def export(file: Path) -> None:
    """Write every profile (all statuses, private fields included) as JSON Lines ('-' = stdout)."""
    settings = _settings()

    async def work(services: Services) -> int:
        count = 0
        handle = sys.stdout if str(file) == "-" else file.open("w", encoding="utf-8")
        try:
            async for row in services.profiles.export():
                handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
        finally:
            if handle is not sys.stdout:
                handle.close()
        return count

    count = _run(settings, work)
    err.print(f"exported {count} profiles to {file}")


