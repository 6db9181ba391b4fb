"""Statistics parameters: dimensions, the scope of a figure, and parsing them from a query."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from directory.errors import FieldError, InvalidInput
from directory.i18n import LANGUAGES
from directory.i18n import gettext as _
from directory.stats.shapes import BreakdownRow
from directory.taxonomy import (
    KECAMATAN,
    KINDS,
    ORG_TYPES,
    SUBSECTORS,
    Vocabulary,
)
from search import facets
from search.api_parameters import Parameter
from search.parameters import boolean, codes, single, unknown_names

# dimension -> (index attribute, vocabulary or None for free values, ordinal?)
DIMENSIONS: dict[str, tuple[str, Vocabulary | None, bool]] = {
    name: (facet.attribute, facet.vocabulary, facet.ordinal)
    for name, facet in facets.DIMENSIONS.items()
}
INTERVALS = ("year", "month")

# The statistics endpoints' query parameters, declared once: the API's OpenAPI declaration is
# built from these (directory/web/api.py) and the parsers below accept exactly these names.
SCOPE_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("kind", "organization | talent; absent = both", codes=tuple(KINDS.codes)),
    Parameter("org_type", "Organization type (repeat for OR)", repeatable=True,
              codes=tuple(ORG_TYPES.codes)),
    Parameter("subsector", "Subsector code (repeat for OR)", repeatable=True,
              codes=tuple(SUBSECTORS.codes)),
    Parameter("kecamatan", "Kecamatan code (repeat for OR)", repeatable=True,
              codes=tuple(KECAMATAN.codes)),
    Parameter("verified", "true: verified profiles only (empty: not set)",
              codes=("true", "false", "")),
    Parameter("period", "Year(s) of created_at: 2022, 2022-2023 (either order) or 2024-; "
                        "empty: all",
              schema={"pattern": r"^$|^(19|20)[0-9]{2}(-((19|20)[0-9]{2})?)?$",
                      "examples": ["2022", "2022-2023", "2024-"]}),
    Parameter("lang", "Language of labels and error messages", codes=LANGUAGES),
)
BY = Parameter("by", "The dimension to count by", codes=tuple(DIMENSIONS), required=True)
INTERVAL = Parameter("interval", "Periods of the series (default year)", codes=INTERVALS)
SCOPE_PARAMS = frozenset(p.name for p in SCOPE_PARAMETERS)
PERIOD = re.compile(r"(19|20)\d\d(-((19|20)\d\d)?)?")


@dataclass(frozen=True)
class Scope:
    kind: str | None = None
    org_types: tuple[str, ...] = ()
    subsectors: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()
    verified: bool = False
    period: str | None = None  # as given: "2022", "2022-2023" or "2024-" (years of created_at)
    # Statistics count active profiles: ceased ones leave every count but the lifecycle's.
    include_ceased: bool = False

    @property
    def months(self) -> tuple[int | None, int | None]:
        """The period as an inclusive range of YYYYMM numbers (None: open)."""
        if not self.period:
            return None, None
        start, dash, end = self.period.partition("-")
        last = end if dash else start
        return int(start) * 100 + 1, (int(last) * 100 + 12 if last else None)

    def meili_filter(self) -> list[str]:
        return facets.clauses({"kind": (self.kind,) if self.kind else (),
                               "org_type": self.org_types, "subsector": self.subsectors,
                               "kecamatan": self.kecamatan},
                              verified=self.verified, months=self.months,
                              active=not self.include_ceased)

    def as_query(self) -> list[tuple[str, str]]:
        pairs = [("kind", self.kind)] if self.kind else []
        pairs += [("org_type", v) for v in self.org_types]
        pairs += [("subsector", v) for v in self.subsectors]
        pairs += [("kecamatan", v) for v in self.kecamatan]
        if self.verified:
            pairs.append(("verified", "true"))
        if self.period:
            pairs.append(("period", self.period))
        return pairs


def parse_scope(query: Mapping[str, Sequence[str]], errors: list[FieldError]) -> Scope:
    kind = single(query, "kind", errors)
    if kind is not None and kind not in KINDS:
        errors.append(FieldError("kind", _("harus 'organization' atau 'talent'")))
    org_types = codes(query, "org_type", ORG_TYPES, errors)
    subsectors = codes(query, "subsector", SUBSECTORS, errors)
    kecamatan = codes(query, "kecamatan", KECAMATAN, errors)
    verified = boolean(single(query, "verified", errors), "verified", errors, strict=True)
    lang = single(query, "lang", errors)  # read by the page's language switch; checked here
    if lang is not None and lang not in LANGUAGES:
        errors.append(FieldError("lang", _("harus 'id' atau 'en'")))
    period = single(query, "period", errors)
    if period is not None and not PERIOD.fullmatch(period):
        errors.append(FieldError("period", _("harus berupa tahun (2022), rentang tahun "
                                             "(2022-2023) atau rentang terbuka (2024-)")))
    elif period:
        start, _dash, end = period.partition("-")
        if end and end < start:  # the same years written the other way round
            period = f"{end}-{start}"
    return Scope(kind=kind, org_types=org_types, subsectors=subsectors, kecamatan=kecamatan,
                 verified=verified, period=period)


def parse_breakdown(query: Mapping[str, Sequence[str]]) -> tuple[str, Scope]:
    errors: list[FieldError] = []
    by = single(query, "by", errors)
    if by is None and not any(e.field == "by" for e in errors):  # absent, not repeated
        errors.append(FieldError("by", _("wajib diisi: salah satu dari %(codes)s")
                                 % {"codes": ", ".join(DIMENSIONS)}))
    elif by is not None and by not in DIMENSIONS:
        errors.append(FieldError("by", _(
            "dimensi %(value)s tidak dikenal; harus salah satu dari: %(codes)s")
            % {"value": repr(by), "codes": ", ".join(DIMENSIONS)}))
    scope = parse_scope(query, errors)
    unknown_names(query, SCOPE_PARAMS | {BY.name}, errors)
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return str(by), scope


def parse_overview(query: Mapping[str, Sequence[str]]) -> Scope:
    errors: list[FieldError] = []
    scope = parse_scope(query, errors)
    unknown_names(query, SCOPE_PARAMS, errors)
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return scope


def parse_growth(query: Mapping[str, Sequence[str]]) -> tuple[str, Scope]:
    errors: list[FieldError] = []
    interval = single(query, "interval", errors) or "year"
    if interval not in INTERVALS:
        errors.append(FieldError("interval", _("harus 'year' atau 'month'")))
    scope = parse_scope(query, errors)
    unknown_names(query, SCOPE_PARAMS | {INTERVAL.name}, errors)
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return interval, scope


def parse_lifecycle(query: Mapping[str, Sequence[str]]) -> Scope:
    """The statistics' filters; the lifecycle is about organizations (`kind` may only say so)."""
    errors: list[FieldError] = []
    scope = parse_scope(query, errors)
    if scope.kind == "talent":
        errors.append(FieldError("kind", _("siklus hidup hanya untuk organisasi")))
    unknown_names(query, SCOPE_PARAMS, errors)
    if errors:
        raise InvalidInput(errors, title="Invalid statistics parameters")
    return scope


def breakdown_rows(by: str, distribution: Mapping[str, int], lang: str) -> list[BreakdownRow]:
    """Rows of a breakdown: every code of a controlled list (zeros included, in list order for
    ordinal ones, by count otherwise); free values (skills, years) as found."""
    _attr, vocab, ordinal = DIMENSIONS[by]
    rows: list[BreakdownRow]
    if vocab is not None:
        rows = [{"value": t.code, "label": t.label(lang), "count": int(distribution.get(t.code, 0))}
                for t in vocab]
        unknown = [v for v in distribution if v not in vocab]
        rows += [{"value": v, "label": v, "count": int(distribution[v])} for v in unknown]
    else:
        rows = [{"value": int(v) if by == "founded_year" else v, "label": v,
                 "count": int(n)} for v, n in distribution.items()]
    if ordinal and vocab is None:
        rows.sort(key=lambda r: (str(r["value"]) if by != "founded_year" else int(r["value"])))
    elif not ordinal:
        rows.sort(key=lambda r: (-r["count"], str(r["label"])))
    return rows
