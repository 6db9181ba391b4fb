"""The verified badge an organization embeds on its own website, and the public page it links to
where anyone can check the claim: verified by the city's curators on … until …, lapsed, or not
verified (directory.curation.verification.Verification.public_status).

The badge is drawn from the current state on every request and cached for five minutes only, so
a lapsed verification stops showing as valid within minutes of its expiry.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date
from litestar import Response, get
from litestar.params import FromPath
from markupsafe import escape

from directory.context import Services
from directory.curation.verification import PublicVerification
from directory.errors import NotFound
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.web import artwork
from directory.web.common import AnyRequest, ServicesDep, html
from directory.web.seo import PageMeta

BADGE_CACHE = "public, max-age=300, must-revalidate"
SVG = "image/svg+xml; charset=utf-8"
NAME_ON_BADGE = 32


def _day(moment: datetime | None) -> str:
    return format_date(moment, format="medium", locale=current_language.get()) if moment else ""


def badge_texts(state: PublicVerification, name: str) -> tuple[str, str, str]:
    """Title, detail line and accessible label of the badge (a long name is cut in the
    detail line, never in the label)."""
    label_name, name = name, name if len(name) <= NAME_ON_BADGE else \
        name[:NAME_ON_BADGE - 1].rstrip() + "…"
    if state.state == "verified":
        title = _("Terverifikasi Kota Malang")
        detail = (_("%(name)s · berlaku s.d. %(date)s")
                  % {"name": name, "date": _day(state.expires_at)}) if state.expires_at \
            else name
        label = _("%(name)s diverifikasi oleh kurator ekonomi kreatif Kota Malang.") % {
            "name": label_name}
    elif state.state == "lapsed":
        title = _("Verifikasi kedaluwarsa")
        detail = _("%(name)s · sejak %(date)s") % {"name": name, "date": _day(state.at)}
        label = _("Verifikasi %(name)s oleh Kota Malang sudah kedaluwarsa.") % {
            "name": label_name}
    else:
        title = _("Belum terverifikasi")
        detail = name
        label = _("%(name)s tidak terverifikasi oleh Kota Malang.") % {"name": label_name}
    return title, detail, label


def badge_snippet(base_url: str, slug: str, name: str) -> str:
    """The HTML an owner pastes into their website: the badge, linking to its check page."""
    page = f"{base_url}/verifikasi/{slug}"
    alt = escape(_("%(name)s — terverifikasi oleh Kota Malang") % {"name": name})
    return (f'<a href="{page}" target="_blank" rel="noopener">'
            f'<img src="{base_url}/lencana/{slug}.svg" alt="{alt}" height="56"></a>')


async def _state(services: Services, slug: str) -> tuple[str, PublicVerification]:
    profile = await services.profiles.get_public("organization", slug)
    return profile.name, await services.verification.public_status(slug, profile.verified)


@get("/lencana/{file:str}", name="badge", include_in_schema=False)
async def badge(services: ServicesDep, file: FromPath[str]) -> Response[str]:
    """`/lencana/{slug}.svg`; an unknown or unpublished organization gets a "not verified"
    badge with 404, so an embed never breaks into a broken image nor claims anything."""
    slug = file.removesuffix(".svg")
    status = 200
    try:
        if not file.endswith(".svg"):
            raise NotFound(f"badge {file!r}")
        name, state = await _state(services, slug)
    except NotFound:
        name, state, status = slug, PublicVerification("none", None, None), 404
    title, detail, label = badge_texts(state, name)
    return Response(artwork.badge_svg(state.state, title, detail, label), media_type=SVG,
                    status_code=status, headers={"Cache-Control": BADGE_CACHE})


@get("/verifikasi/{slug:str}", name="verification_check", include_in_schema=False)
async def verification_check(request: AnyRequest, services: ServicesDep, slug: FromPath[str]
                             ) -> Response[str]:
    name, state = await _state(services, slug)
    title = _("Verifikasi %(name)s") % {"name": name}
    meta = PageMeta(title=f"{title} | {_('Direktori Kreatif Malang')}",
                    description=badge_texts(state, name)[2])
    return html(request, "verification_check.html", meta=meta, name=name, slug=slug,
                state=state, title=title)


ROUTES = [badge, verification_check]
