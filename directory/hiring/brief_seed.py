"""Fictional demo briefs for the seed data (seeds/demand.jsonl, `type` brief): validated like any
brief, stored closed and private, sent to nobody, once each by their `seed` id (re-running
changes nothing). They give the analysts' demand by origin something to show on `make run`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from directory.hiring import brief_input
from directory.hiring.briefs import BriefService
from directory.taxonomy import ROLES, SERVICES

SEED_CLIENT = "seed"  # no account has this id: nobody owns a demo brief


async def load_seed(briefs: BriefService, rows: list[dict[str, Any]]) -> int:
    added = 0
    for row in rows:
        if row.get("type") != "brief":
            continue
        origin = row.get("origin") or {}
        needs = [SERVICES.label(s) for s in row["services"]] + \
            [ROLES.label(r) for r in row.get("roles", [])]
        brief = brief_input.validate({
            "title": f"Brief contoh: {', '.join(needs)}"[:120],
            "description": "Brief contoh (data demo) untuk statistik asal permintaan; tidak "
                           "dikirim ke siapa pun.",
            "services": row["services"], "roles": row.get("roles", []),
            "budget_currency": "IDR", "budget_band": "10m_50m", "timeline": "1_3_months",
            "languages": ["id"], "client_country": origin.get("country", ""),
            "client_province": origin.get("province", ""), "client_city": origin.get("city", ""),
            "visibility": "private"})
        at = datetime.fromisoformat(row["at"].replace("Z", "+00:00"))
        doc = {**brief, "client_id": SEED_CLIENT, "client_email": "", "client_lang": "id",
               "status": "closed", "outcome": "none_chosen", "created_at": at, "closed_at": at,
               "chosen": [], "matches": [], "teams": [], "seed": row["seed"]}
        result = await briefs.briefs.update_one({"seed": row["seed"]}, {"$setOnInsert": doc},
                                                upsert=True)
        added += result.upserted_id is not None
    return added
