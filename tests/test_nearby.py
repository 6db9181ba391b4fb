"""Near me: inside the radius the nearest profile comes first, whatever its words' relevance;
outside the radius nothing; pages continue the same order."""

from __future__ import annotations

import httpx

from directory.context import Services
from search.nearby import page_ids
from tests.factories import org
from tests.helpers import load

CENTRE = (-7.9500, 112.6200)


def _at(km_north: float) -> dict[str, float]:
    return {"lat": CENTRE[0] + km_north / 111.2, "lng": CENTRE[1]}


async def test_near_orders_by_distance_first_inside_the_radius(
        client: httpx.AsyncClient, services: Services) -> None:
    await load(
        services,
        # The best words (name, headline, service) but 4 km away.
        org(slug="far-animasi", name="Animasi Animasi Studio", headline="Studio animasi",
            services=["animation"], location=_at(4.0)),
        # Weaker words (only the headline), closer.
        org(slug="near-kopi", name="Kedai Kreatif", headline="Kadang membuat animasi",
            location=_at(0.8)),
        org(slug="mid-kopi", name="Rumah Kreatif", headline="Juga animasi pendek",
            location=_at(2.0)),
        org(slug="outside", name="Animasi Jauh", headline="Studio animasi", location=_at(9.0)),
    )
    params = {"q": "animasi", "near": f"{CENTRE[0]},{CENTRE[1]}", "radius_km": "5"}
    body = (await client.get("/api/v1/search", params=params)).json()
    assert [h["slug"] for h in body["hits"]] == ["near-kopi", "mid-kopi", "far-animasi"]
    assert body["total"] == 3
    # The same order across pages, and the page shows the distance.
    second = (await client.get("/api/v1/search", params={**params, "per_page": "2",
                                                         "page": "2"})).json()
    assert [h["slug"] for h in second["hits"]] == ["far-animasi"] and second["total"] == 3
    page = (await client.get("/cari", params=params)).text
    assert page.index("near-kopi") < page.index("mid-kopi") < page.index("far-animasi")
    assert "0,8 km dari titik" in page
    # Another sort chosen by the person still wins over distance.
    by_name = (await client.get("/api/v1/search", params={**params, "sort": "name"})).json()
    assert [h["slug"] for h in by_name["hits"]][0] == "far-animasi"


def test_page_ids_sort_by_distance_then_id() -> None:
    hits = [{"id": "b", "_geoDistance": 10}, {"id": "a", "_geoDistance": 10},
            {"id": "c", "_geoDistance": 3}, {"id": "d"}]
    assert page_ids(hits, 1, 3) == ["c", "a", "b"]
    assert page_ids(hits, 2, 3) == ["d"]
