"""From spreadsheet rows to a plan: for every row, the profile it creates or updates, or the
reasons it cannot be imported (naming the column). Nothing is written here.

Matching an existing profile: by `slug` when the column is filled, else (organizations) by NIB,
else by exact name (letter case ignored); otherwise the row creates a profile whose slug is made
from the name. On update, only the filled cells change the profile: an empty cell keeps what is
there, so a partial spreadsheet never erases data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from directory.curation.duplicates import normalise_name
from directory.curation.sheets.cleaning import clean, kecamatan_hint
from directory.curation.sheets.columns import BY_FIELD, BY_HEADER, BY_PATH, Column, normalise_header
from directory.curation.sheets.reader import Table
from directory.exports import formula_like
from directory.i18n import gettext as _
from directory.profiles.documents import MODEL_BY_KIND
from directory.profiles.schema import PROFILE_ADAPTER
from directory.profiles.stored import ProfileInput, stored_form
from directory.profiles.validation import field_errors

if TYPE_CHECKING:
    from directory.profiles.service import ProfileService

KIND_WORDS = {"organisasi": "organization", "organization": "organization",
              "talenta": "talent", "talent": "talent"}
TRUE_WORDS = {"ya", "y", "yes", "true", "benar", "1"}
FALSE_WORDS = {"tidak", "t", "no", "n", "false", "salah", "0"}
_NOT_COMPARED = ("_id", "revision_id", "created_at", "updated_at")


@dataclass
class RowPlan:
    row: int
    cells: list[str]
    kind: str = "organization"
    slug: str = ""
    name: str = ""
    action: str = "invalid"  # create | update | unchanged | invalid
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # imported all the same
    cleaned: list[str] = field(default_factory=list)  # "NIB 1234 5678 → 12345678"
    changed: list[str] = field(default_factory=list)
    profile: ProfileInput | None = None


@dataclass
class Plan:
    filename: str
    headers: list[str]
    rows: list[RowPlan]
    file_errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def valid(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action in ("create", "update", "unchanged")]

    @property
    def invalid(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "invalid"]


def slugify(name: str) -> str:
    slug = "-".join(normalise_name(name).split())[:72].strip("-")
    return slug if len(slug) >= 3 else f"profil-{slug}".strip("-")


def _column_error(column: Column, reason: str) -> str:
    return _("kolom '%(column)s': %(reason)s") % {"column": column.id, "reason": reason}


def _split(text: str) -> list[str]:
    parts = re.split(r"[;\n]" if ";" in text or "\n" in text else r",", text)
    return [p.strip() for p in parts if p.strip()]


def _code(column: Column, text: str) -> str:
    vocabulary = column.vocabulary
    assert vocabulary is not None
    wanted = text.strip().casefold()
    hint = kecamatan_hint(text) if column.field == "kecamatan" else None
    if hint:
        raise ValueError(hint)
    for term in vocabulary:
        if wanted in (term.code.casefold(), term.id.casefold(), term.en.casefold()):
            return term.code
    raise ValueError(_("'%(value)s' tidak dikenal; pilih salah satu: %(codes)s")
                     % {"value": text, "codes": ", ".join(vocabulary.codes)})


def _convert(column: Column, text: str) -> Any:
    if column.type == "text":
        return text
    if column.type == "list":
        values = _split(text)
        return [v.upper() for v in values] if column.field == "export_countries" else values
    if column.type == "code":
        return _code(column, text)
    if column.type == "codes":
        return [_code(column, part) for part in _split(text)]
    if column.type == "int":
        cleaned = text.replace(".", "").replace(" ", "") if column.field == "min_budget_idr" \
            else text
        if not re.fullmatch(r"-?[0-9]+", cleaned):
            raise ValueError(_("harus berupa bilangan bulat, bukan %(value)s")
                             % {"value": repr(text)})
        if len(cleaned) > 19:  # the schema's ranges say why; this only spares int() the work
            raise ValueError(_("angka terlalu besar"))
        return int(cleaned)
    if column.type == "float":
        try:
            return float(text.replace(",", "."))
        except ValueError as exc:
            raise ValueError(_("harus angka desimal, bukan '%(value)s'") % {"value": text}) \
                from exc
    if column.type == "bool":
        if text.casefold() in TRUE_WORDS:
            return True
        if text.casefold() in FALSE_WORDS:
            return False
        raise ValueError(_("isi 'ya' atau 'tidak', bukan '%(value)s'") % {"value": text})
    if column.type == "date":
        try:
            value = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(_("tanggal YYYY-MM-DD, bukan '%(value)s'") % {"value": text}) \
                from exc
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    raise AssertionError(column.type)


def map_headers(headers: list[str]) -> tuple[list[Column | None], list[str]]:
    """The column of each header, and file-level errors (unknown or repeated headers)."""
    columns: list[Column | None] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for header in headers:
        if not header:
            columns.append(None)
            continue
        column = BY_HEADER.get(normalise_header(header))
        if column is None:
            errors.append(_("kolom '%(header)s' tidak dikenal (lihat templat untuk nama kolom "
                            "yang dipakai)") % {"header": header})
        elif column.id in seen:
            errors.append(_("kolom '%(header)s' muncul dua kali (juga sebagai '%(other)s')")
                          % {"header": header, "other": seen[column.id]})
        else:
            seen[column.id] = header
        columns.append(column)
    if "nama" not in seen and "slug" not in seen:
        errors.append(_("perlu kolom 'nama' (atau 'slug' untuk memperbarui profil yang ada)"))
    return columns, errors


def formula_warnings(columns: list[Column | None], cells: list[str]) -> list[str]:
    """Cells a spreadsheet program would take for a formula: imported as text, but flagged."""
    return [_column_error(column, _("diawali '%(char)s' seperti rumus spreadsheet; disimpan "
                                    "sebagai teks") % {"char": text.strip()[0]})
            for column, text in zip(columns, cells, strict=False)
            if column is not None and formula_like(text.strip())]


def cleaning_notes(columns: list[Column | None], cells: list[str]) -> list[str]:
    """What cleaning changed in a row's cells (shown in the preview)."""
    return [note for column, text in zip(columns, cells, strict=False)
            if column is not None and text.strip() and (note := clean(column, text)[1])]


