"""Reusable validated field types of the interchange format (see shared/PRODUCT.md)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from directory import iso
from directory.taxonomy import (
    AVAILABILITY,
    CEASED_REASONS,
    FUNDING_STAGES,
    KECAMATAN,
    LEGAL_FORMS,
    MARKETS,
    ORG_TYPES,
    PLATFORMS,
    ROLES,
    SERVICES,
    STATUSES,
    SUBSECTORS,
    Vocabulary,
)

CURRENT_YEAR = datetime.now(UTC).year
# Money within reason, and far inside MongoDB's 64-bit integers (2^63 ≈ 9.2 × 10^18).
MAX_BUDGET_IDR = 10**15
MAX_RATE_IDR = 10**9
T = TypeVar("T")


def _in(vocab: Vocabulary) -> AfterValidator:
    """Accepts the codes of `vocab` only."""
    def check(value: str) -> str:
        if value not in vocab:
            raise PydanticCustomError("unknown_code", "unknown {vocabulary} code {value}",
                                     {"vocabulary": vocab.name, "value": repr(value)})
        return value

    return AfterValidator(check)


def _enum(vocab: Vocabulary) -> Any:
    """The codes as the JSON schema's enum (OpenAPI documents every controlled list)."""
    codes: list[JsonValue] = [*vocab.codes]
    return Field(json_schema_extra={"enum": codes})


def _unique(items: list[T]) -> list[T]:
    seen: set[object] = set()
    for item in items:
        key = item.casefold() if isinstance(item, str) else item
        if key in seen:
            raise PydanticCustomError("listed_twice", "{value} is listed twice",
                                     {"value": repr(item)})
        seen.add(key)
    return items


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("not_web_address", "must be an http:// or https:// address")
    return value


def _check_language(value: str) -> str:
    if value not in iso.language_codes():
        raise PydanticCustomError("unknown_language", "unknown ISO 639-1 language code {value}",
                                 {"value": repr(value)})
    return value


def _check_country(value: str) -> str:
    if value not in iso.country_codes():
        raise PydanticCustomError("unknown_country",
                                 "unknown ISO 3166-1 alpha-2 country code {value}",
                                 {"value": repr(value)})
    return value


# Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates that can make text display other than it reads
# (U+202A–U+202E, U+2066–U+2069). Long text may hold tabs and line breaks (a lone CR is refused).
_FORBIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_IN_LINE = re.compile(rf"[{_FORBIDDEN}\t\n\r]")
_IN_TEXT = re.compile(rf"[{_FORBIDDEN}]|\r(?!\n)")


def _refuse_character(found: str, single: bool) -> PydanticCustomError:
    if single and found in "\n\r":
        return PydanticCustomError("line_break", "must be a single line")
    return PydanticCustomError("control_character", "must not contain the character {char}",
                               {"char": f"U+{ord(found):04X}"})


def single_line(value: str) -> str:
    """Names, headlines, titles, labels, skills: one line of printable text."""
    if found := _IN_LINE.search(value):
        raise _refuse_character(found.group()[0], single=True)
    return value


def plain_text(value: str) -> str:
    """Descriptions and messages: printable text, tabs and line breaks allowed."""
    if found := _IN_TEXT.search(value):
        raise _refuse_character(found.group()[0], single=False)
    return value


