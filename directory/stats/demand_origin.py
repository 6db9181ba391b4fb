"""Demand by origin, for analysts: where the clients who send inquiries and briefs are based
(directory.stats.regions), crossed with the subsectors they asked for, and a partner region's
demand over time. Counts only — no name, message or address leaves these functions.

- **Rows** (the overview): Kota Malang; the other regencies/cities of Jawa Timur (and Jawa Timur
  without a city); every other province (drill down to its regencies/cities with `province`);
  every other country; "unknown" for records from before origins were asked.
- **Columns**: an inquiry counts under each subsector of the profile it went to; a brief under
  each subsector of the services and roles it asked for (`SERVICE_SUBSECTOR`,
  `ROLE_SUBSECTOR`). A record with two subsectors counts once in each column, once in its
  row's totals.
- **Partner region** (a province `15`, a regency/city `15.71` or a country `SG`): its inquiries and
  briefs per quarter and per subsector, and the distinct Malang profiles reached (the profile an
  inquiry went to; the profiles a brief was sent to).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from directory.hiring.documents import Brief, BriefAnswer
from directory.hiring.matching import ROLE_SERVICE
from directory.i18n import gettext as _
from directory.profiles.documents import MODEL_BY_KIND, Inquiry
from directory.stats import regions
from directory.stats.shapes import (
    LabelledValue,
    OriginDemandTable,
    OriginRow,
    OriginTotals,
    PartnerDemand,
    PartnerQuarter,
    PartnerSubsector,
)
from directory.taxonomy import SUBSECTORS

SOURCES = ("all", "inquiry", "brief")
GROUPS = ("malang", "east_java", "indonesia", "abroad", "unknown")
SERVICE_SUBSECTOR = {
    "mobile_app": "aplikasi", "web_app": "aplikasi", "backend_api": "aplikasi",
    "cloud_devops": "aplikasi", "data_ai": "aplikasi", "iot": "aplikasi",
    "qa_testing": "aplikasi", "ecommerce": "aplikasi", "consulting": "aplikasi",
    "training": "aplikasi", "game_development": "pengembang-permainan",
    "game_art": "pengembang-permainan", "ar_vr": "pengembang-permainan",
    "ui_ux_design": "dkv", "illustration": "dkv", "branding": "dkv",
    "animation": "film-animasi-video", "video_production": "film-animasi-video",
    "motion_graphics": "film-animasi-video", "digital_marketing": "periklanan",
    "localization": "penerbitan", "music_audio": "musik", "photography": "fotografi"}
# a role's subsector is its service's (hiring/matching.py: the service each role provides)
ROLE_SUBSECTOR = {role: SERVICE_SUBSECTOR[service] for role, service in ROLE_SERVICE.items()
                  if service in SERVICE_SUBSECTOR}


@dataclass(frozen=True)
class Record:
    """One inquiry or brief, as counted."""
    source: str  # "inquiry" or "brief"
    at: datetime
    origin: dict[str, str] | None
    subsectors: tuple[str, ...]
    profiles: frozenset[str]  # "kind/slug" of the profiles it reached


@dataclass(frozen=True)
class Period:
    year: int | None = None
    quarter: int | None = None  # 1–4, only with a year

    def bounds(self) -> tuple[datetime, datetime] | None:
        if self.year is None:
            return None
        first, last = (1, 12) if self.quarter is None else \
            (3 * self.quarter - 2, 3 * self.quarter)
        start = datetime(self.year, first, 1, tzinfo=UTC)
        end = datetime(self.year + (last == 12), last % 12 + 1, 1, tzinfo=UTC)
        return start, end

    @property
    def code(self) -> str:
        if self.year is None:
            return "all"
        return f"{self.year}" + ("" if self.quarter is None else f"-Q{self.quarter}")


def brief_subsectors(services: Iterable[str], roles: Iterable[str]) -> tuple[str, ...]:
    found = {SERVICE_SUBSECTOR[s] for s in services if s in SERVICE_SUBSECTOR}
    found |= {ROLE_SUBSECTOR[r] for r in roles if r in ROLE_SUBSECTOR}
    return tuple(sorted(found))


def quarter_of(at: datetime) -> str:
    return f"{at.year}-Q{(at.month - 1) // 3 + 1}"


def group_labels() -> dict[str, str]:
    return {"malang": _("Kota Malang"), "east_java": _("Jawa Timur lainnya"),
            "indonesia": _("Provinsi lain"), "abroad": _("Luar negeri"),
            "unknown": _("Tidak diketahui (sebelum asal ditanyakan)")}


def row_of(origin: dict[str, str] | None, province: str | None = None
           ) -> tuple[str, str] | None:
    """(group, code) of a record's row; with `province` (a drill-down), its regency/city inside
    that province or None when the record is elsewhere."""
    if province is not None:
        if not origin or origin.get("province") != province:
            return None
        group = "malang" if origin.get("city") == regions.KOTA_MALANG else \
            "east_java" if province == regions.EAST_JAVA else "indonesia"
        return group, origin.get("city") or province
    if not origin:
        return "unknown", "unknown"
    if origin.get("country") != regions.INDONESIA:
        return "abroad", origin.get("country", "")
    if origin.get("province") == regions.EAST_JAVA:
        city = origin.get("city")
        if city == regions.KOTA_MALANG:
            return "malang", city
        return "east_java", city or regions.EAST_JAVA
    return "indonesia", origin.get("province", "")


def _row_label(group: str, code: str, lang: str, drill: str | None) -> str:
    if group == "unknown":
        return _("tidak diketahui")
    if code in regions.provinces() and (drill or code == regions.EAST_JAVA):
        return _("%(province)s (tanpa kota)") % {
            "province": regions.region_label(code, lang)}
    return regions.region_label(code, lang)


def _columns(counts: dict[str, int], lang: str) -> list[LabelledValue]:
    values = sorted(counts, key=lambda v: (-counts[v], SUBSECTORS.codes.index(v)
                                           if v in SUBSECTORS else 99, v))
    return [{"value": v, "label": SUBSECTORS.label(v, lang)} for v in values]


def table(records: Iterable[Record], lang: str = "id", source: str = "all",
          province: str | None = None) -> OriginDemandTable:
    """The origin × subsector table (pure). `source`: count inquiries, briefs or both in the
    subsector cells; the row's `inquiries`, `briefs` and `total` count each record once."""
    rows: dict[tuple[str, str], OriginRow] = {}
    column_counts: dict[str, int] = {}
    for r in records:
        key = row_of(r.origin, province)
        if key is None:
            continue
        row = rows.setdefault(key, {"group": key[0], "code": key[1], "inquiries": 0,
                                    "briefs": 0, "cells": {}, "total": 0, "label": "",
                                    "group_label": "", "drill": False, "counts": []})
        row["inquiries" if r.source == "inquiry" else "briefs"] += 1
        if source in ("all", r.source):
            for sub in r.subsectors:
                row["cells"][sub] = row["cells"].get(sub, 0) + 1
                column_counts[sub] = column_counts.get(sub, 0) + 1
    columns = _columns(column_counts, lang)
    names = group_labels()
    out: list[OriginRow] = []
    for row in rows.values():
        row["total"] = row["inquiries"] + row["briefs"]
        row["label"] = _row_label(row["group"], row["code"], lang, province)
        row["group_label"] = names[row["group"]]
        row["drill"] = province is None and row["group"] == "indonesia"
        row["counts"] = [row["cells"].get(c["value"], 0) for c in columns]
        out.append(row)
    out.sort(key=lambda r: (GROUPS.index(r["group"]), -r["total"], r["label"]))
    inquiries, briefs = sum(r["inquiries"] for r in out), sum(r["briefs"] for r in out)
    totals: OriginTotals = {
        "inquiries": inquiries, "briefs": briefs,
        "counts": [sum(r["counts"][i] for r in out) for i in range(len(columns))],
        "total": inquiries + briefs}
    return {"columns": columns, "rows": out, "totals": totals, "source": source,
            "province": province,
            "province_label": regions.region_label(province, lang) if province else None}


