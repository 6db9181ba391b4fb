"""Engagements: a piece of work exists in the directory only when both sides said so there.

The firm marks an inquiry (or, later, a brief) as answered, then as taken on; taking on mails
the client a link carrying a random access token (stored only as its digest). Opening that
link proves the client reads that address: confirming through it verifies the email. A client
signed in with that (verified) address may act without the link. States, in order:

    answered → taken_on → confirmed → done → reviewed

Only `confirmed` and later are engagements; a review needs `done` (reviews.py). Any source may
open one: `open_engagement(..., source="inquiry"|"brief", source_id=...)`. Knows nothing of HTTP.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from directory.accounts.secrets_ import digest, new_token
from directory.accounts.service import User, now
from directory.db import Database, Session, move_back, move_to_profile
from directory.errors import Forbidden, NotFound
from directory.hiring.brief_shapes import BriefAnswerPrivate, BriefPrivate
from directory.hiring.documents import Engagement
from directory.hiring.shapes import STAMPS, EngagementAnswer, EngagementPrivate
from directory.i18n import gettext as _
from directory.profiles.inquiry_shapes import InquiryPrivate

STATES = ("answered", "taken_on", "confirmed", "done", "reviewed")
CONFIRMED = ("confirmed", "done", "reviewed")  # both sides said so
SOURCES = ("inquiry", "brief")
TOKEN_PREFIX = "eng_"


def state_labels() -> dict[str, str]:
    return {"inquiry": _("pesan masuk"), "answered": _("sudah dijawab"),
            "taken_on": _("diterima, menunggu konfirmasi klien"),
            "confirmed": _("dikonfirmasi klien"), "done": _("selesai"),
            "reviewed": _("sudah diulas")}


@dataclass(frozen=True)
class ClientAccess:
    """Who acts as the engagement's client: the token from the mailed link, or a user."""
    token: str | None = None
    user: User | None = None


def object_id(value: str) -> ObjectId:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError) as exc:
        raise NotFound("engagement") from exc


