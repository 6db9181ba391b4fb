"""The public "Ekosistem" page: headline figures, one server-rendered SVG chart per dimension with
its data table beneath, growth per year with the roadmap phases marked, and CSV downloads of the
table behind every chart. Same numbers as the stats API (and as the search facets)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.params import FromPath

from directory.errors import FieldError, InvalidInput
from directory.exports import append
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.stats.service import DIMENSIONS, Scope, parse_scope
from directory.web.downloads import as_of, csv_response
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]
CHARTS = ("subsector", "kecamatan", "service", "role", "skill", "org_type", "team_size_band",
          "founded_year", "market", "funding_stage")
TOP = {"skill": 15}
GROWTH = {"growth": "year", "growth-month": "month"}  # CSV/XLSX table name -> interval
HIGHLIGHTED = {"subsector": {"aplikasi", "pengembang-permainan"}}


def phases() -> list[dict[str, Any]]:
    """Bappeda's creative-economy roadmap phases, drawn on the growth chart's time axis."""
    return [
        {"name": "Malang Bersinergi", "start": 2018, "end": 2019},
        {"name": "Malang Berdaya", "start": 2020, "end": 2021},
        {"name": "Malang Mendunia", "start": 2022, "end": 2023},
        {"name": _("Sesudahnya"), "start": 2024, "end": 9999},
    ]


def chart_titles() -> dict[str, str]:
    return {
        "subsector": _("Subsektor"), "kecamatan": _("Kecamatan"), "service": _("Layanan"),
        "role": _("Peran talenta"), "skill": _("Keahlian teratas"),
        "org_type": _("Jenis organisasi"), "team_size_band": _("Ukuran tim"),
        "founded_year": _("Tahun berdiri"), "market": _("Pasar yang dilayani"),
        "funding_stage": _("Tahap pendanaan"), "growth": _("Profil baru per tahun"),
        "growth-month": _("Profil baru per bulan dan jumlah kumulatif"),
    }


def period_options() -> list[dict[str, str]]:
    """The period filter offers the roadmap phases (any year range works in the URL)."""
    out = []
    for p in phases():
        value = f"{p['start']}-" if p["end"] == 9999 else f"{p['start']}-{p['end']}"
        shown = f"{p['start']}–" if p["end"] == 9999 else f"{p['start']}–{p['end']}"
        out.append({"value": value, "label": f"{p['name']} ({shown})"})
    return out


def phase_spans(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where each roadmap phase lies on a growth chart's axis (columns of years or months)."""
    spans = []
    for number, p in enumerate(phases(), 1):
        cols = [i for i, r in enumerate(rows) if p["start"] <= int(r["value"][:4]) <= p["end"]]
        if cols:
            spans.append({"name": p["name"], "number": number, "first": cols[0],
                          "count": len(cols)})
    return spans


async def growth_series(services: Any, scope: Scope, interval: str) -> dict[str, Any]:
    result = await services.stats.growth(interval, scope)
    return {**result, "spans": phase_spans(result["rows"])}


