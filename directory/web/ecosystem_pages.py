"""The public "Ekosistem" page: headline figures, one server-rendered SVG chart per dimension with
its data table beneath, growth per year with the roadmap phases marked, and CSV downloads of the
table behind every chart. Same numbers as the stats API (and as the search facets)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from directory.errors import FieldError, InvalidInput
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.stats import DIMENSIONS, Scope, parse_scope
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]
CHARTS = ("subsector", "kecamatan", "service", "role", "skill", "org_type", "team_size_band",
          "founded_year", "market", "funding_stage")
TOP = {"skill": 15}
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
    }


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
    growth = await services.stats.growth("year", scope)
    headline = await services.stats.overview(scope, lang)
    return html(request, "ecosystem.html", charts=charts, growth=growth, titles=chart_titles(),
                phases=phases(), highlighted=HIGHLIGHTED, headline=headline,
                scope=scope, as_of=datetime.now(UTC))


@get("/ekosistem/csv/{by:str}", include_in_schema=False)
async def ecosystem_csv(request: AnyRequest, by: FromPath[str]) -> Response[bytes]:
    services = request.app.state.services
    scope = _scope(request)
    if by == "growth":
        result = await services.stats.growth("year", scope)
        header = ["year", "new", "cumulative"]
        rows = [[r["value"], r["count"], r["cumulative"]] for r in result["rows"]]
    elif by in DIMENSIONS:
        result = await services.stats.breakdown(by, scope, current_language.get())
        header = ["value", "label", "count"]
        rows = [[r["value"], r["label"], r["count"]] for r in result["rows"]]
    else:
        raise InvalidInput([FieldError("by", "one of " + ", ".join([*DIMENSIONS, "growth"]))])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    as_of = datetime.now(UTC).replace(microsecond=0).isoformat()
    filters = "&".join(f"{k}={v}" for k, v in scope.as_query())
    writer.writerow(["# published profiles", f"as_of={as_of}", filters or "all"])
    writer.writerow(header)
    writer.writerows(rows)
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="ekosistem-{by}.csv"'})


def dictionary_rows() -> list[tuple[str, str]]:
    return [
        ("count", _("Jumlah profil terbit (organisasi dan/atau talenta) dengan nilai itu; profil "
                    "dengan beberapa nilai dihitung sekali di setiap nilai.")),
        ("value", _("Kode baku dari taksonomi direktori (atau tahun, atau keahlian).")),
        ("label", _("Label kode dalam bahasa yang dipilih.")),
        ("new", _("Profil baru menurut tanggal dibuat (created_at).")),
        ("cumulative", _("Jumlah berjalan profil baru sampai periode itu.")),
        ("as_of", _("Waktu data diambil (UTC).")),
    ]


@get("/ekosistem/xlsx", include_in_schema=False)
async def ecosystem_xlsx(request: AnyRequest) -> Response[bytes]:
    """Every table of the page in one workbook, with a data-dictionary sheet and the as-of time."""
    from openpyxl import Workbook

    services = request.app.state.services
    scope = _scope(request)
    lang = current_language.get()
    as_of = datetime.now(UTC).replace(microsecond=0)
    book = Workbook()
    about = book.active
    about.title = _("Kamus data")[:31]
    about.append([_("Direktori Ekonomi Kreatif Kota Malang")])
    about.append(["as_of", as_of.isoformat()])
    about.append(["filters", "&".join(f"{k}={v}" for k, v in scope.as_query()) or "all"])
    about.append([])
    about.append(["column", "meaning"])
    for row in dictionary_rows():
        about.append(list(row))
    titles = chart_titles()
    for by in CHARTS:
        result = await services.stats.breakdown(by, scope, lang)
        sheet = book.create_sheet(by[:31])
        sheet.append([titles[by]])
        sheet.append(["value", "label", "count"])
        for r in result["rows"]:
            sheet.append([r["value"], r["label"], r["count"]])
    growth = await services.stats.growth("year", scope)
    sheet = book.create_sheet("growth")
    sheet.append([titles["growth"]])
    sheet.append(["year", "new", "cumulative"])
    for r in growth["rows"]:
        sheet.append([r["value"], r["count"], r["cumulative"]])
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="ekosistem.xlsx"'})


ROUTES = [ecosystem, ecosystem_csv, ecosystem_xlsx]
