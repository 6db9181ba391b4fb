"""Query-parameter parsing shared by the search and the statistics APIs and pages: one value
per name, codes of a controlled list, true/false, whole numbers in a range, unknown names. Each
helper appends a translated `FieldError` naming the parameter instead of raising, so every
mistake in a request is reported at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from directory.errors import FieldError
from directory.i18n import gettext as _
from directory.taxonomy import Vocabulary


def single(query: Mapping[str, Sequence[str]], name: str, errors: list[FieldError], *,
           keep_empty: bool = False) -> str | None:
    """The parameter's one value (None when absent); an error when repeated. Empty values are
    ignored unless `keep_empty` (the search API reports `page=` as not a number)."""
    values = [v for v in query.get(name, ()) if v or keep_empty]
    if len(values) > 1:
        errors.append(FieldError(name, _("hanya boleh diberikan sekali")))
        return None
    return values[0] if values else None


def codes(query: Mapping[str, Sequence[str]], name: str, vocabulary: Vocabulary,
          errors: list[FieldError]) -> tuple[str, ...]:
    """Every value given (repeats are OR), each a code of the vocabulary."""
    values = tuple(dict.fromkeys(v.strip() for v in query.get(name, ()) if v.strip()))
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        errors.append(FieldError(name, unknown_code(vocabulary, unknown[0])))
        return ()
    return values


def unknown_code(vocabulary: Vocabulary, value: str) -> str:
    return _("kode %(vocabulary)s tidak dikenal: %(value)s; harus salah satu dari: %(codes)s") % {
        "vocabulary": vocabulary.name, "value": repr(value), "codes": ", ".join(vocabulary.codes)}


TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")
FLAG_CODES = (*TRUE_WORDS, *FALSE_WORDS, "")  # what the search API documents and accepts


def boolean(raw: str | None, name: str, errors: list[FieldError], *, strict: bool = False
            ) -> bool:
    """true/false; the search API also takes 1/0, yes/no, on/off (checkbox forms), `strict`
    (the statistics API) only the words true and false."""
    if raw is None or raw == "":
        return False
    if strict:
        if raw not in ("true", "false"):
            errors.append(FieldError(name, _("harus 'true' atau 'false'")))
        return raw == "true"
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    errors.append(FieldError(name, _("harus true atau false, bukan %(value)s")
                             % {"value": repr(raw)}))
    return False


def whole_number(raw: str | None, name: str, lo: int, hi: int, errors: list[FieldError]
                 ) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors.append(FieldError(name, _("harus berupa bilangan bulat, bukan %(value)s")
                                 % {"value": repr(raw)}))
        return None
    if not lo <= value <= hi:
        errors.append(FieldError(name, _("harus antara %(low)s dan %(high)s, bukan %(value)s")
                                 % {"low": lo, "high": hi, "value": value}))
        return None
    return value


def unknown_names(query: Mapping[str, Sequence[str]], known: set[str] | frozenset[str],
                  errors: list[FieldError]) -> None:
    for name in sorted(set(query) - known):
        errors.append(FieldError(name, _("parameter tidak dikenal")))
