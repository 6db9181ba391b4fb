"""Typed settings read from the environment (`DIRECTORY_*`; a `.env` file may supply development
defaults), validated by pydantic-settings. A wrong value is named by its variable."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Installed from a wheel, templates and seeds live inside the package (see setup.py); in a
# checkout they are the top-level folders.
PACKAGED_DATA = Path(__file__).resolve().parent / "_data"
DEV_SECRET = "dev-insecure-secret-change-me"
MIN_SECRET_LENGTH = 32
MEMORY_SIZE = r"^[1-9][0-9]*(?:[KMGT]i?B|B)$"
SECRETS = ("secret_key", "meili_key", "smtp_url", "mongodb_url")


class SettingsError(RuntimeError):
    """An environment variable holds a value the app cannot use; the message names it."""


def data_path(name: str) -> Path:
    """A shipped data folder (`templates`, `seeds`): inside the installed package when built
    as a wheel, else the checkout's top-level folder."""
    packaged = PACKAGED_DATA / name
    return packaged if packaged.exists() else PROJECT_ROOT / name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DIRECTORY_", frozen=True, extra="ignore",
                                      env_ignore_empty=True, populate_by_name=True)

    mongodb_url: str | None = None
    mongodb_db: str = "directory"
    meili_url: str | None = None
    # Several Meilisearch nodes, comma-separated (production); the first is also `meili_url`.
    meili_urls: str | None = None
    meili_key: str | None = None
    index_prefix: str = ""
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    secret_key: str = DEV_SECRET
    environment: Literal["development", "test", "staging", "production"] = Field(
        "development", validation_alias=AliasChoices("DIRECTORY_ENV", "environment"))
    var_dir: Path = PROJECT_ROOT / "var"
    embedded_mongodb_port: int = Field(27217, ge=1, le=65535)
    embedded_meili_port: int = Field(7710, ge=1, le=65535)
    # Meilisearch sizes its indexing buffers from this; its default (2/3 of RAM) made single-profile
    # updates take 1.5-2 s for a minute after every bulk write (benchmarks/freshness, README).
    embedded_meili_indexing_memory: str = Field("1GiB", pattern=MEMORY_SIZE)
    smtp_url: str | None = None  # None: the embedded development mail sink
    mail_from: str = "Direktori Kreatif Malang <noreply@direktori-malang.example>"
    public_url: str | None = None  # base of links in emails; default http://HOST:PORT
    embedded_smtp_port: int = Field(8025, ge=1, le=65535)
    scheduled_tasks: bool = True  # statistics snapshots, reminders, verification expiry
    verification_months: int = 12  # a verification lapses this long after the curator's check
    search_rate_limit: int = 600  # searches and suggestions per minute per client address; 0: off
    # Proxies (IP addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is believed.
    trusted_proxies: str = ""
    # Briefs (directory/hiring): one constant rate turns a USD budget into rupiah to compare it
    # with a profile's minimum project size; no live rates, so a match never changes by itself.
    usd_to_idr: int = Field(16_000, ge=1, le=1_000_000)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def uses_embedded_mongodb(self) -> bool:
        return not self.mongodb_url

    @property
    def uses_embedded_meili(self) -> bool:
        return not (self.meili_url or self.meili_urls)

    @property
    def uses_embedded_smtp(self) -> bool:
        return not self.smtp_url

    @property
    def meili_nodes(self) -> list[str]:
        """Every configured Meilisearch node (DIRECTORY_MEILI_URLS, else DIRECTORY_MEILI_URL)."""
        if self.meili_urls:
            return [u.strip() for u in self.meili_urls.split(",") if u.strip()]
        return [self.meili_url] if self.meili_url else []

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        return self.environment != "development"

    def with_(self, **changes: Any) -> Settings:
        return self.model_copy(update=changes)

    def check(self) -> None:
        """Refuse what must never run: a default or weak secret outside development; in
        production, anything that would start embedded servers."""
        problems = []
        if self.environment != "development" and (
                self.secret_key == DEV_SECRET or len(self.secret_key) < MIN_SECRET_LENGTH):
            problems.append(f"DIRECTORY_SECRET_KEY must be set to a random value of at least "
                            f"{MIN_SECRET_LENGTH} characters outside development")
        if self.production:
            if not self.mongodb_url:
                problems.append("DIRECTORY_MONGODB_URL must be set in production (embedded "
                                "servers are for development only)")
            if not self.meili_nodes:
                problems.append("DIRECTORY_MEILI_URL (or DIRECTORY_MEILI_URLS) must be set in "
                                "production")
            if not self.smtp_url:
                problems.append("DIRECTORY_SMTP_URL must be set in production (the mail sink is "
                                "for development only)")
        if self.search_rate_limit < 0:
            problems.append("DIRECTORY_SEARCH_RATE_LIMIT must be 0 (off) or a positive number")
        if not 1 <= self.verification_months <= 120:
            problems.append("DIRECTORY_VERIFICATION_MONTHS must be between 1 and 120")
        if problems:
            raise SettingsError("; ".join(problems))

    def described(self) -> dict[str, Any]:  # the settings' description
        """The effective configuration with secrets masked (`directory config`)."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name in SECRETS and value:
                value = _mask(name, str(value))
            out[_env_name(name)] = str(value) if isinstance(value, Path) else value
        return out


def _mask(name: str, value: str) -> str:
    if name in ("mongodb_url", "smtp_url") and "@" in value:  # keep host, hide credentials
        scheme, _, rest = value.partition("://")
        return f"{scheme}://***@{rest.rpartition('@')[2]}"
    if name in ("mongodb_url", "smtp_url"):
        return value
    return "***" if value != DEV_SECRET else "(development default)"


def _env_name(field: str) -> str:
    return "DIRECTORY_ENV" if field == "environment" else f"DIRECTORY_{field.upper()}"


def load_settings(env_file: Path | None = None) -> Settings:
    """The settings from the environment (and `.env`), or SettingsError naming every variable
    that holds a value the app cannot use."""
    try:
        settings = Settings(_env_file=env_file or PROJECT_ROOT / ".env")
    except ValidationError as exc:
        raise SettingsError("; ".join(
            f"{_env_name(str(e['loc'][0]))} {_reason(e)}, got {e.get('input')!r}"
            for e in exc.errors())) from exc
    return settings


def _reason(error: Any) -> str:
    kind = error.get("type", "")
    if kind.startswith("int_"):
        return "must be a whole number" if kind == "int_parsing" else error["msg"].lower()
    if kind == "bool_parsing":
        return "must be true or false"
    if kind == "string_pattern_mismatch":
        return "must be a size such as 512MiB or 2GiB"
    return str(error["msg"]).lower()


if __name__ == "__main__":  # pragma: no cover - `python -m directory.settings`
    import json
    json.dump(load_settings().described(), sys.stdout, indent=2)
