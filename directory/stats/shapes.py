"""The shapes of the statistics answers (the stats API contract of shared/PRODUCT.md).

TypedDicts: the pages and the snapshots read these answers as plain dicts, and the JSON API
documents them in its OpenAPI document from these declarations.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at runtime.
from typing import NotRequired, TypedDict


class BreakdownRow(TypedDict):
    value: str | int  # a code, a free value (skill), or a founding year
    label: str
    count: int


class Breakdown(TypedDict):
    by: str
    rows: list[BreakdownRow]
    total: int  # published profiles in scope (a profile with two values counts once here)
    indicator: NotRequired[str]  # its metadata: /api/v1/stats/indicators


class GrowthRow(TypedDict):
    value: str  # "2024" or "2024-03"
    label: str
    count: int  # published profiles created in this period
    cumulative: int
    # what that month's snapshot counted (removed profiles included); only when snapshots exist
    recorded: NotRequired[int | None]
    # organizations ceased by then, as that snapshot recorded (unfiltered or organizations only)
    recorded_ceased: NotRequired[int | None]


class Growth(TypedDict):
    by: str  # "year" | "month"
    rows: list[GrowthRow]
    total: int
    indicator: NotRequired[str]


class Overview(TypedDict):
    total: int
    organizations: int
    talents: int
    verified_organizations: int
    verified_share: float
    international_organizations: int
    international_share: float
    org_types: list[BreakdownRow]
    indicators: NotRequired[list[str]]
