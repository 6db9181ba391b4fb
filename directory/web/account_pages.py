"""Account pages: sign-up, email verification, log-in/out, password reset, the dashboard with
personal API tokens. Every form keeps its input and shows errors next to the field."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect

from directory.accounts.service import User, check_email, check_password, normalise_email
from directory.accounts.shapes import TokenDataPrivate
from directory.context import Services
from directory.errors import InvalidInput, NotFound, TooManyAttempts
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.web.auth import (
    SESSION_COOKIE,
    CurrentUser,
    clear_session,
    client_ip,
    landing,
    safe_next,
    set_session,
)
from directory.web.common import AnyRequest, ServicesDep, field_errors, html, notice, send_mail

# --- sign-up and verification --------------------------------------------------------------


class SignupInvitationPrivate(TokenDataPrivate):
    """The invitation a sign-up page shows (private: the invitee's address, the token)."""

    id: str
    token: str
    profile_name: str


async def _invitation(services: Services, token: str) -> SignupInvitationPrivate | None:
    """The open invitation a sign-up came from (its email is locked), with its id."""
    data = await services.editor.invitation(token) if token else None
    invite_id = await services.accounts.token_id("invite", token) if data else None
    if not data or not invite_id:
        return None
    try:
        name = (await services.editor.private(data["kind"], data["slug"])).name
    except NotFound:  # the profile is gone
        return None
    return SignupInvitationPrivate(**data, id=invite_id, token=token, profile_name=name)


@get("/akun/daftar", name="signup", include_in_schema=False)
async def signup_form(request: AnyRequest, services: ServicesDep, undangan: FromQuery[str] = ""
                      ) -> Response[str]:
    invitation = await _invitation(services, undangan)
    return html(request, "account/signup.html", values={"email": invitation["email"]}
                if invitation else {}, errors={}, invitation=invitation,
                invitation_gone=bool(undangan) and invitation is None)


@post("/akun/daftar", include_in_schema=False)
async def signup(request: AnyRequest, services: ServicesDep,
                 data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    invitation = await _invitation(services, data.get("undangan", ""))
    if invitation:  # the invited address, whatever was posted
        data = {**data, "email": invitation["email"]}
    values = {k: data.get(k, "") for k in ("email", "name")}
    errors: dict[str, str] = {}
    email, password = data.get("email", ""), data.get("password", "")
    if password != data.get("password_again", ""):
        errors["password_again"] = _("kata sandi tidak sama")
        errors.update(field_errors(check_email(normalise_email(email))
                                   + check_password(password)))
        return html(request, "account/signup.html", status=400, values=values, errors=errors,
                    invitation=invitation)
    try:
        carried = {"invite_id": invitation["id"]} if invitation else {}
        user, token = await services.accounts.register(email, password, data.get("name", ""),
                                                       lang=current_language.get(), **carried)
    except InvalidInput as exc:
        return html(request, "account/signup.html", status=400, values=values,
                    errors=field_errors(exc.errors), invitation=invitation)
    # The same answer for a new and a taken address; the mail differs (no enumeration).
    mail = ("verify", {"token": token}) if token else ("signup_existing", {})
    response = notice(request, _("Periksa email Anda"), _(
        "Kami mengirim email ke %(email)s. Buka tautan di dalamnya untuk melanjutkan.")
        % {"email": normalise_email(email)})
    response.background = BackgroundTask(send_mail, services, user.email, mail[0],
                                         lang=user.lang, name=user.name, **mail[1])
    return response


@get("/akun/verifikasi", name="verify", include_in_schema=False)
async def verify(request: AnyRequest, services: ServicesDep, token: FromQuery[str] = ""
                 ) -> Response[Any]:
    verified = await services.accounts.verify_email_carrying(token)
    if verified is None:
        return notice(request, _("Tautan tidak berlaku"),
                      _("Tautan verifikasi ini sudah dipakai atau kedaluwarsa. Masuk dan minta "
                        "tautan baru dari halaman akun."), status=400,
                      link=("/akun", _("Ke halaman akun")))
    user, carried = verified
    joined = await services.editor.accept_invite_id(user, carried["invite_id"]) \
        if carried.get("invite_id") else None
    response: Response[Any]
    if joined:  # straight to the profile the invitation was for: no second click
        response = Redirect(f"/kelola/{joined['kind']}/{joined['slug']}?undangan=diterima",
                            status_code=303)
    else:
        response = notice(request, _("Email terverifikasi"), _(
            "Terima kasih, email %(email)s sudah terverifikasi.") % {"email": user.email}
            + (" " + _("Undangan Anda sudah tidak berlaku; minta pemilik profil mengirim "
                       "undangan baru.") if carried.get("invite_id") else ""),
            link=("/akun", _("Ke halaman akun")))
    # the link proved the address: signed in
    set_session(response, await services.accounts.start_session(user), services.settings)
    return response


@post("/akun/verifikasi/kirim-ulang", name="verify_resend", include_in_schema=False)
async def resend_verification(services: ServicesDep, user: CurrentUser) -> Response[Any]:
    if user.verified:
        return Redirect("/akun", status_code=303)
    token = await services.accounts.verification_token(user)
    sent = await send_mail(services, user.email, "verify", token=token, name=user.name)
    return Redirect("/akun?" + ("terkirim=1" if sent else "surat=gagal"), status_code=303)


# --- log-in / log-out ---------------------------------------------------------------------


@get("/akun/masuk", name="login", include_in_schema=False)
async def login_form(request: AnyRequest, next: FromQuery[str] = "") -> Response[str]:
    return html(request, "account/login.html", values={"next": safe_next(next, "")},
                errors={}, throttled=None)


@post("/akun/masuk", include_in_schema=False)
async def login(request: AnyRequest, services: ServicesDep,
                data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    values = {"email": data.get("email", ""), "next": safe_next(data.get("next"), "")}
    try:
        user = await services.accounts.login(data.get("email", ""), data.get("password", ""),
                                             client_ip(request))
    except InvalidInput as exc:
        return html(request, "account/login.html", status=400, values=values,
                    errors=field_errors(exc.errors), throttled=None)
    except TooManyAttempts as exc:
        response = html(request, "account/login.html", status=429, values=values, errors={},
                        throttled=str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    old = request.cookies.get(SESSION_COOKIE)
    await services.accounts.end_session(old)  # a new session id at log-in (no fixation)
    response = Redirect(values["next"] or landing(user), status_code=303)
    set_session(response, await services.accounts.start_session(user), services.settings)
    return response


@post("/akun/keluar", name="logout", include_in_schema=False)
async def logout(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    await services.accounts.end_session(request.cookies.get(SESSION_COOKIE))
    response = Redirect("/", status_code=303)
    clear_session(response)
    return response


# --- password reset -------------------------------------------------------------------------


@get("/akun/lupa-sandi", name="forgot", include_in_schema=False)
async def forgot_form(request: AnyRequest) -> Response[str]:
    return html(request, "account/forgot.html", values={}, errors={}, sent=False)


@post("/akun/lupa-sandi", include_in_schema=False)
async def forgot(request: AnyRequest, services: ServicesDep,
                 data: URLEncodedBody[dict[str, str]]) -> Response[str]:
    email = data.get("email", "")
    errors = check_email(normalise_email(email))
    if errors:
        return html(request, "account/forgot.html", status=400, values={"email": email},
                    errors=field_errors(errors), sent=False)
    response = html(request, "account/forgot.html", values={"email": email}, errors={}, sent=True)
    response.background = BackgroundTask(_send_reset, services, email)  # same page, same time
    return response


async def _send_reset(services: Services, email: str) -> None:
    issued = await services.accounts.reset_token(email)
    if issued is not None:
        user, token = issued
        await send_mail(services, user.email, "reset", lang=user.lang, token=token)


@get("/akun/atur-sandi", name="reset", include_in_schema=False)
async def reset_form(request: AnyRequest, services: ServicesDep, token: FromQuery[str] = ""
                     ) -> Response[str]:
    valid = await services.accounts.peek("reset", token) is not None
    return html(request, "account/reset.html", status=200 if valid else 400, token=token,
                valid=valid, errors={})


@post("/akun/atur-sandi", include_in_schema=False)
async def reset(request: AnyRequest, services: ServicesDep,
                data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    token = data.get("token", "")
    if data.get("password", "") != data.get("password_again", ""):
        return html(request, "account/reset.html", status=400, token=token, valid=True,
                    errors={"password_again": _("kata sandi tidak sama")})
    try:
        user = await services.accounts.reset_password(token, data.get("password", ""))
    except InvalidInput as exc:
        return html(request, "account/reset.html", status=400, token=token, valid=True,
                    errors=field_errors(exc.errors))
    if user is None:
        return html(request, "account/reset.html", status=400, token=token, valid=False,
                    errors={})
    response = Redirect("/akun?sandi=baru", status_code=303)
    set_session(response, await services.accounts.start_session(user), services.settings)
    return response


# --- dashboard and API tokens ----------------------------------------------------------------


async def _dashboard(request: AnyRequest, services: Services, user: User,
                     new_token: str | None = None, status: int = 200,
                     errors: dict[str, str] | None = None) -> Response[str]:
    profiles = await services.editor.mine(user)
    keys = [(p["kind"], p["slug"]) for p in profiles]
    inquiries = await services.inquiries.inbox(keys, limit=5)
    pending = await services.editor.pending_links(user)
    return html(request, "account/dashboard.html", status=status, user=user, profiles=profiles,
                tokens=await services.accounts.tokens(user), new_token=new_token,
                inquiries=inquiries, pending=pending, errors=errors or {},
                flags=request.query_params.dict())


@get("/akun", name="account", include_in_schema=False)
async def dashboard(request: AnyRequest, services: ServicesDep, user: CurrentUser
                    ) -> Response[Any]:
    return await _dashboard(request, services, user)


@post("/akun/token", name="token_create", include_in_schema=False)
async def create_token(request: AnyRequest, services: ServicesDep, user: CurrentUser,
                       data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    label = data.get("label", "").strip()
    if len(label) > 80:
        return await _dashboard(request, services, user, status=400,
                                errors={"label": _("maksimal 80 karakter")})
    token = await services.accounts.create_token(user, label)
    return await _dashboard(request, services, user, new_token=token)  # shown once, never stored


@post("/akun/token/{token_id:str}/cabut", name="token_revoke", include_in_schema=False)
async def revoke_token(services: ServicesDep, user: CurrentUser, token_id: FromPath[str]
                       ) -> Response[Any]:
    await services.accounts.revoke_token(user, token_id)
    return Redirect("/akun?token=dicabut", status_code=303)


ROUTES = [signup_form, signup, verify, resend_verification, login_form, login, logout,
          forgot_form, forgot, reset_form, reset, dashboard, create_token, revoke_token]
