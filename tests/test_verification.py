"""Verification on the real app: the curators' queue with its checks, verify / reject with a
note, the dated badge, owners seeing the decision, and expiry back into the queue."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from directory.accounts.service import now
from directory.context import Services
from directory.curation import kbli
from directory.curation.verification import add_months
from tests.factories import org
from tests.helpers import eventually, load
from tests.web import grant, log_in, make_user, post_form


def test_kbli_codes_are_checked_against_the_subsectors() -> None:
    rows = kbli.check_codes(["62011", "62019", "56101", "99999"], ["pengembang-permainan"])
    by_code = {r.code: r for r in rows}
    assert by_code["62011"].matches == ("pengembang-permainan",)  # the 5-digit group wins
    assert by_code["62019"].ok is False and by_code["62019"].subsectors == ("aplikasi",)
    assert by_code["56101"].subsectors == ("kuliner",)
    assert by_code["99999"].group is None and not by_code["99999"].ok
    assert kbli.check_codes([], ["aplikasi"]) == []


@pytest.mark.parametrize(("start", "months", "expected"), [
    ("2025-01-31", 1, "2025-02-28"), ("2024-02-29", 12, "2025-02-28"),
    ("2025-11-15", 3, "2026-02-15"), ("2026-03-10", -12, "2025-03-10")])
def test_add_months_clamps_to_the_month_end(start: str, months: int, expected: str) -> None:
    from datetime import datetime
    assert add_months(datetime.fromisoformat(start), months).date().isoformat() == expected


async def _queue_setup(services: Services) -> None:
    await load(services,
               org(slug="studio-nib", name="Studio Bernib", nib="8120000123456",
                   kbli=["62019"], subsectors=["aplikasi"], legal_form="pt",
                   links=[{"label": "Situs", "url": "https://www.studionib.example"}],
                   contact={"email": "halo@studionib.example"}),
               org(slug="studio-polos", name="Studio Polos", kbli=["56101"]),
               org(slug="studio-lama", name="Studio Sudah", verified=True),
               org(slug="studio-draf", name="Studio Draf", status="draft"))
    await grant(services, await make_user(services, "owner@studionib.example"), "studio-nib")


async def test_queue_shows_what_to_check_and_only_curators_reach_it(
        client: httpx.AsyncClient, services: Services) -> None:
    await _queue_setup(services)
    assert (await client.get("/kurasi/verifikasi", follow_redirects=False)).status_code == 303
    await log_in(client, "owner@studionib.example")
    assert (await client.get("/kurasi/verifikasi")).status_code == 403
    assert (await post_form(client, "/kurasi/verifikasi/studio-nib",
                            {"decision": "verified"})).status_code == 403
    assert not (await services.editor.current("organization", "studio-nib")).get("verified")

    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    page = (await client.get("/kurasi/verifikasi")).text
    assert "Studio Bernib" in page and "Studio Polos" in page
    assert "Studio Sudah" not in page and "Studio Draf" not in page  # verified / not published
    # one compact row each (checks at a glance); the details on the item's own page
    assert page.count('class="desk-row"') == 2 and 'name="slug" value="studio-nib"' in page
    assert 'name="slug" value="studio-polos"' not in page  # no NIB: not verified in bulk
    item = (await client.get("/kurasi/verifikasi/studio-nib")).text
    assert "8120000123456" in item and "studionib.example" in item
    assert "sama dengan situs" in item and "sudah diklaim" in item
    assert "Setidaknya satu kode KBLI sesuai" in item
    plain = (await client.get("/kurasi/verifikasi/studio-polos")).text
    assert "belum diisi" in plain and "Tidak ada kode KBLI yang sesuai" in plain
    assert "belum diklaim" in plain
    assert "Antrean (2)" in page and "Terverifikasi tanpa tanggal (1)" in page


async def test_verify_and_reject_with_notes_badge_date_and_owner_view(
        client: httpx.AsyncClient, services: Services) -> None:
    await _queue_setup(services)
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")

    bad = await post_form(client, "/kurasi/verifikasi/studio-polos",
                          {"decision": "rejected", "note": "", "evidence": "cek OSS"})
    assert bad.status_code == 400
    assert 'id="note-error"' in bad.text and ">cek OSS</textarea>" in bad.text
    assert 'href="#f-note"' in bad.text  # the summary on top links to the field
    no_choice = await post_form(client, "/kurasi/verifikasi/studio-polos", {"note": "x"})
    assert no_choice.status_code == 400 and "pilih terverifikasi atau ditolak" in no_choice.text
    assert await services.profiles.db["verification_state"].count_documents({}) == 0

    ok = await post_form(client, "/kurasi/verifikasi/studio-nib",
                         {"decision": "verified", "note": "NIB dan KBLI sesuai.",
                          "evidence": "NIB dicocokkan dengan salinan izin usaha."})
    assert ok.status_code == 303
    assert (await services.editor.current("organization", "studio-nib"))["verified"] is True
    rejected = await post_form(client, "/kurasi/verifikasi/studio-polos",
                               {"decision": "rejected", "note": "NIB belum ada; lengkapi dulu."})
    assert rejected.status_code == 303
    queue = (await client.get("/kurasi/verifikasi")).text
    assert "Studio Bernib" not in queue and "Studio Polos" not in queue
    assert "Studio Polos" in (await client.get("/kurasi/verifikasi?tab=ditolak")).text

    public = (await client.get("/organisasi/studio-nib")).text
    today = now().date().isoformat()
    assert f'<time datetime="{today}">' in public
    assert "NIB dicocokkan" not in public  # evidence notes are for curators only

    async def verified_in_search() -> bool:
        hits = (await client.get("/api/v1/search", params={"verified": "true"})).json()["hits"]
        return any(h["slug"] == "studio-nib" for h in hits)

    await eventually(verified_in_search, "verified flag in search")

    audit = (await client.get("/kurasi/audit", params={"action": "verification_rejected"})).text
    assert "studio-polos" in audit and "NIB belum ada" in audit

    await log_in(client, "owner@studionib.example")
    manage = (await client.get("/kelola/organization/studio-nib")).text
    assert "Terverifikasi kurator kota pada" in manage and "NIB dan KBLI sesuai." in manage
    assert "NIB dicocokkan" not in manage

    # the rejected organization's owner changes it: back in the queue, marked with the rejection
    await services.editor.patch(await services.accounts.by_email("kurator@kota.example"),
                                "organization", "studio-polos", {"nib": "8120000999999"})
    await log_in(client, "kurator@kota.example")
    back = (await client.get("/kurasi/verifikasi")).text
    assert "Studio Polos" in back and "NIB belum ada; lengkapi dulu." in back


async def test_verification_expires_back_into_the_queue(client: httpx.AsyncClient,
                                                        services: Services) -> None:
    await _queue_setup(services)
    curator = await make_user(services, "kurator@kota.example", "curator")
    await services.verification.decide(curator, "studio-nib", {"decision": "verified"})
    verification = services.verification
    state = verification.state
    await state.update_one({"_id": "studio-nib"},
                           {"$set": {"at": add_months(now(), -12) + timedelta(days=10)}})
    soon = await verification.rows("segera")
    assert [row.key for row in soon] == ["studio-nib"]
    assert await verification.expire_due() == 0

    await state.update_one({"_id": "studio-nib"},
                           {"$set": {"at": add_months(now(), -12) - timedelta(days=1)}})
    queue = await verification.rows("antrean")  # the queue lapses what is due first
    assert "studio-nib" in [row.key for row in queue]
    assert (await services.editor.current("organization", "studio-nib"))["verified"] is False
    assert (await state.find_one({"_id": "studio-nib"}))["state"] == "expired"
    assert await verification.expire_due() == 0  # once only
    entries = await services.profiles.db["audit_log"].count_documents(
        {"action": "verification_expired", "slug": "studio-nib"})
    assert entries == 1
    assert "lapsing_since" not in await state.find_one({"_id": "studio-nib"})
    await log_in(client, "kurator@kota.example")
    assert "kedaluwarsa" in (await client.get("/kurasi/verifikasi")).text
    assert "Kedaluwarsa pada" in (await client.get("/kurasi/verifikasi/studio-nib")).text
    assert "badge verified" not in (await client.get("/organisasi/studio-nib")).text

    # renewal: verifying again restarts the twelve months, and the setting is honoured
    await verification.decide(curator, "studio-nib", {"decision": "verified"})
    status = await verification.status("studio-nib")
    assert status is not None and status["state"] == "verified"
    assert status["expires_at"].date() == add_months(status["at"], 12).date()


async def test_a_lapse_claimed_by_a_process_that_died_is_finished_later(
        services: Services) -> None:
    await _queue_setup(services)
    curator = await make_user(services, "kurator@kota.example", "curator")
    await services.verification.decide(curator, "studio-nib", {"decision": "verified"})
    state = services.verification.state
    due = add_months(now(), -12) - timedelta(days=1)
    # Claimed 20 minutes ago by a process that then died: the flag is still set.
    await state.update_one({"_id": "studio-nib"}, {"$set": {
        "at": due, "lapsing_since": now() - timedelta(minutes=20)}})
    assert await services.verification.expire_due() == 1
    assert (await services.editor.current("organization", "studio-nib"))["verified"] is False
    assert (await state.find_one({"_id": "studio-nib"}))["state"] == "expired"
    # A fresh claim belongs to a live process: left alone.
    await services.verification.decide(curator, "studio-nib", {"decision": "verified"})
    await state.update_one({"_id": "studio-nib"}, {"$set": {"at": due, "lapsing_since": now()}})
    assert await services.verification.expire_due() == 0
