"""Opens and closes every external client (MongoDB, Meilisearch) for the app or a CLI command.

Nothing connects at import time: the app lifespan and each CLI command call `open_services`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from pymongo import AsyncMongoClient

from directory.accounts.service import AccountService
from directory.audit import AuditLog
from directory.curation.claims import ClaimService
from directory.curation.duplicates import Duplicates
from directory.curation.moderation import Moderation
from directory.curation.sheets.service import SheetImports
from directory.curation.verification import Verification
from directory.db import connect, require_replica_set
from directory.mail.mailer import Mailer
from directory.profiles.editing import ProfileEditor
from directory.profiles.idempotency import IdempotencyKeys
from directory.profiles.inquiries import InquiryService
from directory.profiles.media import MediaService
from directory.profiles.service import ProfileService
from directory.programmes.participation import Participations
from directory.programmes.service import ProgrammeService
from directory.settings import Settings
from directory.stats.analyst import AnalystStats
from directory.stats.confidential import ConfidentialFigures
from directory.stats.service import StatsService
from search.client import MeiliClient, SearchUnavailable
from search.indexer import ProfileIndex
from search.keys import scoped_keys
from search.searcher import Searcher
from search.sync import SearchSync

log = logging.getLogger("directory")


@dataclass
class Services:
    settings: Settings
    mongo: AsyncMongoClient[dict[str, Any]]
    meili: MeiliClient  # scoped admin key: the sync worker, rebuilds, settings
    meili_search: MeiliClient  # scoped search-only key: every read
    index: ProfileIndex
    profiles: ProfileService
    searcher: Searcher
    sync: SearchSync
    stats: StatsService
    accounts: AccountService
    editor: ProfileEditor
    inquiries: InquiryService
    claims: ClaimService
    mailer: Mailer
    media: MediaService
    figures: ConfidentialFigures
    moderation: Moderation
    verification: Verification
    sheets: SheetImports
    duplicates: Duplicates
    audit: AuditLog
    idempotency: IdempotencyKeys
    analyst: AnalystStats
    programmes: ProgrammeService
    participations: Participations


async def _meili_clients(url: str, key: str | None, prefix: str
                         ) -> tuple[MeiliClient, MeiliClient, MeiliClient]:
    """(admin, search-only, configured) clients: scoped keys for everyday work; the configured
    key for both when it may not manage keys or Meilisearch is down at start-up (scoped keys
    from the next start), and for the rebuild's index swap."""
    configured = MeiliClient(url, key)
    try:
        keys = await scoped_keys(configured, prefix)
    except SearchUnavailable:
        keys = None
    if keys is None:
        return configured, configured, configured
    return MeiliClient(url, keys.admin), MeiliClient(url, keys.search), configured


@asynccontextmanager
async def open_services(settings: Settings, *, require_search: bool = True
                        ) -> AsyncIterator[Services]:
    """`require_search=False` (the web app) starts even while Meilisearch is down: pages that
    need search say so, profile pages keep working, and index settings apply on a later start."""
    if not settings.mongodb_url or not settings.meili_url:
        raise RuntimeError("open_services needs resolved settings (embedded.resolve)")
    mongo = await connect(settings.mongodb_url, settings.mongodb_db)
    await require_replica_set(mongo, settings.mongodb_url)
    meili, reader, configured = await _meili_clients(settings.meili_url, settings.meili_key,
                                                     settings.index_prefix)
    try:
        index = ProfileIndex(meili, settings.index_prefix, swapper=configured)
        try:
            await index.ensure()
        except SearchUnavailable:
            if require_search:
                raise
            log.warning("Meilisearch is unreachable at start-up; search answers 503 until it "
                        "is back", exc_info=True)
        profiles = ProfileService(mongo, settings.mongodb_db, index)
        accounts = AccountService(profiles.db)
        media = MediaService(profiles.db)
        editor = ProfileEditor(profiles, accounts, media)
        from directory.rendering import create_environment
        mailer = Mailer(settings.smtp_url or "smtp://127.0.0.1:25", settings.mail_from,
                        create_environment())
        inquiries = InquiryService(profiles.db, editor.owners_emails)
        claims = ClaimService(profiles.db, editor)
        figures = ConfidentialFigures(profiles.db, editor)
        moderation = Moderation(profiles.db, editor)
        verification = Verification(profiles.db, editor, settings.verification_months)
        programmes = ProgrammeService(profiles.db, editor)
        yield Services(
            settings=settings, mongo=mongo, meili=meili, index=index, profiles=profiles,
            searcher=Searcher(reader, index.uid, profiles.db),
            sync=SearchSync(profiles.db, index, profiles.search_state),
            stats=StatsService(reader, index.uid, profiles.db), meili_search=reader,
            accounts=accounts, editor=editor, inquiries=inquiries, claims=claims,
            mailer=mailer, media=media, figures=figures, moderation=moderation,
            verification=verification, sheets=SheetImports(profiles.db, profiles),
            duplicates=Duplicates(profiles.db, editor, inquiries=inquiries, claims=claims,
                                  figures=figures, verification=verification),
            audit=AuditLog(profiles.db), analyst=AnalystStats(profiles.db),
            idempotency=IdempotencyKeys(profiles.db),
            programmes=programmes, participations=Participations(programmes),
        )
    finally:
        for client in {id(c): c for c in (meili, reader, configured)}.values():
            await client.aclose()
        await mongo.close()
