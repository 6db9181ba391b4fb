"""ASGI entry point for running under any ASGI server:
`uvicorn --factory directory.web.asgi:create`.

Settings come from the environment; embedded services are used (and started) when no URLs are set.
"""

from __future__ import annotations

from litestar import Litestar

from directory.ops import embedded
from directory.settings import load_settings
from directory.web.app import create_app


def create() -> Litestar:
    settings = load_settings()
    if settings.uses_embedded_mongodb or settings.uses_embedded_meili:
        embedded.up(settings)
    return create_app(embedded.resolve(settings))
