"""Cleaning spreadsheet cells the way people type them, before they are read: country and
language names in Indonesian or English become their ISO codes ("Singapore", "Singapura" → SG;
"Bahasa Indonesia", "English" → id, en), an NIB loses its spaces, dots and dashes, a phone
number its separators (keeping the leading + or 0 the profile validator expects). Each change is
returned as a note for the import preview ("NIB 1234 5678 → 12345678"), so nothing is changed
silently. A value that cannot be cleaned is left as typed: the validation then names it.

Pure: no I/O; unit-testable.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from directory import iso
from directory.curation.sheets.columns import Column
from directory.i18n import gettext as _

SEPARATORS = re.compile(r"[\s.\-()/]")
CITY_WORDS = {"kota malang", "malang", "malang kota", "kota malang (kota)"}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=2)
def _names(which: str) -> dict[str, str]:
    """Folded Indonesian and English names → code, for "territories" or "languages"."""
    codes = iso.country_codes() if which == "territories" else iso.language_codes()
    names: dict[str, str] = {}
    for lang in ("en", "id"):
        table = getattr(Locale(lang), which)
        names.update({_fold(str(table[code])): code for code in codes if code in table})
    return names


def country_code(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code for a code or a name in Indonesian or English."""
    value = text.strip()
    if value.upper() in iso.country_codes():
        return value.upper()
    return _names("territories").get(_fold(value))


def language_code(text: str) -> str | None:
    """An ISO 639-1 code for a code or a name ("Bahasa Indonesia", "Inggris", "English")."""
    value = _fold(text)
    if value in iso.language_codes():
        return value
    return _names("languages").get(value.removeprefix("bahasa ").strip())


def _list(text: str, lookup: object) -> list[str]:
    parts = re.split(r"[;\n]" if ";" in text or "\n" in text else r",", text)
    out = []
    for part in (p.strip() for p in parts if p.strip()):
        code = lookup(part) if callable(lookup) else None
        if (code or part) not in out:  # "Singapore; Singapura" is one country
            out.append(code or part)
    return out


def phone(text: str) -> str:
    """Separators removed; "+62 (0)812…" → "+62812…"; the leading + or 0 kept as typed."""
    digits = SEPARATORS.sub("", text)
    if digits.startswith("+620"):
        digits = "+62" + digits[4:]
    return digits


def clean(column: Column, text: str) -> tuple[str, str | None]:
    """The cell as it will be read, and a note when cleaning changed it."""
    value = text.strip()
    cleaned = value
    if column.field == "nib":
        cleaned = SEPARATORS.sub("", value)
    elif column.field in ("contact.phone", "contact.whatsapp"):
        cleaned = phone(value)
    elif column.field == "export_countries":
        cleaned = "; ".join(_list(value, country_code))
    elif column.field == "languages":
        cleaned = "; ".join(_list(value, language_code))
    if cleaned == value or not cleaned:
        return value, None
    return cleaned, _("%(column)s %(before)s → %(after)s") % {
        "column": column.id.upper() if column.field == "nib" else column.id,
        "before": value, "after": cleaned}


def kecamatan_hint(text: str) -> str | None:
    """'Kota Malang' is the city, not one of its districts: one clear error, with the way out."""
    if _fold(text) in CITY_WORDS:
        return _("'%(value)s' adalah kotanya, bukan kecamatan: isi salah satu kecamatan (Blimbing, "
                 "Klojen, Kedungkandang, Sukun, Lowokwaru), atau 'luar-kota' untuk Malang Raya "
                 "di luar Kota Malang") % {"value": text.strip()}
    return None
