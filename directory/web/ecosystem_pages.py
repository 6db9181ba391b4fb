"""The public "Ekosistem" page: headline figures, one server-rendered SVG chart per dimension with
its data table beneath, growth per year with the roadmap phases marked, and CSV downloads of the
table behind every chart. Same numbers as the stats API (and as the search facets)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Response, get
from litestar.params import FromPath

from directory.context import Services
from directory.errors import FieldError, InvalidInput
from directory.exports import add_sheet
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.stats.parameters import DIMENSIONS, Scope, parse_scope
from directory.stats.roadmap import PhaseSpan, period_options, phase_spans
from directory.stats.shapes import Growth
from directory.web.common import (
    XLSX,
    AnyRequest,
    ServicesDep,
    csv_response,
    html,
    xlsx_response,
)
from directory.web.page_meta import ecosystem_meta

CHARTS = tuple(DIMENSIONS)  # one chart per statistics dimension
TOP = {"skill": 15}
GROWTH = {"growth": "year", "growth-month": "month"}  # CSV/XLSX table name -> interval
HIGHLIGHTED = {"subsector": {"aplikasi", "pengembang-permainan"}}


def chart_titles() -> dict[str, str]:
    return {
        "subsector": _("Subsektor"), "kecamatan": _("Kecamatan"), "service": _("Layanan"),
        "role": _("Peran talenta"), "skill": _("Keahlian teratas"),
        "org_type": _("Jenis organisasi"), "team_size_band": _("Ukuran tim"),
        "founded_year": _("Tahun berdiri"), "market": _("Pasar yang dilayani"),
        "funding_stage": _("Tahap pendanaan"), "growth": _("Profil baru per tahun"),
        "growth-month": _("Profil baru per bulan dan jumlah kumulatif"),
        "lifecycle": _("Siklus hidup organisasi: lahir, berhenti beroperasi, aktif"),
        "survival": _("Kelangsungan hidup per angkatan tahun berdiri"),
    }


LIFECYCLE = ("lifecycle", "survival")  # CSV/XLSX tables of the firm lifecycle


def lifecycle_table(name: str, result: Mapping[str, Any]
                    ) -> tuple[list[str], list[list[Any]]]:
    if name == "lifecycle":
        return (["year", "births", "deaths", "active_end"],
                [[r["year"], r["births"], r["deaths"], r["active_end"]] for r in result["years"]])
    keys = [f"{what}_{k}y" for k in result["horizons"] for what in ("survived", "survival")]
    return (["cohort", "size", *keys],
            [[c["cohort"], c["size"], *(c[k] for k in keys)] for c in result["cohorts"]])


class GrowthChart(Growth):
    """A growth series as the page's chart draws it: with the roadmap phases on its axis."""

    spans: list[PhaseSpan]


async def growth_series(services: Services, scope: Scope, interval: str) -> GrowthChart:
    result = await services.stats.growth(interval, scope)
    return {**result, "spans": phase_spans(result["rows"])}