def matches(origin: dict[str, str] | None, region: str) -> bool:
    """Whether an origin lies in a region: a province `15`, a regency/city `15.71`, a country."""
    if not origin:
        return False
    if region in regions.cities():
        return origin.get("city") == region
    if region in regions.provinces():
        return origin.get("country") == regions.INDONESIA and origin.get("province") == region
    return origin.get("country") == region


def partner(records: Iterable[Record], region: str, lang: str = "id") -> PartnerDemand:
    """A partner region's demand (pure): per quarter (every quarter between its first and its
    last, zeros included) and per subsector, with the distinct profiles reached."""
    mine = [r for r in records if matches(r.origin, region)]
    quarters: dict[str, dict[str, Any]] = {}
    subsectors: dict[str, dict[str, int]] = {}
    for r in mine:
        bucket = quarters.setdefault(quarter_of(r.at), {"inquiries": 0, "briefs": 0,
                                                        "reached": set()})
        bucket["inquiries" if r.source == "inquiry" else "briefs"] += 1
        bucket["reached"] |= r.profiles
        for sub in r.subsectors:
            cell = subsectors.setdefault(sub, {"inquiries": 0, "briefs": 0})
            cell["inquiries" if r.source == "inquiry" else "briefs"] += 1
    series: list[PartnerQuarter] = []
    if quarters:
        first, last = min(quarters), max(quarters)
        year, q = int(first[:4]), int(first[-1])
        while f"{year}-Q{q}" <= last:
            code = f"{year}-Q{q}"
            found = quarters.get(code, {"inquiries": 0, "briefs": 0, "reached": set()})
            series.append({"quarter": code, "inquiries": found["inquiries"],
                           "briefs": found["briefs"],
                           "total": found["inquiries"] + found["briefs"],
                           "profiles": len(found["reached"])})
            year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    by_subsector: list[PartnerSubsector] = [
        {"value": v, "label": SUBSECTORS.label(v, lang), "inquiries": c["inquiries"],
         "briefs": c["briefs"], "total": c["inquiries"] + c["briefs"]}
        for v, c in subsectors.items()]
    by_subsector.sort(key=lambda c: (-c["total"], c["label"]))
    reached: set[str] = set().union(*(r.profiles for r in mine)) if mine else set()
    return {"region": region, "label": regions.region_label(region, lang),
            "quarters": series, "subsectors": by_subsector,
            "totals": {"inquiries": sum(r.source == "inquiry" for r in mine),
                       "briefs": sum(r.source == "brief" for r in mine),
                       "profiles": len(reached)}}


