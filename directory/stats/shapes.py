"""The shapes of the statistics answers (the stats API contract of shared/PRODUCT.md).

TypedDicts: the pages and the snapshots read these answers as plain dicts, and the JSON API
documents them in its OpenAPI document from these declarations.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at runtime.
from datetime import datetime
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


class LifecycleYear(TypedDict):
    year: int
    births: int  # organizations founded that year
    deaths: int  # organizations that ceased that year
    active_end: int  # founded by then and not ceased by 31 December


class CohortRow(TypedDict):
    """A founding cohort: its size and, per horizon (1, 3, 5 years), how many are still
    operating and their share; null until that year has ended (or for an empty cohort)."""

    cohort: int
    size: int
    survived_1y: int | None
    survival_1y: float | None
    survived_3y: int | None
    survival_3y: float | None
    survived_5y: int | None
    survival_5y: float | None


class Lifecycle(TypedDict):
    """`/api/v1/stats/lifecycle`: births, deaths, active organizations and cohort survival."""

    years: list[LifecycleYear]
    cohorts: list[CohortRow]
    horizons: list[int]
    organizations: int  # public organizations in scope, ceased ones included
    ceased: int
    active: int
    unknown_founded: int  # without a founding year: in no cohort
    indicators: NotRequired[list[str]]


class IndicatorText(TypedDict):
    id: str
    en: str


class IndicatorPublic(TypedDict):
    """An indicator's metadata (BPS structure). Texts are `{"id": …, "en": …}`, or one
    string when a language was asked for."""

    code: str
    name: str | IndicatorText
    concept: str | IndicatorText
    definition: str | IndicatorText
    interpretation: str | IndicatorText
    method: str | IndicatorText
    unit: str | IndicatorText
    frequency: str | IndicatorText
    source: str | IndicatorText
    disaggregation: list[str]
    related: list[str]
    reference_codes: list[str]
    endpoint: str
    tables: list[str]


class IndicatorCatalogue(TypedDict):
    """`/api/v1/stats/indicators`."""

    indicators: list[IndicatorPublic]


class FiguresCreate(TypedDict):
    """Confidential figures as validated (`confidential.validate`); None: not reported."""

    employees: int | None
    revenue_band: str | None  # taxonomy.REVENUE_BANDS
    export_share_pct: int | None


class FiguresPrivate(FiguresCreate):
    """An organization's stored confidential figures (`confidential_figures`): its owners
    only. Analysts see them only in aggregates that pass the disclosure rules."""

    slug: str
    reported_at: datetime
    reported_by: str  # the owner's user id, or "seed"


# --- the analysts' figures (stats/analyst.py, stats/demand_origin.py): counts only ---------


class UnmetDemandRow(TypedDict):
    """A search repeated with no or few results: its words and filters, never who searched."""

    q: str
    filters: list[str]  # "name=a,b", "available=true", "verified=true"
    searches: int
    zero: int  # of which found nothing
    last: datetime


class LabelledValue(TypedDict):
    value: str
    label: str


class InquiryMonth(TypedDict):
    month: str  # "2025-03"
    counts: list[int]  # per column, in the columns' order
    total: int


class InquiriesPerMonth(TypedDict):
    """Inquiries received per month, per subsector (or service) of the profile they went to."""

    by: str
    columns: list[LabelledValue]
    rows: list[InquiryMonth]


class PartnerQuarter(TypedDict):
    quarter: str  # "2025-Q1"
    inquiries: int
    briefs: int
    total: int
    profiles: int  # distinct profiles reached


class PartnerSubsector(TypedDict):
    value: str
    label: str
    inquiries: int
    briefs: int
    total: int


class PartnerTotals(TypedDict):
    inquiries: int
    briefs: int
    profiles: int


class PartnerDemand(TypedDict):
    """A partner region's demand (`demand_origin.partner`): counts per quarter and subsector,
    never an inquiry, a brief or who sent it."""

    region: str
    label: str
    quarters: list[PartnerQuarter]
    subsectors: list[PartnerSubsector]
    totals: PartnerTotals


class OriginRow(TypedDict):
    """One origin (a group, a province, or a regency/city in a drill-down) of the table."""

    group: str  # stats.demand_origin.GROUPS
    code: str
    inquiries: int
    briefs: int
    cells: dict[str, int]  # per subsector
    total: int
    label: str
    group_label: str
    drill: bool  # a province that opens on its regencies/cities
    counts: list[int]  # per column, in the columns' order


class OriginTotals(TypedDict):
    inquiries: int
    briefs: int
    counts: list[int]
    total: int


class OriginDemandTable(TypedDict):
    """The origin × subsector table (`demand_origin.table`): counts of inquiries and briefs
    by where their clients are based, never one of them nor who sent it."""

    columns: list[LabelledValue]
    rows: list[OriginRow]
    totals: OriginTotals
    source: str  # all | inquiry | brief
    province: str | None
    province_label: str | None


class OriginGroupBar(TypedDict):
    value: str
    label: str
    count: int


class LifecycleFigures(TypedDict):
    """The firm lifecycle as a month started (a snapshot's `lifecycle`)."""

    ceased: int
    active: int
    births_year_to_date: int
    deaths_year_to_date: int


class Snapshot(TypedDict):
    """A monthly snapshot (`stats_snapshots`, open data): totals only, per kind, organization
    type and breakdown dimension. Snapshots from before the lifecycle have no `lifecycle`."""

    _id: str  # "2025-03"
    taken_at: datetime
    organizations: dict[str, int]  # per organization type
    talents: int
    total: int
    breakdowns: dict[str, dict[str, int]]  # dimension → value → count
    lifecycle: NotRequired[LifecycleFigures]


class OrganizationState(TypedDict):
    """What outcomes follow of an organization (`profile_history`, with its slug and time):
    public fields only."""

    team_size_band: str | None
    markets: list[str]
    export_countries: list[str]
    status: str


class StateRecord(OrganizationState):
    """A recorded organization state (`profile_history`, `Histories.state_records`)."""

    slug: str
    at: datetime


class FigureRecordPrivate(FiguresCreate):
    """A figure report (`confidential_figures_history`, `Histories.figure_records`): as
    confidential as the figures (analysts' aggregates only)."""

    slug: str
    reported_at: datetime


class FigureSummary(TypedDict):
    """One group's confidential figures after the threshold and dominance rules
    (`confidential.summarise`); None: withheld. Counts and aggregates only."""

    organizations: int | None
    employees_total: int | None
    employees_median: float | None
    revenue_bands: dict[str, int | None] | None  # band code → count (None: withheld)
    export_share_mean: float | None


class FigureAggregateRow(FigureSummary):
    value: str  # a grouping's code, or "all"
    label: str


class FiguresAggregate(TypedDict):
    """The analysts' aggregate of confidential figures (`ConfidentialFigures.aggregate`)."""

    by: str  # a grouping, or "all"
    min_group: int
    rows: list[FigureAggregateRow]