def read_row(columns: list[Column | None], cells: list[str]
             ) -> tuple[str, dict[str, Any], list[str]]:  # a row as interchange JSON
    """The kind, the filled cells as interchange fields, and conversion errors."""
    filled: list[tuple[Column, Any]] = []
    errors: list[str] = []
    kind = "organization"
    for column, text in zip(columns, cells, strict=False):
        if column is None or not text.strip():
            continue
        if column.type == "kind":
            kind_word = KIND_WORDS.get(text.strip().casefold())
            if kind_word is None:
                errors.append(_column_error(column, _("isi 'organisasi' atau 'talenta'")))
            else:
                kind = kind_word
            continue
        try:
            filled.append((column, _convert(column, clean(column, text)[0])))
        except ValueError as exc:
            errors.append(_column_error(column, str(exc)))
    given: dict[str, Any] = {}
    for column, value in filled:
        if kind in column.kinds:
            given[column.field] = value
        else:
            only = _("organisasi") if column.kinds == ("organization",) else _("talenta")
            errors.append(_column_error(column, _("hanya untuk %(kind)s; kosongkan untuk baris "
                                                  "ini") % {"kind": only}))
    return kind, given, errors


def apply_cells(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:  # interchange JSON
    """The profile fields with the filled cells laid over `base` (an existing profile or {})."""
    data = dict(base)
    for name, value in given.items():
        if name == "links":
            links = [link for link in data.get("links", []) if link["url"] != value]
            data["links"] = [{"label": "Situs", "url": value}, *links]
        elif name.startswith("contact."):
            data["contact"] = {**(data.get("contact") or {}), name.split(".")[1]: value}
        elif name.startswith("location."):
            data["location"] = {**(data.get("location") or {}), name.split(".")[1]: value}
        else:
            data[name] = value
    return data


def _validation_errors(exc: ValidationError, blamed: list[str]) -> list[str]:
    """Schema errors by column; none for a column a cell error already names (a kecamatan
    that could not be read is one error, not also "required")."""
    out = []
    for error in field_errors(exc):
        top = re.split(r"[.\[]", error.field, maxsplit=1)[0]
        column = BY_PATH.get(error.field) or BY_FIELD.get(top)
        if column and any(e.startswith(_column_error(column, "")) for e in blamed):
            continue
        out.append(_column_error(column, error.reason) if column else
                   f"{error.field}: {error.reason}")
    return out


def _editable(raw: dict[str, Any], kind: str) -> dict[str, Any]:  # interchange JSON
    doc = MODEL_BY_KIND[kind].model_validate(raw)
    return doc.model_dump(exclude={"id", "revision_id", "kind", "created_at", "updated_at"},
                          exclude_none=True)


async def plan_table(filename: str, table: Table, profiles: ProfileService,
                     progress: Callable[[int], None] | None = None) -> Plan:
    columns, file_errors = map_headers(table.headers)
    plan = Plan(filename=filename, headers=table.headers, rows=[], file_errors=file_errors)
    if file_errors:
        return plan
    rows = []
    for number, cells in table.rows:
        kind, given, errors = read_row(columns, cells)
        rows.append((RowPlan(row=number, cells=cells, kind=kind, errors=errors,
                             warnings=formula_warnings(columns, cells),
                             cleaned=cleaning_notes(columns, cells),
                             name=str(given.get("name", ""))), given))
    existing = await _existing(profiles, [(r.kind, g) for r, g in rows])
    taken: set[tuple[str, str]] = set()
    names: dict[tuple[str, str], int] = {}
    for row, given in rows:
        name_key = (row.kind, str(given.get("name", "")).casefold())
        if "slug" not in given and name_key[1] and name_key in names:
            row.errors.append(_column_error(BY_HEADER["nama"], _(
                "nama yang sama sudah ada di baris %(row)d; isi kolom slug bila keduanya "
                "memang profil yang berbeda") % {"row": names[name_key]}))
        names.setdefault(name_key, row.row)
        old = _match(existing, row.kind, given)
        if old is not None:
            row.slug = old["slug"]
            if str(given.get("name", "")).casefold() == old["name"].casefold():
                given.pop("name", None)  # a spelling in other letter case is not a rename
            if given.get("slug", old["slug"]) != old["slug"]:
                row.errors.append(_column_error(BY_HEADER["slug"], _("tidak dapat diubah")))
        else:
            row.slug = given.get("slug") or await _free_slug(
                profiles, row.kind, slugify(str(given.get("name", ""))), taken)
        if (row.kind, row.slug) in taken:
            row.errors.append(_column_error(BY_HEADER["slug"], _(
                "profil '%(slug)s' sudah ada di baris sebelumnya") % {"slug": row.slug}))
        taken.add((row.kind, row.slug))
        base = _editable(old, row.kind) if old is not None else {}
        data = apply_cells(base, {**given, "slug": row.slug})
        row.name = str(data.get("name", row.name))
        try:
            row.profile = PROFILE_ADAPTER.validate_python({**data, "kind": row.kind})
        except ValidationError as exc:
            row.errors += _validation_errors(exc, row.errors)
        if row.errors:
            row.action, row.profile = "invalid", None
            if progress:
                progress(1)
            continue
        assert row.profile is not None
        stored = stored_form(row.profile, old)
        row.changed = sorted(k for k in (set(stored) | set(old or {})) - set(_NOT_COMPARED)
                             if (old or {}).get(k) != stored.get(k))
        row.action = "create" if old is None else ("update" if row.changed or given.get(
            "created_at") else "unchanged")
        if progress:
            progress(1)
    plan.rows = [row for row, _given in rows]
    return plan


async def _existing(profiles: ProfileService, rows: list[tuple[str, dict[str, Any]]]
                    ) -> dict[str, dict[tuple[str, str], dict[str, Any]]]:  # raw stored profiles
    """Existing profiles the rows may refer to, by slug, by NIB and by folded name."""
    found: dict[str, dict[tuple[str, str], dict[str, Any]]] = {"slug": {}, "nib": {}, "name": {}}
    for kind in ("organization", "talent"):
        wanted = [g for k, g in rows if k == kind]
        slugs = [g["slug"] for g in wanted if "slug" in g]
        nibs = [g["nib"] for g in wanted if "nib" in g]
        names = [g["name"] for g in wanted if "name" in g]
        collection = profiles.collection(kind)
        exact: list[dict[str, Any]] = [{"slug": {"$in": slugs}}]
        if kind == "organization":
            exact.append({"nib": {"$in": nibs}})
        folded_names: dict[str, list[dict[str, Any]]] = {}
        async for doc in collection.find({"$or": exact}):
            found["slug"][(kind, doc["slug"])] = doc
            if doc.get("nib"):
                found["nib"][(kind, doc["nib"])] = doc
        async for doc in collection.find({"name": {"$in": names}},
                                         collation={"locale": "en", "strength": 2}):
            folded_names.setdefault(doc["name"].casefold(), []).append(doc)
        for name, docs in folded_names.items():
            if len(docs) == 1:  # an ambiguous name matches nothing: the row creates a profile
                found["name"][(kind, name)] = docs[0]
    return found


def _match(existing: dict[str, dict[tuple[str, str], dict[str, Any]]], kind: str,
           given: dict[str, Any]) -> dict[str, Any] | None:  # a raw stored profile
    if "slug" in given:
        return existing["slug"].get((kind, given["slug"]))
    if "nib" in given and (kind, given["nib"]) in existing["nib"]:
        return existing["nib"][(kind, given["nib"])]
    if "name" in given:
        return existing["name"].get((kind, str(given["name"]).casefold()))
    return None


async def _free_slug(profiles: ProfileService, kind: str, base: str,
                     taken: set[tuple[str, str]]) -> str:
    used = {d["slug"] async for d in profiles.collection(kind).find(
        {"slug": {"$regex": f"^{re.escape(base)}(-[0-9]+)?$"}}, {"slug": 1})}
    used |= {slug for k, slug in taken if k == kind}
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
