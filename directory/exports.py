"""Spreadsheet cells the directory writes (every CSV and XLSX: ecosystem tables, analyst tables,
import templates, rejected import rows) and reads back, safe against formula injection.

A spreadsheet program treats a cell that starts with `=`, `+`, `-` or `@` (and, after its own
trimming, a tab or carriage return followed by one of them) as a formula, so a profile's skill
`=HYPERLINK("http://evil.example","x")` or a search for `=1+2` could run in an analyst's
spreadsheet. Following OWASP's CSV-injection guidance:

- **CSV**: a text cell starting with one of those characters gets a single quote in front
  (`'=1+2`), which spreadsheet programs show as text. A number or phone number (`-7.98`,
  `+62 341 000000`: only digits, spaces, `.,()-`) is left as it is: without a letter or a quote
  it can call no function, and quoting it would break the numbers analysts sum.
- **XLSX**: text cells are written as text (`t="inlineStr"`), never as formulas, with the
  "quote prefix" style so that editing the cell keeps it text; characters XML cannot hold
  (control characters other than tab, newline and carriage return) are dropped instead of
  failing the whole workbook.
- **Reading** an uploaded sheet: a cell quoted this way (`'=1+2`) reads as its text (`=1+2`), so
  a rejected-rows file or a template imports as it is; `formula_like` lets the import preview flag
  such values (they are stored as text, never evaluated).

Analysts' tables (`table_csv`, `add_sheet`) are built for Excel, LibreOffice, pandas and R:
- **CSV**: the header row is the first line (no comment lines: they break `read_csv`), UTF-8
  with a byte-order mark (Excel otherwise reads UTF-8 as the local code page), CRLF line ends
  (RFC 4180); the as-of time goes into the file name (`stamped`), not into the data.
- **XLSX**: the header row first, bold and frozen, an autofilter, numbers as numbers, dates and
  months as real dates with a display format, and column widths that fit the content.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-][0-9][0-9 .,()-]*")
# What XML 1.0 cannot hold (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, without importing openpyxl).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_like(text: str) -> bool:
    """True when a spreadsheet program would read this text as a formula."""
    return text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text)


def neutralise(value: Any) -> Any:
    """A CSV cell: text that could be a formula gets a leading single quote; the rest as it is."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """The inverse of `neutralise` for a cell read back from a spreadsheet."""
    if text.startswith("'") and formula_like(text[1:]):
        return text[1:]
    return text


class SafeWriter:
    """`csv.writer` whose every row goes through `neutralise`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)


def append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every text cell written as text."""
    values = [_ILLEGAL_XML.sub("", v) if isinstance(v, str) else v for v in row]
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl makes "=…" a formula otherwise
            if formula_like(value):
                cell.quotePrefix = True


BOM = "\ufeff"


def stamped(stem: str, moment: datetime, extension: str) -> str:
    """`ekosistem-subsector_2026-12-04T2301Z.csv`: the as-of time (UTC) in the file name."""
    return f"{stem}_{moment.astimezone(UTC).strftime('%Y-%m-%dT%H%MZ')}.{extension}"


def table_csv(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A table as CSV bytes: BOM, header row first, formula-like cells neutralised."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv_writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


_MONTH = re.compile(r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])")


def cell_value(value: Any) -> tuple[Any, str | None]:
    """An XLSX cell and its number format: datetimes (naive UTC: Excel has no time zones), dates,
    `YYYY-MM` months as the month's first day, numeric strings as numbers."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return moment, "yyyy-mm-dd hh:mm"
    if isinstance(value, date):
        return value, "yyyy-mm-dd"
    if isinstance(value, str):
        if _MONTH.fullmatch(value):
            return date(int(value[:4]), int(value[5:]), 1), "yyyy-mm"
        if value.isdigit() and len(value) < 16 and not value.startswith("0"):
            return int(value), None  # years and counts kept as text upstream
    return value, None


def add_sheet(book: Any, title: str, header: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> Any:
    """A formatted table sheet: bold frozen header row, typed cells, fitted column widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])
    append(sheet, list(header))
    widths = [len(str(h)) for h in header]
    for row in rows:
        typed = [cell_value(v) for v in row]
        append(sheet, [v for v, _fmt in typed])
        for cell, (_value, fmt) in zip(sheet[sheet.max_row], typed, strict=False):
            if fmt:
                cell.number_format = fmt
        for i, (value, fmt) in enumerate(typed):
            shown = 16 if fmt else len(str(value)) if value is not None else 0
            if i < len(widths):
                widths[i] = max(widths[i], shown)
            else:
                widths.append(shown)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    return sheet
