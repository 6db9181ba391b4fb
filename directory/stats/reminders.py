"""Each quarter, owners of published organizations whose confidential figures were not reported
in that quarter get one email inviting them to update them (and to confirm the profile).

One reminder per organization and quarter, however many app processes run, and none lost to a
crash: a process claims the reminder record (`_id` "slug:YYYY-Qn", state `sending`) before mail
goes out and marks it `sent` afterwards. A duplicate key means another process holds or finished
it; a claim older than CLAIM_LEASE (a process that died, or mail that failed) is taken again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pymongo.errors import DuplicateKeyError

from directory import scheduling
from directory.mail.mailer import MailError
from directory.stats.documents import REMINDERS as COLLECTION

if TYPE_CHECKING:
    from directory.context import Services
CHECK_EVERY_S = 6 * 3600.0
CLAIM_LEASE = timedelta(hours=1)
log = logging.getLogger(__name__)


def quarter_of(moment: datetime) -> tuple[str, datetime]:
    """("2026-Q4", the quarter's first instant)."""
    q = (moment.month - 1) // 3
    return f"{moment.year}-Q{q + 1}", datetime(moment.year, 3 * q + 1, 1, tzinfo=UTC)


async def send_quarterly(services: Services, now: datetime | None = None) -> int:
    """Send this quarter's reminders that are due; returns how many emails went out."""
    now = now or datetime.now(UTC)
    quarter, start = quarter_of(now)
    reported = await services.figures.reported_since(start)
    db = services.profiles.db
    owners: dict[str, list[str]] = {}  # unclaimed organizations have nobody to ask
    for slug, user_id in await services.editor.owner_grants("organization"):
        if slug not in reported:
            owners.setdefault(slug, []).append(user_id)
    sent = 0
    async for org in services.profiles.collection("organization").find(
            {"status": "published", "slug": {"$in": list(owners)}}, {"slug": 1, "name": 1}):
        slug, key = org["slug"], f"{org['slug']}:{quarter}"
        try:
            await db[COLLECTION].update_one(
                {"_id": key, "state": "sending", "claimed_at": {"$lt": now - CLAIM_LEASE}},
                {"$set": {"state": "sending", "claimed_at": now}}, upsert=True)
        except DuplicateKeyError:
            continue  # sent, or being sent by another process
        delivered = True
        for user_id in owners[slug]:
            try:
                sent += await _remind(services, user_id, org, quarter)
            except MailError:
                delivered = False
                log.warning("figures reminder to the owner of %s could not be sent", slug)
            except Exception:  # one bad profile or account never stops the others
                delivered = False
                log.exception("figures reminder for %s failed; skipped", slug)
        if delivered:
            await db[COLLECTION].update_one({"_id": key}, {"$set": {"state": "sent", "at": now}})
    return sent


async def _remind(services: Services, user_id: str, org: dict[str, Any], quarter: str) -> int:
    user = await services.accounts.get(user_id)
    if user is None:
        return 0
    await services.mailer.send(
        user.email, "figures_reminder", user.lang, profile_name=org["name"], slug=org["slug"],
        quarter=quarter, base_url=services.settings.base_url)
    return 1


async def run_quarterly(services: Services, stop: asyncio.Event,
                        every_s: float = CHECK_EVERY_S) -> None:
    """The app's scheduled task; the first check of a quarter sends its reminders."""
    async def work() -> None:
        sent = await send_quarterly(services)
        if sent:
            log.info("sent %d quarterly figures reminders", sent)

    await scheduling.every(every_s, stop, work, "quarterly reminders", log)
