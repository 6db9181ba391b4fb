"""Likely duplicates and merging on the real app: the candidates and their reasons, the
comparison page, a merge that keeps chosen fields, portfolio, memberships, team, inquiries and
references, redirects the old address, and "not a duplicate"."""

from __future__ import annotations

import httpx

from directory.context import Services
from directory.curation import merge_undo
from directory.curation.duplicates import find_pairs
from tests.factories import org, talent
from tests.helpers import eventually, load
from tests.test_images import png
from tests.web import grant, log_in, make_user, post_form


def _doc(slug: str, name: str, **extra: object) -> dict[str, object]:
    return {"slug": slug, "name": name, **extra}


def test_candidates_and_reasons() -> None:
    docs = [
        _doc("kopi-kode", "Kopi Kode Studio", nib="8120000000001",
             links=[{"url": "https://www.kopikode.example/"}]),
        _doc("kopi-kode-2", "Kopi & Kode Studio", links=[{"url": "http://kopikode.example"}]),
        _doc("kopi-lain", "Kopi Lain", nib="8120000000001"),
        _doc("ig-a", "Alpha", links=[{"url": "https://instagram.com/alpha.studio"}]),
        _doc("ig-b", "Beta", links=[{"url": "https://instagram.com/beta.studio"}]),
        _doc("mail-a", "Gamma", contact={"email": "a@gmail.com"}),
        _doc("mail-b", "Delta", contact={"email": "b@gmail.com"}),
        _doc("dom-a", "Epsilon", contact={"email": "a@epsilon.example"}),
        _doc("dom-b", "Zeta", contact={"email": "b@epsilon.example"}),
    ]
    pairs = {(p.a["slug"], p.b["slug"]): p.reasons for p in find_pairs("organization", docs)}
    assert pairs == {("kopi-kode", "kopi-kode-2"): ["website", "name"],
                     ("kopi-kode", "kopi-lain"): ["nib"],
                     ("dom-a", "dom-b"): ["email"]}
    ordered = [(p.a["slug"], p.b["slug"]) for p in find_pairs("organization", docs)]
    assert ordered[0] == ("kopi-kode", "kopi-kode-2")  # two reasons first
    talents = [_doc("sari", "Sari Dewi", contact={"email": "sari@gmail.com"}),
               _doc("sari-2", "Sari D.", contact={"email": "SARI@gmail.com"})]
    assert find_pairs("talent", talents)[0].reasons == ["email"]


async def _two_studios(services: Services) -> None:
    await load(services,
               org(slug="kopi-kode", name="Kopi Kode Studio", headline="Judul lama",
                   verified=True, members=[{"talent_slug": "rina", "title": "Ilustrator"}],
                   portfolio=[{"title": "Game A", "url": "https://a.example"}],
                   created_at="2021-05-01T00:00:00Z"),
               org(slug="kopi-kode-2", name="Kopi & Kode Studio", headline="Judul baru",
                   nib="8120000000001", kbli=["62011"],
                   portfolio=[{"title": "Game A", "url": "https://a.example"},
                              {"title": "Game B", "url": "https://b.example"}],
                   members=[{"talent_slug": "budi", "title": "Programmer"}],
                   created_at="2019-02-01T00:00:00Z"),
               talent(slug="rina", name="Rina",
                      affiliations=[{"organization_slug": "kopi-kode", "title": "Ilustrator"}]),
               talent(slug="budi", name="Budi",
                      affiliations=[{"organization_slug": "kopi-kode-2",
                                     "title": "Programmer"}]))
    await grant(services, await make_user(services, "owner1@kopikode.example"), "kopi-kode")
    await grant(services, await make_user(services, "owner2@kopikode.example"), "kopi-kode-2")


