"""The interchange format (JSON Lines) as pydantic models: one definition for import, the API and
the stored documents. Unknown fields, unknown codes, wrong types and out-of-range values are errors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator
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
    Year,
    unique_list,
)


class ProfileFields(BaseModel):
    """Fields shared by organizations and talents."""

    slug: Slug
    name: Name
    headline: Headline | None = None
    description: Description | None = None
    subsectors: Annotated[unique_list(Subsector), Field(min_length=1)]  # type: ignore[valid-type]
    skills: unique_list(Skill, 30) = []  # type: ignore[valid-type]
    kecamatan: Kecamatan
    languages: unique_list(Language) = []  # type: ignore[valid-type]
    links: Annotated[list[Link], Field(max_length=20)] = []
    contact: Contact | None = None
    portfolio: Annotated[list[PortfolioItem], Field(max_length=50)] = []
    communities: unique_list(Slug) = []  # type: ignore[valid-type]
    status: Status = "published"
    # The lifecycle (shared/PRODUCT.md, contract additions 2026-12): both required with status
    # `ceased`; never on a published profile (one that operates again drops them); a ceased
    # profile a curator hides, or its owners take back to draft, keeps them.
    ceased_at: IsoDate | None = None
    ceased_reason: CeasedReason | None = None
    verified: bool = False
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None

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


class OrganizationFields(ProfileFields):
    org_type: OrgType
    services: unique_list(Service) = []  # type: ignore[valid-type]
    platforms: unique_list(Platform) = []  # type: ignore[valid-type]
    founded_year: Year | None = None
    team_size: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    legal_form: LegalForm | None = None
    nib: Nib | None = None
    kbli: unique_list(Kbli) = []  # type: ignore[valid-type]
    markets: unique_list(Market) = []  # type: ignore[valid-type]
    export_countries: unique_list(Country) = []  # type: ignore[valid-type]
    funding_stage: FundingStage | None = None
    accepting_projects: bool | None = None
    min_budget_idr: Annotated[int, Field(ge=0, le=MAX_BUDGET_IDR)] | None = None
    location: Location | None = None
    members: Annotated[list[Member], Field(max_length=500)] = []


class TalentFields(ProfileFields):
    roles: Annotated[unique_list(Role), Field(min_length=1)]  # type: ignore[valid-type]
    years_experience: Annotated[int, Field(ge=0, le=60)] | None = None
    availability: Availability | None = None
    hourly_rate_idr: RateRange | None = None
    affiliations: Annotated[list[Affiliation], Field(max_length=50)] = []
    campus: Annotated[str, Field(max_length=160), Line] | None = None


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
