"""Saved searches and their alerts.

A signed-in user saves any search of /cari (its query string, without page or language) under
a name. At most once a week (CHECK_EVERY_S rounds, WEEK between emails) the user gets one email,
in their language, listing the profiles that match now and are new since the last alert — or
became available (accepting projects, available for work) since then; when nothing is new,
nothing is sent. Each saved search has an Atom feed at an unguessable address (`feed_key`) with
the matching profiles' public fields only, and a one-click unsubscribe link signed with the
secret key (no log-in), also given as the `List-Unsubscribe` header.

Two app processes never send the same alert twice: a process claims a saved search
(`claimed_until`) with one atomic update before it reads the matches and sends; a claim older
than CLAIM_LEASE (a process that died, mail that failed) is taken again.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, urlencode

from bson import ObjectId
from bson.errors import InvalidId

from directory import scheduling
from directory.accounts.secrets_ import new_token
from directory.accounts.service import User, now
from directory.db import Database
from directory.errors import FieldError, InvalidInput, NotFound
from directory.hiring.documents import SavedSearch
from directory.hiring.shapes import SavedSearchLinks, SavedSearchPrivate
from directory.i18n import gettext as _
from directory.mail.mailer import MailError
from directory.profiles.validation import text_errors
from search.query import SearchParams, parse_search_params
from search.searcher import Searcher
from search.shapes import SearchHit

if TYPE_CHECKING:
    from directory.context import Services

WEEK = timedelta(days=7)
CHECK_EVERY_S = 6 * 3600.0
CLAIM_LEASE = timedelta(hours=1)
NEXT_CHECK = timedelta(seconds=CHECK_EVERY_S)  # after a check that found nothing new
MAX_PER_USER = 25
MAX_MATCHES = 500  # read per check (5 pages of 100)
FEED_ENTRIES = 50
DROPPED = ("page", "lang", "per_page")
log = logging.getLogger(__name__)


def clean_query(query: str) -> str:
    """The search's query string as saved: its own parameters in a stable order."""
    pairs = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return urlencode(sorted((k, v) for k, values in pairs.items() if k not in DROPPED
                            for v in values))


def params_of(query: str, page: int = 1, per_page: int = 100) -> SearchParams:
    params = parse_search_params(parse_qs(query), allow_unknown=True)
    return replace(params, page=page, per_page=per_page)


def available(hit: Mapping[str, Any]) -> bool:  # a hit, with the index's `ceased`
    if hit.get("ceased"):
        return False
    if hit["kind"] == "organization":
        return bool(hit.get("accepting_projects"))
    return hit.get("availability") not in (None, "not_available")


def saved_id(value: str) -> ObjectId:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError) as exc:
        raise NotFound("saved search") from exc


