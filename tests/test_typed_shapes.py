"""Named shapes of owner-only and staff results (issue 11, item 5): a shape that carries an
address, a secret or a curator's note says so in its name (`...Private`), the API's answers
built from them are documented in OpenAPI without those fields, and mypy refuses a private
shape where a public answer is expected."""

from __future__ import annotations

import ast
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import httpx

from directory import audit
from directory.accounts import shapes as account_shapes
from directory.curation import shapes as curation_shapes
from directory.curation import verification
from directory.hiring import brief_shapes
from directory.hiring import shapes as hiring_shapes
from directory.profiles import inquiry_shapes, media, private
from directory.programmes import outcome_shapes
from directory.programmes import shapes as programme_shapes
from directory.stats import shapes as stats_shapes
from directory.web import (
    account_pages,
    brief_pages,
    duplicate_pages,
    health,
    manage_pages,
    review_pages,
    sections,
)

ROOT = Path(__file__).resolve().parent.parent
# Keys that carry someone's address, a secret, or who decided what.
PRIVATE_KEYS = {"email", "client_email", "actor_email", "token_hash", "feed_key", "by",
                "decided_by", "evidence", "profile", "reports", "hidden"}
SHAPE_MODULES = (account_shapes, curation_shapes, hiring_shapes, audit, verification, media,
                 private, account_pages, duplicate_pages, health, manage_pages, review_pages,
                 brief_shapes, inquiry_shapes, programme_shapes, outcome_shapes, brief_pages,
                 sections)  # stats/shapes.py: its `by` names a dimension, not a person


def _typed_dicts(module: ModuleType) -> list[type]:
    return [v for v in vars(module).values()
            if isinstance(v, type) and typing.is_typeddict(v) and v.__module__ == module.__name__]


def test_every_shape_carrying_private_keys_is_named_private() -> None:
    shapes = [shape for module in SHAPE_MODULES for shape in _typed_dicts(module)]
    assert len(shapes) >= 20
    for shape in shapes:
        private = PRIVATE_KEYS & set(typing.get_type_hints(shape))
        if private and not shape.__name__.endswith("Create"):  # validated input, never shown
            assert shape.__name__.endswith("Private"), (shape.__name__, private)


def test_api_answers_have_none_of_the_stored_private_fields() -> None:
    for answer, stored in ((hiring_shapes.EngagementAnswer, hiring_shapes.EngagementPrivate),
                           (hiring_shapes.SavedSearchAnswer, hiring_shapes.SavedSearchPrivate)):
        keys = set(typing.get_type_hints(answer))
        assert not PRIVATE_KEYS & keys, answer.__name__
        assert {"_id", "user_id", "client_email", "token_hash", "known"}.isdisjoint(keys)
        assert (PRIVATE_KEYS | {"user_id"}) & set(typing.get_type_hints(stored))  # it has some


