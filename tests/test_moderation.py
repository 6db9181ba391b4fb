"""Moderation on the real app: public reports, the curators' queue, hide with a reason the
owners see and cannot override, unhide, dismiss."""

from __future__ import annotations

import re

import httpx

from directory.context import Services
from tests.factories import org
from tests.helpers import eventually, load
from tests.web import grant, log_in, make_user, post_form

GOOD = {"reason": "inaccurate", "message": "Alamat dan layanan studio ini sudah tidak benar.",
        "email": "warga@contoh.id"}


async def _owned(services: Services) -> None:
    await load(services, org(slug="studio-lapor", name="Studio Lapor"))
    await grant(services, await make_user(services, "owner@lapor.example"), "studio-lapor")


async def test_reporting_validates_and_stores(client: httpx.AsyncClient,
                                              services: Services) -> None:
    await _owned(services)
    page = await client.get("/organisasi/studio-lapor")
    assert 'href="/organisasi/studio-lapor/lapor"' in page.text
    assert (await client.get("/organisasi/studio-lapor/lapor")).status_code == 200
    bad = await post_form(client, "/organisasi/studio-lapor/lapor",
                          {"reason": "", "message": "jelek", "email": "bukan-email"})
    assert bad.status_code == 400
    for field in ("reason", "message", "email"):
        assert f'id="{field}-error"' in bad.text
    assert ">jelek</textarea>" in bad.text and 'value="bukan-email"' in bad.text
    bot = await post_form(client, "/organisasi/studio-lapor/lapor", {**GOOD, "website": "x"})
    assert bot.status_code == 200
    assert await services.profiles.db["reports"].count_documents({}) == 0
    ok = await post_form(client, "/organisasi/studio-lapor/lapor", GOOD)
    assert ok.status_code == 200 and "Laporan diterima" in ok.text
    assert await services.profiles.db["reports"].count_documents({"status": "open"}) == 1
    for _ in range(4):
        await post_form(client, "/organisasi/studio-lapor/lapor", GOOD)
    limited = await post_form(client, "/organisasi/studio-lapor/lapor", GOOD)
    assert limited.status_code == 429
    assert await services.profiles.db["reports"].count_documents({}) == 5
    assert (await client.get("/organisasi/tidak-ada/lapor")).status_code == 404


async def test_curator_hides_with_a_reason_owner_sees_it_and_cannot_override(
        client: httpx.AsyncClient, services: Services) -> None:
    await _owned(services)
    await post_form(client, "/organisasi/studio-lapor/lapor", GOOD)
    assert (await client.get("/kurasi/laporan", follow_redirects=False)).status_code in (302, 303)
    await log_in(client, "owner@lapor.example")
    assert (await client.get("/kurasi/laporan")).status_code == 403
    denied = await post_form(client, "/kurasi/profil/organization/studio-lapor/sembunyikan",
                             {"reason": "Saya pemiliknya"})
    assert denied.status_code == 403

    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    queue = await client.get("/kurasi/laporan")
    assert "Studio Lapor" in queue.text and "sudah tidak benar" in queue.text
    report_id = re.search(r'href="/kurasi/laporan/([0-9a-f]{24})"', queue.text)
    assert report_id
    empty = await post_form(client, "/kurasi/profil/organization/studio-lapor/sembunyikan",
                            {"reason": " ", "report": report_id.group(1)})
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    assert 'href="#f-reason"' in empty.text and "sudah tidak benar" in empty.text
    assert (await client.get("/organisasi/studio-lapor")).status_code == 200  # nothing changed
    hidden = await post_form(client, "/kurasi/profil/organization/studio-lapor/sembunyikan",
                             {"reason": "Data layanan tidak benar; mohon perbarui."})
    assert hidden.status_code == 303
    assert (await client.get("/organisasi/studio-lapor")).status_code == 404
    assert "Tidak ada laporan terbuka" in (await client.get("/kurasi/laporan")).text

    async def gone_from_search() -> bool:
        found = (await client.get("/api/v1/search", params={"q": "studio lapor"})).json()
        return all(h["slug"] != "studio-lapor" for h in found["hits"])

    await eventually(gone_from_search, "hidden profile removed from search")

    await log_in(client, "owner@lapor.example")
    manage = await client.get("/kelola/organization/studio-lapor")
    assert "Data layanan tidak benar; mohon perbarui." in manage.text
    token = await services.accounts.create_token(
        await services.accounts.by_email("owner@lapor.example"))
    response = await client.patch("/api/v1/organizations/studio-lapor",
                                  headers={"Authorization": f"Bearer {token}"},
                                  json={"status": "published"})
    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalid_params"]] == ["status"]
    edit = await client.patch("/api/v1/organizations/studio-lapor",  # fixing it is allowed
                              headers={"Authorization": f"Bearer {token}"},
                              json={"headline": "Layanan diperbarui"})
    assert edit.status_code == 200

    await log_in(client, "kurator@kota.example")
    shown = await post_form(client, "/kurasi/profil/organization/studio-lapor/tampilkan")
    assert shown.status_code == 303
    assert (await client.get("/organisasi/studio-lapor")).status_code == 200
    actions = [e["action"] async for e in services.profiles.db["audit_log"].find(
        {"slug": "studio-lapor"}).sort("at", 1)]
    assert "moderation_hidden" in actions and "moderation_unhidden" in actions


async def test_dismissing_a_report_closes_it(client: httpx.AsyncClient,
                                             services: Services) -> None:
    await _owned(services)
    await post_form(client, "/organisasi/studio-lapor/lapor", GOOD)
    report = await services.profiles.db["reports"].find_one({})
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    response = await post_form(client, f"/kurasi/laporan/{report['_id']}/abaikan", {"note": ""})
    assert response.status_code == 303
    assert (await services.profiles.db["reports"].find_one({}))["status"] == "dismissed"
    assert (await client.get("/organisasi/studio-lapor")).status_code == 200
    again = await post_form(client, f"/kurasi/laporan/{report['_id']}/abaikan", {"note": ""})
    assert again.status_code == 404
