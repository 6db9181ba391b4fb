"""Programmes: create and edit (curators, or the owners of the organizing organization), the
public list (filters, upcoming and open calls first, pages) and the public programme.

Participations (claims, applications, decisions) are in `participation.py`; both write only
the programmes package's own collections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, cast

from pymongo.errors import DuplicateKeyError

from directory import audit
from directory.accounts.service import User, now
from directory.db import Database, Session, in_transaction
from directory.errors import FieldError, Forbidden, InvalidInput, NotFound
from directory.i18n import LANGUAGES
from directory.i18n import gettext as _
from directory.profiles.editing import ProfileEditor
from directory.profiles.private import MyProfile
from directory.profiles.public import profile_path
from directory.programmes.documents import Participation, Programme
from directory.programmes.shapes import (
    Participant,
    ProgrammeCreate,
    ProgrammeFilters,
    ProgrammeList,
    ProgrammePrivate,
    ProgrammePublic,
    ProgrammeSummary,
    public,
    summary,
)
from directory.programmes.validation import (
    FIELDS,
    PROGRAMME_KINDS,
    slug_for,
    today,
    validate_programme,
)
from directory.taxonomy import SUBSECTORS

PER_PAGE = 20
MAX_PER_PAGE = 100
LIST_CAP = 5000  # programmes sorted in memory: a city runs dozens a year, not thousands
CARD_FIELDS = {"slug": 1, "name": 1, "headline": 1, "subsectors": 1}


def parse_filters(params: dict[str, list[str]], *, strict: bool) -> ProgrammeFilters:
    """`kind`, `subsector`, `year`, `page`, `per_page` of the list. `strict` (the API): an
    unknown value or name is an error naming the parameter; the page ignores what it cannot
    read (a hand-edited address still shows the list)."""
    errors: list[FieldError] = []
    out: ProgrammeFilters = {"kind": None, "subsector": None, "year": None, "page": 1,
                             "per_page": PER_PAGE}
    known = {"kind", "subsector", "year", "page", "per_page", "lang"}
    for name, values in params.items():
        if name not in known:
            errors.append(FieldError(name, _("parameter tidak dikenal")))
            continue
        if len(values) > 1:
            errors.append(FieldError(name, _("hanya satu nilai")))
            continue
        value = values[0].strip() if values else ""
        if name == "lang" and value not in (*LANGUAGES, ""):
            errors.append(FieldError(name, _("harus 'id' atau 'en'")))
        if name == "lang" or (value == "" and name in ("kind", "subsector")):
            continue  # an empty choice (what a form sends) is no filter
        if name == "kind" and value not in PROGRAMME_KINDS:
            errors.append(FieldError(name, _("jenis program tidak dikenal")))
        elif name == "subsector" and value not in SUBSECTORS:
            errors.append(FieldError(name, _("subsektor tidak dikenal")))
        elif name == "year" and not (value.isdigit() and len(value) == 4
                                     and 2000 <= int(value) <= 2100):
            errors.append(FieldError(name, _("tahun 2000–2100")))
        elif name == "page" and not (value.isdigit() and 1 <= int(value) <= 10_000):
            errors.append(FieldError(name, _("bilangan bulat 1–10000")))
        elif name == "per_page" and not (value.isdigit() and 1 <= int(value) <= MAX_PER_PAGE):
            errors.append(FieldError(name, _("bilangan bulat 1–100")))
        elif name == "kind":
            out["kind"] = value
        elif name == "subsector":
            out["subsector"] = value
        elif name == "year":
            out["year"] = int(value)
        elif name == "page":
            out["page"] = int(value)
        else:
            out["per_page"] = int(value)
    if errors and strict:
        raise InvalidInput(errors, title="Invalid programme parameters")
    return out


def order(doc: dict[str, Any], day: str) -> tuple[int, int]:
    """Open calls first (nearest deadline), then upcoming or running programmes (soonest
    first), then past ones (most recent first)."""
    if doc.get("kind") == "open_call" and (doc.get("deadline") or "") >= day:
        return 0, date.fromisoformat(doc["deadline"]).toordinal()
    starts = date.fromisoformat(doc["starts_on"]).toordinal()
    if (doc.get("ends_on") or doc["starts_on"]) >= day:
        return 1, starts
    return 2, -starts


class ProgrammeService:
    def __init__(self, db: Database, editor: ProfileEditor) -> None:
        self.db = db
        self.editor = editor
        self.profiles = editor.profiles
        self.programmes = db[Programme.Settings.name]
        self.participations = db[Participation.Settings.name]

    # --- permissions ----------------------------------------------------------------------

    async def owned_organizations(self, user: User) -> list[MyProfile]:
        """Organizations the user owns: the organizers they may name."""
        return [p for p in await self.editor.mine(user)
                if p["kind"] == "organization" and p["role"] == "owner"]

    async def may_run(self, user: User | None, doc: ProgrammePrivate) -> bool:
        """Curators, and the owners of the organizing organization."""
        if user is None:
            return False
        if user.is_staff:
            return True
        slug = doc.get("organizer_slug")
        if not slug:
            return False
        return await self.editor.role(user, "organization", str(slug)) == "owner"

    async def may_create(self, user: User) -> bool:
        return user.is_staff or bool(await self.owned_organizations(user))

    # --- writing --------------------------------------------------------------------------

    async def _checked(self, user: User, form: dict[str, list[str]]) -> ProgrammeCreate:
        values = validate_programme(form)
        slug = values["organizer_slug"]
        if slug:
            if not await self.profiles.public_names("organization", [slug]):
                raise InvalidInput([FieldError("organizer_slug", _(
                    "tidak ada organisasi terbit dengan alamat ini"))], title="Invalid programme")
            if not user.is_staff and await self.editor.role(user, "organization", slug) \
                    != "owner":
                raise InvalidInput([FieldError("organizer_slug", _(
                    "Anda hanya dapat memilih organisasi yang Anda miliki"))],
                    title="Invalid programme")
        elif not user.is_staff:
            raise InvalidInput([FieldError("organizer_slug", _(
                "pilih organisasi Anda sebagai penyelenggara"))], title="Invalid programme")
        return values

    async def create(self, user: User, form: dict[str, list[str]]) -> str:
        if not await self.may_create(user):
            raise Forbidden(_("Hanya kurator dan pemilik organisasi yang dapat membuat program."))
        values = await self._checked(user, form)
        base = slug_for(values["title"], values["starts_on"])
        stamp = now()
        for n in range(1, 50):
            slug = base if n == 1 else f"{base}-{n}"
            doc: ProgrammePrivate = {**values, "slug": slug, "created_at": stamp,
                                     "updated_at": stamp, "created_by": user.id}

            async def work(session: Session, doc: ProgrammePrivate = doc) -> None:
                await self.programmes.insert_one(dict(doc), session=session)
                await audit.record(self.db, user, "programme_created", detail=doc["slug"],
                                   session=session)
            try:
                await in_transaction(self.profiles.mongo, work)
            except DuplicateKeyError:
                continue
            return slug
        raise InvalidInput([FieldError("title", _("judul ini sudah dipakai terlalu sering"))],
                           title="Invalid programme")

    async def update(self, user: User, slug: str, form: dict[str, list[str]]) -> None:
        doc = await self.stored(slug)
        if not await self.may_run(user, doc):
            raise Forbidden(_("Hanya kurator dan pemilik organisasi penyelenggara yang dapat "
                              "mengubah program ini."))
        values = await self._checked(user, form)

        async def work(session: Session) -> None:
            await self.programmes.update_one({"slug": slug},
                                             {"$set": {**values, "updated_at": now()}},
                                             session=session)
            await audit.record(self.db, user, "programme_edited", detail=slug, session=session)
        await in_transaction(self.profiles.mongo, work)

    async def load_seed(self, rows: list[dict[str, Any]]) -> int:
        """The seed data's programmes (seeds/programmes.jsonl), validated like the form, with
        their confirmed participants that exist; re-running adds nothing."""
        added = 0
        for row in rows:
            form = {k: (v if isinstance(v, list) else [str(v)]) for k, v in row.items()
                    if k in FIELDS}
            values = validate_programme({"organizer_slug": [""], "deadline": [""], **form})
            stamp = now()
            result = await self.programmes.update_one({"slug": row["slug"]}, {"$setOnInsert": {
                **values, "slug": row["slug"], "created_at": stamp, "updated_at": stamp,
                "created_by": "seed"}}, upsert=True)
            added += result.upserted_id is not None
            known = await self.profiles.public_names("organization", row["participants"])
            for slug in known:
                await self.participations.update_one(
                    {"programme": row["slug"], "kind": "organization", "slug": slug},
                    {"$setOnInsert": {"status": "confirmed", "by": "seed", "at": stamp}},
                    upsert=True)
        return added

    # --- reading --------------------------------------------------------------------------

    async def stored(self, slug: str) -> ProgrammePrivate:
        doc = await self.programmes.find_one({"slug": slug})
        if doc is None:
            raise NotFound(f"programme {slug!r}")
        return cast(ProgrammePrivate, doc)  # as `create` and `load_seed` store it

    def form_of(self, doc: ProgrammePrivate) -> dict[str, list[str]]:
        """A stored programme as its edit form's values."""
        form = {name: [str(doc.get(name) or "")] for name in FIELDS if name != "subsectors"}
        return {**form, "subsectors": list(doc.get("subsectors", []))}

    async def _names(self, docs: Sequence[Mapping[str, Any]]) -> dict[str, str]:
        return await self.profiles.public_names(
            "organization", sorted({d["organizer_slug"] for d in docs
                                    if d.get("organizer_slug")}))

    async def listing(self, filters: ProgrammeFilters) -> ProgrammeList:
        query: dict[str, Any] = {}
        if filters["kind"]:
            query["kind"] = filters["kind"]
        if filters["subsector"]:
            query["subsectors"] = filters["subsector"]
        if filters["year"]:
            query["starts_on"] = {"$gte": f"{filters['year']}-01-01",
                                  "$lte": f"{filters['year']}-12-31"}
        fields = {"description": 0, "description_en": 0, "created_by": 0}
        docs = [d async for d in self.programmes.find(query, fields).limit(LIST_CAP)]
        day = today().isoformat()
        docs.sort(key=lambda d: order(d, day))
        page, per_page = filters["page"], filters["per_page"]
        shown = docs[(page - 1) * per_page: page * per_page]
        names = await self._names(shown)
        return ProgrammeList(total=len(docs), page=page, per_page=per_page,
                             items=[summary(d, names, day) for d in shown])

    async def participants(self, slug: str) -> list[Participant]:
        """Confirmed participations of published (or ceased) profiles, as cards."""
        cursor = self.participations.find({"programme": slug, "status": "confirmed"},
                                          {"kind": 1, "slug": 1})
        by_kind: dict[str, list[str]] = {}
        async for p in cursor:
            by_kind.setdefault(p["kind"], []).append(p["slug"])
        out: list[Participant] = []
        for kind, slugs in sorted(by_kind.items()):
            cards = self.profiles.collection(kind).find(
                {"slug": {"$in": slugs}, "status": {"$in": ["published", "ceased"]}},
                CARD_FIELDS).sort("name", 1)
            out += [Participant(kind=kind, slug=c["slug"], name=c["name"],
                                headline=c.get("headline") or "",
                                subsectors=c.get("subsectors", []),
                                url=profile_path(kind, c["slug"])) async for c in cards]
        return out

    async def get_public(self, slug: str) -> ProgrammePublic:
        doc = await self.stored(slug)
        return public(doc, await self._names([doc]), today().isoformat(),
                      await self.participants(slug))

    async def for_profile(self, kind: str, slug: str) -> list[ProgrammeSummary]:
        """The programmes a profile took part in (confirmed only), latest first."""
        cursor = self.participations.find({"kind": kind, "slug": slug, "status": "confirmed"},
                                          {"programme": 1})
        slugs = [p["programme"] async for p in cursor]
        if not slugs:
            return []
        docs = [d async for d in self.programmes.find({"slug": {"$in": slugs}}).sort(
            "starts_on", -1)]
        names, day = await self._names(docs), today().isoformat()
        return [summary(d, names, day) for d in docs]
