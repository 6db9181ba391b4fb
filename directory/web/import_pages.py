"""Spreadsheet import in the curators' area: upload (CSV/XLSX), preview with row-level errors,
apply all-or-nothing or valid rows only, rejected rows as a file, templates in both languages
(see directory.sheets)."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.context import Services
from directory.curation.sheets.columns import COLUMNS
from directory.curation.sheets.reader import MAX_BYTES
from directory.curation.sheets.service import AllRowsRequired
from directory.curation.sheets.template import template_csv, template_xlsx
from directory.errors import InvalidInput, NotFound
from directory.web.auth import STAFF, CurrentUser
from directory.web.common import (
    CSV,
    XLSX,
    AnyRequest,
    ServicesDep,
    file_response,
    html,
    uploaded,
)

TEMPLATES = {"templat-impor.xlsx": ("id", "xlsx"), "import-template.xlsx": ("en", "xlsx"),
             "templat-impor.csv": ("id", "csv"), "import-template.csv": ("en", "csv")}


async def _upload_page(request: AnyRequest, services: Services,
                       errors: dict[str, str] | None = None, status: int = 200
                       ) -> Response[str]:
    return html(request, "manage/import.html", status=status, errors=errors or {},
                columns=COLUMNS, templates=TEMPLATES, recent=await services.sheets.recent())


@get("/kurasi/impor", name="import", guards=[STAFF], include_in_schema=False)
async def upload_form(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    return await _upload_page(request, services)


@post("/kurasi/impor", guards=[STAFF], include_in_schema=False,
      request_max_body_size=MAX_BYTES + 512 * 1024)
async def upload(request: AnyRequest, services: ServicesDep, user: CurrentUser
                 ) -> Response[Any]:
    raw, filename = await uploaded(await request.form())
    try:
        upload_id = await services.sheets.upload(user, filename, raw)
    except InvalidInput as exc:
        return await _upload_page(request, services, {"file": exc.errors[0].reason}, status=400)
    return Redirect(f"/kurasi/impor/{upload_id}", status_code=303)


async def _preview(request: AnyRequest, services: Services, upload_id: str,
                   errors: dict[str, str] | None = None, status: int = 200, mode: str = ""
                   ) -> Response[str]:
    doc, plan = await services.sheets.plan(upload_id)
    return html(request, "manage/import_preview.html", status=status, upload=doc,
                upload_id=upload_id, plan=plan, errors=errors or {}, mode=mode)


@get("/kurasi/impor/{upload_id:str}", name="import_preview", guards=[STAFF],
     include_in_schema=False)
async def preview(request: AnyRequest, services: ServicesDep, upload_id: FromPath[str]
                  ) -> Response[Any]:
    return await _preview(request, services, upload_id)


@post("/kurasi/impor/{upload_id:str}/terapkan", name="import_apply", guards=[STAFF],
      include_in_schema=False)
async def apply(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                upload_id: FromPath[str], data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    mode = data.get("mode", "")
    try:
        await services.sheets.apply(user, upload_id, mode)
    except (AllRowsRequired, InvalidInput) as exc:
        return await _preview(request, services, upload_id, {"mode": exc.errors[0].reason},
                              status=400, mode=mode)
    return Redirect(f"/kurasi/impor/{upload_id}", status_code=303)


@get("/kurasi/impor/{upload_id:str}/ditolak.csv", name="import_rejected", guards=[STAFF],
     include_in_schema=False)
async def rejected_rows(services: ServicesDep, upload_id: FromPath[str]) -> Response[Any]:
    filename, content = await services.sheets.rejected_file(upload_id)
    return file_response(filename, content, CSV)


@get("/kurasi/impor/templat/{filename:str}", name="import_template", guards=[STAFF],
     include_in_schema=False)
async def template(filename: FromPath[str]) -> Response[Any]:
    if filename not in TEMPLATES:
        raise NotFound(f"template {filename!r}")
    lang, kind = TEMPLATES[filename]
    if kind == "xlsx":
        return file_response(filename, template_xlsx(lang), XLSX)
    return file_response(filename, template_csv(lang), CSV)


ROUTES = [upload_form, upload, preview, apply, rejected_rows, template]
