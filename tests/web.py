"""Steps shared by the tests of accounts and profile maintenance (real app, real services)."""

from __future__ import annotations

from typing import Any

import httpx

from directory.accounts.service import User
from directory.context import Services

PASSWORD = "kopi-malang-2026"


async def csrf(client: httpx.AsyncClient) -> str:
    """The CSRF token a browser would have after opening any page."""
    if "csrftoken" not in client.cookies:
        await client.get("/akun/masuk")
    return client.cookies["csrftoken"]


async def post_form(client: httpx.AsyncClient, path: str, data: dict[str, Any] | None = None
                    ) -> httpx.Response:
    fields = dict(data or {})
    fields["_csrf_token"] = await csrf(client)
    return await client.post(path, data=fields)


async def make_user(services: Services, email: str, role: str = "user") -> User:
    return await services.accounts.sign_up(email, PASSWORD, email.split("@")[0], role=role,
                                           verified=True)


async def grant(services: Services, user: User, slug: str, role: str = "owner",
                kind: str = "organization") -> User:
    """Give `user` a role on an existing profile, as an accepted claim or invitation would."""
    await services.profiles.db["profile_access"].insert_one(
        {"kind": kind, "slug": slug, "user_id": user.id, "role": role})
    return user


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD
                 ) -> httpx.Response:
    client.cookies.delete("sid")
    response = await post_form(client, "/akun/masuk", {"email": email, "password": password})
    return response


def org_body(slug: str = "studio-kopi", **extra: Any) -> dict[str, Any]:
    return {"slug": slug, "name": "Studio Kopi", "org_type": "service_firm",
            "subsectors": ["pengembang-permainan"], "kecamatan": "lowokwaru",
            "services": ["game_development"], "headline": "Game studio di Lowokwaru",
            "contact": {"email": "rahasia@studiokopi.example"}, **extra}


def talent_body(slug: str = "sari-dewi", **extra: Any) -> dict[str, Any]:
    return {"slug": slug, "name": "Sari Dewi", "roles": ["game_artist"],
            "subsectors": ["pengembang-permainan"], "kecamatan": "klojen", **extra}


async def browser_log_in(page: Any, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form in a Playwright page."""
    await page.goto(base_url + "/akun/masuk")
    await page.fill("#f-email", email)
    await page.fill("#f-password", password)
    await page.click("main button[type=submit]")
