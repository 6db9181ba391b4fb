"""The Jinja2 environment: translations bound per request, taxonomy labels, safe highlights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from directory import iso
from directory.i18n import current_language, gettext, ngettext
from directory.profiles import labels
from directory.profiles.public import localized, translated
from directory.settings import data_path
from directory.stats.shapes import BreakdownRow
from directory.taxonomy import (
    AVAILABILITY,
    CEASED_REASONS,
    FACET_VOCABULARIES,
    FUNDING_STAGES,
    KECAMATAN,
    KINDS,
    LEGAL_FORMS,
    MARKETS,
    ORG_TYPES,
    PLATFORMS,
    ROLES,
    SERVICES,
    STATUSES,
    SUBSECTORS,
    Vocabulary,
)
from search import snippets
from search.query import HIGHLIGHT_POST, HIGHLIGHT_PRE

TEMPLATE_DIR = data_path("templates")


def _vocabulary(name: str) -> Vocabulary:
    return FACET_VOCABULARIES.get(name) or {
        "platform": PLATFORMS, "legal_form": LEGAL_FORMS, "status": STATUSES, "kind": KINDS,
        "ceased_reason": CEASED_REASONS,
    }[name]


def _label(code: str | None, vocabulary: str) -> str:
    if code is None:
        return ""
    return _vocabulary(vocabulary).label(code, current_language.get())


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return _format_number(value, current_language.get())


@lru_cache(maxsize=8192)
def _format_number(value: float, lang: str) -> str:  # facet counts repeat a lot
    return format_decimal(value, locale=lang)


@lru_cache(maxsize=8192)
def _quoted(text: str) -> str:
    return quote_plus(text)


def _date(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_date(value, format="long", locale=current_language.get())


def _attr_row(row: dict[str, Any], count: str, label: str = "label") -> BreakdownRow:
    """A table row as a chart row (`{"value", "label", "count"}`) for the `bars` macro."""
    return {"value": row["value"] if "value" in row else row[label], "label": row[label],
            "count": row[count]}


def _highlight(text: str | None) -> Markup:
    """Escape first, then turn Meilisearch's private-use markers into <mark>."""
    if not text:
        return Markup("")
    return Markup(str(escape(text)).replace(HIGHLIGHT_PRE, "<mark>")
                  .replace(HIGHLIGHT_POST, "</mark>"))


def _country(code: str) -> str:
    return iso.country_name(code, current_language.get())


def _language(code: str) -> str:
    return iso.language_name(code, current_language.get())


def _query(params: dict[str, list[str]], **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    merged = {k: list(v) for k, v in params.items()}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, list):
            merged[key] = [str(v) for v in value]
        else:
            merged[key] = [str(value)]
    # Same output as urllib's urlencode, with each part quoted once per process (pages build
    # dozens of facet links from the same few values).
    pairs = [f"{_quoted(k)}={_quoted(v)}" for k, values in merged.items() for v in values
             if v != ""]
    return "?" + "&".join(pairs) if pairs else "?"


def _toggle(params: dict[str, list[str]], name: str, value: str) -> str:
    values = list(params.get(name, []))
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return _query(params, **{name: values or None, "page": None})


@dataclass(frozen=True)
class FacetOption:  # not a NamedTuple: `count` would shadow tuple.count
    href: str  # the same page with this value toggled
    label: str
    count: str
    on: bool


def _facet_options(params: dict[str, list[str]], name: str, counts: dict[str, int],
                   vocabulary: str | None, selected: Sequence[str], limit: int,
                   names: dict[str, str]) -> list[FacetOption]:
    """A facet group's links: the `limit` most frequent values, then every other selected value,
    so a selection never disappears from view while it filters."""
    lang = current_language.get()
    vocab = _vocabulary(vocabulary) if vocabulary else None
    shown = list(counts)[:limit]
    shown += [value for value in selected if value not in shown]
    return [FacetOption(_toggle(params, name, value),
                        vocab.label(value, lang) if vocab else names.get(value, value),
                        _format_number(counts.get(value, 0), lang), value in selected)
            for value in shown]


