"""Profile maintenance pages: create, edit (every field), publish/hide, "still accurate",
history, team (invite, remove, transfer), invitations, memberships, claims and the curators'
claim queue. Only owners and editors (and curators) reach the forms."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import STAFF_ROLES
from directory.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.public import profile_path
from directory.web.account_pages import notice, send_mail
from directory.web.auth import current_user, login_redirect, require_user, role_page_user
from directory.web.forms import (
    completeness,
    form_errors,
    form_from_profile,
    portfolio_row_count,
    profile_from_form,
)
from directory.web.pages import html

AnyRequest = Request[Any, Any, Any]
KINDS = ("organization", "talent")
MultiForm = dict[str, list[str]]


async def _form_data(request: AnyRequest) -> MultiForm:
    form = await request.form()
    return {key: form.getall(key) for key in form}


def check_kind(kind: str, kinds: tuple[str, ...] = KINDS) -> None:
    """404 for a /kelola/{kind}/… address with an unknown (or, for `kinds`, unsupported) kind."""
    if kind not in kinds:
        raise NotFound(f"kind {kind!r}")


def _edit_page(request: AnyRequest, kind: FromPath[str], slug: FromPath[str] | None, form: MultiForm,
               errors: dict[str, str], status: int = 200, **extra: Any) -> Response[str]:
    extra.setdefault("saved", None)
    extra.setdefault("images", {})
    extra.setdefault("public_url", None)
    extra.setdefault("hold", None)
    extra.setdefault("verification", None)
    return html(request, "manage/edit.html", status=status, kind=kind, slug=slug, form=form,
                errors=errors, rows=portfolio_row_count(form) + 1, **extra)


async def _manage_extras(request: AnyRequest, kind: str, slug: str) -> dict[str, Any]:
    """What the edit page shows besides the form: confirmation, moderation, verification."""
    services = request.app.state.services
    return {"last_confirmed": await services.editor.last_confirmed(kind, slug),
            "hold": await services.moderation.hold(kind, slug),
            "verification": await services.verification.status(slug)
            if kind == "organization" else None,
            "public_url": profile_path(kind, slug),
            "images": await services.media.urls(kind, slug)}


# --- create ---------------------------------------------------------------------------------


@get("/kelola/baru/{kind:str}", include_in_schema=False)
async def new_profile_form(request: AnyRequest, kind: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    if await current_user(request) is None:
        return login_redirect(request)
    return _edit_page(request, kind, None, {"status": ["draft"]}, {}, completeness=None,
                      role="owner", last_confirmed=None)


@post("/kelola/baru/{kind:str}", include_in_schema=False)
async def create_profile(request: AnyRequest, kind: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    form = await _form_data(request)
    parsed = profile_from_form(kind, form)
    parsed.data["slug"] = (form.get("slug") or [""])[0].strip()
    errors = form_errors(parsed.errors, parsed.portfolio_rows)
    try:
        if errors:  # show every other problem too, not only the unparsable numbers
            raise InvalidInput(request.app.state.services.editor.check(kind, parsed.data))
        await request.app.state.services.editor.create(user, kind, parsed.data)
    except InvalidInput as exc:
        errors.update(form_errors(exc.errors, parsed.portfolio_rows))
    except Conflict as exc:
        errors["slug"] = str(exc)
    if errors:
        return _edit_page(request, kind, None, form, errors, status=400, completeness=None,
                          role="owner", last_confirmed=None)
    return Redirect(f"/kelola/{kind}/{parsed.data['slug']}?tersimpan=1", status_code=303)


# --- edit -----------------------------------------------------------------------------------


@get("/kelola/{kind:str}/{slug:str}", include_in_schema=False)
async def edit_profile_form(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await current_user(request)
    if user is None:
        return login_redirect(request)
    editor = request.app.state.services.editor
    role = await editor.require_edit(user, kind, slug)
    current = await editor.current(kind, slug)
    return _edit_page(request, kind, slug, form_from_profile(current), {},
                      completeness=completeness(kind, current), role=role,
                      saved=request.query_params.get("tersimpan"),
                      **await _manage_extras(request, kind, slug))


@post("/kelola/{kind:str}/{slug:str}", include_in_schema=False)
async def save_profile(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    editor = request.app.state.services.editor
    role = await editor.require_edit(user, kind, slug)
    form = await _form_data(request)
    parsed = profile_from_form(kind, form)
    errors = form_errors(parsed.errors, parsed.portfolio_rows)
    try:
        if errors:  # show every other problem too, not only the unparsable numbers
            raise InvalidInput(editor.check(kind, {**parsed.data, "slug": slug}))
        await editor.replace(user, kind, slug, parsed.data)
    except InvalidInput as exc:
        errors.update(form_errors(exc.errors, parsed.portfolio_rows))
        current = await editor.current(kind, slug)
        return _edit_page(request, kind, slug, form, errors, status=400,
                          completeness=completeness(kind, current), role=role,
                          **await _manage_extras(request, kind, slug))
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/status", include_in_schema=False)
async def change_status(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
                        data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.set_status(user, kind, slug, data.get("status", ""))
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/masih-akurat", include_in_schema=False)
async def still_accurate(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.confirm(user, kind, slug)
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)


@get("/kelola/{kind:str}/{slug:str}/riwayat", include_in_schema=False)
async def history(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await current_user(request)
    if user is None:
        return login_redirect(request)
    editor = request.app.state.services.editor
    await editor.require_edit(user, kind, slug)
    return html(request, "manage/history.html", kind=kind, slug=slug,
                entries=await editor.history(kind, slug))


# --- images ---------------------------------------------------------------------------------


@post("/kelola/{kind:str}/{slug:str}/gambar", include_in_schema=False,
      request_max_body_size=3 * 1024 * 1024)
async def upload_image(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]
                       ) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    services = request.app.state.services
    await services.editor.require_edit(user, kind, slug)
    form = await request.form()
    slot = str(form.get("slot") or "logo")
    current = await services.editor.current(kind, slug)
    titles = {item["title"] for item in current.get("portfolio", [])}
    if slot != "logo" and slot.removeprefix("portfolio:") not in titles:
        raise InvalidInput([FieldError("slot", _("pilih logo atau salah satu karya"))])
    upload = form.get("file")
    if form.get("remove") == "1":
        await services.media.remove(kind, slug, slot)
    else:
        raw = await upload.read() if hasattr(upload, "read") else b""
        try:
            await services.media.store(user, kind, slug, slot, raw)
        except InvalidInput as exc:
            return await _edit_with_errors(request, kind, slug, user,
                                           {f"image-{slot}": exc.errors[0].reason})
    await services.editor.audit_team(user, kind, slug, f"image_{'removed' if form.get('remove') == '1' else 'uploaded'}:{slot}")
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1#gambar", status_code=303)


async def _edit_with_errors(request: AnyRequest, kind: str, slug: str, user: Any,
                            errors: dict[str, str]) -> Response[str]:
    editor = request.app.state.services.editor
    current = await editor.current(kind, slug)
    return _edit_page(request, kind, slug, form_from_profile(current), errors, status=400,
                      completeness=completeness(kind, current),
                      role=await editor.require_edit(user, kind, slug),
                      **await _manage_extras(request, kind, slug))


@get("/media/{file_id:str}", include_in_schema=False)
async def media(request: AnyRequest, file_id: FromPath[str]) -> Response[bytes]:
    services = request.app.state.services
    data, meta = await services.media.read(file_id)
    raw = await services.profiles.collection(meta.get("kind", "organization")).find_one(
        {"slug": meta.get("slug")}, {"status": 1})
    if raw is None or raw.get("status", "published") != "published":
        user = await current_user(request)
        if user is None or not (user.is_staff or await services.editor.role(
                user, meta["kind"], meta["slug"])):
            raise NotFound("image")
        cache = "private, no-store"
    else:
        cache = "public, max-age=31536000, immutable"  # a new upload gets a new URL
    if request.headers.get("if-none-match") == f'"{file_id}"':
        return Response(b"", status_code=304, headers={"ETag": f'"{file_id}"',
                                                         "Cache-Control": cache})
    return Response(data, media_type=meta.get("contentType", "image/webp"),
                    headers={"Cache-Control": cache, "ETag": f'"{file_id}"',
                             "X-Content-Type-Options": "nosniff"})


# --- team -------------------------------------------------------------------------------------


async def _team_page(request: AnyRequest, kind: FromPath[str], slug: FromPath[str], status: int = 200,
                     errors: dict[str, str] | None = None, sent: str | None = None,
                     values: dict[str, str] | None = None) -> Response[str]:
    user = await require_user(request)
    editor = request.app.state.services.editor
    role = await editor.require_edit(user, kind, slug)
    return html(request, "manage/team.html", status=status, kind=kind, slug=slug, role=role,
                team=await editor.team(kind, slug), errors=errors or {}, sent=sent, user=user,
                values=values or {})


@get("/kelola/{kind:str}/{slug:str}/tim", include_in_schema=False)
async def team(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    if await current_user(request) is None:
        return login_redirect(request)
    return await _team_page(request, kind, slug)


@post("/kelola/{kind:str}/{slug:str}/tim/undang", include_in_schema=False)
async def invite(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
                 data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    services = request.app.state.services
    email = data.get("email", "")
    try:
        token = await services.editor.invite(user, kind, slug, email)
    except InvalidInput as exc:
        return await _team_page(request, kind, slug, status=400,
                                errors={e.field: e.reason for e in exc.errors})
    name = (await services.editor.current(kind, slug))["name"]
    sent = await send_mail(request, email.strip().lower(), "invite", token=token,
                           profile_name=name, inviter=user.name or user.email)
    return await _team_page(request, kind, slug, sent="ok" if sent else "failed")


@post("/kelola/{kind:str}/{slug:str}/tim/{user_id:str}/hapus", include_in_schema=False)
async def remove_member(request: AnyRequest, kind: FromPath[str], slug: FromPath[str], user_id: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.remove_member(user, kind, slug, user_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/tim/{user_id:str}/jadikan-pemilik", include_in_schema=False)
async def transfer(request: AnyRequest, kind: FromPath[str], slug: FromPath[str], user_id: FromPath[str]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.transfer(user, kind, slug, user_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/hapus", include_in_schema=False)
async def delete_profile(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
                         data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    editor = request.app.state.services.editor
    await editor.require_manage(user, kind, slug)
    if data.get("confirm", "").strip() != slug:
        return await _team_page(request, kind, slug, status=400, values=data, errors={
            "confirm": _("ketik %(slug)s untuk memastikan") % {"slug": slug}})
    name = (await editor.current(kind, slug))["name"]
    await editor.delete(user, kind, slug)
    return notice(request, _("Profil dihapus"),
                  _("%(name)s sudah dihapus dari direktori dan dari pencarian.") % {"name": name},
                  link=("/akun", _("Kembali ke akun")))


@get("/undangan", include_in_schema=False)
async def invitation(request: AnyRequest, token: FromQuery[str] = "") -> Response[Any]:
    data = await request.app.state.services.editor.invitation(token)
    if data is None:
        return notice(request, _("Undangan tidak berlaku"),
                      _("Undangan ini sudah dipakai atau kedaluwarsa. Minta pemilik profil "
                        "mengirim undangan baru."), status=400)
    user = await current_user(request)
    return html(request, "manage/invitation.html", token=token, invitation=data, user=user)


@post("/undangan", include_in_schema=False)
async def accept_invitation(request: AnyRequest, data: URLEncodedBody[dict[str, str]]
                            ) -> Response[Any]:
    user = await require_user(request)
    try:
        accepted = await request.app.state.services.editor.accept_invite(user,
                                                                         data.get("token", ""))
    except (InvalidInput, Forbidden) as exc:
        message = "; ".join(e.reason for e in exc.errors) if isinstance(exc, InvalidInput) \
            else str(exc)
        return notice(request, _("Undangan tidak dapat diterima"), message, status=400)
    return Redirect(f"/kelola/{accepted['kind']}/{accepted['slug']}", status_code=303)


@post("/akun/keanggotaan", include_in_schema=False)
async def accept_membership(request: AnyRequest, data: URLEncodedBody[dict[str, str]]
                            ) -> Response[Any]:
    user = await require_user(request)
    await request.app.state.services.editor.accept_membership(
        user, data.get("talent", ""), data.get("organization", ""))
    return Redirect("/akun?keanggotaan=1", status_code=303)


# --- claims ---------------------------------------------------------------------------------


@post("/klaim/{kind:str}/{slug:str}", include_in_schema=False)
async def claim(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
                data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_kind(kind)
    user = await require_user(request)
    result = await request.app.state.services.claims.request(user, kind, slug,
                                                             data.get("note", ""))
    if result["status"] == "approved":
        return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)
    return notice(request, _("Klaim terkirim"),
                  _("Kurator kota akan memeriksa klaim Anda atas %(name)s. Anda akan bisa "
                    "mengelola profil ini setelah disetujui.") % {"name": result["name"]},
                  link=("/akun", _("Ke halaman akun")))


@get("/kurasi/klaim", include_in_schema=False)
async def claim_queue(request: AnyRequest) -> Response[Any]:
    if await role_page_user(request, STAFF_ROLES, _("Halaman ini hanya untuk kurator.")) is None:
        return login_redirect(request)
    return html(request, "manage/claims.html", claims=await request.app.state.services.claims.queue())


@post("/kurasi/klaim/{claim_id:str}", include_in_schema=False)
async def decide_claim(request: AnyRequest, claim_id: FromPath[str],
                       data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    user = await require_user(request)
    await request.app.state.services.claims.decide(user, claim_id,
                                                   data.get("decision") == "approve")
    return Redirect("/kurasi/klaim", status_code=303)


ROUTES = [upload_image, media, new_profile_form, create_profile, edit_profile_form, save_profile, change_status,
          still_accurate, history, team, invite, remove_member, transfer, delete_profile, invitation,
          accept_invitation, accept_membership, claim, claim_queue, decide_claim]
