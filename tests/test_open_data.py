"""Open data: the DCAT catalogue at /catalog.jsonld parsed as RDF (types, licence, languages,
publisher, coverage), every download URL it lists fetched (status, content type), the bulk files
free of every private value; the indicator metadata and the methodology page."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from directory.context import Services
from directory.stats import history as snapshots
from directory.stats.indicators import INDICATORS
from directory.web.ecosystem_pages import CHARTS
from tests.factories import org, talent
from tests.helpers import load
from tests.test_privacy import SECRETS, assert_no_secret

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph internally (rdflib 7.x).
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
CONFIDENTIAL = "4242"


@pytest.fixture
async def published(services: Services) -> None:
    await load(
        services,
        org(slug="studio-rahasia", name="Studio Rahasia Game", nib=SECRETS[5],
            contact={"email": SECRETS[0], "phone": SECRETS[1], "whatsapp": SECRETS[2]},
            subsectors=["pengembang-permainan"], founded_year=2018,
            created_at="2019-02-01T00:00:00Z", skills=["=HYPERLINK(\"x\")"],
            members=[{"talent_slug": "talenta-rahasia", "title": "Artis"}]),
        org(slug="studio-tutup", status="ceased", ceased_at="2022-03-31", ceased_reason="closed",
            founded_year=2016, created_at="2020-01-01T00:00:00Z"),
        talent(slug="talenta-rahasia", name="Talenta Rahasia",
               contact={"email": SECRETS[3], "phone": SECRETS[4]},
               created_at="2021-05-01T00:00:00Z"),
        org(slug="studio-draf", name="Studio Draf Game", status="draft"),
        talent(slug="talenta-sembunyi", name="Talenta Sembunyi", status="hidden"),
    )
    await services.figures.figures.insert_one(
        {"slug": "studio-rahasia", "employees": int(CONFIDENTIAL), "revenue_band": "small",
         "export_share_pct": 42, "reported_at": datetime.now(UTC)})
    await snapshots.take(services.stats, datetime(2026, 11, 1, 0, 5, tzinfo=UTC))


async def catalogue(client: httpx.AsyncClient) -> tuple[Graph, httpx.Response]:
    response = await client.get("/catalog.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    graph = Graph()
    graph.parse(data=response.text, format="json-ld", publicID="http://testserver/")
    return graph, response


async def test_the_catalogue_is_dcat(published: None, client: httpx.AsyncClient) -> None:
    graph, _response = await catalogue(client)
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalogs == [URIRef("http://testserver/catalog.jsonld")]
    datasets = set(graph.objects(catalogs[0], DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    names = {str(graph.value(d, DCTERMS.identifier)) for d in datasets}
    assert {"profiles", "snapshots", "indicators"} <= names
    assert {f"stats-{by}" for by in CHARTS} | {"stats-growth", "stats-growth-month",
                                                "stats-lifecycle", "stats-survival"} <= names
    publisher = graph.value(catalogs[0], DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert any("Bappeda" in str(n) for n in graph.objects(publisher, FOAF.name))
    city = URIRef("http://testserver/data#wilayah-3573")
    assert (city, SKOS.notation, Literal("3573")) in graph
    districts = set(graph.subjects(SKOS.broader, city))
    assert {str(graph.value(d, DCTERMS.identifier)) for d in districts} == {
        "35.73.01", "35.73.02", "35.73.03", "35.73.04", "35.73.05"}
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.license) == CC_BY
        assert graph.value(dataset, DCTERMS.publisher) == publisher
        assert graph.value(dataset, DCTERMS.spatial) == city
        for prop in (DCTERMS.title, DCTERMS.description):
            languages = {o.language for o in graph.objects(dataset, prop)}
            assert languages == {"id", "en"}, (dataset, prop)
        modified = graph.value(dataset, DCTERMS.modified)
        assert isinstance(modified.toPython(), datetime)
        temporal = graph.value(dataset, DCTERMS.temporal)
        if str(graph.value(dataset, DCTERMS.identifier)) != "indicators":  # no time period
            assert temporal is not None and graph.value(temporal, DCAT.startDate) is not None
        assert str(graph.value(dataset, DCTERMS.conformsTo)).startswith(
            "http://testserver/metodologi")
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert graph.value(distribution, DCAT.downloadURL) is not None
            assert str(graph.value(distribution, DCAT.mediaType)).startswith(
                "https://www.iana.org/assignments/media-types/")
    profiles = URIRef("http://testserver/data#profiles")
    start = graph.value(graph.value(profiles, DCTERMS.temporal), DCAT.startDate)
    assert str(start) == "2019-02-01"  # the first public profile's created_at


async def test_every_download_url_works_and_no_private_value_leaks(
        published: None, client: httpx.AsyncClient) -> None:
    graph, response = await catalogue(client)
    assert_no_secret(response.text)
    fetched = 0
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        url = str(graph.value(distribution, DCAT.downloadURL))
        media = str(graph.value(distribution, DCAT.mediaType)).rsplit("media-types/", 1)[1]
        assert url.startswith("http://testserver/")
        answer = await client.get(url.removeprefix("http://testserver"))
        assert answer.status_code == 200, url
        assert answer.headers["content-type"].split(";")[0] == media, url
        assert_no_secret(answer.text)
        assert CONFIDENTIAL not in answer.text
        if not url.endswith("/indicators"):  # there it names an indicator, not a value
            assert "export_share" not in answer.text
        fetched += 1
    # the tables, growth ×2, lifecycle ×2; the bulk file ×2, the snapshots, the indicators
    assert fetched == len(CHARTS) + 4 + 4
    survival = URIRef("http://testserver/data#stats-survival")
    assert str(graph.value(survival, DCTERMS.conformsTo)).endswith("/metodologi#survival_rate")


async def test_the_bulk_files_hold_public_profiles_and_public_fields_only(
        published: None, client: httpx.AsyncClient) -> None:
    lines = (await client.get("/data/profiles.jsonl")).text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["kind"], r["slug"]) for r in rows] == [
        ("organization", "studio-rahasia"), ("organization", "studio-tutup"),
        ("talent", "talenta-rahasia")]
    for row in rows:
        assert not {"contact", "nib", "status", "members", "affiliations"} & set(row)
    assert rows[0]["registered"] is True and rows[0]["kecamatan_bps"] == "35.73.02"
    assert rows[0]["url"] == "http://testserver/organisasi/studio-rahasia"
    assert rows[1]["ceased"] is True and rows[1]["ceased_at"] == "2022-03-31"
    raw = (await client.get("/data/profiles.csv")).content
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["slug"] for r in table] == ["studio-rahasia", "studio-tutup", "talenta-rahasia"]
    assert table[0]["skills"] == "'=HYPERLINK(\"x\")"  # formula neutralised
    assert table[1]["ceased"] == "true" and table[0]["subsectors"] == "pengembang-permainan"
    history = list(csv.reader(io.StringIO(
        (await client.get("/data/snapshots.csv")).content.decode("utf-8-sig"))))
    assert history[0][:5] == ["month", "taken_at", "total", "talents", "organizations"]
    assert history[1][0] == "2026-11" and history[1][2:5] == ["2", "1", "1"]


async def test_the_human_catalogue_and_the_methodology(
        published: None, client: httpx.AsyncClient) -> None:
    page = await client.get("/data", params={"lang": "id"})
    assert page.status_code == 200
    assert "/data/profiles.csv" in page.text and "CC BY 4.0" in page.text
    assert "35.73.05" in page.text
    english = await client.get("/data", params={"lang": "en"})
    assert "Published profiles of the Kota Malang creative-economy directory" in english.text
    method = await client.get("/metodologi", params={"lang": "id"})
    assert method.status_code == 200
    for anchor in ('id="definisi"', 'id="kerahasiaan"', 'id="kalender"', 'id="indikator"'):
        assert anchor in method.text
    assert "n = 2" in method.text and "85%" in method.text
    for code in INDICATORS:
        assert f'id="{code}"' in method.text
    assert method.text.count("<time datetime=") == 12  # the next twelve monthly snapshots
    english = await client.get("/metodologi", params={"lang": "en"})
    assert "Definitions and methodology" in english.text


async def test_indicator_metadata_covers_every_published_figure(
        published: None, client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/stats/indicators")).json()
    fields = {"name", "concept", "definition", "interpretation", "method", "unit", "frequency",
              "disaggregation", "source", "related", "reference_codes"}
    codes = set()
    for indicator in body["indicators"]:
        assert fields <= set(indicator)
        assert set(indicator["name"]) == {"id", "en"} and all(indicator["name"].values())
        codes.add(indicator["code"])
    for related in (i["related"] for i in body["indicators"]):
        assert set(related) <= codes
    published_codes = set()
    for by in CHARTS:
        published_codes.add((await client.get("/api/v1/stats/breakdown",
                                              params={"by": by})).json()["indicator"])
    published_codes.add((await client.get("/api/v1/stats/growth")).json()["indicator"])
    published_codes |= set((await client.get("/api/v1/stats/overview")).json()["indicators"])
    published_codes |= set((await client.get("/api/v1/stats/lifecycle")).json()["indicators"])
    assert published_codes <= codes
    english = (await client.get("/api/v1/stats/indicators", params={"lang": "en"})).json()
    assert english["indicators"][0]["name"] == "Active profiles"
    assert (await client.get("/api/v1/stats/indicators", params={"lang": "fr"})).status_code \
        == 400
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/stats/indicators" in schema["paths"]
