"""create_app(settings): the Litestar application. The lifespan owns every external client."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from litestar import Litestar, Request
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.enums import ScopeType
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.routes import HTTPRoute
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp, HTTPResponseStartEvent, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from directory import metrics
from directory.context import open_services
from directory.curation import verification
from directory.hiring import alerts
from directory.i18n import DEFAULT_LANGUAGE, LANGUAGES, current_language
from directory.profiles.team import one_check_per_request
from directory.profiles.validation import check_json_body
from directory.rendering import create_environment
from directory.settings import Settings
from directory.stats import history as snapshots
from directory.stats import reminders
from directory.web import (
    account_pages,
    admin_pages,
    alert_pages,
    analyst_pages,
    api,
    api_hiring,
    api_programmes,
    api_shortlist,
    api_stats,
    artwork_pages,
    badge_pages,
    brief_api,
    brief_pages,
    crawl_pages,
    data_pages,
    desk_pages,
    duplicate_pages,
    ecosystem_pages,
    health,
    import_pages,
    inquiry_pages,
    manage_pages,
    moderation_pages,
    origin_pages,
    outcome_pages,
    pages,
    programme_pages,
    review_pages,
    section_pages,
    shortlist_pages,
    team_pages,
    verification_pages,
)
from directory.web.auth import DEPENDENCIES
from directory.web.common import provide_services, use_request_language
from directory.web.errors import EXCEPTION_HANDLERS
from directory.web.headers import STATIC_MAX_AGE, fingerprint, on_start, secured
from directory.web.observability import ACCESS, configure_logging, route_of, with_request_id
from directory.web.seo import alternates, og_locales
from directory.web.uploads import NOT_PAGES, known_viewer
from search import demand

STATIC_DIR = Path(__file__).parent / "static"
OPENAPI_PATH = "/schema"


async def _before_request(request: Request[Any, Any, Any]) -> None:
    use_request_language(request)
    if request.method in ("POST", "PUT", "PATCH") and request.url.path.startswith("/api/"):
        check_json_body(await request.body())  # bounded before it is parsed
    if not request.url.path.startswith(NOT_PAGES):  # the viewer is known (known_viewer)
        await shortlist_pages.remember_shortlist(request)  # the header's count, card buttons


RATE_LIMITED = ("/api/v1/search", "/api/v1/suggest", "/cari")


def _measured(app: ASGIApp) -> ASGIApp:
    """Count, time and log every HTTP request by route template: metrics and the access log
    never see a real path or query string (they can hold tokens, emails or search words)."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started, answered = time.perf_counter(), {"status": 500}
        try:
            await app(scope, receive,
                      on_start(send, lambda message: answered.update(status=message["status"])))
        finally:
            route, seconds = route_of(scope), time.perf_counter() - started
            metrics.observe_request(scope["method"], route, answered["status"], seconds)
            ACCESS.info("%s %s %d %.1f ms", scope["method"], route, answered["status"],
                        seconds * 1000)

    return middleware


