"""Profile maintenance on the real app: API writes, freshness in search, HTML forms, audit,
team, two-sided memberships, claims and inquiries."""

from __future__ import annotations

import httpx
import pytest

from directory.context import Services
from tests.helpers import count_permission_lookups, eventually
from tests.mailbox import Mailbox, text_of
from tests.test_images import png
from tests.web import log_in, make_user, org_body, post_form, talent_body


async def _token(services: Services, email: str, role: str = "user") -> dict[str, str]:
    user = await services.accounts.by_email(email) or await make_user(services, email, role)
    return {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}


async def test_api_create_makes_the_caller_owner_and_edits_reach_search(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    response = await client.post("/api/v1/organizations", json=org_body(), headers=auth)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/v1/organizations/studio-kopi"
    assert response.json()["contact"] == {"email": "rahasia@studiokopi.example"}  # owner's view

    async def found_in_search() -> dict | None:  # type: ignore[type-arg]
        found = (await client.get("/api/v1/search", params={"q": "studio kopi"})).json()
        return found if any(h["slug"] == "studio-kopi" for h in found["hits"]) else None

    # Visible in search after saving (the 1-second promise is measured by `make bench`).
    found = await eventually(found_in_search, "new profile in search")
    public = (await client.get("/api/v1/organizations/studio-kopi")).json()
    assert "contact" not in public and "rahasia" not in str(found)

    response = await client.patch("/api/v1/organizations/studio-kopi", headers=auth,
                                  json={"headline": "Studio game dan aplikasi"})
    assert response.status_code == 200 and response.json()["changed"] == ["headline"]

    async def edit_in_search() -> bool:
        found = (await client.get("/api/v1/search", params={"q": "studio kopi"})).json()
        return bool(found["hits"]) and found["hits"][0]["headline"] == "Studio game dan aplikasi"

    await eventually(edit_in_search, "edited headline in search")
    history = await services.editor.history("organization", "studio-kopi")
    assert [e["action"] for e in history] == ["updated", "created"]
    assert history[0]["fields"] == ["headline"]
    assert history[0]["actor_email"] == "owner@studiokopi.example"


async def test_api_errors_name_each_field_and_write_nothing(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    assert (await client.post("/api/v1/organizations", json=org_body())).status_code == 401
    bad = await client.post("/api/v1/organizations", headers={"Authorization": "Bearer nope"},
                            json=org_body())
    assert bad.status_code == 401 and bad.headers["content-type"].startswith(
        "application/problem+json")
    response = await client.post("/api/v1/organizations", headers=auth, json=org_body(
        kecamatan="surabaya", founded_year=1800, services=["game_development", "teleport"]))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert {"kecamatan", "founded_year", "services[1]"} <= names
    assert await services.profiles.collection("organization").count_documents({}) == 0

    await client.post("/api/v1/organizations", headers=auth, json=org_body())
    before = await services.editor.current("organization", "studio-kopi")
    response = await client.patch("/api/v1/organizations/studio-kopi", headers=auth,
                                  json={"headline": "ok", "team_size": 0, "verified": True,
                                        "created_at": "2020-01-01T00:00:00Z"})
    assert response.status_code == 422
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert {"verified", "created_at"} <= names
    assert await services.editor.current("organization", "studio-kopi") == before
    taken = await client.post("/api/v1/organizations", headers=auth, json=org_body())
    assert taken.status_code == 409
    not_object = await client.patch("/api/v1/organizations/studio-kopi", content=b"[1,2]",
                                    headers={**auth, "Content-Type": "application/json"})
    assert not_object.status_code == 400


async def test_a_user_owns_at_most_one_talent_profile(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "sari@example.id")
    assert (await client.post("/api/v1/talents", headers=auth,
                              json=talent_body())).status_code == 201
    second = await client.post("/api/v1/talents", headers=auth, json=talent_body("sari-2"))
    assert second.status_code == 409


async def test_delete_removes_the_profile_from_the_api_and_search(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    await client.post("/api/v1/organizations", headers=auth, json=org_body())
    assert (await client.delete("/api/v1/organizations/studio-kopi",
                                headers=auth)).status_code == 204
    assert await services.sync.wait_until_applied()
    assert (await client.get("/api/v1/organizations/studio-kopi")).status_code == 404
    found = (await client.get("/api/v1/search", params={"q": "studio kopi"})).json()
    assert found["total"] == 0


async def test_owner_deletes_a_profile_from_its_team_page_after_typing_its_slug(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(status="published"))
    await services.media.store(owner, "organization", "studio-kopi", "logo", png())
    assert await services.sync.wait_until_applied()
    await log_in(client, owner.email)
    edit = (await client.get("/kelola/organization/studio-kopi")).text
    assert 'href="/kelola/organization/studio-kopi/tim#hapus"' in edit
    team = (await client.get("/kelola/organization/studio-kopi/tim")).text
    assert "Hapus profil" in team and 'name="confirm"' in team

    wrong = await post_form(client, "/kelola/organization/studio-kopi/hapus",
                            {"confirm": "studio kopi"})
    assert wrong.status_code == 400
    assert 'id="confirm-error"' in wrong.text and "ketik studio-kopi untuk memastikan" in wrong.text
    assert 'value="studio kopi"' in wrong.text  # input kept
    assert await services.editor.current("organization", "studio-kopi")  # nothing deleted

    done = await post_form(client, "/kelola/organization/studio-kopi/hapus",
                           {"confirm": "studio-kopi"})
    assert done.status_code == 200 and "sudah dihapus" in done.text
    assert (await client.get("/organisasi/studio-kopi")).status_code == 404
    assert await services.profiles.db["images.files"].count_documents({}) == 0
    assert await services.profiles.db["profile_access"].count_documents({}) == 0
    assert await services.profiles.db["audit_log"].count_documents({"action": "deleted"}) == 1
    assert await services.sync.wait_until_applied()
    found = (await client.get("/api/v1/search", params={"q": "studio kopi"})).json()
    assert found["total"] == 0


async def test_edit_form_keeps_input_and_shows_errors_next_to_fields(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body())
    await log_in(client, owner.email)
    page = await client.get("/kelola/organization/studio-kopi")
    assert page.status_code == 200 and 'value="rahasia@studiokopi.example"' in page.text
    assert "Kelengkapan" in page.text and "Tambahkan minimal satu karya" in page.text
    form = {"name": "Studio Kopi Baru", "org_type": "service_firm", "status": "published",
            "subsectors": "pengembang-permainan", "kecamatan": "lowokwaru",
            "founded_year": "dua ribu", "nib": "123", "skills": "Unity, Godot",
            "portfolio-0-title": "Game A", "portfolio-0-url": "ftp://salah",
            "portfolio-0-position": "1"}
    response = await post_form(client, "/kelola/organization/studio-kopi", form)
    assert response.status_code == 400
    assert 'id="founded_year-error"' in response.text
    # Bahasa Indonesia, like every message on the page (the schema's own rules included).
    assert 'id="nib-error"' in response.text and "harus tepat 13 angka" in response.text
    assert 'id="portfolio-0-url-error"' in response.text
    assert "«ftp://salah» bukan alamat web" in response.text  # what was typed, and why
    assert 'value="Studio Kopi Baru"' in response.text and 'value="Unity, Godot"' in response.text
    assert (await services.editor.current("organization", "studio-kopi"))["name"] == "Studio Kopi"


async def test_portfolio_items_are_added_reordered_and_removed_through_the_form(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(portfolio=[
        {"title": "Pertama"}, {"title": "Kedua"}, {"title": "Ketiga"}]))
    await log_in(client, owner.email)
    base = {"name": "Studio Kopi", "org_type": "service_firm", "status": "published",
            "subsectors": "pengembang-permainan", "kecamatan": "lowokwaru",
            "contact_email": "rahasia@studiokopi.example"}
    form = {**base,
            "portfolio-0-title": "Pertama", "portfolio-0-position": "3",
            "portfolio-1-title": "Kedua", "portfolio-1-position": "2",
            "portfolio-1-remove": "1",
            "portfolio-2-title": "Ketiga", "portfolio-2-position": "1",
            "portfolio-3-title": "Baru", "portfolio-3-year": "2025",
            "portfolio-3-client_country": "sg", "portfolio-3-position": "4"}
    response = await post_form(client, "/kelola/organization/studio-kopi", form)
    assert response.status_code == 303, response.text
    saved = await services.editor.current("organization", "studio-kopi")
    assert [p["title"] for p in saved["portfolio"]] == ["Ketiga", "Pertama", "Baru"]
    assert saved["portfolio"][2]["year"] == 2025
    assert saved["portfolio"][2]["client_country"] == "SG"
    history = await services.editor.history("organization", "studio-kopi")
    assert "portfolio" in history[0]["fields"]
    assert "contact" not in history[0]["fields"]  # unchanged fields are not recorded


async def test_still_accurate_and_status_changes(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(status="draft"))
    assert await services.sync.wait_until_applied()
    assert (await client.get("/organisasi/studio-kopi")).status_code == 404
    await log_in(client, owner.email)
    await post_form(client, "/kelola/organization/studio-kopi/status", {"status": "published"})
    assert (await client.get("/organisasi/studio-kopi")).status_code == 200
    await post_form(client, "/kelola/organization/studio-kopi/masih-akurat")
    history = await services.editor.history("organization", "studio-kopi")
    assert history[0]["action"] == "confirmed"
    page = await client.get("/kelola/organization/studio-kopi/riwayat")
    assert "Dikonfirmasi masih akurat" in page.text and "Status" in page.text  # words
    assert "owner@studiokopi.example" in page.text
    page = await client.get("/kelola/organization/studio-kopi")
    assert "belum pernah" not in page.text
    bad = await post_form(client, "/kelola/organization/studio-kopi/status", {"status": "gone"})
    assert bad.status_code == 400 and "status" in bad.text


async def test_invited_editor_accepts_by_email_link(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body())
    await log_in(client, owner.email)
    response = await post_form(client, "/kelola/organization/studio-kopi/tim/undang",
                               {"email": "Editor@Example.id"})
    assert response.status_code == 200 and "Undangan terkirim" in response.text
    link = mailbox.link_to("editor@example.id", "/undangan")
    editor = await make_user(services, "editor@example.id")
    stranger = await make_user(services, "stranger@example.id")
    await log_in(client, stranger.email)
    assert "Terima undangan" in (await client.get(link)).text
    refused = await post_form(client, "/undangan", {"token": link.split("token=")[1]})
    assert refused.status_code == 400  # the invitation names another address
    await log_in(client, editor.email)
    accepted = await post_form(client, "/undangan", {"token": link.split("token=")[1]})
    assert accepted.status_code == 303
    assert await services.editor.role(editor, "organization", "studio-kopi") == "editor"
    again = await post_form(client, "/undangan", {"token": link.split("token=")[1]})
    assert again.status_code == 400


async def test_membership_is_public_only_after_the_talent_confirms(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    person = await make_user(services, "sari@example.id")
    await services.editor.create(person, "talent", talent_body())
    await services.editor.create(owner, "organization", org_body(
        members=[{"talent_slug": "sari-dewi", "title": "Game artist"}]))
    public = (await client.get("/api/v1/organizations/studio-kopi")).json()
    assert public["members"] == []
    assert "Sari Dewi" not in (await client.get("/organisasi/studio-kopi")).text
    await log_in(client, person.email)
    dashboard = await client.get("/akun")
    assert "Studio Kopi" in dashboard.text and "Konfirmasi" in dashboard.text
    await post_form(client, "/akun/keanggotaan", {"talent": "sari-dewi",
                                                  "organization": "studio-kopi"})
    public = (await client.get("/api/v1/organizations/studio-kopi")).json()
    assert public["members"] == [{"talent_slug": "sari-dewi", "title": "Game artist"}]
    assert "Sari Dewi" in (await client.get("/organisasi/studio-kopi")).text


async def test_claims_by_website_domain_or_by_a_curator(
        client: httpx.AsyncClient, services: Services) -> None:
    from tests.helpers import load
    await load(services, {"kind": "organization", **org_body(
        links=[{"label": "Situs", "url": "https://www.studiokopi.example/"}])},
        {"kind": "organization", **org_body("lain-studio", name="Lain Studio")})
    founder = await make_user(services, "founder@studiokopi.example")
    await log_in(client, founder.email)
    response = await post_form(client, "/klaim/organization/studio-kopi")
    assert response.status_code == 303  # domain matches: approved at once
    assert await services.editor.role(founder, "organization", "studio-kopi") == "owner"
    response = await post_form(client, "/klaim/organization/lain-studio", {"note": "Saya CEO"})
    assert response.status_code == 200 and "Klaim terkirim" in response.text
    assert await services.editor.role(founder, "organization", "lain-studio") is None

    curator = await make_user(services, "kurator@malangkota.example", role="curator")
    user = await make_user(services, "user@example.id")
    await log_in(client, user.email)
    assert (await client.get("/kurasi/klaim")).status_code == 403
    await log_in(client, curator.email)
    queue = await client.get("/kurasi/klaim")
    assert "Lain Studio" in queue.text and "Saya CEO" in queue.text
    assert queue.text.count('class="desk-row"') == 1 and 'name="decision"' not in queue.text
    claim = await services.profiles.db["claims"].find_one({"slug": "lain-studio"})
    item = await client.get(f"/kurasi/klaim/{claim['_id']}")  # the decision on its own page
    assert 'name="decision" value="approve"' in item.text and "founder@studiokopi" in item.text
    await post_form(client, f"/kurasi/klaim/{claim['_id']}", {"decision": "approve"})
    assert await services.editor.role(founder, "organization", "lain-studio") == "owner"
    assert "Lain Studio" not in (await client.get("/kurasi/klaim")).text
    assert (await client.get(f"/kurasi/klaim/{claim['_id']}")).status_code == 404  # decided


async def test_inquiry_mails_the_owners_and_the_client_without_revealing_contact(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(status="published"))
    page = await client.get("/organisasi/studio-kopi")
    assert 'href="/organisasi/studio-kopi/pesan"' in page.text
    form = {"name": "Klien Jakarta", "email": "klien@perusahaan.example",
            "organization": "PT Contoh", "message": "Kami butuh game edukasi untuk Android.",
            "budget": "50m_200m", "timeline": "1_3_months", "website": "",
            "client_country": "ID", "client_province": "31", "client_city": "31.74"}
    response = await post_form(client, "/organisasi/studio-kopi/pesan", form)
    assert response.status_code == 200 and "Pesan terkirim" in response.text
    assert "rahasia@studiokopi.example" not in response.text
    to_owner = mailbox.last_to("owner@studiokopi.example")
    assert "klien@perusahaan.example" in text_of(to_owner)
    assert "Rp50–200 juta" in text_of(to_owner)
    to_client = mailbox.last_to("klien@perusahaan.example")
    assert "rahasia@studiokopi.example" not in to_client.as_string()
    assert "owner@studiokopi.example" not in to_client.as_string()
    assert await services.profiles.db["inquiries"].count_documents({}) == 1
    await log_in(client, owner.email)
    inbox = await client.get("/akun/pesan")
    assert "Klien Jakarta" in inbox.text and "game edukasi" in inbox.text


async def test_inquiry_validation_honeypot_and_rate_limit(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(status="published"))
    bad = await post_form(client, "/organisasi/studio-kopi/pesan", {
        "name": "K", "email": "bukan-email", "message": "pendek", "budget": "x",
        "timeline": "asap"})
    assert bad.status_code == 400
    for field in ("name", "email", "message", "budget"):
        assert f'id="{field}-error"' in bad.text
    assert 'value="bukan-email"' in bad.text
    bot = await post_form(client, "/organisasi/studio-kopi/pesan", {
        "name": "Bot", "email": "bot@spam.example", "message": "Beli obat murah sekarang juga!!",
        "budget": "unknown", "timeline": "asap", "website": "http://spam.example",
        "client_country": "SG"})
    assert bot.status_code == 200  # the bot sees the usual page …
    assert await services.profiles.db["inquiries"].count_documents({}) == 0  # … nothing kept
    assert mailbox.to("owner@studiokopi.example") == []
    good = {"name": "Klien", "email": "klien@perusahaan.example", "budget": "unknown",
            "timeline": "flexible", "message": "Kami ingin membuat aplikasi kasir.",
            "client_country": "ID", "client_province": "35", "client_city": "35.73"}
    statuses = [(await post_form(client, "/organisasi/studio-kopi/pesan", good)).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert await services.profiles.db["inquiries"].count_documents({}) == 3


async def test_new_profile_forms_open(client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "baru@example.id")
    await log_in(client, "baru@example.id")
    for kind in ("organization", "talent"):
        page = await client.get(f"/kelola/baru/{kind}")
        assert page.status_code == 200 and 'id="f-slug"' in page.text, kind


async def test_a_form_save_checks_permission_once(client: httpx.AsyncClient,
                                                  services: Services,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit page's POST: the route's role dependency and the editor's own check share one
    lookup (one role query, one profile read for it) — and a second request asks again."""
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body())
    await log_in(client, owner.email)
    form = {"name": "Studio Kopi Baru", "org_type": "service_firm", "status": "published",
            "subsectors": "pengembang-permainan", "kecamatan": "lowokwaru"}
    calls = count_permission_lookups(monkeypatch)  # the app's editor as well
    saved = await post_form(client, "/kelola/organization/studio-kopi", form)
    assert saved.status_code == 303, saved.text
    assert calls == {"role": 1, "read": 1}
    again = await client.get("/kelola/organization/studio-kopi")
    assert again.status_code == 200
    assert calls["role"] == 2  # a new request asks again
    assert (await services.editor.current("organization", "studio-kopi"))["name"] == \
        "Studio Kopi Baru"
