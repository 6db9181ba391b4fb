"""One inquiry to every profile on a shortlist: the inquiry service does the work for each one
(same validation, same abuse limits, same stored inquiry), and the outcome says which profiles
received it and why the others did not."""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.errors import FieldError, InvalidInput, NotFound, TooManyAttempts
from directory.hiring.shortlist import Key
from directory.i18n import gettext as _
from directory.profiles.inquiries import InquiryService, validate
from directory.profiles.inquiry_shapes import SentInquiryPrivate
from directory.profiles.public import OrganizationPublic, PublicProfile, profile_path
from directory.profiles.service import ProfileService


@dataclass
class Skipped:
    name: str
    url: str
    reason: str


@dataclass
class Outcome:
    sent: list[SentInquiryPrivate] = field(default_factory=list)  # the stored inquiries, to mail
    skipped: list[Skipped] = field(default_factory=list)


def refusal(profile: PublicProfile) -> str | None:
    """Why a profile does not take inquiries now; None when it does."""
    if profile.ceased:
        return _("tidak beroperasi lagi")
    if isinstance(profile, OrganizationPublic):
        if profile.accepting_projects is False:
            return _("sedang tidak menerima proyek")
    elif profile.availability == "not_available":
        return _("sedang tidak tersedia")
    return None


async def inquire_all(inquiries: InquiryService, profiles: ProfileService, keys: list[Key],
                      form: dict[str, str], ip: str) -> Outcome | None:
    """Sends the form to each listed profile that takes inquiries, in list order. Invalid input
    raises InvalidInput before anything is sent; None when the honeypot was filled (nothing
    stored or sent, as for a single inquiry)."""
    if not keys:
        raise InvalidInput([FieldError("shortlist", _("Daftar pendek Anda masih kosong."))],
                           title="Empty shortlist")
    validate(form)
    if form.get("website", "").strip():
        return None
    outcome = Outcome()
    for kind, slug in keys:
        try:
            profile = await profiles.get_public(kind, slug)
        except NotFound:
            outcome.skipped.append(Skipped(slug, profile_path(kind, slug),
                                           _("profil tidak lagi ditampilkan")))
            continue
        reason = refusal(profile)
        if reason is None:
            try:
                sent = await inquiries.submit(kind, slug, form, ip)
            except TooManyAttempts:
                reason = _("batas pesan per jam tercapai; coba lagi nanti")
            except NotFound:
                reason = _("profil tidak lagi ditampilkan")
            else:
                if sent is not None:
                    outcome.sent.append(sent)
                continue
        outcome.skipped.append(Skipped(profile.name, profile.url, reason))
    return outcome
