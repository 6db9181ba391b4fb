"""The published-profiles bulk file (open data, CC-BY 4.0): every public profile (published or
ceased) as JSON Lines and as CSV, built from the public shapes only — so contact details, NIB
and confidential figures cannot reach it. Memberships and affiliations are left out: a public
page shows them only once both sides confirm, which a bulk file cannot check line by line.
"""

from __future__ import annotations

import json
from typing import Any

from directory.profiles.public import PublicProfile
from directory.taxonomy import BPS_CODES

LEFT_OUT = {"members", "affiliations", "rating"}  # ratings: the reviews API, not this file

# The CSV's columns, in order: lists joined with "; ", booleans as true/false.
CSV_COLUMNS = [
    "kind", "slug", "name", "url", "headline", "description", "org_type", "subsectors",
    "services", "roles", "skills", "platforms", "kecamatan", "kecamatan_bps", "languages",
    "markets", "export_countries", "founded_year", "team_size", "legal_form", "registered",
    "kbli", "funding_stage", "accepting_projects", "min_budget_idr", "availability",
    "years_experience", "hourly_rate_min_idr", "hourly_rate_max_idr", "campus", "communities",
    "verified", "ceased", "ceased_at", "ceased_reason", "lat", "lng", "created_at", "updated_at",
]


def public_record(profile: PublicProfile, base_url: str
                  ) -> dict[str, Any]:  # open data: the public shape's JSON
    """One profile of the JSON Lines file: the public shape, with an absolute URL and the
    kecamatan's BPS code."""
    data = profile.model_dump(mode="json", exclude=LEFT_OUT)
    data["url"] = base_url + data["url"]
    data["kecamatan_bps"] = BPS_CODES.get(profile.kecamatan)
    return {"kind": data.pop("kind"), **data}


def jsonl_line(profile: PublicProfile, base_url: str) -> str:
    return json.dumps(public_record(profile, base_url), ensure_ascii=False) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def csv_row(profile: PublicProfile, base_url: str) -> list[Any]:
    record = public_record(profile, base_url)
    location = record.pop("location", None) or {}
    rate = record.pop("hourly_rate_idr", None) or {}
    record.update(lat=location.get("lat"), lng=location.get("lng"),
                  hourly_rate_min_idr=rate.get("min"), hourly_rate_max_idr=rate.get("max"))
    return [_cell(record.get(column)) for column in CSV_COLUMNS]
