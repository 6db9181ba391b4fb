"""Saved searches: the user's list (save, delete), the one-click unsubscribe of the alert
emails (signed link, no log-in; also the RFC 8058 POST of mail clients) and the Atom feed of
each saved search (unguessable address, public fields of the matching profiles only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import User
from directory.context import Services
from directory.errors import InvalidInput
from directory.hiring.alerts import links
from directory.hiring.shapes import SavedSearchPrivate
from directory.i18n import gettext as _
from directory.web.auth import CurrentUser
from directory.web.common import AnyRequest, ServicesDep, field_errors, html, notice
from search.shapes import SearchHit

ATOM = "http://www.w3.org/2005/Atom"
Form = URLEncodedBody[dict[str, str]]


async def _list(request: AnyRequest, services: Services, user: User, status: int = 200,
                values: dict[str, str] | None = None, errors: dict[str, str] | None = None
                ) -> Response[str]:
    saved = [{**doc, **links(services, doc)} for doc in await services.alerts.mine(user)]
    return html(request, "alerts/list.html", status=status, saved=saved,
                values=values or {"query": request.query_params.get("query", "")},
                errors=errors or {})


@get("/akun/pencarian", name="saved_searches", include_in_schema=False)
async def saved_searches(request: AnyRequest, services: ServicesDep, user: CurrentUser
                         ) -> Response[str]:
    return await _list(request, services, user)


@post("/akun/pencarian", include_in_schema=False)
async def save(request: AnyRequest, services: ServicesDep, user: CurrentUser, data: Form
               ) -> Response[Any]:
    try:
        await services.alerts.save(user, data.get("name", ""), data.get("query", ""))
    except InvalidInput as exc:
        return await _list(request, services, user, status=400, values=data,
                           errors=field_errors(exc.errors))
    return Redirect("/akun/pencarian", status_code=303)


@post("/akun/pencarian/{saved_id:str}/hapus", name="saved_search_delete",
      include_in_schema=False)
async def delete(services: ServicesDep, user: CurrentUser, saved_id: FromPath[str]
                 ) -> Response[Any]:
    await services.alerts.delete(user, saved_id)
    return Redirect("/akun/pencarian", status_code=303)


UNSUBSCRIBE = "/pencarian-tersimpan/{saved_id:str}/berhenti/{signature:str}"


@get(UNSUBSCRIBE, name="saved_search_unsubscribe", include_in_schema=False)
async def unsubscribe(request: AnyRequest, services: ServicesDep, saved_id: FromPath[str],
                      signature: FromPath[str]) -> Response[str]:
    """One click from the email, no log-in: the signed link is the permission."""
    doc = await services.alerts.unsubscribe(saved_id, signature)
    return notice(request, _("Berhenti berlangganan"),
                  _("Anda tidak akan lagi menerima email untuk pencarian “%(name)s”. Pencarian "
                    "dan umpannya tetap tersimpan di akun Anda.") % {"name": doc["name"]})


@post(UNSUBSCRIBE, include_in_schema=False)
async def unsubscribe_post(services: ServicesDep, saved_id: FromPath[str],
                           signature: FromPath[str]) -> Response[str]:
    """RFC 8058 one-click unsubscribe, sent by mail clients (List-Unsubscribe-Post)."""
    await services.alerts.unsubscribe(saved_id, signature)
    return Response("", status_code=200)


def atom(base_url: str, doc: SavedSearchPrivate, hits: list[SearchHit]) -> bytes:
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str
            ) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    own = f"{base_url}/pencarian-tersimpan/{doc['feed_key']}/feed.atom"
    sub(feed, "id", f"urn:directory:saved-search:{doc['_id']}")
    sub(feed, "title", f"{doc['name']} — {_('Direktori Kreatif Malang')}")
    updated = max([h["updated_at"] for h in hits if h.get("updated_at")] or
                  [datetime.now(UTC).replace(microsecond=0).isoformat()])
    sub(feed, "updated", updated)
    sub(feed, "link", href=own, rel="self")
    sub(feed, "link", href=f"{base_url}/cari?{doc['query']}", rel="alternate")
    sub(sub(feed, "author"), "name", _("Direktori Kreatif Malang"))
    for hit in hits:
        entry = sub(feed, "entry")
        sub(entry, "id", base_url + hit["url"])
        sub(entry, "title", hit["name"])
        sub(entry, "updated", hit.get("updated_at") or updated)
        sub(entry, "link", href=base_url + hit["url"])
        if hit.get("headline"):
            sub(entry, "summary", hit["headline"])
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


@get("/pencarian-tersimpan/{feed_key:str}/feed.atom", name="saved_search_feed",
     include_in_schema=False)
async def feed(services: ServicesDep, feed_key: FromPath[str]) -> Response[bytes]:
    doc, hits = await services.alerts.feed(feed_key)
    return Response(atom(services.settings.base_url, doc, hits),
                    media_type="application/atom+xml; charset=utf-8",
                    headers={"X-Robots-Tag": "noindex"})


ROUTES = [saved_searches, save, delete, unsubscribe, unsubscribe_post, feed]
