"""Accounts: sign-up, email verification, log-in with throttling, password reset, server-side
sessions and personal API tokens. Sessions and tokens live in MongoDB, so any number of app
processes share them. Knows nothing of HTTP.

Nothing tells an outsider whether an address has an account (OWASP authentication guidance):
`register` does the same work for a new and a taken address (the caller mails the owner of a
taken one instead of saying so), a log-in for an unknown address verifies against a dummy
argon2 hash, and reset links are issued and mailed off the request path by the caller.

Log-in throttling (failures over a 15-minute sliding window):
- 5 failures for one account **from one IP address** → that address waits (429): an attacker
  elsewhere cannot lock the owner out;
- 20 failures from one IP address, whatever the accounts → that address waits;
- failures for one account from anywhere slow every further attempt on it progressively
  (0.5 s after the 5th, doubling, at most 8 s) without ever refusing the right password.
argon2 runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from bson import ObjectId
from bson.errors import InvalidId
from pymongo.errors import DuplicateKeyError

from directory import audit
from directory.accounts import throttles as attempts
from directory.accounts.documents import ApiToken, OneTimeToken, Session
from directory.accounts.documents import User as User_
from directory.accounts.secrets_ import (
    digest,
    hash_off_loop,
    needs_rehash,
    new_token,
    verify_off_loop,
)
from directory.accounts.shapes import ApiTokenPrivate, PendingTokenPrivate, TokenDataPrivate
from directory.db import Database
from directory.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
)
from directory.i18n import gettext as _
from directory.profiles.validation import text_errors

ROLES = ("user", "curator", "admin", "analyst")
STAFF_ROLES = ("curator", "admin")
SESSION_DAYS = 14
VERIFY_HOURS = 48
RESET_MINUTES = 60
INVITE_DAYS = 7
MIN_PASSWORD = 10
# Log-in throttling: failed attempts counted over a sliding window.
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5  # from one IP address
MAX_FAILURES_PER_IP = 20
SLOW_AFTER = 5  # failures for an account from anywhere, then a growing delay
MAX_DELAY_S = 8.0
# No control or bidi-override characters (nothing odd can reach a mail header); \Z: no trailing
# newline.
EMAIL_RE = re.compile(
    r"^[^@\s\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]{1,64}"
    r"@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
TOKEN_PREFIX = "dkm_"


def now() -> datetime:
    value = datetime.now(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str, field: str = "email") -> list[FieldError]:
    if not email:
        return [FieldError(field, _("wajib diisi"))]
    if len(email) > 254 or not EMAIL_RE.match(email):
        return [FieldError(field, _("bukan alamat email yang valid"))]
    return []


def check_password(password: str, field: str = "password") -> list[FieldError]:
    if len(password) < MIN_PASSWORD:
        return [FieldError(field, _("minimal %(n)d karakter") % {"n": MIN_PASSWORD})]
    if len(password) > 512:
        return [FieldError(field, _("terlalu panjang (maksimal 512 karakter)"))]
    return []


@dataclass(frozen=True)
class User:
    id: str
    email: str
    role: str
    name: str
    verified: bool
    lang: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1]

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> User:
        return cls(id=str(doc["_id"]), email=doc["email"], role=doc.get("role", "user"),
                   name=doc.get("name", ""), verified=doc.get("verified_at") is not None,
                   lang=doc.get("lang", "id"))


def login_delay(account_failures: int) -> float:
    """Seconds a log-in waits after `account_failures` recent failures for its account."""
    if account_failures < SLOW_AFTER:
        return 0.0
    return float(min(0.5 * 2 ** min(account_failures - SLOW_AFTER, 8), MAX_DELAY_S))


def require_staff(user: User | None) -> User:
    """Curators and admins only: the user, or Forbidden."""
    if user is None or not user.is_staff:
        raise Forbidden(_("Halaman ini hanya untuk kurator."))
    return user


class AccountService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = db[User_.Settings.name]

    # --- users ----------------------------------------------------------------------------

    async def get(self, user_id: str) -> User | None:
        try:
            oid = ObjectId(user_id)
        except (InvalidId, TypeError):  # a malformed id is simply nobody
            return None
        # Outside the try: a database that cannot answer is an outage (503), not "nobody"
        # (that turned valid API tokens into 401s while mongod restarted).
        doc = await self.users.find_one({"_id": oid})
        return User.from_doc(doc) if doc else None

    async def by_email(self, email: str) -> User | None:
        doc = await self.users.find_one({"email": normalise_email(email)})
        return User.from_doc(doc) if doc else None

    async def sign_up(self, email: str, password: str, name: str = "", lang: str = "id",
                      role: str = "user", verified: bool = False) -> User:
        email = normalise_email(email)
        errors = check_email(email) + check_password(password)
        if len(name) > 120:
            errors.append(FieldError("name", _("maksimal 120 karakter")))
        errors += text_errors("name", name)
        if role not in ROLES:
            errors.append(FieldError("role", _("harus salah satu dari: %(v)s") %
                                     {"v": ", ".join(ROLES)}))
        if errors:
            raise InvalidInput(errors)
        doc = {"email": email, "password_hash": await hash_off_loop(password),
               "name": name.strip(),
               "role": role, "lang": lang, "created_at": now(),
               "verified_at": now() if verified else None}
        try:
            result = await self.users.insert_one(doc)
        except DuplicateKeyError as exc:
            raise Conflict(_("Email ini sudah terdaftar.")) from exc
        doc["_id"] = result.inserted_id
        return User.from_doc(doc)

    async def register(self, email: str, password: str, name: str = "", lang: str = "id",
                       **carried: str) -> tuple[User, str | None]:
        """Self-service sign-up that never says whether the address is taken: (the new user,
        a verification token), or (the existing user, None) — the caller then mails that
        address's owner instead. The password is hashed either way, so both take as long."""
        try:
            user = await self.sign_up(email, password, name, lang=lang)
        except Conflict:
            existing = await self.by_email(email)
            if existing is None:  # deleted in between: as good as new
                return await self.register(email, password, name, lang, **carried)
            return existing, None
        return user, await self.verification_token(user, **carried)

    async def set_password(self, user_id: str, password: str) -> None:
        errors = check_password(password)
        if errors:
            raise InvalidInput(errors)
        await self.users.update_one({"_id": ObjectId(user_id)},
                                    {"$set": {"password_hash": await hash_off_loop(password)}})
        await self.db[Session.Settings.name].delete_many({"user_id": user_id})  # log out everywhere

    async def find_users(self, email_part: str = "", limit: int = 100) -> list[User]:
        query = {"email": {"$regex": re.escape(email_part.strip().casefold())}} \
            if email_part.strip() else {}
        return [User.from_doc(d) async for d in
                self.users.find(query).sort([("role", 1), ("email", 1)]).limit(limit)]

    async def change_role(self, admin: User, user_id: str, role: str) -> User:
        """An admin grants or revokes a role; the last admin cannot be demoted."""
        if admin.role != "admin":
            raise Forbidden(_("Hanya admin yang dapat mengubah peran."))
        if role not in ROLES:
            raise InvalidInput([FieldError("role", _("harus salah satu dari: %(v)s") %
                                            {"v": ", ".join(ROLES)})])
        target = await self.get(user_id)
        if target is None:
            raise NotFound(f"user {user_id!r}")
        if target.role == "admin" and role != "admin" and \
                await self.users.count_documents({"role": "admin"}) <= 1:
            raise InvalidInput([FieldError("role", _("ini admin terakhir; angkat admin lain "
                                                     "dulu"))])
        await self.set_role(user_id, role)
        await audit.record(self.db, admin, "role_changed",
                           f"{target.email}: {target.role} → {role}")
        return target

    async def set_role(self, user_id: str, role: str) -> None:
        await self.users.update_one({"_id": ObjectId(user_id)}, {"$set": {"role": role}})

    # --- log-in ---------------------------------------------------------------------------

    async def _failures(self, key: str) -> int:
        return await attempts.recent(self.db, key, THROTTLE_WINDOW)

    async def login(self, email: str, password: str, ip: str) -> User:
        email = normalise_email(email)
        account_key, pair_key, ip_key = f"account:{email}", f"account-ip:{email}|{ip}", f"ip:{ip}"
        reserved = await attempts.reserve(
            self.db, [(pair_key, MAX_FAILURES_PER_ACCOUNT), (ip_key, MAX_FAILURES_PER_IP)],
            THROTTLE_WINDOW)
        if reserved is None:
            minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
            raise TooManyAttempts(
                _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(m)d menit, "
                  "atau atur ulang kata sandi.") % {"m": minutes},
                retry_after=int(THROTTLE_WINDOW.total_seconds()))
        await asyncio.sleep(login_delay(await self._failures(account_key)))
        doc = await self.users.find_one({"email": email})
        if not await verify_off_loop(doc["password_hash"] if doc else None, password):
            await attempts.note(self.db, account_key)  # pair and ip: the reservation stays
            raise InvalidInput([FieldError("password", _("Email atau kata sandi salah."))])
        assert doc is not None
        if needs_rehash(doc["password_hash"]):
            await self.users.update_one({"_id": doc["_id"]},
                                        {"$set": {"password_hash": await hash_off_loop(password)}})
        await attempts.release(self.db, reserved)
        await attempts.forget(self.db, account_key, pair_key)
        return User.from_doc(doc)

    # --- sessions -------------------------------------------------------------------------

    async def start_session(self, user: User) -> str:
        token = new_token()
        await self.db[Session.Settings.name].insert_one({
            "_id": digest(token), "user_id": user.id, "created_at": now(),
            "expires_at": now() + timedelta(days=SESSION_DAYS)})
        return token

    async def session_user(self, token: str | None) -> User | None:
        if not token:
            return None
        session = await self.db[Session.Settings.name].find_one(
            {"_id": digest(token), "expires_at": {"$gt": now()}})
        return await self.get(session["user_id"]) if session else None

    async def end_session(self, token: str | None) -> None:
        if token:
            await self.db[Session.Settings.name].delete_one({"_id": digest(token)})

    # --- one-time tokens (verification, reset, invitations) ---------------------------------

    async def issue(self, purpose: str, ttl: timedelta, **data: Any) -> str:
        token = new_token()
        await self.db[OneTimeToken.Settings.name].insert_one({
            "token_hash": digest(token), "purpose": purpose, "data": data,
            "created_at": now(), "expires_at": now() + ttl, "used_at": None})
        return token

    async def peek(self, purpose: str, token: str) -> TokenDataPrivate | None:
        doc = await self.db[OneTimeToken.Settings.name].find_one({
            "token_hash": digest(token or ""), "purpose": purpose, "used_at": None,
            "expires_at": {"$gt": now()}})
        return cast(TokenDataPrivate, dict(doc["data"])) if doc else None

    async def redeem(self, purpose: str, token: str) -> TokenDataPrivate | None:
        """Marks the token used (atomically: a token works once) and returns its data."""
        doc = await self.db[OneTimeToken.Settings.name].find_one_and_update(
            {"token_hash": digest(token or ""), "purpose": purpose, "used_at": None,
             "expires_at": {"$gt": now()}},
            {"$set": {"used_at": now()}})
        return cast(TokenDataPrivate, dict(doc["data"])) if doc else None

    async def pending(self, purpose: str, **match: str) -> list[PendingTokenPrivate]:
        """Unused, unexpired tokens of a purpose whose data matches (a team's invitations)."""
        query = {"purpose": purpose, "used_at": None, "expires_at": {"$gt": now()},
                 **{f"data.{k}": v for k, v in match.items()}}
        return [cast(PendingTokenPrivate, {**d["data"], "id": str(d["_id"]), "created_at":
                     d["created_at"], "expires_at": d["expires_at"]}) async for d in
                self.db[OneTimeToken.Settings.name].find(query).sort("created_at", 1)]

    async def token_id(self, purpose: str, token: str) -> str | None:
        doc = await self.db[OneTimeToken.Settings.name].find_one({
            "token_hash": digest(token or ""), "purpose": purpose, "used_at": None,
            "expires_at": {"$gt": now()}}, {"_id": 1})
        return str(doc["_id"]) if doc else None

    async def redeem_id(self, purpose: str, token_id: str, **match: str
                        ) -> TokenDataPrivate | None:
        """`redeem` by the token's id (revoking, or accepting what a verified sign-up carried);
        `match` narrows it to e.g. one profile's invitations."""
        if not ObjectId.is_valid(token_id):
            return None
        doc = await self.db[OneTimeToken.Settings.name].find_one_and_update(
            {"_id": ObjectId(token_id), "purpose": purpose, "used_at": None,
             "expires_at": {"$gt": now()}, **{f"data.{k}": v for k, v in match.items()}},
            {"$set": {"used_at": now()}})
        return cast(TokenDataPrivate, dict(doc["data"])) if doc else None

    async def verification_token(self, user: User, **carried: str) -> str:
        """`carried`: what the verification also settles (an invitation's id)."""
        return await self.issue("verify", timedelta(hours=VERIFY_HOURS), user_id=user.id,
                                **carried)

    async def verify_email_carrying(self, token: str) -> tuple[User, TokenDataPrivate] | None:
        """The verified user and the data the link carried."""
        data = await self.redeem("verify", token)
        if data is None:
            return None
        await self.users.update_one({"_id": ObjectId(data["user_id"])},
                                    {"$set": {"verified_at": now()}})
        user = await self.get(data["user_id"])
        return (user, data) if user else None

    async def reset_token(self, email: str) -> tuple[User, str] | None:
        user = await self.by_email(email)
        if user is None:
            return None
        await self.db[OneTimeToken.Settings.name].update_many(  # only the newest link works
            {"purpose": "reset", "data.user_id": user.id, "used_at": None},
            {"$set": {"used_at": now()}})
        return user, await self.issue("reset", timedelta(minutes=RESET_MINUTES), user_id=user.id)

    async def reset_password(self, token: str, password: str) -> User | None:
        errors = check_password(password)
        if errors:
            raise InvalidInput(errors)
        data = await self.redeem("reset", token)
        if data is None:
            return None
        await self.set_password(data["user_id"], password)
        await self.users.update_one({"_id": ObjectId(data["user_id"])},
                                    {"$set": {"verified_at": now()}})  # the link proved it
        user = await self.get(data["user_id"])
        if user is not None:
            await attempts.forget(self.db, f"account:{user.email}")
            await attempts.forget_prefix(self.db, f"account-ip:{user.email}|")
        return user

    # --- personal API tokens ----------------------------------------------------------------

    async def create_token(self, user: User, label: str = "") -> str:
        label = label.strip()[:80] or _("Token tanpa nama")
        token = new_token(TOKEN_PREFIX)
        await self.db[ApiToken.Settings.name].insert_one({
            "token_hash": digest(token), "user_id": user.id, "label": label,
            "hint": token[-4:], "created_at": now(), "last_used_at": None, "revoked_at": None})
        return token

    async def tokens(self, user: User) -> list[ApiTokenPrivate]:
        cursor = self.db[ApiToken.Settings.name].find({"user_id": user.id, "revoked_at": None},
                                            {"token_hash": 0}).sort("created_at", -1)
        return [cast(ApiTokenPrivate, {**doc, "id": str(doc["_id"])}) async for doc in cursor]

    async def revoke_token(self, user: User, token_id: str) -> bool:
        try:
            oid = ObjectId(token_id)
        except Exception:  # noqa: BLE001
            return False
        result = await self.db[ApiToken.Settings.name].update_one(
            {"_id": oid, "user_id": user.id, "revoked_at": None}, {"$set": {"revoked_at": now()}})
        return bool(result.modified_count)

    async def token_user(self, token: str) -> User | None:
        doc = await self.db[ApiToken.Settings.name].find_one_and_update(
            {"token_hash": digest(token), "revoked_at": None}, {"$set": {"last_used_at": now()}})
        return await self.get(doc["user_id"]) if doc else None