async def test_curator_merges_with_chosen_fields_and_the_old_address_redirects(
        client: httpx.AsyncClient, services: Services) -> None:
    await _two_studios(services)
    await services.profiles.db["inquiries"].insert_one(
        {"kind": "organization", "slug": "kopi-kode-2", "name": "Klien", "message": "Halo"})
    owner = await services.accounts.by_email("owner1@kopikode.example")
    assert owner is not None
    kept_logo = await services.media.store(owner, "organization", "kopi-kode", "logo", png())
    lost_logo = await services.media.store(owner, "organization", "kopi-kode-2", "logo", png())
    game_b = await services.media.store(owner, "organization", "kopi-kode-2", "portfolio:Game B",
                                        png())
    await log_in(client, "owner1@kopikode.example")
    assert (await client.get("/kurasi/duplikat")).status_code == 403
    denied = await post_form(client, "/kurasi/duplikat/organization/kopi-kode/kopi-kode-2/gabung",
                             {"keep": "a"})
    assert denied.status_code == 403

    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    listing = (await client.get("/kurasi/duplikat")).text
    assert "kopi-kode-2" in listing and "nama mirip" in listing
    compare = (await client.get("/kurasi/duplikat/organization/kopi-kode/kopi-kode-2")).text
    assert "Judul lama" in compare and "Judul baru" in compare and "8120000000001" in compare

    missing = await post_form(client, "/kurasi/duplikat/organization/kopi-kode/kopi-kode-2/gabung",
                              {"field_headline": "b"})
    assert missing.status_code == 400 and 'id="keep-error"' in missing.text
    assert await services.profiles.db["organizations"].count_documents({}) == 2

    merged = await post_form(client, "/kurasi/duplikat/organization/kopi-kode/kopi-kode-2/gabung",
                             {"keep": "a", "field_headline": "b", "field_nib": "b",
                              "field_kbli": "b", "field_name": "a"})
    assert merged.status_code == 303
    kept = await services.editor.current("organization", "kopi-kode")
    assert kept["name"] == "Kopi Kode Studio" and kept["headline"] == "Judul baru"
    assert kept["nib"] == "8120000000001" and kept["verified"] is True
    assert [p["title"] for p in kept["portfolio"]] == ["Game A", "Game B"]
    assert {m["talent_slug"] for m in kept["members"]} == {"rina", "budi"}
    assert kept["created_at"].startswith("2019-02-01")  # the older record's history
    assert not await services.profiles.db["organizations"].find_one({"slug": "kopi-kode-2"})
    budi = await services.editor.current("talent", "budi")
    assert budi["affiliations"] == [{"organization_slug": "kopi-kode", "title": "Programmer"}]
    roles = {g["role"] async for g in services.profiles.db["profile_access"].find(
        {"slug": "kopi-kode"})}
    assert roles == {"owner", "editor"}  # the other owner joins as an editor
    assert await services.profiles.db["profile_access"].count_documents(
        {"slug": "kopi-kode-2"}) == 0
    assert await services.profiles.db["inquiries"].count_documents({"slug": "kopi-kode"}) == 1
    # Images come along; where both had one (the logo) the kept profile's stays.
    assert await services.media.urls("organization", "kopi-kode") == {
        "logo": f"/media/{kept_logo}", "portfolio:Game B": f"/media/{game_b}"}
    assert await services.media.urls("organization", "kopi-kode-2") == {}
    assert (await client.get(f"/media/{game_b}")).status_code == 200
    assert (await client.get(f"/media/{lost_logo}")).status_code == 404
    assert await services.profiles.db["images.files"].count_documents({}) == 2

    old = await client.get("/organisasi/kopi-kode-2", follow_redirects=False)
    assert old.status_code == 301 and old.headers["location"] == "/organisasi/kopi-kode"
    page = (await client.get("/organisasi/kopi-kode")).text
    assert "Budi" in page and "Judul baru" in page  # the membership stays two-sided
    assert (await client.get("/organisasi/tidak-pernah-ada")).status_code == 404
    audit = services.profiles.db["audit_log"]
    assert await audit.count_documents({"action": "merged"}) == 2

    async def search_follows() -> bool:
        hits = (await client.get("/api/v1/search", params={"q": "kopi kode"})).json()["hits"]
        return [h["slug"] for h in hits if h["kind"] == "organization"] == ["kopi-kode"]

    await eventually(search_follows, "merged-away profile gone from search")
    assert "kopi-kode-2" not in (await client.get("/kurasi/duplikat")).text


