"""An account with an unverified email may create and save drafts but not publish: refused in
the profile editor (so the form and the API say the same), with a message saying why and how;
after verification the same account publishes."""

from __future__ import annotations

import httpx

from directory.context import Services
from tests.mailbox import Mailbox
from tests.web import PASSWORD, log_in, org_body, post_form

FORM = {"slug": "kopi-draf", "name": "Kopi Draf", "org_type": "service_firm",
        "subsectors": "aplikasi", "kecamatan": "klojen"}


async def test_an_unverified_account_drafts_but_cannot_publish_in_the_form(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    response = await post_form(client, "/akun/daftar", {
        "email": "baru@example.id", "name": "Baru", "password": PASSWORD,
        "password_again": PASSWORD})
    assert response.status_code == 200
    await log_in(client, "baru@example.id")
    dashboard = (await client.get("/akun")).text
    assert 'class="notice"' in dashboard and "belum terverifikasi" in dashboard
    assert '<div class="alert"' not in dashboard  # a notice, not an error
    # the dashboard leads with the profiles and the inbox; the API tokens come later
    assert dashboard.index("Profil yang saya kelola") < dashboard.index("Pesan masuk") \
        < dashboard.index("Token API pribadi")

    refused = await post_form(client, "/kelola/baru/organization", {**FORM, "status": "published"})
    assert refused.status_code == 400
    assert 'id="status-error"' in refused.text and "belum terverifikasi" in refused.text
    assert 'value="Kopi Draf"' in refused.text  # input kept
    assert await services.profiles.status("organization", "kopi-draf") is None

    draft = await post_form(client, "/kelola/baru/organization", {**FORM, "status": "draft"})
    assert draft.status_code == 303
    assert await services.profiles.status("organization", "kopi-draf") == "draft"

    verify = mailbox.link_to("baru@example.id", "/akun/verifikasi")
    assert (await client.get(verify)).status_code == 200
    published = await post_form(client, "/kelola/organization/kopi-draf",
                                {**FORM, "status": "published"})
    assert published.status_code == 303, published.text
    assert await services.profiles.status("organization", "kopi-draf") == "published"


async def test_the_api_refuses_publishing_for_an_unverified_account(
        client: httpx.AsyncClient, services: Services) -> None:
    user = await services.accounts.sign_up("api@example.id", PASSWORD, "Api")
    token = await services.accounts.create_token(user)
    auth = {"Authorization": f"Bearer {token}"}
    refused = await client.post("/api/v1/organizations", json=org_body(), headers=auth)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "status" in refused.text and "terverifikasi" in refused.text
    draft = await client.post("/api/v1/organizations", json=org_body(status="draft"),
                              headers=auth)
    assert draft.status_code == 201, draft.text
    patched = await client.patch("/api/v1/organizations/studio-kopi",
                                 json={"status": "published"}, headers=auth)
    assert patched.status_code == 422 and "status" in patched.text
    edited = await client.patch("/api/v1/organizations/studio-kopi",
                                json={"headline": "Masih draf"}, headers=auth)
    assert edited.status_code == 200
    assert await services.profiles.status("organization", "studio-kopi") == "draft"
