"""Project briefs through the API (Authorization: Bearer <personal token>): post a brief, read
it, its answers and its matches (the client), answer it (a profile it was sent to), choose and
close (the client). The same service, validation and permissions as the pages; 422
problem+json names each invalid field. Contact details appear only where the pages show them:
to a client for a profile that is interested and chosen, and the client's email to that
profile."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict, Field

from directory.errors import Forbidden
from directory.hiring.brief_shapes import (
    BriefAnswer,
    BriefAnswerPrivate,
    BriefPostedAnswer,
    BriefPrivate,
    BriefReadPrivate,
    BriefViewPrivate,
    MatchesAnswer,
    ReasonStored,
    ResponseAnswer,
    ResponsePrivate,
)
from directory.profiles.idempotency import Answer
from directory.web.api_docs import json_body_of, problems
from directory.web.auth import api_user, client_ip
from directory.web.brief_pages import deliver, tell_chosen, tell_client
from directory.web.common import ServicesDep

AnyRequest = Request[Any, Any, Any]
Body = JSONBody[dict[str, Any]]
BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]


class BriefCreate(BaseModel):
    """The body of `POST /api/v1/briefs`. At least one service or role; the budget band must be
    one of its currency's (IDR: under_10m, 10m_50m, 50m_200m, over_200m; USD: under_1k,
    1k_5k, 5k_20k, over_20k)."""
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=5, max_length=120)
    description: str = Field(min_length=30, max_length=5000)
    services: list[str] = []
    roles: list[str] = []
    platforms: list[str] = []
    budget_currency: Literal["IDR", "USD"]
    budget_band: str
    timeline: Literal["asap", "1_3_months", "3_6_months", "flexible"]
    languages: list[str] = Field(min_length=1)
    client_country: str = Field(min_length=2, max_length=2, description=(
        "Where the client (their organisation) is based: ISO 3166-1 alpha-2, e.g. ID, SG, CN"))
    client_province: str = Field("", description=(
        "Required when client_country is ID, otherwise absent: the province's Kemendagri code, "
        "e.g. 35 (Jawa Timur), 15 (Jambi)"))
    client_city: str = Field("", description=(
        "Optional, only for ID: the regency/city's Kemendagri code inside that province, "
        "e.g. 35.73 (Kota Malang), 15.71 (Kota Jambi). The origin is counted in the analysts' "
        "demand-by-origin figures and never shown publicly"))
    visibility: Literal["private", "public"]
    route_count: int = Field(5, ge=1, le=20)


class AnswerCreate(BaseModel):
    """The body of `POST /api/v1/briefs/{id}/answers`: a profile you edit answers."""
    model_config = ConfigDict(extra="forbid")
    kind: Literal["organization", "talent"]
    slug: str
    answer: Literal["interested", "declined"]
    note: str = Field("", max_length=1000, description="required (10–1000) when interested")


class Choice(BaseModel):
    """The body of `POST /api/v1/briefs/{id}/choice`: an interested profile."""
    model_config = ConfigDict(extra="forbid")
    kind: Literal["organization", "talent"]
    slug: str


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def brief_json(brief: BriefPrivate, client: bool = False) -> BriefAnswer:
    """A brief's answer; `client`: for its own client, with the origin they gave."""
    out: BriefAnswer = {
        "id": str(brief["_id"]), "title": brief["title"],
        "description": brief["description"], "services": brief["services"],
            "roles": brief["roles"], "platforms": brief["platforms"],
            "budget": {"currency": brief["budget_currency"], "band": brief["budget_band"]},
            "timeline": brief["timeline"], "languages": brief["languages"],
            "client_country": brief["client_country"], "visibility": brief["visibility"],
            "route_count": brief["route_count"], "status": brief["status"],
            "outcome": brief.get("outcome"), "chosen": brief.get("chosen", []),
            "created_at": _iso(brief.get("created_at"))}
    if client:
        out["origin"] = brief.get("origin")
    return out


def answer_json(answer: BriefAnswerPrivate) -> ResponseAnswer:
    return {"kind": answer["kind"], "slug": answer["slug"], "name": answer["profile_name"],
            "state": answer["state"], "note": answer["note"], "chosen": answer["chosen"],
            "via": answer.get("via")}


def answer_with_contact(answer: BriefAnswerPrivate, contact: dict[str, str] | None = None
                        ) -> ResponsePrivate:
    """A profile's answer; with its contact details (`contact`) for the client who chose it."""
    out: ResponsePrivate = {**answer_json(answer)}
    if contact is not None:
        out["contact"] = contact
    return out


def _reason(r: ReasonStored) -> str:
    return str(r["need"] if r["code"] == "need" else r["code"])


def matches_json(brief: BriefPrivate) -> MatchesAnswer:
    return {"matches": [{"kind": m["kind"], "slug": m["slug"], "name": m["name"],
                         "score": m["score"], "routed": m["routed"],
                         "meets": [_reason(r) for r in m["reasons"] if r["met"]],
                         "does_not_meet": [_reason(r) for r in m["reasons"] if not r["met"]]}
                        for m in brief.get("matches", [])],
            "teams": brief.get("teams", [])}


