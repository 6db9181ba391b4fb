"""Public shapes of profiles: what pages, the public API and the search index may show.

Fields are listed explicitly and unknown ones are ignored, so private data (contact details, NIB,
confidential figures) cannot reach a public shape by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from directory.profiles.fields import (
    Affiliation,
    Link,
    Location,
    Member,
    PortfolioItem,
    RateRange,
    Translation,
)
from directory.profiles.standing import Signals, standing
from directory.taxonomy import (
    AVAILABILITY,
    ORG_TYPES,
    ROLES,
    SERVICES,
    SUBSECTORS,
    Vocabulary,
    team_size_band,
)
from search.index_settings import DOCUMENT_VERSION, aliases

ORGANIZATION_PATH = "/organisasi/{slug}"
TALENT_PATH = "/talenta/{slug}"


def translated(item: Any, field: str, lang: str) -> str | None:
    """The owner's own `headline` or `description` in `lang` (the interchange format's optional
    `translations`) of a public profile or a search hit; None when there is none."""
    translations = (item.get("translations") if isinstance(item, dict)
                    else getattr(item, "translations", None))
    own = (translations or {}).get(lang)
    value = own.get(field) if isinstance(own, dict) else getattr(own, field, None)
    return str(value) if value else None


def localized(item: Any, field: str, lang: str) -> str | None:
    """`translated`, else the profile's main text (its own language)."""
    if text := translated(item, field, lang):
        return text
    main = item.get(field) if isinstance(item, dict) else getattr(item, field, None)
    return str(main) if main else None


def profile_path(kind: str, slug: str) -> str:
    return (ORGANIZATION_PATH if kind == "organization" else TALENT_PATH).format(slug=slug)


class RatingSummary(BaseModel):
    """The published reviews of a profile: the average of each review's mean of quality,
    schedule and cost (1–5) and how many there are (directory/hiring/reviews.py)."""
    average: float
    count: int


