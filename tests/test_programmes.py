"""Programmes, events and open calls on the real app and services: curators and organizer owners
create them, owners apply or claim, the organizer decides, and only confirmed participations are
public — on the programme page, the profile page and the API. An application's note is private."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import extruct
import httpx
import pytest
from lxml import html as lxml_html

from directory.accounts.service import User
from directory.context import Services
from directory.programmes.service import order
from tests.factories import org, talent
from tests.helpers import load
from tests.web import grant, log_in, make_user, post_form

TODAY = datetime.now(UTC).date()
SOON = (TODAY + timedelta(days=30)).isoformat()
NOTE = "Catatan-rahasia-pendaftar: tim kami 4 orang, omzet 200 juta"


def programme_form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Lokakarya UI/UX MCC", "kind": "workshop", "organizer_slug": "",
        "organizer_name": "Bappeda Kota Malang", "starts_on": "2025-03-10",
        "ends_on": "2025-03-12", "deadline": "", "subsectors": ["aplikasi", "dkv"],
        "description": "Tiga hari lokakarya desain antarmuka untuk studio aplikasi di Malang.",
        "description_en": "A three-day interface design workshop for Malang's app studios."}
    form.update(overrides)
    return form


class World:
    def __init__(self, services: Services, curator: User, organizer: User, applicant: User,
                 stranger: User) -> None:
        self.services, self.curator, self.organizer = services, curator, organizer
        self.applicant, self.stranger = applicant, stranger


@pytest.fixture
async def world(services: Services) -> World:
    await load(services,
               org(slug="mcc", name="Malang Creative Center", org_type="community"),
               org(slug="studio-apel", name="Studio Apel", subsectors=["aplikasi"]),
               talent(slug="sari-dewi", name="Sari Dewi"))
    curator = await make_user(services, "kurator@kota.example", role="curator")
    organizer = await grant(services, await make_user(services, "mcc@mcc.example"), "mcc")
    applicant = await grant(services, await make_user(services, "apel@apel.example"),
                            "studio-apel")
    await grant(services, applicant, "sari-dewi", kind="talent")
    stranger = await make_user(services, "orang@lain.example")
    return World(services, curator, organizer, applicant, stranger)


async def create(client: httpx.AsyncClient, email: str, **overrides: object) -> str:
    await log_in(client, email)
    response = await post_form(client, "/program/baru", programme_form(**overrides))
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


async def test_curator_creates_a_programme_listed_on_pages_and_api(
        world: World, client: httpx.AsyncClient) -> None:
    path = await create(client, world.curator.email)
    assert path == "/program/lokakarya-ui-ux-mcc-2025"
    page = await client.get(path)
    assert page.status_code == 200
    assert "Lokakarya UI/UX MCC" in page.text and "Bappeda Kota Malang" in page.text
    data = extruct.extract(page.text, syntaxes=["json-ld"])["json-ld"]
    event = next(d for d in data if d.get("@type") == "Event")
    assert event["name"] == "Lokakarya UI/UX MCC" and event["startDate"] == "2025-03-10"
    assert event["endDate"] == "2025-03-12"
    assert event["organizer"]["name"] == "Bappeda Kota Malang"
    english = await client.get(path + "?lang=en")
    assert "A three-day interface design workshop" in english.text
    assert "Workshop / training" in english.text
    listing = await client.get("/program")
    assert "Lokakarya UI/UX MCC" in listing.text
    api = (await client.get("/api/v1/programmes")).json()
    assert api["total"] == 1 and api["items"][0]["slug"] == "lokakarya-ui-ux-mcc-2025"
    assert api["items"][0]["organizer"] == {"name": "Bappeda Kota Malang", "slug": None,
                                            "url": None}
    detail = (await client.get("/api/v1/programmes/lokakarya-ui-ux-mcc-2025")).json()
    assert detail["kind"] == "workshop" and detail["subsectors"] == ["aplikasi", "dkv"]
    assert detail["participants"] == []


async def test_open_call_application_accepted_by_the_organizer(
        world: World, client: httpx.AsyncClient) -> None:
    path = await create(client, world.curator.email, title="Hibah Studio Game",
                        kind="open_call", organizer_name="", organizer_slug="mcc",
                        starts_on=SOON, ends_on="", deadline=SOON)
    slug = path.rsplit("/", 1)[1]
    page = await client.get(path)
    assert "Event" not in json.dumps(extruct.extract(page.text, syntaxes=["json-ld"]))
    await log_in(client, world.applicant.email)
    applied = await post_form(client, f"{path}/daftar",
                              {"profile": "organization:studio-apel", "note": NOTE})
    assert applied.status_code == 303
    # awaiting a decision: not public anywhere
    assert 'href="/organisasi/studio-apel"' not in (await client.get(path)).text
    assert (await client.get(f"/api/v1/programmes/{slug}")).json()["participants"] == []
    assert "Hibah Studio Game" not in (await client.get("/organisasi/studio-apel")).text
    # a stranger can neither see the applications nor accept one
    await log_in(client, world.stranger.email)
    assert (await client.get(f"{path}/pendaftar")).status_code == 403
    pending = await world.services.participations.pending(world.organizer, slug)
    assert [(p["slug"], p["status"], p["note"]) for p in pending] == \
        [("studio-apel", "applied", NOTE)]
    refused = await post_form(client, f"{path}/pendaftar/{pending[0]['id']}",
                              {"decision": "accept"})
    assert refused.status_code == 403
    assert (await client.get(f"/api/v1/programmes/{slug}")).json()["participants"] == []
    # the organizer's owner reads the note and accepts
    await log_in(client, world.organizer.email)
    inbox = await client.get(f"{path}/pendaftar")
    assert inbox.status_code == 200 and NOTE in inbox.text
    accepted = await post_form(client, f"{path}/pendaftar/{pending[0]['id']}",
                               {"decision": "accept"})
    assert accepted.status_code == 303
    client.cookies.delete("sid")
    detail = (await client.get(f"/api/v1/programmes/{slug}")).json()
    assert [p["slug"] for p in detail["participants"]] == ["studio-apel"]
    page = await client.get(path)
    assert 'href="/organisasi/studio-apel"' in page.text
    profile = await client.get("/organisasi/studio-apel")
    assert "Hibah Studio Game" in profile.text and f'href="{path}"' in profile.text
    assert '<h2 id="programmes-title">Programmes</h2>' in (
        await client.get("/organisasi/studio-apel?lang=en")).text
    # the note is never public
    for url in (path, f"{path}?lang=en", f"/api/v1/programmes/{slug}", "/api/v1/programmes",
                "/program", "/organisasi/studio-apel", "/api/v1/organizations/studio-apel"):
        response = await client.get(url)
        assert response.status_code == 200 and "Catatan-rahasia" not in response.text, url


async def test_a_claim_shows_only_once_confirmed_and_a_curator_records(
        world: World, client: httpx.AsyncClient) -> None:
    path = await create(client, world.curator.email)
    await log_in(client, world.applicant.email)
    claimed = await post_form(client, f"{path}/ikut", {"profile": "talent:sari-dewi"})
    assert claimed.status_code == 303
    again = await post_form(client, f"{path}/ikut", {"profile": "talent:sari-dewi"})
    assert again.status_code == 400 and 'id="profile-error"' in again.text
    client.cookies.delete("sid")
    assert 'href="/talenta/sari-dewi"' not in (await client.get(path)).text
    assert "Lokakarya UI/UX MCC" not in (await client.get("/talenta/sari-dewi")).text
    # the organizer is a public body: a curator decides, and records participants directly
    await log_in(client, world.curator.email)
    pending = await world.services.participations.pending(world.curator, path.split("/")[-1])
    assert await world.services.participations.decide(
        world.curator, path.split("/")[-1], pending[0]["id"], "decline") == "declined"
    recorded = await post_form(client, f"{path}/catat",
                               {"participant_kind": "organization", "participant": "studio-apel"})
    assert recorded.status_code == 303
    unknown = await post_form(client, f"{path}/catat",
                              {"participant_kind": "organization", "participant": "tidak-ada"})
    assert unknown.status_code == 400 and 'id="participant-error"' in unknown.text
    client.cookies.delete("sid")
    page = (await client.get(path)).text
    assert 'href="/organisasi/studio-apel"' in page and 'href="/talenta/sari-dewi"' not in page
    assert "Lokakarya UI/UX MCC" in (await client.get("/organisasi/studio-apel")).text
    # a participant whose profile is no longer public leaves the programme's page
    await world.services.profiles.collection("organization").update_one(
        {"slug": "studio-apel"}, {"$set": {"status": "hidden"}})
    assert 'href="/organisasi/studio-apel"' not in (await client.get(path)).text
    assert (await client.get(f"/api/v1/programmes/{path.split('/')[-1]}")).json()[
        "participants"] == []
    assert (await client.get("/program/tidak-ada-2025")).status_code == 404


async def test_who_may_create_and_edit(world: World, client: httpx.AsyncClient) -> None:
    await log_in(client, world.stranger.email)
    assert (await client.get("/program/baru")).status_code == 403
    refused = await post_form(client, "/program/baru", programme_form())
    assert refused.status_code == 403
    # the owner of an organization runs programmes as that organization, and only as it
    await log_in(client, world.applicant.email)
    other = await post_form(client, "/program/baru",
                            programme_form(organizer_name="", organizer_slug="mcc"))
    assert other.status_code == 400 and 'id="organizer_slug-error"' in other.text
    path = await create(client, world.applicant.email, organizer_name="",
                        organizer_slug="studio-apel", title="Demo Day Apel")
    edited = await post_form(client, f"{path}/ubah",
                             programme_form(organizer_name="", organizer_slug="studio-apel",
                                            title="Demo Day Apel Kedua"))
    assert edited.status_code == 303
    assert "Demo Day Apel Kedua" in (await client.get(path)).text
    await log_in(client, world.organizer.email)
    assert (await client.get(f"{path}/ubah")).status_code == 403
    assert (await post_form(client, f"{path}/ubah", programme_form())).status_code == 403


async def test_form_errors_per_field_with_summary_and_kept_input(
        world: World, client: httpx.AsyncClient) -> None:
    await log_in(client, world.curator.email)
    response = await post_form(client, "/program/baru", programme_form(
        title="Lokakarya <benar>", kind="seminar", organizer_name="", starts_on="2025-02-30",
        ends_on="", deadline="", subsectors=["bukan-kode"], description="pendek"))
    assert response.status_code == 400
    for field in ("kind", "organizer_slug", "starts_on", "subsectors", "description"):
        assert f'id="{field}-error"' in response.text, field
        assert f'href="#f-{field}"' in response.text, field
    assert 'value="Lokakarya &lt;benar&gt;"' in response.text  # input kept, escaped
    dates = await post_form(client, "/program/baru", programme_form(
        ends_on="2025-03-01", deadline=SOON))
    assert dates.status_code == 400
    assert 'id="ends_on-error"' in dates.text and 'id="deadline-error"' in dates.text
    call = await post_form(client, "/program/baru", programme_form(kind="open_call"))
    assert call.status_code == 400 and 'id="deadline-error"' in call.text
    english = await post_form(client, "/program/baru?lang=en", programme_form(title=""))
    assert "required, 3–160 characters" in english.text
    assert (await client.get("/api/v1/programmes")).json()["total"] == 0


async def test_application_errors_and_closed_calls(world: World, client: httpx.AsyncClient
                                                   ) -> None:
    path = await create(client, world.curator.email, kind="open_call", title="Hibah Kuliner",
                        starts_on=SOON, ends_on="", deadline=SOON)
    past = await create(client, world.curator.email, kind="open_call", title="Hibah Lama",
                        starts_on="2024-01-10", ends_on="", deadline="2024-01-05")
    await log_in(client, world.applicant.email)
    bad = await post_form(client, f"{path}/daftar", {"profile": "organization:mcc",
                                                     "note": "singkat"})
    assert bad.status_code == 400
    assert 'id="profile-error"' in bad.text and 'id="note-error"' in bad.text
    assert 'href="#f-note"' in bad.text and ">singkat</textarea>" in bad.text
    # a closed call takes no one
    closed = await post_form(client, f"{past}/daftar",
                             {"profile": "organization:studio-apel", "note": NOTE})
    assert closed.status_code == 400 and 'id="profile-error"' in closed.text
    client.cookies.delete("sid")
    assert (await client.get(f"{path}/daftar")).status_code in (302, 303)


async def test_api_parameters_are_checked(world: World, client: httpx.AsyncClient) -> None:
    for query, name in (("kind=seminar", "kind"), ("subsector=game", "subsector"),
                        ("year=20x5", "year"), ("page=0", "page"), ("per_page=1000", "per_page"),
                        ("warna=biru", "warna"), ("kind=expo&kind=workshop", "kind")):
        response = await client.get(f"/api/v1/programmes?{query}")
        assert response.status_code == 400, query
        assert response.headers["content-type"].startswith("application/problem+json")
        assert [p["name"] for p in response.json()["invalid_params"]] == [name]
    missing = await client.get("/api/v1/programmes/tidak-ada-2025")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/programmes" in schema["paths"] and "/api/v1/programmes/{slug}" in \
        schema["paths"]


async def test_open_calls_and_upcoming_first_filters_pages_and_empty_state(
        world: World, client: httpx.AsyncClient) -> None:
    forms = [("Pameran Lama", "expo", "2023-05-01", ""), ("Pameran Baru", "expo", "2024-05-01", ""),
             ("Misi Dagang Beijing", "trade_mission", SOON, ""),
             ("Hibah Aplikasi", "open_call", (TODAY + timedelta(days=60)).isoformat(), SOON)]
    for title, kind, starts, deadline in forms:
        await create(client, world.curator.email, title=title, kind=kind, starts_on=starts,
                     ends_on="", deadline=deadline)
    api = (await client.get("/api/v1/programmes")).json()
    assert [i["title"] for i in api["items"]] == [
        "Hibah Aplikasi", "Misi Dagang Beijing", "Pameran Baru", "Pameran Lama"]
    assert [i["open"] for i in api["items"]] == [True, False, False, False]
    expo = (await client.get("/api/v1/programmes?kind=expo&year=2023")).json()
    assert [i["title"] for i in expo["items"]] == ["Pameran Lama"]
    assert (await client.get("/api/v1/programmes?subsector=kuliner")).json()["total"] == 0
    second = (await client.get("/api/v1/programmes?per_page=3&page=2")).json()
    assert second["total"] == 4 and [i["title"] for i in second["items"]] == ["Pameran Lama"]
    page = await client.get("/program?kind=expo")
    tree = lxml_html.fromstring(page.text)
    titles = tree.xpath("//article[contains(@class, 'programme-card')]//h3/a/text()")
    assert titles == ["Pameran Baru", "Pameran Lama"]
    empty = await client.get("/program?subsector=kuliner&lang=en")
    assert empty.status_code == 200 and 'class="empty"' in empty.text
    assert "No programmes match" in empty.text


def test_order_is_calls_then_upcoming_then_latest_past() -> None:
    day = date(2026, 6, 1).isoformat()
    docs = [{"kind": "expo", "starts_on": "2026-01-01"},
            {"kind": "open_call", "starts_on": "2026-09-01", "deadline": "2026-05-01"},
            {"kind": "expo", "starts_on": "2025-01-01"},
            {"kind": "workshop", "starts_on": "2026-05-30", "ends_on": "2026-06-02"},
            {"kind": "open_call", "starts_on": "2026-09-01", "deadline": "2026-07-01"}]
    ranked = sorted(docs, key=lambda d: order(d, day))
    assert [(d["kind"], d["starts_on"]) for d in ranked] == [
        ("open_call", "2026-09-01"), ("workshop", "2026-05-30"), ("open_call", "2026-09-01"),
        ("expo", "2026-01-01"), ("expo", "2025-01-01")]
    assert ranked[0]["deadline"] == "2026-07-01"
