"""Turns pydantic validation errors into field-by-field messages a person can act on, in the
language of the request (the CLI asks for English); and the bounds a JSON body must keep before
it is parsed at all (size, nesting)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from directory.errors import FieldError, InvalidInput
from directory.i18n import gettext as _
from directory.i18n import ngettext
from directory.profiles.fields import plain_text, single_line

MAX_JSON_BYTES = 2_000_000  # a profile at every maximum, even fully escaped, is smaller
MAX_JSON_DEPTH = 20  # a profile nests 3 levels (portfolio → item → platforms)


def check_json_body(raw: bytes) -> None:
    """Refuse a body too large (413) or nested too deeply (400) before a parser recurses into
    it: JSON nested a thousand levels deep would otherwise exhaust the interpreter's stack."""
    if len(raw) > MAX_JSON_BYTES:
        raise InvalidInput([FieldError("body", _("maksimal %(n)d byte") % {"n": MAX_JSON_BYTES})],
                           title="Request body too large", status=413)
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return  # cannot be deeper: the common case costs two byte counts
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InvalidInput([FieldError("body", _(
                    "JSON bersarang lebih dari %(n)d tingkat") % {"n": MAX_JSON_DEPTH})],
                    title="Request body nested too deeply")
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _pattern(field: str) -> str | None:
    """What a field that failed its pattern must look like."""
    if field in ("slug", "talent_slug", "organization_slug"):
        return _("harus 3–80 karakter a–z, 0–9 dan '-'")
    if field == "communities":
        return _("harus berupa slug organisasi (3–80 karakter a–z, 0–9 dan '-')")
    if field == "nib":
        return _("harus tepat 13 angka")
    if field == "kbli":
        return _("harus berupa kode KBLI 5 angka")
    if field == "email":
        return _("bukan alamat email yang valid")
    if field in ("phone", "whatsapp"):
        return _("bukan nomor telepon yang valid")
    return None


def _reason(kind: str, field: str, ctx: dict[str, Any], msg: str) -> str:
    """One message per pydantic error type our schema can produce (`msg`: pydantic's English,
    the fallback for a type not listed)."""
    if kind == "missing":
        return _("wajib diisi")
    if kind == "extra_forbidden":
        return _("bukan kolom yang dikenal")
    if kind == "string_pattern_mismatch":
        return _pattern(field) or _("formatnya tidak sesuai")
    if kind == "string_too_short":
        n = int(ctx.get("min_length", 1))
        return _("tidak boleh kosong") if n == 1 else \
            ngettext("minimal %(n)d karakter", "minimal %(n)d karakter", n) % {"n": n}
    if kind == "string_too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("maksimal %(n)d karakter", "maksimal %(n)d karakter", n) % {"n": n}
    if kind == "too_short":
        n = int(ctx.get("min_length", 1))
        return ngettext("pilih minimal %(n)d", "pilih minimal %(n)d", n) % {"n": n}
    if kind == "too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("maksimal %(n)d butir", "maksimal %(n)d butir", n) % {"n": n}
    if kind in ("greater_than_equal", "greater_than"):
        return _("minimal %(n)s") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("maksimal %(n)s") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("harus berupa bilangan bulat")
    if kind in ("float_type", "float_parsing"):
        return _("harus berupa angka desimal")
    if kind in ("string_type", "string_unicode"):
        return _("harus berupa teks")
    if kind in ("bool_type", "bool_parsing"):
        return _("harus true atau false")
    if kind == "list_type":
        return _("harus berupa daftar")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("harus berupa objek")
    if kind.startswith("datetime_"):
        return _("harus berupa tanggal dan waktu ISO 8601")
    if kind == "unknown_code":
        return _("kode %(vocabulary)s tidak dikenal: %(value)s") % ctx
    if kind == "listed_twice":
        return _("%(value)s tercantum dua kali") % ctx
    if kind == "not_web_address":
        return _("harus berupa alamat http:// atau https://")
    if kind == "unknown_language":
        return _("kode bahasa ISO 639-1 tidak dikenal: %(value)s") % ctx
    if kind == "unknown_country":
        return _("kode negara ISO 3166-1 alpha-2 tidak dikenal: %(value)s") % ctx
    if kind == "line_break":
        return _("harus satu baris, tanpa ganti baris")
    if kind == "control_character":
        return _("tidak boleh berisi karakter kendali %(char)s") % ctx
    if kind == "min_above_max":
        return _("min tidak boleh lebih besar dari max")
    if kind == "not_a_date":
        return _("harus berupa tanggal ISO (TTTT-BB-HH)")
    if kind == "date_in_future":
        return _("tidak boleh di masa depan")
    if kind == "ceased_missing":
        return _("wajib diisi bila statusnya tidak beroperasi lagi")
    if kind == "ceased_not_ceased":
        return _("tidak berlaku untuk profil yang terbit (hanya bila tidak beroperasi lagi)")
    if kind == "ceased_before_founded":
        return _("tidak boleh sebelum tahun berdiri %(year)s") % ctx
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def text_errors(field: str, value: str, multiline: bool = False) -> list[FieldError]:
    """The schema's character rules for a form field outside the schema (an inquiry, a name):
    one line unless `multiline`, never control or bidi-override characters."""
    try:
        (plain_text if multiline else single_line)(value)
    except PydanticCustomError as exc:
        return [FieldError(field, _reason(exc.type, field, exc.context or {}, exc.message()))]
    return []


def field_errors(exc: ValidationError) -> list[FieldError]:
    out: list[FieldError] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if loc and loc[0] in ("organization", "talent"):
            loc = loc[1:]  # the discriminator's branch, not a field
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if kind == "union_tag_not_found":
            out.append(FieldError("kind", _("wajib diisi: 'organization' atau 'talent'")))
            continue
        if kind == "union_tag_invalid":
            out.append(FieldError("kind", _("harus 'organization' atau 'talent', bukan %(tag)s")
                                  % {"tag": repr(ctx.get("tag"))}))
            continue
        if kind == "json_invalid":
            out.append(FieldError("(line)", _("bukan JSON yang valid: %(error)s")
                                  % {"error": ctx.get("error", error["msg"])}))
            continue
        if kind in ("model_type", "model_attributes_type", "dict_type") and not loc:
            out.append(FieldError("(line)", _("harus berupa objek JSON")))
            continue
        if ctx.get("field") and kind.startswith("ceased_"):
            loc = (*loc, ctx["field"])  # a rule across fields names the field it is about
        last = next((p for p in reversed(loc) if isinstance(p, str)), "")
        out.append(FieldError(field_path(loc) or "(line)", _reason(kind, last, ctx, error["msg"])))
    return out
