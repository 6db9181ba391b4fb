"""Standing: the tie-break among equally relevant hits (directory/profiles/standing.py).

Pure rules first (no server), then the real index: among profiles the words cannot tell apart,
a verified, reviewed, complete one comes before a bare one, whatever their ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from directory.context import Services
from directory.profiles.public import OrganizationPublic, RatingSummary
from directory.profiles.standing import (
    IMAGINED_REVIEWS,
    TYPICAL_REVIEW,
    Signals,
    damped_rating,
    freshness,
    standing,
)
from search.nearby import page_ids
from search.query import parse_search_params
from tests.factories import org
from tests.helpers import indexed_documents, load
from tests.web import grant, make_user

BARE = Signals(updated_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_each_public_signal_raises_standing() -> None:
    for better in (replace(BARE, verified=True), replace(BARE, headline=True),
                   replace(BARE, description_length=300), replace(BARE, logo=True),
                   replace(BARE, portfolio_items=1), replace(BARE, offers=True),
                   replace(BARE, links=True),
                   replace(BARE, translated=True), replace(BARE, available=True),
                   replace(BARE, rating_average=4.5, rating_count=3),
                   replace(BARE, updated_at=datetime(2026, 6, 1, tzinfo=UTC))):
        assert standing(better) > standing(BARE), better


def test_reviews_are_damped_for_few_and_bad_reviews_lower_standing() -> None:
    assert damped_rating(None, 0) == TYPICAL_REVIEW
    one = damped_rating(5.0, 1)
    many = damped_rating(5.0, 20)
    assert TYPICAL_REVIEW < one < many < 5.0
    assert one == (5.0 + TYPICAL_REVIEW * IMAGINED_REVIEWS) / (1 + IMAGINED_REVIEWS)
    # A single 5-star review does not outweigh the city's verification.
    assert standing(replace(BARE, rating_average=5.0, rating_count=1)) < standing(
        replace(BARE, verified=True))
    assert standing(replace(BARE, rating_average=1.5, rating_count=6)) < standing(BARE)


def test_caps_and_ceased() -> None:
    assert standing(replace(BARE, portfolio_items=3)) == standing(
        replace(BARE, portfolio_items=30))
    best_ceased = replace(BARE, verified=True, rating_average=5.0, rating_count=50, logo=True,
                          headline=True, description_length=900, portfolio_items=3,
                          offers=True, links=True, translated=True, available=True,
                          ceased=True)
    assert standing(best_ceased) < standing(BARE)  # no longer operating: after the operating


def test_freshness_depends_on_the_date_only_not_on_today() -> None:
    """Only differences matter, so a document rebuilt another day is the same document."""
    a, b = datetime(2024, 3, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC)
    assert round(freshness(b) - freshness(a), 2) == 2.0
    assert freshness(datetime(2024, 3, 1)) == freshness(a)  # naive values are UTC


def test_size_and_private_fields_do_not_count() -> None:
    """The owners' self-declared size, age and funding and private data are not signals."""
    common = {"slug": "satu", "name": "Satu", "subsectors": ["aplikasi"], "kecamatan": "klojen",
              "org_type": "service_firm", "created_at": datetime(2025, 1, 1, tzinfo=UTC),
              "updated_at": datetime(2026, 1, 1, tzinfo=UTC)}
    small = OrganizationPublic.model_validate(common)
    big = OrganizationPublic.model_validate({
        **common, "team_size": 500, "founded_year": 1990, "funding_stage": "series_a_plus",
        "min_budget_idr": 900_000_000, "contact": {"email": "a@b.example"}, "nib": "1" * 13})
    assert small.search_document()["standing"] == big.search_document()["standing"]
    assert set(Signals.__dataclass_fields__) == {
        "verified", "rating_average", "rating_count", "headline", "description_length", "logo",
        "portfolio_items", "offers", "links", "translated", "available", "ceased",
        "updated_at"}
    rated = small.model_copy(update={"rating": RatingSummary(average=4.8, count=4)})
    assert rated.search_document()["standing"] > small.search_document()["standing"]