class Alerts:
    def __init__(self, db: Database, searcher: Searcher, secret: str) -> None:
        self.db = db
        self.saved = db[SavedSearch.Settings.name]
        self.searcher = searcher
        self.secret = secret.encode()

    # --- the user's saved searches -------------------------------------------------------

    async def save(self, user: User, name: str, query: str) -> SavedSearchPrivate:
        too_long = len(query) > 2000  # as sent, before the cleaning below
        name, query = name.strip(), clean_query(query)
        errors = [] if 1 <= len(name) <= 80 else [
            FieldError("name", _("wajib diisi, 1–80 karakter"))]
        errors += text_errors("name", name)
        if too_long or len(query) > 2000:
            errors.append(FieldError("query", _("pencarian terlalu panjang")))
        else:
            try:
                params_of(query)
            except InvalidInput as exc:
                errors += [FieldError("query", e.reason) for e in exc.errors]
        if not errors and await self.saved.count_documents({"user_id": user.id}) >= MAX_PER_USER:
            errors.append(FieldError("name", _("paling banyak %(n)s pencarian tersimpan")
                                     % {"n": MAX_PER_USER}))
        if errors:
            raise InvalidInput(errors, title="Invalid saved search", status=422)
        found = await self.matches(query)
        moment = now()
        doc = {"user_id": user.id, "name": name, "query": query, "created_at": moment,
               "alerts": True, "feed_key": new_token(), "last_sent_at": moment,
               "known": sorted(found),
               "available": sorted(k for k, hit in found.items() if available(hit))}
        doc["_id"] = (await self.saved.insert_one(dict(doc))).inserted_id
        return cast(SavedSearchPrivate, doc)

    async def mine(self, user: User) -> list[SavedSearchPrivate]:
        cursor = self.saved.find({"user_id": user.id}, {"known": 0, "available": 0}
                                 ).sort("created_at", -1)
        return [cast(SavedSearchPrivate, doc) async for doc in cursor]  # as `save` stores it

    async def delete(self, user: User, saved: str) -> None:
        result = await self.saved.delete_one({"_id": saved_id(saved), "user_id": user.id})
        if result.deleted_count != 1:
            raise NotFound("saved search")

    # --- unsubscribe and feed (no log-in) -----------------------------------------------

    def signature(self, saved: str) -> str:
        return hmac.new(self.secret, f"unsubscribe:{saved}".encode(),
                        hashlib.sha256).hexdigest()[:32]

    async def unsubscribe(self, saved: str, signature: str) -> SavedSearchPrivate:
        if not hmac.compare_digest(self.signature(saved), signature):
            raise NotFound("saved search")
        doc = await self.saved.find_one_and_update({"_id": saved_id(saved)},
                                                   {"$set": {"alerts": False}})
        if doc is None:
            raise NotFound("saved search")
        return cast(SavedSearchPrivate, doc)

    async def feed(self, feed_key: str
                   ) -> tuple[SavedSearchPrivate, list[SearchHit]]:
        """The saved search and its newest matching profiles (public search hits)."""
        doc = await self.saved.find_one({"feed_key": feed_key}, {"known": 0, "available": 0})
        if doc is None or not feed_key:
            raise NotFound("feed")
        params = replace(params_of(doc["query"], per_page=FEED_ENTRIES), sort="updated")
        return cast(SavedSearchPrivate, doc), (await self.searcher.search(params)).api_hits

    # --- alerts ------------------------------------------------------------------------------

    async def matches(self, query: str) -> dict[str, SearchHit]:
        """The profiles matching now (public search hits, by index id)."""
        found: dict[str, SearchHit] = {}
        for page in range(1, MAX_MATCHES // 100 + 1):
            result = await self.searcher.search(params_of(query, page))
            found.update((f"{hit['kind']}-{hit['slug']}", hit) for hit in result.api_hits)
            if page * 100 >= result.total:
                break
        return found

    async def claim_due(self, moment: datetime) -> SavedSearchPrivate | None:
        """Claim one saved search whose weekly alert is due (atomic: one process each)."""
        return cast("SavedSearchPrivate | None", await self.saved.find_one_and_update(
            {"alerts": True, "last_sent_at": {"$lte": moment - WEEK},
             "$or": [{"claimed_until": {"$exists": False}},
                     {"claimed_until": {"$lt": moment}}]},
            {"$set": {"claimed_until": moment + CLAIM_LEASE}}))

    async def news(self, doc: SavedSearchPrivate) -> tuple[list[SearchHit], set[str], set[str]]:
        """The hits new or newly available since the last alert, and the current match sets
        (all ids, available ids)."""
        known, was_open = set(doc.get("known", [])), set(doc.get("available", []))
        found = await self.matches(doc["query"])
        open_ = {key for key, hit in found.items() if available(hit)}
        fresh = (set(found) - known) | (open_ - was_open)
        return [hit for key, hit in found.items() if key in fresh], set(found), open_

    async def done(self, doc: SavedSearchPrivate, moment: datetime,
                   found: set[str] | None = None,
                   open_: set[str] | None = None) -> None:
        """Record a sent alert (with what matched) or, without sets, a check with no news:
        that one is looked at again after a round (`claimed_until` doubles as "not before")."""
        update: dict[str, Any] = {"$set": {"last_checked_at": moment,
                                           "claimed_until": moment + NEXT_CHECK}}
        if found is not None:
            update = {"$set": {"last_checked_at": moment, "last_sent_at": moment,
                               "known": sorted(found), "available": sorted(open_ or ())},
                      "$unset": {"claimed_until": ""}}
        await self.saved.update_one({"_id": doc["_id"]}, update)


def links(services: Services, doc: SavedSearchPrivate) -> SavedSearchLinks:
    base, ident = services.settings.base_url, str(doc["_id"])
    return {"search_url": f"{base}/cari?{doc['query']}",
            "unsubscribe_url": f"{base}/pencarian-tersimpan/{ident}/berhenti/"
                               f"{services.alerts.signature(ident)}",
            "feed_url": f"{base}/pencarian-tersimpan/{doc['feed_key']}/feed.atom"}


async def send_due(services: Services, moment: datetime | None = None) -> int:
    """Send every due alert that has news; returns how many emails went out."""
    moment = moment or datetime.now(UTC)
    alerts, sent = services.alerts, 0
    while (doc := await alerts.claim_due(moment)) is not None:
        try:
            hits, found, open_ = await alerts.news(doc)
            if not hits:
                await alerts.done(doc, moment)
                continue
            user = await services.accounts.get(doc["user_id"])
            if user is not None:
                urls = links(services, doc)
                await services.mailer.send(
                    user.email, "saved_search_alert", user.lang, name=doc["name"],
                    profiles=hits, base_url=services.settings.base_url, **urls,
                    headers={"List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
                             "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
                sent += 1
            await alerts.done(doc, moment, found, open_)
        except MailError:
            log.warning("a saved-search alert could not be sent; retried after the lease")
        except Exception:  # one bad saved search never stops the others
            log.exception("a saved-search alert failed; retried after the lease")
    return sent


async def run_weekly(services: Services, stop: asyncio.Event,
                     every_s: float = CHECK_EVERY_S) -> None:
    """The app's scheduled task: each round sends the alerts that are due."""
    async def work() -> None:
        sent = await send_due(services)
        if sent:
            log.info("sent %d saved-search alerts", sent)

    await scheduling.every(every_s, stop, work, "saved-search alerts", log)
