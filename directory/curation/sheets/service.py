"""Spreadsheet imports as curators run them (web and CLI): preview, then apply all or nothing, or
— the curator's choice — only the valid rows, with the rejected rows downloadable as a CSV file.

An upload is kept (`spreadsheet_imports`: the cells, who, when) so the preview and the apply
step see the same file; applying re-plans it against the database as it is then, so a profile
changed in between is never overwritten with a stale plan. Every applied import is in the audit
log: one entry per written profile and one summary entry.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from bson import ObjectId
from bson.errors import InvalidId

from directory import audit
from directory.accounts.service import User, now
from directory.curation.documents import IMPORTS
from directory.curation.shapes import SheetImportPrivate, SheetImportSummaryPrivate
from directory.curation.sheets.plan import Plan, RowPlan, plan_table
from directory.curation.sheets.reader import Table, read_table
from directory.db import Database
from directory.errors import FieldError, InvalidInput, NotFound
from directory.exports import csv_writer
from directory.i18n import gettext as _

if TYPE_CHECKING:
    from directory.profiles.service import ProfileService
MODES = ("all", "valid")


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected: int

    def line(self) -> str:
        return _("%(c)d dibuat, %(u)d diperbarui, %(s)d tetap, %(r)d ditolak") % {
            "c": self.created, "u": self.updated, "s": self.unchanged, "r": self.rejected}


class AllRowsRequired(InvalidInput):
    """Mode "all" and at least one invalid row: nothing was written."""


async def apply_plan(plan: Plan, mode: str, actor: User, profiles: ProfileService,
                     progress: Callable[[int], None] | None = None) -> ImportResult:
    if mode not in MODES:
        raise InvalidInput([FieldError("mode", _("pilih 'semua atau tidak sama sekali' atau "
                                                 "'hanya baris yang valid'"))])
    if plan.file_errors:
        raise InvalidInput([FieldError("file", e) for e in plan.file_errors])
    if mode == "all" and plan.invalid:
        raise AllRowsRequired([FieldError("mode", _(
            "%(n)d baris bermasalah; tidak ada yang ditulis. Perbaiki berkasnya atau pilih "
            "'hanya baris yang valid'.") % {"n": len(plan.invalid)})])
    writes = [r for r in plan.valid if r.action in ("create", "update")]
    if not plan.valid:
        raise InvalidInput([FieldError("file", _("tidak ada baris yang valid; tidak ada yang "
                                                 "ditulis"))])
    if writes:
        await profiles.write([r.profile for r in writes if r.profile is not None], progress)
        at = now()
        await audit.record_many(profiles.db, [
            audit.entry(actor, f"spreadsheet_{r.action}", plan.filename, r.kind, r.slug,
                        r.changed, at) for r in writes])
    result = ImportResult(created=plan.count("create"), updated=plan.count("update"),
                          unchanged=plan.count("unchanged"), rejected=len(plan.invalid))
    await audit.record(profiles.db, actor, "spreadsheet_import",
                       f"{plan.filename}: {result.line()}")
    return result


def rejected_csv(plan: Plan) -> bytes:
    """The rejected rows with their original cells, the row number and the reasons; UTF-8
    with a byte-order mark so that spreadsheet programs read the accents right."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([_("baris"), *plan.headers, _("kesalahan")])
    for row in plan.invalid:
        writer.writerow([row.row, *row.cells[:len(plan.headers)], "; ".join(row.errors)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class SheetImports:
    def __init__(self, db: Database, profiles: ProfileService) -> None:
        self.db = db
        self.profiles = profiles
        self.uploads = db[IMPORTS]

    async def upload(self, user: User, filename: str, raw: bytes) -> str:
        table = read_table(filename, raw)
        result = await self.uploads.insert_one({
            "filename": filename[-200:] or "spreadsheet", "headers": table.headers,
            "rows": [[n, cells] for n, cells in table.rows], "by": user.email, "at": now(),
            "status": "previewed"})
        return str(result.inserted_id)

    async def get(self, upload_id: str) -> SheetImportPrivate:
        try:
            doc = await self.uploads.find_one({"_id": ObjectId(upload_id)})
        except InvalidId:
            doc = None
        if doc is None:
            raise NotFound(f"import {upload_id!r}")
        return cast(SheetImportPrivate, doc)  # as `upload` and `apply` store it

    async def plan(self, upload_id: str) -> tuple[SheetImportPrivate, Plan]:
        doc = await self.get(upload_id)
        table = Table(headers=doc["headers"], rows=[(n, cells) for n, cells in doc["rows"]])
        return doc, await plan_table(doc["filename"], table, self.profiles)

    async def apply(self, user: User, upload_id: str, mode: str) -> ImportResult:
        doc, plan = await self.plan(upload_id)
        if doc["status"] != "previewed":
            raise InvalidInput([FieldError("mode", _("impor ini sudah diterapkan"))])
        claimed = await self.uploads.update_one(  # one apply per upload, even on a double click
            {"_id": doc["_id"], "status": "previewed"}, {"$set": {"status": "applying"}})
        if not claimed.modified_count:
            raise InvalidInput([FieldError("mode", _("impor ini sudah diterapkan"))])
        try:
            result = await apply_plan(plan, mode, user, self.profiles)
        except Exception:
            await self.uploads.update_one({"_id": doc["_id"]}, {"$set": {"status": "previewed"}})
            raise
        await self.uploads.update_one({"_id": doc["_id"]}, {"$set": {
            "status": "applied", "mode": mode, "applied_at": now(), "applied_by": user.email,
            "result": result.__dict__,
            "rejected": [{"row": r.row, "cells": r.cells, "errors": r.errors}
                         for r in plan.invalid]}})
        return result

    async def rejected_file(self, upload_id: str) -> tuple[str, bytes]:
        doc = await self.get(upload_id)
        if doc["status"] == "applied":  # what was actually rejected when it was applied
            plan = Plan(filename=doc["filename"], headers=doc["headers"], rows=[])
            plan.rows = [RowPlan(row=r["row"], cells=r["cells"], errors=r["errors"])
                         for r in doc.get("rejected", [])]
        else:
            _doc, plan = await self.plan(upload_id)
        stem = doc["filename"].rsplit(".", 1)[0]
        return f"{stem}-ditolak.csv", rejected_csv(plan)

    async def recent(self, limit: int = 10) -> list[SheetImportSummaryPrivate]:
        return [cast(SheetImportSummaryPrivate, {**d, "id": str(d["_id"])})
                async for d in self.uploads.find({}, {"rows": 0}).sort("at", -1).limit(limit)]
