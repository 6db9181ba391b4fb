"""Hostile input and abuse (issue 17), each case on real services: nothing injected into
spreadsheets or mail, no 500 from any input, no account takeover, enumeration or lock-out, backups
that keep secrets and indexes."""

from __future__ import annotations

import asyncio
import csv
import io
import stat
import struct
import threading
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from asgi_lifespan import LifespanManager
from openpyxl import Workbook, load_workbook
from pymongo import AsyncMongoClient

from directory.accounts import secrets_
from directory.accounts.service import login_delay
from directory.context import Services, open_services
from directory.curation.sheets.plan import plan_table
from directory.curation.sheets.reader import read_table
from directory.curation.sheets.service import rejected_csv
from directory.errors import InvalidInput
from directory.exports import append, neutralise
from directory.ops import backup
from directory.profiles import media
from directory.settings import Settings
from directory.stats import reminders
from directory.web.app import create_app
from search.query import SearchParams
from tests.conftest import _client, run_cli, write_jsonl
from tests.factories import org, talent
from tests.helpers import indexed_documents, load
from tests.mailbox import Mailbox, text_of
from tests.test_images import png
from tests.web import PASSWORD, csrf, grant, log_in, make_user, org_body, post_form

RESET_LINK = "http://127.0.0.1:8000/akun/sandi/baru?token=rahasia-reset-123"
EVIL = '=HYPERLINK("http://evil.example","x")'


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


# --- 2. spreadsheet formula injection ------------------------------------------------------


