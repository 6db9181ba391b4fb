"""Accounts on the real app: sign-up and verification by real email, log-in throttling,
password reset tokens, CSRF, sessions shared by two app processes, the CLI commands."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from directory.accounts.secrets_ import verify_password
from directory.accounts.service import MAX_FAILURES_PER_ACCOUNT, now
from directory.context import Services
from directory.errors import InvalidInput, TooManyAttempts
from directory.mail.mailer import Mailer
from directory.rendering import create_environment
from directory.settings import PROJECT_ROOT, Settings
from tests.conftest import cli_env
from tests.mailbox import Mailbox, link_in
from tests.ports import free_port
from tests.servers import serving
from tests.web import PASSWORD, log_in, make_user, post_form


async def test_sign_up_sends_a_verification_link_that_works_once(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    # The answer is the same whether the address is new or taken (test_hostile checks that),
    # so nobody is signed in yet: the emailed link proves the address and signs in.
    response = await post_form(client, "/akun/daftar", {
        "email": "Rina@Example.id", "name": "Rina", "password": PASSWORD,
        "password_again": PASSWORD})
    assert response.status_code == 200 and "Periksa email Anda" in response.text
    assert "rina@example.id" in response.text
    assert (await client.get("/akun", follow_redirects=False)).status_code == 303
    raw = await services.profiles.db["users"].find_one({"email": "rina@example.id"})
    assert raw["password_hash"].startswith("$argon2id$") and raw["verified_at"] is None
    assert verify_password(raw["password_hash"], PASSWORD)

    message = mailbox.last_to("rina@example.id")
    assert "Verifikasi" in message["Subject"]
    assert message.get_body(preferencelist=("html",)) is not None  # text and HTML parts
    link = link_in(message, "/akun/verifikasi")
    assert (await client.get(link)).status_code == 200
    page = await client.get("/akun")
    assert "belum terverifikasi" not in page.text and "Rina · rina@example.id" in page.text
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page.text  # not eaten as a tag
    again = await client.get(link)
    assert again.status_code == 400 and "sudah dipakai" in again.text


async def test_sign_up_errors_are_shown_next_to_the_field_with_input_kept(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "ada@example.id")
    response = await post_form(client, "/akun/daftar", {
        "email": "ada@example.id", "name": "Nama Saya", "password": "pendek",
        "password_again": "lain"})
    assert response.status_code == 400
    assert 'id="password-error"' in response.text and "minimal 10 karakter" in response.text
    assert 'id="password_again-error"' in response.text
    assert 'value="Nama Saya"' in response.text
    # A taken address is no longer announced ("sudah terdaftar" enumerated accounts): the
    # same page as for a new one, and the owner gets an email instead (test_hostile).
    response = await post_form(client, "/akun/daftar", {
        "email": "ada@example.id", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 200 and "Periksa email Anda" in response.text
    assert await services.profiles.db["users"].count_documents({}) == 1


async def test_log_in_and_out(client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "budi@example.id")
    response = await log_in(client, "budi@example.id")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "budi@example.id" in (await client.get("/akun")).text
    await post_form(client, "/akun/keluar")
    assert (await client.get("/akun")).status_code == 303


async def test_log_in_is_throttled_per_account_with_a_clear_message(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "citra@example.id")
    for _ in range(5):
        response = await log_in(client, "citra@example.id", "salah-sandi-123")
        assert response.status_code == 400 and "Email atau kata sandi salah" in response.text
        assert 'value="citra@example.id"' in response.text
    response = await log_in(client, "citra@example.id")  # even the right password waits
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.text and "Retry-After" in response.headers
    other = await make_user(services, "dodi@example.id")
    assert (await log_in(client, other.email)).status_code == 303  # only that account


async def test_log_in_is_throttled_per_ip(client: httpx.AsyncClient, services: Services) -> None:
    for i in range(20):
        await log_in(client, f"tidak-ada-{i}@example.id", "salah-sandi-123")
    await make_user(services, "eko@example.id")
    assert (await log_in(client, "eko@example.id")).status_code == 429


async def test_password_reset_token_is_single_use_and_expires(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await make_user(services, "fajar@example.id")
    page = await post_form(client, "/akun/lupa-sandi", {"email": "fajar@example.id"})
    unknown = await post_form(client, "/akun/lupa-sandi", {"email": "siapa@example.id"})
    assert page.status_code == unknown.status_code == 200  # no account enumeration
    assert mailbox.to("siapa@example.id") == []
    link = mailbox.link_to("fajar@example.id", "/akun/atur-sandi")
    token = link.split("token=")[1]
    assert (await client.get(link)).status_code == 200
    new = "sandi-baru-yang-panjang"
    response = await post_form(client, "/akun/atur-sandi",
                               {"token": token, "password": new, "password_again": new})
    assert response.status_code == 303
    client.cookies.clear()
    assert (await log_in(client, "fajar@example.id", new)).status_code == 303
    reused = await post_form(client, "/akun/atur-sandi",
                             {"token": token, "password": "lagi-lagi-123", "password_again":
                              "lagi-lagi-123"})
    assert reused.status_code == 400 and "sudah dipakai atau kedaluwarsa" in reused.text

    sent = len(mailbox.to("fajar@example.id"))
    await post_form(client, "/akun/lupa-sandi", {"email": "fajar@example.id"})
    expired = mailbox.link_to("fajar@example.id", "/akun/atur-sandi",
                              after=sent).split("token=")[1]
    await services.profiles.db["one_time_tokens"].update_many(
        {"purpose": "reset", "used_at": None}, {"$set": {"expires_at": now() - timedelta(1)}})
    response = await post_form(client, "/akun/atur-sandi",
                               {"token": expired, "password": "lagi-lagi-123",
                                "password_again": "lagi-lagi-123"})
    assert response.status_code == 400
    client.cookies.clear()
    assert (await log_in(client, "fajar@example.id", new)).status_code == 303


async def test_forms_without_the_csrf_token_are_refused(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "gita@example.id")
    response = await client.post("/akun/masuk", data={"email": "gita@example.id",
                                                      "password": PASSWORD})
    assert response.status_code == 403
    await client.get("/akun/masuk")
    forged = await client.post("/akun/masuk", data={"email": "gita@example.id",
                                                    "password": PASSWORD,
                                                    "_csrf_token": "forged"})
    assert forged.status_code == 403
    assert await services.profiles.db["sessions"].count_documents({}) == 0


async def test_sessions_are_shared_by_two_app_processes(
        client: httpx.AsyncClient, services: Services, settings: Settings) -> None:
    await make_user(services, "hana@example.id")
    assert (await log_in(client, "hana@example.id")).status_code == 303
    sid = client.cookies["sid"]
    with serving(settings) as url:
        async with httpx.AsyncClient(base_url=url, cookies={"sid": sid}) as other:
            page = await other.get("/akun")
            assert page.status_code == 200 and "hana@example.id" in page.text
            # `directory serve` pages default to Bahasa Indonesia (the CLI itself is English),
            # also for an address no handler answers
            lost = await other.get("/alamat/yang/tidak/ada")
            assert lost.status_code == 404 and "Halaman tidak ditemukan" in lost.text
            await post_form(other, "/akun/keluar")  # logging out there ends it here too
        assert (await client.get("/akun")).status_code == 303


@pytest.fixture
def run_cli(settings: Settings):  # type: ignore[no-untyped-def]
    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "directory.cli", *args], input=stdin,
                              env=cli_env(settings), capture_output=True, text=True,
                              cwd=PROJECT_ROOT, timeout=120)
    return run


async def test_create_user_and_create_token_commands(
        run_cli, client: httpx.AsyncClient, services: Services) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("create-user", "kurator@malangkota.example", "--role", "curator",
                   "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    user = await services.accounts.by_email("kurator@malangkota.example")
    assert user is not None and user.role == "curator" and user.verified
    assert PASSWORD not in done.stdout + done.stderr

    again = run_cli("create-user", "kurator@malangkota.example", "--password-stdin",
                    stdin=PASSWORD + "\n")
    assert again.returncode == 1 and "already registered" in again.stderr  # the CLI speaks English
    weak = run_cli("create-user", "x@malangkota.example", "--password-stdin", stdin="short\n")
    assert weak.returncode == 2 and "password" in weak.stderr

    token = run_cli("create-token", "kurator@malangkota.example")
    assert token.returncode == 0 and token.stdout.strip().startswith("dkm_")
    stored = await services.profiles.db["api_tokens"].find_one({})
    assert token.stdout.strip() not in str(stored)  # only the hash is kept
    response = await client.post("/api/v1/talents", json={
        "slug": "kurator-test", "name": "Kurator", "roles": ["writer"],
        "subsectors": ["penerbitan"], "kecamatan": "klojen"},
        headers={"Authorization": f"Bearer {token.stdout.strip()}"})
    assert response.status_code == 201, response.text
    missing = run_cli("create-token", "nobody@malangkota.example")
    assert missing.returncode == 1 and "create-user" in missing.stderr


async def test_api_tokens_are_created_and_revoked_in_account_settings(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "ika@example.id")
    await log_in(client, "ika@example.id")
    page = await post_form(client, "/akun/token", {"label": "skrip situs"})
    token = page.text.split('<code id="new-token">')[1].split("<")[0]
    assert token.startswith("dkm_")
    headers = {"Authorization": f"Bearer {token}"}
    body = {"slug": "ika-p", "name": "Ika", "roles": ["writer"], "subsectors": ["penerbitan"],
            "kecamatan": "sukun"}
    assert (await client.post("/api/v1/talents", json=body, headers=headers)).status_code == 201
    listed = await client.get("/akun")
    assert "skrip situs" in listed.text and token not in listed.text  # shown once only
    [stored] = await services.accounts.tokens(await services.accounts.by_email("ika@example.id"))
    await post_form(client, f"/akun/token/{stored['id']}/cabut")
    response = await client.patch("/api/v1/talents/ika-p", json={"headline": "x"},
                                  headers=headers)
    assert response.status_code == 401


async def test_development_mail_sink_keeps_messages_as_files(tmp_path: Path) -> None:
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "directory.mail.sink", "--port", str(port),
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    if conn.recv(4).startswith(b"220"):
                        break
            except OSError:
                assert time.monotonic() < deadline, "mail sink did not start"
                time.sleep(0.1)
        mailer = Mailer(f"smtp://127.0.0.1:{port}", "noreply@example.id", create_environment())
        await mailer.send("x@example.id", "verify", "en", base_url="http://h", token="T",
                          name="X")
        [saved] = list(tmp_path.glob("*.eml"))
        text = saved.read_text()
        assert "Verify your email" in text and "http://h/akun/verifikasi?token=T" in text
    finally:
        sink.terminate()
        sink.wait(timeout=10)


async def test_concurrent_wrong_passwords_get_at_most_the_limit_of_checks(
        services: Services) -> None:
    """40 wrong passwords at once for one account from one address: at most 5 are checked
    (the attempt is recorded before the password is), the rest are throttled; the owner from
    another network still logs in."""
    await make_user(services, "owner@studiokopi.example")

    async def attempt() -> str:
        try:
            await services.accounts.login("owner@studiokopi.example", "salah-sekali", "10.9.9.9")
        except TooManyAttempts:
            return "throttled"
        except InvalidInput:
            return "checked"
        return "logged in"

    outcomes = await asyncio.gather(*(attempt() for _ in range(40)))
    assert outcomes.count("checked") <= MAX_FAILURES_PER_ACCOUNT
    assert outcomes.count("checked") + outcomes.count("throttled") == 40
    user = await services.accounts.login("owner@studiokopi.example", PASSWORD, "10.1.1.1")
    assert user.email == "owner@studiokopi.example"
