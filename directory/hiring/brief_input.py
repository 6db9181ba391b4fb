"""What a client writes in a brief, validated the same way for the HTML form and the API: each
invalid field is named with a translated reason. Where the client is based (`client_country`,
and in Indonesia `client_province`, `client_city`) is checked by directory.stats.regions and
stored as `origin` for the analysts' demand by origin. Pure (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory import iso
from directory.errors import FieldError, InvalidInput
from directory.hiring.brief_shapes import BriefCreate
from directory.i18n import gettext as _
from directory.profiles.inquiries import TIMELINES, timeline_labels
from directory.profiles.validation import text_errors
from directory.stats import regions
from directory.taxonomy import PLATFORMS, ROLES, SERVICES

CURRENCIES = ("IDR", "USD")
# Each currency's bands and their upper end (None: open-ended). The upper end is what a match
# compares with a profile's minimum project size (in rupiah: settings.usd_to_idr).
BANDS: dict[str, dict[str, int | None]] = {
    "IDR": {"under_10m": 10_000_000, "10m_50m": 50_000_000, "50m_200m": 200_000_000,
            "over_200m": None},
    "USD": {"under_1k": 1_000, "1k_5k": 5_000, "5k_20k": 20_000, "over_20k": None},
}
VISIBILITIES = ("private", "public")
WORK_LANGUAGES = ("id", "en", "jv", "ms", "ja", "zh", "ko", "ar", "nl", "de", "fr")
DEFAULT_ROUTE_COUNT = 5
MAX_ROUTE_COUNT = 20
TEXT_FIELDS = ("title", "description", "budget_currency", "budget_band", "timeline",
               "client_country", "client_province", "client_city", "visibility")
LIST_FIELDS = ("services", "roles", "platforms", "languages")


def band_labels() -> dict[str, str]:
    return {"under_10m": _("di bawah Rp10 juta"), "10m_50m": _("Rp10–50 juta"),
            "50m_200m": _("Rp50–200 juta"), "over_200m": _("di atas Rp200 juta"),
            "under_1k": _("di bawah US$1.000"), "1k_5k": _("US$1.000–5.000"),
            "5k_20k": _("US$5.000–20.000"), "over_20k": _("di atas US$20.000")}


def labels() -> dict[str, dict[str, str]]:
    """Everything a page needs to show a brief's codes in the reader's language."""
    return {"bands": band_labels(), "timelines": timeline_labels(),
            "visibility": {"private": _("Privat"), "public": _("Publik")}}


def budget_in_idr(brief: Mapping[str, Any], usd_to_idr: int) -> int | None:
    """The most the client pays, in rupiah (None: open-ended)."""
    top = BANDS[brief["budget_currency"]][brief["budget_band"]]
    if top is None:
        return None
    return top * usd_to_idr if brief["budget_currency"] == "USD" else top


def _text(data: Mapping[str, Any], name: str, errors: list[FieldError]) -> str:
    value = data.get(name, "")
    if isinstance(value, list):  # an HTML form: every value is a list
        value = value[0] if value else ""
    if not isinstance(value, str):
        errors.append(FieldError(name, _("harus berupa teks")))
        return ""
    return value.strip()


def _list(data: Mapping[str, Any], name: str, errors: list[FieldError]) -> list[str]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(FieldError(name, _("harus berupa daftar kode")))
        return []
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))


def _codes(name: str, values: list[str], known: Any, errors: list[FieldError]) -> None:
    unknown = [v for v in values if v not in known]
    if unknown:
        errors.append(FieldError(name, _("kode tidak dikenal: %(codes)s")
                                 % {"codes": ", ".join(unknown[:5])}))


def _route_count(data: Mapping[str, Any], errors: list[FieldError]) -> int:
    raw = data.get("route_count", "")
    if isinstance(raw, list):
        raw = raw[0] if raw else ""
    if raw in ("", None):
        return DEFAULT_ROUTE_COUNT
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_ROUTE_COUNT:
        errors.append(FieldError("route_count", _("bilangan bulat 1–%(max)d")
                                 % {"max": MAX_ROUTE_COUNT}))
        return DEFAULT_ROUTE_COUNT
    return raw


def validate(data: Mapping[str, Any]) -> BriefCreate:
    """The brief as stored, or InvalidInput naming every invalid field. Unknown fields are
    refused too (an API client's typo must not pass silently)."""
    errors: list[FieldError] = []
    known = {*TEXT_FIELDS, *LIST_FIELDS, "route_count", "_csrf_token"}
    errors += [FieldError(k, _("kolom tidak dikenal")) for k in data if k not in known]
    text = {name: _text(data, name, errors) for name in TEXT_FIELDS}
    lists = {name: _list(data, name, errors) for name in LIST_FIELDS}
    if not 5 <= len(text["title"]) <= 120:
        errors.append(FieldError("title", _("wajib diisi, 5–120 karakter")))
    errors += text_errors("title", text["title"])
    if not 30 <= len(text["description"]) <= 5000:
        errors.append(FieldError("description",
                                 _("ceritakan proyek Anda dalam 30–5000 karakter")))
    errors += text_errors("description", text["description"], multiline=True)
    if not lists["services"] and not lists["roles"] and not any(
            e.field in ("services", "roles") for e in errors):
        errors.append(FieldError("services", _("pilih minimal satu layanan atau peran")))
    _codes("services", lists["services"], SERVICES, errors)
    _codes("roles", lists["roles"], ROLES, errors)
    _codes("platforms", lists["platforms"], PLATFORMS, errors)
    currency = text["budget_currency"].upper()
    if currency not in CURRENCIES:
        errors.append(FieldError("budget_currency", _("pilih IDR atau USD")))
    elif text["budget_band"] not in BANDS[currency]:
        errors.append(FieldError("budget_band", _("pilih salah satu kisaran anggaran")))
    if text["timeline"] not in TIMELINES:
        errors.append(FieldError("timeline", _("pilih salah satu perkiraan waktu")))
    if not lists["languages"]:
        errors.append(FieldError("languages", _("pilih minimal satu bahasa kerja")))
    _codes("languages", lists["languages"], iso.language_codes(), errors)
    origin, origin_errors = regions.check(
        text["client_country"], text["client_province"], text["client_city"])
    errors += [e for e in origin_errors if not any(f.field == e.field for f in errors)]
    if text["visibility"] not in VISIBILITIES:
        errors.append(FieldError("visibility", _("pilih publik atau privat")))
    route_count = _route_count(data, errors)
    if errors:
        raise InvalidInput(errors, title="Invalid brief", status=422)
    return {"title": text["title"], "description": text["description"],
            "services": lists["services"], "roles": lists["roles"],
            "platforms": lists["platforms"], "languages": lists["languages"],
            "budget_currency": currency, "budget_band": text["budget_band"],
            "timeline": text["timeline"], "client_country": origin["country"], "origin": origin,
            "visibility": text["visibility"], "route_count": route_count}
