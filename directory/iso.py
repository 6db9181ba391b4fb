"""ISO 639-1 language and ISO 3166-1 alpha-2 country codes, with names from Babel's CLDR data."""

from __future__ import annotations

from functools import lru_cache
from typing import TypeGuard

from babel import Locale

# CLDR lists a few region codes that are not ISO 3166-1 countries (reserved or grouping codes).
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB",
                  "XK", "ZZ"}


def _two_letters(key: object) -> TypeGuard[str]:
    return isinstance(key, str) and len(key) == 2 and key.isalpha()


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    return frozenset(k for k in Locale("en").languages if _two_letters(k))


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(
        k for k in Locale("en").territories
        if _two_letters(k) and k not in _NOT_COUNTRIES
    )


@lru_cache(maxsize=4)
def _locale(lang: str) -> Locale:
    return Locale("en" if lang == "en" else "id")


def language_name(code: str, lang: str = "id") -> str:
    return str(_locale(lang).languages.get(code, code))


def country_name(code: str, lang: str = "id") -> str:
    return str(_locale(lang).territories.get(code, code))