class OriginDemand:
    """Reads the inquiries and briefs of a period as `Record`s (through Services)."""

    def __init__(self, db: Any) -> None:
        self.db = db

    async def records(self, period: Period = Period()) -> list[Record]:
        bounds = period.bounds()
        inquiries = await self._inquiries(bounds)
        return inquiries + await self._briefs(bounds)

    async def _subsectors(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for kind, model in MODEL_BY_KIND.items():
            slugs = sorted(slug for k, slug in keys if k == kind)
            if slugs:
                cursor = self.db[model.Settings.name].find({"slug": {"$in": slugs}},
                                                           {"slug": 1, "subsectors": 1})
                async for doc in cursor:
                    found[(kind, doc["slug"])] = list(doc.get("subsectors") or [])
        return found

    async def _inquiries(self, bounds: tuple[datetime, datetime] | None) -> list[Record]:
        query = {} if bounds is None else {"at": {"$gte": bounds[0], "$lt": bounds[1]}}
        docs = [doc async for doc in self.db[Inquiry.Settings.name].find(
            query, {"kind": 1, "slug": 1, "at": 1, "origin": 1})]
        subsectors = await self._subsectors({(d["kind"], d["slug"]) for d in docs})
        return [Record("inquiry", d["at"], d.get("origin") or None,
                       tuple(subsectors.get((d["kind"], d["slug"]), ())),
                       frozenset({f"{d['kind']}/{d['slug']}"})) for d in docs]

    async def _briefs(self, bounds: tuple[datetime, datetime] | None) -> list[Record]:
        query = {} if bounds is None else {"created_at": {"$gte": bounds[0], "$lt": bounds[1]}}
        docs = [doc async for doc in self.db[Brief.Settings.name].find(
            query, {"services": 1, "roles": 1, "created_at": 1, "origin": 1})]
        reached: dict[str, set[str]] = {}
        ids = [str(d["_id"]) for d in docs]
        if ids:
            async for a in self.db[BriefAnswer.Settings.name].find(
                    {"brief_id": {"$in": ids}}, {"brief_id": 1, "kind": 1, "slug": 1}):
                reached.setdefault(a["brief_id"], set()).add(f"{a['kind']}/{a['slug']}")
        return [Record("brief", d["created_at"], d.get("origin") or None,
                       brief_subsectors(d.get("services") or [], d.get("roles") or []),
                       frozenset(reached.get(str(d["_id"]), set()))) for d in docs]

    async def table(self, period: Period, lang: str = "id", source: str = "all",
                    province: str | None = None) -> OriginDemandTable:
        return table(await self.records(period), lang, source, province)

    async def partner(self, region: str, period: Period, lang: str = "id") -> PartnerDemand:
        return partner(await self.records(period), region, lang)
