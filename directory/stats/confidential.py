"""Figures organizations report in confidence: employees, revenue band, share of revenue from
exports.

They live in their own collection, never in a profile document, so they cannot reach profile
pages, the public API, the interchange export or the search index. Per organization only its
owners read and change them; analysts see them only in aggregates that pass three rules
(published on the methodology page):

1. **Threshold**: a group of fewer than MIN_GROUP (5) reporting organizations is shown as "< 5"
   with every figure withheld; a figure reported by fewer than 5 of a group's organizations is
   withheld on its own.
2. **Dominance, the (n, k) rule with n = 2, k = 85%**: a total (employees, and the export
   shares behind their mean) is withheld, with its median, when its two largest contributions
   exceed 85% of it. Why n = 2: the second-largest firm can subtract its own figure from the
   total and learn the largest one's to within the rest; with k = 85% what it cannot account
   for is at least 15% of the total. We prefer it to the p% rule because it needs no guess of
   how precisely firms know each other's figures and an analyst can check it by hand.
   Revenue-band counts of 1 or 2 (below MIN_CELL) are withheld: a lone firm in a band would be
   singled out, and either of two firms would learn the other's band.
3. **Secondary suppression**: a withheld cell must not be recoverable from what is shown. In a
   row of band counts a lone withheld cell takes the smallest other one with it; where groups
   partition the organizations (one kecamatan, one type each) and so sum to the "all
   organizations" row, a column with a single withheld group withholds the smallest shown one
   too, and a column withheld in the total withholds its largest group (else the groups would
   add up to it). Subsector groups overlap (a firm may list several), so they do not sum to the
   total; a difference between two overlapping groups gives a difference between firms, never
   one firm's figure.
"""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from directory.accounts.service import User
from directory.db import Database, Session, in_transaction
from directory.errors import FieldError, Forbidden, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.documents import Organization
from directory.stats.documents import FIGURES as COLLECTION
from directory.stats.histories import Histories
from directory.stats.shapes import (
    FigureAggregateRow,
    FiguresAggregate,
    FiguresCreate,
    FiguresPrivate,
    FigureSummary,
)
from directory.taxonomy import KECAMATAN, ORG_TYPES, REVENUE_BANDS, SUBSECTORS, Vocabulary

if TYPE_CHECKING:
    from directory.profiles.editing import ProfileEditor
MIN_GROUP = 5
MIN_CELL = 3  # revenue-band counts below this are withheld
DOMINANT_N, DOMINANCE_K = 2, 0.85  # the (n, k) dominance rule
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


def validate(form: dict[str, str]) -> FiguresCreate:
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
    def __init__(self, db: Database, editor: ProfileEditor,
                 histories: Histories | None = None) -> None:
        self.db = db
        self.figures = db[COLLECTION]
        self.editor = editor
        self.histories = histories or Histories(db)

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

    async def get(self, user: User | None, slug: str) -> FiguresPrivate | None:
        await self._require_owner(user, slug)
        return cast(FiguresPrivate | None,
                    await self.figures.find_one({"slug": slug}, {"_id": 0}))

    async def save(self, user: User, slug: str, form: dict[str, str]) -> FiguresPrivate:
        await self._require_owner(user, slug)
        figures = validate(form)
        doc: FiguresPrivate = {"slug": slug, **figures, "reported_at": datetime.now(UTC),
                               "reported_by": user.id}

        async def work(session: Session) -> None:  # the latest value and its history together
            await self.figures.replace_one({"slug": slug}, dict(doc), upsert=True,
                                           session=session)
            await self.histories.figures_reported(doc, session)
        await in_transaction(self.editor.profiles.mongo, work)
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
            added += await in_transaction(self.editor.profiles.mongo, self._seed_one(
                {"slug": row["slug"], **figures, "reported_by": "seed"}, row.get("history")))
        return added

    def _seed_one(self, doc: dict[str, Any], history: list[dict[str, Any]] | None
                  ) -> Callable[[Session], Awaitable[bool]]:
        """One seed organization's figures: its dated earlier reports (the demo's history,
        oldest first) and the latest value, unless it has figures already."""
        async def work(session: Session) -> bool:
            if await self.figures.find_one({"slug": doc["slug"]}, session=session):
                return False
            for earlier in history or []:
                values = validate({k: "" if earlier.get(k) is None else str(earlier[k])
                                   for k in ("employees", "revenue_band", "export_share_pct")})
                await self.histories.figures_reported(
                    {"slug": doc["slug"], **values,
                     "reported_at": datetime.fromisoformat(earlier["reported_at"])}, session)
            latest = {**doc, "reported_at": datetime.now(UTC)}
            await self.figures.insert_one(latest, session=session)
            await self.histories.figures_reported(latest, session)
            return True
        return work

    async def reported_since(self, since: datetime) -> set[str]:
        return {d["slug"] async for d in self.figures.find(
            {"reported_at": {"$gte": since}}, {"slug": 1})}

    async def aggregate(self, by: str | None, lang: str = "id") -> FiguresAggregate:
        """Aggregates over published organizations, per value of `by` (or all together)."""
        if by is not None and by not in GROUPINGS:
            raise InvalidInput([FieldError("by", _("salah satu dari %(values)s")
                                           % {"values": ", ".join(GROUPINGS)})])
        reports = {d["slug"]: cast(FiguresPrivate, d)  # as `save` stores them
                   async for d in self.figures.find({}, {"_id": 0})}
        groups: dict[str, list[FiguresPrivate]] = {}
        field = GROUPINGS[by][0] if by else None
        async for org in self.db[Organization.Settings.name].find(
                {"status": "published", "slug": {"$in": list(reports)}},
                {"slug": 1, "subsectors": 1, "kecamatan": 1, "org_type": 1}):
            values = ["all"] if field is None else org.get(field) or []
            for value in [values] if isinstance(values, str) else values:
                groups.setdefault(value, []).append(reports[org["slug"]])
        vocab = GROUPINGS[by][1] if by else None
        rows: list[FigureAggregateRow] = []
        for value, members in groups.items():
            label = vocab.label(value, lang) if vocab else _("Semua organisasi")
            rows.append({"value": value, "label": label, **summarise(members)})
        if field is not None and field != "subsectors":
            everyone = [m for group in groups.values() for m in group]
            secondary_suppression(rows, summarise(everyone))
        rows.sort(key=lambda r: (r["organizations"] is None, -(r["organizations"] or 0),
                                 r["label"]))
        return {"by": by or "all", "min_group": MIN_GROUP, "rows": rows}


