"""Autocomplete and the unmet-demand record (zero- and low-result searches, no personal data)."""

from __future__ import annotations

import httpx
import pytest

from directory.context import Services
from search import demand
from search.demand import COLLECTION
from tests.factories import org, talent
from tests.helpers import load


@pytest.fixture
async def dataset(services: Services) -> None:
    await load(services,
               org(slug="arjuna-game", name="Arjuna Game Works",
                   subsectors=["pengembang-permainan"]),
               talent(slug="gama-putra", name="Gama Putra", roles=["animator"]))


pytestmark = pytest.mark.usefixtures("dataset")


async def test_suggest_offers_names_and_terms(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/suggest", params={"q": "gam"})).json()
    assert {p["slug"] for p in body["profiles"]} == {"arjuna-game", "gama-putra"}
    codes = [(t["facet"], t["code"]) for t in body["terms"]]
    assert ("service", "game_development") in codes and ("role", "game_artist") in codes
    assert all(t["url"].startswith("/cari?") for t in body["terms"])


async def test_suggest_labels_follow_the_language(client: httpx.AsyncClient) -> None:
    en = (await client.get("/api/v1/suggest", params={"q": "anim", "lang": "en"})).json()
    assert {"facet": "service", "code": "animation", "label": "Animation",
            "url": "/cari?service=animation"} in en["terms"]
    bad = await client.get("/api/v1/suggest", params={"q": "anim", "lang": "fr"})
    assert bad.status_code == 400 and bad.json()["invalid_params"][0]["name"] == "lang"


async def test_zero_and_low_result_searches_are_recorded(client: httpx.AsyncClient,
                                                          services: Services) -> None:
    await client.get("/api/v1/search", params={"q": "Kapal  Selam", "kecamatan": "sukun"})
    await client.get("/cari", params={"q": "robot bawah laut"})
    await client.get("/api/v1/search")  # asks nothing: not demand
    await client.get("/api/v1/search", params={"q": "kapal", "page": "2"})  # paging: not again
    await demand.flushed()  # written off the request path
    entries = await services.profiles.db[COLLECTION].find({}, {"_id": 0, "at": 0}) \
        .sort("q", 1).to_list(None)
    assert entries == [
        {"q": "kapal selam", "filters": {"kecamatan": ["sukun"]}, "available": False,
         "verified": False, "total": 0, "source": "api"},
        {"q": "robot bawah laut", "filters": {}, "available": False, "verified": False,
         "total": 0, "source": "page"},
    ]
