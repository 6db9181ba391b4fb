"""Figures organizations report in confidence: employees, revenue band, share of revenue from
exports.

They live in their own collection, never in a profile document, so they cannot reach profile
pages, the public API, the interchange export or the search index. Per organization only its
owners read and change them; analysts see them only in aggregates over at least MIN_GROUP
reporting organizations — smaller groups are shown as "< 5" with every figure withheld, a
figure reported by fewer than MIN_GROUP of a group's organizations is withheld on its own, and
where groups partition the organizations a lone withheld group takes a second one with it.
"""

from __future__ import annotations

import statistics
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from directory.accounts.service import User
from directory.db import Database
from directory.errors import FieldError, Forbidden, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.documents import Organization
from directory.stats.documents import FIGURES as COLLECTION
from directory.taxonomy import KECAMATAN, ORG_TYPES, REVENUE_BANDS, SUBSECTORS, Vocabulary

if TYPE_CHECKING:
    from directory.profiles.editing import ProfileEditor
MIN_GROUP = 5
MAX_EMPLOYEES = 100_000
GROUPINGS: dict[str, tuple[str, Vocabulary]] = {  # by -> (organization field, vocabulary)
    "subsector": ("subsectors", SUBSECTORS),
    "kecamatan": ("kecamatan", KECAMATAN),
    "org_type": ("org_type", ORG_TYPES),
}


