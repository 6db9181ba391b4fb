"""A profile's team: invitations, members, ownership transfer, and the grants other packages ask
about (claims, merges, reminders). Mixed into `ProfileEditor`, the only writer of
`profile_access`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from directory import audit
from directory.accounts.service import INVITE_DAYS, AccountService, User, now
from directory.accounts.shapes import PendingTokenPrivate, TokenDataPrivate
from directory.db import Collection, Database, Session, in_transaction
from directory.errors import FieldError, Forbidden, InvalidInput, NotFound
from directory.i18n import gettext as _

if TYPE_CHECKING:
    from directory.profiles.private import ProfilePrivate


# Permission answers of the current request (see ProfileEditor.authorize); None outside one.
_checked: ContextVar[dict[tuple[str, str, str, bool], tuple[str, ProfilePrivate]] | None] = \
    ContextVar("profile_permission_checks", default=None)


@contextmanager
def one_check_per_request() -> Iterator[None]:
    """Around one request: each permission is looked up once (the web app's middleware)."""
    token = _checked.set({})
    try:
        yield
    finally:
        _checked.reset(token)


def forget_checks() -> None:
    """After a write: roles or the profile may have changed, so ask again."""
    memo = _checked.get()
    if memo is not None:
        memo.clear()


class TeamAccess:
    access: Collection
    accounts: AccountService
    db: Database

    if TYPE_CHECKING:  # provided by ProfileEditor
        async def require_manage(self, user: User | None, kind: str, slug: str) -> str: ...

        async def patch(self, user: User, kind: str, slug: str, changes: dict[str, Any],
                        detail: Any = None) -> list[str]: ...

    async def invite(self, user: User, kind: str, slug: str, email: str) -> str:
        await self.require_manage(user, kind, slug)
        if kind == "talent":
            raise InvalidInput([FieldError("email", _("profil talenta hanya dimiliki satu "
                                                      "orang; tidak ada editor"))])
        from directory.accounts.service import check_email, normalise_email
        email = normalise_email(email)
        errors = check_email(email)
        if errors:
            raise InvalidInput(errors)
        return await self.accounts.issue("invite", timedelta(days=INVITE_DAYS), kind=kind,
                                         slug=slug, email=email, by=user.id)

    async def invitation(self, token: str) -> TokenDataPrivate | None:
        return await self.accounts.peek("invite", token)

    async def accept_invite(self, user: User, token: str) -> TokenDataPrivate:
        data = await self.accounts.peek("invite", token)
        if data is None:
            raise InvalidInput([FieldError("token", _("undangan tidak berlaku atau sudah "
                                                      "dipakai"))])
        if data["email"] != user.email:
            raise Forbidden(_("Undangan ini untuk %(email)s. Masuklah dengan akun itu.")
                            % {"email": data["email"]})
        if await self.accounts.redeem("invite", token) is None:
            raise InvalidInput([FieldError("token", _("undangan sudah dipakai"))])
        return await self._join(user, data)

    async def accept_invite_id(self, user: User, invite_id: str) -> TokenDataPrivate | None:
        """The invitation a verified sign-up carried: accepted with no second click when it is
        still open and names the user's address; None otherwise (revoked, used, expired)."""
        open_ = [i for i in await self.accounts.pending("invite", email=user.email)
                 if i["id"] == invite_id]
        if not open_ or await self.accounts.redeem_id("invite", invite_id,
                                                      email=user.email) is None:
            return None
        return await self._join(user, open_[0])

    async def invitations(self, user: User, kind: str, slug: str
                          ) -> list[PendingTokenPrivate]:
        """The profile's open invitations (owners and curators)."""
        await self.require_manage(user, kind, slug)
        return await self.accounts.pending("invite", kind=kind, slug=slug)

    async def revoke_invitation(self, user: User, kind: str, slug: str, invite_id: str
                                ) -> TokenDataPrivate:
        """The link stops working at once; refused for another profile's invitation."""
        await self.require_manage(user, kind, slug)
        data = await self.accounts.redeem_id("invite", invite_id, kind=kind, slug=slug)
        if data is None:
            raise NotFound("invitation")
        await self.audit_team(user, kind, slug, "invitation_revoked")
        return data

    async def resend_invitation(self, user: User, kind: str, slug: str, invite_id: str
                                ) -> tuple[str, str]:
        """A fresh link (7 more days) for the same address; the old link stops working.
        Returns (email, new token)."""
        data = await self.revoke_invitation(user, kind, slug, invite_id)
        return data["email"], await self.invite(user, kind, slug, data["email"])

    async def _join(self, user: User, data: TokenDataPrivate) -> TokenDataPrivate:
        await self.access.update_one(
            {"kind": data["kind"], "slug": data["slug"], "user_id": user.id},
            {"$setOnInsert": {"role": "editor", "since": now()}}, upsert=True)
        forget_checks()
        await self.audit_team(user, data["kind"], data["slug"], "editor_added")
        return data

    async def remove_member(self, user: User, kind: str, slug: str, user_id: str) -> None:
        await self.require_manage(user, kind, slug)
        grant = await self.access.find_one({"kind": kind, "slug": slug, "user_id": user_id})
        if grant is None:
            raise NotFound("team member")
        if grant["role"] == "owner":
            raise Forbidden(_("Pemilik tidak dapat dihapus; alihkan kepemilikan terlebih "
                              "dahulu."))
        await self.access.delete_one({"_id": grant["_id"]})
        forget_checks()
        await self.audit_team(user, kind, slug, "editor_removed")

    async def transfer(self, user: User, kind: str, slug: str, to_user_id: str) -> None:
        """The new owner must already be on the team; the old owner stays as an editor
        (organizations) or leaves (talents, which have exactly one person)."""
        await self.require_manage(user, kind, slug)
        target = await self.access.find_one({"kind": kind, "slug": slug, "user_id": to_user_id})
        if target is None:
            raise InvalidInput([FieldError("user_id", _("harus anggota tim profil ini"))])
        async def work(session: Session) -> None:
            if kind == "talent":
                await self.access.delete_many({"kind": kind, "slug": slug,
                                               "role": "owner"}, session=session)
            else:
                await self.access.update_many({"kind": kind, "slug": slug, "role": "owner"},
                                              {"$set": {"role": "editor"}}, session=session)
            await self.access.update_one({"_id": target["_id"]},
                                         {"$set": {"role": "owner"}}, session=session)

        await in_transaction(self.db.client, work)
        forget_checks()
        await self.audit_team(user, kind, slug, "ownership_transferred")

    async def owned_slugs(self, kind: str, slugs: list[str]) -> set[str]:
        """Which of these profiles have an owner (claims, the verification queue)."""
        return {a["slug"] async for a in self.access.find(
            {"kind": kind, "slug": {"$in": slugs}, "role": "owner"}, {"slug": 1})}

    async def owner_grants(self, kind: str) -> list[tuple[str, str]]:
        """(slug, user id) of every owner grant of a kind (the quarterly reminders)."""
        return [(g["slug"], g["user_id"]) async for g in self.access.find(
            {"kind": kind, "role": "owner"}, {"slug": 1, "user_id": 1})]

    async def revoke_all(self, kind: str, slug: str) -> None:
        """Nobody manages the profile any more (a talent claimed by its real person)."""
        await self.access.delete_many({"kind": kind, "slug": slug})
        forget_checks()

    async def move_team(self, kind: str, keep: str, other: str, session: Session) -> None:
        """A merge: the merged-away profile's team joins the kept one (one owner stays owner;
        a talent keeps exactly one person)."""
        on_keep = {g["user_id"]: g async for g in self.access.find({"kind": kind, "slug": keep},
                                                                  session=session)}
        has_owner = any(g["role"] == "owner" for g in on_keep.values())
        async for grant in self.access.find({"kind": kind, "slug": other}, session=session):
            if grant["user_id"] not in on_keep and not (kind == "talent" and has_owner):
                role = grant["role"] if not (has_owner and grant["role"] == "owner") else "editor"
                await self.access.insert_one({"kind": kind, "slug": keep,
                                              "user_id": grant["user_id"], "role": role,
                                              "since": now()}, session=session)
        await self.access.delete_many({"kind": kind, "slug": other}, session=session)

    async def grant_owner(self, user_id: str, kind: str, slug: str) -> None:
        """Curators approving a claim; the profile keeps its other editors."""
        await self.access.update_one({"kind": kind, "slug": slug, "user_id": user_id},
                                     {"$set": {"role": "owner", "since": now()}}, upsert=True)
        forget_checks()

    async def audit_team(self, user: User, kind: str, slug: str, action: str) -> None:
        await audit.record(self.db, user, action, kind=kind, slug=slug)
