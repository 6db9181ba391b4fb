"""Demand by origin in the analyst area (role analyst or admin; directory/stats/demand_origin.py):
the origin × subsector table with a period filter, a drill-down from a province to its
regencies/cities, a partner-region view, and their CSV and XLSX downloads. A filter value that is
not allowed is named next to its field and the page shows the unfiltered figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Response, get

from directory.context import Services
from directory.errors import FieldError, InvalidInput
from directory.exports import add_sheet
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.stats import regions
from directory.stats.demand_origin import SOURCES, Period, group_labels
from directory.stats.shapes import OriginGroupBar, OriginRow
from directory.web.auth import ANALYSTS
from directory.web.common import AnyRequest, ServicesDep, csv_response, html, xlsx_response

FIRST_YEAR = 2018  # Malang Bersinergi: the roadmap's first phase
CHART_ROWS = 12  # the chart of origins shows the largest; the table has them all


def _groups(rows: list[OriginRow]) -> list[OriginGroupBar]:
    """The chart of origin groups (Kota Malang, rest of East Java, …), in the table's order."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["group"]] = totals.get(r["group"], 0) + r["total"]
    names = group_labels()
    return [{"value": g, "label": names[g], "count": n} for g, n in totals.items()]


def _filters(request: AnyRequest, region_needed: bool = False
             ) -> tuple[Period, str, str | None, str | None, dict[str, str], dict[str, str]]:
    """(period, source, province, region, the values as given, errors by field)."""
    q = request.query_params
    given = {name: (q.get(name) or "").strip()
             for name in ("year", "quarter", "source", "province", "region")}
    errors: dict[str, str] = {}
    this_year = datetime.now(UTC).year
    year = int(given["year"]) if given["year"].isdigit() else None
    if given["year"] and (year is None or not FIRST_YEAR <= year <= this_year):
        errors["year"] = _("tahun %(first)d–%(last)d") % {"first": FIRST_YEAR, "last": this_year}
        year = None
    quarter = int(given["quarter"]) if given["quarter"] in ("1", "2", "3", "4") else None
    if given["quarter"] and quarter is None:
        errors["quarter"] = _("kuartal 1–4")
    elif quarter is not None and year is None and "year" not in errors:
        errors["quarter"] = _("pilih tahunnya juga")
        quarter = None
    source = given["source"] or "all"
    if source not in SOURCES:
        errors["source"] = _("salah satu dari %(values)s") % {"values": ", ".join(SOURCES)}
        source = "all"
    province = given["province"] or None
    if province is not None and province not in regions.provinces():
        errors["province"] = _("provinsi tidak dikenal")
        province = None
    region = given["region"].upper() if len(given["region"]) == 2 and \
        given["region"].isalpha() else given["region"]
    if region and not regions.known_region(region):
        errors["region"] = _("kode provinsi, kota/kabupaten atau negara yang dikenal")
        region = ""
    elif not region and region_needed:
        errors["region"] = _("pilih wilayah")
    return (Period(year, quarter if year is not None else None), source, province,
            region or None, given, errors)


class OriginFilterChoices(regions.OriginChoices):
    years: list[int]
    sources: dict[str, str]
    groups: dict[str, str]


def _choices(lang: str) -> OriginFilterChoices:
    return {"years": list(range(datetime.now(UTC).year, FIRST_YEAR - 1, -1)),
            "sources": {"all": _("Pesan dan brief"), "inquiry": _("Hanya pesan"),
                        "brief": _("Hanya brief")},
            "groups": group_labels(), **regions.form_choices(lang)}


def _query(given: dict[str, str], *names: str) -> str:
    pairs = [f"{n}={given[n]}" for n in names if given.get(n)]
    return ("?" + "&".join(pairs)) if pairs else ""


