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
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
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
