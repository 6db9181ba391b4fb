"""Shortlist, compare, share and one inquiry to all (real app, MongoDB, Meilisearch and SMTP sink),
and the inquiry fixes: Reply-To the client, each email in its recipient's language, IDR or USD
budgets, every invalid field marked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from directory.context import Services
from directory.hiring.shortlist import MAX_ITEMS, visitor_owner
from tests.factories import org, talent
from tests.helpers import load
from tests.mailbox import Mailbox, text_of
from tests.web import PASSWORD, grant, log_in, make_user, post_form

PRIVATE = ("@studio.example", "+62 812", "+62 857", "@talenta.example", "1234567890123")


async def _studios(services: Services) -> None:
    await load(
        services,
        org(slug="singo-game", name="Singo Game Studio", services=["game_development"],
            platforms=["android", "ios"], team_size=14, founded_year=2017,
            markets=["international"], min_budget_idr=50_000_000, accepting_projects=True,
            verified=True, languages=["id", "en"], nib="1234567890123"),
        org(slug="kopi-apps", name="Kopi Apps", services=["mobile_app"], languages=["en"],
            accepting_projects=True),
        org(slug="batu-web", name="Batu Web", services=["web_app"], languages=["id"]),
        org(slug="tutup-studio", name="Tutup Studio", accepting_projects=False),
        talent(slug="rina-game", name="Rina Wulandari", roles=["game_artist"],
               availability="freelance", hourly_rate_idr={"min": 150000, "max": 300000},
               languages=["id", "jv"]),
    )


async def _add(client: httpx.AsyncClient, kind: str, slug: str, back: str = "/daftar-pendek"
               ) -> httpx.Response:
    return await post_form(client, "/daftar-pendek/tambah",
                           {"kind": kind, "slug": slug, "next": back})


async def test_a_visitors_shortlist_is_kept_on_the_account_after_log_in(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    empty = await client.get("/daftar-pendek")
    assert empty.status_code == 200 and "Daftar pendek Anda masih kosong." in empty.text
    assert 'href="/cari"' in empty.text  # the empty state says where to start
    results = await client.get("/cari", params={"q": "Singo"})
    assert 'action="/daftar-pendek/tambah"' in results.text
    assert 'form="shortlist-add" name="profile" value="organization:singo-game"' \
        in results.text
    page = await client.get("/organisasi/singo-game")
    assert "Tambah ke daftar pendek" in page.text

    added = await _add(client, "organization", "singo-game", "/organisasi/singo-game")
    assert added.status_code == 303 and added.headers["location"] == "/organisasi/singo-game"
    assert "shortlist" in client.cookies  # no account: a cookie names the list
    again = await client.get("/organisasi/singo-game")
    assert "Di daftar pendek — hapus" in again.text
    assert re.search(r'class="shortlist-link"[^>]*>Daftar pendek <span class="count"[^>]*>1<',
                     again.text)
    await _add(client, "talent", "rina-game")
    await _add(client, "organization", "kopi-apps")
    assert (await _add(client, "organization", "no-such-studio")).status_code == 404
    removed = await post_form(client, "/daftar-pendek/hapus",
                              {"kind": "organization", "slug": "kopi-apps"})
    assert removed.status_code == 303
    listing = await client.get("/daftar-pendek")
    assert "Singo Game Studio" in listing.text and "Rina Wulandari" in listing.text
    assert "Kopi Apps" not in listing.text
    visitor = await services.profiles.db["shortlists"].find_one({})
    assert visitor is not None and visitor["owner"].startswith("visitor:")
    assert client.cookies["shortlist"] not in visitor["owner"]  # only its hash is stored
    left = visitor["expires_at"] - datetime.now(UTC)
    assert 89 < left.total_seconds() / 86400 <= 90  # a visitor's list expires (TTL index)
    assert 'aria-label="Hapus Singo Game Studio dari daftar pendek"' in listing.text

    user = await make_user(services, "klien@perusahaan.example")
    await log_in(client, user.email)
    mine = await client.get("/daftar-pendek")
    assert "Singo Game Studio" in mine.text and "Rina Wulandari" in mine.text
    assert "shortlist" not in client.cookies  # merged, the visitor's cookie is dropped
    lists = services.profiles.db["shortlists"]
    assert await lists.count_documents({}) == 1
    stored = await lists.find_one({"owner": f"user:{user.id}"})
    assert stored is not None and "expires_at" not in stored
    assert [i["slug"] for i in stored["items"]] == ["singo-game", "rina-game"]

    await post_form(client, "/akun/keluar")
    client.cookies.delete("sid")
    assert "Daftar pendek Anda masih kosong." in (await client.get("/daftar-pendek")).text
    await log_in(client, user.email, PASSWORD)
    assert "Rina Wulandari" in (await client.get("/daftar-pendek")).text


async def test_the_shortlist_has_a_cap_with_a_clear_message(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    items = [{"kind": "organization", "slug": f"studio-{n}", "at": datetime.now(UTC)}
             for n in range(MAX_ITEMS)]
    await services.profiles.db["shortlists"].insert_one(
        {"owner": visitor_owner("pengunjung-1"), "items": items,
         "updated_at": datetime.now(UTC)})
    client.cookies.set("shortlist", "pengunjung-1")
    full = await _add(client, "organization", "singo-game")
    assert full.status_code == 409
    assert "sudah berisi 30 profil" in full.text
    stored = await services.profiles.db["shortlists"].find_one({})
    assert stored is not None and len(stored["items"]) == MAX_ITEMS


async def test_merging_keeps_the_accounts_order_without_repeats_and_up_to_the_cap(
        services: Services) -> None:
    await _studios(services)
    lists, visitor, account = services.shortlists, visitor_owner("v-1"), "user:u-1"
    await lists.add(account, "organization", "batu-web")
    for kind, slug in [("talent", "rina-game"), ("organization", "batu-web"),
                       ("organization", "singo-game")]:
        await lists.add(visitor, kind, slug)
    await lists.merge(visitor, account)
    assert await lists.keys(account) == [("organization", "batu-web"), ("talent", "rina-game"),
                                         ("organization", "singo-game")]
    assert await lists.keys(visitor) == []
    await lists.merge(visitor, account)  # again: nothing to merge, nothing changes
    assert len(await lists.keys(account)) == 3

    full = [{"kind": "organization", "slug": f"studio-{n}", "at": datetime.now(UTC)}
            for n in range(MAX_ITEMS)]
    await services.profiles.db["shortlists"].update_one({"owner": account},
                                                        {"$set": {"items": full}})
    await lists.add(visitor, "organization", "kopi-apps")
    await lists.merge(visitor, account)
    merged = await lists.keys(account)
    assert len(merged) == MAX_ITEMS and ("organization", "kopi-apps") not in merged


async def test_compare_shows_the_listed_fields_and_nothing_private(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    for kind, slug in [("organization", "singo-game"), ("talent", "rina-game"),
                       ("organization", "batu-web")]:
        await _add(client, kind, slug)
    page = await client.get("/daftar-pendek/bandingkan",
                            params={"p": ["organization:singo-game", "talent:rina-game"],
                                    "lang": "en"})
    assert page.status_code == 200
    table = page.text[page.text.index('<table class="compare">'):page.text.index("</table>")]
    for expected in ("Services / roles", "Game development", "Game artist", "Android",
                     "14 people", "2017", "International", "Rp50,000,000",
                     "Rp150,000–Rp300,000", "Accepting projects", "Freelance", "Verified",
                     "No reviews yet", "Javanese", "English"):
        assert expected in table, expected
    assert "Batu Web" not in table
    for secret in PRIVATE:
        assert secret not in page.text, secret

    default = await client.get("/daftar-pendek/bandingkan")  # none chosen: the first four
    assert "Comparison of 3 profiles" in default.text  # (English: remembered)

    many = ["organization:singo-game", "talent:rina-game", "organization:batu-web",
            "organization:kopi-apps", "organization:tutup-studio"]
    refused = await client.get("/daftar-pendek/bandingkan", params={"p": many})
    assert refused.status_code == 400
    assert 'href="#f-compare"' in refused.text  # the summary links to the choice
    assert 'id="compare-error"' in refused.text and 'aria-invalid="true"' in refused.text
    assert len(re.findall(r"form=\"compare\"\s+checked>", refused.text)) == 3  # choice kept


async def test_a_share_link_shows_the_list_and_a_new_link_revokes_the_old(
        client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    await _add(client, "organization", "singo-game")
    await post_form(client, "/daftar-pendek/tautan")
    first = re.search(r"/daftar-pendek/lihat/([\w-]{20,})", (await client.get(
        "/daftar-pendek")).text)
    assert first
    async with httpx.AsyncClient(transport=client._transport,
                                 base_url="http://testserver") as stranger:
        shared = await stranger.get(first.group(0))
        assert shared.status_code == 200 and "Singo Game Studio" in shared.text
        assert 'action="/daftar-pendek/hapus"' not in shared.text  # read-only
        assert 'content="noindex, nofollow"' in shared.text
        for secret in PRIVATE:
            assert secret not in shared.text
        await post_form(client, "/daftar-pendek/tautan")  # a new link …
        assert (await stranger.get(first.group(0))).status_code == 404  # … kills the old one
        second = re.search(r"/daftar-pendek/lihat/([\w-]{20,})",
                           (await client.get("/daftar-pendek")).text)
        assert second and second.group(1) != first.group(1)
        assert (await stranger.get(second.group(0))).status_code == 200
        await post_form(client, "/daftar-pendek/tautan/hapus")
        assert (await stranger.get(second.group(0))).status_code == 404


async def _owner(services: Services, email: str, lang: str, slug: str) -> None:
    user = await services.accounts.sign_up(email, PASSWORD, "Pemilik", lang=lang, verified=True)
    await grant(services, user, slug)


INQUIRY = {"name": "Jane Client", "email": "jane@client.example",
           "organization": "Acme Pte Ltd", "currency": "USD", "budget": "usd_5k_20k",
           "timeline": "1_3_months", "website": "", "client_country": "SG",
           "message": "We need a casual mobile game for Android and iOS, about six months."}


async def test_one_inquiry_to_the_shortlist_in_english(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    """Three studios take it (an English owner, an Indonesian owner, an unclaimed profile whose
    main language is English); one not accepting projects is skipped, and says why."""
    await _studios(services)
    await _owner(services, "owner@singo.example", "en", "singo-game")
    await _owner(services, "pemilik@batu.example", "id", "batu-web")
    for slug in ("singo-game", "batu-web", "kopi-apps", "tutup-studio"):
        await _add(client, "organization", slug)
    form = await client.get("/daftar-pendek/pesan", params={"lang": "en"})
    assert "Company or organization name" in form.text and "Budget currency" in form.text
    done = await post_form(client, "/daftar-pendek/pesan?lang=en", INQUIRY)
    assert done.status_code == 200, done.text
    assert "Sent to 3 profiles" in done.text
    assert "Tutup Studio</a> — not accepting projects now" in done.text
    assert await services.profiles.db["inquiries"].count_documents({}) == 3

    kopi = await services.profiles.db["organizations"].find_one({"slug": "kopi-apps"})
    assert kopi is not None  # unclaimed: its own contact email, in its main language (en)
    for message in (mailbox.last_to("owner@singo.example"),
                    mailbox.last_to(kopi["contact"]["email"])):
        assert message["Reply-To"] == "jane@client.example"
        text = text_of(message)
        assert "Budget range: US$5,000–20,000" in text and "Timeline: 1–3 months" in text
        assert "Company or organization name: Acme Pte Ltd" in text
        for indonesian in ("Kisaran anggaran", "Perkiraan waktu", "Pesan baru", "bulan"):
            assert indonesian not in text and indonesian not in message["Subject"]
    to_batu = mailbox.last_to("pemilik@batu.example")
    assert to_batu["Reply-To"] == "jane@client.example"
    text = text_of(to_batu)
    assert "Kisaran anggaran: US$5.000–20.000" in text and "Perkiraan waktu: 1–3 bulan" in text
    assert "Nama perusahaan/organisasi: Acme Pte Ltd" in text
    for english_word in ("Budget", "Timeline", "1–3 months", "New message", "Company"):
        assert english_word not in text
    confirmations = mailbox.to("jane@client.example")
    assert len(confirmations) == 3
    assert all(m["Subject"].startswith("Your message to") for m in confirmations)
    assert all("Halo" not in text_of(m) for m in confirmations)
    assert len(mailbox.messages) == 6  # three studios, three confirmations, nothing else


async def test_one_inquiry_in_indonesian_and_the_same_limits(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await _studios(services)
    await _owner(services, "owner@singo.example", "en", "singo-game")
    for slug in ("singo-game", "batu-web", "kopi-apps"):
        await _add(client, "organization", slug)
    await _add(client, "talent", "rina-game")
    form = {**INQUIRY, "currency": "IDR", "budget": "unknown", "email": "budi@klien.example"}
    done = await post_form(client, "/daftar-pendek/pesan", form)
    assert "Terkirim ke 3 profil" in done.text
    # The inquiry limits are the single form's: three per client email an hour.
    assert "Rina Wulandari</a> — batas pesan per jam tercapai" in done.text
    to_singo = text_of(mailbox.last_to("owner@singo.example"))  # English owner, English mail
    assert "Budget range: not sure yet" in to_singo and "belum tahu" not in to_singo
    confirmation = mailbox.last_to("budi@klien.example")
    assert "Halo," in text_of(confirmation) and "Hello" not in text_of(confirmation)


async def test_invalid_inquiry_fields_are_marked_one_by_one(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await _studios(services)
    bad = await post_form(client, "/organisasi/singo-game/pesan", {
        "name": "K", "email": "bukan-email", "organization": "PT Contoh", "message": "pendek",
        "currency": "USD", "budget": "50m_200m", "timeline": "kapan-kapan"})
    assert bad.status_code == 400
    for field in ("name", "email", "message", "budget", "timeline"):
        assert f'href="#f-{field}"' in bad.text, field  # the summary links to the field
        control = re.search(rf'<(?:input|textarea|select) id="f-{field}"[^>]*>', bad.text)
        assert control and 'aria-invalid="true"' in control.group(0), field
        assert f'aria-describedby="{field}-error"' in control.group(0)
        assert f'id="{field}-error"' in bad.text
    assert "pilih kisaran anggaran dalam mata uang yang Anda pilih" in bad.text
    assert 'value="bukan-email"' in bad.text and 'value="PT Contoh"' in bad.text
    assert re.search(r'<option value="USD" selected', bad.text)
    company = re.search(r'<input id="f-organization"[^>]*>', bad.text)
    assert company and "aria-invalid" not in company.group(0)
    assert "Nama perusahaan/organisasi" in bad.text
    assert mailbox.messages == []
    empty = await post_form(client, "/daftar-pendek/pesan", INQUIRY)  # nobody on the list
    assert empty.status_code == 400 and "Daftar pendek Anda masih kosong." in empty.text


async def test_shortlist_api_round_trip(client: httpx.AsyncClient, services: Services) -> None:
    await _studios(services)
    user = await make_user(services, "api@klien.example")
    auth = {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}
    assert (await client.get("/api/v1/shortlist")).status_code == 401
    body = {"items": [{"kind": "organization", "slug": "singo-game"},
                      {"kind": "talent", "slug": "rina-game"},
                      {"kind": "organization", "slug": "singo-game"}]}
    put = await client.put("/api/v1/shortlist", json=body, headers=auth)
    assert put.status_code == 200, put.text
    assert [i["slug"] for i in put.json()["items"]] == ["singo-game", "rina-game"]
    assert put.json()["max_items"] == MAX_ITEMS and put.json()["share_url"] is None

    bad = await client.put("/api/v1/shortlist", headers=auth, json={"items": [
        {"kind": "studio", "slug": "singo-game"}, {"kind": "talent", "slug": "nobody"}]})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert {p["name"] for p in bad.json()["invalid_params"]} == {"items[0].kind",
                                                                "items[1].slug"}
    assert (await client.put("/api/v1/shortlist", headers=auth, content=b"[1]",
                             )).status_code == 400
    kept = await client.get("/api/v1/shortlist", headers=auth)
    assert len(kept.json()["items"]) == 2  # a refused PUT changed nothing

    compared = await client.get("/api/v1/shortlist/compare", headers=auth)
    assert compared.status_code == 200
    rows = compared.json()["profiles"]
    assert [r["slug"] for r in rows] == ["singo-game", "rina-game"]
    assert rows[0]["team_size"] == 14 and rows[0]["min_budget_idr"] == 50_000_000
    assert rows[1]["hourly_rate_idr"] == {"min": 150000, "max": 300000}
    assert rows[0]["rating"] is None and rows[1]["services"] is None
    for secret in PRIVATE + ("contact", "nib"):
        assert secret not in compared.text
    too_many = await client.get("/api/v1/shortlist/compare", headers=auth, params={
        "profile": ["organization:singo-game", "organization:kopi-apps", "talent:rina-game",
                    "organization:batu-web", "organization:tutup-studio"]})
    assert too_many.status_code == 400
    assert too_many.headers["content-type"].startswith("application/problem+json")
    assert [p["name"] for p in too_many.json()["invalid_params"]] == ["profile"]

    shared = await client.post("/api/v1/shortlist/share", headers=auth)
    link = shared.json()["share_url"]
    assert shared.status_code == 200 and "/daftar-pendek/lihat/" in link
    path = link[link.index("/daftar-pendek"):]
    assert "Rina Wulandari" in (await client.get(path)).text
    assert (await client.delete("/api/v1/shortlist/share", headers=auth)).status_code == 204
    assert (await client.get(path)).status_code == 404

    await log_in(client, user.email)  # the same list on the pages
    assert "Rina Wulandari" in (await client.get("/daftar-pendek")).text
    assert (await client.delete("/api/v1/shortlist", headers=auth)).status_code == 204
    assert (await client.get("/api/v1/shortlist", headers=auth)).json()["items"] == []
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"get", "put", "delete"} <= set(schema["paths"]["/api/v1/shortlist"])
