"""Profile maintenance pages: create, edit (every field), publish/hide, "still accurate",
history and images. Only owners and editors (and curators) reach the forms: `EditRole` refuses
anyone else; the team, invitations and claims are in web/team_pages.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from litestar import Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import User
from directory.context import Services
from directory.curation.shapes import HoldPrivate, VerificationStatePrivate
from directory.errors import Conflict, FieldError, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.media import Processed
from directory.profiles.public import profile_path
from directory.web.auth import CurrentUser, EditRole, Viewer, known_kind, require_user
from directory.web.badge_pages import badge_snippet
from directory.web.common import (
    AnyRequest,
    MultiForm,
    ServicesDep,
    check_kind,
    form_data,
    html,
    services_of,
    uploaded,
)
from directory.web.forms import (
    completeness,
    form_errors,
    form_from_profile,
    portfolio_row_count,
    profile_from_form,
)
from directory.web.sections import editor_context, image_key, in_page_order, progress
from directory.web.uploads import IMAGE_BODY_LIMIT, too_large_in_page

# A new profile may bring its logo and its first portfolio image.
CREATE_BODY_LIMIT = 2 * IMAGE_BODY_LIMIT + 512 * 1024

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
    extra.setdefault("progress", [])
    extra.setdefault("reselect", ())
    return html(request, "manage/edit.html", status=status, kind=kind, slug=slug, form=form,
                errors=in_page_order(kind, errors), rows=portfolio_row_count(form) + 1,
                **editor_context(), **extra)


async def _badge(services: Services, current: dict[str, Any]) -> str | None:
    """The embeddable badge's HTML for a published organization verified right now."""
    if current.get("status", "published") != "published":
        return None
    state = await services.verification.public_status(current["slug"],
                                                      bool(current.get("verified")))
    if state.state != "verified":
        return None
    return badge_snippet(services.settings.base_url, current["slug"], current["name"])


class ManageExtras(TypedDict):
    """The edit page's context besides the form: for the profile's people and curators only
    (a curator's hold and the verification decision name the curator)."""

    last_confirmed: datetime | None
    badge_snippet: str | None
    hold: HoldPrivate | None
    verification: VerificationStatePrivate | None
    public_url: str
    images: dict[str, str]  # slot → /media/{id}


async def _manage_extras(services: Services, kind: str, current: dict[str, Any]
                         ) -> ManageExtras:
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
                      progress=progress(kind, current), role=role, saved=saved,
                      **await _manage_extras(services, kind, current))


# --- create ---------------------------------------------------------------------------------


@get("/kelola/baru/{kind:str}", name="manage_new", guards=KIND, include_in_schema=False)
async def new_profile_form(request: AnyRequest, user: CurrentUser, kind: FromPath[str]
                           ) -> Response[Any]:
    return _edit_page(request, kind, None, {"status": ["draft"]}, {}, completeness=None,
                      role="owner", last_confirmed=None)


async def _create_too_large(request: AnyRequest, message: str) -> Response[Any]:
    await require_user(request)
    kind = request.path_params["kind"]
    check_kind(kind)
    note = _("Isian lain belum terkirim; silakan isi lagi dan pilih gambar yang lebih kecil.")
    return _edit_page(request, kind, None, {"status": ["draft"]},
                      {"image-logo": f"{message}. {note}"}, status=413, completeness=None,
                      role="owner", last_confirmed=None)


async def _new_images(services: Services, request: AnyRequest, parsed_portfolio: list[Any],
                      errors: dict[str, str]) -> tuple[dict[str, Processed], list[str]]:
    """The logo and first portfolio image of a create form, checked and downscaled before the
    profile is written (a refused image writes nothing); the names of the fields given."""
    form = await request.form()
    out: dict[str, Processed] = {}
    given = []
    for name in ("logo", "portfolio"):
        raw, _filename = await uploaded(form, f"{name}_file")
        if not raw:
            continue
        given.append(name)
        if name == "portfolio" and not parsed_portfolio:
            errors["image-portfolio"] = _("isi judul karya pertama untuk gambar ini")
            continue
        slot = "logo" if name == "logo" else f"portfolio:{parsed_portfolio[0]['title']}"
        try:
            out[slot] = await services.media.prepare(raw, slot, f"image-{name}")
        except InvalidInput as exc:
            errors[f"image-{name}"] = exc.errors[0].reason
    return out, given


@post("/kelola/baru/{kind:str}", guards=KIND, include_in_schema=False,
      request_max_body_size=CREATE_BODY_LIMIT,
      middleware=[too_large_in_page(_create_too_large)])
async def create_profile(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                         kind: FromPath[str]) -> Response[Any]:
    form = {k: [v for v in values if isinstance(v, str)]
            for k, values in (await form_data(request)).items()}
    parsed = profile_from_form(kind, form)
    parsed.data["slug"] = (form.get("slug") or [""])[0].strip()
    errors = form_errors(parsed.errors, parsed.portfolio_rows)
    images, given = await _new_images(services, request, parsed.data.get("portfolio", []),
                                      errors)
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
                          role="owner", last_confirmed=None,
                          reselect=[n for n in given if f"image-{n}" not in errors])
    slug = parsed.data["slug"]
    for slot, processed in images.items():
        await services.media.store(user, kind, slug, slot, b"", processed)
        await services.editor.audit_team(user, kind, slug, f"image_uploaded:{slot}")
    return _saved(kind, slug)


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
    return await save_form(request, services, user, edit_role, kind, slug,
                           await form_data(request), _saved(kind, slug))


async def save_form(request: AnyRequest, services: Services, user: User, role: str, kind: str,
                    slug: str, form: MultiForm, done: Response[Any]) -> Response[Any]:
    """Replace the profile with the form's values (the whole form, or a section's merged into
    the stored ones): `done` once saved, else the page with every error and the input kept."""
    parsed = profile_from_form(kind, form)
    errors = form_errors(parsed.errors, parsed.portfolio_rows)
    try:
        if errors:  # show every other problem too, not only the unparsable numbers
            raise InvalidInput(services.editor.check(kind, {**parsed.data, "slug": slug}))
        await services.editor.replace(user, kind, slug, parsed.data)
    except InvalidInput as exc:
        errors.update(form_errors(exc.errors, parsed.portfolio_rows))
        return await _stored_page(request, services, kind, slug, role, form=form,
                                  errors=errors, status=400)
    return done


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


async def _upload_too_large(request: AnyRequest, message: str) -> Response[Any]:
    services = services_of(request)
    kind, slug = request.path_params["kind"], request.path_params["slug"]
    check_kind(kind)
    role = await services.editor.require_edit(await require_user(request), kind, slug)
    slot = request.query_params.get("slot") or "logo"
    return await _stored_page(request, services, kind, slug, role, status=413,
                              errors={image_key(slot): message})


@post("/kelola/{kind:str}/{slug:str}/gambar", name="manage_image", guards=KIND,
      include_in_schema=False, request_max_body_size=IMAGE_BODY_LIMIT,
      middleware=[too_large_in_page(_upload_too_large)])
async def upload_image(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       edit_role: EditRole, kind: FromPath[str], slug: FromPath[str]
                       ) -> Response[Any]:
    form = await request.form()
    slot = str(form.get("slot") or "logo")
    profile = await services.editor.private(kind, slug)
    titles = {item.title for item in profile.portfolio}
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
                                      errors={image_key(slot): exc.errors[0].reason})
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
