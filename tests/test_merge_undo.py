"""Undoing a merge from the audit log (issue 12): both profiles come back as they were (team,
images, inquiries, references, no redirect), in one transaction and audited; refused, with
nothing changed, when something the merge touched was edited since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from directory.context import Services
from tests.helpers import eventually
from tests.test_duplicates import _two_studios
from tests.test_images import png
from tests.web import log_in, make_user, post_form

MERGE = "/kurasi/duplikat/organization/kopi-kode/kopi-kode-2/gabung"


async def _state(services: Services) -> dict[str, Any]:
    db = services.profiles.db
    return {
        "profiles": [await services.editor.current("organization", s)
                     for s in ("kopi-kode", "kopi-kode-2")],
        "talents": [await services.editor.current("talent", s) for s in ("rina", "budi")],
        "team": sorted([(g["slug"], g["user_id"], g["role"])
                        async for g in db["profile_access"].find({})]),
        "images": [await services.media.urls("organization", s)
                   for s in ("kopi-kode", "kopi-kode-2")],
        "inquiries": [d["slug"] async for d in db["inquiries"].find({})],
    }


async def _merge(client: httpx.AsyncClient, services: Services) -> str:
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    merged = await post_form(client, MERGE, {"keep": "a", "field_headline": "b",
                                             "field_nib": "b", "field_kbli": "b"})
    assert merged.status_code == 303
    entry = await services.profiles.db["audit_log"].find_one({"action": "merged"})
    assert entry is not None
    return str(entry["merge_id"])


async def test_undo_restores_both_profiles_from_the_audit_log(
        client: httpx.AsyncClient, services: Services) -> None:
    await _two_studios(services)
    db = services.profiles.db
    await db["inquiries"].insert_one({"kind": "organization", "slug": "kopi-kode-2",
                                      "name": "Klien", "message": "Halo"})
    owner = await services.accounts.by_email("owner1@kopikode.example")
    assert owner is not None
    await services.media.store(owner, "organization", "kopi-kode", "logo", png())
    await services.media.store(owner, "organization", "kopi-kode-2", "logo", png())
    game_b = await services.media.store(owner, "organization", "kopi-kode-2", "portfolio:Game B",
                                        png())
    before = await _state(services)
    merge_id = await _merge(client, services)
    assert (await client.get("/organisasi/kopi-kode-2", follow_redirects=False)).status_code == 301

    audit_page = (await client.get("/kurasi/audit")).text
    action = f"/kurasi/penggabungan/{merge_id}/batal"
    assert action in audit_page and "Batalkan penggabungan" in audit_page
    undone = await post_form(client, action)
    assert undone.status_code == 200, undone.text
    assert "Penggabungan dibatalkan" in undone.text
    assert "logo" in undone.text  # replaced by the kept one's in the merge: said, not restored

    after = await _state(services)
    lost_logo_gone = dict(before["images"][1])
    lost_logo_gone.pop("logo")
    assert after["images"] == [before["images"][0], lost_logo_gone]
    assert after["images"][1] == {"portfolio:Game B": f"/media/{game_b}"}
    for name in ("profiles", "talents", "team", "inquiries"):
        assert after[name] == before[name], name
    old = await client.get("/organisasi/kopi-kode-2", follow_redirects=False)
    assert old.status_code == 200 and "Judul baru" in old.text  # the redirect is gone
    assert await db["audit_log"].count_documents({"action": "merge_undone",
                                                  "merge_id": merge_id}) == 2

    async def both_in_search() -> bool:
        hits = (await client.get("/api/v1/search", params={"q": "kopi kode"})).json()["hits"]
        return sorted(h["slug"] for h in hits if h["kind"] == "organization") == \
            ["kopi-kode", "kopi-kode-2"]

    await eventually(both_in_search, "the restored profile back in search")
    again = await post_form(client, action)
    assert again.status_code == 409 and "sudah dibatalkan" in again.text
    assert action not in (await client.get("/kurasi/audit")).text


async def test_undo_is_refused_when_a_later_edit_would_be_lost(
        client: httpx.AsyncClient, services: Services) -> None:
    await _two_studios(services)
    merge_id = await _merge(client, services)
    owner = await services.accounts.by_email("owner1@kopikode.example")
    assert owner is not None
    await services.editor.save(owner, "organization", "kopi-kode", {"headline": "Sesudahnya"})

    action = f"/kurasi/penggabungan/{merge_id}/batal"
    refused = await post_form(client, action)
    assert refused.status_code == 409
    assert "Pembatalan ditolak" in refused.text and "kedua profil" in refused.text
    kept = await services.editor.current("organization", "kopi-kode")
    assert kept["headline"] == "Sesudahnya"  # nothing was changed
    assert not await services.profiles.db["organizations"].find_one({"slug": "kopi-kode-2"})
    assert (await client.get("/organisasi/kopi-kode-2", follow_redirects=False)
            ).status_code == 301

    # Past the undo period (MongoDB's TTL removes the record later): no button, 404.
    await services.profiles.db["merge_undo"].update_one(
        {"_id": merge_id}, {"$set": {"expires_at": datetime.now(UTC) - timedelta(days=1)}})
    assert action not in (await client.get("/kurasi/audit")).text
    assert (await post_form(client, action)).status_code == 404

    await make_user(services, "warga@kota.example")
    await log_in(client, "warga@kota.example")
    assert (await post_form(client, action)).status_code == 403
    await log_in(client, "kurator@kota.example")
    assert (await post_form(client, "/kurasi/penggabungan/tidak-ada/batal")).status_code == 404
