"""Saved searches and alerts on the real app and services: save from a results page (with
validation), a weekly alert through the real SMTP sink listing only new or newly available
matches in the user's language (nothing when nothing is new; one email however many processes
send), one-click unsubscribe without a session, the Atom feed, and the API."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import httpx

from directory.context import Services
from directory.hiring.alerts import send_due
from tests import factories
from tests.helpers import load
from tests.mailbox import Mailbox, text_of
from tests.web import PASSWORD, log_in, post_form

ATOM = "{http://www.w3.org/2005/Atom}"
EMAIL = "klien@luar.example"


async def test_alert_lists_only_new_matches_unsubscribes_and_feeds(
        client: httpx.AsyncClient, services: Services, mailbox: Mailbox) -> None:
    await load(services,
               factories.org(slug="lama", name="Studio Lama", services=["game_art"],
                             accepting_projects=True),
               factories.org(slug="sibuk", name="Studio Sibuk", services=["game_art"],
                             accepting_projects=False),
               factories.org(slug="web", name="Studio Web", services=["web_app"]))
    user = await services.accounts.sign_up(EMAIL, PASSWORD, "Klien", lang="en", verified=True)
    await log_in(client, EMAIL)
    results = await client.get("/cari", params={"service": "game_art"})
    assert 'name="query" value="service=game_art"' in results.text

    invalid = await post_form(client, "/akun/pencarian", {"name": "", "query": "service=nope"})
    assert invalid.status_code == 400
    assert 'class="error-summary"' in invalid.text and 'id="name-error"' in invalid.text
    assert 'value="service=nope"' in invalid.text  # input kept
    saved = await post_form(client, "/akun/pencarian",
                            {"name": "Game art", "query": "service=game_art&page=2"})
    assert saved.status_code == 303
    listing = await client.get("/akun/pencarian")
    assert "Game art" in listing.text and "feed.atom" in listing.text

    created = datetime.now(UTC)
    assert await send_due(services, created) == 0  # at most weekly

    # A new matching studio, one that became available, and one that does not match.
    await load(services,
               factories.org(slug="baru", name="Studio Baru", services=["game_art"]),
               factories.org(slug="sibuk", name="Studio Sibuk", services=["game_art"],
                             accepting_projects=True),
               factories.org(slug="web-2", name="Studio Web Dua", services=["web_app"]))
    week = created + timedelta(days=8)
    sent = await asyncio.gather(send_due(services, week), send_due(services, week))
    assert sum(sent) == 1 and len(mailbox.to(EMAIL)) == 1  # two processes, one email
    alert = mailbox.last_to(EMAIL)
    body = text_of(alert)
    assert alert["Subject"] == "New profiles for your search “Game art”"
    assert "Studio Baru" in body and "Studio Sibuk" in body
    assert "Studio Lama" not in body and "Studio Web" not in body
    assert "rahasia" not in alert.as_string()  # no private contact details
    assert alert["List-Unsubscribe"].startswith("<http")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Nothing new: nothing sent, not even after another week.
    assert await send_due(services, week + timedelta(days=8)) == 0
    assert len(mailbox.to(EMAIL)) == 1

    # The Atom feed (no session needed) parses and carries public fields only.
    feed_url = next(line for line in body.split() if line.endswith("feed.atom"))
    anonymous = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    feed = await anonymous.get(urlsplit(feed_url).path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith(
        "application/atom+xml")
    root = ET.fromstring(feed.content)
    titles = {e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")}
    assert titles == {"Studio Lama", "Studio Sibuk", "Studio Baru"}
    assert "rahasia" not in feed.text and "+62" not in feed.text
    assert (await anonymous.get("/pencarian-tersimpan/tebakan/feed.atom")).status_code == 404

    # One click, no log-in; a forged signature does nothing.
    unsubscribe = urlsplit(alert["List-Unsubscribe"].strip("<>")).path
    assert "/berhenti/" in unsubscribe and unsubscribe in body  # the email's link, too
    forged = await anonymous.get(unsubscribe[:-4] + "0000")
    assert forged.status_code == 404
    done = await anonymous.get(unsubscribe)
    assert done.status_code == 200 and "Game art" in done.text
    doc = await services.alerts.mine(user)
    assert doc[0]["alerts"] is False
    # RFC 8058: a mail client POSTs the header's link, with no session and no CSRF token.
    assert (await anonymous.post(unsubscribe, content=b"List-Unsubscribe=One-Click",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
            ).status_code == 200
    await anonymous.aclose()


async def test_saved_searches_through_the_api(client: httpx.AsyncClient,
                                              services: Services) -> None:
    user = await services.accounts.sign_up(EMAIL, PASSWORD, "Klien", verified=True)
    bearer = {"Authorization": f"Bearer {await services.accounts.create_token(user)}"}
    assert (await client.get("/api/v1/saved-searches")).status_code == 401
    bad = await client.post("/api/v1/saved-searches", json={"name": "x", "query": "kind=robot"},
                            headers=bearer)
    assert bad.status_code == 422 and bad.json()["invalid_params"][0]["name"] == "query"
    body = {"name": "Studio game", "query": "subsector=aplikasi"}
    once = {**bearer, "Idempotency-Key": "simpan-1"}
    made = await client.post("/api/v1/saved-searches", json=body, headers=once)
    assert made.status_code == 201 and made.json()["feed_url"].endswith("feed.atom")
    again = await client.post("/api/v1/saved-searches", json=body, headers=once)
    assert again.status_code == 201 and again.json() == made.json()  # a retry: no duplicate
    listed = (await client.get("/api/v1/saved-searches", headers=bearer)).json()
    assert [s["name"] for s in listed] == ["Studio game"]
    gone = await client.delete(f"/api/v1/saved-searches/{made.json()['id']}", headers=bearer)
    assert gone.status_code == 204
    assert (await client.get("/api/v1/saved-searches", headers=bearer)).json() == []