async def test_openapi_documents_the_hiring_answers(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    paths, components = doc["paths"], doc["components"]["schemas"]

    def schema(path: str, method: str, status: str) -> typing.Any:
        return paths[path][method]["responses"][status]["content"]["application/json"]["schema"]

    listed = schema("/api/v1/engagements", "get", "200")
    assert listed["items"]["$ref"].endswith("/EngagementAnswer")
    for step in ("confirm", "done"):
        one = schema(f"/api/v1/engagements/{{engagement_id}}/{step}", "post", "200")
        assert one["$ref"].endswith("/EngagementAnswer")
    engagement = components["EngagementAnswer"]
    assert {"id", "state", "client_name", "done_at"} <= set(engagement["properties"])
    assert not {"client_email", "token_hash"} & set(engagement["properties"])
    assert "done_at" not in engagement["required"]  # present once the step happened

    saved = schema("/api/v1/saved-searches", "post", "201")
    assert saved["$ref"].endswith("/SavedSearchAnswer")
    assert schema("/api/v1/saved-searches", "get", "200")["items"]["$ref"].endswith(
        "/SavedSearchAnswer")
    body = paths["/api/v1/saved-searches"]["post"]["requestBody"]["content"]
    assert {"name", "query"} <= set(body["application/json"]["schema"]["properties"])

    compared = components["Comparison"]["properties"]["profiles"]["items"]
    assert compared["$ref"].endswith("/ComparisonRowPublic")
    row = components["ComparisonRowPublic"]["properties"]
    assert {"slug", "rating", "hourly_rate_idr", "verified"} <= set(row)
    assert not {"contact", "nib", "email"} & set(row)

    reply = paths["/api/v1/reviews/{review_id}/reply"]["post"]["requestBody"]["content"]
    assert set(reply["application/json"]["schema"]["properties"]) == {"reply"}
    assert schema("/livez", "get", "200")["$ref"].endswith("/Liveness")
    ready = schema("/readyz", "get", "200")
    assert ready["$ref"].endswith("/Readiness")
    check = components["ServiceCheck"]
    assert check["required"] == ["ok"] and {"version", "error"} <= set(check["properties"])
    assert set(components["Readiness"]["required"]) == {"status", "mongodb", "meilisearch",
                                                         "search_sync"}


def test_mypy_refuses_a_private_shape_where_an_answer_is_expected(tmp_path: Path) -> None:
    leak = tmp_path / "leak.py"
    leak.write_text(
        "from directory.hiring.shapes import EngagementAnswer, EngagementPrivate\n"
        "from directory.curation.shapes import ClaimPrivate\n"
        "def answer(e: EngagementPrivate) -> EngagementAnswer:\n"
        "    return e\n"
        "def shown(c: ClaimPrivate) -> str:\n"
        "    return c['profile_name']\n")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent",
         "--config-file", str(ROOT / "pyproject.toml"), str(leak)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert 'Incompatible return value type (got "EngagementPrivate", expected ' \
           '"EngagementAnswer")' in run.stdout
    assert '"ClaimPrivate" has no key "profile_name"' in run.stdout


async def test_openapi_documents_the_brief_answers(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    paths, components = doc["paths"], doc["components"]["schemas"]

    def ref(path: str, method: str, status: str = "200") -> typing.Any:
        return paths[path][method]["responses"][status]["content"]["application/json"]["schema"]

    assert ref("/api/v1/briefs", "post", "201")["$ref"].endswith("/BriefPostedAnswer")
    assert ref("/api/v1/briefs/{brief_id}", "get")["$ref"].endswith("/BriefReadPrivate")
    assert ref("/api/v1/briefs/{brief_id}/answers", "get")["items"]["$ref"].endswith(
        "/ResponsePrivate")
    assert ref("/api/v1/briefs/{brief_id}/answers", "post")["$ref"].endswith("/ResponseAnswer")
    assert ref("/api/v1/briefs/{brief_id}/choice", "post")["$ref"].endswith("/ResponsePrivate")
    assert ref("/api/v1/briefs/{brief_id}/matches", "get")["$ref"].endswith("/MatchesAnswer")
    assert ref("/api/v1/briefs/{brief_id}/close", "post")["$ref"].endswith("/BriefAnswer")
    brief = components["BriefAnswer"]
    # a public brief leaves out where its client is based; the origin is the client's own
    assert not {"client_country", "origin"} & set(brief["required"])
    assert not {"client_email", "client_id", "contact"} & set(brief["properties"])
    assert "contact" not in components["ResponseAnswer"]["properties"]
    assert "contact" not in components["ResponsePrivate"]["required"]
    read = components["BriefReadPrivate"]
    assert "role" in read["required"] and "client_email" not in read["required"]
    assert {"meets", "does_not_meet"} <= set(components["MatchAnswer"]["required"])


async def test_openapi_documents_the_lifecycle_and_the_indicators(client: httpx.AsyncClient
                                                                  ) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    paths, components = doc["paths"], doc["components"]["schemas"]

    def ref(path: str) -> str:
        return str(paths[path]["get"]["responses"]["200"]["content"]["application/json"]
                   ["schema"]["$ref"])

    assert ref("/api/v1/stats/lifecycle").endswith("/Lifecycle")
    assert ref("/api/v1/stats/indicators").endswith("/IndicatorCatalogue")
    cohort = components["CohortRow"]
    assert {"cohort", "size", "survived_5y", "survival_5y"} <= set(cohort["required"])
    assert "indicators" not in components["Lifecycle"]["required"]
    indicator = components["IndicatorPublic"]["properties"]
    assert {"code", "definition", "disaggregation", "reference_codes"} <= set(indicator)
    # the answer keeps exactly the documented keys
    answer = (await client.get("/api/v1/stats/indicators", params={"lang": "en"})).json()
    assert set(answer["indicators"][0]) == set(indicator)


async def test_openapi_documents_how_a_search_was_read(client: httpx.AsyncClient) -> None:
    components = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]
    answer = components["SearchAnswer"]
    assert {"understood", "relaxed", "did_you_mean"} <= set(answer["required"])
    assert {"concepts", "filters", "chips", "near_me"} <= set(components["Understood"]["required"])
    assert components["RelaxedAnswer"]["properties"]["hits"]["items"]["$ref"].endswith(
        "/SearchHit")


async def test_openapi_documents_the_programme_outcomes(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/schema/openapi.json")).json()
    paths, components = doc["paths"], doc["components"]["schemas"]
    answer = paths["/analis/program/{slug}/hasil.json"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/OutcomesAnswer")
    refusals = paths["/analis/program/{slug}/hasil.json"]["get"]["responses"]
    assert {"401", "403", "404"} <= set(refusals)
    assert "application/problem+json" in refusals["403"]["content"]
    assert {"programme", "title", "horizons", "min_group", "overlapping"} <= set(
        components["OutcomesAnswer"]["required"])
    cell = components["OutcomeCell"]
    assert set(cell["required"]) == {"value", "withheld"}  # "overlaps" only when withheld so
    assert "overlaps" in cell["properties"]
    # a count validates against the value's schema exactly once (not as integer and number)
    assert {s.get("type") for s in cell["properties"]["value"]["oneOf"]} == {"number", "null"}


def test_the_analysts_aggregates_name_no_organization_nor_its_figures() -> None:
    per_firm = {"slug", "name", "employees", "revenue_band", "export_share_pct", "reported_by"}
    for shape in (outcome_shapes.OutcomesAnswer, outcome_shapes.OutcomeHorizon,
                  outcome_shapes.OutcomeCell, stats_shapes.FigureSummary,
                  stats_shapes.FigureAggregateRow, stats_shapes.FiguresAggregate):
        assert not per_firm & set(typing.get_type_hints(shape)), shape.__name__
    # what they are computed from does carry them, under a name that says so
    assert {"slug", "employees", "revenue_band"} <= set(
        typing.get_type_hints(stats_shapes.FigureRecordPrivate))


def test_what_stays_untyped_says_why() -> None:
    """A result left `dict[str, Any]` (a MongoDB filter, Meilisearch's JSON, JSON-LD, the
    interchange JSON…) carries a trailing comment naming what it is, however its signature
    wraps; a domain result gets a named shape instead."""
    silent, seen = [], 0
    for path in sorted([*ROOT.glob("directory/**/*.py"), *ROOT.glob("search/**/*.py")]):
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns \
                    and "dict[str, Any]" in ast.unparse(node.returns):
                seen += 1
                end = lines[(node.returns.end_lineno or node.lineno) - 1]
                if "#" not in end.partition("->")[2]:
                    silent.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert seen > 10  # the scan found them
    assert silent == []
