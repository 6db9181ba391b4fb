"""The hiring API: published reviews (public), creating a review (the engagement's client),
the caller's engagements and saved searches (personal API token). Thin adapters over
directory.hiring; errors are problem+json (web/errors.py).

The engagement's client authenticates either with a personal API token of an account whose
verified address is the client's, or with the access token of the link we mailed them (it
starts with `eng_`): `Authorization: Bearer <token>` in both cases.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, Field

from directory.context import Services
from directory.errors import FieldError, InvalidInput
from directory.hiring.engagements import TOKEN_PREFIX, ClientAccess, public_engagement
from directory.hiring.reviews import ReviewPublic
from directory.hiring.shapes import EngagementAnswer, SavedSearchAnswer, SavedSearchPrivate
from directory.i18n import gettext as _
from directory.profiles.idempotency import Answer
from directory.profiles.public import RatingSummary
from directory.web.api_docs import json_body_of, problems
from directory.web.api_write import BEARER
from directory.web.auth import api_user
from directory.web.common import ServicesDep

AnyRequest = Request[Any, Any, Any]
Body = JSONBody[dict[str, Any]]


class ReviewsPublic(BaseModel):
    """A profile's published reviews (newest first) and their average and count."""
    rating: RatingSummary | None
    reviews: list[ReviewPublic]


class ReviewCreate(BaseModel):
    """A review of an engagement the caller is the client of, once marked done."""
    engagement_id: str
    quality: int = Field(ge=1, le=5)
    schedule: int = Field(ge=1, le=5)
    cost: int = Field(ge=1, le=5)
    recommend: int = Field(ge=0, le=10)
    text: str = Field(min_length=20, max_length=3000)
    name: str = Field(min_length=2, max_length=120, description="The reviewer's name")
    display: str = Field("initial", description="initial (first name + initial), full, "
                         "anonymous")


class ReplyCreate(BaseModel):
    """The reviewed firm's one public reply to a review."""
    reply: str = Field(min_length=2, max_length=2000)


class SavedSearchCreate(BaseModel):
    """A search of /cari saved under a name (its query string, e.g. `service=game_art`; empty
    or absent: every profile)."""
    name: str = Field(min_length=1, max_length=80)
    query: str = Field("", max_length=2000)


Created = ReviewPublic | SavedSearchAnswer  # what the creates below answer


def _json(answer: Created) -> dict[str, Any]:  # the JSON kept for a replay
    return answer.model_dump(mode="json") if isinstance(answer, ReviewPublic) else dict(answer)


async def _once(request: AnyRequest, services: Services, caller: str, body: Any,
                make: Callable[[], Awaitable[tuple[Created, str | None]]]
                ) -> Response[dict[str, Any]]:  # JSON an idempotent create replays
    """A create answered once per `Idempotency-Key` (same key and body within 24 h → the first
    answer again, never a duplicate), as the profile creates do."""
    key = request.headers.get("idempotency-key")
    if key is not None:
        first = await services.idempotency.claim(caller, key, body)
        if first is not None:
            headers = {"Location": first.location} if first.location else {}
            return Response(first.body, status_code=first.status, headers=headers)
    try:
        created, location = await make()
    except Exception:
        if key is not None:
            await services.idempotency.release(caller, key)
        raise
    answer = _json(created)
    if key is not None:
        await services.idempotency.remember(caller, key, Answer(201, answer, location))
    return Response(answer, status_code=201,
                    headers={"Location": location} if location else {})


async def _client(request: AnyRequest) -> ClientAccess:
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token.startswith(TOKEN_PREFIX):
        return ClientAccess(token=token)
    return ClientAccess(user=await api_user(request))


def _saved(services: Services, doc: SavedSearchPrivate) -> SavedSearchAnswer:
    from directory.hiring.alerts import links

    urls = links(services, doc)
    return {"id": str(doc["_id"]), "name": doc["name"], "query": doc["query"],
            "alerts": doc.get("alerts", True), "created_at": doc["created_at"].isoformat(),
            "search_url": urls["search_url"], "feed_url": urls["feed_url"]}


