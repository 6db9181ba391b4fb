"""The `directory` command line: services, serve, seed, import, export, reindex."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click
from pymongo.errors import PyMongoError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from directory import embedded
from directory.context import Services, open_services
from directory.errors import Conflict, InvalidInput
from directory.i18n import current_language
from directory.importer import ImportFailed, import_file
from directory.settings import PROJECT_ROOT, Settings, SettingsError, load_settings
from search import sync
from search.client import SearchUnavailable
from search.drift import compare, indexed_versions

SEED_FILE = PROJECT_ROOT / "seeds" / "directory.jsonl"
T = TypeVar("T")
err = Console(stderr=True)
out = Console()


def _load() -> Settings:
    """The settings, or a one-line error naming the variable that is wrong (exit 2)."""
    try:
        return load_settings()
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise SystemExit(2) from exc


def _settings(start: bool = True) -> Settings:
    settings = _load()
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
    indexed = await services.index.document_count()
    published = await services.profiles.published_count()
    if indexed != published:
        err.print(f"[yellow]search index holds {indexed} profiles, MongoDB {published} "
                  "published: rebuilding the index[/yellow]")
        await services.profiles.reindex()
    elif await services.index.outdated_documents():
        err.print("[yellow]search documents are from an older version of the directory: "
                  "rebuilding the index[/yellow]")
        await services.profiles.reindex()


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


@click.group()
def main() -> None:
    """Direktori ekonomi kreatif Kota Malang — the creative-economy directory of Kota Malang."""
    # An operator's tool: its messages are English, and so are the validation reasons it prints.
    current_language.set("en")


@main.group()
def services() -> None:
    """Embedded MongoDB, Meilisearch and mail sink (used when no URL settings are given)."""


@services.command("up")
def services_up() -> None:
    """Install what is missing, start the servers and wait until they are healthy."""
    _settings(start=True)
    _print_status(_load(), as_json=False)


@services.command("down")
def services_down() -> None:
    """Stop the embedded servers cleanly."""
    stopped = embedded.down(_load())
    for name, did in stopped.items():
        out.print(f"{name}: {'stopped' if did else 'was not running'}")


@services.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable connection details.")
def services_status(as_json: bool) -> None:
    """URLs, versions and health of the services."""
    healthy = _print_status(_load(), as_json)
    raise SystemExit(0 if healthy else 3)


def _print_status(settings: Settings, as_json: bool) -> bool:
    status = embedded.status(settings)
    healthy = all(s["healthy"] is not False for s in status.values())
    if as_json:
        click.echo(json.dumps({
            "mongodb": {"url": status["mongodb"]["url"], "version": status["mongodb"]["version"],
                        "healthy": status["mongodb"]["healthy"]},
            "meilisearch": {"url": status["meilisearch"]["url"],
                            "key": status["meilisearch"]["key"],
                            "version": status["meilisearch"]["version"],
                            "healthy": status["meilisearch"]["healthy"]},
            "mail": {"url": status["mail"]["url"], "folder": status["mail"]["folder"]},
        }, indent=2))
        return healthy
    for name, info in status.items():
        state = {True: "healthy", False: "NOT REACHABLE", None: "not checked"}[info["healthy"]]
        where = "embedded" if info["embedded"] else "external"
        detail = f"version {info['version'] or '-'}" if "version" in info else \
            f"messages in {info['folder']}" if info.get("folder") else ""
        click.echo(f"{name:12} {state:13} {info['url']}  {detail}  ({where})")
    return healthy


@main.command()
@click.option("--host", default=None, help="Defaults to DIRECTORY_HOST (127.0.0.1).")
@click.option("--port", default=None, type=int, help="Defaults to DIRECTORY_PORT (8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from directory.web.app import create_app

    settings = _settings()
    host, port = host or settings.host, port or settings.port
    out.print(f"Serving on http://{host}:{port}/  (API docs: http://{host}:{port}/schema)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info",
                proxy_headers=False, server_header=False)


@main.command()
def seed() -> None:
    """Load the seed dataset (seeds/directory.jsonl) through the import path, and the fictional
    confidential figures of seeds/confidential.jsonl; safe to re-run."""
    _import(SEED_FILE)
    rows = [json.loads(line) for line in
            (SEED_FILE.parent / "confidential.jsonl").read_text(encoding="utf-8").splitlines()]
    added = _run(_settings(), lambda services: services.figures.load_seed(rows))
    out.print(f"confidential figures: {added} added, {len(rows) - added} already there")


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
    from directory.sheets.plan import plan_table
    from directory.sheets.reader import read_table
    from directory.sheets.service import apply_plan, rejected_csv
    from directory.verification import SYSTEM

    try:
        table = read_table(file.name, file.read_bytes())
    except InvalidInput as exc:
        err.print(f"[red]error:[/red] {file}: {exc.errors[0].reason}")
        raise SystemExit(2) from exc
    settings = _settings()

    async def work(services: Services) -> Any:
        actor = replace(SYSTEM, id="cli", email="cli")
        if actor_email:
            user = await services.accounts.by_email(actor_email)
            if user is None or not user.is_staff:
                err.print(f"[red]error:[/red] {actor_email} is not a curator or admin account")
                raise SystemExit(2)
            actor = user
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

    try:
        _run(settings, work)
    except KeyboardInterrupt:
        pass


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
        uid, {"filterableAttributes": BASELINE_FILTERABLE}))
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


@main.command("backup")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def backup_command(directory: Path) -> None:
    """Write every collection (profiles, accounts, audit, images…) to DIRECTORY."""
    from directory import backup

    settings = _settings()

    async def work(services: Services) -> dict[str, Any]:
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
    from directory import backup

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
    from directory import snapshots

    settings = _settings()

    async def work(services: Services) -> dict[str, Any]:
        doc, _written = await snapshots.take(services.stats)
        return doc

    doc = _run(settings, work)
    out.print(f"snapshot {doc['_id']}: {doc['total']} published profiles "
              f"({sum(doc['organizations'].values())} organizations, {doc['talents']} talents), "
              f"taken {doc['taken_at']:%Y-%m-%d %H:%M} UTC")


@main.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["user", "admin", "curator", "analyst"]), default="user",
              show_default=True, help="admin and curator may edit every profile and decide claims.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (otherwise you are prompted).")
@click.option("--name", default="", help="Display name.")
def create_user(email: str, role: str, password_stdin: bool, name: str) -> None:
    """Create a verified user account (e.g. the first curator)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings()

    async def work(services: Services) -> str:
        user = await services.accounts.sign_up(email, password, name, role=role, verified=True)
        return user.email

    try:
        created = _run(settings, work)
    except InvalidInput as exc:
        for error in exc.errors:
            click.echo(f"error: {error.field}: {error.reason}", err=True)
        raise SystemExit(2) from exc
    except Conflict as exc:
        click.echo(f"error: email: {exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"created {role} {created}")


@main.command("create-token")
@click.argument("email")
@click.option("--label", default="CLI", show_default=True, help="Shown in account settings.")
def create_token(email: str, label: str) -> None:
    """Print a new personal API token for that user (shown once; stored only as a hash)."""
    settings = _settings()

    async def work(services: Services) -> str | None:
        user = await services.accounts.by_email(email)
        return None if user is None else await services.accounts.create_token(user, label)

    token = _run(settings, work)
    if token is None:
        click.echo(f"error: email: no user {email.strip().lower()!r}; create it first with "
                   "`directory create-user`", err=True)
        raise SystemExit(1)
    click.echo(token)


if __name__ == "__main__":
    main()
