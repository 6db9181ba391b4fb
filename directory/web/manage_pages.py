"""Profile maintenance pages: create, edit (every field), publish/hide, "still accurate",
history, team (invite, remove, transfer), invitations, memberships, claims and the curators'
claim queue. Only owners and editors (and curators) reach the forms."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect

from directory.errors import Conflict, Forbidden, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.public import profile_path
from directory.web.account_pages import notice, send_mail
from directory.web.auth import current_user, login_redirect, require_user
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


def _check_kind(kind: FromPath[str]) -> None:
    if kind not in KINDS:
        from directory.errors import NotFound
        raise NotFound(f"kind {kind!r}")


def _edit_page(request: AnyRequest, kind: FromPath[str], slug: FromPath[str] | None, form: MultiForm,
               errors: dict[str, str], status: int = 200, **extra: Any) -> Response[str]:
    extra.setdefault("saved", None)
    extra.setdefault("public_url", None)
    return html(request, "manage/edit.html", status=status, kind=kind, slug=slug, form=form,
                errors=errors, rows=portfolio_row_count(form) + 1, **extra)


# --- create ---------------------------------------------------------------------------------


@get("/kelola/baru/{kind:str}", include_in_schema=False)
async def new_profile_form(request: AnyRequest, kind: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
    if await current_user(request) is None:
        return login_redirect(request)
    return _edit_page(request, kind, None, {"status": ["draft"]}, {}, completeness=None,
                      role="owner", last_confirmed=None)


@post("/kelola/baru/{kind:str}", include_in_schema=False)
async def create_profile(request: AnyRequest, kind: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
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
    _check_kind(kind)
    user = await current_user(request)
    if user is None:
        return login_redirect(request)
    editor = request.app.state.services.editor
    role = await editor.require_edit(user, kind, slug)
    current = await editor.current(kind, slug)
    return _edit_page(request, kind, slug, form_from_profile(current), {},
                      completeness=completeness(kind, current), role=role,
                      last_confirmed=await editor.last_confirmed(kind, slug),
                      saved=request.query_params.get("tersimpan"),
                      public_url=profile_path(kind, slug))


@post("/kelola/{kind:str}/{slug:str}", include_in_schema=False)
async def save_profile(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
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
                          last_confirmed=await editor.last_confirmed(kind, slug),
                          public_url=profile_path(kind, slug))
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/status", include_in_schema=False)
async def change_status(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
                        data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    _check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.set_status(user, kind, slug, data.get("status", ""))
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/masih-akurat", include_in_schema=False)
async def still_accurate(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.confirm(user, kind, slug)
    return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)


@get("/kelola/{kind:str}/{slug:str}/riwayat", include_in_schema=False)
async def history(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
    user = await current_user(request)
    if user is None:
        return login_redirect(request)
    editor = request.app.state.services.editor
    await editor.require_edit(user, kind, slug)
    return html(request, "manage/history.html", kind=kind, slug=slug,
                entries=await editor.history(kind, slug))


# --- team -------------------------------------------------------------------------------------


async def _team_page(request: AnyRequest, kind: FromPath[str], slug: FromPath[str], status: int = 200,
                     errors: dict[str, str] | None = None, sent: str | None = None
                     ) -> Response[str]:
    user = await require_user(request)
    editor = request.app.state.services.editor
    role = await editor.require_edit(user, kind, slug)
    return html(request, "manage/team.html", status=status, kind=kind, slug=slug, role=role,
                team=await editor.team(kind, slug), errors=errors or {}, sent=sent, user=user)


@get("/kelola/{kind:str}/{slug:str}/tim", include_in_schema=False)
async def team(request: AnyRequest, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
    if await current_user(request) is None:
        return login_redirect(request)
    return await _team_page(request, kind, slug)


@post("/kelola/{kind:str}/{slug:str}/tim/undang", include_in_schema=False)
async def invite(request: AnyRequest, kind: FromPath[str], slug: FromPath[str],
                 data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    _check_kind(kind)
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
    _check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.remove_member(user, kind, slug, user_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/tim/{user_id:str}/jadikan-pemilik", include_in_schema=False)
async def transfer(request: AnyRequest, kind: FromPath[str], slug: FromPath[str], user_id: FromPath[str]) -> Response[Any]:
    _check_kind(kind)
    user = await require_user(request)
    await request.app.state.services.editor.transfer(user, kind, slug, user_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim", status_code=303)


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
    _check_kind(kind)
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
    user = await current_user(request)
    if user is None:
        return login_redirect(request)
    if not user.is_staff:
        raise Forbidden(_("Halaman ini hanya untuk kurator."))
    return html(request, "manage/claims.html", claims=await request.app.state.services.claims.queue())


@post("/kurasi/klaim/{claim_id:str}", include_in_schema=False)
async def decide_claim(request: AnyRequest, claim_id: FromPath[str],
                       data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    user = await require_user(request)
    await request.app.state.services.claims.decide(user, claim_id,
                                                   data.get("decision") == "approve")
    return Redirect("/kurasi/klaim", status_code=303)


ROUTES = [new_profile_form, create_profile, edit_profile_form, save_profile, change_status,
          still_accurate, history, team, invite, remove_member, transfer, invitation,
          accept_invitation, accept_membership, claim, claim_queue, decide_claim]