class Engagements:
    def __init__(self, db: Database,
                 inquiry: Callable[[str, Sequence[tuple[str, str]]],
                                   Awaitable[InquiryPrivate | None]]) -> None:
        """`inquiry(id, profiles)`: the inquiry to one of these profiles (profiles owns it)."""
        self.db = db
        self.collection = db[Engagement.Settings.name]
        self.inquiry = inquiry

    # --- the firm's side -------------------------------------------------------------------

    async def open_engagement(self, kind: str, slug: str, *, source: str, source_id: str,
                              client_email: str, client_name: str, client_lang: str,
                              profile_name: str, state: str = "taken_on"
                              ) -> tuple[EngagementPrivate, str | None]:
        """The firm answered (`state="answered"`) or took on (`"taken_on"`) a client's request.
        Returns the engagement and, when taken on (again, before the client confirmed), the
        client's new access token for the link to mail; an engagement already further along is
        left as it is (no token)."""
        if source not in SOURCES or state not in ("answered", "taken_on"):
            raise ValueError(f"unknown source or state: {source}, {state}")
        # Taking on again while the client has not confirmed mails a fresh link (the old one
        # stops working); anything further along is left as it is.
        order = STATES.index(state) + (1 if state == "taken_on" else 0)
        earlier = list(STATES[:order])
        token = new_token(TOKEN_PREFIX) if state == "taken_on" else None
        moment = now()
        update: dict[str, Any] = {
            "$setOnInsert": {"kind": kind, "slug": slug, "source": source,
                             "source_id": source_id, "client_email": client_email,
                             "client_name": client_name, "client_lang": client_lang,
                             "profile_name": profile_name, "at": moment,
                             "client_verified": False},
            "$set": {"state": state, f"{state}_at": moment},
        }
        if token:
            update["$set"]["token_hash"] = digest(token)
        filter_ = {"source": source, "source_id": source_id,
                   "$or": [{"state": {"$in": earlier}}, {"state": {"$exists": False}}]}
        try:
            doc = await self.collection.find_one_and_update(
                filter_, update, upsert=True, return_document=ReturnDocument.AFTER)
        except DuplicateKeyError:  # it exists and is already this far (or further)
            existing = await self.collection.find_one({"source": source,
                                                       "source_id": source_id})
            assert existing is not None
            return cast(EngagementPrivate, existing), None
        assert doc is not None  # an upsert always returns the document
        return cast(EngagementPrivate, doc), token

    async def from_inquiry(self, inquiry_id: str, profiles: Sequence[tuple[str, str]],
                           state: str) -> tuple[EngagementPrivate, str | None]:
        """The firm (managing `profiles`) marks one of its inquiries answered or taken on."""
        inquiry = await self.inquiry(inquiry_id, profiles)
        if inquiry is None:
            raise NotFound("inquiry")
        return await self.open_engagement(
            inquiry["kind"], inquiry["slug"], source="inquiry", source_id=str(inquiry["_id"]),
            client_email=inquiry["email"], client_name=inquiry["name"],
            client_lang=inquiry.get("lang", "id"), profile_name=inquiry["profile_name"],
            state=state)

    async def from_brief(self, brief: BriefPrivate, answer: BriefAnswerPrivate, client: User,
                         session: Session) -> EngagementPrivate:
        """A brief's client chose a firm that said it was interested: both sides said so in the
        directory, so the engagement starts confirmed (the client is a logged-in account with a
        verified address; the firm answered through the directory). In the choice's
        transaction; choosing again changes nothing."""
        moment = now()
        source_id = f"{brief['_id']}:{answer['kind']}/{answer['slug']}"
        doc = await self.collection.find_one_and_update(
            {"source": "brief", "source_id": source_id},
            {"$setOnInsert": {
                "kind": answer["kind"], "slug": answer["slug"], "source": "brief",
                "source_id": source_id, "client_email": client.email,
                "client_name": client.name, "client_lang": client.lang,
                "profile_name": answer.get("profile_name", answer["slug"]), "at": moment,
                "state": "confirmed", "taken_on_at": moment, "confirmed_at": moment,
                "client_verified": True}},
            upsert=True, return_document=ReturnDocument.AFTER, session=session)
        assert doc is not None  # an upsert answers the document after it
        return cast(EngagementPrivate, dict(doc))

    async def of_sources(self, source: str, ids: Sequence[str]
                         ) -> dict[str, EngagementPrivate]:
        """The engagements of these inquiries (or briefs), by source id (the firm's inbox,
        the client's brief page)."""
        cursor = self.collection.find({"source": source, "source_id": {"$in": list(ids)}})
        return {doc["source_id"]: cast(EngagementPrivate, doc) async for doc in cursor}

    moves = "engagements"

    async def hand_over(self, kind: str, from_slug: str, to_slug: str, session: Session
                        ) -> list[Any]:
        """A merge of duplicates: the merged-away profile's engagements follow it."""
        return await move_to_profile(self.collection, kind, from_slug, to_slug, session)

    async def hand_back(self, kind: str, keep: str, other: str, moved: list[Any],
                        session: Session) -> None:
        await move_back(self.collection, moved, kind, keep, other, session)

    # --- the client's side -----------------------------------------------------------------

    async def get(self, engagement_id: str) -> EngagementPrivate:
        doc = await self.collection.find_one({"_id": object_id(engagement_id)})
        if doc is None:
            raise NotFound("engagement")
        return cast(EngagementPrivate, doc)  # as open_engagement / from_brief store it

    async def as_client(self, engagement_id: str, access: ClientAccess) -> EngagementPrivate:
        """The engagement, if `access` is its client's; Forbidden otherwise (NotFound for an
        unknown id)."""
        doc = await self.get(engagement_id)
        if not is_client(doc, access):
            raise Forbidden(_("Hanya klien proyek ini yang dapat membukanya, melalui tautan "
                              "di email kami atau setelah masuk dengan alamat email itu."))
        return doc

    async def confirm(self, engagement_id: str, access: ClientAccess) -> EngagementPrivate:
        """The client confirms the firm took the project on; the link verifies the email."""
        doc = await self.as_client(engagement_id, access)
        return await self._move(doc, "taken_on", "confirmed", client_verified=True)

    async def mark_done(self, engagement_id: str, access: ClientAccess) -> EngagementPrivate:
        doc = await self.as_client(engagement_id, access)
        return await self._move(doc, "confirmed", "done")

    async def _move(self, doc: EngagementPrivate, before: str, after: str, **extra: Any
                    ) -> EngagementPrivate:
        if doc["state"] == after:
            return doc  # a second click changes nothing
        moved = await self.collection.find_one_and_update(
            {"_id": doc["_id"], "state": before},
            {"$set": {"state": after, f"{after}_at": now(), **extra}},
            return_document=ReturnDocument.AFTER)
        if moved is None:
            raise Forbidden(_("Langkah ini belum atau tidak lagi bisa dilakukan (status: "
                              "%(state)s).") % {"state": state_labels()[doc["state"]]})
        return cast(EngagementPrivate, moved)

    async def mine(self, user: User, profiles: Sequence[tuple[str, str]], limit: int = 200
                   ) -> list[EngagementPrivate]:
        """The user's engagements: as client (their verified address) or as the firm."""
        either: list[dict[str, Any]] = [  # MongoDB filters
            {"kind": k, "slug": s} for k, s in profiles]
        if user.verified:
            either.append({"client_email": user.email})
        if not either:
            return []
        cursor = self.collection.find({"$or": either}).sort("at", -1).limit(limit)
        return [cast(EngagementPrivate, doc) async for doc in cursor]


def is_client(doc: EngagementPrivate, access: ClientAccess) -> bool:
    if access.token and doc.get("token_hash"):
        return hmac.compare_digest(digest(access.token), doc["token_hash"])
    user = access.user
    return bool(user and user.verified and user.email == doc.get("client_email"))


def public_engagement(doc: EngagementPrivate) -> EngagementAnswer:
    """What the API shows either side (never the client's email nor the token's digest)."""
    answer = EngagementAnswer(
        id=str(doc["_id"]), kind=doc["kind"], slug=doc["slug"],
        profile_name=doc.get("profile_name", ""), source=doc["source"], state=doc["state"],
        client_name=doc.get("client_name", ""), at=doc["at"].isoformat())
    for stamp in STAMPS:
        if moment := doc.get(stamp):
            answer[stamp] = moment.isoformat()
    return answer
