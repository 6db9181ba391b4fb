"""The wheel is deployable: built from this checkout, installed into a fresh virtual environment
outside it, it serves pages (templates, static files, translations) and seeds a database from
data it carries itself — nothing is read from the checkout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from directory.settings import PROJECT_ROOT, Settings
from tests.conftest import cli_env
from tests.servers import serving


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `directory` command of the wheel, installed into a new venv (its bin folder)."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip"]
    built = subprocess.run([*pip, "wheel", "--no-deps", "-q", str(PROJECT_ROOT), "-w",
                            str(work / "dist")], capture_output=True, text=True, timeout=600,
                           cwd=work, check=False)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("malang_directory-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True, timeout=300)
    # As docs/deploy.md installs it: the runtime lock (hashes checked), then the wheel alone —
    # the development extras (embedded servers, mail sink) stay out.
    pip_in_venv = str(work / "venv" / "bin" / "pip")
    for args in (["--require-hashes", "-r", str(PROJECT_ROOT / "requirements-runtime.lock")],
                 ["--no-deps", str(wheel)]):
        done = subprocess.run([pip_in_venv, "install", "-q", *args], capture_output=True,
                              text=True, timeout=900, check=False)
        assert done.returncode == 0, done.stderr
    return work / "venv" / "bin"


def test_the_installed_wheel_serves_pages_from_its_own_files(
        installed: Path, settings: Settings, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c",
         "import directory; print(directory.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=True).stdout.strip()
    assert not where.startswith(str(PROJECT_ROOT)), where  # not the checkout
    missing = subprocess.run([str(installed / "python"), "-c", "import aiosmtpd"],
                             capture_output=True, cwd=tmp_path, check=False)
    assert missing.returncode != 0  # the development mail sink is an extra

    seeded = subprocess.run([str(installed / "directory"), "seed"], env=cli_env(settings),
                            capture_output=True, text=True, cwd=tmp_path, timeout=600,
                            check=False)
    assert seeded.returncode == 0, seeded.stderr
    with serving(settings, command=installed / "directory", cwd=tmp_path) as url:
        home = httpx.get(f"{url}/", timeout=10)
        assert home.status_code == 200 and "Direktori" in home.text
        english = httpx.get(f"{url}/cari", params={"q": "game", "lang": "en"}, timeout=10)
        assert english.status_code == 200 and 'lang="en"' in english.text
        css = httpx.get(f"{url}/static/app.css", timeout=10)
        assert css.status_code == 200 and "text/css" in css.headers["content-type"]
        api = httpx.get(f"{url}/api/v1/search", params={"q": "game"}, timeout=10).json()
        assert api["total"] > 0  # the seed data the wheel carries, found through search
        profile = httpx.get(f"{url}{api['hits'][0]['url']}", timeout=10)
        assert profile.status_code == 200
