"""Profile maintenance pages: create, edit (every field), publish/hide, "still accurate",
history and images. Only owners and editors (and curators) reach the forms: `EditRole` refuses
anyone else; the team, invitations and claims are in web/team_pages.py."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.context import Services
from directory.errors import Conflict, FieldError, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.public import profile_path
from directory.web.auth import CurrentUser, EditRole, Viewer, known_kind
from directory.web.badge_pages import badge_snippet
from directory.web.common import AnyRequest, MultiForm, ServicesDep, form_data, html, uploaded
from directory.web.forms import (
    completeness,
    form_errors,
    form_from_profile,
    portfolio_row_count,
    profile_from_form,
)

KIND = [known_kind()]


def _saved(kind: str, slug: str, anchor: str = "") -> Redirect:
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1{anchor}", status_code=303)


def _edit_page(request: AnyRequest, kind: str, slug: str | None, form: MultiForm,
               errors: dict[str, str], status: int = 200, **extra: Any) -> Response[str]:
    extra.setdefault("saved", None)
    extra.setdefault("images", {})
    extra.setdefault("public_url", None)
    extra.setdefault("hold", None)
    extra.setdefault("verification", None)
    extra.setdefault("badge_snippet", None)
    return html(request, "manage/edit.html", status=status, kind=kind, slug=slug, form=form,
                errors=errors, rows=portfolio_row_count(form) + 1, **extra)


async def _badge(services: Services, current: dict[str, Any]) -> str | None:
    """The embeddable badge's HTML for a published organization verified right now."""
    if current.get("status", "published") != "published":
        return None
    state = await services.verification.public_status(current["slug"],
                                                      bool(current.get("verified")))
    if state.state != "verified":
        return None
    return badge_snippet(services.settings.base_url, current["slug"], current["name"])


async def _manage_extras(services: Services, kind: str, current: dict[str, Any]
                         ) -> dict[str, Any]:
    """What the edit page shows besides the form: confirmation, moderation, verification."""
    slug = current["slug"]
    return {"last_confirmed": await services.editor.last_confirmed(kind, slug),
            "badge_snippet": await _badge(services, current) if kind == "organization"
            else None,
            "hold": await services.moderation.hold(kind, slug),
            "verification": await services.verification.status(slug)
            if kind == "organization" else None,
            "public_url": profile_path(kind, slug),
            "images": await services.media.urls(kind, slug)}


async def _stored_page(request: AnyRequest, services: Services, kind: str, slug: str,
                       role: str, form: MultiForm | None = None,
                       errors: dict[str, str] | None = None, status: int = 200,
                       saved: str | None = None) -> Response[str]:
    """The edit page of a stored profile: its saved values, or the posted `form` with errors."""
    current = await services.editor.current(kind, slug)
    return _edit_page(request, kind, slug, form_from_profile(current) if form is None else form,
                      errors or {}, status=status, completeness=completeness(kind, current),
                      role=role, saved=saved, **await _manage_extras(services, kind, current))


# --- create ---------------------------------------------------------------------------------


@get("/kelola/baru/{kind:str}", name="manage_new", guards=KIND, include_in_schema=False)
async def new_profile_form(request: AnyRequest, user: CurrentUser, kind: FromPath[str]
                           ) -> Response[Any]:
    return _edit_page(request, kind, None, {"status": ["draft"]}, {}, completeness=None,
                      role="owner", last_confirmed=None)


@post("/kelola/baru/{kind:str}", guards=KIND, include_in_schema=False)
async def create_profile(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                         kind: FromPath[str]) -> Response[Any]:
    form = await form_data(request)
    parsed = profile_from_form(kind, form)
    parsed.data["slug"] = (form.get("slug") or [""])[0].strip()
    errors = form_errors(parsed.errors, parsed.portfolio_rows)
    try:
        if errors:  # show every other problem too, not only the unparsable numbers
            raise InvalidInput(services.editor.check(kind, parsed.data))
        await services.editor.create(user, kind, parsed.data)
    except InvalidInput as exc:
        errors.update(form_errors(exc.errors, parsed.portfolio_rows))
    except Conflict as exc:
        errors["slug"] = str(exc)
    if errors:
        return _edit_page(request, kind, None, form, errors, status=400, completeness=None,
                          role="owner", last_confirmed=None)
    return _saved(kind, parsed.data["slug"])


# --- edit -----------------------------------------------------------------------------------


