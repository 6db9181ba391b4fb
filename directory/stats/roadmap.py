"""Bappeda's creative-economy roadmap: its phases, the period filter they offer, and where each
phase lies on a growth chart's time axis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from directory.i18n import gettext as _

OPEN_END = 9999  # the last phase runs on


class Phase(TypedDict):
    name: str
    start: int  # years inclusive
    end: int  # OPEN_END: runs on


class PhaseSpan(TypedDict):
    """Where a phase lies on a growth chart: its `count` columns from column `first`."""
    name: str
    number: int
    first: int
    count: int


def phases() -> list[Phase]:
    """The roadmap phases in order (years inclusive); what comes after is the last one."""
    return [
        {"name": "Malang Bersinergi", "start": 2018, "end": 2019},
        {"name": "Malang Berdaya", "start": 2020, "end": 2021},
        {"name": "Malang Mendunia", "start": 2022, "end": 2023},
        {"name": _("Sesudahnya"), "start": 2024, "end": OPEN_END},
    ]


def period_options() -> list[dict[str, str]]:
    """The period filter offers the roadmap phases (any year range works in the URL)."""
    out = []
    for p in phases():
        open_end = p["end"] == OPEN_END
        value = f"{p['start']}-" if open_end else f"{p['start']}-{p['end']}"
        shown = f"{p['start']}–" if open_end else f"{p['start']}–{p['end']}"
        out.append({"value": value, "label": f"{p['name']} ({shown})"})
    return out


def phase_spans(rows: Sequence[Mapping[str, Any]]) -> list[PhaseSpan]:
    """Where each roadmap phase lies on a growth chart's axis (columns of years or months)."""
    spans: list[PhaseSpan] = []
    for number, p in enumerate(phases(), 1):
        cols = [i for i, r in enumerate(rows) if p["start"] <= int(r["value"][:4]) <= p["end"]]
        if cols:
            spans.append({"name": p["name"], "number": number, "first": cols[0],
                          "count": len(cols)})
    return spans
