"""Icons (favicon, touch icon, manifest icons), the web app manifest and the preview card of a
profile (the Open Graph image of a profile without a logo)."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Response, get
from litestar.params import FromPath

from directory.errors import NotFound
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.profiles.linked_data import locality
from directory.taxonomy import SUBSECTORS
from directory.web import artwork
from directory.web.common import KIND_BY_SEGMENT, AnyRequest, ServicesDep

LONG_CACHE = "public, max-age=604800"
CARD_CACHE = "public, max-age=3600"


@get("/favicon.ico", name="favicon", include_in_schema=False)
async def favicon() -> Response[bytes]:
    return Response(artwork.favicon_ico(), media_type="image/x-icon",
                    headers={"Cache-Control": LONG_CACHE})


@get("/apple-touch-icon.png", name="apple_touch_icon", include_in_schema=False)
async def apple_touch_icon() -> Response[bytes]:
    return Response(await asyncio.to_thread(artwork.icon_png, 180), media_type="image/png",
                    headers={"Cache-Control": LONG_CACHE})


@get("/ikon/{file:str}", name="app_icon", include_in_schema=False)
async def app_icon(file: FromPath[str]) -> Response[bytes]:
    size = file.removesuffix(".png")
    if not file.endswith(".png") or not size.isdigit() or int(size) not in artwork.ICON_SIZES:
        raise NotFound(f"icon {file!r}")
    return Response(await asyncio.to_thread(artwork.icon_png, int(size)),
                    media_type="image/png", headers={"Cache-Control": LONG_CACHE})


@get("/manifest.webmanifest", name="manifest", include_in_schema=False)
async def manifest(request: AnyRequest
                   ) -> Response[dict[str, Any]]:  # a web app manifest (W3C JSON)
    app_icon_url = request.app.route_reverse
    body = {
        "name": _("Direktori Ekonomi Kreatif Kota Malang"),
        "short_name": _("Kreatif Malang"),
        "description": _("Temukan pengembang aplikasi, studio game, dan talenta kreatif di "
                         "Kota Malang."),
        "lang": current_language.get(), "start_url": "/", "scope": "/", "display": "browser",
        "background_color": "#f7f8fb", "theme_color": artwork.BRAND,
        "icons": [
            *({"src": app_icon_url("app_icon", file=f"{size}.png"), "sizes": f"{size}x{size}",
               "type": "image/png", "purpose": "any"} for size in artwork.ICON_SIZES),
            {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    return Response(body, media_type="application/manifest+json",
                    headers={"Cache-Control": "public, max-age=86400"})


@get("/kartu/{segment:str}/{name:str}", name="profile_card", include_in_schema=False)
async def profile_card(services: ServicesDep, segment: FromPath[str], name: FromPath[str]
                       ) -> Response[bytes]:
    """A published profile's preview card, in the request's language (`?lang=en`)."""
    kind = KIND_BY_SEGMENT.get(segment)
    if kind is None or not name.endswith(".png"):
        raise NotFound(f"card {segment}/{name}")
    profile = await services.profiles.get_public(kind, name.removesuffix(".png"))
    lang = current_language.get()
    subsectors = " · ".join(SUBSECTORS.label(code, lang) for code in profile.subsectors)
    png = await asyncio.to_thread(artwork.card_png, profile.name, subsectors,
                                  locality(profile.kecamatan, lang),
                                  _("Direktori Kreatif Malang"))
    return Response(png, media_type="image/png", headers={"Cache-Control": CARD_CACHE})


ROUTES = [favicon, apple_touch_icon, app_icon, manifest, profile_card]