def _check_date(value: str) -> str:
    """An ISO calendar date (YYYY-MM-DD), kept as that string (BSON has no date type)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("not_a_date", "must be an ISO date (YYYY-MM-DD)") from None
    if day > datetime.now(UTC).date():
        raise PydanticCustomError("date_in_future", "must not be in the future")
    return day.isoformat()


def _check_timestamp(value: datetime) -> datetime:
    # Stored in MongoDB with millisecond precision and in UTC; normalise now so that an
    # export → import round trip gives identical data.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


Subsector = Annotated[str, _in(SUBSECTORS), _enum(SUBSECTORS)]
Kecamatan = Annotated[str, _in(KECAMATAN), _enum(KECAMATAN)]
OrgType = Annotated[str, _in(ORG_TYPES), _enum(ORG_TYPES)]
Service = Annotated[str, _in(SERVICES), _enum(SERVICES)]
Role = Annotated[str, _in(ROLES), _enum(ROLES)]
Market = Annotated[str, _in(MARKETS), _enum(MARKETS)]
FundingStage = Annotated[str, _in(FUNDING_STAGES), _enum(FUNDING_STAGES)]
Availability = Annotated[str, _in(AVAILABILITY), _enum(AVAILABILITY)]
Platform = Annotated[str, _in(PLATFORMS), _enum(PLATFORMS)]
LegalForm = Annotated[str, _in(LEGAL_FORMS), _enum(LEGAL_FORMS)]
Status = Annotated[str, _in(STATUSES), _enum(STATUSES)]
CeasedReason = Annotated[str, _in(CEASED_REASONS), _enum(CEASED_REASONS)]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{3,80}$")]
Line = AfterValidator(single_line)
Text = AfterValidator(plain_text)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120), Line]
Headline = Annotated[str, StringConstraints(max_length=160), Line]
Description = Annotated[str, StringConstraints(max_length=5000), Text]
Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), Line]
Url = Annotated[str, StringConstraints(max_length=2000), Line, AfterValidator(_check_url)]
Language = Annotated[str, AfterValidator(_check_language)]
Country = Annotated[str, AfterValidator(_check_country)]
Timestamp = Annotated[datetime, AfterValidator(_check_timestamp)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
                    Field(json_schema_extra={"format": "date"}), AfterValidator(_check_date)]
Email = Annotated[str, StringConstraints(
    max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"), Line]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ()\-]{5,24}$")]


def _whole(value: Any) -> Any:
    """JSON has one kind of number: 35.0 is the whole number 35 (JSON Schema agrees), so a
    client's serializer writing it so is not refused. 35.5 stays a float and is refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Whole = Annotated[int, BeforeValidator(_whole)]
Year = Annotated[Whole, Field(ge=1950, le=CURRENT_YEAR)]
Nib = Annotated[str, StringConstraints(pattern=r"^[0-9]{13}$")]
Kbli = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Line]


# A list in which no item appears twice (strings compared case-insensitively). A maximum
# length goes before it — Annotated[list[X], Field(max_length=n), AfterValidator(_unique)] —
# so that an over-long list is reported as such before its items are compared.
UniqueList = Annotated[list[T], AfterValidator(_unique)]
Unique = AfterValidator(_unique)


class Part(BaseModel):
    """A nested object of the interchange format: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Link(Part):
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                     Line]
    url: Url


class Contact(Part):
    email: Email | None = None
    phone: Phone | None = None
    whatsapp: Phone | None = None
    # A note on where to find the office ("Jl. Soekarno-Hatta 9, lantai 2"): private like the
    # rest of the contact; the public location is the kecamatan and, optionally, a map pin.
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Line] \
        | None = None


class PortfolioItem(Part):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
                     Line]
    description: Annotated[str, StringConstraints(max_length=2000), Text] | None = None
    url: Url | None = None
    platforms: UniqueList[Platform] = []
    year: Year | None = None
    client_country: Country | None = None


class Translation(Part):
    """The headline and description in another language than the profile's main one."""
    headline: Headline | None = None
    description: Description | None = None


TRANSLATION_LANGUAGES = ("en", "id")
Translations = dict[Literal["en", "id"], Translation]


class Location(Part):
    # Malang Raya: Kota Malang, Kota Batu and Kabupaten Malang.
    lat: Annotated[float, Field(ge=-8.5, le=-7.7)]
    lng: Annotated[float, Field(ge=112.25, le=113.0)]


class Member(Part):
    talent_slug: Slug
    title: Title | None = None


class Affiliation(Part):
    organization_slug: Slug
    title: Title | None = None


class RateRange(Part):
    min: Annotated[Whole, Field(ge=0, le=MAX_RATE_IDR)] | None = None
    max: Annotated[Whole, Field(ge=0, le=MAX_RATE_IDR)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> RateRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError("min_above_max", "min must not be greater than max")
        return self
