"""The JSON API's typed shapes: what the OpenAPI document promises, that public shapes cannot
carry private fields, that write answers are exactly the owner's view, and that a save checks
permission once."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from directory.context import Services
from directory.profiles.private import OrganizationPrivate, TalentPrivate
from directory.profiles.public import OrganizationPublic, TalentPublic
from directory.profiles.schema import (
    OrganizationCreate,
    OrganizationIn,
    OrganizationUpdate,
    TalentCreate,
    TalentIn,
    TalentUpdate,
)
from directory.stats.parameters import DIMENSIONS, SCOPE_PARAMS
from search.api_parameters import SEARCH_PARAMETERS
from search.query import KNOWN_PARAMS
from tests.helpers import count_permission_lookups
from tests.web import make_user, org_body

PRIVATE_FIELDS = {"contact", "nib"}
PROBLEM = "application/problem+json"


async def _token(services: Services, email: str) -> dict[str, str]:
    user = await services.accounts.by_email(email) or await make_user(services, email)
    return {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}


def test_public_shapes_have_no_private_field_and_private_shapes_say_so() -> None:
    for public in (OrganizationPublic, TalentPublic):
        assert not PRIVATE_FIELDS & set(public.model_fields), public
    assert set(OrganizationPrivate.model_fields) >= PRIVATE_FIELDS
    assert "contact" in TalentPrivate.model_fields
    # The owner's view is the interchange format: every field of it, nothing else.
    assert set(OrganizationPrivate.model_fields) == set(OrganizationIn.model_fields)
    assert set(TalentPrivate.model_fields) == set(TalentIn.model_fields)


def test_write_bodies_are_the_interchange_fields_without_kind_and_timestamps() -> None:
    server = {"kind", "created_at", "updated_at"}
    for body, full in ((OrganizationCreate, OrganizationIn), (TalentCreate, TalentIn)):
        assert set(body.model_fields) == set(full.model_fields) - server
    for update, create in ((OrganizationUpdate, OrganizationCreate),
                           (TalentUpdate, TalentCreate)):
        # The address names the profile: its slug is not a field to change.
        assert set(update.model_fields) == set(create.model_fields) - {"slug"}
        assert not any(f.is_required() for f in update.model_fields.values())


def test_search_parameters_are_declared_once_for_the_docs_and_the_parser() -> None:
    assert {p.name for p in SEARCH_PARAMETERS} == KNOWN_PARAMS
    assert len(SEARCH_PARAMETERS) == len(KNOWN_PARAMS)


async def test_openapi_documents_write_bodies_answers_and_problems(
        client: httpx.AsyncClient) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    paths, components = doc["paths"], doc["components"]["schemas"]

    create = paths["/api/v1/organizations"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert {"slug", "name", "org_type", "contact", "nib", "location"} <= set(body["properties"])
    assert not {"kind", "created_at", "updated_at"} & set(body["properties"])
    assert {"slug", "name", "org_type", "subsectors", "kecamatan"} <= set(body["required"])
    assert body["additionalProperties"] is False
    talent = paths["/api/v1/talents"]["post"]["requestBody"]["content"]["application/json"]
    assert "roles" in talent["schema"]["properties"]
    update = paths["/api/v1/organizations/{slug}"]["patch"]
    update_body = update["requestBody"]["content"]["application/json"]["schema"]
    assert "org_type" in update_body["properties"] and not update_body.get("required")

    def answer(operation: dict[str, Any], status: str) -> dict[str, Any]:
        return operation["responses"][status]["content"]  # type: ignore[no-any-return]

    assert answer(create, "201")["application/json"]["schema"]["$ref"].endswith(
        "/OrganizationPrivate")
    for status in ("400", "401", "409", "422"):
        assert answer(create, status)[PROBLEM]["schema"]["$ref"].endswith("/Problem")
    for status in ("401", "403", "404", "422"):
        assert PROBLEM in answer(update, status)
    delete = paths["/api/v1/talents/{slug}"]["delete"]
    assert {"401", "403", "404"} <= set(delete["responses"])
    assert set(components["Problem"]["properties"]) >= {"title", "status", "invalid_params"}

    search = paths["/api/v1/search"]["get"]
    assert answer(search, "200")["application/json"]["schema"]["$ref"].endswith("/SearchAnswer")
    assert PROBLEM in answer(search, "400")
    assert {p["name"] for p in search["parameters"]} == KNOWN_PARAMS
    sort = next(p for p in search["parameters"] if p["name"] == "sort")
    assert "name" in json.dumps(sort["schema"]) and "relevance" in sort["description"]
    for name, shape in (("breakdown", "Breakdown"), ("growth", "Growth"),
                        ("overview", "Overview")):
        stats = paths[f"/api/v1/stats/{name}"]["get"]
        assert answer(stats, "200")["application/json"]["schema"]["$ref"].endswith(shape)
        assert PROBLEM in answer(stats, "400")
    assert set(components["SearchHit"]["required"]) == {"kind", "slug", "name", "headline",
                                                        "url"}
    for public in ("OrganizationPublic", "TalentPublic", "SearchHit"):
        assert not PRIVATE_FIELDS & set(components[public]["properties"]), public
    assert answer(paths["/api/v1/organizations/{slug}"]["get"], "404")[PROBLEM]


async def test_write_answers_are_exactly_the_stored_owners_view(
        client: httpx.AsyncClient, services: Services) -> None:
    auth = await _token(services, "owner@studiokopi.example")
    created = await client.post("/api/v1/organizations", headers=auth, json=org_body(
        nib="9120001234567", location={"lat": -7.95, "lng": 112.61}))
    assert created.status_code == 201, created.text
    stored = await services.editor.current("organization", "studio-kopi")
    assert created.content == json.dumps(
        {"kind": "organization", **stored}, separators=(",", ":")).encode()

    patched = await client.patch("/api/v1/organizations/studio-kopi", headers=auth,
                                 json={"headline": "Studio game", "nib": None})
    assert patched.status_code == 200, patched.text
    stored = await services.editor.current("organization", "studio-kopi")
    assert "nib" not in stored
    assert patched.content == json.dumps(
        {"kind": "organization", **stored, "changed": ["headline", "nib"]},
        separators=(",", ":")).encode()


async def test_a_save_checks_permission_once_and_reads_the_profile_once_for_it(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """What PATCH /api/v1/... calls (editor.save): one role lookup, one read before the
    transaction (which reads the stored document again to compare, as it must)."""
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body())
    calls = count_permission_lookups(monkeypatch)
    saved = await services.editor.save(owner, "organization", "studio-kopi",
                                       {"headline": "Sekali saja"})
    assert saved.changed == ["headline"] and saved.profile.headline == "Sekali saja"
    assert calls == {"role": 1, "read": 1}


async def test_declared_parameters_leave_parsing_and_its_messages_to_the_parsers(
        client: httpx.AsyncClient) -> None:
    """The OpenAPI declaration never answers for the parser: a repeated single value, an
    unknown code or name still get the API's own problem+json naming the parameter."""
    for path, query, name, reason in (
            ("/api/v1/search", "q=a&q=b", "q", "hanya boleh diberikan sekali"),
            ("/api/v1/search", "sort=cheapest", "sort", "urutan 'cheapest' tidak dikenal"),
            ("/api/v1/search", "per_page=1000", "per_page", "harus antara 1 dan 100"),
            ("/api/v1/search", "colour=red", "colour", "parameter tidak dikenal"),
            ("/api/v1/stats/breakdown", "by=subsector&by=kecamatan", "by", "sekali"),
            ("/api/v1/stats/growth", "interval=year&interval=month", "interval", "sekali")):
        response = await client.get(f"{path}?{query}")
        assert response.status_code == 400, (query, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)
        invalid = response.json()["invalid_params"]
        assert [p["name"] for p in invalid] == [name], query
        assert reason in invalid[0]["reason"], query


async def test_stats_parameters_are_declared_from_the_parsers_table(
        client: httpx.AsyncClient) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    for path, own in (("breakdown", {"by"}), ("growth", {"interval"}), ("overview", set())):
        parameters = doc["paths"][f"/api/v1/stats/{path}"]["get"]["parameters"]
        assert {p["name"] for p in parameters} == SCOPE_PARAMS | own
    by = next(p for p in doc["paths"]["/api/v1/stats/breakdown"]["get"]["parameters"]
              if p["name"] == "by")
    assert by["schema"]["enum"] == list(DIMENSIONS)


async def test_every_documented_api_error_is_problem_json(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    operations = [(path, method, op) for path, item in doc["paths"].items()
                  if path.startswith("/api/v1/") for method, op in item.items()]
    assert len(operations) >= 12
    for path, method, op in operations:
        errors = {status: answer for status, answer in op["responses"].items()
                  if status.startswith(("4", "5"))}
        assert "400" in errors, (method, path)  # malformed input is a documented answer
        for status, answer in errors.items():
            assert list(answer.get("content", {})) == [PROBLEM], (method, path, status)