class _Public(BaseModel):
    model_config = ConfigDict(extra="ignore", from_attributes=True)

    if TYPE_CHECKING:  # declared by each kind (a field here would move `kind` in the JSON)
        kind: str

    slug: str
    name: str
    headline: str | None = None
    description: str | None = None
    translations: dict[str, Translation] | None = None
    subsectors: list[str]
    skills: list[str] = []
    kecamatan: str
    languages: list[str] = []
    links: list[Link] = []
    portfolio: list[PortfolioItem] = []
    communities: list[str] = []
    verified: bool = False
    # published or ceased (nothing else is public); shown as `ceased`, with its date and reason
    status: str = Field(default="published", exclude=True)
    ceased_at: str | None = None
    ceased_reason: str | None = None
    created_at: datetime
    updated_at: datetime
    rating: RatingSummary | None = None  # once the profile has published reviews
    # The logo's public URL, for the search documents (the profile page reads its images
    # itself): not part of the public profile's JSON.
    logo: str | None = Field(default=None, exclude=True)
    # When the owners last confirmed it "still accurate" (the audit log): the search
    # documents' freshness (directory/profiles/standing.py), not part of the public JSON.
    confirmed_at: datetime | None = Field(default=None, exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ceased(self) -> bool:
        """No longer operating (status `ceased`): public and findable, never counted active."""
        return self.status == "ceased"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str:
        return profile_path(self.kind, self.slug)

    def _search_base(self) -> dict[str, Any]:  # Meilisearch's JSON document: search/ owns it
        portfolio_text = " · ".join(
            " ".join(filter(None, (p.title, p.description))) for p in self.portfolio
        )
        return {
            "id": f"{self.kind}-{self.slug}",
            "kind": self.kind,
            "slug": self.slug,
            "name": self.name,
            "name_sort": self.name.casefold(),
            "headline": self.headline,
            "url": self.url,
            "description": self.description,
            # Both languages are searchable: the other language's words find the profile too,
            # and rank as well as the main language's (the translated headline beside the
            # headline, the translated description beside the description).
            "translated_headline": " · ".join(filter(None, (
                t.headline for t in (self.translations or {}).values()))) or None,
            "translated_description": " · ".join(filter(None, (
                t.description for t in (self.translations or {}).values()))) or None,
            "translations": {lang: t.model_dump(exclude_none=True)
                             for lang, t in (self.translations or {}).items()} or None,
            "subsectors": self.subsectors,
            "subsector_labels": _labels(SUBSECTORS, self.subsectors),
            "skills": self.skills,
            "skill_keys": [s.casefold() for s in self.skills],
            "kecamatan": self.kecamatan,
            "languages": self.languages,
            "communities": self.communities,
            "verified": self.verified,
            # Ceased profiles stay findable, marked, but never `available` and never counted
            # as active (statistics filter `ceased != true`).
            "ceased": self.ceased,
            "ceased_at": self.ceased_at,
            "portfolio_text": portfolio_text or None,
            "updated_at": self.updated_at.isoformat(),
            "updated_at_ts": int(self.updated_at.timestamp()),
            # YYYYMM: growth statistics (facet) and the statistics' period filter (range)
            "created_month": int(_utc(self.created_at).strftime("%Y%m")),
            "doc_v": DOCUMENT_VERSION,
            # sort=rating: reviewed profiles first (unrated ones carry neither field)
            **({"rating_average": self.rating.average, "rating_count": self.rating.count}
               if self.rating else {}),
            "logo": self.logo,
        }


SURVIVAL_HORIZONS = (1, 3, 5)


def _lifecycle_facets(founded: int | None, ceased_at: str | None
                      ) -> dict[str, Any]:  # Meilisearch document fields
    """Facets of the lifecycle statistics (directory/stats/lifecycle.py), each with few values
    (at most years × horizons) so no facet is ever cut at Meilisearch's maxValuesPerFacet:
    `ceased_year` (deaths), `ceased_dated_year` (deaths of organizations with a founding year:
    the active series) and `ceased_within` ("2019:3": founded 2019, ceased within 3 years)."""
    year = int(ceased_at[:4]) if ceased_at else None
    dated = year if year is not None and founded is not None else None
    within = [f"{founded}:{k}" for k in SURVIVAL_HORIZONS
              if dated is not None and founded is not None and dated - founded <= k]
    return {"ceased_year": year, "ceased_dated_year": dated, "ceased_within": within}


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment  # naive values are UTC


def _labels(vocab: Vocabulary, codes: list[str]) -> list[str]:
    """Both labels of each code, then the search aliases curators keep for it."""
    out: list[str] = []
    extra = aliases()
    for code in codes:
        term = vocab.get(code)
        if term:
            out.extend(dict.fromkeys((term.id, term.en)))
            out.extend(extra.get(f"{vocab.name}.{code}", ()))
    return out


class OrganizationPublic(_Public):
    kind: Literal["organization"] = "organization"
    org_type: str
    services: list[str] = []
    platforms: list[str] = []
    founded_year: int | None = None
    team_size: int | None = None
    legal_form: str | None = None
    registered: bool = False  # has an NIB on file; the number itself stays private
    kbli: list[str] = []
    markets: list[str] = []
    export_countries: list[str] = []
    funding_stage: str | None = None
    accepting_projects: bool | None = None
    min_budget_idr: int | None = None
    location: Location | None = None
    members: list[Member] = []

    def search_document(self) -> dict[str, Any]:  # Meilisearch's JSON document
        doc = self._search_base()
        doc.update({
            "org_type": self.org_type,
            "org_type_labels": _labels(ORG_TYPES, [self.org_type]),
            "services": self.services,
            "service_labels": _labels(SERVICES, self.services),
            "platforms": self.platforms,
            "founded_year": self.founded_year,
            "team_size": self.team_size,
            "team_size_band": team_size_band(self.team_size),
            "markets": self.markets,
            "funding_stage": self.funding_stage,
            "accepting_projects": self.accepting_projects,
            "available": bool(self.accepting_projects) and not self.ceased,
            **_lifecycle_facets(self.founded_year, self.ceased_at),
        })
        doc["standing"] = standing(Signals.of(self, available=doc["available"],
                                              offers=bool(self.services)))
        if self.location:
            doc["_geo"] = {"lat": self.location.lat, "lng": self.location.lng}
        return doc


class TalentPublic(_Public):
    kind: Literal["talent"] = "talent"
    roles: list[str]
    years_experience: int | None = None
    availability: str | None = None
    hourly_rate_idr: RateRange | None = None
    affiliations: list[Affiliation] = []
    campus: str | None = None

    def search_document(self) -> dict[str, Any]:  # Meilisearch's JSON document
        doc = self._search_base()
        doc.update({
            "roles": self.roles,
            "role_labels": _labels(ROLES, self.roles),
            "availability": self.availability,
            "availability_labels": _labels(AVAILABILITY, [self.availability])
            if self.availability else [],
            "years_experience": self.years_experience,
            "available": self.availability is not None and self.availability != "not_available"
            and not self.ceased,
        })
        doc["standing"] = standing(Signals.of(self, available=doc["available"],
                                              offers=bool(self.roles)))
        return doc


PublicProfile = OrganizationPublic | TalentPublic


def from_stored(kind: str, raw: Mapping[str, Any]) -> PublicProfile:
    """The public profile of a stored document, validated once, by the public model: the
    stored form was validated when it was written, and validating the whole document first
    doubled the CPU (100,000 profiles: 14.1 → 6.2 s, the same public JSON and search
    documents for every one of them — the bench data, the seeds)."""
    if kind == "organization":
        public = OrganizationPublic.model_validate(raw)
        public.registered = bool(raw.get("nib"))
        return public
    return TalentPublic.model_validate(raw)
