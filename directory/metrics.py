"""Prometheus metrics (prometheus-client), defined once and shared by every app in the process.

HTTP requests per route template, method and status with their latency; Meilisearch and MongoDB
call latency; mail failures. The search outbox depth, the sync worker's failures and whether its
last round failed are read when `/metrics` is scraped. No label ever holds user data: routes are
templates (`/organisasi/{slug:str}`), never the requested path.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from pymongo import monitoring

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REQUESTS = Counter("directory_http_requests", "HTTP requests answered",
                   ["method", "route", "status"], registry=REGISTRY)
REQUEST_SECONDS = Histogram("directory_http_request_duration_seconds",
                            "Time to answer an HTTP request", ["method", "route"],
                            registry=REGISTRY)
MEILI_SECONDS = Histogram("directory_meilisearch_call_duration_seconds",
                          "Meilisearch HTTP calls", ["method", "outcome"], registry=REGISTRY)
MONGO_SECONDS = Histogram("directory_mongodb_command_duration_seconds", "MongoDB commands",
                          ["command", "outcome"], registry=REGISTRY)
MAIL_FAILURES = Counter("directory_mail_failures", "Emails that could not be sent",
                        registry=REGISTRY)
OUTBOX_DEPTH = Gauge("directory_search_outbox_depth",
                     "Profile changes not yet applied to the search index", registry=REGISTRY)
SYNC_FAILURES = Gauge("directory_search_sync_failures",
                      "Failed rounds of this process's search-sync worker", registry=REGISTRY)
SYNC_FAILING = Gauge("directory_search_sync_failing",
                     "1 while the sync worker's last round failed", registry=REGISTRY)
NODE_LAG = Gauge("directory_search_node_lag",
                 "Profile changes one search node has not applied yet", ["node"],
                 registry=REGISTRY)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    REQUEST_SECONDS.labels(method, route).observe(seconds)


def observe_meili(method: str, outcome: str, started: float) -> None:
    MEILI_SECONDS.labels(method, outcome).observe(time.perf_counter() - started)


class MongoCommands(monitoring.CommandListener):
    """Durations of every MongoDB command the driver runs (registered on the client)."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        pass

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        MONGO_SECONDS.labels(event.command_name, "ok").observe(event.duration_micros / 1e6)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        MONGO_SECONDS.labels(event.command_name, "error").observe(event.duration_micros / 1e6)


def scrape(outbox_depth: int | None, sync: Any,
           node_lags: dict[str, int] | None = None) -> bytes:
    """The text exposition, with the values read at scrape time."""
    if outbox_depth is not None:
        OUTBOX_DEPTH.set(outbox_depth)
    for node, lag in (node_lags or {}).items():
        NODE_LAG.labels(node).set(lag)
    SYNC_FAILURES.set(sync.failures)
    SYNC_FAILING.set(1 if sync.last_error else 0)
    return generate_latest(REGISTRY)
