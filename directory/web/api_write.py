"""Profile maintenance through the API (Authorization: Bearer <personal token>): the same
validation and permissions as the HTML forms. 401 without a valid token, 403 for someone else's
profile, 422 problem+json naming each invalid field, 409 for a slug that is taken.

Bodies are documented as OrganizationCreate/TalentCreate and OrganizationUpdate/TalentUpdate and
decoded as a JSON object; the editor validates them after the permission check (see api_docs).
Answers are the owner's view (OrganizationPrivate/TalentPrivate): these endpoints answer only
the profile's owners, editors and curators.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, patch, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel

from directory.profiles.idempotency import Answer
from directory.profiles.private import OrganizationPrivate, TalentPrivate
from directory.profiles.schema import (
    Kind,
    OrganizationCreate,
    OrganizationUpdate,
    TalentCreate,
    TalentUpdate,
)
from directory.web.api_docs import json_body_of, problems
from directory.web.auth import api_user
from directory.web.common import ServicesDep

AnyRequest = Request[Any, Any, Any]
Body = JSONBody[dict[str, Any]]  # a JSON object; anything else is 400


BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]
_PATH = {"organization": "organizations", "talent": "talents"}


def _answers(status: int, shape: type[BaseModel], *errors: int) -> dict[int, ResponseSpec]:
    description = "The profile as its owners see it (contact details included)"
    if status == 200:
        description += ", and `changed`: the names of the fields that changed"
    return {status: ResponseSpec(data_container=shape, description=description,
                                 generate_examples=False), **problems(*errors)}



class ProfileWriteController(Controller):
    """Mixed into the API's ProfileController (same paths as the public reads)."""

    path = "/api/v1"

    async def _create(self, request: AnyRequest, services: ServicesDep, kind: Kind,
                      data: dict[str, Any]
                      ) -> Response[dict[str, Any]]:  # interchange JSON (`to_api`)
        user = await api_user(request)
        key = request.headers.get("idempotency-key")
        if key is not None:  # a retry gets the first answer again, never a second profile
            first = await services.idempotency.claim(user.id, key, [kind, data])
            if first is not None:
                headers = {"Location": first.location} if first.location else {}
                return Response(first.body, status_code=first.status, headers=headers)
        try:
            profile = await services.editor.create(user, kind, data)
        except Exception:
            if key is not None:
                await services.idempotency.release(user.id, key)
            raise
        location = f"/api/v1/{_PATH[kind]}/{profile.slug}"
        body = profile.to_api()
        if key is not None:
            await services.idempotency.remember(user.id, key, Answer(201, body, location))
        return Response(body, status_code=201, headers={"Location": location})

    async def _patch(self, request: AnyRequest, services: ServicesDep, kind: Kind, slug: str,
                     data: dict[str, Any]) -> dict[str, Any]:  # interchange JSON (`to_api`)
        user = await api_user(request)
        saved = await services.editor.save(user, kind, slug, data)
        return {**saved.profile.to_api(), "changed": saved.changed}

    @post("/organizations", summary="Create an organization (you become its owner)",
          security=BEARER, status_code=201, operation_class=json_body_of(OrganizationCreate),
          responses=_answers(201, OrganizationPrivate, 400, 401, 409, 422))
    async def create_organization(self, request: AnyRequest, services: ServicesDep,
                                  data: Body) -> Response[dict[str, Any]]:  # interchange JSON
        return await self._create(request, services, "organization", data)

    @post("/talents", summary="Create your talent profile (you become its owner)",
          security=BEARER, status_code=201, operation_class=json_body_of(TalentCreate),
          responses=_answers(201, TalentPrivate, 400, 401, 409, 422))
    async def create_talent(self, request: AnyRequest, services: ServicesDep,
                            data: Body) -> Response[dict[str, Any]]:  # interchange JSON
        return await self._create(request, services, "talent", data)

    @patch("/organizations/{slug:str}", summary="Change fields of an organization you edit",
           security=BEARER, operation_class=json_body_of(OrganizationUpdate),
           responses=_answers(200, OrganizationPrivate, 400, 401, 403, 404, 422))
    async def patch_organization(self, request: AnyRequest, services: ServicesDep,
                                 slug: FromPath[str], data: Body
                                 ) -> dict[str, Any]:  # interchange JSON
        return await self._patch(request, services, "organization", slug, data)

    @patch("/talents/{slug:str}", summary="Change fields of your talent profile",
           security=BEARER, operation_class=json_body_of(TalentUpdate),
           responses=_answers(200, TalentPrivate, 400, 401, 403, 404, 422))
    async def patch_talent(self, request: AnyRequest, services: ServicesDep,
                           slug: FromPath[str], data: Body) -> dict[str, Any]:  # interchange JSON
        return await self._patch(request, services, "talent", slug, data)

    @delete("/organizations/{slug:str}", summary="Delete an organization you own",
            security=BEARER, responses=problems(400, 401, 403, 404))
    async def delete_organization(self, request: AnyRequest, services: ServicesDep,
                                  slug: FromPath[str]) -> None:
        await services.editor.delete(await api_user(request), "organization", slug)

    @delete("/talents/{slug:str}", summary="Delete your talent profile", security=BEARER,
            responses=problems(400, 401, 403, 404))
    async def delete_talent(self, request: AnyRequest, services: ServicesDep,
                            slug: FromPath[str]) -> None:
        await services.editor.delete(await api_user(request), "talent", slug)