async def test_equal_matches_put_the_verified_reviewed_complete_profile_first(
        services: Services) -> None:
    """Three studios the words match alike (the same headline, no other matching word): the
    complete, verified, reviewed one first although its id sorts last; a bare one last although
    its id sorts first. An explicit sort by name still wins over standing."""
    same = {"headline": "Studio aplikasi kasir", "services": ["web_app"],
            "updated_at": "2026-01-05T00:00:00Z", "created_at": "2024-01-05T00:00:00Z"}
    await load(
        services,
        org(slug="aa-polos", name="Aa Polos", description="Kami.", **same),
        org(slug="mm-sedang", name="Mm Sedang", verified=True,
            description="Kami membuat perangkat lunak untuk toko dan warung di Malang. " * 4,
            **same),
        org(slug="zz-lengkap", name="Zz Lengkap", verified=True, accepting_projects=True,
            description="Kami membuat perangkat lunak untuk toko dan warung di Malang. " * 4,
            skills=["Flutter", "Laravel"], links=[{"label": "Situs",
                                                  "url": "https://zz.example"}],
            portfolio=[{"title": "Toko Sumber Rejeki", "year": 2025},
                       {"title": "Warung Bu Tin", "year": 2025}],
            translations={"en": {"headline": "Software studio"}}, **same),
    )
    reviews = services.profiles.db["reviews"]
    await reviews.insert_many([
        {"engagement_id": f"e{n}", "kind": "organization", "slug": "zz-lengkap",
         "status": "published", "at": datetime(2026, 2, 1, tzinfo=UTC),
         "quality": 5, "schedule": 5, "cost": 4} for n in range(3)])
    await services.profiles.reindex()  # the reviews reach the search documents
    standing_of = {d["slug"]: d["standing"] for d in await indexed_documents(services)}
    assert standing_of["zz-lengkap"] > standing_of["mm-sedang"] > standing_of["aa-polos"]

    result = await services.searcher.search(parse_search_params({"q": ["kasir"]}))
    assert [h["slug"] for h in result.hits] == ["zz-lengkap", "mm-sedang", "aa-polos"]
    assert result.hits[0]["rating"]["count"] == 3
    by_name = await services.searcher.search(parse_search_params({"q": ["kasir"],
                                                                  "sort": ["name"]}))
    assert [h["slug"] for h in by_name.hits] == ["aa-polos", "mm-sedang", "zz-lengkap"]


def test_near_me_puts_the_higher_standing_first_at_equal_distances() -> None:
    hits = [{"id": "a", "_geoDistance": 500, "standing": 10.0},
            {"id": "b", "_geoDistance": 500, "standing": 40.0},
            {"id": "c", "_geoDistance": 200, "standing": 0.0}, {"id": "d", "_geoDistance": 500}]
    assert page_ids(hits, 1, 10) == ["c", "b", "a", "d"]


async def test_the_owners_still_accurate_confirmation_freshens_the_document(
        services: Services) -> None:
    """Confirming "still accurate" changes no field but counts as fresh: the confirmation is
    written with an outbox entry in one transaction, and the document follows."""
    await load(services, org(slug="lama-tapi-aktif", name="Lama Tapi Aktif",
                             updated_at="2022-03-01T00:00:00Z",
                             created_at="2021-03-01T00:00:00Z"))
    before = {d["slug"]: d for d in await indexed_documents(services)}["lama-tapi-aktif"]
    owner = await make_user(services, "pemilik@lama.example")
    await grant(services, owner, "lama-tapi-aktif")
    await services.editor.confirm(owner, "organization", "lama-tapi-aktif")
    assert await services.sync.wait_until_applied()
    after = {d["slug"]: d for d in await indexed_documents(services)}["lama-tapi-aktif"]
    years = (datetime.now(UTC) - datetime(2022, 3, 1, tzinfo=UTC)).days / 365.25
    assert abs(after["standing"] - before["standing"] - 2 * years) < 0.05
    assert after["updated_at"] == before["updated_at"]  # the profile itself did not change
