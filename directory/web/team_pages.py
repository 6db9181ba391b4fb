"""A profile's people: the team (invite, remove, transfer ownership), deleting the profile,
invitations, memberships, claims and the curators' claim queue."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import User
from directory.context import Services
from directory.errors import Forbidden, InvalidInput
from directory.i18n import gettext as _
from directory.web.auth import STAFF, CurrentUser, EditRole, ManageRole, Viewer, known_kind
from directory.web.common import AnyRequest, ServicesDep, field_errors, html, notice, send_mail

KIND = [known_kind()]


async def _team_page(request: AnyRequest, services: Services, user: User, role: str, kind: str,
                     slug: str, status: int = 200, errors: dict[str, str] | None = None,
                     sent: str | None = None, values: dict[str, str] | None = None
                     ) -> Response[str]:
    invitations = await services.editor.invitations(user, kind, slug) \
        if role in ("owner", "curator") else []
    return html(request, "manage/team.html", status=status, kind=kind, slug=slug, role=role,
                team=await services.editor.team(kind, slug), errors=errors or {}, sent=sent,
                user=user, values=values or {}, invitations=invitations,
                invited=request.query_params.get("undangan"))


@get("/kelola/{kind:str}/{slug:str}/tim", name="team", guards=KIND, include_in_schema=False)
async def team(request: AnyRequest, services: ServicesDep, user: CurrentUser,
               edit_role: EditRole, kind: FromPath[str], slug: FromPath[str]) -> Response[Any]:
    return await _team_page(request, services, user, edit_role, kind, slug)


@post("/kelola/{kind:str}/{slug:str}/tim/undang", name="team_invite", guards=KIND,
      include_in_schema=False)
async def invite(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                 manage_role: ManageRole, kind: FromPath[str], slug: FromPath[str],
                 data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    email = data.get("email", "")
    try:
        token = await services.editor.invite(user, kind, slug, email)
    except InvalidInput as exc:
        return await _team_page(request, services, user, manage_role, kind, slug, status=400,
                                errors=field_errors(exc.errors))
    name = (await services.editor.private(kind, slug)).name
    sent = await send_mail(services, email.strip().lower(), "invite", token=token,
                           profile_name=name, inviter=user.name or user.email)
    return await _team_page(request, services, user, manage_role, kind, slug,
                            sent="ok" if sent else "failed")


@post("/kelola/{kind:str}/{slug:str}/tim/undangan/{invite_id:str}/cabut",
      name="team_invite_revoke", guards=KIND, include_in_schema=False)
async def revoke_invite(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                        slug: FromPath[str], invite_id: FromPath[str]) -> Response[Any]:
    await services.editor.revoke_invitation(user, kind, slug, invite_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim?undangan=dicabut", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/tim/undangan/{invite_id:str}/kirim-ulang",
      name="team_invite_resend", guards=KIND, include_in_schema=False)
async def resend_invite(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                        slug: FromPath[str], invite_id: FromPath[str]) -> Response[Any]:
    email, token = await services.editor.resend_invitation(user, kind, slug, invite_id)
    name = (await services.editor.private(kind, slug)).name
    sent = await send_mail(services, email, "invite", token=token, profile_name=name,
                           inviter=user.name or user.email)
    return Redirect(f"/kelola/{kind}/{slug}/tim?undangan=" + ("terkirim" if sent else "gagal"),
                    status_code=303)


@post("/kelola/{kind:str}/{slug:str}/tim/{user_id:str}/hapus", name="team_remove",
      guards=KIND, include_in_schema=False)
async def remove_member(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                        slug: FromPath[str], user_id: FromPath[str]) -> Response[Any]:
    await services.editor.remove_member(user, kind, slug, user_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/tim/{user_id:str}/jadikan-pemilik", name="team_transfer",
      guards=KIND, include_in_schema=False)
async def transfer(services: ServicesDep, user: CurrentUser, kind: FromPath[str],
                   slug: FromPath[str], user_id: FromPath[str]) -> Response[Any]:
    await services.editor.transfer(user, kind, slug, user_id)
    return Redirect(f"/kelola/{kind}/{slug}/tim", status_code=303)


@post("/kelola/{kind:str}/{slug:str}/hapus", name="manage_delete", guards=KIND,
      include_in_schema=False)
async def remove_profile(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                         manage_role: ManageRole, kind: FromPath[str], slug: FromPath[str],
                         data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    if data.get("confirm", "").strip() != slug:
        return await _team_page(request, services, user, manage_role, kind, slug, status=400,
                                values=data, errors={
                                    "confirm": _("ketik %(slug)s untuk memastikan")
                                    % {"slug": slug}})
    name = (await services.editor.private(kind, slug)).name
    await services.editor.delete(user, kind, slug)
    return notice(request, _("Profil dihapus"),
                  _("%(name)s sudah dihapus dari direktori dan dari pencarian.") % {"name": name},
                  link=("/akun", _("Kembali ke akun")))


# --- invitations and memberships --------------------------------------------------------------


@get("/undangan", name="invitation", include_in_schema=False)
async def invitation(request: AnyRequest, services: ServicesDep, viewer: Viewer,
                     token: FromQuery[str] = "") -> Response[Any]:
    data = await services.editor.invitation(token)
    if data is None:
        return notice(request, _("Undangan tidak berlaku"),
                      _("Undangan ini sudah dipakai atau kedaluwarsa. Minta pemilik profil "
                        "mengirim undangan baru."), status=400)
    return html(request, "manage/invitation.html", token=token, invitation=data, user=viewer)


@post("/undangan", include_in_schema=False)
async def accept_invitation(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                            data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    try:
        accepted = await services.editor.accept_invite(user, data.get("token", ""))
    except (InvalidInput, Forbidden) as exc:
        message = "; ".join(e.reason for e in exc.errors) if isinstance(exc, InvalidInput) \
            else str(exc)
        return notice(request, _("Undangan tidak dapat diterima"), message, status=400)
    return Redirect(f"/kelola/{accepted['kind']}/{accepted['slug']}", status_code=303)


@post("/akun/keanggotaan", name="membership", include_in_schema=False)
async def accept_membership(services: ServicesDep, user: CurrentUser,
                            data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    await services.editor.accept_membership(
        user, data.get("talent", ""), data.get("organization", ""))
    return Redirect("/akun?keanggotaan=1", status_code=303)


# --- claims ---------------------------------------------------------------------------------


@post("/klaim/{kind:str}/{slug:str}", name="claim", guards=KIND, include_in_schema=False)
async def claim(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                kind: FromPath[str], slug: FromPath[str], data: URLEncodedBody[dict[str, str]]
                ) -> Response[Any]:
    result = await services.claims.request(user, kind, slug, data.get("note", ""))
    if result["status"] == "approved":
        return Redirect(f"/kelola/{kind}/{slug}?tersimpan=1", status_code=303)
    return notice(request, _("Klaim terkirim"),
                  _("Kurator kota akan memeriksa klaim Anda atas %(name)s. Anda akan bisa "
                    "mengelola profil ini setelah disetujui.") % {"name": result["name"]},
                  link=("/akun", _("Ke halaman akun")))


@get("/kurasi/klaim/{claim_id:str}", name="claim_item", guards=[STAFF],
     include_in_schema=False)
async def claim_item(request: AnyRequest, services: ServicesDep, claim_id: FromPath[str]
                     ) -> Response[Any]:
    return html(request, "manage/claim_item.html",
                c=await services.claims.pending_claim(claim_id))


@post("/kurasi/klaim/{claim_id:str}", name="claim_decide", guards=[STAFF],
      include_in_schema=False)
async def decide_claim(services: ServicesDep, user: CurrentUser, claim_id: FromPath[str],
                       data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    await services.claims.decide(user, claim_id, data.get("decision") == "approve")
    return Redirect("/kurasi/klaim", status_code=303)


ROUTES = [team, invite, revoke_invite, resend_invite, remove_member, transfer, remove_profile,
          invitation, accept_invitation, accept_membership, claim, claim_item, decide_claim]
