"""Each quarter, owners of published organizations whose confidential figures were not reported
in that quarter get one email inviting them to update them (and to confirm the profile).

One reminder per organization and quarter, however many app processes run: the reminder record
(`_id` "slug:YYYY-Qn") is inserted before mail goes out and a duplicate key means another
process already sent it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pymongo.errors import DuplicateKeyError

from directory import scheduling
from directory.mail.mailer import MailError

if TYPE_CHECKING:
    from directory.context import Services

COLLECTION = "figure_reminders"
CHECK_EVERY_S = 6 * 3600.0
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
    async for grant in db["profile_access"].find({"kind": "organization", "role": "owner"}):
        if grant["slug"] not in reported:
            owners.setdefault(grant["slug"], []).append(grant["user_id"])
    sent = 0
    async for org in db["organizations"].find(
            {"status": "published", "slug": {"$in": list(owners)}}, {"slug": 1, "name": 1}):
        slug = org["slug"]
        try:
            await db[COLLECTION].insert_one({"_id": f"{slug}:{quarter}", "at": now})
        except DuplicateKeyError:
            continue
        for user_id in owners[slug]:
            user = await services.accounts.get(user_id)
            if user is None:
                continue
            try:
                await services.mailer.send(
                    user.email, "figures_reminder", user.lang, profile_name=org["name"],
                    slug=slug, quarter=quarter, base_url=services.settings.base_url)
                sent += 1
            except MailError:
                log.warning("figures reminder to the owner of %s could not be sent", slug)
    return sent


async def run_quarterly(services: Services, stop: asyncio.Event,
                        every_s: float = CHECK_EVERY_S) -> None:
    """The app's scheduled task; the first check of a quarter sends its reminders."""
    async def work() -> None:
        sent = await send_quarterly(services)
        if sent:
            log.info("sent %d quarterly figures reminders", sent)

    await scheduling.every(every_s, stop, work, "quarterly reminders", log)