class HiringController(Controller):
    path = "/api/v1"
    tags = ["reviews and engagements"]

    async def _reviews(self, services: Services, kind: str, slug: str) -> ReviewsPublic:
        profile = await services.profiles.get_public(kind, slug)  # 404 unless public
        return ReviewsPublic(rating=profile.rating,
                             reviews=await services.reviews.published(kind, slug))

    @get("/organizations/{slug:str}/reviews", summary="An organization's published reviews",
         responses=problems(400, 404))
    async def organization_reviews(self, services: ServicesDep, slug: FromPath[str]
                                   ) -> ReviewsPublic:
        return await self._reviews(services, "organization", slug)

    @get("/talents/{slug:str}/reviews", summary="A talent's published reviews",
         responses=problems(400, 404))
    async def talent_reviews(self, services: ServicesDep, slug: FromPath[str]
                             ) -> ReviewsPublic:
        return await self._reviews(services, "talent", slug)

    @post("/reviews", summary="Review an engagement you were the client of (once done)",
          security=BEARER, status_code=201, operation_class=json_body_of(ReviewCreate),
          responses={201: ResponseSpec(data_container=ReviewPublic, description="The review",
                                       generate_examples=False),
                     **problems(400, 401, 403, 404, 409, 422)})
    async def create_review(self, request: AnyRequest, services: ServicesDep, data: Body
                            ) -> Response[dict[str, Any]]:  # ReviewPublic's JSON, replayable
        access = await _client(request)
        engagement_id = data.get("engagement_id")
        if not isinstance(engagement_id, str) or not engagement_id:
            raise InvalidInput([FieldError("engagement_id", _(
                "wajib diisi: ulasan hanya untuk keterlibatan (proyek) yang diulas"))],
                status=422)

        async def make() -> tuple[ReviewPublic, str | None]:
            review = await services.reviews.create(engagement_id, access, data)
            return review, f"/api/v1/{review.kind}s/{review.slug}/reviews"

        return await _once(request, services, f"engagement:{engagement_id}", data, make)

    @post("/reviews/{review_id:str}/reply", status_code=200, security=BEARER,
          operation_class=json_body_of(ReplyCreate),
          summary="The reviewed firm's one public reply (owners and editors)",
          responses=problems(400, 401, 403, 404, 409, 422))
    async def reply(self, request: AnyRequest, services: ServicesDep, review_id: FromPath[str],
                    data: Body) -> ReviewPublic:
        user = await api_user(request)  # 401 before any word about the body
        text = data.get("reply")
        if not isinstance(text, str):
            raise InvalidInput([FieldError("reply", _("wajib diisi"))], status=422)
        return await services.reviews.reply(user, review_id, text, services.editor.role)

    @get("/engagements", summary="Your engagements, as client or as the firm",
         security=BEARER, responses=problems(400, 401))
    async def engagements(self, request: AnyRequest, services: ServicesDep
                          ) -> list[EngagementAnswer]:
        user = await api_user(request)
        keys = [(p["kind"], p["slug"]) for p in await services.editor.mine(user)]
        return [public_engagement(e) for e in await services.engagements.mine(user, keys)]

    @post("/engagements/{engagement_id:str}/confirm", status_code=200, security=BEARER,
          summary="The client confirms the firm took the project on",
          responses=problems(400, 401, 403, 404))
    async def confirm(self, request: AnyRequest, services: ServicesDep,
                      engagement_id: FromPath[str]) -> EngagementAnswer:
        doc = await services.engagements.confirm(engagement_id, await _client(request))
        return public_engagement(doc)

    @post("/engagements/{engagement_id:str}/done", status_code=200, security=BEARER,
          summary="The client marks the project done", responses=problems(400, 401, 403, 404))
    async def done(self, request: AnyRequest, services: ServicesDep,
                   engagement_id: FromPath[str]) -> EngagementAnswer:
        doc = await services.engagements.mark_done(engagement_id, await _client(request))
        return public_engagement(doc)

    @get("/saved-searches", summary="Your saved searches", security=BEARER,
         responses=problems(400, 401))
    async def saved_searches(self, request: AnyRequest, services: ServicesDep
                             ) -> list[SavedSearchAnswer]:
        user = await api_user(request)
        return [_saved(services, doc) for doc in await services.alerts.mine(user)]

    @post("/saved-searches", summary="Save a search (weekly alerts and an Atom feed)",
          security=BEARER, status_code=201, operation_class=json_body_of(SavedSearchCreate),
          responses={201: ResponseSpec(data_container=SavedSearchAnswer,
                                       description="The saved search", generate_examples=False),
                     **problems(400, 401, 422)})
    async def save_search(self, request: AnyRequest, services: ServicesDep, data: Body
                          ) -> Response[dict[str, Any]]:  # SavedSearchAnswer, replayable
        user = await api_user(request)
        name, query = data.get("name", ""), data.get("query", "")
        if not isinstance(name, str) or not isinstance(query, str):
            raise InvalidInput([FieldError("name" if not isinstance(name, str) else "query",
                                           _("harus berupa teks"))], status=422)

        async def make() -> tuple[SavedSearchAnswer, str | None]:
            return _saved(services, await services.alerts.save(user, name, query)), None

        return await _once(request, services, user.id, data, make)

    @delete("/saved-searches/{saved_id:str}", summary="Delete one of your saved searches",
            security=BEARER, responses=problems(400, 401, 404))
    async def delete_search(self, request: AnyRequest, services: ServicesDep,
                            saved_id: FromPath[str]) -> None:
        await services.alerts.delete(await api_user(request), saved_id)