@get("/kelola/{kind:str}/{slug:str}", name="manage", guards=KIND, include_in_schema=False)
async def edit_profile_form(request: AnyRequest, services: ServicesDep, edit_role: EditRole,
                            kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    return await _stored_page(request, services, kind, slug, edit_role,
                              saved=request.query_params.get("tersimpan"))


@post("/kelola/{kind:str}/{slug:str}", guards=KIND, include_in_schema=False)
async def save_profile(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       edit_role: EditRole, kind: FromPath[str], slug: FromPath[str]
                       ) -> Response[Any]:
    form = await form_data(request)
    parsed = profile_from_form(kind, form)
    errors = form_errors(parsed.errors, parsed.portfolio_rows)
    try:
        if errors:  # show every other problem too, not only the unparsable numbers
            raise InvalidInput(services.editor.check(kind, {**parsed.data, "slug": slug}))
        await services.editor.replace(user, kind, slug, parsed.data)
    except InvalidInput as exc:
        errors.update(form_errors(exc.errors, parsed.portfolio_rows))
        return await _stored_page(request, services, kind, slug, edit_role, form=form,
                                  errors=errors, status=400)
    return _saved(kind, slug)


@post("/kelola/{kind:str}/{slug:str}/status", name="manage_status", guards=KIND,
      include_in_schema=False)
async def change_status(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                        slug: FromPath[str], data: URLEncodedBody[dict[str, str]]
                        ) -> Response[Any]:
    await services.editor.set_status(user, kind, slug, data.get("status", ""))
    return _saved(kind, slug)


@post("/kelola/{kind:str}/{slug:str}/masih-akurat", name="manage_confirm", guards=KIND,
      include_in_schema=False)
async def still_accurate(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                         slug: FromPath[str]) -> Response[Any]:
    await services.editor.confirm(user, kind, slug)
    return _saved(kind, slug)


@get("/kelola/{kind:str}/{slug:str}/riwayat", name="manage_history", guards=KIND,
     include_in_schema=False)
async def history(request: AnyRequest, services: ServicesDep, edit_role: EditRole,
                  kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    return html(request, "manage/history.html", kind=kind, slug=slug,
                entries=await services.editor.history(kind, slug))


# --- images ---------------------------------------------------------------------------------


@post("/kelola/{kind:str}/{slug:str}/gambar", name="manage_image", guards=KIND,
      include_in_schema=False, request_max_body_size=3 * 1024 * 1024)
async def upload_image(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       edit_role: EditRole, kind: FromPath[str], slug: FromPath[str]
                       ) -> Response[Any]:
    form = await request.form()
    slot = str(form.get("slot") or "logo")
    current = await services.editor.current(kind, slug)
    titles = {item["title"] for item in current.get("portfolio", [])}
    if slot != "logo" and slot.removeprefix("portfolio:") not in titles:
        raise InvalidInput([FieldError("slot", _("pilih logo atau salah satu karya"))])
    removed = form.get("remove") == "1"
    if removed:
        await services.media.remove(kind, slug, slot)
    else:
        raw, _filename = await uploaded(form)
        try:
            await services.media.store(user, kind, slug, slot, raw)
        except InvalidInput as exc:
            return await _stored_page(request, services, kind, slug, edit_role, status=400,
                                      errors={f"image-{slot}": exc.errors[0].reason})
    action = f"image_{'removed' if removed else 'uploaded'}:{slot}"
    await services.editor.audit_team(user, kind, slug, action)
    return _saved(kind, slug, "#gambar")


@get("/media/{file_id:str}", name="media", include_in_schema=False)
async def media(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                file_id: FromPath[str]) -> Response[bytes]:
    data, meta, public = await services.editor.image(viewer, file_id)
    # a new upload gets a new URL, so a public image never changes
    cache = "public, max-age=31536000, immutable" if public else "private, no-store"
    if request.headers.get("if-none-match") == f'"{file_id}"':
        return Response(b"", status_code=304, headers={"ETag": f'"{file_id}"',
                                                         "Cache-Control": cache})
    return Response(data, media_type=meta.get("contentType", "image/webp"),
                    headers={"Cache-Control": cache, "ETag": f'"{file_id}"',
                             "X-Content-Type-Options": "nosniff"})


ROUTES = [upload_image, media, new_profile_form, create_profile, edit_profile_form,
          save_profile, change_status, still_accurate, history]
