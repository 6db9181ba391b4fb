"""What the JSON API's OpenAPI document says beyond the handlers' own types: problem+json error
answers, request bodies documented by a model but decoded as a plain JSON object, and query
parameters declared from a table.

Write bodies are validated by the profile editor, not by Litestar: authentication and permission
come first (401/403 before any field message), and every invalid field is named in one 422
answer with the same messages as the HTML forms.
"""

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, NotRequired, TypedDict, cast

from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import QueryParameter
from pydantic import BaseModel

from directory.web.errors import PROBLEM_JSON
from search.api_parameters import Parameter


class InvalidParam(TypedDict):
    name: str  # the field or parameter, e.g. "services[1]" or "per_page"
    reason: str


class Problem(TypedDict):
    """An error answer (RFC 9457, application/problem+json)."""

    type: str
    title: str
    status: int
    detail: NotRequired[str]
    invalid_params: NotRequired[list[InvalidParam]]


_MEANINGS = {
    400: "Bad request: a parameter or the body is malformed (each one named)",
    401: "No valid personal API token (Authorization: Bearer <token>)",
    403: "The token's user may not change this profile",
    404: "No such profile (the public reads also answer 404 for a draft or hidden one)",
    409: "The slug is taken, or the user already owns a talent profile",
    422: "Invalid profile: every invalid field is named in invalid_params",
    503: "The search engine or the database is unavailable; retry shortly",
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI responses for these error statuses, each an application/problem+json body."""
    return {status: ResponseSpec(data_container=Problem, media_type=PROBLEM_JSON,
                                 description=_MEANINGS[status], generate_examples=False)
            for status in statuses}


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """pydantic's JSON schema with its `$defs` references replaced by the definitions."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def json_body_of(model: type[BaseModel]) -> type[Operation]:
    """An Operation class that documents the request body as `model` (see the module doc)."""
    generated = model.model_json_schema()
    # A plain JSON schema: Litestar writes dict values of its spec objects through unchanged.
    schema = cast(Schema, _inline(generated, generated.pop("$defs", {})))

    @dataclass
    class DocumentedBody(Operation):
        def __post_init__(self) -> None:
            self.request_body = RequestBody(
                required=True, description=model.__doc__,
                content={"application/json": OpenAPIMediaType(schema=schema)})

    return DocumentedBody


def declared_query(parameters: Sequence[Parameter]) -> Callable[..., None]:
    """A dependency that only declares `parameters` to the OpenAPI document. The handler parses
    the raw query itself, so that a repeated single value and an unknown name are reported in
    the API's own words, never by Litestar's validation."""

    def declared(**_values: object) -> None:
        return None

    signature = []
    for p in parameters:
        # Optional (absent = None) for Litestar, which would otherwise require it; the document
        # shows the plain string or array of strings, with the codes it accepts.
        value_type: Any = list[str] if p.repeatable else str
        # An empty value is the same as none (what a form's empty choice sends), so the
        # document lists "" too, except for a required parameter (there it is an error).
        codes: list[Any] | None = None
        if p.codes:
            codes = list(p.codes) if p.required or "" in p.codes else [*p.codes, ""]
        extra = {k: (OpenAPIType(v) if k == "type" else v) for k, v in p.schema.items()}
        shown: dict[str, Any] = {"one_of": None, "type": OpenAPIType.STRING, "enum": codes,
                                 **extra}
        if p.repeatable:
            item: dict[str, Any] = {"type": OpenAPIType.STRING, "enum": codes, **extra}
            shown = {"one_of": None, "type": OpenAPIType.ARRAY, "enum": None,
                     "items": Schema(**item)}
        description = p.description + (f". One of: {', '.join(p.codes)}" if p.codes else "")
        annotation = Annotated[value_type | None, QueryParameter(
            description=description, schema_extra=shown, required=p.required or None)]
        signature.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY,
                                           default=None, annotation=annotation))
    declared.__signature__ = inspect.Signature(signature, return_annotation=None)  # type: ignore[attr-defined]
    declared.__annotations__ = {p.name: p.annotation for p in signature} | {"return": None}
    return declared


def declaring(*parameters: Parameter) -> dict[str, Provide]:
    """A handler's `dependencies`: a `declared` dependency that puts `parameters` in the
    OpenAPI document (the handler takes `declared: NamedDependency[None]`)."""
    return {"declared": Provide(declared_query(parameters), sync_to_thread=False)}
