"""Self-service maintenance of profiles: who may change what, and every change audited.

Owners and editors edit; owners (and curators) also manage the team, transfer and delete. A
talent profile has exactly one owner and no editors, and a user owns at most one talent profile.
Every write goes through one MongoDB transaction: the profile, its search-outbox entry, its audit
entry and (on creation) the owner's access — all or nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from pymongo.errors import DuplicateKeyError

from directory import audit
from directory.accounts.service import AccountService, User, now
from directory.db import Session, in_transaction, public_reads
from directory.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from directory.i18n import gettext as _
from directory.profiles.documents import ProfileAccess
from directory.profiles.media import ImageMetaPrivate, MediaService
from directory.profiles.private import (
    InterchangePrivate,
    MyProfile,
    PendingLink,
    ProfilePrivate,
    Saved,
    TeamMemberPrivate,
    to_private,
)
from directory.profiles.publishing import check_publish
from directory.profiles.schema import PROFILE_ADAPTER
from directory.profiles.service import ProfileService
from directory.profiles.stored import ProfileInput, stored_form
from directory.profiles.team import TeamAccess, _checked, forget_checks
from directory.profiles.validation import field_errors
from directory.taxonomy import PUBLIC_STATUSES
from search import sync

SERVER_FIELDS = ("created_at", "updated_at")
STAFF_FIELDS = ("verified",)
_NOT_COMPARED = ("_id", "revision_id", "created_at", "updated_at")


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    old = old or {}
    keys = (set(old) | set(new)) - set(_NOT_COMPARED)
    return sorted(k for k in keys if old.get(k) != new.get(k))


@dataclass(frozen=True)
class ProfileWrite:
    """What a write hook learns, inside the write's transaction. `stored` is None for a
    deletion; `detail` carries what the caller adds (e.g. a curator's verification note);
    `previous` is the stored profile before the write (None for a creation)."""
    user: User
    kind: str
    slug: str
    fields: list[str]
    stored: dict[str, Any] | None
    detail: Mapping[str, str] = field(default_factory=dict)
    previous: dict[str, Any] | None = None


WriteHook = Callable[[ProfileWrite, Session], Awaitable[None]]  # inside the write's transaction
WriteCheck = Callable[[User, str, str, ProfileInput], Awaitable[None]]  # before it starts


class ProfileEditor(TeamAccess):
    """The only writer of profiles and their team grants. Packages that keep data about a
    profile (verification, moderation) register a `check` (may refuse a write) or a `hook`
    (runs in the write's transaction) instead of writing here or reading around it."""

    def __init__(self, profiles: ProfileService, accounts: AccountService,
                 media: MediaService) -> None:
        self.profiles = profiles
        self.accounts = accounts
        self.media = media
        self.db = profiles.db
        self.access = self.db[ProfileAccess.Settings.name]
        self.checks: list[WriteCheck] = []
        self.hooks: list[WriteHook] = []

    # --- permissions ----------------------------------------------------------------------

    async def role(self, user: User | None, kind: str, slug: str) -> str | None:
        if user is None:
            return None
        doc = await self.access.find_one({"kind": kind, "slug": slug, "user_id": user.id})
        return doc["role"] if doc else None

    async def require_edit(self, user: User | None, kind: str, slug: str) -> str:
        """The caller's role ('owner', 'editor' or 'curator'); Forbidden otherwise."""
        return (await self.authorize(user, kind, slug))[0]

    async def require_manage(self, user: User | None, kind: str, slug: str) -> str:
        return (await self.authorize(user, kind, slug, manage=True))[0]

    async def authorize(self, user: User | None, kind: str, slug: str, *, manage: bool = False
                         ) -> tuple[str, ProfilePrivate]:
        """The one permission check of a request: NotFound for an unknown profile, Forbidden
        unless the caller edits it (`manage`: owns it, or is a curator). Returns the role and
        the profile as read for the check (an edit page needs both: no second read). Within
        `one_check_per_request` a repeated check (a route's guard, then the service it calls)
        reuses the first answer until the request writes."""
        memo = _checked.get()
        key = (user.id if user else "", kind, slug, manage)
        if memo is not None and key in memo:
            return memo[key]
        answer = await self._authorize(user, kind, slug, manage)
        if memo is not None:
            memo[key] = answer
        return answer

    async def _authorize(self, user: User | None, kind: str, slug: str, manage: bool
                         ) -> tuple[str, ProfilePrivate]:
        profile = await self.private(kind, slug)
        role = await self.role(user, kind, slug)
        if not role:
            if user is None or not user.is_staff:
                raise Forbidden(_("Anda bukan pemilik atau editor profil ini."))
            role = "curator"
        if manage and role == "editor":
            raise Forbidden(_("Hanya pemilik profil yang dapat melakukan ini."))
        return role, profile

    # --- reading --------------------------------------------------------------------------

    async def private(self, kind: str, slug: str) -> ProfilePrivate:
        """The owner's view of the profile (private fields included): editors only."""
        raw = await self.profiles.collection(kind).find_one({"slug": slug})
        if raw is None:
            raise NotFound(f"{kind} {slug!r}")
        return to_private(raw, kind)

    async def current(self, kind: str, slug: str) -> InterchangePrivate:
        """The profile in the interchange format (private fields included): editors only. The
        forms' data, a JSON object keyed by field name; typed code uses `private`."""
        return (await self.private(kind, slug)).interchange()

    async def image(self, user: User | None, file_id: str
                    ) -> tuple[bytes, ImageMetaPrivate, bool]:
        """An image's bytes, metadata and whether it is public (its profile is published);
        the image of an unpublished profile only for its people and curators, else NotFound."""
        data, meta = await self.media.read(file_id)
        kind = meta.get("kind", "organization")
        if await self.profiles.status(kind, meta.get("slug", "")) in PUBLIC_STATUSES:
            return data, meta, True
        if user is None or not (user.is_staff or await self.role(user, kind, meta["slug"])):
            raise NotFound("image")
        return data, meta, False

    async def mine(self, user: User) -> list[MyProfile]:
        out: list[MyProfile] = []
        async for grant in self.access.find({"user_id": user.id}).sort("slug", 1):
            raw = await self.profiles.collection(grant["kind"]).find_one(
                {"slug": grant["slug"]}, {"name": 1, "status": 1, "updated_at": 1})
            if raw:
                out.append({"kind": grant["kind"], "slug": grant["slug"], "role": grant["role"],
                            "name": raw["name"], "status": raw.get("status", "published"),
                            "updated_at": raw.get("updated_at")})
        return out

    async def team(self, kind: str, slug: str) -> list[TeamMemberPrivate]:
        out: list[TeamMemberPrivate] = []
        async for grant in self.access.find({"kind": kind, "slug": slug}):
            user = await self.accounts.get(grant["user_id"])
            if user:
                out.append({"user_id": user.id, "email": user.email, "name": user.name,
                            "role": grant["role"]})
        return sorted(out, key=lambda m: (m["role"] != "owner", m["email"]))

    async def owners_emails(self, kind: str, slug: str) -> list[tuple[str, str]]:
        """(email, language) of the owners and editors (they all read the inbox)."""
        out = []
        async for grant in self.access.find({"kind": kind, "slug": slug}):
            user = await self.accounts.get(grant["user_id"])
            if user:
                out.append((user.email, user.lang))
        return out

    async def pending_links(self, user: User) -> list[PendingLink]:
        """Organizations that list one of the user's talent profiles as a member which the
        talent has not confirmed (by listing the organization among its affiliations)."""
        out: list[PendingLink] = []
        async for grant in self.access.find({"user_id": user.id, "kind": "talent"}):
            talent = await self.profiles.collection("talent").find_one({"slug": grant["slug"]})
            if talent is None:
                continue
            confirmed = {a["organization_slug"] for a in talent.get("affiliations", [])}
            cursor = self.profiles.collection("organization").find(
                {"members.talent_slug": grant["slug"]}, {"slug": 1, "name": 1, "members": 1})
            async for org in cursor:
                if org["slug"] not in confirmed:
                    title = next((m.get("title", "") for m in org["members"]
                                  if m["talent_slug"] == grant["slug"]), "")
                    out.append({"talent": grant["slug"], "organization": org["slug"],
                                "name": org["name"], "title": title})
        return out

    async def accept_membership(self, user: User, talent_slug: str, org_slug: str) -> None:
        """The talent's side of a two-sided membership: list the organization back."""
        _role, profile = await self.authorize(user, "talent", talent_slug)
        current = profile.interchange()
        org = await self.profiles.collection("organization").find_one({"slug": org_slug})
        member = next((m for m in (org or {}).get("members", [])
                       if m["talent_slug"] == talent_slug), None)
        if member is None:
            raise NotFound("membership")
        affiliations = current.get("affiliations", [])
        if any(a["organization_slug"] == org_slug for a in affiliations):
            return
        item = {"organization_slug": org_slug}
        if member.get("title"):
            item["title"] = member["title"]
        await self._save(user, profile, {"affiliations": [*affiliations, item]})

    async def history(self, kind: str, slug: str, limit: int = 100
                      ) -> list[audit.AuditEntryPrivate]:
        return await audit.of_profile(self.db, kind, slug, limit)

    async def last_confirmed(self, kind: str, slug: str) -> datetime | None:
        latest = await audit.of_profile(public_reads(self.db), kind, slug, 1)  # shown publicly
        return latest[0]["at"] if latest else None

    # --- writing --------------------------------------------------------------------------

    def check(self, kind: str, data: dict[str, Any]) -> list[FieldError]:
        """Every validation error of `data` (nothing is written)."""
        try:
            self._validate(kind, data)
        except InvalidInput as exc:
            return exc.errors
        return []

    def _validate(self, kind: str, data: dict[str, Any]) -> ProfileInput:
        try:
            return PROFILE_ADAPTER.validate_python({**data, "kind": kind})
        except ValidationError as exc:
            raise InvalidInput(field_errors(exc), title="Invalid profile", status=422) from exc

    def _guard_fields(self, user: User, given: dict[str, Any], current: dict[str, Any]) -> None:
        errors = [FieldError(k, _("diisi oleh server, tidak dapat diubah"))
                  for k in SERVER_FIELDS if k in given]
        if not user.is_staff:
            errors += [FieldError(k, _("hanya kurator yang dapat mengubah ini"))
                       for k in STAFF_FIELDS if k in given and given[k] != current.get(k, False)]
        if "kind" in given:
            errors.append(FieldError("kind", _("ditentukan oleh alamat, tidak perlu dikirim")))
        if errors:
            raise InvalidInput(errors, title="Invalid profile", status=422)

    async def create(self, user: User, kind: str, data: dict[str, Any]) -> ProfilePrivate:
        """A new profile owned by `user`; `data` is the body (interchange fields, no `kind`)."""
        data = dict(data)
        data.pop("kind", None) if data.get("kind") == kind else None
        self._guard_fields(user, data, {})
        profile = self._validate(kind, data)
        if kind == "talent" and not user.is_staff and await self.access.find_one(
                {"kind": "talent", "user_id": user.id}):
            raise Conflict(_("Anda sudah memiliki profil talenta; satu akun hanya untuk satu "
                             "profil talenta."))
        return (await self._write(user, profile, action="created", create=True)).profile

    async def replace(self, user: User, kind: str, slug: str, data: dict[str, Any]
                      ) -> list[str]:
        """Replace every editable field (the HTML form); returns the changed field names."""
        _role, profile = await self.authorize(user, kind, slug)
        current = profile.interchange()
        data = {k: v for k, v in data.items() if k not in SERVER_FIELDS}
        data.setdefault("verified", current.get("verified", False))
        data["slug"] = slug
        self._guard_fields(user, data, current)
        return (await self._write(user, self._validate(kind, data), action="updated")).changed

    async def patch(self, user: User, kind: str, slug: str, changes: dict[str, Any],
                    detail: Mapping[str, str] | None = None) -> list[str]:
        """Change only the given fields; `null` removes an optional field. Returns the names
        of the changed fields. `detail` reaches the write hooks (e.g. a curator's note)."""
        return (await self.save(user, kind, slug, changes, detail)).changed

    async def save(self, user: User, kind: str, slug: str, changes: dict[str, Any],
                   detail: Mapping[str, str] | None = None) -> Saved:
        """`patch` for the API: one permission check, and the profile as saved (no re-read)."""
        _role, profile = await self.authorize(user, kind, slug)
        return await self._save(user, profile, changes, detail)

    async def _save(self, user: User, profile: ProfilePrivate, changes: dict[str, Any],
                    detail: Mapping[str, str] | None = None) -> Saved:
        kind, slug = profile.kind, profile.slug
        current = profile.interchange()
        if "slug" in changes and changes["slug"] != slug:
            raise InvalidInput([FieldError("slug", _("tidak dapat diubah"))],
                               title="Invalid profile", status=422)
        self._guard_fields(user, changes, current)
        merged = {k: v for k, v in current.items() if k not in SERVER_FIELDS}
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return await self._write(user, self._validate(kind, merged), action="updated",
                                 detail=detail)

    async def set_status(self, user: User, kind: str, slug: str, status: str) -> list[str]:
        changes: dict[str, Any] = {"status": status}
        if status == "published":  # operating (again): the lifecycle fields go
            changes.update(ceased_at=None, ceased_reason=None)
        return await self.patch(user, kind, slug, changes)

    async def confirm(self, user: User, kind: str, slug: str) -> None:
        """'Still accurate': records the confirmation without changing the profile; the search
        document follows (its freshness counts the confirmation: profiles/standing.py)."""
        await self.require_edit(user, kind, slug)

        async def work(session: Session) -> None:
            await audit.record(self.db, user, "confirmed", kind=kind, slug=slug,
                               session=session)
            await sync.record(self.db, [(kind, slug)], session)

        await in_transaction(self.profiles.mongo, work)

    async def delete(self, user: User, kind: str, slug: str) -> None:
        await self.require_manage(user, kind, slug)

        async def work(session: Session) -> None:
            await self.profiles.collection(kind).delete_one({"slug": slug}, session=session)
            await self.access.delete_many({"kind": kind, "slug": slug}, session=session)
            for hook in self.hooks:
                await hook(ProfileWrite(user, kind, slug, [], None), session)
            await sync.record(self.db, [(kind, slug)], session)
            await audit.record(self.db, user, "deleted", kind=kind, slug=slug,
                               session=session)

        await in_transaction(self.profiles.mongo, work)
        forget_checks()
        await self.media.remove_all(kind, slug)
        self.profiles.on_change()

    async def _write(self, user: User, profile: ProfileInput, *, action: str,
                     create: bool = False, detail: Mapping[str, str] | None = None) -> Saved:
        kind, slug = profile.kind, profile.slug
        collection = self.profiles.collection(kind)
        for check in self.checks:
            await check(user, kind, slug, profile)
        async def work(session: Session
                       ) -> tuple[list[str], dict[str, Any], bool]:  # the stored MongoDB document
            old = await collection.find_one({"slug": slug}, session=session)
            if create and old is not None:
                raise Conflict(_("Alamat profil '%(slug)s' sudah dipakai; pilih yang lain.")
                               % {"slug": slug})
            check_publish(user, profile.status, old.get("status", "published") if old else None)
            stored = stored_form(profile, old)
            fields = changed_fields(old, stored)
            if not fields and not create and not detail:
                return fields, stored, False
            if fields or create:
                await collection.replace_one({"slug": slug}, stored, upsert=True,
                                             session=session)
                await sync.record(self.db, [(kind, slug)], session)
                await audit.record(self.db, user, action, kind=kind, slug=slug, fields=fields,
                                   session=session)
            for hook in self.hooks:
                await hook(ProfileWrite(user, kind, slug, fields, stored, detail or {}, old),
                           session)
            if create:
                try:
                    await self.access.insert_one(
                        {"kind": kind, "slug": slug, "user_id": user.id, "role": "owner",
                         "since": now()}, session=session)
                except DuplicateKeyError as exc:  # a stale grant of a deleted profile
                    raise Conflict(str(exc)) from exc
            return fields, stored, True

        # The driver's retry loop: a primary stepping down re-runs `work` (it only writes
        # through the session), an unknown commit result retries the commit.
        fields, stored, wrote = await in_transaction(self.profiles.mongo, work)
        if not wrote:
            return Saved([], to_private(stored, kind))
        forget_checks()
        self.profiles.on_change()
        return Saved(fields, to_private(stored, kind))

