"""The analyst area (role analyst or admin): unmet demand, inquiries per month, confidential
figures in suppressed aggregates, each with a CSV download; and the owners' form for their
organization's confidential figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.context import Services
from directory.errors import FieldError, InvalidInput
from directory.exports import add_sheet
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.stats.analyst import INQUIRY_DIMENSIONS
from directory.stats.confidential import GROUPINGS, MIN_GROUP
from directory.taxonomy import REVENUE_BANDS
from directory.web.auth import ANALYSTS, CurrentUser, known_kind
from directory.web.common import (
    AnyRequest,
    ServicesDep,
    csv_response,
    field_errors,
    html,
    xlsx_response,
)

DEMAND_DAYS = (30, 90, 365)
ORGANIZATIONS = [known_kind("organization")]  # {kind}: Litestar does not backtrack from literals


def _choice(request: AnyRequest, name: str, allowed: tuple[Any, ...], default: Any) -> Any:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    for value in allowed:
        if str(value) == raw:
            return value
    raise InvalidInput([FieldError(name, _("salah satu dari %(values)s")
                                   % {"values": ", ".join(map(str, allowed))})])


@get("/analis", name="analyst", guards=[ANALYSTS], include_in_schema=False)
async def dashboard(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    lang = current_language.get()
    by = _choice(request, "by", tuple(GROUPINGS), "subsector")
    days = _choice(request, "days", DEMAND_DAYS, 90)
    inquiries_by = _choice(request, "inquiries_by", tuple(INQUIRY_DIMENSIONS), "subsector")
    return html(request, "analyst/dashboard.html",
                figures_all=await services.figures.aggregate(None, lang),
                figures=await services.figures.aggregate(by, lang), by=by,
                groupings=GROUPINGS, bands=REVENUE_BANDS, min_group=MIN_GROUP,
                demand=await services.analyst.unmet_demand(days), days=days,
                day_options=DEMAND_DAYS,
                inquiries=await services.analyst.inquiries_per_month(inquiries_by, lang),
                inquiries_by=inquiries_by, as_of=datetime.now(UTC))


def suppressed(value: Any, group_hidden: bool = False) -> Any:
    """A withheld figure: "< 5" when the whole group is too small, "x" when the dominance or
    secondary-suppression rule withholds it (directory/stats/confidential.py)."""
    if value is not None:
        return value
    return f"< {MIN_GROUP}" if group_hidden else "x"


Table = tuple[str, list[str], list[list[Any]]]


async def figures_table(services: Services, by: str, lang: str) -> Table:
    result = await services.figures.aggregate(None if by == "all" else by, lang)
    header = ["value", "label", "organizations", "employees_total", "employees_median",
              *[f"revenue_{c}" for c in REVENUE_BANDS.codes], "export_share_mean"]
    rows = []
    for r in result["rows"]:
        bands, small = r["revenue_bands"], r["organizations"] is None
        rows.append([r["value"], r["label"], suppressed(r["organizations"], small),
                     suppressed(r["employees_total"], small),
                     suppressed(r["employees_median"], small),
                     *[suppressed(bands[c] if bands else None, small or bands is None)
                       for c in REVENUE_BANDS.codes],
                     suppressed(r["export_share_mean"], small)])
    return f"figures-{by}", header, rows


async def demand_table(services: Services, days: int) -> Table:
    demand = await services.analyst.unmet_demand(days, limit=1000)
    return ("demand", ["query", "filters", "searches", "zero_results", "last"],
            [[d["q"], " ".join(d["filters"]), d["searches"], d["zero"], d["last"]]
             for d in demand])


async def inquiries_table(services: Services, by: str, lang: str) -> Table:
    result = await services.analyst.inquiries_per_month(by, lang)
    return (f"inquiries-{by}", ["month", *[c["value"] for c in result["columns"]], "total"],
            [[r["month"], *r["counts"], r["total"]] for r in result["rows"]])


@get("/analis/csv/{table:str}", name="analyst_csv", guards=[ANALYSTS], include_in_schema=False)
async def download(request: AnyRequest, services: ServicesDep, table: FromPath[str]
                   ) -> Response[Any]:
    lang = current_language.get()
    if table == "figures":
        result = await figures_table(
            services, _choice(request, "by", ("all", *GROUPINGS), "all"), lang)
    elif table == "demand":
        result = await demand_table(services, _choice(request, "days", DEMAND_DAYS, 90))
    elif table == "inquiries":
        result = await inquiries_table(
            services, _choice(request, "by", tuple(INQUIRY_DIMENSIONS), "subsector"), lang)
    else:
        raise InvalidInput([FieldError("table", _("salah satu dari %(values)s")
                                       % {"values": "figures, demand, inquiries"})])
    name, header, rows = result
    return csv_response(f"analis-{name}", header, rows)


@get("/analis/xlsx", name="analyst_xlsx", guards=[ANALYSTS], include_in_schema=False)
async def workbook(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    """Every analyst table in one formatted workbook (directory/exports.py: add_sheet)."""
    from openpyxl import Workbook

    lang = current_language.get()
    days = _choice(request, "days", DEMAND_DAYS, 90)
    moment = datetime.now(UTC).replace(microsecond=0)
    tables = [await figures_table(services, by, lang) for by in ("all", *GROUPINGS)]
    tables.append(await demand_table(services, days))
    tables += [await inquiries_table(services, by, lang) for by in INQUIRY_DIMENSIONS]
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, "about", ["name", "value"], [
        ["as_of", moment], ["source", _("Direktori Ekonomi Kreatif Kota Malang")],
        ["demand_days", days],
        ["suppressed", _("“< %(n)d”: kelompok dengan kurang dari %(n)d organisasi; “x”: "
                         "disembunyikan menurut aturan dominasi atau penekanan sekunder")
         % {"n": MIN_GROUP}]])
    for name, header, rows in tables:
        add_sheet(book, name, header, rows)
    return xlsx_response("analis", book, moment)


# --- the owners' confidential figures -----------------------------------------------------


async def _figures_page(request: AnyRequest, slug: str, form: dict[str, str],
                        errors: dict[str, str], status: int = 200, saved: bool = False,
                        reported_at: datetime | None = None) -> Response[str]:
    return html(request, "manage/figures.html", status=status, slug=slug, form=form,
                errors=errors, saved=saved, bands=REVENUE_BANDS, reported_at=reported_at,
                min_group=MIN_GROUP)


def _shown(value: int | str | None) -> str:
    return "" if value is None else str(value)


@get("/kelola/{kind:str}/{slug:str}/angka", name="figures", guards=ORGANIZATIONS,
     include_in_schema=False)
async def figures_form(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    figures = await services.figures.get(user, slug)
    form = {"employees": "", "revenue_band": "", "export_share_pct": ""} if figures is None \
        else {"employees": _shown(figures["employees"]),
              "revenue_band": _shown(figures["revenue_band"]),
              "export_share_pct": _shown(figures["export_share_pct"])}
    return await _figures_page(request, slug, form, {},
                               reported_at=figures["reported_at"] if figures else None,
                               saved=request.query_params.get("tersimpan") == "1")


@post("/kelola/{kind:str}/{slug:str}/angka", guards=ORGANIZATIONS, include_in_schema=False)
async def save_figures(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       kind: FromPath[str], slug: FromPath[str],
                       data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    form = {k: data.get(k, "") for k in ("employees", "revenue_band", "export_share_pct")}
    try:
        await services.figures.save(user, slug, form)
    except InvalidInput as exc:
        return await _figures_page(request, slug, form, field_errors(exc.errors), status=400)
    return Redirect(f"/kelola/organization/{slug}/angka?tersimpan=1", status_code=303)


ROUTES = [dashboard, download, workbook, figures_form, save_figures]
