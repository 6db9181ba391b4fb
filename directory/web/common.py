"""What the page modules share: the typed services dependency, the request language, rendering a
page or a notice, form helpers (page numbers, field errors, multi-value forms, profile kinds),
mail that never loses the user's action, and CSV/XLSX downloads."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from litestar import MediaType, Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import FormMultiDict, State, UploadFile
from litestar.di import NamedDependency

from directory.context import Services
from directory.errors import FieldError, NotFound
from directory.exports import stamped, table_csv
from directory.i18n import LANG_COOKIE, LANGUAGES, current_language, pick_language
from directory.mail.mailer import MailError

AnyRequest = Request[Any, Any, Any]
AnyConnection = ASGIConnection[Any, Any, Any, Any]
MultiForm = dict[str, list[str]]
KINDS = ("organization", "talent")
KIND_BY_SEGMENT = {"organisasi": "organization", "talenta": "talent"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"  # Litestar adds the one `charset=utf-8` to text/* types

# --- services -------------------------------------------------------------------------------

ServicesDep = NamedDependency[Services]


def provide_services(state: State) -> Services:
    return state.services


def services_of(connection: AnyConnection) -> Services:
    """The services where no dependency injection reaches (guards, hooks, error pages)."""
    return provide_services(connection.app.state)


# --- language -------------------------------------------------------------------------------


def use_request_language(connection: AnyConnection) -> str:
    """The language of a request: `?lang=`, else the `lang` cookie, else Bahasa Indonesia. Set
    for the rest of the request; called before every handler, by the guards (which run before
    that) and by the error pages of requests that never reached one (an unknown address)."""
    lang = pick_language(connection.query_params.get("lang"), connection.cookies.get(LANG_COOKIE))
    current_language.set(lang)
    return lang


# --- pages ----------------------------------------------------------------------------------


def html(request: AnyRequest, template: str, status: int = 200, **context: Any) -> Response[str]:
    body = request.app.state.render(template, request, http_status=status, **context)
    response = Response(body, status_code=status, media_type=MediaType.HTML)
    lang = request.query_params.get("lang")
    if lang in LANGUAGES:  # an explicit switch is remembered for the next pages
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True)
    return response


def notice(request: AnyRequest, title: str, message: str, status: int = 200,
           link: tuple[str, str] | None = None) -> Response[str]:
    """A short page that says what happened, with at most one link onwards."""
    return html(request, "account/notice.html", status=status, title=title, message=message,
                link=link)


def page_number(raw: str | None) -> int:
    """A `page` parameter as a page number; anything but a whole number from 1 is page 1."""
    return int(raw) if raw and raw.isdigit() and int(raw) >= 1 else 1


def field_errors(errors: list[FieldError]) -> dict[str, str]:
    """Field errors as the forms show them: one reason beside each field."""
    return {e.field: e.reason for e in errors}


async def form_data(request: AnyRequest) -> MultiForm:
    """A posted form with every value of repeated fields (checkboxes)."""
    form = await request.form()
    return {key: form.getall(key) for key in form}


async def uploaded(form: FormMultiDict, name: str = "file") -> tuple[bytes, str]:
    """The bytes and file name of an uploaded file field; empty when none was sent."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile):
        return b"", ""
    return await upload.read(), upload.filename or ""


def check_kind(kind: str, kinds: tuple[str, ...] = KINDS) -> None:
    """404 for an unknown (or, for `kinds`, unsupported) profile kind."""
    if kind not in kinds:
        raise NotFound(f"kind {kind!r}")


def kind_of_path(request: AnyRequest) -> str:
    """The kind of a /organisasi/… or /talenta/… address."""
    return KIND_BY_SEGMENT[request.url.path.split("/")[1]]


async def send_mail(services: Services, to: str, template: str, lang: str | None = None,
                    reply_to: str | None = None, **context: Any) -> bool:
    """Mail failures never lose the user's action; the page says the email could not be sent."""
    try:
        await services.mailer.send(to, template, lang or current_language.get(),
                                   reply_to=reply_to, base_url=services.settings.base_url,
                                   **context)
        return True
    except MailError:
        return False


# --- downloads ------------------------------------------------------------------------------


def as_of() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def csv_response(stem: str, header: list[str], rows: Iterable[list[Any]],
                 moment: datetime | None = None) -> Response[bytes]:
    """A statistics table (directory/exports.py: header row first, BOM, neutralised cells), the
    as-of time in the file name."""
    filename = stamped(stem, moment or datetime.now(UTC), "csv")
    return Response(table_csv(header, rows), media_type=CSV,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def xlsx_response(stem: str, book: Any, moment: datetime | None = None) -> Response[bytes]:
    out = io.BytesIO()
    book.save(out)
    filename = stamped(stem, moment or datetime.now(UTC), "xlsx")
    return Response(out.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def file_response(filename: str, content: bytes, media_type: str) -> Response[bytes]:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})
