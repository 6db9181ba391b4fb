"""Spreadsheet import in the curators' area: upload (CSV/XLSX), preview with row-level errors,
apply all-or-nothing or valid rows only, rejected rows as a file, templates in both languages
(see directory.sheets)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import STAFF_ROLES, User, require_staff
from directory.curation.sheets.columns import COLUMNS
from directory.curation.sheets.reader import MAX_BYTES
from directory.curation.sheets.service import AllRowsRequired
from directory.curation.sheets.template import template_csv, template_xlsx
from directory.errors import InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.web.auth import login_redirect, require_user, role_page_user
from directory.web.downloads import CSV, XLSX, file_response
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]
REFUSAL = "Halaman ini hanya untuk kurator."
TEMPLATES = {"templat-impor.xlsx": ("id", "xlsx"), "import-template.xlsx": ("en", "xlsx"),
             "templat-impor.csv": ("id", "csv"), "import-template.csv": ("en", "csv")}


async def _staff(request: AnyRequest) -> User:
    return require_staff(await require_user(request))


async def _upload_page(request: AnyRequest, errors: dict[str, str] | None = None,
                       status: int = 200) -> Response[str]:
    return html(request, "manage/import.html", status=status, errors=errors or {},
                columns=COLUMNS, templates=TEMPLATES,
                recent=await request.app.state.services.sheets.recent())


@get("/kurasi/impor", include_in_schema=False)
async def upload_form(request: AnyRequest) -> Response[Any]:
    if await role_page_user(request, STAFF_ROLES, _(REFUSAL)) is None:
        return login_redirect(request)
    return await _upload_page(request)


@post("/kurasi/impor", include_in_schema=False, request_max_body_size=MAX_BYTES + 512 * 1024)
async def upload(request: AnyRequest) -> Response[Any]:
    user = await _staff(request)
    form = await request.form()
    upload = form.get("file")
    raw = await upload.read() if hasattr(upload, "read") else b""
    filename = getattr(upload, "filename", "") or ""
    try:
        upload_id = await request.app.state.services.sheets.upload(user, filename, raw)
    except InvalidInput as exc:
        return await _upload_page(request, {"file": exc.errors[0].reason}, status=400)
    return Redirect(f"/kurasi/impor/{upload_id}", status_code=303)


async def _preview(request: AnyRequest, upload_id: str, errors: dict[str, str] | None = None,
                   status: int = 200, mode: str = "") -> Response[str]:
    doc, plan = await request.app.state.services.sheets.plan(upload_id)
    return html(request, "manage/import_preview.html", status=status, upload=doc,
                upload_id=upload_id, plan=plan, errors=errors or {}, mode=mode)


@get("/kurasi/impor/{upload_id:str}", include_in_schema=False)
async def preview(request: AnyRequest, upload_id: FromPath[str]) -> Response[Any]:
    if await role_page_user(request, STAFF_ROLES, _(REFUSAL)) is None:
        return login_redirect(request)
    return await _preview(request, upload_id)


@post("/kurasi/impor/{upload_id:str}/terapkan", include_in_schema=False)
async def apply(request: AnyRequest, upload_id: FromPath[str],
                data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    user = await _staff(request)
    mode = data.get("mode", "")
    try:
        await request.app.state.services.sheets.apply(user, upload_id, mode)
    except (AllRowsRequired, InvalidInput) as exc:
        return await _preview(request, upload_id, {"mode": exc.errors[0].reason}, status=400,
                              mode=mode)
    return Redirect(f"/kurasi/impor/{upload_id}", status_code=303)


@get("/kurasi/impor/{upload_id:str}/ditolak.csv", include_in_schema=False)
async def rejected_rows(request: AnyRequest, upload_id: FromPath[str]) -> Response[Any]:
    await _staff(request)
    filename, content = await request.app.state.services.sheets.rejected_file(upload_id)
    return file_response(filename, content, CSV)


@get("/kurasi/impor/templat/{filename:str}", include_in_schema=False)
async def template(request: AnyRequest, filename: FromPath[str]) -> Response[Any]:
    await _staff(request)
    if filename not in TEMPLATES:
        raise NotFound(f"template {filename!r}")
    lang, kind = TEMPLATES[filename]
    if kind == "xlsx":
        return file_response(filename, template_xlsx(lang), XLSX)
    return file_response(filename, template_csv(lang), CSV)


ROUTES = [upload_form, upload, preview, apply, rejected_rows, template]
