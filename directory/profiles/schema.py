"""The interchange format (JSON Lines) as pydantic models: one definition for import, the API and
the stored documents. Unknown fields, unknown codes, wrong types and out-of-range values are errors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from directory.profiles.fields import (
    Affiliation,
    Availability,
    Contact,
    Country,
    Description,
    FundingStage,
    Headline,
    Kbli,
    Kecamatan,
    Language,
    LegalForm,
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
    Unique,
    UniqueList,
    Year,
)


class ProfileFields(BaseModel):
    """Fields shared by organizations and talents."""

    slug: Slug
    name: Name
    headline: Headline | None = None
    description: Description | None = None
    subsectors: Annotated[UniqueList[Subsector], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(max_length=30), Unique] = []
    kecamatan: Kecamatan
    languages: UniqueList[Language] = []
    links: Annotated[list[Link], Field(max_length=20)] = []
    contact: Contact | None = None
    portfolio: Annotated[list[PortfolioItem], Field(max_length=50)] = []
    communities: UniqueList[Slug] = []
    status: Status = "published"
    verified: bool = False
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class OrganizationFields(ProfileFields):
    org_type: OrgType
    services: UniqueList[Service] = []
    platforms: UniqueList[Platform] = []
    founded_year: Year | None = None
    team_size: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    legal_form: LegalForm | None = None
    nib: Nib | None = None
    kbli: UniqueList[Kbli] = []
    markets: UniqueList[Market] = []
    export_countries: UniqueList[Country] = []
    funding_stage: FundingStage | None = None
    accepting_projects: bool | None = None
    min_budget_idr: Annotated[int, Field(ge=0)] | None = None
    location: Location | None = None
    members: Annotated[list[Member], Field(max_length=500)] = []


class TalentFields(ProfileFields):
    roles: Annotated[UniqueList[Role], Field(min_length=1)]
    years_experience: Annotated[int, Field(ge=0, le=60)] | None = None
    availability: Availability | None = None
    hourly_rate_idr: RateRange | None = None
    affiliations: Annotated[list[Affiliation], Field(max_length=50)] = []
    campus: Annotated[str, Field(max_length=160)] | None = None


_STRICT = ConfigDict(extra="forbid", strict=True)


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

__all__ = [
    "PROFILE_ADAPTER",
    "Affiliation",
    "Availability",
    "Contact",
    "Country",
    "LegalForm",
    "Link",
    "Location",
    "Market",
    "Member",
    "OrganizationFields",
    "OrganizationIn",
    "PortfolioItem",
    "ProfileFields",
    "ProfileIn",
    "TalentFields",
    "TalentIn",
]