@get("/analis/asal", name="analyst_origin", guards=[ANALYSTS], include_in_schema=False)
async def origin_page(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    lang = current_language.get()
    period, source, province, _region, given, errors = _filters(request)
    result = await services.origin_demand.table(period, lang, source, province)
    return html(request, "analyst/origin.html", status=400 if errors else 200, result=result,
                period=period, values=given, errors=errors, as_of=datetime.now(UTC),
                download_query=_query(given, "year", "quarter", "source", "province"),
                chart=[{"value": r["code"], "label": r["label"], "count": r["total"]}
                       for r in sorted(result["rows"], key=lambda r: -r["total"])[:CHART_ROWS]],
                group_chart=_groups(result["rows"]),
                **_choices(lang))


@get("/analis/asal/wilayah", name="analyst_partner", guards=[ANALYSTS],
     include_in_schema=False)
async def partner_page(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    lang = current_language.get()
    period, _source, _province, region, given, errors = _filters(request)
    if "region" in request.query_params and not region and "region" not in errors:
        errors["region"] = _("pilih wilayah")
    result = await services.origin_demand.partner(region, period, lang) if region else None
    return html(request, "analyst/partner.html", status=400 if errors else 200,
                result=result, period=period, values=given, errors=errors,
                as_of=datetime.now(UTC), download_query=_query(given, "region", "year", "quarter"),
                **_choices(lang))


Table = tuple[str, list[str], list[list[Any]]]


async def origin_table(services: Services, period: Period, source: str,
                       province: str | None, lang: str) -> Table:
    result = await services.origin_demand.table(period, lang, source, province)
    header = ["origin_code", "origin", "group", "inquiries", "briefs", "total",
              *[c["value"] for c in result["columns"]]]
    rows = [[r["code"], r["label"], r["group"], r["inquiries"], r["briefs"], r["total"],
             *r["counts"]] for r in result["rows"]]
    stem = f"origin-{period.code}" + (f"-{province}" if province else "")
    return stem, header, rows


async def partner_tables(services: Services, region: str, period: Period, lang: str
                         ) -> tuple[Table, Table]:
    result = await services.origin_demand.partner(region, period, lang)
    quarters = (f"partner-{region}-quarters",
                ["quarter", "inquiries", "briefs", "total", "profiles_reached"],
                [[q["quarter"], q["inquiries"], q["briefs"], q["total"], q["profiles"]]
                 for q in result["quarters"]])
    subsectors = (f"partner-{region}-subsectors",
                  ["subsector", "label", "inquiries", "briefs", "total"],
                  [[s["value"], s["label"], s["inquiries"], s["briefs"], s["total"]]
                   for s in result["subsectors"]])
    return quarters, subsectors


def _refuse(errors: dict[str, str]) -> None:
    """A download with a filter that is not allowed: 400, the fields named."""
    if errors:
        raise InvalidInput([FieldError(name, reason) for name, reason in errors.items()])


@get("/analis/asal/csv", name="analyst_origin_csv", guards=[ANALYSTS], include_in_schema=False)
async def origin_csv(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    period, source, province, _region, _given, errors = _filters(request)
    _refuse(errors)
    stem, header, rows = await origin_table(services, period, source, province,
                                            current_language.get())
    return csv_response(f"analis-{stem}", header, rows)


@get("/analis/asal/wilayah/csv", name="analyst_partner_csv", guards=[ANALYSTS],
     include_in_schema=False)
async def partner_csv(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    period, _source, _province, region, _given, errors = _filters(request, region_needed=True)
    table = request.query_params.get("table") or "quarters"
    if table not in ("quarters", "subsectors"):
        errors["table"] = _("salah satu dari %(values)s") % {"values": "quarters, subsectors"}
    _refuse(errors)
    assert region is not None
    quarters, subsectors = await partner_tables(services, region, period,
                                                current_language.get())
    stem, header, rows = quarters if table == "quarters" else subsectors
    return csv_response(f"analis-{stem}-{period.code}", header, rows)


@get("/analis/asal/xlsx", name="analyst_origin_xlsx", guards=[ANALYSTS],
     include_in_schema=False)
async def origin_xlsx(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    """The origin table (and the drill-down and the partner region when chosen) in one
    formatted workbook (directory/exports.py: add_sheet)."""
    from openpyxl import Workbook

    lang = current_language.get()
    period, source, province, region, _given, errors = _filters(request)
    _refuse(errors)
    moment = datetime.now(UTC).replace(microsecond=0)
    tables = [await origin_table(services, period, source, None, lang)]
    if province:
        tables.append(await origin_table(services, period, source, province, lang))
    if region:
        tables += list(await partner_tables(services, region, period, lang))
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, "about", ["name", "value"], [
        ["as_of", moment], ["source", _("Direktori Ekonomi Kreatif Kota Malang")],
        ["period", period.code], ["counted", source],
        ["regions", _("Kode wilayah Kemendagri (idn-area-data, ODbL); negara ISO 3166-1")]])
    for name, header, rows in tables:
        add_sheet(book, name[:31], header, rows)
    return xlsx_response(f"analis-origin-{period.code}", book, moment)


ROUTES = [origin_page, partner_page, origin_csv, partner_csv, origin_xlsx]
