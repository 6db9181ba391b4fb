"""Turns pydantic validation errors into field-by-field messages a person can act on."""

from __future__ import annotations

from pydantic import ValidationError

from directory.errors import FieldError

_PATTERN_MESSAGES = {
    "slug": "must be 3–80 characters of a–z, 0–9 and '-'",
    "talent_slug": "must be 3–80 characters of a–z, 0–9 and '-'",
    "organization_slug": "must be 3–80 characters of a–z, 0–9 and '-'",
    "communities": "must be an organization slug (3–80 characters of a–z, 0–9 and '-')",
    "nib": "must be exactly 13 digits",
    "kbli": "must be a 5-digit KBLI code",
    "email": "is not a valid email address",
    "phone": "is not a valid phone number",
    "whatsapp": "is not a valid phone number",
}


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def field_errors(exc: ValidationError) -> list[FieldError]:
    out: list[FieldError] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if loc and loc[0] in ("organization", "talent"):
            loc = loc[1:]  # the discriminator's branch, not a field
        kind = error["type"]
        if kind == "union_tag_not_found":
            out.append(FieldError("kind", "is required: 'organization' or 'talent'"))
            continue
        if kind == "union_tag_invalid":
            tag = error.get("ctx", {}).get("tag")
            out.append(FieldError("kind", f"must be 'organization' or 'talent', got {tag!r}"))
            continue
        if kind == "json_invalid":
            out.append(FieldError("(line)", f"is not valid JSON: {error['msg']}"))
            continue
        if kind in ("model_type", "model_attributes_type", "dict_type") and not loc:
            out.append(FieldError("(line)", "must be a JSON object"))
            continue
        path = field_path(loc)
        last = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if kind == "missing":
            reason = "is required"
        elif kind == "extra_forbidden":
            reason = "is not a known field"
        elif kind == "string_pattern_mismatch" and last in _PATTERN_MESSAGES:
            reason = _PATTERN_MESSAGES[last]
        elif kind == "value_error":
            reason = error["msg"].removeprefix("Value error, ")
        else:
            reason = error["msg"][:1].lower() + error["msg"][1:]
        out.append(FieldError(path or "(line)", reason))
    return out
