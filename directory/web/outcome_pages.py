"""A programme's outcomes for analysts (role analyst or admin): the page, CSV, XLSX and JSON.
Thin adapters over `ProgrammeOutcomes` (directory/programmes/outcome_service.py); every
value has passed the suppression rules, and a withheld one says why, never a number."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath

from directory.exports import add_sheet
from directory.i18n import gettext as _
from directory.programmes.outcome_shapes import OutcomeCell, OutcomesAnswer
from directory.programmes.outcomes import GROUPS, METRICS
from directory.programmes.service import MAX_PER_PAGE, parse_filters
from directory.programmes.shapes import ProgrammeFilters
from directory.programmes.validation import PROGRAMME_KINDS
from directory.stats.confidential import DOMINANCE_K, DOMINANT_N, MIN_CELL, MIN_GROUP
from directory.web.api_docs import Problem
from directory.web.auth import ANALYSTS
from directory.web.common import AnyRequest, ServicesDep, csv_response, html, xlsx_response
from directory.web.errors import PROBLEM_JSON


def metric_labels() -> dict[str, str]:
    return {
        "organizations": _("Organisasi dengan kedua titik"),
        "team_up": _("Pita ukuran tim naik"),
        "team_same": _("Pita ukuran tim tetap"),
        "team_down": _("Pita ukuran tim turun"),
        "markets_change": _("Rata-rata perubahan jumlah negara ekspor"),
        "reporting": _("Organisasi yang melapor angka di kedua titik"),
        "revenue_up": _("Rentang omzet naik"),
        "revenue_same": _("Rentang omzet tetap"),
        "revenue_down": _("Rentang omzet turun"),
        "export_share_change": _("Rata-rata perubahan porsi ekspor (poin persen)"),
    }


def group_labels() -> dict[str, str]:
    return {"participants": _("Peserta"), "comparables": _("Pembanding bukan peserta")}


def reason_labels() -> dict[str, str]:
    return {"group": _("kelompok kurang dari %(n)d organisasi") % {"n": MIN_GROUP},
            "cell": _("sel kecil (1–2 organisasi) atau penekanan sekunder"),
            "dominance": _("aturan dominasi: dua perubahan terbesar > %(k)d%% dari jumlahnya")
            % {"k": round(DOMINANCE_K * 100)},
            "overlap": _("berbeda dari jangka sebelumnya hanya karena 1–%(n)d organisasi")
            % {"n": MIN_GROUP - 1},
            "programme": _("tumpang-tindih dengan program lain: selisihnya hanya 1–%(n)d "
                           "organisasi") % {"n": MIN_GROUP - 1}}


def _cell_text(cell: OutcomeCell) -> Any:
    """A cell in a spreadsheet: the number, or "withheld (reason)"."""
    if "overlaps" in cell:  # the programme it could be subtracted from
        return f"withheld ({cell['withheld']}: {cell['overlaps']})"
    return f"withheld ({cell['withheld']})" if cell["withheld"] else cell["value"]


def _rows(result: OutcomesAnswer) -> tuple[list[str], list[list[Any]]]:
    header = ["months", "follow_up_date", "group", *METRICS]
    rows = [[h["months"], h["date"], group, *[_cell_text(h["groups"][group][m])
                                             for m in METRICS]]
            for h in result["horizons"] if h["reached"] for group in GROUPS]
    return header, rows


@get("/analis/program", name="programme_outcomes_list", guards=[ANALYSTS],
     include_in_schema=False)
async def outcomes_list(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    """Every programme (past first as the public list orders them) with its outcomes' page."""
    filters: ProgrammeFilters = {**parse_filters({}, strict=False), "per_page": MAX_PER_PAGE}
    result = await services.programmes.listing(filters)
    return html(request, "programmes/outcomes_list.html", result=result, KINDS=PROGRAMME_KINDS)


@get("/analis/program/{slug:str}/hasil", name="programme_outcomes", guards=[ANALYSTS],
     include_in_schema=False)
async def outcomes_page(request: AnyRequest, services: ServicesDep, slug: FromPath[str]
                        ) -> Response[Any]:
    result = await services.outcomes.of(slug)
    return html(request, "programmes/outcomes.html", result=result, slug=slug,
                metrics=METRICS, groups=GROUPS, metric_labels=metric_labels(),
                group_labels=group_labels(), reasons=reason_labels(), min_group=MIN_GROUP,
                min_cell=MIN_CELL, dominant_n=DOMINANT_N,
                dominance_k=round(DOMINANCE_K * 100), as_of=datetime.now(UTC))


@get("/analis/program/{slug:str}/hasil.csv", name="programme_outcomes_csv", guards=[ANALYSTS],
     include_in_schema=False)
async def outcomes_csv(services: ServicesDep, slug: FromPath[str]) -> Response[bytes]:
    header, rows = _rows(await services.outcomes.of(slug))
    return csv_response(f"hasil-program-{slug}", header, rows)


@get("/analis/program/{slug:str}/hasil.xlsx", name="programme_outcomes_xlsx",
     guards=[ANALYSTS], include_in_schema=False)
async def outcomes_xlsx(services: ServicesDep, slug: FromPath[str]) -> Response[bytes]:
    from openpyxl import Workbook

    result = await services.outcomes.of(slug)
    moment = datetime.now(UTC).replace(microsecond=0)
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, "about", ["name", "value"], [
        ["as_of", moment], ["programme", result["programme"]], ["title", result["title"]],
        ["baseline", result["baseline"]], ["ends_on", result["ends_on"]],
        ["participants", result["participants"]], ["comparables", result["comparables"]],
        *[[f"withheld ({code})", text] for code, text in reason_labels().items()]])
    header, rows = _rows(result)
    add_sheet(book, "outcomes", header, rows)
    return xlsx_response(f"hasil-program-{slug}", book, moment)


@get("/analis/program/{slug:str}/hasil.json", name="programme_outcomes_json",
     guards=[ANALYSTS], summary="A programme's outcomes (analysts: a signed-in session)",
     responses={status: ResponseSpec(data_container=Problem, media_type=PROBLEM_JSON,
                                     description=text, generate_examples=False)
                for status, text in ((401, "Not signed in (a session of /akun/masuk)"),
                                     (403, "Signed in, but neither analyst nor admin"),
                                     (404, "No such programme"))})
async def outcomes_json(services: ServicesDep, slug: FromPath[str]) -> OutcomesAnswer:
    """The same aggregates as the page: per horizon and group, each metric as
    {"value", "withheld"} (withheld: "group", "cell", "dominance", "overlap" or "programme"
    with "overlaps": the other programme's slug; value then null)."""
    return await services.outcomes.of(slug)


ROUTES = [outcomes_list, outcomes_page, outcomes_csv, outcomes_xlsx, outcomes_json]
