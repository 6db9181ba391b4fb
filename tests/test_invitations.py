"""Invitations as people use them (real app, MongoDB and SMTP sink): the team page lists
pending invitations with revoke and resend; a sign-up from the invitation has its email
prefilled and locked; verifying the email accepts the invitation and lands on the profile's
editor with no second click. And every role lands where it works after log-in."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import async_playwright

from directory.context import Services
from directory.settings import Settings
from tests.mailbox import Mailbox
from tests.servers import serving
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web import PASSWORD, browser_log_in, log_in, make_user, org_body, post_form

TEAM = "/kelola/organization/studio-kopi/tim"


async def _invite(client: httpx.AsyncClient, services: Services, email: str) -> str:
    owner = await services.accounts.by_email("owner@studiokopi.example") or \
        await make_user(services, "owner@studiokopi.example")
    if await services.profiles.status("organization", "studio-kopi") is None:
        await services.editor.create(owner, "organization", org_body())
    await log_in(client, owner.email)
    response = await post_form(client, f"{TEAM}/undang", {"email": email})
    assert response.status_code == 200, response.text
    return response.text


async def test_an_invited_editor_signs_up_verifies_and_lands_on_the_editor(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await _invite(client, services, "baru@example.id")
    invite_link = mailbox.link_to("baru@example.id", "/undangan")
    client.cookies.delete("sid")  # the invitee is someone else, not signed in
    page = await client.get(invite_link)
    signup_path = re.search(r'href="(/akun/daftar\?undangan=[^"]+)"', page.text)
    assert signup_path, page.text
    form = await client.get(signup_path.group(1).replace("&amp;", "&"))
    assert 'value="baru@example.id"' in form.text and "readonly" in form.text
    assert "Studio Kopi" in form.text  # says which profile the invitation is for
    token = re.search(r'name="undangan" value="([^"]+)"', form.text)
    assert token
    # a changed address is not taken: the invitation's address is the account's
    await post_form(client, "/akun/daftar", {
        "undangan": token.group(1), "email": "lain@example.id", "name": "Baru",
        "password": PASSWORD, "password_again": PASSWORD})
    assert await services.accounts.by_email("lain@example.id") is None
    verify_link = mailbox.link_to("baru@example.id", "/akun/verifikasi")
    landed = await client.get(verify_link)
    assert landed.status_code == 303
    assert landed.headers["location"].startswith("/kelola/organization/studio-kopi")
    editor_page = await client.get(landed.headers["location"])  # signed in by the link
    assert editor_page.status_code == 200 and "Studio Kopi" in editor_page.text
    user = await services.accounts.by_email("baru@example.id")
    assert user is not None and user.verified
    assert await services.editor.role(user, "organization", "studio-kopi") == "editor"
    saved = await services.editor.patch(user, "organization", "studio-kopi",
                                        {"headline": "Diedit editor baru"})
    assert saved == ["headline"]
    # the invitation is used: no longer pending
    assert await services.accounts.pending("invite", slug="studio-kopi") == []


async def test_pending_invitations_are_listed_revoked_and_resent(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await _invite(client, services, "satu@example.id")
    await _invite(client, services, "dua@example.id")
    first_link = mailbox.link_to("satu@example.id", "/undangan")
    team = (await client.get(TEAM)).text
    assert "satu@example.id" in team and "dua@example.id" in team
    pending = {i["email"]: i["id"] for i in
               await services.accounts.pending("invite", slug="studio-kopi")}
    revoked = await post_form(client, f"{TEAM}/undangan/{pending['satu@example.id']}/cabut")
    assert revoked.status_code == 303
    team = (await client.get(revoked.headers["location"])).text
    assert "Undangan dicabut" in team, team[team.find("<main"):]
    assert "satu@example.id" not in team
    refused = await client.get(first_link)  # the revoked link refuses, clearly
    assert refused.status_code == 400 and "Undangan tidak berlaku" in refused.text
    old_link = mailbox.link_to("dua@example.id", "/undangan")
    mailbox.clear()
    resent = await post_form(client, f"{TEAM}/undangan/{pending['dua@example.id']}/kirim-ulang")
    assert resent.status_code == 303 and "terkirim" in resent.headers["location"]
    new_link = mailbox.link_to("dua@example.id", "/undangan")
    assert new_link != old_link
    assert (await client.get(old_link)).status_code == 400
    assert (await client.get(new_link)).status_code == 200
    assert [i["email"] for i in await services.accounts.pending("invite", slug="studio-kopi")] \
        == ["dua@example.id"]
    # an editor sees the team but not the invitations, and cannot revoke them
    editor = await make_user(services, "editor@example.id")
    await services.profiles.db["profile_access"].insert_one(
        {"kind": "organization", "slug": "studio-kopi", "user_id": editor.id, "role": "editor"})
    await log_in(client, editor.email)
    assert "dua@example.id" not in (await client.get(TEAM)).text
    new_id = (await services.accounts.pending("invite", slug="studio-kopi"))[0]["id"]
    assert (await post_form(client, f"{TEAM}/undangan/{new_id}/cabut")).status_code == 403


async def test_each_role_lands_where_it_works_unless_a_next_target_is_given(
        client: httpx.AsyncClient, services: Services) -> None:
    for role, path in (("user", "/akun"), ("analyst", "/analis"), ("curator", "/kurasi"),
                       ("admin", "/admin/peran")):
        user = await make_user(services, f"{role}@example.id", role=role)
        response = await log_in(client, user.email)
        assert response.status_code == 303 and response.headers["location"] == path, role
        assert (await client.get(path)).status_code == 200, path
    client.cookies.delete("sid")
    form = await client.get("/akun/masuk?next=/kurasi/laporan")
    assert 'value="/kurasi/laporan"' in form.text
    response = await post_form(client, "/akun/masuk", {
        "email": "analyst@example.id", "password": PASSWORD, "next": "/cari"})
    assert response.headers["location"] == "/cari"


@pytest.mark.browser
async def test_an_invited_editor_in_a_real_browser_on_a_phone(
        services: Services, settings: Settings, mailbox: Mailbox) -> None:
    """Invitation mail from the SMTP sink → sign-up with the address filled in and locked →
    the verification link → the profile's form, editing at once: no second click."""
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body())
    with serving(settings) as url:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
            try:
                page = await browser.new_page(viewport={"width": 390, "height": 844})
                await browser_log_in(page, url, owner.email)
                await page.wait_for_url("**/akun")
                await page.goto(url + TEAM)
                await page.fill("#f-email", "rina@example.id")
                await page.click("text=Kirim undangan")
                await page.wait_for_selector("text=Undangan terkirim")
                assert "rina@example.id" in await page.inner_text("#undangan + table")

                invitee = await browser.new_page(viewport={"width": 390, "height": 844})
                invite = mailbox.link_to("rina@example.id", "/undangan")
                await invitee.goto(url + invite)
                await invitee.click("text=Buat akun")
                assert await invitee.input_value("#f-email") == "rina@example.id"
                assert await invitee.get_attribute("#f-email", "readonly") is not None
                await invitee.fill("#f-name", "Rina")
                await invitee.fill("#f-password", PASSWORD)
                await invitee.fill("#f-password_again", PASSWORD)
                await invitee.click("main form button[type=submit]")
                await invitee.wait_for_selector("text=Periksa email Anda")
                verify = mailbox.link_to("rina@example.id", "/akun/verifikasi")
                await invitee.goto(url + verify)
                await invitee.wait_for_url("**/kelola/organization/studio-kopi**")
                await invitee.fill("#f-headline", "Studio game, diedit Rina")
                await invitee.click("#bagian-dasar form button[type=submit]")  # its section
                await invitee.wait_for_url("**tersimpan=dasar**")
            finally:
                await browser.close()
    current = await services.editor.current("organization", "studio-kopi")
    assert current["headline"] == "Studio game, diedit Rina"