class BriefController(Controller):
    path = "/api/v1/briefs"
    tags = ["briefs"]

    @post("/", summary="Post a project brief (a verified account); it is matched and sent to "
          "the best profiles that accept briefs", security=BEARER, status_code=201,
          operation_class=json_body_of(BriefCreate), responses=problems(400, 401, 403, 422))
    async def create(self, request: AnyRequest, services: ServicesDep, data: Body
                     ) -> Response[BriefPostedAnswer]:
        user = await api_user(request)
        key = request.headers.get("idempotency-key")
        if key is not None:  # a retry gets the first answer again, never a second brief
            first = await services.idempotency.claim(user.id, key, ["brief", data])
            if first is not None:
                return Response(cast(BriefPostedAnswer, first.body), status_code=first.status,
                                headers={"Location": first.location} if first.location else {})
        try:
            brief = await services.briefs.post(user, data, client_ip(request))
        except Exception:
            if key is not None:
                await services.idempotency.release(user.id, key)
            raise
        location = f"/api/v1/briefs/{brief['_id']}"
        body: BriefPostedAnswer = {
            **brief_json(brief, client=True), **matches_json(brief),
            "routed": [answer_json(a) for a in brief.get("routed", [])]}
        if key is not None:
            await services.idempotency.remember(user.id, key, Answer(201, dict(body), location))
        await deliver(services, brief, brief.get("routed", []))
        return Response(body, status_code=201, headers={"Location": location})

    @get("/{brief_id:str}", summary="A brief: the client and curators see its answers; a "
         "profile it was sent to sees its own; anyone a public brief's description",
         security=BEARER, responses=problems(400, 401, 404))
    async def read(self, request: AnyRequest, services: ServicesDep, brief_id: FromPath[str]
                   ) -> BriefReadPrivate:
        view = await services.briefs.view(await api_user(request), brief_id)
        body: BriefReadPrivate = {**brief_json(view["brief"], client=view["role"] == "client"),
                                  "role": view["role"]}
        if view["role"] == "public":  # where the client is based never leaves publicly
            body.pop("client_country")
        if view["role"] in ("client", "curator"):
            body["answers"] = await self._answers(view)
        if view["role"] == "profile":
            body["answers"] = [answer_with_contact(a) for a in view["mine"]]
            body["client_email"] = view["client_email"]
        return body

    async def _answers(self, view: BriefViewPrivate) -> list[ResponsePrivate]:
        return [answer_with_contact(a, view["contacts"].get(f"{a['kind']}/{a['slug']}"))
                for a in view["answers"]]

    @get("/{brief_id:str}/answers", summary="The answers to your brief (contacts of the "
         "profiles you chose that are interested)", security=BEARER,
         responses=problems(400, 401, 403, 404))
    async def answers(self, request: AnyRequest, services: ServicesDep,
                      brief_id: FromPath[str]) -> list[ResponsePrivate]:
        view = await services.briefs.view(await api_user(request), brief_id)
        if view["role"] not in ("client", "curator"):
            raise Forbidden("Only the brief's client and curators see its answers.")
        return await self._answers(view)

    @get("/{brief_id:str}/matches", summary="How every matching profile scored (meets / does "
         "not meet) and the proposed teams", security=BEARER,
         responses=problems(400, 401, 403, 404))
    async def matches(self, request: AnyRequest, services: ServicesDep,
                      brief_id: FromPath[str]) -> MatchesAnswer:
        view = await services.briefs.view(await api_user(request), brief_id)
        if view["role"] != "client":
            raise Forbidden("Only the brief's client sees its matches.")
        return matches_json(view["brief"])

    @post("/{brief_id:str}/answers", summary="Answer a brief sent to a profile you edit",
          security=BEARER, status_code=200, operation_class=json_body_of(AnswerCreate),
          responses=problems(400, 401, 403, 404, 422))
    async def answer(self, request: AnyRequest, services: ServicesDep,
                     brief_id: FromPath[str], data: Body) -> ResponseAnswer:
        user = await api_user(request)
        kind, slug = str(data.get("kind", "")), str(data.get("slug", ""))
        answer = await services.briefs.answer(user, brief_id, kind, slug, data)
        await tell_client(services, brief_id, answer)
        return answer_json(answer)

    @post("/{brief_id:str}/choice", summary="Choose an interested profile: contacts are "
          "exchanged", security=BEARER, status_code=200, operation_class=json_body_of(Choice),
          responses=problems(400, 401, 403, 404, 422))
    async def choose(self, request: AnyRequest, services: ServicesDep,
                     brief_id: FromPath[str], data: Body) -> ResponsePrivate:
        user = await api_user(request)
        kind, slug = str(data.get("kind", "")), str(data.get("slug", ""))
        answer = await services.briefs.choose(user, brief_id, kind, slug)
        await tell_chosen(services, await services.briefs.get(brief_id), answer)
        return answer_with_contact(answer, await services.briefs.contact_of(kind, slug))

    @post("/{brief_id:str}/close", summary="Close your brief (no more answers or choices)",
          security=BEARER, status_code=200, responses=problems(400, 401, 403, 404))
    async def close(self, request: AnyRequest, services: ServicesDep,
                    brief_id: FromPath[str]) -> BriefAnswer:
        await services.briefs.close(await api_user(request), brief_id)
        return brief_json(await services.briefs.get(brief_id))
