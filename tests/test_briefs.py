"""Project briefs on the real app, MongoDB and SMTP sink: posting, routing emails, answers,
the client's choice and the contact exchange (only for that pair), privacy, validation, limits
and the API round trip."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from directory.accounts.service import User
from directory.context import Services
from directory.curation import merge_undo
from directory.errors import TooManyAttempts
from directory.hiring import briefs as brief_module
from directory.hiring.engagements import ClientAccess
from tests.factories import org, talent
from tests.helpers import load
from tests.mailbox import Mailbox, text_of
from tests.web import PASSWORD, grant, log_in, post_form

KOPI_CONTACT = "rahasia@kopi.example"
AREMA_CONTACT = "rahasia@arema.example"
CLIENT = "klien@buyer.example"

FORM = {"title": "Game edukasi untuk SD", "services": ["game_development", "game_art"],
        "roles": ["sound_designer"], "description": "Game edukasi Android untuk murid SD: "
        "2D, musik dan efek suara, dua bahasa.", "budget_currency": "IDR",
        "budget_band": "50m_200m", "timeline": "3_6_months", "languages": ["id"],
        "client_country": "SG", "visibility": "private", "route_count": "5"}


async def _user(services: Services, email: str, lang: str = "id", role: str = "user",
                verified: bool = True) -> User:
    return await services.accounts.sign_up(email, PASSWORD, email.split("@")[0], lang=lang,
                                           role=role, verified=verified)


PEOPLE = {"client": (CLIENT, "id", "user"), "kopi": ("pemilik@kopi.example", "id", "user"),
          "arema": ("owner@arema.example", "en", "user"),
          "tutup": ("pemilik@tutup.example", "id", "user"),
          "bayu": ("bayu@talenta.example", "id", "user"),
          "stranger": ("orang@lain.example", "id", "user"),
          "curator": ("kurator@kota.example", "id", "curator")}
GRANTS = {"kopi": ("organization", "studio-kopi"), "arema": ("organization", "studio-arema"),
          "tutup": ("organization", "studio-tutup"), "bayu": ("talent", "bayu")}


async def _world(services: Services, *who: str) -> dict[str, User]:
    """The profiles, and the people named in `who` (all when none: accounts are slow to
    create, their passwords being hashed on purpose)."""
    ready = {"accepting_projects": True, "accepts_briefs": True, "languages": ["id", "en"]}
    await load(services,
               org(slug="studio-kopi", services=["game_development", "game_art"],
                   contact={"email": KOPI_CONTACT, "phone": "+62 811-1111-1111"}, **ready),
               org(slug="studio-arema", services=["game_development"],
                   contact={"email": AREMA_CONTACT}, **ready),
               org(slug="studio-tutup", services=["game_development", "game_art"],
                   accepting_projects=True, languages=["id"]),  # no opt-in
               talent(slug="bayu", roles=["sound_designer"], availability="freelance",
                      accepts_briefs=True, languages=["id"]))
    people = {}
    for name in who or PEOPLE:
        email, lang, role = PEOPLE[name]
        people[name] = await _user(services, email, lang=lang, role=role)
        if name in GRANTS:
            kind, slug = GRANTS[name]
            await grant(services, people[name], slug, kind=kind)
    return people


async def _page_as(client: httpx.AsyncClient, email: str, path: str) -> httpx.Response:
    await log_in(client, email)
    return await client.get(path)


async def test_post_route_answer_choose_and_exchange_contacts_only_for_that_pair(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await _world(services)
    await log_in(client, CLIENT)
    posted = await post_form(client, "/brief/baru", FORM)
    assert posted.status_code == 303, posted.text
    path = posted.headers["location"].split("?")[0]
    brief_id = path.rsplit("/", 1)[1]

    # routed to the three that accept briefs, each in their own language; never the others
    kopi_mail = mailbox.last_to("pemilik@kopi.example")
    assert kopi_mail["Subject"] == "Brief proyek baru: Game edukasi untuk SD"
    assert "Anggaran: Rp50–200 juta" in text_of(kopi_mail)
    arema_mail = mailbox.last_to("owner@arema.example")
    assert arema_mail["Subject"] == "New project brief: Game edukasi untuk SD"
    assert "Budget: IDR 50–200 million" in text_of(arema_mail)
    assert mailbox.last_to("bayu@talenta.example")
    assert mailbox.to("pemilik@tutup.example") == []
    for message in mailbox.messages:
        assert CLIENT not in text_of(message)  # the client's address is not shared yet

    # the client sees the explained matches and a proposed team
    page = (await client.get(path)).text
    assert "Memenuhi:" in page and "Tidak memenuhi:" in page
    assert "Usulan tim" in page and KOPI_CONTACT not in page
    english = (await client.get(path + "?lang=en")).text
    assert "Meets:" in english and "Does not meet:" in english and "Proposed teams" in english
    assert "Sound designer" in english  # the missing need, in the reader's language
    client.cookies.delete("lang")  # back to Bahasa Indonesia

    # an answer without its note is refused next to the field, the choice kept
    await log_in(client, "pemilik@kopi.example")
    refused = await post_form(client, f"/brief/{brief_id}/jawab/organization/studio-kopi",
                              {"answer": "interested", "note": "ya"})
    assert refused.status_code == 400
    assert 'href="#f-organization-studio-kopi-note"' in refused.text
    assert 'id="note-error"' in refused.text and ">ya</textarea>" in refused.text

    # two firms answer
    for email, slug in (("pemilik@kopi.example", "studio-kopi"),
                        ("owner@arema.example", "studio-arema")):
        await log_in(client, email)
        answered = await post_form(client, f"/brief/{brief_id}/jawab/organization/{slug}",
                                   {"answer": "interested",
                                    "note": "Kami pernah membuat tiga game edukasi."})
        assert answered.status_code == 303, answered.text
        assert CLIENT not in (await client.get(path)).text
    assert (await services.briefs.get(brief_id))["status"] == "answered"
    told = mailbox.last_to(CLIENT)  # the note, never a contact
    assert "Kami pernah membuat tiga game edukasi." in text_of(told)
    assert KOPI_CONTACT not in text_of(told) and AREMA_CONTACT not in text_of(told)

    # the client chooses one
    await log_in(client, CLIENT)
    chose = await post_form(client, f"/brief/{brief_id}/pilih",
                            {"kind": "organization", "slug": "studio-kopi"})
    assert chose.status_code == 303
    page = (await client.get(path)).text
    assert KOPI_CONTACT in page and "+62 811-1111-1111" in page
    assert AREMA_CONTACT not in page
    assert CLIENT in text_of(mailbox.last_to("pemilik@kopi.example"))
    assert (await services.briefs.get(brief_id))["status"] == "chosen"

    # Both said so in the directory (interested, chosen): an engagement, confirmed, that the
    # client can mark done and review; choosing again changes nothing.
    await post_form(client, f"/brief/{brief_id}/pilih", {"kind": "organization",
                                                         "slug": "studio-kopi"})
    engaged = [e async for e in services.engagements.collection.find({"source": "brief"})]
    assert [(e["kind"], e["slug"], e["state"], e["client_email"]) for e in engaged] == [
        ("organization", "studio-kopi", "confirmed", CLIENT)]
    assert f'href="/keterlibatan/{engaged[0]["_id"]}"' in (await client.get(path)).text
    client_user = await services.accounts.by_email(CLIENT)
    assert client_user is not None
    done = await services.engagements.mark_done(str(engaged[0]["_id"]),
                                                ClientAccess(user=client_user))
    assert done["state"] == "done"
    review = await client.post("/api/v1/reviews", headers={
        "Authorization": f"Bearer {await services.accounts.create_token(client_user)}"},
        json={"engagement_id": str(engaged[0]["_id"]), "quality": "5", "schedule": "4",
              "cost": "4", "recommend": "9", "text": "Brief yang jelas, hasil game rapi.",
              "name": "Klien Buyer", "display": "initial"})
    assert review.status_code == 201, review.text

    # the chosen firm sees the client's email; nobody else sees either contact
    assert CLIENT in (await _page_as(client, "pemilik@kopi.example", path)).text
    arema_page = (await _page_as(client, "owner@arema.example", path)).text
    assert CLIENT not in arema_page and KOPI_CONTACT not in arema_page
    curator_page = await _page_as(client, "kurator@kota.example", path)
    assert curator_page.status_code == 200
    assert CLIENT not in curator_page.text and KOPI_CONTACT not in curator_page.text
    assert (await _page_as(client, "orang@lain.example", path)).status_code == 404
    assert (await _page_as(client, "pemilik@tutup.example", path)).status_code == 404
    client.cookies.delete("sid")
    assert (await client.get(path)).status_code == 404

    # curators list it with its state; the firm's "briefs for you" shows it
    listing = (await _page_as(client, "kurator@kota.example", "/kurasi/brief")).text
    assert "Game edukasi untuk SD" in listing and "sudah memilih" in listing
    mine = await _page_as(client, "pemilik@kopi.example", "/kelola/organization/studio-kopi/brief")
    assert "Game edukasi untuk SD" in mine.text and "dipilih" in mine.text


async def test_the_hook_runs_inside_the_choice(services: Services) -> None:
    people = await _world(services, "client", "kopi")
    brief = await services.briefs.post(people["client"], FORM, "10.0.0.1")
    await services.briefs.answer(people["kopi"], str(brief["_id"]), "organization",
                                 "studio-kopi", {"answer": "interested",
                                                 "note": "Siap mengerjakan ini."})
    seen: list[tuple[str, str]] = []

    async def refuse(b: dict[str, Any], answer: dict[str, Any], session: Any) -> None:
        seen.append((b["title"], answer["slug"]))
        raise RuntimeError("engagement could not be recorded")

    brief_module.ON_CHOSEN.append(refuse)
    try:
        with pytest.raises(RuntimeError):
            await services.briefs.choose(people["client"], str(brief["_id"]), "organization",
                                         "studio-kopi")
    finally:
        brief_module.ON_CHOSEN.remove(refuse)
    assert seen == [("Game edukasi untuk SD", "studio-kopi")]
    stored = await services.briefs.get(str(brief["_id"]))
    assert stored["status"] == "answered" and stored["chosen"] == []  # nothing written


async def test_the_form_names_each_invalid_field_and_keeps_the_input(
        client: httpx.AsyncClient, services: Services) -> None:
    await _user(services, CLIENT)
    await log_in(client, CLIENT)
    bad = {**FORM, "title": "Ok", "budget_band": "5k_20k", "client_country": "ZZ",
           "languages": [], "services": ["game_development"], "roles": [],
           "route_count": "50"}
    response = await post_form(client, "/brief/baru", bad)
    assert response.status_code == 400
    page = response.text
    for field in ("title", "budget_band", "languages", "client_country", "route_count"):
        assert f'id="{field}-error"' in page or f'href="#f-{field}"' in page, field
        assert f'href="#f-{field}"' in page  # the summary links to the field
    assert 'value="Ok"' in page  # input kept (the country is a select: ZZ is no option)
    assert 'id="client_country-error"' in page
    assert re.search(r'value="game_development"\s+checked', page)
    assert await services.briefs.briefs.count_documents({}) == 0


async def test_an_account_is_needed_and_its_email_verified(
        client: httpx.AsyncClient, services: Services) -> None:
    page = (await client.get("/brief/baru")).text
    assert "Mengapa perlu akun?" in page and 'name="title"' not in page
    await _user(services, "belum@verifikasi.example", verified=False)
    await log_in(client, "belum@verifikasi.example")
    assert "belum terverifikasi" in (await client.get("/brief/baru")).text
    refused = await post_form(client, "/brief/baru", FORM)
    assert refused.status_code == 403
    assert await services.briefs.briefs.count_documents({}) == 0


async def test_posting_is_limited_like_inquiries(services: Services) -> None:
    people = await _world(services, "client")
    for _ in range(brief_module.MAX_PER_USER):
        await services.briefs.post(people["client"], FORM, "10.0.0.2")
    with pytest.raises(TooManyAttempts):
        await services.briefs.post(people["client"], FORM, "10.0.0.2")
    assert await services.briefs.briefs.count_documents({}) == brief_module.MAX_PER_USER


async def test_a_public_brief_shows_its_description_and_nothing_private(
        client: httpx.AsyncClient, services: Services) -> None:
    people = await _world(services, "client")
    brief = await services.briefs.post(people["client"], {**FORM, "visibility": "public"},
                                       "10.0.0.3")
    page = await client.get(f"/brief/{brief['_id']}")
    assert page.status_code == 200 and "Game edukasi Android" in page.text
    assert CLIENT not in page.text and "studio-kopi" not in page.text  # no answers, no matches


async def test_api_round_trip(client: httpx.AsyncClient, services: Services,
                              mailbox: Mailbox) -> None:
    people = await _world(services, "client", "kopi", "stranger", "curator")
    token = await services.accounts.create_token(people["client"])
    auth = {"Authorization": f"Bearer {token}"}
    body = {**FORM, "route_count": 1}

    assert (await client.post("/api/v1/briefs", json=body)).status_code == 401
    bad = await client.post("/api/v1/briefs", json={**body, "budget_currency": "EUR",
                                                     "services": ["x"], "extra": 1},
                            headers=auth)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert [p["name"] for p in bad.json()["invalid_params"]] == [
        "extra", "services", "budget_currency"]

    keyed = {**auth, "Idempotency-Key": "brief-1"}
    created = await client.post("/api/v1/briefs", json=body, headers=keyed)
    assert created.status_code == 201, created.text
    again = await client.post("/api/v1/briefs", json=body, headers=keyed)
    assert again.json() == created.json()  # a retry: the first answer, no second brief
    assert await services.briefs.briefs.count_documents({}) == 1
    brief = created.json()
    assert created.headers["location"] == f"/api/v1/briefs/{brief['id']}"
    assert brief["status"] == "open" and brief["budget"] == {"currency": "IDR",
                                                             "band": "50m_200m"}
    assert [(a["slug"], a["state"]) for a in brief["routed"]] == [("studio-kopi", "routed")]
    assert [m["slug"] for m in brief["matches"]] == ["studio-kopi", "studio-tutup", "bayu",
                                                     "studio-arema"]
    assert brief["matches"][0]["does_not_meet"] == ["role:sound_designer", "verified"]
    team = brief["teams"][0]["members"]
    assert [(m["slug"], m["brings"]) for m in team] == [
        ("studio-kopi", ["service:game_development", "service:game_art"]),
        ("bayu", ["role:sound_designer"])]
    url = f"/api/v1/briefs/{brief['id']}"

    kopi = {"Authorization": f"Bearer {await services.accounts.create_token(people['kopi'])}"}
    short = await client.post(f"{url}/answers", headers=kopi,
                              json={"kind": "organization", "slug": "studio-kopi",
                                    "answer": "interested", "note": "ok"})
    assert short.status_code == 422 and short.json()["invalid_params"][0]["name"] == "note"
    other = await client.post(f"{url}/answers", headers=kopi,
                              json={"kind": "organization", "slug": "studio-arema",
                                    "answer": "declined"})
    assert other.status_code == 403
    curator = {"Authorization":
               f"Bearer {await services.accounts.create_token(people['curator'])}"}
    on_behalf = await client.post(f"{url}/answers", headers=curator,
                                  json={"kind": "organization", "slug": "studio-kopi",
                                        "answer": "declined"})
    assert on_behalf.status_code == 403  # curators moderate; they do not answer for firms
    answered = await client.post(f"{url}/answers", headers=kopi,
                                 json={"kind": "organization", "slug": "studio-kopi",
                                       "answer": "interested", "note": "Kami siap mulai."})
    assert answered.status_code == 200 and answered.json()["state"] == "interested"
    assert "contact" not in (await client.get(f"{url}/answers", headers=auth)).json()[0]
    assert (await client.get(url, headers=kopi)).json()["client_email"] is None

    chose = await client.post(f"{url}/choice", headers=auth,
                              json={"kind": "organization", "slug": "studio-kopi"})
    assert chose.status_code == 200 and chose.json()["contact"]["email"] == KOPI_CONTACT
    answers = (await client.get(f"{url}/answers", headers=auth)).json()
    assert answers[0]["contact"]["email"] == KOPI_CONTACT
    assert (await client.get(url, headers=kopi)).json()["client_email"] == CLIENT
    assert (await client.get(url, headers=auth)).json()["status"] == "chosen"

    stranger = {"Authorization":
                f"Bearer {await services.accounts.create_token(people['stranger'])}"}
    missing = await client.get(url, headers=stranger)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{url}/matches", headers=kopi)).status_code == 403

    closed = await client.post(f"{url}/close", headers=auth)
    assert closed.json()["status"] == "closed" and closed.json()["outcome"] == "chosen"
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/briefs" in schema["paths"] and "/api/v1/briefs/{brief_id}/choice" in \
        schema["paths"]


async def test_sending_to_a_whole_team(client: httpx.AsyncClient, services: Services,
                                       mailbox: Mailbox) -> None:
    people = await _world(services, "client", "bayu")
    brief = await services.briefs.post(people["client"], {**FORM, "route_count": "1"},
                                       "10.0.0.4")
    assert [a["slug"] for a in brief["routed"]] == ["studio-kopi"]
    await log_in(client, CLIENT)
    sent = await post_form(client, f"/brief/{brief['_id']}/tim", {"team": "0"})
    assert sent.status_code == 303
    answers = await services.briefs.answers_of(str(brief["_id"]))
    assert [(a["slug"], a["via"]) for a in answers] == [("studio-kopi", "match"),
                                                        ("bayu", "team")]
    assert mailbox.last_to("bayu@talenta.example")["Subject"].startswith("Brief proyek baru")


async def test_owners_opt_in_to_briefs_in_the_profile_editor(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await _user(services, "pemilik@gim.example")
    await services.editor.create(owner, "talent", {
        "slug": "sari-gim", "name": "Sari Gim", "roles": ["game_artist"],
        "subsectors": ["pengembang-permainan"], "kecamatan": "klojen"})
    assert "accepts_briefs" not in await services.editor.current("talent", "sari-gim")
    await log_in(client, owner.email)
    page = (await client.get("/kelola/talent/sari-gim")).text
    assert 'name="accepts_briefs" value="1" >' in page  # unchecked
    hint = "Profil ini belum menerima brief baru"
    assert hint in (await client.get("/kelola/talent/sari-gim/brief")).text
    form = {"name": "Sari Gim", "roles": "game_artist", "status": "published",
            "subsectors": "pengembang-permainan", "kecamatan": "klojen", "accepts_briefs": "1"}
    assert (await post_form(client, "/kelola/talent/sari-gim", form)).status_code == 303
    assert (await services.editor.current("talent", "sari-gim"))["accepts_briefs"] is True
    assert 'name="accepts_briefs" value="1" checked' in (
        await client.get("/kelola/talent/sari-gim")).text
    assert hint not in (await client.get("/kelola/talent/sari-gim/brief")).text
    del form["accepts_briefs"]
    assert (await post_form(client, "/kelola/talent/sari-gim", form)).status_code == 303
    assert "accepts_briefs" not in await services.editor.current("talent", "sari-gim")
    # the API and the interchange format take it too
    token = await services.accounts.create_token(owner)
    patched = await client.patch("/api/v1/talents/sari-gim", json={"accepts_briefs": True},
                                 headers={"Authorization": f"Bearer {token}"})
    assert patched.status_code == 200 and patched.json()["accepts_briefs"] is True


async def test_a_merge_of_duplicates_hands_the_briefs_over(services: Services) -> None:
    people = await _world(services, "client", "curator")
    await load(services, org(slug="studio-kopi-2", services=["game_development"],
                             accepting_projects=True, accepts_briefs=True))
    first = await services.briefs.post(people["client"], FORM, "10.0.0.5")
    second = await services.briefs.post(people["client"], FORM, "10.0.0.5")
    for brief in (first, second):
        assert {"studio-kopi", "studio-kopi-2"} <= {a["slug"] for a in brief["routed"]}
    # the second brief reached only the duplicate
    await services.briefs.answers.delete_one({"brief_id": str(second["_id"]),
                                              "slug": "studio-kopi"})
    await services.duplicates.merge(people["curator"], "organization", "studio-kopi",
                                    "studio-kopi-2", {})
    for brief in (first, second):
        slugs = [a["slug"] for a in await services.briefs.answers_of(str(brief["_id"]))]
        assert slugs.count("studio-kopi") == 1 and "studio-kopi-2" not in slugs

    # undone: each profile has its own answers again, the one the merge dropped included
    merged = await services.profiles.db["audit_log"].find_one({"action": "merged"})
    assert merged is not None
    await merge_undo.undo(services.duplicates, people["curator"], merged["merge_id"])
    first_slugs = [a["slug"] for a in await services.briefs.answers_of(str(first["_id"]))]
    assert {"studio-kopi", "studio-kopi-2"} <= set(first_slugs)
    assert len(first_slugs) == len(set(first_slugs))
    second_slugs = [a["slug"] for a in await services.briefs.answers_of(str(second["_id"]))]
    assert "studio-kopi-2" in second_slugs and "studio-kopi" not in second_slugs
