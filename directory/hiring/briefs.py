"""Project briefs: a client (signed in, email verified) describes a project once; the directory
scores every published profile against it (directory.hiring.matching), proposes teams when no
one covers every need (directory.hiring.teams) and sends it to the best profiles that accept
briefs. They answer `interested` (with a note) or `declined`; the client chooses whom to talk to.

State of a brief: `open` → `answered` (a first answer came) → `chosen` (the client chose at
least one interested profile) → `closed` (the client or a curator closed it).

Contact details are exchanged only between a client and a profile that is interested *and*
chosen: then the client sees that profile's private contact and the profile's people see the
client's email. Nobody else ever does — not other profiles, not visitors of a public brief,
not curators (they see the states and the outcome).

Candidates are read from MongoDB, not from Meilisearch: routing decides who receives a client's
project, so it must see the source of truth at once (an opt-out or a profile hidden a second
ago), and it needs fields the search index does not hold (`accepts_briefs`,
`min_budget_idr`, members, affiliations, portfolio addresses). The query only narrows to
published profiles that can cover a need (an index on services/roles is not needed at this
directory's size: a few thousand profiles); scoring stays in Python, pure.

`ON_CHOSEN` (and a service's own `on_chosen`, where the app registers engagements) are the
hook points of a choice: each callback runs inside the transaction that records the client's
choice, as `await callback(brief, answer, session)`; an exception aborts the choice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict
from datetime import timedelta
from typing import Any, cast

from bson import ObjectId
from bson.errors import InvalidId

from directory.accounts import throttles as attempts
from directory.accounts.service import User, now
from directory.db import Client, Database, Session, in_transaction
from directory.errors import FieldError, Forbidden, InvalidInput, NotFound, TooManyAttempts
from directory.hiring import brief_input, matching, teams
from directory.hiring.brief_shapes import (
    BriefAnswerPrivate,
    BriefCreate,
    BriefPrivate,
    BriefStatesPrivate,
    BriefSummaryPrivate,
    BriefViewPrivate,
    CandidatePublic,
    MatchStored,
    ProfileBriefPrivate,
    ReasonStored,
    TeamStored,
)
from directory.hiring.documents import Brief, BriefAnswer
from directory.i18n import gettext as _
from directory.profiles.documents import MODEL_BY_KIND

OnChosen = Callable[[BriefPrivate, BriefAnswerPrivate, Session], Awaitable[None]]
ON_CHOSEN: list[OnChosen] = []
LIMIT_WINDOW = timedelta(hours=24)
MAX_PER_USER = 5
MAX_PER_IP = 10
KEPT_MATCHES = 20
PROFILE_FIELDS = ("kind", "slug", "name", "status", "services", "roles", "platforms",
                  "portfolio", "accepting_projects", "availability", "min_budget_idr",
                  "languages", "verified", "accepts_briefs", "members", "affiliations",
                  "communities")
ANSWERS = ("interested", "declined")


def _oid(brief_id: str) -> ObjectId:
    try:
        return ObjectId(brief_id)
    except (InvalidId, TypeError):
        raise NotFound("brief") from None


def _known_kind(kind: str) -> None:
    if kind not in MODEL_BY_KIND:
        raise InvalidInput([FieldError("kind", _("organization atau talent"))], status=422)


def match_doc(m: matching.Match, routed: bool) -> MatchStored:
    return {"kind": m.kind, "slug": m.slug, "name": m.name, "score": m.score,
            "reasons": [cast(ReasonStored, asdict(r)) for r in m.reasons], "routed": routed}


def team_doc(team: teams.Team) -> TeamStored:
    return {"members": [{"kind": r.match.kind, "slug": r.match.slug, "name": r.match.name,
                         "brings": list(r.brings), "lead": i == 0}
                        for i, r in enumerate(team.members)],
            "links": [{"a": link.a, "b": link.b, "reason": link.reason} for link in team.links],
            "min_budget_idr": team.min_budget_idr}


class BriefService:
    def __init__(self, client: Client, db: Database, usd_to_idr: int,
                 people: Callable[[str, str], Awaitable[list[tuple[str, str]]]],
                 edit_role: Callable[[User, str, str], Awaitable[str]]) -> None:
        """`people(kind, slug)`: (email, language) of a profile's owners and editors;
        `edit_role(user, kind, slug)`: their role on it, or Forbidden."""
        self.client, self.db, self.usd_to_idr = client, db, usd_to_idr
        self.briefs, self.answers = db[Brief.Settings.name], db[BriefAnswer.Settings.name]
        self.people, self.edit_role = people, edit_role
        self.on_chosen: list[OnChosen] = []  # this service's hooks (engagements), after ON_CHOSEN

    # --- posting and matching ---------------------------------------------------------------

    def needs(self, brief: BriefCreate) -> matching.Needs:
        return matching.Needs(
            services=tuple(brief["services"]), roles=tuple(brief["roles"]),
            platforms=tuple(brief["platforms"]), languages=tuple(brief["languages"]),
            budget_idr=brief_input.budget_in_idr(brief, self.usd_to_idr))

    async def candidates(self, needs: matching.Needs) -> list[CandidatePublic]:
        """Published profiles able to cover a need: PROFILE_FIELDS only (no private field)."""
        services = set(needs.services) | {matching.ROLE_SERVICE[r] for r in needs.roles
                                          if r in matching.ROLE_SERVICE}
        roles = set(needs.roles) | {r for r, s in matching.ROLE_SERVICE.items()
                                    if s in needs.services}
        found: list[CandidatePublic] = []
        for kind, field, codes in (("organization", "services", services),
                                   ("talent", "roles", roles)):
            if not codes:
                continue
            cursor = self.db[MODEL_BY_KIND[kind].Settings.name].find(
                {"status": "published", field: {"$in": sorted(codes)}},
                {name: 1 for name in PROFILE_FIELDS if name != "kind"})
            found += [cast(CandidatePublic, {**doc, "kind": kind}) async for doc in cursor]
        return found

    async def match(self, brief: BriefCreate
                    ) -> tuple[list[matching.Match], list[teams.Team]]:
        needs = self.needs(brief)
        ranked = matching.rank(needs, await self.candidates(needs))
        return ranked, teams.assemble(needs, [m for m in ranked if m.accepts_briefs])

    async def post(self, user: User, data: dict[str, Any], ip: str) -> BriefPrivate:
        """Validates, throttles, matches and stores a brief with its routed answers (one
        transaction); returns it (`routed`: the answers created, for the emails)."""
        if not user.verified:
            raise Forbidden(_("Verifikasi email Anda dulu sebelum mengirim brief."))
        valid = brief_input.validate(data)
        keys = [(f"brief-user:{user.id}", MAX_PER_USER), (f"brief-ip:{ip}", MAX_PER_IP)]
        if await attempts.reserve(self.db, keys, LIMIT_WINDOW) is None:
            raise TooManyAttempts(_("Terlalu banyak brief dalam 24 jam terakhir. Silakan coba "
                                    "lagi besok."), retry_after=3600)
        ranked, proposed = await self.match(valid)
        routed = matching.route(ranked, valid["route_count"])
        chosen_keys = {m.key for m in routed}
        stored: BriefPrivate = {
            **valid, "_id": ObjectId(), "client_id": user.id, "client_email": user.email,
            "client_lang": user.lang, "status": "open", "created_at": now(), "chosen": [],
            "matches": [match_doc(m, m.key in chosen_keys) for m in ranked[:KEPT_MATCHES]],
            "teams": [team_doc(t) for t in proposed]}

        async def work(session: Session) -> list[BriefAnswerPrivate]:
            await self.briefs.insert_one(dict(stored), session=session)
            return [await self._route(stored, m.kind, m.slug, m.name, "match", session)
                    for m in routed]

        stored["routed"] = await in_transaction(self.client, work)
        return stored

    async def _route(self, brief: BriefPrivate, kind: str, slug: str, name: str, via: str,
                     session: Session) -> BriefAnswerPrivate:
        answer: BriefAnswerPrivate = {"brief_id": str(brief["_id"]), "kind": kind, "slug": slug,
                  "profile_name": name, "state": "routed", "note": "", "chosen": False,
                  "via": via, "routed_at": now()}
        result = await self.answers.insert_one(dict(answer), session=session)
        answer["_id"] = result.inserted_id
        return answer

    async def send_to_team(self, user: User, brief_id: str, index: int
                           ) -> list[BriefAnswerPrivate]:
        """Sends the brief to every member of proposed team `index` it was not sent to yet;
        returns the new answers (for the emails)."""
        brief = await self._own(user, brief_id)
        if brief["status"] == "closed":
            raise InvalidInput([FieldError("team", _("brief ini sudah ditutup"))])
        if not 0 <= index < len(brief.get("teams", [])):
            raise InvalidInput([FieldError("team", _("tim tidak dikenal"))])
        members = brief["teams"][index]["members"]

        async def work(session: Session) -> list[BriefAnswerPrivate]:
            new = []
            for m in members:
                if not await self.answers.find_one({"brief_id": brief_id, "kind": m["kind"],
                                                    "slug": m["slug"]}, session=session):
                    new.append(await self._route(brief, m["kind"], m["slug"], m["name"],
                                                 "team", session))
            return new

        return await in_transaction(self.client, work)

    async def recipients(self, answer: BriefAnswerPrivate) -> list[tuple[str, str]]:
        """(email, language) of the people of a profile a brief was sent to; a profile nobody
        has claimed yet, its own contact email, in Indonesian."""
        people = await self.people(answer["kind"], answer["slug"])
        if people:
            return people
        doc = await self.db[MODEL_BY_KIND[answer["kind"]].Settings.name].find_one(
            {"slug": answer["slug"]}, {"contact.email": 1})
        email = ((doc or {}).get("contact") or {}).get("email")
        return [(email, "id")] if email else []

    # --- reading ----------------------------------------------------------------------------

    async def get(self, brief_id: str) -> BriefPrivate:
        brief = await self.briefs.find_one({"_id": _oid(brief_id)})
        if brief is None:
            raise NotFound("brief")
        return cast(BriefPrivate, brief)  # as `post` (or the demo seed) stores it

    async def _own(self, user: User, brief_id: str) -> BriefPrivate:
        brief = await self.get(brief_id)
        if brief["client_id"] != user.id:
            raise Forbidden(_("Hanya klien pemilik brief ini yang dapat melakukannya."))
        return brief

    async def answers_of(self, brief_id: str) -> list[BriefAnswerPrivate]:
        cursor = self.answers.find({"brief_id": brief_id}).sort([("routed_at", 1), ("slug", 1)])
        return [cast(BriefAnswerPrivate, doc) async for doc in cursor]

    async def contact_of(self, kind: str, slug: str) -> dict[str, str]:
        doc = await self.db[MODEL_BY_KIND[kind].Settings.name].find_one(
            {"slug": slug}, {"contact": 1})
        return dict((doc or {}).get("contact") or {})

    async def view(self, viewer: User | None, brief_id: str) -> BriefViewPrivate:
        """What `viewer` may see of a brief: `role` is client, profile (people of a profile it
        was sent to: `mine` their answers, `client_email` once chosen), curator or public
        (a public brief's description only); a private brief is NotFound for anyone else."""
        brief = await self.get(brief_id)
        answers = await self.answers_of(brief_id)
        out: BriefViewPrivate = {"role": "public", "brief": brief, "answers": [], "mine": [],
                                 "contacts": {}, "client_email": None}
        if viewer is not None and viewer.id == brief["client_id"]:
            out["role"], out["answers"] = "client", answers
            for a in answers:
                if a["state"] == "interested" and a["chosen"]:
                    out["contacts"][f"{a['kind']}/{a['slug']}"] = await self.contact_of(
                        a["kind"], a["slug"])
            return out
        mine = await self._mine(viewer, answers)
        if mine:
            out["role"], out["mine"] = "profile", mine
            if any(a["state"] == "interested" and a["chosen"] for a in mine):
                out["client_email"] = brief["client_email"]
            return out
        if viewer is not None and viewer.is_staff:
            out["role"], out["answers"] = "curator", answers
            return out
        if brief["visibility"] == "public":
            out["role"] = "public"
            return out
        raise NotFound("brief")

    async def _mine(self, viewer: User | None, answers: list[BriefAnswerPrivate]
                    ) -> list[BriefAnswerPrivate]:
        if viewer is None:
            return []
        mine = []
        for a in answers:
            try:
                role = await self.edit_role(viewer, a["kind"], a["slug"])
            except (Forbidden, NotFound):
                continue
            if role in ("owner", "editor"):  # a curator's general right is not theirs
                mine.append(a)
        return mine

    async def of_client(self, user: User) -> list[BriefSummaryPrivate]:
        cursor = self.briefs.find({"client_id": user.id}, {"matches": 0, "teams": 0})
        return [cast(BriefSummaryPrivate, doc)
                async for doc in cursor.sort("created_at", -1).limit(200)]

    async def for_profile(self, kind: str, slug: str) -> list[ProfileBriefPrivate]:
        """The briefs sent to a profile, newest first, each with the profile's answer."""
        out: list[ProfileBriefPrivate] = []
        async for a in self.answers.find({"kind": kind, "slug": slug}).sort("routed_at", -1):
            brief = await self.briefs.find_one({"_id": _oid(a["brief_id"])},
                                               {"matches": 0, "teams": 0, "client_email": 0})
            if brief:
                out.append({"brief": cast(BriefSummaryPrivate, brief),
                            "answer": cast(BriefAnswerPrivate, a)})
        return out

    async def all(self, limit: int = 200) -> list[BriefStatesPrivate]:
        """Curators: every brief with its state and answer counts (no contact details)."""
        out: list[BriefStatesPrivate] = []
        cursor = self.briefs.find({}, {"matches": 0, "teams": 0, "client_email": 0})
        async for brief in cursor.sort("created_at", -1).limit(limit):
            states: dict[str, int] = {}
            async for a in self.answers.find({"brief_id": str(brief["_id"])}, {"state": 1}):
                states[a["state"]] = states.get(a["state"], 0) + 1
            out.append({"brief": cast(BriefSummaryPrivate, brief), "states": states})
        return out

    # --- answers, choice, closing -----------------------------------------------------------

    async def answer(self, user: User, brief_id: str, kind: str, slug: str,
                     data: Mapping[str, Any]) -> BriefAnswerPrivate:
        """A profile's answer (its owners and editors): `interested` with a note of 10–1000
        characters, or `declined` (a note optional). Once chosen, the answer stays."""
        _known_kind(kind)
        if await self.edit_role(user, kind, slug) not in ("owner", "editor"):
            raise Forbidden(_("Hanya pemilik dan editor profil yang dapat menjawab brief."))
        brief = await self.get(brief_id)
        found = await self.answers.find_one({"brief_id": brief_id, "kind": kind,
                                             "slug": slug})
        if found is None:
            raise NotFound("brief")
        current = cast(BriefAnswerPrivate, found)
        state = data.get("answer")
        note = data.get("note") or ""
        errors = []
        if state not in ANSWERS:
            errors.append(FieldError("answer", _("pilih tertarik atau tidak cocok")))
        if not isinstance(note, str):
            errors.append(FieldError("note", _("harus berupa teks")))
            note = ""
        note = note.strip()
        if state == "interested" and not 10 <= len(note) <= 1000:
            errors.append(FieldError("note", _("tulis catatan singkat, 10–1000 karakter")))
        elif len(note) > 1000:
            errors.append(FieldError("note", _("maksimal 1000 karakter")))
        if brief["status"] == "closed":
            errors.append(FieldError("answer", _("brief ini sudah ditutup")))
        elif current["chosen"]:
            errors.append(FieldError("answer", _("klien sudah memilih Anda; jawaban tetap")))
        if errors:
            raise InvalidInput(errors, title="Invalid answer", status=422)
        answered: BriefAnswerPrivate = {**current, "state": str(state), "note": note,
                                        "answered_at": now(), "by": user.id}
        update = {"state": answered["state"], "note": note, "answered_at": answered["answered_at"],
                  "by": user.id}

        async def work(session: Session) -> None:  # the answer and the brief's state together
            await self.answers.update_one({"_id": current["_id"]}, {"$set": update},
                                          session=session)
            await self.briefs.update_one({"_id": brief["_id"], "status": "open"},
                                         {"$set": {"status": "answered"}}, session=session)

        await in_transaction(self.client, work)
        return answered

    async def choose(self, user: User, brief_id: str, kind: str, slug: str
                     ) -> BriefAnswerPrivate:
        """The client chooses an interested profile: contacts are exchanged from now on.
        Returns the answer (for the email to the profile)."""
        _known_kind(kind)
        brief = await self._own(user, brief_id)
        found = await self.answers.find_one({"brief_id": brief_id, "kind": kind, "slug": slug})
        if found is None or found["state"] != "interested":
            raise InvalidInput([FieldError("profile", _("hanya profil yang tertarik dapat "
                                                        "dipilih"))], status=422)
        if brief["status"] == "closed":
            raise InvalidInput([FieldError("profile", _("brief ini sudah ditutup"))], status=422)

        answer = cast(BriefAnswerPrivate, found)

        async def work(session: Session) -> BriefAnswerPrivate:
            await self.answers.update_one({"_id": answer["_id"]},
                                          {"$set": {"chosen": True, "chosen_at": now()}},
                                          session=session)
            await self.briefs.update_one(
                {"_id": brief["_id"]},
                {"$set": {"status": "chosen"}, "$addToSet": {"chosen": f"{kind}/{slug}"}},
                session=session)
            chosen: BriefAnswerPrivate = {**answer, "chosen": True}
            for callback in (*ON_CHOSEN, *self.on_chosen):
                await callback(brief, chosen, session)
            return chosen

        return await in_transaction(self.client, work)

    async def close(self, user: User, brief_id: str) -> None:
        """The client (or a curator) closes a brief: no more answers or choices."""
        brief = await self.get(brief_id)
        if brief["client_id"] != user.id and not user.is_staff:
            raise Forbidden(_("Hanya klien pemilik brief ini yang dapat melakukannya."))
        await self.briefs.update_one({"_id": brief["_id"]},
                                     {"$set": {"status": "closed", "closed_at": now(),
                                               "outcome": "chosen" if brief["chosen"]
                                               else "none_chosen"}})
