"""Open data: the DCAT catalogue (`/catalog.jsonld`, a public contract), its human view (/data),
and the downloads it lists that no other page serves — the published-profiles bulk file (CSV and
JSON Lines, public fields only: directory/profiles/bulk.py) and the snapshot history (CSV). The
statistics tables are the /ekosistem CSV downloads."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

from litestar import Response, get
from litestar.response import Stream

from directory.context import Services
from directory.exports import csv_writer, table_csv
from directory.i18n import current_language
from directory.profiles import bulk
from directory.stats import catalog, confidential, indicators
from directory.stats import history as snapshots
from directory.taxonomy import BPS_CODES, KECAMATAN
from directory.web.common import CSV, AnyRequest, ServicesDep, html
from directory.web.ecosystem_pages import CHARTS, GROWTH, LIFECYCLE, chart_titles

JSONLD = "application/ld+json"
JSONL = "application/jsonl"
BULK_HEADERS = {"Content-Disposition": "attachment", "Link": f'<{catalog.LICENSE}>; rel="license"'}


def _base_url(request: AnyRequest, services: Services) -> str:
    return (services.settings.public_url or str(request.base_url)).rstrip("/")


def _tables() -> tuple[catalog.Table, ...]:
    titles = {}
    for lang in ("id", "en"):
        token = current_language.set(lang)
        try:
            titles[lang] = chart_titles()
        finally:
            current_language.reset(token)
    return tuple(catalog.Table(name, titles["id"][name], titles["en"][name],
                               indicators.FOR_TABLE[name])
                 for name in (*CHARTS, *GROWTH, *LIFECYCLE))


async def _facts(request: AnyRequest, services: Services) -> catalog.Facts:
    extent = await services.profiles.public_extent()
    _header, rows = await snapshots.table(services.stats.db)
    base = _base_url(request, services)
    first, last = extent["first_created"], extent["last_updated"]
    return catalog.Facts(
        base_url=base, now=datetime.now(UTC),
        profiles=extent["count"],
        first_created=first.replace(tzinfo=UTC) if first and first.tzinfo is None else first,
        last_updated=last.replace(tzinfo=UTC) if last and last.tzinfo is None else last,
        snapshot_months=tuple(r[0] for r in rows), tables=_tables(),
        indicators_url=f"{base}/api/v1/stats/indicators", methodology_url=f"{base}/metodologi")


@get("/catalog.jsonld", name="catalog", include_in_schema=False)
async def catalog_jsonld(request: AnyRequest, services: ServicesDep) -> Response[Any]:
    """The DCAT catalogue (JSON-LD) a data portal harvests."""
    return Response(catalog.build(await _facts(request, services)), media_type=JSONLD)


@get(["/data", "/katalog"], name="catalog_page", include_in_schema=False)
async def catalog_page(request: AnyRequest, services: ServicesDep) -> Response[str]:
    """The same catalogue for people."""
    document = catalog.build(await _facts(request, services))
    lang = current_language.get()
    datasets = []
    for dataset in document["dcat:dataset"]:
        temporal = dataset.get("dct:temporal")
        datasets.append({
            "id": dataset["dct:identifier"],
            "title": catalog.localised(dataset["dct:title"], lang),
            "description": catalog.localised(dataset["dct:description"], lang),
            "modified": dataset["dct:modified"]["@value"],
            "frequency": dataset["dct:accrualPeriodicity"]["@id"].rsplit("/", 1)[-1],
            "methodology": dataset["dct:conformsTo"]["@id"],
            "temporal": (temporal["dcat:startDate"]["@value"], temporal["dcat:endDate"]["@value"])
            if temporal else None,
            "downloads": [(catalog.localised(d["dct:title"], lang), d["dcat:downloadURL"]["@id"],
                           d["dcat:mediaType"]["@id"].removeprefix(catalog.IANA))
                          for d in dataset["dcat:distribution"]]})
    regions = [("3573", "Kota Malang")] + [(code, KECAMATAN.label(slug, lang))
                                          for slug, code in BPS_CODES.items()]
    return html(request, "data.html", datasets=datasets, license=catalog.LICENSE,
                regions=regions, title=catalog.localised(document["dct:title"], lang),
                description=catalog.localised(document["dct:description"], lang))


def release_calendar(now: datetime, months: int = 12) -> list[date]:
    """The next monthly snapshots: the first day of each coming month."""
    out, year, month = [], now.year, now.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        out.append(date(year, month, 1))
    return out


@get("/metodologi", name="methodology", include_in_schema=False)
async def methodology(request: AnyRequest, services: ServicesDep) -> Response[str]:
    """Definitions and methodology: what counts as what, the disclosure rules, the release
    calendar and every indicator's metadata (directory/stats/indicators.py)."""
    return html(request, "methodology.html",
                indicators=indicators.catalogue(current_language.get()),
                indicators_url=f"{_base_url(request, services)}/api/v1/stats/indicators",
                calendar=release_calendar(datetime.now(UTC)), min_group=confidential.MIN_GROUP,
                min_cell=confidential.MIN_CELL, dominant_n=confidential.DOMINANT_N,
                dominance_k=round(confidential.DOMINANCE_K * 100))


async def _profiles_csv(services: Services, base: str) -> AsyncIterator[bytes]:
    yield table_csv(bulk.CSV_COLUMNS, [])
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\r\n")  # formula-like cells neutralised
    async for profile in services.profiles.public_profiles():
        writer.writerow(bulk.csv_row(profile, base))
        if out.tell() > 65536:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


async def _profiles_jsonl(services: Services, base: str) -> AsyncIterator[bytes]:
    async for profile in services.profiles.public_profiles():
        yield bulk.jsonl_line(profile, base).encode("utf-8")


@get("/data/profiles.csv", name="data_profiles_csv", include_in_schema=False)
async def profiles_csv(request: AnyRequest, services: ServicesDep) -> Stream:
    return Stream(_profiles_csv(services, _base_url(request, services)), media_type=CSV,
                  headers={**BULK_HEADERS,
                           "Content-Disposition": 'attachment; filename="profiles.csv"'})


@get("/data/profiles.jsonl", name="data_profiles_jsonl", include_in_schema=False)
async def profiles_jsonl(request: AnyRequest, services: ServicesDep) -> Stream:
    return Stream(_profiles_jsonl(services, _base_url(request, services)), media_type=JSONL,
                  headers={**BULK_HEADERS,
                           "Content-Disposition": 'attachment; filename="profiles.jsonl"'})


@get("/data/snapshots.csv", name="data_snapshots_csv", include_in_schema=False)
async def snapshots_csv(services: ServicesDep) -> Response[bytes]:
    header, rows = await snapshots.table(services.stats.db)
    return Response(table_csv(header, rows), media_type=CSV,
                    headers={**BULK_HEADERS,
                             "Content-Disposition": 'attachment; filename="snapshots.csv"'})


ROUTES = [catalog_jsonld, catalog_page, methodology, profiles_csv, profiles_jsonl,
          snapshots_csv]