@dataclass(frozen=True, slots=True)
class Card:
    """What a result card shows of one search hit, computed in Python: the same card written
    with ~25 filter, method and gettext calls per card in Jinja cost ~0.25 ms each (five
    times this), half of the results page's CPU (`benchmarks.probes render`)."""
    url: str
    name: Markup
    initial: str
    logo: str | None
    kind_label: str
    place: str
    ceased: bool
    verified: bool
    rating: str | None
    headline: Markup | None
    snippet: Markup | None
    tags: list[tuple[str, bool]]  # (label, is a service or role)
    skills: str
    facts: str
    accepting: bool


def _card(hit: dict[str, Any], marks: dict[str, str]) -> Card:
    lang = current_language.get()
    rating = hit.get("rating")
    # The reader's language first (the owners' translation), highlighted like the main text.
    own_headline = translated(hit, "headline", lang)
    headline: Markup | None = None
    if own_headline:
        headline = _highlight(marks.get(f"headline:{lang}", own_headline))
    elif hit.get("headline"):
        headline = _highlight(marks.get("headline", hit["headline"]))
    found = snippets.snippet(marks, translated(hit, "description", lang) is not None, lang)
    tags = [(SUBSECTORS.label(code, lang), False) for code in hit.get("subsectors", [])]
    tags += [(SERVICES.label(code, lang), True) for code in hit.get("services", [])[:4]]
    tags += [(ROLES.label(code, lang), True) for code in hit.get("roles", [])[:3]]
    facts = []
    if hit.get("team_size"):
        facts.append(gettext("Tim %(n)s orang") % {"n": _number(hit["team_size"])})
    if hit.get("founded_year"):
        facts.append(gettext("Berdiri %(y)s") % {"y": hit["founded_year"]})
    if hit.get("availability"):
        facts.append(AVAILABILITY.label(hit["availability"], lang))
    if hit.get("years_experience") is not None:
        years = hit["years_experience"]
        facts.append(ngettext("%(num)s tahun pengalaman", "%(num)s tahun pengalaman", years)
                     % {"num": years})
    if hit.get("distance_m") is not None:
        facts.append(gettext("%(km)s km dari titik") % {
            "km": _number(round(hit["distance_m"] / 100) / 10)})
    return Card(
        url=hit["url"], name=_highlight(marks.get("name", hit["name"])),
        initial=hit["name"][:1].upper(), logo=hit.get("logo"),
        kind_label=(ORG_TYPES.label(hit["org_type"], lang) if hit.get("org_type") else "")
        if hit["kind"] == "organization" else gettext("Talenta"),
        place=KECAMATAN.label(hit["kecamatan"], lang), ceased=bool(hit.get("ceased")),
        verified=bool(hit.get("verified")),
        rating=f"{_number(rating['average'])} ("
        + ngettext("%(num)s ulasan", "%(num)s ulasan", rating["count"])
        % {"num": rating["count"]} + ")" if rating else None,
        headline=headline,
        snippet=_highlight(found) if found else None,
        tags=tags, skills=" · ".join(hit.get("skills", [])[:6]), facts=" · ".join(facts),
        accepting=bool(hit.get("accepting_projects")))


def _translated(item: Any, name: str) -> str | None:
    return translated(item, name, current_language.get())


def _localized(item: Any, name: str) -> str | None:
    return localized(item, name, current_language.get())


def create_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        auto_reload=False,  # templates are read once per process (no stat() per include)
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(attr_row=_attr_row, label=_label, number=_number, date=_date,
                       highlight=_highlight, country=_country, language=_language,
                       localized=_localized, translated=_translated)
    env.filters.update(field_label=labels.field_label, value_label=labels.value_label,
                       event_label=labels.event_label, state_label=labels.state_label,
                       role_label=labels.role_label)
    env.globals.update(
        query=_query, toggle=_toggle, facet_options=_facet_options, card_view=_card,
        SUBSECTORS=SUBSECTORS, SERVICES=SERVICES, ROLES=ROLES,
        KECAMATAN=KECAMATAN, ORG_TYPES=ORG_TYPES, MARKETS=MARKETS, AVAILABILITY=AVAILABILITY,
        PLATFORMS=PLATFORMS, LEGAL_FORMS=LEGAL_FORMS, FUNDING_STAGES=FUNDING_STAGES,
        STATUSES=STATUSES,
        CEASED_REASONS=CEASED_REASONS,
        current_language=current_language.get,
    )
    return env
