"""Private stays private: contact details never in pages, the public API or the search index;
drafts and hidden profiles are never public."""

from __future__ import annotations

import json

import extruct
import httpx
import pytest
from lxml import html as lxml_html

from directory.context import Services
from tests.factories import org, talent
from tests.helpers import indexed_documents, load

SECRETS = ["rahasia.sekali@studio.example", "+62 812-9999-0001", "+62 813-9999-0002",
           "pribadi.talenta@talenta.example", "+62 857-9999-0003", "1234567890123",
           "Jl. Rahasia Kantor 77"]


@pytest.fixture
async def profiles(services: Services) -> None:
    await load(
        services,
        org(slug="studio-rahasia", name="Studio Rahasia Game", nib="1234567890123",
            contact={"email": SECRETS[0], "phone": SECRETS[1], "whatsapp": SECRETS[2],
                     "address": SECRETS[6]},
            subsectors=["pengembang-permainan"]),
        talent(slug="talenta-rahasia", name="Talenta Rahasia",
               contact={"email": SECRETS[3], "phone": SECRETS[4]}),
        org(slug="studio-draf", name="Studio Draf Game", status="draft"),
        org(slug="studio-sembunyi", name="Studio Sembunyi Game", status="hidden"),
        talent(slug="talenta-draf", name="Talenta Draf", status="draft"),
        talent(slug="talenta-sembunyi", name="Talenta Sembunyi", status="hidden"),
    )


pytestmark = pytest.mark.usefixtures("profiles")


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert "rahasia.sekali" not in text and "pribadi.talenta" not in text


@pytest.mark.parametrize("path", [
    "/", "/cari", "/cari?q=rahasia", "/organisasi/studio-rahasia", "/talenta/talenta-rahasia",
    "/api/v1/search?q=rahasia", "/api/v1/search?q=studio.example",
    "/api/v1/organizations/studio-rahasia", "/api/v1/talents/talenta-rahasia",
    "/organisasi/studio-rahasia?lang=en", "/talenta/talenta-rahasia?lang=en",
    "/verifikasi/studio-rahasia", "/lencana/studio-rahasia.svg", "/robots.txt", "/sitemap.xml",
    "/sitemaps/organisasi-1.xml", "/sitemaps/talenta-1.xml", "/ekosistem",
])
async def test_contact_details_never_shown(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert_no_secret(response.text)


async def test_contact_details_are_not_searchable(client: httpx.AsyncClient) -> None:
    for secret in ("sekali", "pribadi", "9999", "0002"):
        body = (await client.get("/api/v1/search", params={"q": secret})).json()
        assert body["total"] == 0, secret


async def test_search_index_holds_no_private_field(services: Services) -> None:
    documents = await indexed_documents(services)
    assert {d["slug"] for d in documents} == {"studio-rahasia", "talenta-rahasia"}
    assert_no_secret(json.dumps(documents))
    for document in documents:
        assert "contact" not in document and "nib" not in document


@pytest.mark.parametrize("path", [
    "/organisasi/studio-draf", "/organisasi/studio-sembunyi", "/talenta/talenta-draf",
    "/talenta/talenta-sembunyi", "/api/v1/organizations/studio-draf",
    "/api/v1/organizations/studio-sembunyi", "/api/v1/talents/talenta-draf",
    "/api/v1/talents/talenta-sembunyi", "/api/v1/organizations/tidak-ada",
    "/organisasi/tidak-ada",
])
async def test_drafts_and_hidden_profiles_are_not_found(client: httpx.AsyncClient,
                                                         path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.headers["content-type"].startswith("application/problem+json")
    else:
        assert "Halaman tidak ditemukan" in response.text


async def test_drafts_and_hidden_profiles_are_not_in_search(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/search", params={"q": "game", "per_page": 100})).json()
    assert [h["slug"] for h in body["hits"]] == ["studio-rahasia"]
    page = (await client.get("/cari", params={"q": "Sembunyi"})).text
    assert "Studio Sembunyi" not in page and "Talenta Sembunyi" not in page


async def test_unpublishing_removes_a_profile_from_search(services: Services,
                                                          client: httpx.AsyncClient) -> None:
    await load(services, org(slug="studio-rahasia", name="Studio Rahasia Game", status="hidden",
                             subsectors=["pengembang-permainan"]))
    body = (await client.get("/api/v1/search", params={"q": "rahasia"})).json()
    assert [h["slug"] for h in body["hits"]] == ["talenta-rahasia"]
    assert (await client.get("/api/v1/organizations/studio-rahasia")).status_code == 404


async def test_public_api_profile_shape(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/organizations/studio-rahasia")).json()
    assert body["slug"] == "studio-rahasia" and body["kind"] == "organization"
    assert body["url"] == "/organisasi/studio-rahasia"
    assert body["registered"] is True
    assert "contact" not in body and "nib" not in body and "status" not in body


PRIVATE_KEYS = {"contact", "email", "telephone", "phone", "whatsapp", "nib", "taxID",
                "vatID", "geo", "latitude", "longitude", "revenue", "confidential"}


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize("path", [
    "/organisasi/studio-rahasia", "/organisasi/studio-rahasia?lang=en",
    "/talenta/talenta-rahasia", "/talenta/talenta-rahasia?lang=en", "/cari?q=rahasia",
    "/ekosistem"])
async def test_structured_data_and_meta_tags_hold_no_private_field(
        client: httpx.AsyncClient, path: str) -> None:
    """What search engines and link previews read (JSON-LD, Open Graph, Twitter and the other
    meta tags), extracted as a crawler does."""
    text = (await client.get(path)).text
    data = extruct.extract(text, base_url="http://testserver" + path,
                           syntaxes=["json-ld", "opengraph"], uniform=False)
    assert data["json-ld"], path
    meta = [el.get("content") or "" for el in lxml_html.fromstring(text).xpath("//meta")]
    assert_no_secret(json.dumps(data, ensure_ascii=False) + "\n".join(meta))
    assert not _keys(data["json-ld"]) & PRIVATE_KEYS
    for item in data["json-ld"]:
        for node in item.get("@graph", [item]):
            if node.get("@type") == "Person":  # the kecamatan, never more precise
                assert set(node["homeLocation"]["address"]) == {
                    "@type", "addressLocality", "addressRegion", "addressCountry"}
