"""The public Ekosistem page and its CSV downloads: the same numbers as the stats API."""

from __future__ import annotations

import csv
import io

import httpx

from directory.web.ecosystem_pages import CHARTS


async def test_page_shows_every_chart_with_its_table_and_the_roadmap_phases(
        seeded_client: httpx.AsyncClient) -> None:
    page = await seeded_client.get("/ekosistem")
    assert page.status_code == 200
    for by in CHARTS:
        assert f'id="chart-{by}"' in page.text
        assert f'href="/ekosistem/csv/{by}"' in page.text
    assert page.text.count('role="img"') == len(CHARTS) + 1
    assert page.text.count("<table>") == len(CHARTS) + 1
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
            assert response.headers["content-type"].startswith("text/csv")
            lines = list(csv.reader(io.StringIO(response.text)))
            assert lines[0][0] == "# published profiles" and lines[0][1].startswith("as_of=")
            assert lines[1] == ["value", "label", "count"]
            assert [(str(r["value"]), int(r["count"])) for r in api["rows"]] == \
                [(row[0], int(row[2])) for row in lines[2:]]
    growth = (await seeded_client.get("/api/v1/stats/growth")).json()
    lines = list(csv.reader(io.StringIO((await seeded_client.get("/ekosistem/csv/growth")).text)))
    assert [[r["value"], str(r["count"]), str(r["cumulative"])] for r in growth["rows"]] == \
        lines[2:]


async def test_filters_narrow_and_bad_filters_are_explained(
        seeded_client: httpx.AsyncClient) -> None:
    talents = await seeded_client.get("/ekosistem?kind=talent")
    assert talents.status_code == 200
    bad = await seeded_client.get("/ekosistem?kind=robot")
    assert bad.status_code == 400 and "kind" in bad.text
    assert (await seeded_client.get("/ekosistem/csv/nothing")).status_code == 400
