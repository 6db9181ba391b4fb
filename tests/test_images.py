"""Images: recognised by content, at most 15 MB, re-encoded and resized, stored in GridFS and
served with caching headers; a non-image renamed .png is refused."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta

import httpx
from PIL import Image

from directory.context import Services
from directory.profiles.media import MAX_BYTES
from directory.settings import Settings
from tests.conftest import run_cli
from tests.web import csrf, log_in, make_user, org_body


def png(width: int = 2000, height: int = 1000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 20)).save(out, format="PNG")
    return out.getvalue()


async def _upload(client: httpx.AsyncClient, slot: str, name: str, content: bytes,
                  ctype: str = "image/png") -> httpx.Response:
    return await client.post("/kelola/organization/studio-kopi/gambar",
                             data={"slot": slot, "_csrf_token": await csrf(client)},
                             files={"file": (name, content, ctype)})


async def _owner(client: httpx.AsyncClient, services: Services, **extra: object) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(**extra))
    await log_in(client, owner.email)


async def test_logo_is_reencoded_resized_and_served_with_caching(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services, status="published", portfolio=[{"title": "Game A"}])
    response = await _upload(client, "logo", "logo.png", png())
    assert response.status_code == 303, response.text[:300]
    page = await client.get("/organisasi/studio-kopi")
    url = page.text.split('class="profile-logo" src="')[1].split('"')[0]
    client.cookies.clear()
    image = await client.get(url)
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp"
    assert "max-age=31536000" in image.headers["cache-control"]
    with Image.open(io.BytesIO(image.content)) as stored:
        assert stored.format == "WEBP" and max(stored.size) == 512
    again = await client.get(url, headers={"If-None-Match": image.headers["etag"]})
    assert again.status_code == 304

    await log_in(client, "owner@studiokopi.example")
    assert (await _upload(client, "portfolio:Game A", "a.jpg", png(300, 200),
                          "image/jpeg")).status_code == 303
    assert 'class="portfolio-image"' in (await client.get("/organisasi/studio-kopi")).text
    wrong_slot = await _upload(client, "portfolio:Tidak Ada", "a.png", png(10, 10))
    assert wrong_slot.status_code == 400


async def test_non_images_and_large_files_are_refused_with_a_message(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services)
    fake = await _upload(client, "logo", "logo.png", b"%PDF-1.4 this is not an image")
    assert fake.status_code == 400 and "bukan gambar JPEG, PNG atau WebP" in fake.text
    script = await _upload(client, "logo", "logo.png", b"<svg onload=alert(1)></svg>",
                           "image/svg+xml")
    assert script.status_code == 400
    # Over the image limit but inside the route's body limit: the image check says so.
    big = await _upload(client, "logo", "big.png", png(10, 10) + os.urandom(MAX_BYTES))
    assert big.status_code == 400 and "gambar maksimal 15 MB" in big.text
    assert await services.profiles.db["images.files"].count_documents({}) == 0


async def test_images_of_unpublished_profiles_are_not_public(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owner(client, services, status="draft")
    assert (await _upload(client, "logo", "logo.png", png(50, 50))).status_code == 303
    ref = await services.profiles.db["profile_images"].find_one({})
    url = f"/media/{ref['file_id']}"
    assert (await client.get(url)).status_code == 200  # the owner sees it
    client.cookies.clear()
    assert (await client.get(url)).status_code == 404
    assert (await client.get("/media/not-an-id")).status_code == 404


async def test_check_finds_and_removes_images_left_without_a_profile_or_a_reference(
        services: Services, settings: Settings) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(status="draft"))
    await services.media.store(owner, "organization", "studio-kopi", "logo", png())
    db = services.profiles.db
    # What crashes leave: the profile went but not its image; files nothing refers to.
    await services.profiles.collection("organization").delete_one({"slug": "studio-kopi"})
    orphan = await services.media.bucket.upload_from_stream("lost.webp", b"old")
    await db["images.files"].update_one(
        {"_id": orphan}, {"$set": {"uploadDate": datetime.now(UTC) - timedelta(hours=2)}})
    uploading = await services.media.bucket.upload_from_stream("new.webp", b"new")

    found = run_cli(settings, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "images: 1 files nothing refers to, 1 references to deleted profiles" in found.stdout
    assert "image of a deleted profile: organization studio-kopi (logo)" in found.stdout
    fixed = run_cli(settings, "check", "--fix")
    assert fixed.returncode == 0 and "images cleaned up" in fixed.stdout
    assert await db["profile_images"].count_documents({}) == 0
    # Only a file still being uploaded (younger than an hour) is left alone.
    assert [f["_id"] async for f in db["images.files"].find({}, {"_id": 1})] == [uploading]
    assert run_cli(settings, "check").returncode == 0