async def test_not_a_duplicate_hides_the_pair(client: httpx.AsyncClient,
                                              services: Services) -> None:
    await _two_studios(services)
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    done = await post_form(client, "/kurasi/duplikat/organization/kopi-kode-2/kopi-kode/bukan")
    assert done.status_code == 303
    listing = (await client.get("/kurasi/duplikat")).text
    assert "Tidak ada kemungkinan duplikat" in listing
    assert await services.profiles.db["organizations"].count_documents({}) == 2
    assert await services.profiles.db["audit_log"].count_documents(
        {"action": "duplicate_dismissed"}) == 1


async def test_a_merge_keeps_the_survivors_status_and_verification_by_default(
        client: httpx.AsyncClient, services: Services) -> None:
    """A hidden duplicate merged into a verified, published studio must not hide it: status
    and verification come from the kept side unless the curator picks the other explicitly."""
    await load(services,
               org(slug="arjuna-a", name="Arjuna Studio", status="hidden"),
               org(slug="arjuna-b", name="Arjuna Studio", verified=True))
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    compare = (await client.get("/kurasi/duplikat/organization/arjuna-a/arjuna-b")).text
    assert "Disembunyikan kurator" in compare
    assert 'name="field_status" value="a" checked' not in compare
    assert 'name="field_status" value="b" checked' not in compare
    # Keep B; every other field pre-selected on side A, as the form sends them.
    merged = await post_form(client, "/kurasi/duplikat/organization/arjuna-a/arjuna-b/gabung",
                             {"keep": "b", "field_name": "a"})
    assert merged.status_code == 303
    kept = await services.editor.current("organization", "arjuna-b")
    assert kept["status"] == "published" and kept["verified"] is True
    assert (await client.get("/organisasi/arjuna-b")).status_code == 200
    assert (await client.get("/organisasi/arjuna-a", follow_redirects=False)).status_code == 301

    # An explicit pick still works.
    await load(services, org(slug="bima-a", name="Bima Studio", status="hidden"),
               org(slug="bima-b", name="Bima Studio"))
    await post_form(client, "/kurasi/duplikat/organization/bima-a/bima-b/gabung",
                    {"keep": "b", "field_status": "a"})
    assert (await services.editor.current("organization", "bima-b"))["status"] == "hidden"


async def test_a_merge_moves_the_merged_away_profile_on_every_shortlist(
        services: Services) -> None:
    await _two_studios(services)
    await services.shortlists.add("visitor:a", "organization", "kopi-kode-2")
    await services.shortlists.add("visitor:a", "talent", "rina")
    for slug in ("kopi-kode", "kopi-kode-2"):
        await services.shortlists.add("visitor:b", "organization", slug)
    curator = await make_user(services, "kurator@kota.example", "curator")
    await services.duplicates.merge(curator, "organization", "kopi-kode", "kopi-kode-2", {})
    # in its place, once; a list that held both keeps one
    assert await services.shortlists.keys("visitor:a") == [
        ("organization", "kopi-kode"), ("talent", "rina")]
    assert await services.shortlists.keys("visitor:b") == [("organization", "kopi-kode")]

    # undone: each list holds the restored profile again, where it held it
    await services.shortlists.add("visitor:b", "talent", "rina")  # a change made since stays
    merged = await services.profiles.db["audit_log"].find_one({"action": "merged"})
    assert merged is not None
    await merge_undo.undo(services.duplicates, curator, merged["merge_id"])
    assert await services.shortlists.keys("visitor:a") == [
        ("organization", "kopi-kode-2"), ("talent", "rina")]
    assert await services.shortlists.keys("visitor:b") == [
        ("organization", "kopi-kode"), ("organization", "kopi-kode-2"), ("talent", "rina")]
