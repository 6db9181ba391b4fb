"""Reading an uploaded spreadsheet (CSV or XLSX) into header names and rows of cell text."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from directory.errors import FieldError, InvalidInput
from directory.exports import unquote
from directory.i18n import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000  # one transaction (profiles.service.TRANSACTION_LIMIT): all or nothing


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (spreadsheet row, cells)


def _cell(value: object) -> str:
    """Cell text as a person typed it: 2019.0 → "2019", dates → YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return unquote(str(value).strip())  # "'=1+2" as written by directory.exports → "=1+2"


def _refuse(reason: str) -> InvalidInput:
    return InvalidInput([FieldError("file", reason)], title="Invalid spreadsheet")


def _read_csv(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # id-ID Excel uses ";"
    return [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(_("berkas XLSX tidak dapat dibaca")) from exc
    sheet = book.worksheets[0]
    rows = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def read_table(filename: str, raw: bytes) -> Table:
    if not raw:
        raise _refuse(_("pilih berkas CSV atau XLSX"))
    if len(raw) > MAX_BYTES:
        raise _refuse(_("berkas lebih dari 5 MB; bagi menjadi beberapa berkas"))
    name = filename.lower()
    if name.endswith(".xlsx") or raw[:2] == b"PK":
        rows = _read_xlsx(raw)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(raw)
    else:
        raise _refuse(_("hanya berkas .csv atau .xlsx"))
    blank = 0
    while rows and not any(rows[0]):
        rows.pop(0)
        blank += 1
    if not rows:
        raise _refuse(_("berkas kosong: baris pertama harus berisi nama kolom"))
    headers = [h.strip() for h in rows[0]]
    table = Table(headers=headers)
    for number, cells in enumerate(rows[1:], start=blank + 2):  # as the spreadsheet numbers them
        if any(cells):
            table.rows.append((number, cells + [""] * (len(headers) - len(cells))))
    if not table.rows:
        raise _refuse(_("berkas tidak berisi baris data di bawah nama kolom"))
    if len(table.rows) > MAX_ROWS:
        raise _refuse(_("lebih dari %(n)d baris; bagi menjadi beberapa berkas") % {"n": MAX_ROWS})
    return table
