"""Profile maintenance through the API (Authorization: Bearer <personal token>): the same
validation and permissions as the HTML forms. 401 without a valid token, 403 for someone else's
profile, 422 problem+json naming each invalid field, 409 for a slug that is taken."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, patch, post
from litestar.params import FromPath, JSONBody

from directory.web.auth import api_user
from directory.web.deps import ServicesDep

AnyRequest = Request[Any, Any, Any]


BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]


class ProfileWriteController(Controller):
    """Mixed into the API's ProfileController (same paths as the public reads)."""

    path = "/api/v1"

    async def _create(self, request: AnyRequest, services: Any, kind: str,
                      data: JSONBody[dict[str, Any]]) -> Response[dict[str, Any]]:
        user = await api_user(request)
        profile = await services.editor.create(user, kind, data)
        return Response({"kind": kind, **profile}, status_code=201,
                        headers={"Location": f"/api/v1/{kind}s/{profile['slug']}"})

    async def _patch(self, request: AnyRequest, services: Any, kind: str, slug: str,
                     data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        user = await api_user(request)
        changed = await services.editor.patch(user, kind, slug, data)
        return {"kind": kind, **await services.editor.current(kind, slug), "changed": changed}

    @post("/organizations", summary="Create an organization (you become its owner)", security=BEARER,
          status_code=201)
    async def create_organization(self, request: AnyRequest, services: ServicesDep,
                                  data: JSONBody[dict[str, Any]]) -> Response[dict[str, Any]]:
        return await self._create(request, services, "organization", data)

    @post("/talents", summary="Create your talent profile (you become its owner)", security=BEARER,
          status_code=201)
    async def create_talent(self, request: AnyRequest, services: ServicesDep,
                            data: JSONBody[dict[str, Any]]) -> Response[dict[str, Any]]:
        return await self._create(request, services, "talent", data)

    @patch("/organizations/{slug:str}", summary="Change fields of an organization you edit", security=BEARER)
    async def patch_organization(self, request: AnyRequest, services: ServicesDep,
                                 slug: FromPath[str], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        return await self._patch(request, services, "organization", slug, data)

    @patch("/talents/{slug:str}", summary="Change fields of your talent profile", security=BEARER)
    async def patch_talent(self, request: AnyRequest, services: ServicesDep,
                           slug: FromPath[str], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        return await self._patch(request, services, "talent", slug, data)

    @delete("/organizations/{slug:str}", summary="Delete an organization you own", security=BEARER)
    async def delete_organization(self, request: AnyRequest, services: ServicesDep,
                                  slug: FromPath[str]) -> None:
        await services.editor.delete(await api_user(request), "organization", slug)

    @delete("/talents/{slug:str}", summary="Delete your talent profile", security=BEARER)
    async def delete_talent(self, request: AnyRequest, services: ServicesDep,
                            slug: FromPath[str]) -> None:
        await services.editor.delete(await api_user(request), "talent", slug)
