"""The public Ekosistem page and its CSV downloads: the same numbers as the stats API."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Any

import httpx

from directory.web.ecosystem_pages import CHARTS


async def test_page_shows_every_chart_with_its_table_and_the_roadmap_phases(
        seeded_client: httpx.AsyncClient) -> None:
    page = await seeded_client.get("/ekosistem")
    assert page.status_code == 200
    for by in CHARTS:
        assert f'id="chart-{by}"' in page.text
        assert f'href="/ekosistem/csv/{by}"' in page.text
    # + growth per year and per month, + the schematic kecamatan map
    assert page.text.count('role="img"') == len(CHARTS) + 3  # + growth ×2, lifecycle
    assert page.text.count('role="group"') == 1  # the map holds links: not an image
    assert page.text.count('href="/ekosistem?kecamatan=') == 5
    assert page.text.count("<table>") == len(CHARTS) + 3  # + growth ×2, lifecycle
    assert 'id="chart-growth-month"' in page.text and 'class="cumulative"' in page.text
    assert '<option value="2022-2023" >Malang Mendunia (2022–2023)</option>' in page.text
    for phase in ("Malang Bersinergi", "Malang Berdaya", "Malang Mendunia"):
        assert phase in page.text
    assert 'class="bar hi"' in page.text  # apps and games highlighted
    english = await seeded_client.get("/ekosistem?lang=en")
    assert "Top skills" in english.text and "Creative economy ecosystem" in english.text


async def test_csv_equals_the_api(seeded_client: httpx.AsyncClient) -> None:
    for by in ("subsector", "kecamatan", "founded_year"):
        for query in ("", "?kind=organization", "?org_type=startup"):
            api = (await seeded_client.get(f"/api/v1/stats/breakdown?by={by}"
                                           + (("&" + query[1:]) if query else ""))).json()
            response = await seeded_client.get(f"/ekosistem/csv/{by}{query}")
            assert response.headers["content-type"] == "text/csv; charset=utf-8"
            assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
            assert re.search(r'filename="ekosistem-[a-z_]+_\d{4}-\d\d-\d\dT\d{4}Z\.csv"',
                             response.headers["content-disposition"])
            lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert lines[0] == ["value", "label", "count"]  # the header row first
            assert [(str(r["value"]), int(r["count"])) for r in api["rows"]] == \
                [(row[0], int(row[1 + 1])) for row in lines[1:]]
    growth = (await seeded_client.get("/api/v1/stats/growth")).json()
    lines = list(csv.reader(io.StringIO(
        (await seeded_client.get("/ekosistem/csv/growth")).content.decode("utf-8-sig"))))
    assert [[r["value"], str(r["count"]), str(r["cumulative"])] for r in growth["rows"]] == \
        lines[1:]
    monthly = (await seeded_client.get(
        "/api/v1/stats/growth?interval=month&period=2022-2023&kind=talent")).json()
    lines = list(csv.reader(io.StringIO((await seeded_client.get(
        "/ekosistem/csv/growth-month?period=2022-2023&kind=talent")).content.decode("utf-8-sig"))))
    assert lines[0] == ["month", "new", "cumulative"]
    assert [[r["value"], str(r["count"]), str(r["cumulative"])] for r in monthly["rows"]] == \
        lines[1:]
    assert lines[1][0] >= "2022-01" and lines[-1][0] <= "2023-12" and len(lines) > 12


async def test_filters_narrow_and_bad_filters_are_explained(
        seeded_client: httpx.AsyncClient) -> None:
    talents = await seeded_client.get("/ekosistem?kind=talent")
    assert talents.status_code == 200
    bad = await seeded_client.get("/ekosistem?kind=robot&lang=id")
    assert bad.status_code == 400 and "kind: harus &#39;organization&#39; atau" in bad.text
    nothing = await seeded_client.get("/ekosistem/csv/nothing?lang=id")
    assert nothing.status_code == 400 and "by: salah satu dari subsector" in nothing.text


async def test_xlsx_has_every_table_a_dictionary_and_the_as_of_time(
        seeded_client: httpx.AsyncClient) -> None:
    from openpyxl import load_workbook

    response = await seeded_client.get("/ekosistem/xlsx?kind=organization&lang=id")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Kamus data"
    about = book["Kamus data"]
    assert about["A2"].value == "as_of" and about["B3"].value == "kind=organization"
    for by in CHARTS:
        api = (await seeded_client.get(
            f"/api/v1/stats/breakdown?by={by}&kind=organization&lang=id")).json()
        sheet = book[by]
        assert [c.value for c in sheet[1]] == ["value", "label", "count"]
        assert sheet[1][0].font.bold and sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert [(str(r["value"]), r["count"]) for r in api["rows"]] == \
            [(str(v), n) for v, _label, n in rows]
        assert all(isinstance(n, int) for _v, _label, n in rows)
    growth = book["growth"]
    assert len(list(growth.iter_rows(min_row=2))) > 3
    assert all(isinstance(v, int) for (v,) in growth.iter_rows(min_row=2, max_col=1,
                                                                values_only=True))
    months = book["growth-month"]
    assert months["A2"].is_date and months["A2"].number_format == "yyyy-mm"
    assert about["B2"].is_date  # the as-of time as a date, not an ISO string
    assert about.column_dimensions["B"].width > 10


async def test_overview_and_extra_filters_agree_with_search(
        seeded_client: httpx.AsyncClient, seed_rows: list[dict[str, Any]]) -> None:
    overview = (await seeded_client.get("/api/v1/stats/overview")).json()
    orgs = (await seeded_client.get("/api/v1/search?kind=organization&per_page=1")).json()
    talents = (await seeded_client.get("/api/v1/search?kind=talent&per_page=1")).json()
    # Ceased organizations stay findable but are not active (contract additions 2026-12): the
    # statistics count the search's answer less the ceased profiles it holds.
    gone = [r for r in seed_rows if r["kind"] == "organization" and r["status"] == "ceased"]
    assert gone and overview["organizations"] == orgs["total"] - len(gone)
    assert overview["talents"] == talents["total"]
    verified = (await seeded_client.get(
        "/api/v1/search?kind=organization&verified=true&per_page=1")).json()
    assert overview["verified_organizations"] == verified["total"] - sum(
        bool(r.get("verified")) for r in gone)
    international = (await seeded_client.get(
        "/api/v1/search?kind=organization&market=international&per_page=1")).json()
    assert overview["international_organizations"] == international["total"] - sum(
        "international" in r.get("markets", []) for r in gone)
    assert sum(r["count"] for r in overview["org_types"]) == orgs["total"] - len(gone)

    narrowed = (await seeded_client.get(
        "/api/v1/stats/breakdown?by=kecamatan&subsector=pengembang-permainan"
        "&verified=true")).json()
    search = (await seeded_client.get(
        "/api/v1/search?subsector=pengembang-permainan&verified=true&per_page=1")).json()
    expected = Counter({k: v for k, v in search["facets"]["kecamatan"].items() if v})
    expected.subtract(r["kecamatan"] for r in gone if r.get("verified")
                      and "pengembang-permainan" in r["subsectors"])
    assert {r["value"]: r["count"] for r in narrowed["rows"] if r["count"]} == \
        {k: v for k, v in expected.items() if v}
    bad = await seeded_client.get("/api/v1/stats/overview?subsector=robotika")
    assert bad.status_code == 400 and "subsector" in bad.text
    page = await seeded_client.get("/ekosistem?kecamatan=klojen&verified=true")
    assert page.status_code == 200, page.text[-3000:]
    assert 'href="/ekosistem/xlsx?kecamatan=klojen&amp;verified=true"' in page.text, \
        re.findall(r'href="/ekosistem/xlsx[^"]*"', page.text)
