"""Admin and curator pages on the real app: roles granted and revoked by admins only (never the
last admin), and the audit log with filters and pagination."""

from __future__ import annotations

import httpx

from directory import audit
from directory.context import Services
from tests.web import log_in, make_user, post_form


async def test_admins_grant_and_revoke_roles(client: httpx.AsyncClient,
                                             services: Services) -> None:
    assert (await client.get("/admin/peran", follow_redirects=False)).status_code in (302, 303)
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    assert (await client.get("/admin/peran")).status_code == 403
    warga = await make_user(services, "warga@example.id")
    assert (await post_form(client, f"/admin/peran/{warga.id}", {"role": "admin"})
            ).status_code == 403
    assert (await services.accounts.get(warga.id)).role == "user"  # type: ignore[union-attr]

    admin = await make_user(services, "admin@kota.example", "admin")
    await log_in(client, "admin@kota.example")
    page = await client.get("/admin/peran?q=warga")
    assert page.status_code == 200 and "warga@example.id" in page.text
    assert "kurator@kota.example" not in page.text  # filtered
    granted = await post_form(client, f"/admin/peran/{warga.id}", {"role": "curator"})
    assert granted.status_code == 303
    assert (await services.accounts.get(warga.id)).role == "curator"  # type: ignore[union-attr]
    bad = await post_form(client, f"/admin/peran/{warga.id}", {"role": "raja"})
    assert bad.status_code == 400 and f'id="role-{warga.id}-error"' in bad.text
    last = await post_form(client, f"/admin/peran/{admin.id}", {"role": "user"})
    assert last.status_code == 400 and "admin terakhir" in last.text
    assert (await services.accounts.get(admin.id)).role == "admin"  # type: ignore[union-attr]
    entries = (await audit.search(services.profiles.db, audit.AuditFilter(action="role_changed")))
    assert [e["detail"] for e in entries["entries"]] == ["warga@example.id: user → curator"]

    await log_in(client, "warga@example.id")  # the new curator reaches the curators' pages
    assert (await client.get("/kurasi/laporan")).status_code == 200


async def test_audit_log_filters_and_pages(client: httpx.AsyncClient,
                                           services: Services) -> None:
    curator = await make_user(services, "kurator@kota.example", "curator")
    other = await make_user(services, "lain@kota.example", "curator")
    for i in range(60):
        await audit.record(services.profiles.db, curator, "report_dismissed", f"r{i}")
    await audit.record(services.profiles.db, other, "moderation_hidden", "spam", "organization",
                       "studio-x")
    await make_user(services, "warga@example.id")
    await log_in(client, "warga@example.id")
    assert (await client.get("/kurasi/audit")).status_code == 403

    await log_in(client, "kurator@kota.example")
    first = await client.get("/kurasi/audit")
    assert first.status_code == 200 and "61 catatan" in first.text
    assert "studio-x" in first.text and 'rel="next"' in first.text  # newest first, 50 a page
    second = await client.get("/kurasi/audit?page=2")
    assert second.text.count("Laporan diabaikan</td>") == 11  # the event's words, not its code
    by_actor = await client.get("/kurasi/audit?actor=lain")
    assert "1 catatan" in by_actor.text and "studio-x" in by_actor.text
    by_profile = await client.get("/kurasi/audit?profile=studio-x&action=moderation_hidden")
    assert "1 catatan" in by_profile.text
    future = await client.get("/kurasi/audit?since=2999-01-01")
    assert "0 catatan" in future.text and "Tidak ada catatan" in future.text
    bad = await client.get("/kurasi/audit?since=kemarin")
    assert bad.status_code == 400
    assert 'id="since-error"' in bad.text and 'value="kemarin"' in bad.text
    assert "harus berupa tanggal dengan format TTTT-BB-HH" in bad.text
