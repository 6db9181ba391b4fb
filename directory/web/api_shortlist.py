"""The caller's shortlist through the API (Authorization: Bearer <personal token>): read it,
replace it, empty it, and compare up to four profiles. The list is the account's own — the same
one the pages show once that user is signed in. 401 without a valid token; 422 problem+json
naming each invalid item (`items[2].slug`); 400 for a bad `profile` parameter."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Request, delete, get, post, put
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import JSONBody, QueryParameter
from pydantic import BaseModel, ConfigDict, Field

from directory.errors import FieldError, InvalidInput
from directory.hiring.shapes import ComparisonRowPublic
from directory.hiring.shortlist import (
    MAX_COMPARE,
    MAX_ITEMS,
    Key,
    comparison,
    parse_key,
    user_owner,
)
from directory.profiles.fields import Slug
from directory.web.api_docs import json_body_of, problems
from directory.web.api_write import BEARER
from directory.web.auth import api_user
from directory.web.common import ServicesDep

AnyRequest = Request[Any, Any, Any]


# `kind:slug`, repeated; empty is none (the OpenAPI document says exactly what is accepted).
PROFILE_PARAMETER: dict[str, Any] = {
    "one_of": None, "type": OpenAPIType.ARRAY,
    "items": Schema(type=OpenAPIType.STRING, max_length=93,
                    pattern=r"^((organization|talent):[a-z0-9-]+)?$")}


class ShortlistItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["organization", "talent"]
    slug: Slug


class ShortlistUpdate(BaseModel):
    """The whole list, in order (at most 30 published profiles; repeats count once)."""
    model_config = ConfigDict(extra="forbid")
    items: list[ShortlistItem] = Field(max_length=MAX_ITEMS)


class ShortlistEntry(ShortlistItem):
    name: str
    url: str


class ShortlistPublic(BaseModel):
    items: list[ShortlistEntry]
    max_items: int
    share_url: str | None = Field(description="The read-only link, when the list is shared")


class Comparison(BaseModel):
    """Public fields of each chosen profile; a field the kind does not have is null, `rating`
    is null until the profile has reviews."""
    profiles: list[ComparisonRowPublic]


class ShortlistController(Controller):
    path = "/api/v1/shortlist"
    tags = ["shortlist"]

    async def _answer(self, services: ServicesDep, owner: str) -> ShortlistPublic:
        keys = await services.shortlists.keys(owner)
        profiles = await services.shortlists.public_profiles(keys)
        token = await services.shortlists.share_token(owner)
        return ShortlistPublic(
            items=[ShortlistEntry(kind=p.kind, slug=p.slug, name=p.name,
                                  url=services.settings.base_url + p.url) for p in profiles],
            max_items=MAX_ITEMS,
            share_url=f"{services.settings.base_url}/daftar-pendek/lihat/{token}" if token
            else None)

    @get("/", summary="Your shortlist", security=BEARER, responses=problems(400, 401))
    async def read(self, request: AnyRequest, services: ServicesDep) -> ShortlistPublic:
        user = await api_user(request)
        return await self._answer(services, user_owner(user.id))

    @put("/", summary="Replace your shortlist", security=BEARER,
         operation_class=json_body_of(ShortlistUpdate), responses=problems(400, 401, 422))
    async def replace(self, request: AnyRequest, services: ServicesDep,
                      data: JSONBody[dict[str, Any]]) -> ShortlistPublic:
        user = await api_user(request)
        unknown = [FieldError(name, "unknown field") for name in data if name != "items"]
        if unknown or "items" not in data:
            raise InvalidInput(unknown or [FieldError("items", "required")],
                               title="Invalid shortlist", status=422)
        await services.shortlists.replace(user_owner(user.id), data["items"])
        return await self._answer(services, user_owner(user.id))

    @delete("/", summary="Empty your shortlist", security=BEARER,
            responses=problems(400, 401))
    async def clear(self, request: AnyRequest, services: ServicesDep) -> None:
        user = await api_user(request)
        await services.shortlists.clear(user_owner(user.id))

    @post("/share", summary="Share your shortlist by a new read-only link (revokes the old)",
          security=BEARER, status_code=200, responses=problems(400, 401))
    async def share(self, request: AnyRequest, services: ServicesDep) -> ShortlistPublic:
        user = await api_user(request)
        await services.shortlists.share(user_owner(user.id))
        return await self._answer(services, user_owner(user.id))

    @delete("/share", summary="Stop sharing your shortlist (the link stops working)",
            security=BEARER, responses=problems(400, 401))
    async def unshare(self, request: AnyRequest, services: ServicesDep) -> None:
        user = await api_user(request)
        await services.shortlists.unshare(user_owner(user.id))

    @get("/compare", summary="Compare up to four profiles side by side", security=BEARER,
         responses=problems(400, 401))
    async def compare(self, request: AnyRequest, services: ServicesDep,
                      profile: Annotated[list[str] | None, QueryParameter(
                          schema_extra=PROFILE_PARAMETER)] = None
                      ) -> Comparison:
        """`profile=organization:<slug>` or `talent:<slug>`, repeated, at most four; none: the
        first four on your shortlist."""
        user = await api_user(request)
        keys: list[Key] = []
        errors = []
        for n, text in enumerate(profile or []):
            if not text:
                continue  # an empty value is none, as for every parameter
            key = parse_key(text)
            if key is None:
                errors.append(FieldError(f"profile[{n}]", "must be organization:<slug> or "
                                                          "talent:<slug>"))
            elif key not in keys:
                keys.append(key)
        if len(keys) > MAX_COMPARE:
            errors.append(FieldError("profile", f"at most {MAX_COMPARE} profiles"))
        if errors:
            raise InvalidInput(errors, title="Invalid compare parameters")
        if not keys:
            keys = (await services.shortlists.keys(user_owner(user.id)))[:MAX_COMPARE]
        return Comparison(profiles=comparison(await services.shortlists.public_profiles(keys)))


ROUTES = [ShortlistController]