def test_cells_that_look_like_formulas_are_neutralised() -> None:
    for text in ("=1+2", "+cmd|' /C calc'!A0", "-2+3+cmd|x", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    for value in ("Studio", "-7.9797", "+62 341 000000", 12, None, "2024-01"):
        assert neutralise(value) == value

    book = Workbook()
    append(book.active, [EVIL, "ok\x0bbad\x00", 3])
    out = io.BytesIO()
    book.save(out)
    cells = load_workbook(io.BytesIO(out.getvalue())).active[1]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == (EVIL, "s", True)
    assert cells[1].value == "okbad" and cells[2].value == 3


async def test_ecosystem_and_analyst_downloads_carry_no_formula(
        services: Services, client: httpx.AsyncClient) -> None:
    await load(services, org(slug="studio-jahat", skills=[EVIL, "@SUM(1+1)"]))
    table = _rows((await client.get("/ekosistem/csv/skill")).text)
    values = {row[0].casefold() for row in table[1:]}  # skills are counted case-insensitively
    assert {"'" + EVIL.casefold(), "'@sum(1+1)"} <= values and EVIL.casefold() not in values

    response = await client.get("/ekosistem/xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["skill"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)
             if str(row[0].value).casefold() == EVIL.casefold()]
    assert cells and all(c.data_type == "s" for c in cells)
    assert b"<f>" not in _sheet_xml(response.content)

    assert (await client.get("/api/v1/search", params={"q": "=1+2"})).status_code == 200
    await make_user(services, "analis@bappeda.example", "analyst")
    await log_in(client, "analis@bappeda.example")
    demand = _rows((await client.get("/analis/csv/demand")).text)
    assert [row[0] for row in demand[1:] if "1+2" in row[0]] == ["'=1+2"]


def _sheet_xml(raw: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)


async def test_import_stores_formulas_as_text_flags_them_and_rejects_them_quoted(
        services: Services) -> None:
    headers = ["Nama", "Subsektor", "Kecamatan", "Jenis_Organisasi", "Keahlian"]
    rows = [["=cmd|' /C calc'!A0", "aplikasi", "klojen", "startup", "Unity"],
            ["Studio Baik", "aplikasi", "klojen", "startup", "'@SUM(1+1)"],
            ["+Studio Salah", "bukan-kode", "klojen", "startup", ""]]
    out = io.StringIO()
    csv.writer(out).writerows([headers, *rows])
    plan = await plan_table("x.csv", read_table("x.csv", out.getvalue().encode()),
                            services.profiles)
    assert [r.action for r in plan.rows] == ["create", "create", "invalid"]
    assert plan.rows[0].profile is not None and plan.rows[0].profile.name == rows[0][0]
    assert plan.rows[1].profile is not None and plan.rows[1].profile.skills == ["@SUM(1+1)"]
    assert any("kolom 'nama'" in w and "rumus" in w for w in plan.rows[0].warnings)
    assert any("kolom 'keahlian'" in w for w in plan.rows[1].warnings)
    rejected = _rows(rejected_csv(plan).decode("utf-8"))
    assert rejected[1][1] == "'+Studio Salah"


# --- 3. control characters, single lines, mail headers, batch tasks --------------------------


async def _token(services: Services, email: str) -> dict[str, str]:
    user = await services.accounts.by_email(email) or await make_user(services, email)
    return {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}


async def test_text_fields_refuse_control_and_bidi_characters_naming_the_field(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    body = org_body(name="Evil Org\r\nBcc: spy@evil.example", headline="Baik \u202eevil",
                    description="Baris satu\x00", skills=["Unity", "Py\u000bthon"],
                    links=[{"label": "Situs\nBcc", "url": "https://ok.example"}])
    for lang, line, char in (("id", "harus satu baris", "karakter kendali U+202E"),
                             ("en", "must be a single line", "control character U+202E")):
        response = await client.post(f"/api/v1/organizations?lang={lang}", headers=auth,
                                     json=body)
        assert response.status_code == 422, response.text
        reasons = {p["name"]: p["reason"] for p in response.json()["invalid_params"]}
        assert set(reasons) == {"name", "headline", "description", "skills[1]", "links[0].label"}
        assert line in reasons["name"] and char in reasons["headline"]
        assert "U+0000" in reasons["description"] and "U+000B" in reasons["skills[1]"]
    assert await services.profiles.collection("organization").count_documents({}) == 0

    fine = org_body(description="Baris satu\r\nBaris dua\n\tdengan tab", name="Kopi Ümit")
    assert (await client.post("/api/v1/organizations", headers=auth, json=fine)).status_code \
        == 201
    await make_user(services, "klien@perusahaan.example")
    inquiry = await post_form(client, "/organisasi/studio-kopi/pesan", {
        "name": "Klien\r\nBcc: spy@evil.example", "email": "klien@perusahaan.example",
        "message": "Kami butuh game edukasi\u202e untuk Android.", "budget": "unknown",
        "timeline": "asap"})
    assert inquiry.status_code == 400
    assert 'id="name-error"' in inquiry.text and 'id="message-error"' in inquiry.text
    report = await post_form(client, "/organisasi/studio-kopi/lapor", {
        "reason": "spam", "message": "Isi profil ini\x00 palsu sekali."})
    assert report.status_code == 400 and 'id="message-error"' in report.text


async def test_mail_headers_cannot_be_injected_and_a_bad_profile_never_stops_reminders(
        services: Services, mailbox: Mailbox) -> None:
    await load(services, org(slug="baik-1"), org(slug="baik-2"))
    # Stored before names were checked: a name with CR/LF, and an owner whose stored address
    # cannot be a recipient.
    orgs = services.profiles.collection("organization")
    await load(services, org(slug="jahat"))
    await orgs.update_one({"slug": "jahat"},
                          {"$set": {"name": "Evil Org\r\nBcc: spy@evil.example"}})
    await grant(services, await make_user(services, "owner@jahat.example"), "jahat")
    broken = await make_user(services, "broken@baik-1.example")
    await services.accounts.users.update_one({"email": broken.email},
                                             {"$set": {"email": "x\r\nBcc: spy@evil.example"}})
    await grant(services, broken, "baik-1")
    await grant(services, await make_user(services, "owner@baik-2.example"), "baik-2")

    assert await reminders.send_quarterly(services) == 2  # the broken address is skipped
    evil = mailbox.last_to("owner@jahat.example")
    assert "\n" not in evil["Subject"] and "Evil Org Bcc: spy@evil.example" in evil["Subject"]
    assert evil["Bcc"] is None
    assert mailbox.last_to("owner@baik-2.example")
    assert all(m["Bcc"] is None and "spy" not in str(m["To"]) for m in mailbox.messages)


# --- 1. the development mail viewer ----------------------------------------------------------


def _sink_settings(settings: Settings, var_dir: Path, environment: str) -> Settings:
    """The app as `make run` starts it: the embedded mail sink, whose messages /dev/surat shows."""
    (var_dir / "mail").mkdir(parents=True)
    (var_dir / "mail" / "20261204T120000-000000001.eml").write_text(
        "To: korban@contoh.example\r\nSubject: Atur ulang kata sandi\r\n\r\n"
        f"Buka {RESET_LINK}\r\n")
    return settings.with_(smtp_url=f"smtp://127.0.0.1:{settings.embedded_smtp_port}",
                          var_dir=var_dir, environment=environment,
                          secret_key="x" * 40 if environment != "development" else
                          settings.secret_key)


async def test_only_a_logged_in_admin_reads_the_development_mail(
        services: Services, settings: Settings, tmp_path: Path) -> None:
    assert Settings.model_fields["host"].default == "127.0.0.1"  # the default bind is loopback
    await make_user(services, "warga@contoh.example")
    await make_user(services, "admin@kota.example", "admin")
    async for client in _client(_sink_settings(settings, tmp_path / "dev", "development")):
        anonymous = await client.get("/dev/surat", follow_redirects=False)
        assert anonymous.status_code in (302, 303) and RESET_LINK not in anonymous.text
        assert "/akun/masuk" in anonymous.headers["location"]
        await log_in(client, "warga@contoh.example")
        user = await client.get("/dev/surat")
        assert user.status_code == 403 and RESET_LINK not in user.text
        await log_in(client, "admin@kota.example")
        admin = await client.get("/dev/surat")
        assert admin.status_code == 200 and "rahasia-reset-123" in admin.text
    async for client in _client(_sink_settings(settings, tmp_path / "prod", "production")):
        await log_in(client, "admin@kota.example")
        production = await client.get("/dev/surat")
        assert production.status_code == 404 and "rahasia-reset-123" not in production.text


# --- 7. backups and a stable result order ----------------------------------------------------


@pytest.fixture
async def restore_settings(settings: Settings) -> AsyncIterator[Settings]:
    target = settings.with_(mongodb_db="directory_test_hostile", index_prefix="test_hostile_")
    async with AsyncMongoClient(str(target.mongodb_url)) as mongo:
        await mongo.drop_database(target.mongodb_db)
        yield target
        await mongo.drop_database(target.mongodb_db)


async def _indexes(db: object) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    for name in await backup.collections_of(db):
        info = await db[name].index_information()  # type: ignore[index]
        found[name] = sorted((tuple(v["key"]), bool(v.get("unique"))) for v in info.values())
    return found


async def test_backup_is_private_and_restore_recreates_every_index(
        services: Services, restore_settings: Settings, tmp_path: Path) -> None:
    await load(services, org(slug="alpha"), talent(slug="citra"))
    owner = await grant(services, await make_user(services, "owner@alpha.example"), "alpha")
    await services.media.store(owner, "organization", "alpha", "logo", png(300, 200))
    target = tmp_path / "cadangan"
    target.mkdir(mode=0o777)  # an empty folder made by someone else
    await backup.backup(services.profiles.db, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    files = list(target.iterdir())
    assert len(files) > 5 and {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}

    async with open_services(restore_settings) as copy:
        db = copy.profiles.db
        for name in await db.list_collection_names():  # even a database with no index at all
            await db[name].drop()
        await backup.restore(db, target)
        theirs, ours = await _indexes(db), await _indexes(services.profiles.db)
        assert theirs == ours
        assert (("files_id", "n"), True) in [(tuple(k for k, _ in key), u)
                                             for key, u in theirs["images.chunks"]]
        await copy.meili.delete_index(copy.index.uid)


async def test_equal_scores_come_back_in_one_stable_order(services: Services) -> None:
    twins = [org(slug=f"kembar-{c}", name="Studio Kembar", headline="Sama persis")
             for c in "dbeac"]
    await load(services, *twins)
    first = [h["slug"] for h in (await services.searcher.search(SearchParams(q="kembar"))).hits]
    assert first == sorted(first) and len(first) == 5
    # The same documents written in the opposite order (as a restore or reindex may).
    uid = services.index.uid
    documents = sorted(await indexed_documents(services), key=lambda d: d["id"], reverse=True)
    await services.meili.wait_task(await services.meili.request(
        "DELETE", f"/indexes/{uid}/documents"))
    for document in documents:
        await services.meili.wait_task(await services.meili.add_documents(uid, [document]))
    again = [h["slug"] for h in (await services.searcher.search(SearchParams(q="kembar"))).hits]
    assert again == first


# --- 4. bounded inputs -----------------------------------------------------------------------


async def test_json_bodies_are_bounded_in_depth_and_size(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    for depth in (25, 1000, 100_000):
        body = b'{"name": ' + b"[" * depth + b"]" * depth + b"}"
        response = await client.post("/api/v1/organizations", content=body,
                                     headers={**auth, "Content-Type": "application/json"})
        assert response.status_code == 400, (depth, response.text[:200])
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "JSON bersarang" in response.json()["invalid_params"][0]["reason"]
    quoted = org_body(description="[" * 30 + "{" * 30)  # brackets inside strings are text
    assert (await client.post("/api/v1/organizations", headers=auth, json=quoted)
            ).status_code == 201
    huge = org_body(slug="besar", description="x" * 3_000_000)
    response = await client.post("/api/v1/organizations", headers=auth, json=huge)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_integers_beyond_the_documented_ranges_are_field_errors(
        client: httpx.AsyncClient, services: Services, settings: Settings,
        tmp_path: Path) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    response = await client.post("/api/v1/organizations", headers=auth, json=org_body(
        min_budget_idr=2**63, team_size=2**64, founded_year=-(2**70)))
    assert response.status_code == 422
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert {"min_budget_idr", "team_size", "founded_year"} <= names
    rate = await client.post("/api/v1/talents", headers=auth, json={
        "slug": "sari", "name": "Sari", "roles": ["game_artist"], "subsectors": ["aplikasi"],
        "kecamatan": "klojen", "hourly_rate_idr": {"min": 10**20}})
    assert rate.status_code == 422
    assert [p["name"] for p in rate.json()["invalid_params"]] == ["hourly_rate_idr.min"]

    lines = write_jsonl(tmp_path / "besar.jsonl", [org(slug="besar", min_budget_idr=2**64)])
    result = run_cli(settings, "import", str(lines))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "line 1: min_budget_idr" in result.stderr + result.stdout

    sheet = tmp_path / "besar.csv"
    sheet.write_text("Nama,Subsektor,Kecamatan,Jenis_Organisasi,Anggaran_Min_IDR,Jumlah_Tim\n"
                     f"Studio Besar,aplikasi,klojen,startup,{2**64},{'9' * 5000}\n")
    result = run_cli(settings, "import-sheet", str(sheet))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "anggaran_min_idr" in result.stderr and "jumlah_tim" in result.stderr
    assert await services.profiles.collection("organization").count_documents({}) == 0


def _png_header(width: int, height: int, data: bytes = b"") -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + (
        chunk(b"IDAT", data) + chunk(b"IEND", b"") if data else b"")


async def test_image_pixels_are_limited_before_decoding_and_decoding_is_off_the_loop(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    await load(services, org(slug="alpha"))
    owner = await grant(services, await make_user(services, "owner@alpha.example"), "alpha")
    rows = zlib.compress(b"\0" * (20000 * 2501), 9)  # 20000×20000 pixels in ~50 KB
    for raw in (_png_header(60000, 60000, zlib.compress(b"")), _png_header(20000, 20000, rows)):
        assert len(raw) < 100_000
        try:
            await services.media.store(owner, "organization", "alpha", "logo", raw)
        except InvalidInput as exc:
            assert exc.errors[0].field == "file"
            assert "resolusi gambar terlalu besar" in exc.errors[0].reason
        else:
            raise AssertionError("a decompression bomb was accepted")

    threads = []
    process = media.process

    def recording(*args: object) -> media.Processed:
        threads.append(threading.current_thread())
        return process(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(media, "process", recording)
    await services.media.store(owner, "organization", "alpha", "logo", png(40, 40))
    assert threads and threads[0] is not threading.main_thread()


# --- 6. no enumeration, no lock-out ----------------------------------------------------------


@asynccontextmanager
async def _app_clients(settings: Settings, *ips: str) -> AsyncIterator[list[Any]]:
    """One app, one client per source address (and the app itself for raw ASGI calls)."""
    app = create_app(settings)
    async with LifespanManager(app):
        clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 4000)),
                                     base_url="http://testserver") for ip in ips]
        try:
            yield [app, *clients]
        finally:
            for c in clients:
                await c.aclose()


async def test_sign_up_answers_the_same_for_a_taken_address_and_mails_its_owner(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await make_user(services, "ada@example.id")
    answers = []
    for email in ("ada@example.id", "baru@example.id"):
        response = await post_form(client, "/akun/daftar", {
            "email": email, "name": "Nama", "password": "sandi-lain-2026",
            "password_again": "sandi-lain-2026"})
        answers.append((response.status_code, response.text.replace(email, "EMAIL"),
                        sorted(k for k in response.headers if k != "content-length"),
                        "sid" in response.headers.get("set-cookie", "")))
    assert answers[0] == answers[1] and answers[0][0] == 200 and not answers[0][3]
    owner_mail = mailbox.last_to("ada@example.id")
    assert "sudah punya akun" in owner_mail["Subject"] and "/akun/lupa-sandi" in \
        text_of(owner_mail)
    assert "/akun/verifikasi" in text_of(mailbox.last_to("baru@example.id"))
    assert await services.profiles.db["users"].count_documents({}) == 2
    assert (await log_in(client, "ada@example.id")).status_code == 303  # password unchanged


async def test_log_in_costs_the_same_for_unknown_accounts_and_runs_argon2_off_the_loop(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    await make_user(services, "ada@example.id")
    calls: list[bool] = []
    verify = secrets_.verify_password

    def recording(stored: str, password: str) -> bool:
        calls.append(threading.current_thread() is not threading.main_thread())
        return verify(stored, password)

    monkeypatch.setattr(secrets_, "verify_password", recording)
    timings: dict[str, list[float]] = {"ada@example.id": [], "siapa@example.id": []}
    for round_ in range(3):
        for email, spent in timings.items():
            started = time.perf_counter()
            with pytest.raises(InvalidInput):
                await services.accounts.login(email, "salah-sandi-123", f"10.0.{round_}.1")
            spent.append(time.perf_counter() - started)
    assert calls == [True] * 6  # argon2 ran for the unknown address too, in a worker thread
    known, unknown = (sorted(t)[1] for t in timings.values())
    assert unknown > known / 3, timings  # same order of time (argon2 dominates both)


async def test_reset_mail_leaves_after_the_answer(
        settings: Settings, services: Services, mailbox: Mailbox) -> None:
    await make_user(services, "ada@example.id")
    async with _app_clients(settings, "10.1.1.1") as (app, client):
        token = await csrf(client)
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        body = urlencode({"email": "ada@example.id", "_csrf_token": token}).encode()
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "POST", "scheme": "http", "path": "/akun/lupa-sandi",
                 "raw_path": b"/akun/lupa-sandi", "query_string": b"", "root_path": "",
                 "server": ("testserver", 80), "client": ("10.1.1.1", 4000),
                 "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode()),
                             (b"content-type", b"application/x-www-form-urlencoded"),
                             (b"content-length", str(len(body)).encode())]}
        sent = False
        seen: dict[str, Any] = {}

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                seen["mails_when_answered"] = len(mailbox.to("ada@example.id"))

        await app(scope, receive, send)
        assert seen == {"status": 200, "mails_when_answered": 0}
        assert "/akun/atur-sandi" in mailbox.link_to("ada@example.id", "/akun/")


async def test_an_attacker_elsewhere_cannot_lock_the_owner_out(
        settings: Settings, services: Services) -> None:
    await make_user(services, "ada@example.id")
    async with _app_clients(settings, "203.0.113.7", "198.51.100.2") as (_app, attacker, owner):
        for _ in range(5):
            wrong = await log_in(attacker, "ada@example.id", "tebak-tebak-123")
            assert wrong.status_code == 400
        refused = await log_in(attacker, "ada@example.id", PASSWORD)
        assert refused.status_code == 429 and "Retry-After" in refused.headers
        started = time.perf_counter()
        assert (await log_in(owner, "ada@example.id")).status_code == 303
        assert time.perf_counter() - started >= login_delay(5)  # slowed, never refused
    assert [login_delay(n) for n in (0, 4, 5, 6, 7, 30)] == [0, 0, 0.5, 1, 2, 8]


# --- 5. the inquiry form is no mail relay ----------------------------------------------------


async def test_the_clients_confirmation_carries_nothing_the_client_wrote(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(status="published"))
    spam = {"name": "Menang Hadiah Besar", "email": "korban@contoh.example",
            "organization": "Klaim di http://evil.example/hadiah",
            "message": "Selamat! Klaim hadiah Anda di https://evil.example/klaim sekarang juga.",
            "budget": "unknown", "timeline": "asap", "client_country": "ID",
            "client_province": "35"}
    assert (await post_form(client, "/organisasi/studio-kopi/pesan", spam)).status_code == 200
    confirmation = mailbox.last_to("korban@contoh.example")
    whole = confirmation.as_string()
    for written in ("Menang Hadiah", "evil.example", "Selamat", "Klaim", "http"):
        assert written not in whole, written
    assert "Studio Kopi" in confirmation["Subject"]  # the profile's public name only
    assert "evil.example/klaim" in text_of(mailbox.last_to("owner@studiokopi.example"))
