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
from directory.hiring.alerts import Alerts
from directory.hiring.brief_merges import BriefHandOver
from directory.hiring.brief_shapes import BriefAnswerPrivate, BriefPrivate
from directory.hiring.briefs import BriefService
from directory.hiring.engagements import Engagements
from directory.hiring.reviews import Reviews
from directory.hiring.shortlist import Shortlists
from directory.mail.mailer import Mailer
from directory.profiles.editing import ProfileEditor
from directory.profiles.idempotency import IdempotencyKeys
from directory.profiles.inquiries import InquiryService
from directory.profiles.media import MediaService
from directory.profiles.service import ProfileService
from directory.programmes.outcome_service import ProgrammeOutcomes
from directory.programmes.participation import Participations
from directory.programmes.service import ProgrammeService
from directory.settings import Settings
from directory.stats.analyst import AnalystStats
from directory.stats.confidential import ConfidentialFigures
from directory.stats.demand_origin import OriginDemand
from directory.stats.histories import Histories
from directory.stats.service import StatsService
from search.client import MeiliClient, SearchUnavailable
from search.indexer import ProfileIndex
from search.keys import scoped_keys
from search.nodes import NodePool, SyncGroup
from search.searcher import Searcher
from search.sync import SearchSync

log = logging.getLogger("directory")


@dataclass
class Services:
    settings: Settings
    mongo: AsyncMongoClient[dict[str, Any]]
    meili: MeiliClient  # scoped admin key of the first node: the sync worker, rebuilds, settings
    meili_search: MeiliClient  # scoped search-only key: every read (over every node)
    index: ProfileIndex  # the first node's (each node's: sync.nodes[i].index)
    profiles: ProfileService
    searcher: Searcher
    sync: SyncGroup  # one SearchSync per search node
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
    shortlists: Shortlists
    briefs: BriefService
    engagements: Engagements
    reviews: Reviews
    alerts: Alerts
    programmes: ProgrammeService
    participations: Participations
    outcomes: ProgrammeOutcomes

    origin_demand: OriginDemand


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
    nodes = [await _meili_clients(url, settings.meili_key, settings.index_prefix)
             for url in settings.meili_nodes or [settings.meili_url]]
    meili, reader, configured = nodes[0]
    if len(nodes) > 1:
        reader = NodePool([node_reader for _, node_reader, _ in nodes])
    try:
        indexes = [ProfileIndex(admin, settings.index_prefix, swapper=node_configured)
                   for admin, _, node_configured in nodes]
        index = indexes[0]
        for each in indexes:
            try:
                await each.ensure()
            except SearchUnavailable:
                if require_search:
                    raise
                log.warning("Meilisearch is unreachable at start-up at %s; search answers 503 "
                            "until it is back", each.client.url, exc_info=True)
        profiles = ProfileService(mongo, settings.mongodb_db, index)
        accounts = AccountService(profiles.db)
        media = MediaService(profiles.db)
        editor = ProfileEditor(profiles, accounts, media)
        from directory.rendering import create_environment
        mailer = Mailer(settings.smtp_url or "smtp://127.0.0.1:25", settings.mail_from,
                        create_environment())
        inquiries = InquiryService(profiles.db, editor.owners_emails)
        claims = ClaimService(profiles.db, editor)
        histories = Histories(profiles.db, editor)  # outcomes: states and figure reports
        figures = ConfidentialFigures(profiles.db, editor, histories)
        moderation = Moderation(profiles.db, editor)
        verification = Verification(profiles.db, editor, settings.verification_months)
        briefs = BriefService(mongo, profiles.db, settings.usd_to_idr, editor.owners_emails,
                              editor.require_edit)
        engagements = Engagements(profiles.db, inquiries.find)
        reviews = Reviews(mongo, profiles, engagements, editor.owners_emails)
        profiles.ratings = reviews.ratings
        profiles.logos = media.logos
        media.on_change = lambda: profiles.on_change()  # the app sets profiles.on_change later
        searcher = Searcher(reader, index.uid, profiles.db)
        duplicates = Duplicates(profiles.db, editor, inquiries=inquiries, claims=claims,
                                figures=figures, verification=verification)
        shortlists = Shortlists(mongo, profiles.db, profiles)
        duplicates.hand_overs += [BriefHandOver(briefs.briefs, briefs.answers), engagements,
                                  reviews, shortlists]

        async def engage(brief: BriefPrivate, answer: BriefAnswerPrivate, session: Any) -> None:
            client = await accounts.get(brief["client_id"])
            if client is not None:  # an account deleted meanwhile: nothing to engage
                await engagements.from_brief(brief, answer, client, session)

        briefs.on_chosen.append(engage)
        sync_group = SyncGroup([SearchSync(profiles.db, each, profiles.search_state)
                                for each in indexes])
        profiles.rebuild_index = sync_group.rebuild
        programmes = ProgrammeService(profiles.db, editor)
        yield Services(
            settings=settings, mongo=mongo, meili=meili, index=index, profiles=profiles,
            searcher=searcher,
            sync=sync_group,
            stats=StatsService(reader, index.uid, profiles.db), meili_search=reader,
            accounts=accounts, editor=editor, inquiries=inquiries, claims=claims,
            mailer=mailer, media=media, figures=figures, moderation=moderation,
            verification=verification, sheets=SheetImports(profiles.db, profiles),
            duplicates=duplicates,
            audit=AuditLog(profiles.db), analyst=AnalystStats(profiles.db),
            idempotency=IdempotencyKeys(profiles.db),
            shortlists=shortlists, briefs=briefs,
            engagements=engagements, reviews=reviews,
            alerts=Alerts(profiles.db, searcher, settings.secret_key),
            programmes=programmes, participations=Participations(programmes),
            outcomes=ProgrammeOutcomes(programmes, histories),
            origin_demand=OriginDemand(profiles.db),
        )
    finally:
        every = [reader, *(client for node in nodes for client in node)]
        for client in {id(c): c for c in every}.values():
            await client.aclose()
        await mongo.close()
