"""A profile's standing: how worth contacting it looks, among profiles that match equally.

The search ranks by the words first (words, typo, proximity, exactness, attribute); hits that
the words cannot tell apart were listed by id — alphabetically. `standing` is the tie-break
before the id (search/query.py): computed once, when the search document is built, from public
facts only, so no search pays for it.

What counts (points; README "Search", "Standing"):
- **verified** by the city's curators: +20;
- **published reviews**: the average damped towards a typical review (3.5 of 5) by five
  imaginary reviews, so one 5-star review weighs little and many weigh much:
  12 × (damped − 3.5), from −30 (many 1-star reviews) to +18 (many 5-star ones);
- **completeness** (up to +28): headline 3, description 2 (+2 more from 200 characters),
  logo 5, portfolio items 3 each up to three, services (organizations) or roles (talents) 3,
  links 1, a translation (readable in both languages) 3. Not the skills: they count where the
  words ask for them (searched with the offer), and a long list is the cheapest thing to pad;
- **available** (accepting projects; a talent not `not_available`): +8;
- **freshness**: +2 for each year of the last update or "still accurate" confirmation by the
  owners (whichever is later) after 2018-01-01. Only differences matter (a
  profile updated a year more recently gains 2 points), so the score does not depend on the day
  it is computed: a document rebuilt later is the same document (`directory check` compares
  content hashes);
- **ceased** (no longer operating): −100, more than all the rest adds up to (74), so after the
  operating profiles of equal relevance (unless updated over a decade later).

Never counted: the owners' self-declared size, age or funding (a bigger claim must not buy a
better place), and nothing private (contact details, NIB, confidential figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from directory.profiles.public import PublicProfile

VERIFIED = 20.0
TYPICAL_REVIEW = 3.5  # the damped average starts here (the middle of "good")
IMAGINED_REVIEWS = 5  # how many typical reviews damp the real ones
REVIEW_WEIGHT = 12.0
HEADLINE, DESCRIPTION, LONG_DESCRIPTION, LONG_ENOUGH = 3.0, 2.0, 2.0, 200
LOGO, PORTFOLIO_ITEM, PORTFOLIO_COUNTED = 5.0, 3.0, 3
OFFER, LINKS, TRANSLATED = 3.0, 1.0, 3.0
AVAILABLE = 8.0
PER_YEAR = 2.0
FRESHNESS_EPOCH = datetime(2018, 1, 1, tzinfo=UTC)
CEASED = -100.0  # more than every other signal adds together (74)
_YEAR_SECONDS = 365.25 * 24 * 3600


@dataclass(frozen=True)
class Signals:
    """The public facts standing is computed from."""
    verified: bool = False
    rating_average: float | None = None
    rating_count: int = 0
    headline: bool = False
    description_length: int = 0
    logo: bool = False
    portfolio_items: int = 0
    offers: bool = False  # services of an organization, roles of a talent
    links: bool = False
    translated: bool = False
    available: bool = False
    ceased: bool = False
    updated_at: datetime = FRESHNESS_EPOCH  # or the owners' later confirmation

    @classmethod
    def of(cls, profile: PublicProfile, *, available: bool, offers: bool) -> Signals:
        return cls(
            verified=profile.verified,
            rating_average=profile.rating.average if profile.rating else None,
            rating_count=profile.rating.count if profile.rating else 0,
            headline=bool(profile.headline), description_length=len(profile.description or ""),
            logo=bool(profile.logo), portfolio_items=len(profile.portfolio), offers=offers,
            links=bool(profile.links),
            translated=any(t.headline or t.description
                           for t in (profile.translations or {}).values()),
            available=available, ceased=profile.ceased,
            updated_at=max(_utc(profile.updated_at),
                           _utc(profile.confirmed_at or profile.updated_at)))


def damped_rating(average: float | None, count: int) -> float:
    """The reviews' average pulled towards a typical review by IMAGINED_REVIEWS of them."""
    if not count or average is None:
        return TYPICAL_REVIEW
    return (average * count + TYPICAL_REVIEW * IMAGINED_REVIEWS) / (count + IMAGINED_REVIEWS)


def completeness(s: Signals) -> float:
    points = HEADLINE if s.headline else 0.0
    if s.description_length:
        points += DESCRIPTION + (LONG_DESCRIPTION if s.description_length >= LONG_ENOUGH else 0)
    points += LOGO if s.logo else 0.0
    points += PORTFOLIO_ITEM * min(s.portfolio_items, PORTFOLIO_COUNTED)
    points += (OFFER if s.offers else 0) + (LINKS if s.links else 0)
    return points + (TRANSLATED if s.translated else 0)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # naive values are UTC


def freshness(updated_at: datetime) -> float:
    return PER_YEAR * (_utc(updated_at) - FRESHNESS_EPOCH).total_seconds() / _YEAR_SECONDS


def standing(s: Signals) -> float:
    """The tie-break score (higher first), rounded so that equal facts give equal documents."""
    points = (VERIFIED if s.verified else 0.0)
    points += REVIEW_WEIGHT * (damped_rating(s.rating_average, s.rating_count) - TYPICAL_REVIEW)
    points += completeness(s) + (AVAILABLE if s.available and not s.ceased else 0.0)
    points += freshness(s.updated_at) + (CEASED if s.ceased else 0.0)
    return round(points, 3)
