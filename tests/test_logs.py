"""What a served app writes to its log, read as an operator (or an attacker with the log file)
would: a real `directory serve` in production mode (JSON lines) taken through the paths that
carry private values — an API create with contact details and the NIB, a sign-up, a failed
log-in, a password reset link, an inquiry, a search — and then its whole output is searched
for every one of those values."""

from __future__ import annotations

import json
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import httpx

from directory.context import Services
from directory.settings import Settings
from tests.mailbox import Mailbox, link_in, text_of
from tests.servers import serving
from tests.web import make_user, org_body

SECRETS = {
    "owner email": "pemilik.rahasia@studiokopi.example",
    "contact email": "kontak.rahasia@studiokopi.example",
    "contact phone": "+6281234567891",
    "nib": "9120001234567",
    "client email": "klien.rahasia@perusahaan.example",
    "client message": "anggaran-rahasia-kami-tujuh-ratus-juta",
    "sign-up email": "pendaftar.rahasia@example.id",
    "password": "sandi-yang-sangat-rahasia-2026",
    "search words": "kata-cari-rahasia",
}


class Browser:
    """A client that keeps cookies the way a browser does on HTTPS: production cookies are
    `Secure`, which httpx (rightly) will not send over the plain HTTP of this test."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=15)
        self.jar: dict[str, str] = {}

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def send(self, method: str, path: str, **options: Any) -> httpx.Response:
        headers = dict(options.pop("headers", {}))
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        response = self.http.request(method, path, headers=headers, **options)
        self.http.cookies.clear()
        for raw in response.headers.get_list("set-cookie"):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(raw)
            self.jar.update({name: morsel.value for name, morsel in cookie.items()})
        return response

    def form(self, path: str, data: dict[str, str]) -> httpx.Response:
        if "csrftoken" not in self.jar:
            self.send("GET", "/akun/masuk")
        return self.send("POST", path, data={**data, "_csrf_token": self.jar["csrftoken"]})


def _reset_link(mailbox: Mailbox, address: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for message in mailbox.to(address):
            if "/akun/atur-sandi" in text_of(message):
                return link_in(message, "/akun/atur-sandi")
        time.sleep(0.05)
    raise AssertionError(f"no password reset mail to {address}")


async def test_a_served_app_logs_no_private_values(
        services: Services, settings: Settings, mailbox: Mailbox, tmp_path: Path) -> None:
    owner = await make_user(services, SECRETS["owner email"])
    token = await services.accounts.create_token(owner)
    output = tmp_path / "serve.log"
    reset = _walk_through(settings, token, mailbox, output)

    log = output.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [line["message"] for line in lines if line["logger"] == "directory.access"]
    # The log is there to read (a test that finds nothing in an empty file proves nothing) ...
    assert "POST /api/v1/organizations 201" in " ".join(access)
    assert any(m.startswith("GET /organisasi/{slug} 404") for m in access), access
    assert all(line["request_id"] != "-" for line in lines
               if line["logger"] == "directory.access")
    # ... and holds none of what passed through the app.
    leaked = {name for name, value in {**SECRETS, "api token": token,
                                       "reset token": reset.split("token=")[1]}.items()
              if value in log}
    assert leaked == set(), log


def _walk_through(settings: Settings, token: str, mailbox: Mailbox, output: Path) -> str:
    """The paths that carry private values, on a served app in production mode; returns the
    password reset link it mailed."""
    env = {"DIRECTORY_ENV": "production", "DIRECTORY_SECRET_KEY": "k" * 48}
    with serving(settings, env=env, output=output) as url, httpx.Client(
            base_url=url, timeout=15, headers={"Authorization": f"Bearer {token}"}) as api, \
            Browser(url) as browser:
        body = org_body(status="published", nib=SECRETS["nib"],
                        contact={"email": SECRETS["contact email"],
                                 "phone": SECRETS["contact phone"]})
        assert api.post("/api/v1/organizations", json=body).status_code == 201
        assert api.get("/api/v1/organizations/studio-kopi").status_code == 200

        sent = browser.form("/organisasi/studio-kopi/pesan", {
            "name": "Klien", "email": SECRETS["client email"], "organization": "PT Contoh",
            "message": f"Kami butuh aplikasi; {SECRETS['client message']}.",
            "budget": "50m_200m", "timeline": "1_3_months", "website": "",
            "client_country": "ID", "client_province": "31"})
        assert sent.status_code == 200, sent.text[:400]
        signed_up = browser.form("/akun/daftar", {
            "email": SECRETS["sign-up email"], "name": "Pendaftar",
            "password": SECRETS["password"], "password_again": SECRETS["password"]})
        assert signed_up.status_code == 200
        failed = browser.form("/akun/masuk", {"email": SECRETS["owner email"],
                                             "password": SECRETS["password"]})
        assert failed.status_code == 400
        browser.form("/akun/lupa-sandi", {"email": SECRETS["owner email"]})
        reset = _reset_link(mailbox, SECRETS["owner email"])
        assert browser.send("GET", reset).status_code == 200
        assert browser.send("GET", "/cari", params={"q": SECRETS["search words"]}
                            ).status_code == 200
        assert browser.send("GET", f"/organisasi/{SECRETS['client email']}").status_code == 404
    return reset
