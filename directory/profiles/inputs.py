"""What people type into the profile editor, made into what the interchange format stores.

Pure functions (unit-tested without a server), used by the HTML forms only (the API and the
import keep taking codes):
- language and country pickers take a name in Bahasa Indonesia or English ("Inggris",
  "English", "Singapura", "Singapore", "Bahasa Jawa") or the code itself ("en", "SG"); the code
  is stored. An unknown name is refused with the value and the closest names;
- a web address may be a bare domain ("studio.id" → "https://studio.id"); only text that cannot
  be an address is refused, and the message says what was typed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from directory import iso
from directory.errors import FieldError
from directory.i18n import gettext as _

# Common ways of writing a language that CLDR's names do not cover.
_LANGUAGE_ALIASES = {"bahasa": "id", "bahasa indonesia": "id", "indonesian": "id",
                     "jawa": "jv", "javanese": "jv", "sunda": "su", "madura": "mad",
                     "mandarin": "zh", "chinese": "zh", "tionghoa": "zh"}
_COUNTRY_ALIASES = {"usa": "US", "us": "US", "amerika": "US", "america": "US",
                    "uk": "GB", "inggris": "GB", "england": "GB", "britain": "GB",
                    "korea": "KR", "korea selatan": "KR", "south korea": "KR",
                    "uae": "AE", "emirat arab": "AE", "belanda": "NL", "holland": "NL"}
_PREFIXES = ("bahasa ", "negara ")


def _key(text: str) -> str:
    """Case, accents, punctuation and spacing do not matter ("Côte d’Ivoire" = "cote divoire")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]", "", plain.casefold()).split())


@lru_cache(maxsize=2)
def _names(what: str) -> dict[str, str]:
    """Every known name (both languages, normalised) → code."""
    codes = iso.language_codes() if what == "language" else iso.country_codes()
    name = iso.language_name if what == "language" else iso.country_name
    out: dict[str, str] = {}
    for code in codes:
        for lang in ("en", "id"):
            out.setdefault(_key(name(code, lang)), code)
    aliases = _LANGUAGE_ALIASES if what == "language" else _COUNTRY_ALIASES
    out.update({_key(k): v for k, v in aliases.items()})
    return out


def _resolve(what: str, value: str) -> str | None:
    text = value.strip()
    codes = iso.language_codes() if what == "language" else iso.country_codes()
    code = text.lower() if what == "language" else text.upper()
    if len(text) == 2 and code in codes:
        return code
    names = _names(what)
    key = _key(text)
    for prefix in _PREFIXES:  # "Bahasa Jawa", "Negara Jepang"
        if key not in names and key.startswith(prefix):
            key = key.removeprefix(prefix)
    return names.get(key)


def close_names(what: str, value: str, lang: str) -> list[str]:
    """Up to three names (in `lang`) close to an unknown `value`."""
    name: Callable[[str, str], str] = iso.language_name if what == "language" \
        else iso.country_name
    shown = {_key(name(code, lang)): name(code, lang) for code in set(_names(what).values())}
    key = _key(value)
    close = difflib.get_close_matches(key, list(shown), n=3, cutoff=0.6)
    close += [k for k in shown if key and len(key) >= 3 and k.startswith(key)
              and k not in close][: 3 - len(close)]
    return [shown[k] for k in close]


def to_codes(what: str, field: str, values: list[str], lang: str
             ) -> tuple[list[str], list[FieldError]]:
    """Names or codes → codes; one error per unknown value, naming it and what is close."""
    codes: list[str] = []
    errors: list[FieldError] = []
    for value in values:
        code = _resolve(what, value)
        if code is not None:
            codes += [] if code in codes else [code]  # "Singapura, Singapore": one country
            continue
        unknown = (_("bahasa tidak dikenal: «%(value)s»") if what == "language"
                   else _("negara tidak dikenal: «%(value)s»")) % {"value": value}
        close = close_names(what, value, lang)
        if close:
            unknown += ". " + _("Maksud Anda: %(names)s?") % {"names": ", ".join(close)}
        errors.append(FieldError(field, unknown))
    return codes, errors


def to_names(what: str, codes: list[str], lang: str) -> list[str]:
    """Stored codes as the names the form shows."""
    name = iso.language_name if what == "language" else iso.country_name
    return [name(code, lang) for code in codes]


def options(what: str, lang: str) -> list[str]:
    """Every name in `lang`, sorted: the choices of a `<datalist>`."""
    name = iso.language_name if what == "language" else iso.country_name
    codes = iso.language_codes() if what == "language" else iso.country_codes()
    return sorted({name(code, lang) for code in codes}, key=_key)


# --- web addresses ------------------------------------------------------------------------

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?(?::\d{1,5})?$",
                   re.IGNORECASE)


def web_address(text: str) -> str | None:
    """`text` as an http(s) address, adding https:// to a bare domain ("studio.id",
    "www.studio.id/karya"); None when it cannot be a web address."""
    value = text.strip()
    if not value or any(c.isspace() for c in value):
        return None
    if "://" not in value:
        if value.startswith("//"):
            value = value[2:]
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if not _HOST.match(host) and host.split(":")[0] != "localhost":
        return None
    return value


def address_error(field: str, text: str) -> FieldError:
    return FieldError(field, _("«%(value)s» bukan alamat web; tulis misalnya studio.id atau "
                               "https://studio.id/karya") % {"value": text.strip()})


def link_line(line: str, field: str) -> tuple[dict[str, str] | None, FieldError | None]:
    """One line of the links box: "label | address" or only an address (its domain becomes
    the label)."""
    left, sep, right = (part.strip() for part in line.partition("|"))
    label, raw = (left, right) if sep else ("", left)
    if sep and not raw:
        return None, FieldError(field, _("tautan «%(label)s» belum berisi alamat; tulis "
                                         "label | alamat, misalnya Situs | studio.id")
                                % {"label": label})
    url = web_address(raw)
    if url is None:
        return None, address_error(field, raw)
    if not label:
        label = (urlsplit(url).hostname or url).removeprefix("www.")
    return {"label": label, "url": url}, None
