"""Engagements and reviews on the real app and services: the full path from an inquiry to a
published review (firm takes it on, the client confirms through the emailed link, marks it
done, reviews), the review on the profile page, in the API, in JSON-LD and in `sort=rating`;
refusals (no engagement, not done, the firm's own domain, a second reply); moderation."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from directory.context import Services
from directory.curation import merge_undo
from directory.hiring.engagements import ClientAccess
from tests import factories
from tests.helpers import load
from tests.mailbox import Mailbox
from tests.web import log_in, make_user, post_form

CLIENT = "budi.santoso@klien.example"
GOOD = {"quality": "5", "schedule": "4", "cost": "5", "recommend": "9",
        "text": "Game edukasinya rapi, tepat waktu, dan komunikasinya jelas.",
        "name": "Budi Santoso", "display": "initial"}


async def _studios(services: Services) -> None:
    await load(services,
               factories.org(slug="studio-kopi", name="Studio Kopi",
                             links=[{"label": "Situs", "url": "https://www.studiokopi.example"}],
                             contact={"email": "halo@studiokopi.example"},
                             accepting_projects=True),
               factories.org(slug="aaa-studio", name="AAA Studio"))


async def _inquiry(services: Services, email: str = CLIENT) -> str:
    form = {"name": "Budi Santoso", "email": email, "organization": "",
            "message": "Kami butuh game edukasi untuk Android.", "budget": "unknown",
            "timeline": "flexible", "client_country": "ID", "client_province": "35"}
    inquiry = await services.inquiries.submit("organization", "studio-kopi", form, "10.0.0.9")
    assert inquiry is not None
    return str(inquiry["_id"])


def _json_ld(html: str) -> list[dict[str, Any]]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks, "no JSON-LD on the page"
    found: list[dict[str, Any]] = []
    for block in blocks:
        data = json.loads(block)
        found += data.get("@graph", [data])
    return found


async def test_inquiry_to_review_shown_on_profile_api_json_ld_and_rating_sort(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await _studios(services)
    owner = await make_user(services, "owner@studiokopi.example")
    await services.profiles.db["profile_access"].insert_one(
        {"kind": "organization", "slug": "studio-kopi", "user_id": owner.id, "role": "owner"})
    inquiry_id = await _inquiry(services)

    # The firm's inbox shows the state and takes the project on.
    await log_in(client, owner.email)
    inbox = await client.get("/akun/pesan")
    assert "pesan masuk" in inbox.text and f"/akun/pesan/{inquiry_id}/diterima" in inbox.text
    assert (await post_form(client, f"/akun/pesan/{inquiry_id}/dijawab")).status_code == 303
    assert "sudah dijawab" in (await client.get("/akun/pesan")).text
    taken = await post_form(client, f"/akun/pesan/{inquiry_id}/diterima")
    assert taken.status_code == 303
    assert "menunggu konfirmasi klien" in (await client.get("/akun/pesan")).text
    client.cookies.delete("sid")

    # The client confirms through the emailed link (no account), then marks it done.
    link = mailbox.link_to(CLIENT, "/keterlibatan/")
    engagement_id, token = re.match(r"/keterlibatan/(\w+)\?t=(\S+)", link).groups()  # type: ignore[union-attr]
    page = await client.get(link)
    assert page.status_code == 200 and "konfirmasi proyek ini" in page.text
    early = await post_form(client, f"/keterlibatan/{engagement_id}/ulasan", {**GOOD, "t": token})
    assert early.status_code == 403  # not done yet: no review
    assert (await client.get(f"/keterlibatan/{engagement_id}/ulasan?t={token}")).status_code == 403
    stranger = await client.get(f"/keterlibatan/{engagement_id}?t=eng_tebakan")
    assert stranger.status_code == 403
    confirmed = await post_form(client, f"/keterlibatan/{engagement_id}/konfirmasi", {"t": token})
    assert confirmed.status_code == 200 and "Tandai proyek selesai" in confirmed.text
    done = await post_form(client, f"/keterlibatan/{engagement_id}/selesai", {"t": token})
    assert "Tulis ulasan" in done.text

    # Errors are shown beside the fields with the input kept, and a summary on top.
    bad = await post_form(client, f"/keterlibatan/{engagement_id}/ulasan",
                          {**GOOD, "quality": "9", "text": "singkat", "t": token})
    assert bad.status_code == 400
    assert 'class="error-summary"' in bad.text and 'href="#f-quality"' in bad.text
    assert 'id="text-error"' in bad.text and "singkat</textarea>" in bad.text
    assert await services.profiles.db["reviews"].count_documents({}) == 0

    written = await post_form(client, f"/keterlibatan/{engagement_id}/ulasan",
                              {**GOOD, "t": token})
    assert written.status_code == 200, written.text
    again = await post_form(client, f"/keterlibatan/{engagement_id}/ulasan", {**GOOD, "t": token})
    assert again.status_code == 409  # one review per engagement
    assert await services.sync.wait_until_applied()

    profile = await client.get("/organisasi/studio-kopi")
    assert "4,67 dari 5" in profile.text and "1 ulasan" in profile.text
    assert "Budi S." in profile.text and "Budi Santoso" not in profile.text
    assert CLIENT not in profile.text
    org = next(d for d in _json_ld(profile.text) if d.get("@type") == "ProfessionalService")
    assert org["aggregateRating"]["ratingValue"] == 4.67
    assert org["aggregateRating"]["reviewCount"] == 1
    assert org["review"][0]["author"]["name"] == "Budi S."

    api = (await client.get("/api/v1/organizations/studio-kopi")).json()
    assert api["rating"] == {"average": 4.67, "count": 1}
    listed = await client.get("/api/v1/organizations/studio-kopi/reviews")
    assert listed.json()["reviews"][0]["reviewer"] == "Budi S."
    assert CLIENT not in listed.text and "klien.example" not in listed.text

    ranked = (await client.get("/api/v1/search", params={"sort": "rating"})).json()
    assert [h["slug"] for h in ranked["hits"]] == ["studio-kopi", "aaa-studio"]
    assert ranked["hits"][0]["rating"] == {"average": 4.67, "count": 1}
    assert "rating" not in ranked["hits"][1]
    cards = await client.get("/cari", params={"sort": "rating"})
    assert "★ 4,67" in cards.text

    # The firm replies once, publicly; a second reply is refused.
    review_id = str((await services.profiles.db["reviews"].find_one({}))["_id"])  # type: ignore[index]
    await log_in(client, owner.email)
    assert "sudah diulas" in (await client.get("/akun/pesan")).text
    empty = await post_form(client, f"/akun/ulasan/{review_id}/balas", {"reply": " "})
    assert empty.status_code == 400 and f'id="reply-{review_id}-error"' in empty.text
    first = await post_form(client, f"/akun/ulasan/{review_id}/balas",
                            {"reply": "Terima kasih, Pak Budi!"})
    assert first.status_code == 303
    second = await post_form(client, f"/akun/ulasan/{review_id}/balas", {"reply": "Lagi"})
    assert second.status_code == 409
    assert "Terima kasih, Pak Budi!" in (await client.get("/organisasi/studio-kopi")).text


async def test_a_hidden_review_leaves_the_average(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    engagement, token = await services.engagements.from_inquiry(
        await _inquiry(services), [("organization", "studio-kopi")], "taken_on")
    access = ClientAccess(token=token)
    await services.engagements.confirm(str(engagement["_id"]), access)
    await services.engagements.mark_done(str(engagement["_id"]), access)
    once = {"Authorization": f"Bearer {token}", "Idempotency-Key": "ulasan-1"}
    body = {**GOOD, "quality": 5, "engagement_id": str(engagement["_id"])}
    created = await client.post("/api/v1/reviews", json=body, headers=once)
    assert created.status_code == 201, created.text
    retried = await client.post("/api/v1/reviews", json=body, headers=once)
    assert retried.status_code == 201 and retried.json() == created.json()
    review_id = created.json()["id"]
    assert await services.sync.wait_until_applied()
    assert (await client.get("/api/v1/organizations/studio-kopi")).json()["rating"]["count"] == 1

    # Anyone reports (validated); a curator hides it with a reason.
    empty = await post_form(client, f"/ulasan/{review_id}/laporkan", {"reason": ""})
    assert empty.status_code == 400 and 'id="reason-error"' in empty.text
    reported = await post_form(client, f"/ulasan/{review_id}/laporkan",
                               {"reason": "Ini bukan klien sungguhan"})
    assert reported.status_code == 200
    curator = await make_user(services, "kurator@kota.example", role="curator")
    await log_in(client, curator.email)
    queue = await client.get("/kurasi/ulasan")
    assert "Ini bukan klien sungguhan" in queue.text
    no_reason = await post_form(client, f"/kurasi/ulasan/{review_id}/sembunyikan", {"reason": ""})
    assert no_reason.status_code == 400
    hidden = await post_form(client, f"/kurasi/ulasan/{review_id}/sembunyikan",
                             {"reason": "Ulasan palsu, dikonfirmasi kurator"})
    assert hidden.status_code == 303
    assert await services.sync.wait_until_applied()

    assert (await client.get("/api/v1/organizations/studio-kopi")).json()["rating"] is None
    assert (await client.get("/api/v1/organizations/studio-kopi/reviews")).json()["reviews"] == []
    hits = (await client.get("/api/v1/search", params={"sort": "rating"})).json()["hits"]
    assert all("rating" not in h for h in hits)
    assert "Game edukasinya rapi" not in (await client.get("/organisasi/studio-kopi")).text


async def test_the_firm_replies_once_through_the_api(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    engagement, token = await services.engagements.from_inquiry(
        await _inquiry(services), [("organization", "studio-kopi")], "taken_on")
    access = ClientAccess(token=token)
    await services.engagements.confirm(str(engagement["_id"]), access)
    await services.engagements.mark_done(str(engagement["_id"]), access)
    review = await services.reviews.create(str(engagement["_id"]), access, GOOD)
    owner = await make_user(services, "owner@studiokopi.example")
    stranger = await make_user(services, "lain@lain.example")
    await services.profiles.db["profile_access"].insert_one(
        {"kind": "organization", "slug": "studio-kopi", "user_id": owner.id, "role": "owner"})

    async def bearer(user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}

    path = f"/api/v1/reviews/{review.id}/reply"
    assert (await client.post(path, json={"reply": "Halo"},
                              headers=await bearer(stranger))).status_code == 403
    headers = await bearer(owner)
    assert (await client.post(path, json={}, headers=headers)).status_code == 422
    first = await client.post(path, json={"reply": "Terima kasih!"}, headers=headers)
    assert first.status_code == 200 and first.json()["reply"]["text"] == "Terima kasih!"
    second = await client.post(path, json={"reply": "Sekali lagi"}, headers=headers)
    assert second.status_code == 409
    assert second.headers["content-type"].startswith("application/problem+json")


async def test_a_review_without_an_engagement_is_refused(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    nowhere = "0123456789abcdef01234567"
    page = await post_form(client, f"/keterlibatan/{nowhere}/ulasan", {**GOOD, "t": "eng_x"})
    assert page.status_code == 404
    user = await make_user(services, CLIENT)
    bearer = {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}
    missing = await client.post("/api/v1/reviews", json={k: v for k, v in GOOD.items()},
                                headers=bearer)
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["invalid_params"][0]["name"] == "engagement_id"
    unknown = await client.post("/api/v1/reviews", json={**GOOD, "engagement_id": nowhere},
                                headers=bearer)
    assert unknown.status_code == 404
    # An inquiry the firm only answered is no engagement: its client cannot review it.
    answered, _token = await services.engagements.from_inquiry(
        await _inquiry(services), [("organization", "studio-kopi")], "answered")
    refused = await client.post("/api/v1/reviews",
                                json={**GOOD, "engagement_id": str(answered["_id"])},
                                headers=bearer)
    assert refused.status_code == 403
    assert await services.profiles.db["reviews"].count_documents({}) == 0


async def test_a_reviewer_from_the_firms_own_domain_is_refused(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    engagement, token = await services.engagements.from_inquiry(
        await _inquiry(services, "teman@studiokopi.example"),
        [("organization", "studio-kopi")], "taken_on")
    headers = {"Authorization": f"Bearer {token}"}
    ident = str(engagement["_id"])
    assert (await client.post(f"/api/v1/engagements/{ident}/confirm",
                              headers=headers)).json()["state"] == "confirmed"
    assert (await client.post(f"/api/v1/engagements/{ident}/done",
                              headers=headers)).json()["state"] == "done"
    refused = await client.post("/api/v1/reviews", json={**GOOD, "engagement_id": ident},
                                headers=headers)
    assert refused.status_code == 403
    assert "@studiokopi.example" in refused.json()["detail"]
    page = await post_form(client, f"/keterlibatan/{ident}/ulasan", {**GOOD, "t": token})
    assert page.status_code == 403 and "domain" in page.text
    assert await services.profiles.db["reviews"].count_documents({}) == 0


async def test_a_client_signed_in_with_that_address_needs_no_link(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    engagement, _token = await services.engagements.from_inquiry(
        await _inquiry(services), [("organization", "studio-kopi")], "taken_on")
    ident = str(engagement["_id"])
    other = await make_user(services, "orang.lain@luar.example")
    await log_in(client, other.email)
    assert (await client.get(f"/keterlibatan/{ident}")).status_code == 403
    client_user = await make_user(services, CLIENT)  # verified, the inquiry's address
    bearer = {"Authorization": f"Bearer {await services.accounts.create_token(client_user)}"}
    listed = (await client.get("/api/v1/engagements", headers=bearer)).json()
    assert [(e["id"], e["state"]) for e in listed] == [(ident, "taken_on")]
    assert "client_email" not in listed[0] and "token_hash" not in listed[0]
    await log_in(client, CLIENT)
    mine = await client.get("/akun/proyek")
    assert "Studio Kopi" in mine.text and f"/keterlibatan/{ident}" in mine.text
    confirmed = await post_form(client, f"/keterlibatan/{ident}/konfirmasi")
    assert confirmed.status_code == 200 and "Tandai proyek selesai" in confirmed.text


async def test_a_merge_of_duplicates_carries_the_reviews_to_the_kept_profile(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    await load(services, factories.org(slug="studio-kopi-lama", name="Studio Kopi Lama"))
    engagement, token = await services.engagements.open_engagement(
        "organization", "studio-kopi-lama", source="inquiry", source_id="lama-1",
        client_email=CLIENT, client_name="Budi Santoso", client_lang="id",
        profile_name="Studio Kopi Lama")
    access = ClientAccess(token=token)
    await services.engagements.confirm(str(engagement["_id"]), access)
    await services.engagements.mark_done(str(engagement["_id"]), access)
    await services.reviews.create(str(engagement["_id"]), access, GOOD)
    curator = await make_user(services, "kurator@kota.example", role="curator")
    await services.duplicates.merge(curator, "organization", "studio-kopi", "studio-kopi-lama",
                                    {})
    assert await services.sync.wait_until_applied()
    rating = (await client.get("/api/v1/organizations/studio-kopi")).json()["rating"]
    assert rating == {"average": 4.67, "count": 1}
    hits = (await client.get("/api/v1/search", params={"sort": "rating"})).json()["hits"]
    assert hits[0]["slug"] == "studio-kopi" and hits[0]["rating"]["count"] == 1

    # undone: the review and its engagement belong to the restored profile again
    merged = await services.profiles.db["audit_log"].find_one({"action": "merged"})
    assert merged is not None
    await merge_undo.undo(services.duplicates, curator, merged["merge_id"])
    assert await services.sync.wait_until_applied()
    back = await client.get("/api/v1/organizations/studio-kopi-lama")
    assert back.json()["rating"] == {"average": 4.67, "count": 1}
    assert (await client.get("/api/v1/organizations/studio-kopi")).json().get("rating") is None
    assert (await services.engagements.get(str(engagement["_id"])))["slug"] == \
        "studio-kopi-lama"
