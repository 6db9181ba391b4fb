"""The deployment kit (deploy/, docs/deploy.md) used for real: the systemd units pass
systemd-analyze, and nginx with the shipped site config (only addresses, ports and the
certificate changed, as the guide tells an operator to) serves the app in production mode over
TLS — redirecting plain HTTP, keeping the app's security headers and compression, passing its
request id, routing around an instance that is down, and never letting a client choose its own
address."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from directory.settings import PROJECT_ROOT, Settings
from tests.ports import free_port
from tests.servers import serving

DEPLOY = PROJECT_ROOT / "deploy"
INSTALLED = "/opt/directory/venv/bin/directory"


def test_the_systemd_units_pass_systemd_analyze(tmp_path: Path) -> None:
    meili = next((PROJECT_ROOT / "node_modules" / "@gaubee").glob("*/meilisearch"))
    names = {"directory-web@.service": "directory-web@8001.service",
             "directory-sync.service": "directory-sync.service",
             "meilisearch.service": "meilisearch.service"}
    for source, target in names.items():
        text = (DEPLOY / "systemd" / source).read_text()
        assert INSTALLED in text or "/usr/local/bin/meilisearch" in text
        # The guide's install locations, here: this checkout's command and Meilisearch binary.
        (tmp_path / target).write_text(
            text.replace(INSTALLED, str(PROJECT_ROOT / ".venv" / "bin" / "directory"))
                .replace("/usr/local/bin/meilisearch", str(meili)))
    checked = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n)
                                                             for n in names.values())],
                             capture_output=True, text=True, timeout=60, check=False)
    assert checked.returncode == 0 and checked.stderr.strip() == "", checked.stderr


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   capture_output=True, check=True, timeout=60)
    return cert, key


def _site(app_port: int, down_port: int, http: int, https: int,
          certificate: tuple[Path, Path]) -> str:
    """The shipped site config with only what docs/deploy.md tells an operator to edit."""
    site = (DEPLOY / "nginx" / "directory.conf").read_text()
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)  # loopback IPv4 only here
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https} ssl")
    site = site.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{app_port}")
    site = site.replace("server 127.0.0.1:8002", f"server 127.0.0.1:{down_port}")
    site = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {certificate[0]};", site)
    return re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {certificate[1]};", site)


@pytest.fixture
def nginx_in_front(settings: Settings, tmp_path: Path, certificate: tuple[Path, Path]
                   ) -> Iterator[tuple[str, str]]:
    """The app (production mode, trusting nginx) behind nginx; yields the HTTPS and HTTP
    addresses. The second upstream instance is down on purpose."""
    http, https, down = free_port(), free_port(), free_port()
    env = {"DIRECTORY_ENV": "production", "DIRECTORY_SECRET_KEY": "d" * 48,
           "DIRECTORY_TRUSTED_PROXIES": "127.0.0.1", "DIRECTORY_SEARCH_RATE_LIMIT": "3",
           "DIRECTORY_PUBLIC_URL": f"https://localhost:{https}"}
    with serving(settings, env=env) as app:
        app_port = int(app.rsplit(":", 1)[1])
        (tmp_path / "site.conf").write_text(_site(app_port, down, http, https, certificate))
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp_path / folder).mkdir()
        (tmp_path / "nginx.conf").write_text(f"""
user root;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp_path}/access.log;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = ["-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        tested = subprocess.run([nginx, "-t", *conf], capture_output=True, text=True,
                                timeout=30, check=False)
        assert tested.returncode == 0, tested.stderr
        process = subprocess.Popen([nginx, *conf, "-g", "daemon off;"],
                                   stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    httpx.get(f"http://127.0.0.1:{http}/", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            yield f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}"
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stderr:
                process.stderr.close()


def test_nginx_with_the_shipped_site_serves_the_app(nginx_in_front: tuple[str, str]) -> None:
    secure, plain = nginx_in_front
    with httpx.Client(base_url=secure, verify=False, timeout=15) as web:
        redirect = httpx.get(f"{plain}/cari?q=game", timeout=10)
        assert redirect.status_code == 301
        assert redirect.headers["location"].startswith("https://") and \
            redirect.headers["location"].endswith("/cari?q=game")

        # Every request answered although one of the two upstream instances is down.
        pages = [web.get("/", headers={"Accept-Encoding": "gzip"}) for _ in range(4)]
        assert [p.status_code for p in pages] == [200] * 4
        home = pages[0]
        assert home.headers["content-encoding"] == "gzip" and "Direktori" in home.text
        assert home.headers["strict-transport-security"].startswith("max-age=")
        assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
        assert re.fullmatch(r"[0-9a-f]{32}", home.headers["x-request-id"])  # nginx's id
        css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', home.text)
        assert css is not None
        static = web.get(css.group(1))
        assert static.status_code == 200 and "max-age=31536000" in static.headers["cache-control"]
        assert web.get("/readyz").status_code == 200

        # The client's own X-Forwarded-For is replaced by nginx: a new forged address each time
        # does not buy a new search budget (limit 3 per minute per client address).
        statuses = [web.get("/api/v1/search", params={"q": "game"},
                            headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
                    for i in range(1, 5)]
        assert statuses == [200, 200, 200, 429]
