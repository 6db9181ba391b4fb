"""The interchange format (JSON Lines) as pydantic models: one definition for import, the API and
the stored documents. Unknown fields, unknown codes, wrong types and out-of-range values are errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model, model_validator
from pydantic_core import PydanticCustomError

from directory.profiles.fields import (
    MAX_BUDGET_IDR,
    Affiliation,
    Availability,
    CeasedReason,
    Contact,
    Country,
    Description,
    FundingStage,
    Headline,
    IsoDate,
    Kbli,
    Kecamatan,
    Language,
    LegalForm,
    Line,
    Link,
    Location,
    Market,
    Member,
    Name,
    Nib,
    OrgType,
    Platform,
    PortfolioItem,
    RateRange,
    Role,
    Service,
    Skill,
    Slug,
    Status,
    Subsector,
    Timestamp,
    Translations,
    Unique,
    UniqueList,
    Whole,
    Year,
)


class _Shared(BaseModel):
    """Fields shared by organizations and talents that their owners write."""

    slug: Slug
    name: Name
    headline: Headline | None = None
    description: Description | None = None
    # Optional versions in the other language (contract additions 2026-12); the top-level
    # headline/description stay the profile's main language.
    translations: Translations | None = None
    subsectors: Annotated[UniqueList[Subsector], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(max_length=30), Unique] = []
    kecamatan: Kecamatan
    languages: UniqueList[Language] = []
    links: Annotated[list[Link], Field(max_length=20)] = []
    contact: Contact | None = None
    portfolio: Annotated[list[PortfolioItem], Field(max_length=50)] = []
    communities: UniqueList[Slug] = []
    status: Status = "published"
    # The lifecycle (shared/PRODUCT.md, contract additions 2026-12): both required with status
    # `ceased`; never on a published profile (one that operates again drops them); a ceased
    # profile a curator hides, or its owners take back to draft, keeps them.
    ceased_at: IsoDate | None = None
    ceased_reason: CeasedReason | None = None
    verified: bool = False
    # Opt-in to project briefs (directory/hiring): only profiles that accept them are sent one.
    # Absent means no (kept out of exports and documents that never said yes).
    accepts_briefs: bool | None = None


class _Timestamps(BaseModel):
    """Kept as given on import; decided by the server on every other write."""

    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


# Field order is the order of the stored documents, the export and the owner's view:
# shared fields, timestamps, then the kind's own (pydantic collects bases last to first).
class ProfileFields(_Timestamps, _Shared):
    """Fields shared by organizations and talents."""

    @model_validator(mode="after")
    def _lifecycle(self) -> ProfileFields:
        ceased = self.status == "ceased"
        for name in ("ceased_at", "ceased_reason"):
            given = getattr(self, name) is not None
            if ceased and not given:
                raise PydanticCustomError("ceased_missing", "required when status is ceased",
                                          {"field": name})
            if given and self.status == "published":
                raise PydanticCustomError("ceased_not_ceased",
                                          "not for a published profile (only when ceased)",
                                          {"field": name})
        founded = getattr(self, "founded_year", None)
        if ceased and founded is not None and int(str(self.ceased_at)[:4]) < founded:
            raise PydanticCustomError("ceased_before_founded",
                                      "must not be before the founding year {year}",
                                      {"field": "ceased_at", "year": founded})
        return self


class _OrganizationOwn(BaseModel):
    org_type: OrgType
    services: UniqueList[Service] = []
    platforms: UniqueList[Platform] = []
    founded_year: Year | None = None
    team_size: Annotated[Whole, Field(ge=1, le=1_000_000)] | None = None
    legal_form: LegalForm | None = None
    nib: Nib | None = None
    kbli: UniqueList[Kbli] = []
    markets: UniqueList[Market] = []
    export_countries: UniqueList[Country] = []
    funding_stage: FundingStage | None = None
    accepting_projects: bool | None = None
    min_budget_idr: Annotated[Whole, Field(ge=0, le=MAX_BUDGET_IDR)] | None = None
    location: Location | None = None
    members: Annotated[list[Member], Field(max_length=500)] = []


class _TalentOwn(BaseModel):
    roles: Annotated[UniqueList[Role], Field(min_length=1)]
    years_experience: Annotated[Whole, Field(ge=0, le=60)] | None = None
    availability: Availability | None = None
    hourly_rate_idr: RateRange | None = None
    affiliations: Annotated[list[Affiliation], Field(max_length=50)] = []
    campus: Annotated[str, Field(max_length=160), Line] | None = None


class OrganizationFields(_OrganizationOwn, ProfileFields):
    """Every field of an organization (stored documents add nothing else)."""


class TalentFields(_TalentOwn, ProfileFields):
    """Every field of a talent."""


_STRICT = ConfigDict(extra="forbid", strict=True)
Kind = Literal["organization", "talent"]


class OrganizationIn(OrganizationFields):
    """One organization line of the interchange format."""

    model_config = _STRICT
    kind: Literal["organization"]


class TalentIn(TalentFields):
    """One talent line of the interchange format."""

    model_config = _STRICT
    kind: Literal["talent"]


ProfileIn = Annotated[OrganizationIn | TalentIn, Field(discriminator="kind")]
PROFILE_ADAPTER: TypeAdapter[OrganizationIn | TalentIn] = TypeAdapter(ProfileIn)


# --- API bodies -------------------------------------------------------------------------------
# What an owner sends: the interchange fields without `kind` (the address says it) and without
# the timestamps (the server's). The editor validates a body against the interchange model above
# after checking who sends it, so that a stranger gets 401/403 before any field message and every
# invalid field is named in one answer (directory/profiles/validation.py).


class OrganizationCreate(_OrganizationOwn, _Shared):
    """The body of `POST /api/v1/organizations`; `verified` may be sent by curators only."""

    model_config = _STRICT


class TalentCreate(_TalentOwn, _Shared):
    """The body of `POST /api/v1/talents`; `verified` may be sent by curators only."""

    model_config = _STRICT


def _partial(model: type[BaseModel], name: str, doc: str) -> type[BaseModel]:
    """`model` with every field optional and nullable (a PATCH body: `null` removes a field)."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name == "slug":  # the address names the profile; it cannot change
            continue
        annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata \
            else info.annotation
        fields[field_name] = (annotation | None, None)
    partial: type[BaseModel] = create_model(name, __config__=_STRICT, __doc__=doc, **fields)
    return partial


OrganizationUpdate = _partial(
    OrganizationCreate, "OrganizationUpdate",
    "The body of `PATCH /api/v1/organizations/{slug}`: only the fields to change; `null` "
    "removes an optional field. `slug` cannot change.")
TalentUpdate = _partial(
    TalentCreate, "TalentUpdate",
    "The body of `PATCH /api/v1/talents/{slug}`: only the fields to change; `null` removes an "
    "optional field. `slug` cannot change.")

__all__ = [
    "PROFILE_ADAPTER",
    "Affiliation",
    "Availability",
    "Contact",
    "Kind",
    "Country",
    "LegalForm",
    "Link",
    "Location",
    "Market",
    "Member",
    "OrganizationFields",
    "OrganizationCreate",
    "OrganizationIn",
    "OrganizationUpdate",
    "PortfolioItem",
    "ProfileFields",
    "ProfileIn",
    "TalentFields",
    "TalentCreate",
    "TalentIn",
    "TalentUpdate",
]
