"""`directory services up|down|status` and `directory serve`."""

from __future__ import annotations

import json
from typing import Any

import click

from directory.cli.common import (
    _load,
    _settings,
    out,
)
from directory.cli.root import main
from directory.ops import embedded
from directory.settings import Settings


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
        healthy_now = info["healthy"]
        state = ("healthy" if healthy_now is True else
                 "NOT REACHABLE" if healthy_now is False else "not checked")
        where = "embedded" if info["embedded"] else "external"
        detail = f"version {info['version'] or '-'}" if "version" in info else \
            f"messages in {info['folder']}" if info.get("folder") else ""
        click.echo(f"{name:12} {state:13} {info['url']}  {detail}  ({where})")
    return healthy


SHUTDOWN_GRACE_S = 10


@main.command()
@click.option("--host", default=None, help="Defaults to DIRECTORY_HOST (127.0.0.1).")
@click.option("--port", default=None, type=int, help="Defaults to DIRECTORY_PORT (8000).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="App processes sharing the port (sessions and background work are shared "
                   "through MongoDB).")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the web app and the API."""
    import uvicorn

    settings = _settings()
    host, port = host or settings.host, port or settings.port
    # Behind nginx/Caddy: believe X-Forwarded-For only from DIRECTORY_TRUSTED_PROXIES.
    proxies = settings.trusted_proxies.strip()
    out.print(f"Serving on http://{host}:{port}/  (API docs: http://{host}:{port}/schema)"
              + (f", {workers} workers" if workers > 1 else ""))
    # uvicorn's access log prints paths and query strings; the app logs route templates instead.
    # uvicorn's own records (start, stop, errors) go through the app's handler: JSON in production.
    from directory.web.observability import configure_logging

    configure_logging(settings.production)
    # SIGTERM: requests in flight get SHUTDOWN_GRACE_S to finish (one waiting on an unreachable
    # MongoDB answers 503 within ~10 s anyway), then the lifespan closes the clients.
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "log_config": None,
                               "timeout_graceful_shutdown": SHUTDOWN_GRACE_S,
                               "server_header": False, "access_log": False,
                               "proxy_headers": bool(proxies),
                               "forwarded_allow_ips": proxies or None}
    if workers > 1:  # each worker builds the app from the environment (directory.web.asgi)
        uvicorn.run("directory.web.asgi:create", factory=True, workers=workers, **options)
    else:
        from directory.web.app import create_app
        uvicorn.run(create_app(settings), **options)




@main.command("config")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable.")
def config(as_json: bool) -> None:
    """The effective configuration (environment, .env, defaults), secrets masked."""
    described = _load().described()
    if as_json:
        click.echo(json.dumps(described, indent=2))
        return
    for name, value in described.items():
        click.echo(f"{name:45} {value}")