def growth_table(result: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["year" if result["by"] == "year" else "month", "new", "cumulative"]
    has_recorded = bool(result["rows"]) and "recorded" in result["rows"][0]
    if has_recorded:
        header.append("recorded")
    rows = [[r["value"], r["count"], r["cumulative"], *([r["recorded"]] if has_recorded else [])]
            for r in result["rows"]]
    return header, rows


def _scope(request: AnyRequest) -> Scope:
    errors: list[FieldError] = []
    scope = parse_scope(request.query_params.dict(), errors)
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return scope


@get("/ekosistem", name="ecosystem", include_in_schema=False)
async def ecosystem(request: AnyRequest) -> Response[str]:
    services = request.app.state.services
    scope = _scope(request)
    lang = current_language.get()
    charts = {}
    for by in CHARTS:
        result = await services.stats.breakdown(by, scope, lang)
        rows = result["rows"][:TOP[by]] if by in TOP else result["rows"]
        charts[by] = {"rows": rows, "total": result["total"]}
    headline = await services.stats.overview(scope, lang)
    return html(request, "ecosystem.html", charts=charts, titles=chart_titles(),
                growth=await growth_series(services, scope, "year"),
                growth_month=await growth_series(services, scope, "month"),
                period_options=period_options(), highlighted=HIGHLIGHTED, headline=headline,
                scope=scope, as_of=datetime.now(UTC),
                filter_qs="?" + urlencode(scope.as_query()) if scope.as_query() else "")


@get("/ekosistem/csv/{by:str}", include_in_schema=False)
async def ecosystem_csv(request: AnyRequest, by: FromPath[str]) -> Response[bytes]:
    services = request.app.state.services
    scope = _scope(request)
    if by in GROWTH:
        header, rows = growth_table(await services.stats.growth(GROWTH[by], scope))
    elif by in DIMENSIONS:
        result = await services.stats.breakdown(by, scope, current_language.get())
        header = ["value", "label", "count"]
        rows = [[r["value"], r["label"], r["count"]] for r in result["rows"]]
    else:
        raise InvalidInput([FieldError("by", _("salah satu dari %(values)s")
                                       % {"values": ", ".join([*DIMENSIONS, *GROWTH])})])
    filters = "&".join(f"{k}={v}" for k, v in scope.as_query())
    return csv_response(f"ekosistem-{by}.csv",
                        ["# published profiles", f"as_of={as_of()}", filters or "all"],
                        header, rows)


def dictionary_rows() -> list[tuple[str, str]]:
    return [
        ("count", _("Jumlah profil terbit (organisasi dan/atau talenta) dengan nilai itu; profil "
                    "dengan beberapa nilai dihitung sekali di setiap nilai.")),
        ("value", _("Kode baku dari taksonomi direktori (atau tahun, atau keahlian).")),
        ("label", _("Label kode dalam bahasa yang dipilih.")),
        ("new", _("Profil baru menurut tanggal dibuat (created_at).")),
        ("cumulative", _("Jumlah berjalan profil baru sampai periode itu.")),
        ("recorded", _("Jumlah profil terbit yang tercatat oleh snapshot bulanan saat itu "
                       "(termasuk profil yang kemudian dihapus); kosong sebelum snapshot "
                       "pertama.")),
        ("as_of", _("Waktu data diambil (UTC).")),
    ]


@get("/ekosistem/xlsx", include_in_schema=False)
async def ecosystem_xlsx(request: AnyRequest) -> Response[bytes]:
    """Every table of the page in one workbook, with a data-dictionary sheet and the as-of time."""
    from openpyxl import Workbook

    services = request.app.state.services
    scope = _scope(request)
    lang = current_language.get()
    book = Workbook()
    about = book.active
    about.title = _("Kamus data")[:31]
    append(about, [_("Direktori Ekonomi Kreatif Kota Malang")])
    append(about, ["as_of", as_of()])
    append(about, ["filters", "&".join(f"{k}={v}" for k, v in scope.as_query()) or "all"])
    append(about, [])
    append(about, ["column", "meaning"])
    for row in dictionary_rows():
        append(about, list(row))
    titles = chart_titles()
    for by in CHARTS:
        result = await services.stats.breakdown(by, scope, lang)
        sheet = book.create_sheet(by[:31])
        append(sheet, [titles[by]])
        append(sheet, ["value", "label", "count"])
        for r in result["rows"]:
            append(sheet, [r["value"], r["label"], r["count"]])
    for name, interval in GROWTH.items():
        header, rows = growth_table(await services.stats.growth(interval, scope))
        sheet = book.create_sheet(name)
        append(sheet, [titles[name]])
        append(sheet, header)
        for row in rows:
            append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="ekosistem.xlsx"'})


ROUTES = [ecosystem, ecosystem_csv, ecosystem_xlsx]
