"""Maps errors to HTTP in one place: problem+json for the API, friendly pages for people."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from pymongo.errors import ConnectionFailure, ExecutionTimeout, PyMongoError, WTimeoutError

from directory.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from directory.i18n import gettext as _
from directory.web.common import use_request_language
from directory.web.observability import route_of
from search.client import SearchUnavailable

DATABASE_RETRY_AFTER_S = 5

log = logging.getLogger("directory.web")
PROBLEM_JSON = "application/problem+json"


def wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path  # the API, probes, and JSON answers elsewhere (a programme's outcomes)
    return path.startswith(("/api/", "/healthz", "/livez", "/readyz", "/metrics", "/schema")) \
        or path.endswith(".json")


def problem(status: int, title: str, detail: str | None = None,
            errors: list[FieldError] | None = None
            ) -> Response[dict[str, Any]]:  # problem+json (RFC 9457)
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["invalid_params"] = [{"name": e.field, "reason": e.reason} for e in errors]
        body.setdefault("detail", "; ".join(f"{e.field}: {e.reason}" for e in errors))
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


def error_page(request: Request[Any, Any, Any], status: int, title: str, message: str
               ) -> Response[str]:
    render = request.app.state.render
    html = render("error.html", request, status=status, title=title, message=message)
    return Response(html, status_code=status, media_type=MediaType.HTML)


def _invalid_input(request: Request[Any, Any, Any], exc: InvalidInput) -> Response[Any]:
    if wants_json(request):
        return problem(exc.status, exc.title, errors=exc.errors)
    return error_page(request, HTTP_400_BAD_REQUEST, _("Permintaan tidak valid"), str(exc))


def _not_found(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    use_request_language(request)  # an unknown address reaches no handler
    if wants_json(request):
        detail = f"{exc.what} was not found" if isinstance(exc, NotFound) else "No such resource"
        return problem(HTTP_404_NOT_FOUND, "Not found", detail)
    return error_page(request, HTTP_404_NOT_FOUND, _("Halaman tidak ditemukan"),
                      _("Halaman atau profil yang Anda cari tidak ada, belum terbit, atau "
                        "sudah dipindahkan."))


def _search_unavailable(request: Request[Any, Any, Any], exc: SearchUnavailable
                        ) -> Response[Any]:
    log.error("search unavailable: %s", exc)
    if wants_json(request):
        return problem(HTTP_503_SERVICE_UNAVAILABLE, "Search is temporarily unavailable",
                       "The search engine cannot be reached; please retry shortly.")
    return error_page(request, HTTP_503_SERVICE_UNAVAILABLE, _("Pencarian sedang tidak tersedia"),
                      _("Mesin pencari tidak dapat dihubungi. Profil tetap bisa dibuka; "
                        "silakan coba mencari lagi sebentar lagi."))


def _database_error(request: Request[Any, Any, Any], exc: PyMongoError) -> Response[Any]:
    """MongoDB unreachable, electing a primary, or a transaction to retry: 503 with Retry-After
    (the client may retry), never a bare 500. Anything else from the driver is a bug: 500."""
    transient = isinstance(exc, ConnectionFailure | ExecutionTimeout | WTimeoutError) or any(
        exc.has_error_label(label) for label in ("TransientTransactionError",
                                                 "RetryableWriteError"))
    if not transient:
        return _internal(request, exc)
    log.warning("database unavailable on %s %s: %s", request.method, route_of(request.scope),
                type(exc).__name__)
    response: Response[Any]
    if wants_json(request):
        response = problem(HTTP_503_SERVICE_UNAVAILABLE, "Database temporarily unavailable",
                           "The database cannot be reached right now; please retry shortly.")
    else:
        response = error_page(request, HTTP_503_SERVICE_UNAVAILABLE,
                              _("Layanan sedang tidak tersedia"),
                              _("Basis data sedang tidak dapat dihubungi. Silakan coba lagi "
                                "sebentar lagi; tidak ada yang hilang."))
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
    return response


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            errors.append(FieldError(str(item.get("key", "body")), str(item.get("message"))))
    if wants_json(request):
        return problem(HTTP_400_BAD_REQUEST, "Invalid request", exc.detail, errors)
    return error_page(request, HTTP_400_BAD_REQUEST, _("Permintaan tidak valid"), exc.detail)


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    use_request_language(request)  # e.g. 405: no handler ran
    response: Response[Any]
    if wants_json(request):
        response = problem(exc.status_code, exc.detail)
    else:
        response = error_page(request, exc.status_code, exc.detail, "")
    response.headers.update(exc.headers or {})  # e.g. the rate limit's RateLimit-* headers
    if exc.status_code == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = response.headers.get("RateLimit-Reset", "60")
    return response


def _internal(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, route_of(request.scope),
                  exc_info=exc)
    if wants_json(request):
        return problem(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
    return error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, _("Terjadi kesalahan"),
                      _("Maaf, terjadi kesalahan di server. Tim kami sudah dicatat tentang ini."))


def _unauthenticated(request: Request[Any, Any, Any], exc: Unauthenticated) -> Response[Any]:
    if wants_json(request):
        response = problem(401, "Authentication required", str(exc))
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    from directory.web.auth import login_redirect
    return login_redirect(request)


def _forbidden(request: Request[Any, Any, Any], exc: Forbidden) -> Response[Any]:
    if wants_json(request):
        return problem(403, "Forbidden", str(exc))
    return error_page(request, 403, _("Tidak diizinkan"), str(exc))


def _conflict(request: Request[Any, Any, Any], exc: Conflict) -> Response[Any]:
    if wants_json(request):
        return problem(409, "Conflict", str(exc))
    return error_page(request, 409, _("Sudah ada"), str(exc))


def _too_many(request: Request[Any, Any, Any], exc: TooManyAttempts) -> Response[Any]:
    response: Response[Any]
    if wants_json(request):
        response = problem(429, "Too many requests", str(exc))
    else:
        response = error_page(request, 429, _("Terlalu banyak percobaan"), str(exc))
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


EXCEPTION_HANDLERS: dict[Any, Any] = {
    Unauthenticated: _unauthenticated,
    Forbidden: _forbidden,
    Conflict: _conflict,
    TooManyAttempts: _too_many,
    InvalidInput: _invalid_input,
    NotFound: _not_found,
    NotFoundException: _not_found,
    SearchUnavailable: _search_unavailable,
    PyMongoError: _database_error,
    ValidationException: _validation,
    HTTPException: _http,
    HTTP_500_INTERNAL_SERVER_ERROR: _internal,
}
