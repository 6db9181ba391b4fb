"""Typed settings read from the environment (a `.env` file may supply development defaults)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-insecure-secret-change-me"
MEMORY_SIZE = re.compile(r"[1-9][0-9]*(?:[KMGT]i?B|B)")


class SettingsError(RuntimeError):
    """An environment variable holds a value the app cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    mongodb_url: str | None = None
    mongodb_db: str = "directory"
    meili_url: str | None = None
    meili_key: str | None = None
    index_prefix: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = DEV_SECRET
    environment: str = "development"
    var_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "var")
    embedded_mongodb_port: int = 27217
    embedded_meili_port: int = 7710
    # Meilisearch sizes its indexing buffers from this; its default (2/3 of RAM) made single-profile
    # updates take 1.5-2 s for a minute after every bulk write (benchmarks/freshness, README).
    embedded_meili_indexing_memory: str = "1GiB"
    smtp_url: str | None = None  # None: the embedded development mail sink
    mail_from: str = "Direktori Kreatif Malang <noreply@direktori-malang.example>"
    public_url: str | None = None  # base of links in emails; default http://HOST:PORT
    embedded_smtp_port: int = 8025
    scheduled_tasks: bool = True  # statistics snapshots, reminders, verification expiry
    verification_months: int = 12  # a verification lapses this long after the curator's check

    @property
    def uses_embedded_mongodb(self) -> bool:
        return not self.mongodb_url

    @property
    def uses_embedded_meili(self) -> bool:
        return not self.meili_url

    @property
    def uses_embedded_smtp(self) -> bool:
        return not self.smtp_url

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        return self.environment != "development"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def check(self) -> None:
        """Refuse a default secret outside development."""
        if self.environment != "development" and self.secret_key == DEV_SECRET:
            raise RuntimeError(
                "DIRECTORY_SECRET_KEY must be set to a random value outside development"
            )
        if not 1 <= self.verification_months <= 120:
            raise RuntimeError("DIRECTORY_VERIFICATION_MONTHS must be between 1 and 120")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _size(name: str, default: str) -> str:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    if not MEMORY_SIZE.fullmatch(raw):
        raise SettingsError(f"{name} must be a size such as 512MiB or 2GiB, got {raw!r}")
    return raw


def _flag(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def load_settings(env_file: Path | None = None) -> Settings:
    load_dotenv(env_file or PROJECT_ROOT / ".env", override=False)
    env = os.environ.get
    return Settings(
        mongodb_url=env("DIRECTORY_MONGODB_URL") or None,
        mongodb_db=env("DIRECTORY_MONGODB_DB") or "directory",
        meili_url=env("DIRECTORY_MEILI_URL") or None,
        meili_key=env("DIRECTORY_MEILI_KEY") or None,
        index_prefix=env("DIRECTORY_INDEX_PREFIX") or "",
        host=env("DIRECTORY_HOST") or "127.0.0.1",
        port=_int("DIRECTORY_PORT", 8000),
        secret_key=env("DIRECTORY_SECRET_KEY") or DEV_SECRET,
        environment=env("DIRECTORY_ENV") or "development",
        var_dir=Path(env("DIRECTORY_VAR_DIR") or PROJECT_ROOT / "var"),
        embedded_mongodb_port=_int("DIRECTORY_EMBEDDED_MONGODB_PORT", 27217),
        embedded_meili_port=_int("DIRECTORY_EMBEDDED_MEILI_PORT", 7710),
        embedded_meili_indexing_memory=_size("DIRECTORY_EMBEDDED_MEILI_INDEXING_MEMORY",
                                             Settings.embedded_meili_indexing_memory),
        smtp_url=env("DIRECTORY_SMTP_URL") or None,
        mail_from=env("DIRECTORY_MAIL_FROM") or Settings.mail_from,
        public_url=env("DIRECTORY_PUBLIC_URL") or None,
        embedded_smtp_port=_int("DIRECTORY_EMBEDDED_SMTP_PORT", 8025),
        scheduled_tasks=_flag("DIRECTORY_SCHEDULED_TASKS", True),
        verification_months=_int("DIRECTORY_VERIFICATION_MONTHS", 12),
    )