def dominated(values: list[int]) -> bool:
    """The (n, k) rule: the DOMINANT_N largest contributions exceed DOMINANCE_K of the total."""
    total = sum(values)
    return total > 0 and sum(sorted(values, reverse=True)[:DOMINANT_N]) > DOMINANCE_K * total


def band_counts(bands: list[str], codes: Sequence[str] = REVENUE_BANDS.codes
                ) -> dict[str, int | None]:
    """Counts per category of a confidential figure (revenue bands; outcomes: up, same,
    down); 1–2 withheld, and a lone withheld cell takes another along."""
    counts: dict[str, int | None] = {code: bands.count(code) for code in codes}
    small = [c for c, n in counts.items() if n and n < MIN_CELL]
    for code in small:
        counts[code] = None
    if len(small) == 1:
        others = [c for c, n in counts.items() if n is not None]
        nonzero = [c for c in others if counts[c]] or others
        if nonzero:
            counts[min(nonzero, key=lambda c: (counts[c], c))] = None
    return counts


def summarise(members: Sequence[FiguresCreate]) -> FigureSummary:
    """One group's figures after the threshold and dominance rules (None: withheld)."""
    if len(members) < MIN_GROUP:
        return {"organizations": None, "employees_total": None, "employees_median": None,
                "revenue_bands": None, "export_share_mean": None}
    employees = [n for m in members if (n := m.get("employees")) is not None]
    bands = [band for m in members if (band := m.get("revenue_band"))]
    shares = [pct for m in members if (pct := m.get("export_share_pct")) is not None]
    enough = len(employees) >= MIN_GROUP and not dominated(employees)
    return {
        "organizations": len(members),
        "employees_total": sum(employees) if enough else None,
        "employees_median": statistics.median(employees) if enough else None,
        "revenue_bands": band_counts(bands) if len(bands) >= MIN_GROUP else None,
        "export_share_mean": round(statistics.fmean(shares), 1)
        if len(shares) >= MIN_GROUP and not dominated(shares) else None,
    }


# --- secondary suppression across groups that partition the organizations -----------------

COLUMNS = ("organizations", "employees_total", "export_share_mean",
           *[f"band:{code}" for code in REVENUE_BANDS.codes])


def _get(row: FigureSummary, column: str) -> float | None:
    if row["organizations"] is None:
        return None
    if column.startswith("band:"):
        return None if row["revenue_bands"] is None else row["revenue_bands"][column[5:]]
    if column == "organizations":
        return row["organizations"]
    return row["employees_total"] if column == "employees_total" else row["export_share_mean"]


def _hide(row: FigureSummary, column: str) -> None:
    if column == "organizations":
        # the whole group, as `summarise` withholds a small one
        row["organizations"] = row["employees_total"] = row["employees_median"] = None
        row["revenue_bands"] = row["export_share_mean"] = None
    elif column == "employees_total":
        row["employees_total"] = row["employees_median"] = None
    elif column.startswith("band:"):
        if row["revenue_bands"] is not None:
            row["revenue_bands"][column[5:]] = None
    else:
        row["export_share_mean"] = None


def secondary_suppression(rows: Sequence[FigureAggregateRow], total: FigureSummary) -> None:
    """Groups that partition the organizations sum to the total row: per column, a single
    withheld group is protected by withholding the smallest shown one too; a total withheld
    (dominance) withholds its largest group, else the groups would add up to it."""
    for column in COLUMNS:
        hidden = [r for r in rows if _get(r, column) is None]
        shown = [r for r in rows if _get(r, column) is not None]
        if not shown:
            continue
        if _get(total, column) is not None and len(hidden) == 1:
            _hide(min(shown, key=lambda r: (_get(r, column), r["label"])), column)
        elif _get(total, column) is None and not hidden and len(shown) > 1:
            _hide(max(shown, key=lambda r: (_get(r, column), r["label"])), column)