def _whole(raw: str, field: str, low: int, high: int, errors: list[FieldError]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors.append(FieldError(field, _("harus bilangan bulat %(low)s–%(high)s") % {
            "low": low, "high": f"{high:,}".replace(",", ".")}))
        return None
    return int(raw)


def validate(form: dict[str, str]) -> dict[str, Any]:
    errors: list[FieldError] = []
    employees = _whole(form.get("employees", ""), "employees", 0, MAX_EMPLOYEES, errors)
    export_share = _whole(form.get("export_share_pct", ""), "export_share_pct", 0, 100, errors)
    band = form.get("revenue_band", "").strip() or None
    if band is not None and band not in REVENUE_BANDS:
        errors.append(FieldError("revenue_band", _("pilih salah satu rentang omzet")))
    if not errors and employees is None and band is None and export_share is None:
        errors.append(FieldError("employees", _("isi setidaknya satu angka")))
    if errors:
        raise InvalidInput(errors)
    return {"employees": employees, "revenue_band": band, "export_share_pct": export_share}


class ConfidentialFigures:
    def __init__(self, db: Database, editor: ProfileEditor) -> None:
        self.db = db
        self.figures = db[COLLECTION]
        self.editor = editor

    async def hand_over(self, from_slug: str, to_slug: str, session: Any) -> None:
        """A merge: the kept organization keeps its own figures, else takes the other's."""
        if not await self.figures.find_one({"slug": to_slug}, session=session):
            await self.figures.update_one({"slug": from_slug}, {"$set": {"slug": to_slug}},
                                          session=session)
        await self.figures.delete_many({"slug": from_slug}, session=session)

    async def _require_owner(self, user: User | None, slug: str) -> None:
        # one check: 404 for unknown slugs; "curator" (staff without a grant) is not the owner
        if await self.editor.require_edit(user, "organization", slug) != "owner":
            raise Forbidden(_("Angka rahasia hanya dapat dilihat dan diubah pemilik "
                              "organisasi."))

    async def get(self, user: User | None, slug: str) -> dict[str, Any] | None:
        await self._require_owner(user, slug)
        return await self.figures.find_one({"slug": slug}, {"_id": 0})

    async def save(self, user: User, slug: str, form: dict[str, str]) -> dict[str, Any]:
        await self._require_owner(user, slug)
        figures = validate(form)
        doc = {"slug": slug, **figures, "reported_at": datetime.now(UTC),
               "reported_by": user.id}
        await self.figures.replace_one({"slug": slug}, doc, upsert=True)
        return doc

    async def load_seed(self, rows: list[dict[str, Any]]) -> int:
        """Fictional figures for the seed data: only where an organization exists and has none
        yet (re-running changes nothing, and never overwrites what owners reported)."""
        added = 0
        for row in rows:
            figures = validate({k: "" if row.get(k) is None else str(row[k])
                                for k in ("employees", "revenue_band", "export_share_pct")})
            if not await self.db[Organization.Settings.name].count_documents({"slug": row["slug"]}):
                continue
            result = await self.figures.update_one({"slug": row["slug"]}, {"$setOnInsert": {
                "slug": row["slug"], **figures, "reported_at": datetime.now(UTC),
                "reported_by": "seed"}}, upsert=True)
            added += result.upserted_id is not None
        return added

    async def reported_since(self, since: datetime) -> set[str]:
        return {d["slug"] async for d in self.figures.find(
            {"reported_at": {"$gte": since}}, {"slug": 1})}

    async def aggregate(self, by: str | None, lang: str = "id") -> dict[str, Any]:
        """Aggregates over published organizations, per value of `by` (or all together)."""
        if by is not None and by not in GROUPINGS:
            raise InvalidInput([FieldError("by", _("salah satu dari %(values)s")
                                           % {"values": ", ".join(GROUPINGS)})])
        reports = {d["slug"]: d async for d in self.figures.find({}, {"_id": 0})}
        groups: dict[str, list[dict[str, Any]]] = {}
        field = GROUPINGS[by][0] if by else None
        async for org in self.db[Organization.Settings.name].find(
                {"status": "published", "slug": {"$in": list(reports)}},
                {"slug": 1, "subsectors": 1, "kecamatan": 1, "org_type": 1}):
            values = ["all"] if field is None else org.get(field) or []
            for value in [values] if isinstance(values, str) else values:
                groups.setdefault(value, []).append(reports[org["slug"]])
        vocab = GROUPINGS[by][1] if by else None
        rows = []
        for value, members in groups.items():
            label = vocab.label(value, lang) if vocab else _("Semua organisasi")
            rows.append({"value": value, "label": label, **summarise(members)})
        if field is not None and field != "subsectors":
            _complementary_suppression(rows)
        rows.sort(key=lambda r: (r["organizations"] is None, -(r["organizations"] or 0),
                                 r["label"]))
        return {"by": by or "all", "min_group": MIN_GROUP, "rows": rows}


def _complementary_suppression(rows: list[dict[str, Any]]) -> None:
    """Groups that partition the organizations (one kecamatan, one type each) sum to the
    "all organizations" row, so a single withheld group could be recovered by subtraction:
    then the smallest shown group is withheld too."""
    if sum(r["organizations"] is None for r in rows) != 1:
        return
    shown = [r for r in rows if r["organizations"] is not None]
    if shown:
        smallest = min(shown, key=lambda r: (r["organizations"], r["label"]))
        smallest.update(summarise([]))


def summarise(members: list[dict[str, Any]]) -> dict[str, Any]:
    """One group's figures, or None for every figure when too few organizations report."""
    if len(members) < MIN_GROUP:
        return {"organizations": None, "employees_total": None, "employees_median": None,
                "revenue_bands": None, "export_share_mean": None}
    employees = [m["employees"] for m in members if m.get("employees") is not None]
    bands = [m["revenue_band"] for m in members if m.get("revenue_band")]
    shares = [m["export_share_pct"] for m in members if m.get("export_share_pct") is not None]
    enough = len(employees) >= MIN_GROUP
    return {
        "organizations": len(members),
        "employees_total": sum(employees) if enough else None,
        "employees_median": statistics.median(employees) if enough else None,
        "revenue_bands": {code: bands.count(code) for code in REVENUE_BANDS.codes}
        if len(bands) >= MIN_GROUP else None,
        "export_share_mean": round(statistics.fmean(shares), 1)
        if len(shares) >= MIN_GROUP else None,
    }
