"""The language of a request: `?lang=`, else the `lang` cookie, else Bahasa Indonesia."""

from __future__ import annotations

from typing import Any

from litestar import Request

from directory.i18n import LANG_COOKIE, current_language, pick_language


def use_request_language(request: Request[Any, Any, Any]) -> str:
    """Set the language for the rest of this request. Called before every handler, and by the
    error pages of requests that never reached one (an unknown address)."""
    lang = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    current_language.set(lang)
    return lang
