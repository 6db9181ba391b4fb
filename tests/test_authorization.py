"""Authorization matrix over every write route, HTML and API: anonymous, another user, an
editor, the owner and a curator. A denied request changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from directory.context import Services
from tests.web import log_in, make_user, org_body, post_form, talent_body

ACTORS = ("anonymous", "other", "editor", "owner", "curator")
ALLOW_EDIT = {"editor", "owner", "curator"}
ALLOW_MANAGE = {"owner", "curator"}


@dataclass
class World:
    services: Services
    client: httpx.AsyncClient
    ids: dict[str, str]
    tokens: dict[str, str]


@pytest.fixture
async def world(client: httpx.AsyncClient, services: Services) -> World:
    users = {
        "owner": await make_user(services, "owner@studiokopi.example"),
        "editor": await make_user(services, "editor@studiokopi.example"),
        "other": await make_user(services, "other@example.id"),
        "curator": await make_user(services, "kurator@malangkota.example", role="curator"),
        "spare": await make_user(services, "spare@studiokopi.example"),
    }
    await services.editor.create(users["owner"], "organization", org_body())
    await services.editor.create(users["owner"], "talent", talent_body())
    for name in ("editor", "spare"):
        await services.profiles.db["profile_access"].insert_one(
            {"kind": "organization", "slug": "studio-kopi", "user_id": users[name].id,
             "role": "editor"})
    tokens = {name: await services.accounts.create_token(user) for name, user in users.items()}
    return World(services, client, {k: u.id for k, u in users.items()}, tokens)


async def _api(world: World, actor: str, method: str, path: str, body: Any = None
               ) -> httpx.Response:
    headers = {} if actor == "anonymous" else {"Authorization": f"Bearer {world.tokens[actor]}"}
    return await world.client.request(method, path, json=body, headers=headers)


async def _html(world: World, actor: str, path: str, data: dict[str, Any] | None = None
                ) -> httpx.Response:
    world.client.cookies.clear()
    if actor != "anonymous":
        emails = {"owner": "owner@studiokopi.example", "editor": "editor@studiokopi.example",
                  "other": "other@example.id", "curator": "kurator@malangkota.example"}
        assert (await log_in(world.client, emails[actor])).status_code == 303
    return await post_form(world.client, path, data)


FORM = {"name": "Studio Kopi", "org_type": "service_firm", "status": "published",
        "subsectors": "pengembang-permainan", "kecamatan": "lowokwaru", "headline": "Diubah"}
Route = Callable[[World, str], Awaitable[httpx.Response]]
ROUTES: dict[str, tuple[Route, set[str], int]] = {
    # name: (request, actors allowed, status when allowed)
    "api PATCH organization": (lambda w, a: _api(w, a, "PATCH", "/api/v1/organizations/studio-kopi",
                                                 {"headline": "Diubah"}), ALLOW_EDIT, 200),
    "api DELETE organization": (lambda w, a: _api(w, a, "DELETE",
                                                  "/api/v1/organizations/studio-kopi"),
                                ALLOW_MANAGE, 204),
    "api PATCH talent": (lambda w, a: _api(w, a, "PATCH", "/api/v1/talents/sari-dewi",
                                           {"headline": "Diubah"}), ALLOW_MANAGE, 200),
    "api DELETE talent": (lambda w, a: _api(w, a, "DELETE", "/api/v1/talents/sari-dewi"),
                          ALLOW_MANAGE, 204),
    "form save": (lambda w, a: _html(w, a, "/kelola/organization/studio-kopi", FORM),
                  ALLOW_EDIT, 303),
    "form status": (lambda w, a: _html(w, a, "/kelola/organization/studio-kopi/status",
                                       {"status": "hidden"}), ALLOW_EDIT, 303),
    "form still accurate": (lambda w, a: _html(
        w, a, "/kelola/organization/studio-kopi/masih-akurat"), ALLOW_EDIT, 303),
    "form invite editor": (lambda w, a: _html(w, a, "/kelola/organization/studio-kopi/tim/undang",
                                              {"email": "baru@example.id"}), ALLOW_MANAGE, 200),
    "form remove editor": (lambda w, a: _html(
        w, a, f"/kelola/organization/studio-kopi/tim/{w.ids['spare']}/hapus"), ALLOW_MANAGE, 303),
    "form transfer ownership": (lambda w, a: _html(
        w, a, f"/kelola/organization/studio-kopi/tim/{w.ids['spare']}/jadikan-pemilik"),
        ALLOW_MANAGE, 303),
    "form delete profile": (lambda w, a: _html(w, a, "/kelola/organization/studio-kopi/hapus",
                                               {"confirm": "studio-kopi"}), ALLOW_MANAGE, 200),
    "form save talent": (lambda w, a: _html(w, a, "/kelola/talent/sari-dewi", {
        "name": "Sari", "roles": "game_artist", "subsectors": "pengembang-permainan",
        "kecamatan": "klojen", "status": "published"}), ALLOW_MANAGE, 303),
    "form save section": (lambda w, a: _html(
        w, a, "/kelola/organization/studio-kopi/bagian/dasar", {
                "name": "Studio Kopi", "org_type": "service_firm",
            "subsectors": "pengembang-permainan", "headline": "Diubah"}), ALLOW_EDIT, 303),
}


async def _state(services: Services) -> tuple[Any, ...]:
    db = services.profiles.db
    return (await db["audit_log"].count_documents({}),
            sorted([(d["slug"], d["user_id"], d["role"])
                    async for d in db["profile_access"].find()]),
            await db["organizations"].count_documents({}), await db["talents"].count_documents({}),
            await db["one_time_tokens"].count_documents({"purpose": "invite"}))


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", list(ROUTES))
async def test_authorization_matrix(world: World, route: str, actor: str) -> None:
    request, allowed, ok_status = ROUTES[route]
    before = await _state(world.services)
    response = await request(world, actor)
    if actor in allowed:
        assert response.status_code == ok_status, response.text[:500]
        assert await _state(world.services) != before
        return
    if actor == "anonymous":
        if route.startswith("api"):
            assert response.status_code == 401
            assert response.headers["content-type"].startswith("application/problem+json")
        else:
            assert response.status_code == 303
            assert response.headers["location"].startswith("/akun/masuk")
    else:
        assert response.status_code == 403, response.text[:500]
    assert await _state(world.services) == before