def _options_allow(allowed: dict[str, str]) -> Callable[[ASGIApp], ASGIApp]:
    """Litestar answers OPTIONS itself with the methods of the first handler registered for a
    path (later handlers of the same path join a new route, the first route's OPTIONS handler
    stays): the answer's Allow comes from the app's final route table instead (`allowed`, path
    template → methods, filled once the app is built)."""
    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or scope["method"] != "OPTIONS":
                await app(scope, receive, send)
                return

            def fix(message: HTTPResponseStartEvent) -> None:
                methods = allowed.get(route_of(scope))
                if methods and message["status"] == 204:
                    message["headers"] = [
                        *((k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"),
                        (b"allow", methods.encode())]

            await app(scope, receive, on_start(send, fix))

        return middleware

    return wrap


def _one_check_per_request(app: ASGIApp) -> ASGIApp:
    """Each request looks up a permission once: a route's role dependency and the service it
    then calls share the answer (ProfileEditor.authorize), until the request writes."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        with one_check_per_request():
            await app(scope, receive, send)

    return middleware


def _rate_limits(settings: Settings) -> list[Any]:
    """Generous per-address limits on the search routes (a person never meets them; a scraper
    or a runaway script gets 429 with Retry-After). Per process, in memory."""
    if not settings.search_rate_limit:
        return []
    config = RateLimitConfig(rate_limit=("minute", settings.search_rate_limit),
                             check_throttle_handler=lambda r: r.url.path in RATE_LIMITED)
    return [config.middleware]


SHUTDOWN_WORK_S = 3.0


async def _finish(tasks: list[asyncio.Future[Any]]) -> None:
    """Shutdown: background work gets SHUTDOWN_WORK_S to end on its own (the stop event); work
    still waiting on an unreachable database is then cancelled — the process is exiting and
    its clients are closed next, and every task resumes safely (outbox entries stay, leases
    expire) — so SIGTERM never waits on a database outage (tests/test_faults.py)."""
    _done, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_WORK_S)
    for task in pending:
        task.cancel()
    for result in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(result, Exception):
            logging.getLogger("directory").warning("background work ended with %r", result)


def create_app(settings: Settings) -> Litestar:
    settings.check()
    configure_logging(settings.production)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    env = create_environment()

    def render(template: str, request: Request[Any, Any, Any], **context: Any) -> str:
        query = request.query_params.dict()
        lang = current_language.get()
        meta = context.pop("meta", None)
        # Every page names its address in each language (hreflang) and its canonical address:
        # the one of the language it is shown in, with only the parameters that make the page.
        links = alternates(settings.base_url, request.url.path, meta.query if meta else ())
        return env.get_template(template).render(
            request_path=request.url.path, query_params=query, lang=lang, meta=meta,
            alternates=links, canonical=links[lang], og_locales=og_locales(lang),
            base_url=settings.base_url,
            csrf_token=ScopeState.from_scope(request.scope).csrf_token or "",
            current_user=request.scope.get("state", {}).get("user"),
            shortlist_keys=request.scope.get("state", {}).get(shortlist_pages.STATE_KEY,
                                                              frozenset()),
            dev_mail=settings.environment == "development" and settings.uses_embedded_smtp,
            other_lang=[code for code in LANGUAGES if code != lang][0], **context,
        )

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        # The app's own tasks speak its default language, whoever started it (the CLI is
        # English); requests set theirs in use_request_language.
        current_language.set(DEFAULT_LANGUAGE)
        async with open_services(settings, require_search=False) as services:
            app.state.services = services
            stop = asyncio.Event()
            services.profiles.on_change = services.sync.kick
            workers = [asyncio.create_task(services.sync.run(stop), name="search-sync")]
            if settings.scheduled_tasks:
                workers.append(asyncio.create_task(
                    snapshots.run_monthly(services.stats, stop), name="stats-snapshots"))
                workers.append(asyncio.create_task(
                    reminders.run_quarterly(services, stop), name="figures-reminders"))
                workers.append(asyncio.create_task(verification.run_expiry(
                    services.verification, stop), name="verification-expiry"))
                workers.append(asyncio.create_task(
                    alerts.run_weekly(services, stop), name="saved-search-alerts"))
            try:
                yield
            finally:
                stop.set()
                await _finish([*workers, asyncio.ensure_future(demand.flushed())])

    allowed: dict[str, str] = {}
    app = Litestar(
        route_handlers=[
            pages.home, pages.search_page, pages.need_form, pages.need_submit,
            pages.organization_page, pages.talent_page,
            api.SearchController, api.ProfileController, api.StatsController, *api_stats.ROUTES,
            health.livez, health.readyz, health.metrics_endpoint,
            *account_pages.ROUTES, *manage_pages.ROUTES, *team_pages.ROUTES,
            *inquiry_pages.ROUTES, *ecosystem_pages.ROUTES, *analyst_pages.ROUTES,
            *data_pages.ROUTES, *moderation_pages.ROUTES, *admin_pages.ROUTES,
            *verification_pages.ROUTES, *import_pages.ROUTES, *duplicate_pages.ROUTES,
            *crawl_pages.ROUTES, *artwork_pages.ROUTES, *badge_pages.ROUTES,
            *shortlist_pages.ROUTES, *api_shortlist.ROUTES,
            *brief_pages.ROUTES, brief_api.BriefController,
            *review_pages.ROUTES, *alert_pages.ROUTES, api_hiring.HiringController,
            *section_pages.ROUTES,
            *desk_pages.ROUTES,
            *programme_pages.ROUTES, *api_programmes.ROUTES, *outcome_pages.ROUTES,
            *origin_pages.ROUTES,
            # Linked with `?v=<content hash>` (the `static_url` template global): cacheable
            # for a year, a changed file gets a new address.
            create_static_files_router(path="/static", directories=[STATIC_DIR],
                                       cache_control=CacheControlHeader(
                                           max_age=STATIC_MAX_AGE, public=True)),
        ],
        dependencies={"services": Provide(provide_services, sync_to_thread=False),
                      **DEPENDENCIES},
        lifespan=[lifespan],
        state=State({"render": render, "settings": settings}),
        before_request=_before_request,
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024,
                                             gzip_compress_level=6),
        middleware=[with_request_id, _measured, _options_allow(allowed),
                    secured(settings.production), _one_check_per_request,
                    *_rate_limits(settings), known_viewer],
        exception_handlers=EXCEPTION_HANDLERS,
        logging_config=None,  # ours (observability.configure_logging); Litestar's replaced it
        csrf_config=CSRFConfig(secret=settings.secret_key,
                               # RFC 8058 one-click unsubscribe: mail clients POST the link
                               exclude=["/api", "/pencarian-tersimpan/.+/berhenti/"],
                               cookie_secure=settings.environment != "development"),
        openapi_config=OpenAPIConfig(
            title="Direktori Ekonomi Kreatif Kota Malang API", version="1.0.0",
            path=OPENAPI_PATH, render_plugins=[SwaggerRenderPlugin()],
            description="Public API of the Kota Malang creative-economy directory. Maintenance "
                        "routes take a personal API token (account page): "
                        "`Authorization: Bearer <token>`.",
            components=Components(security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer",
                                              description="Personal API token")}),
        ),
        debug=False,
    )
    allowed.update({route.path_format: ", ".join(sorted(route.methods))
                    for route in app.routes if isinstance(route, HTTPRoute)})

    @lru_cache(maxsize=4096)  # pages repeat the same links (facets, navigation)
    def reverse(name: str, params: tuple[tuple[str, str], ...]) -> str:
        return app.route_reverse(name, **dict(params))

    def url_for(name: str, **path_params: Any) -> str:
        """The path of a named route (templates: `url_for("manage", kind=k, slug=s)`)."""
        return reverse(name, tuple(sorted((k, str(v)) for k, v in path_params.items())))

    def static_url(name: str) -> str:
        return url_for("static", file_path=name) + fingerprint(STATIC_DIR, name)

    env.globals.update(url_for=url_for, static_url=static_url, api_docs_url=OPENAPI_PATH)
    return app