def growth_table(result: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["year" if result["by"] == "year" else "month", "new", "cumulative"]
    has_recorded = bool(result["rows"]) and "recorded" in result["rows"][0]
    has_ceased = bool(result["rows"]) and "recorded_ceased" in result["rows"][0]
    if has_recorded:
        header.append("recorded")
    if has_ceased:
        header.append("recorded_ceased")
    rows = [[r["value"], r["count"], r["cumulative"], *([r["recorded"]] if has_recorded else []),
             *([r["recorded_ceased"]] if has_ceased else [])]
            for r in result["rows"]]
    return header, rows


def _scope(request: AnyRequest) -> Scope:
    errors: list[FieldError] = []
    scope = parse_scope(request.query_params.dict(), errors)
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return scope


@get("/ekosistem", name="ecosystem", include_in_schema=False)
async def ecosystem(request: AnyRequest, services: ServicesDep) -> Response[str]:
    scope = _scope(request)
    lang = current_language.get()
    charts = {}
    for by in CHARTS:
        result = await services.stats.breakdown(by, scope, lang)
        rows = result["rows"][:TOP[by]] if by in TOP else result["rows"]
        charts[by] = {"rows": rows, "total": result["total"]}
    headline = await services.stats.overview(scope, lang)
    moment = datetime.now(UTC)
    query = scope.as_query()
    suffix = "?" + urlencode(query) if query else ""
    downloads = [("text/csv", request.app.route_reverse("ecosystem_csv", by=by) + suffix)
                 for by in (*CHARTS, *GROWTH)]
    downloads.append((XLSX, request.app.route_reverse("ecosystem_xlsx") + suffix))
    meta = ecosystem_meta(services.settings.base_url, query, moment, lang, downloads)
    lifecycle = None if scope.kind == "talent" else await services.stats.lifecycle(scope)
    return html(request, "ecosystem.html", meta=meta, charts=charts, titles=chart_titles(),
                lifecycle=lifecycle,
                growth=await growth_series(services, scope, "year"),
                growth_month=await growth_series(services, scope, "month"),
                period_options=period_options(), highlighted=HIGHLIGHTED, headline=headline,
                scope=scope, as_of=moment,
                filter_qs="?" + urlencode(scope.as_query()) if scope.as_query() else "")


@get("/ekosistem/csv/{by:str}", name="ecosystem_csv", include_in_schema=False)
async def ecosystem_csv(request: AnyRequest, services: ServicesDep, by: FromPath[str]
                        ) -> Response[bytes]:
    scope = _scope(request)
    if by in GROWTH:
        header, rows = growth_table(await services.stats.growth(GROWTH[by], scope))
    elif by in LIFECYCLE:
        header, rows = lifecycle_table(by, await services.stats.lifecycle(scope))
    elif by in DIMENSIONS:
        result = await services.stats.breakdown(by, scope, current_language.get())
        header = ["value", "label", "count"]
        rows = [[r["value"], r["label"], r["count"]] for r in result["rows"]]
    else:
        tables = ", ".join([*DIMENSIONS, *GROWTH, *LIFECYCLE])
        raise InvalidInput([FieldError("by", _("salah satu dari %(values)s")
                                       % {"values": tables})])
    return csv_response(f"ekosistem-{by}", header, rows)


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
        ("recorded_ceased", _("Organisasi yang sudah berhenti beroperasi menurut snapshot "
                              "bulanan saat itu; kosong bila snapshot itu belum mencatatnya.")),
        ("as_of", _("Waktu data diambil (UTC).")),
        ("births, deaths, active_end", _("Organisasi yang berdiri, yang berhenti beroperasi, dan "
                                         "yang aktif di akhir tahun itu.")),
        ("survived_Ny, survival_Ny", _("Jumlah dan bagian angkatan tahun berdiri yang masih "
                                       "beroperasi N tahun kemudian.")),
    ]


@get("/ekosistem/xlsx", name="ecosystem_xlsx", include_in_schema=False)
async def ecosystem_xlsx(request: AnyRequest, services: ServicesDep) -> Response[bytes]:
    """Every table of the page in one workbook, with a data-dictionary sheet and the as-of time."""
    from openpyxl import Workbook

    scope = _scope(request)
    lang = current_language.get()
    moment = datetime.now(UTC).replace(microsecond=0)
    titles = chart_titles()
    tables: list[tuple[str, list[str], list[list[Any]]]] = []
    for by in CHARTS:
        result = await services.stats.breakdown(by, scope, lang)
        tables.append((by, ["value", "label", "count"],
                       [[r["value"], r["label"], r["count"]] for r in result["rows"]]))
    for name, interval in GROWTH.items():
        tables.append((name, *growth_table(await services.stats.growth(interval, scope))))
    if scope.kind != "talent":
        figures = await services.stats.lifecycle(scope)
        tables += [(name, *lifecycle_table(name, figures)) for name in LIFECYCLE]
    book = Workbook()
    book.remove(book.active)
    about: list[list[Any]] = [["as_of", moment],
             ["filters", "&".join(f"{k}={v}" for k, v in scope.as_query()) or "all"],
             ["source", _("Direktori Ekonomi Kreatif Kota Malang")],
             *[[f"sheet:{name}", titles[name]] for name, _h, _r in tables],
             *[list(row) for row in dictionary_rows()]]
    add_sheet(book, _("Kamus data"), ["name", "value"], about)
    for name, header, rows in tables:
        add_sheet(book, name, header, rows)
    return xlsx_response("ekosistem", book, moment)


ROUTES = [ecosystem, ecosystem_csv, ecosystem_xlsx]
