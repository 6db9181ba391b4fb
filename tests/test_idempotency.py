"""`Idempotency-Key` on POST (contract additions 2026-12): a retried create gets the first
answer again and never makes a second profile — sequential or concurrent retries alike."""

from __future__ import annotations

import asyncio

import httpx

from directory.context import Services
from tests.web import make_user, org_body


async def _headers(services: Services, key: str | None) -> dict[str, str]:
    owner = await make_user(services, "owner@studiokopi.example")
    token = await services.accounts.create_token(owner, "test")
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


async def test_a_retried_create_gets_the_first_answer(client: httpx.AsyncClient,
                                                      services: Services) -> None:
    headers = await _headers(services, "create-studio-kopi-1")
    first = await client.post("/api/v1/organizations", json=org_body(), headers=headers)
    again = await client.post("/api/v1/organizations", json=org_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"] == \
        "/api/v1/organizations/studio-kopi"
    assert await services.profiles.db["organizations"].count_documents({}) == 1
    # Without the key a retry is a conflict (the slug is taken), as before.
    bare = {k: v for k, v in headers.items() if k != "Idempotency-Key"}
    assert (await client.post("/api/v1/organizations", json=org_body(),
                              headers=bare)).status_code == 409


async def test_concurrent_retries_create_one_profile(client: httpx.AsyncClient,
                                                     services: Services) -> None:
    headers = await _headers(services, "same-key-at-once")
    answers = await asyncio.gather(*(
        client.post("/api/v1/organizations", json=org_body(), headers=headers)
        for _ in range(4)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}, statuses
    assert await services.profiles.db["organizations"].count_documents({}) == 1


async def test_a_key_reused_with_another_body_or_malformed_is_refused(
        client: httpx.AsyncClient, services: Services) -> None:
    headers = await _headers(services, "k-1")
    assert (await client.post("/api/v1/organizations", json=org_body(),
                              headers=headers)).status_code == 201
    other = await client.post("/api/v1/organizations", json=org_body("studio-lain"),
                              headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert other.json()["invalid_params"][0]["name"] == "Idempotency-Key"
    # An invalid body releases its key: fixed and sent again with the same key, it works.
    headers["Idempotency-Key"] = "k-2"
    bad = await client.post("/api/v1/organizations",
                            json=org_body("studio-dua", kecamatan="mars"), headers=headers)
    assert bad.status_code in (400, 422)
    fixed = await client.post("/api/v1/organizations", json=org_body("studio-dua"),
                              headers=headers)
    assert fixed.status_code == 201
    headers["Idempotency-Key"] = " "
    blank = await client.post("/api/v1/organizations", json=org_body("studio-tiga"),
                              headers=headers)
    assert blank.status_code == 400
    assert await services.profiles.db["organizations"].count_documents({}) == 2
