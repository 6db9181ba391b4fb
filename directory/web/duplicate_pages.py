"""Likely duplicates for curators: the list, a side-by-side comparison where the curator picks
which profile survives and which side each field comes from, merge, and "not a duplicate"
(see directory.curation.duplicates)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict
from urllib.parse import urlencode

from litestar import Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from directory.context import Services
from directory.curation.duplicates import JOINED, NOT_CHOSEN, PROTECTED
from directory.errors import Conflict, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.labels import part_label, value_label
from directory.web.auth import STAFF, CurrentUser, known_kind
from directory.web.common import AnyRequest, ServicesDep, html

PAIR = [known_kind(), STAFF]


def display(value: Any, name: str = "") -> str:
    """A field value as one line of words (labels, not codes) for the comparison table."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return "; ".join(display(v, name) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{part_label(k)}: {display(v, k)}" for k, v in value.items()
                         if v not in (None, ""))
    return value_label(name, value)


class MergeRowPrivate(TypedDict):
    """One field of the merge form (curators only: contact details and NIB are compared too),
    each side as words."""

    field: str
    a: str
    b: str
    same: bool
    protected: bool  # status and verification: no side pre-selected
    joined: bool  # lists joined from both sides
    chosen: bool  # the curator picks a side
    default: Literal["a", "b"] | None


def comparison(a: dict[str, Any], b: dict[str, Any]) -> list[MergeRowPrivate]:
    """Rows of the merge form; status and verification first and with no side pre-selected."""
    names = sorted((set(a) | set(b)) - {"slug", "kind", "updated_at"},
                   key=lambda n: (n not in PROTECTED, n))
    rows: list[MergeRowPrivate] = []
    for name in names:
        default: Literal["a", "b"] | None = None if name in PROTECTED else (
            "b" if name not in a and name in b else "a")
        rows.append({"field": name, "a": display(a.get(name), name),
                     "b": display(b.get(name), name),
                     "same": a.get(name) == b.get(name), "protected": name in PROTECTED,
                     "joined": name in JOINED, "chosen": name not in NOT_CHOSEN,
                     "default": default})
    return rows


async def _compare_page(request: AnyRequest, services: Services, kind: str, a: str, b: str,
                        errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                        status: int = 200) -> Response[str]:
    left, right = await services.duplicates.pair(kind, a, b)
    return html(request, "manage/merge.html", status=status, kind=kind, a=left, b=right,
                rows=comparison(left, right), errors=errors or {}, values=values or {})


@get("/kurasi/duplikat/{kind:str}/{a:str}/{b:str}", name="duplicate_pair", guards=PAIR,
     include_in_schema=False)
async def compare(request: AnyRequest, services: ServicesDep, kind: FromPath[str],
                  a: FromPath[str], b: FromPath[str]) -> Response[Any]:
    return await _compare_page(request, services, kind, a, b)


@post("/kurasi/duplikat/{kind:str}/{a:str}/{b:str}/gabung", name="duplicate_merge",
      guards=PAIR, include_in_schema=False)
async def merge(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                kind: FromPath[str], a: FromPath[str], b: FromPath[str]) -> Response[Any]:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    keep_side = form.get("keep")
    if keep_side not in ("a", "b"):
        return await _compare_page(request, services, kind, a, b, status=400, values=form, errors={
            "keep": _("pilih profil yang dipertahankan")})
    keep, other = (a, b) if keep_side == "a" else (b, a)
    choices = {name.removeprefix("field_"): "other" if side != keep_side else "keep"
               for name, side in form.items() if name.startswith("field_")}
    try:
        await services.duplicates.merge(user, kind, keep, other, choices)
    except InvalidInput as exc:
        return await _compare_page(request, services, kind, a, b, status=400, values=form, errors={
            "keep": "; ".join(f"{e.field}: {e.reason}" for e in exc.errors)})
    return Redirect("/kurasi/duplikat?" + urlencode({"jenis": kind, "digabung": keep}),
                    status_code=303)


@post("/kurasi/duplikat/{kind:str}/{a:str}/{b:str}/bukan", name="duplicate_dismiss",
      guards=PAIR, include_in_schema=False)
async def not_duplicate(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                        a: FromPath[str], b: FromPath[str]) -> Response[Any]:
    await services.duplicates.dismiss(user, kind, a, b)
    return Redirect(f"/kurasi/duplikat?jenis={kind}&bukan=1", status_code=303)


@post("/kurasi/penggabungan/{merge_id:str}/batal", name="merge_undo", guards=[STAFF],
      include_in_schema=False)
async def undo_merge(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                     merge_id: FromPath[str]) -> Response[Any]:
    """Undo from the audit log: both profiles as they were, or a clear refusal (409)."""
    try:
        undone = await services.duplicates.undo(user, merge_id)
    except Conflict as exc:
        return html(request, "manage/merge_undone.html", status=409, undone=None,
                    refusal=str(exc))
    return html(request, "manage/merge_undone.html", undone=undone, refusal=None)


ROUTES = [compare, merge, not_duplicate, undo_merge]
