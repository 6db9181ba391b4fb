"""CSV downloads of statistics tables: a first line saying what and as of when, the header,
the rows."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from litestar import Response

from directory.exports import csv_writer


def as_of() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def csv_response(filename: str, preamble: list[str], header: list[str],
                 rows: Iterable[list[Any]]) -> Response[bytes]:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(preamble)
    writer.writerow(header)
    writer.writerows(rows)
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def file_response(filename: str, content: bytes, media_type: str) -> Response[bytes]:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
