"""Named shapes of project briefs (directory.hiring.briefs) and of their API answers
(directory.web.brief_api).

`...Private` shapes are stored documents or views of them that carry the client's address,
their account id and origin, a profile's contact details or who answered: they reach the brief's
client, the people of a profile it was sent to and curators only, each as
`BriefService.view` allows. A public brief is shown through `BriefAnswer` without
`client_country` and `origin`.
"""
# No `from __future__ import annotations`: TypedDict must see NotRequired at run time (OpenAPI).
from datetime import datetime
from typing import NotRequired, TypedDict

from bson import ObjectId


class BriefCreate(TypedDict):
    """A brief as validated (`brief_input.validate`), the same for the form and the API."""

    title: str
    description: str
    services: list[str]
    roles: list[str]
    platforms: list[str]
    languages: list[str]
    budget_currency: str  # brief_input.CURRENCIES
    budget_band: str  # brief_input.BANDS[currency]
    timeline: str
    client_country: str  # ISO 3166-1 alpha-2
    origin: dict[str, str]  # stats.regions.check: country, province, city (never public)
    visibility: str  # private | public
    route_count: int


class ReasonStored(TypedDict):
    """Why a profile matched a need or not (`matching.Reason`, as stored)."""

    code: str
    met: bool
    need: str


class MatchStored(TypedDict):
    """One scored profile as the brief keeps it (public names and codes only)."""

    kind: str
    slug: str
    name: str
    score: int
    reasons: list[ReasonStored]
    routed: bool


class TeamMemberStored(TypedDict):
    kind: str
    slug: str
    name: str
    brings: list[str]
    lead: bool


class TeamLinkStored(TypedDict):
    a: str  # "kind/slug"
    b: str
    reason: str  # member | same_project | community


class TeamStored(TypedDict):
    """A proposed team (`teams.Team`, as stored and as the API answers it)."""

    members: list[TeamMemberStored]
    links: list[TeamLinkStored]
    min_budget_idr: int


class BriefSummaryPrivate(BriefCreate):
    """A stored brief (`briefs`) without its matches, teams and the client's address: the
    client's list, a profile's "briefs for you", the curators' list. Carries the client's
    account id and origin."""

    _id: ObjectId
    client_id: str
    client_lang: str
    status: str  # open | answered | chosen | closed
    created_at: datetime
    chosen: list[str]  # "kind/slug" of the chosen profiles
    outcome: NotRequired[str]  # chosen | none_chosen, once closed
    closed_at: NotRequired[datetime]


class BriefAnswerPrivate(TypedDict):
    """One profile a brief was sent to, and its answer (`brief_answers`): `by` is the user
    who answered; the note reaches the brief's client only."""

    _id: NotRequired[ObjectId]  # set once stored
    brief_id: str
    kind: str
    slug: str
    profile_name: str
    state: str  # routed | interested | declined
    note: str
    chosen: bool
    via: str  # match | team
    routed_at: datetime
    answered_at: NotRequired[datetime]
    by: NotRequired[str]
    chosen_at: NotRequired[datetime]


class BriefPrivate(BriefSummaryPrivate):
    """A whole stored brief: with the client's email, the matches and the proposed teams;
    right after posting, `routed` are the answers just created (for the emails)."""

    client_email: str
    matches: list[MatchStored]
    teams: list[TeamStored]
    routed: NotRequired[list[BriefAnswerPrivate]]


class BriefViewPrivate(TypedDict):
    """What a viewer may see of a brief (`BriefService.view`): `role` client, profile,
    curator or public. The client gets every answer and, by "kind/slug", the contact of each
    interested profile they chose; a profile's people their own answers (`mine`) and the
    client's email once chosen."""

    role: str
    brief: BriefPrivate
    answers: list[BriefAnswerPrivate]
    mine: list[BriefAnswerPrivate]
    contacts: dict[str, dict[str, str]]
    client_email: str | None


class ProfileBriefPrivate(TypedDict):
    """A brief sent to a profile, with the profile's answer (its people only)."""

    brief: BriefSummaryPrivate
    answer: BriefAnswerPrivate


class BriefStatesPrivate(TypedDict):
    """The curators' list: a brief and how many answers are in each state."""

    brief: BriefSummaryPrivate
    states: dict[str, int]


# --- the API's answers (directory.web.brief_api) -------------------------------------------


class Budget(TypedDict):
    currency: str
    band: str


class BriefAnswer(TypedDict):
    """A brief as the API answers it. `client_country` is left out of a public brief;
    `origin` (country, province, city codes) is only for its own client. Dates ISO 8601."""

    id: str
    title: str
    description: str
    services: list[str]
    roles: list[str]
    platforms: list[str]
    budget: Budget
    timeline: str
    languages: list[str]
    client_country: NotRequired[str]
    visibility: str
    route_count: int
    status: str
    outcome: str | None
    chosen: list[str]
    created_at: str | None
    origin: NotRequired[dict[str, str] | None]


class ResponseAnswer(TypedDict):
    """A profile's answer to a brief as the API shows it."""

    kind: str
    slug: str
    name: str
    state: str
    note: str
    chosen: bool
    via: str | None


class ResponsePrivate(ResponseAnswer):
    """With `contact` (the profile's contact details): only to the client who chose that
    interested profile."""

    contact: NotRequired[dict[str, str]]


class MatchAnswer(TypedDict):
    """How a profile scored: the needs it meets and those it does not."""

    kind: str
    slug: str
    name: str
    score: int
    routed: bool
    meets: list[str]
    does_not_meet: list[str]


class MatchesAnswer(TypedDict):
    """`GET /api/v1/briefs/{id}/matches` (the client only)."""

    matches: list[MatchAnswer]
    teams: list[TeamStored]


class BriefPostedAnswer(BriefAnswer):
    """`POST /api/v1/briefs`: the brief for its client, its matches and teams, and the
    profiles it was sent to."""

    matches: list[MatchAnswer]
    teams: list[TeamStored]
    routed: list[ResponseAnswer]


class BriefReadPrivate(BriefAnswer):
    """`GET /api/v1/briefs/{id}`: the brief and the reader's `role`; the client and curators
    get the answers (the client with the contacts of chosen profiles), a profile's people
    their own answers and the client's email once chosen."""

    role: str
    answers: NotRequired[list[ResponsePrivate]]
    client_email: NotRequired[str | None]


class CandidateWork(TypedDict, total=False):
    """A portfolio item as matching reads it."""

    title: str
    url: str
    platforms: list[str]


class CandidatePublic(TypedDict, total=False):
    """A published profile a brief may be matched with (`BriefService.candidates`): the stored
    document's public fields that matching scores (`briefs.PROFILE_FIELDS`), and its kind."""

    kind: str  # organization | talent
    slug: str
    name: str
    status: str
    services: list[str]  # organizations
    roles: list[str]  # talents
    platforms: list[str]
    portfolio: list[CandidateWork]
    accepting_projects: bool | None  # organizations
    availability: str | None  # talents
    min_budget_idr: int | None
    languages: list[str]
    verified: bool
    accepts_briefs: bool | None
    members: list[dict[str, str | None]]  # organizations: {"talent_slug", "title"}
    affiliations: list[dict[str, str | None]]  # talents: {"organization_slug", ...}
    communities: list[str]
