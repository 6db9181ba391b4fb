"""Words, not codes: the one lookup that turns interchange field names, their coded values and
history events into translated labels for people (history, audit log, merge page, import
preview, curators' queues). Coded values come from `directory.taxonomy` and `directory.iso`
(defined once there); this module adds only the field names and the event names.

Every label is an Indonesian msgid translated when asked (`gettext` at call time), so the same
table serves both languages.
"""

from __future__ import annotations

from typing import Any

from directory import iso, taxonomy
from directory.i18n import current_language
from directory.i18n import gettext as _


def _fields() -> dict[str, str]:
    return {
        "kind": _("Jenis profil"), "slug": _("Alamat profil"), "name": _("Nama"),
        "headline": _("Judul singkat"), "description": _("Deskripsi"),
        "subsectors": _("Subsektor"), "skills": _("Keahlian"), "kecamatan": _("Kecamatan"),
        "languages": _("Bahasa"), "links": _("Tautan"), "contact": _("Kontak pribadi"),
        "contact.email": _("Email kontak"), "contact.phone": _("Telepon"),
        "contact.whatsapp": _("WhatsApp"), "portfolio": _("Portofolio"),
        "communities": _("Komunitas"), "status": _("Status"), "verified": _("Terverifikasi"),
        "created_at": _("Dibuat"), "updated_at": _("Diperbarui"),
        "translations": _("Versi bahasa lain"), "ceased_at": _("Tidak beroperasi sejak"),
        "ceased_reason": _("Alasan berhenti beroperasi"), "org_type": _("Jenis organisasi"),
        "services": _("Layanan"), "platforms": _("Platform"),
        "founded_year": _("Tahun berdiri"), "team_size": _("Jumlah anggota tim"),
        "legal_form": _("Bentuk badan usaha"), "nib": _("NIB"), "kbli": _("KBLI"),
        "markets": _("Pasar yang dilayani"), "export_countries": _("Negara tujuan ekspor"),
        "funding_stage": _("Tahap pendanaan"), "accepting_projects": _("Menerima proyek"),
        "min_budget_idr": _("Anggaran minimum (Rp)"), "location": _("Lokasi"),
        "members": _("Anggota tim"), "roles": _("Peran"),
        "years_experience": _("Lama pengalaman (tahun)"), "availability": _("Ketersediaan"),
        "hourly_rate_idr": _("Tarif per jam (Rp)"), "affiliations": _("Afiliasi"),
        "campus": _("Kampus"), "logo": _("Logo"),
    }


def _parts() -> dict[str, str]:
    """Names inside a field's items (portfolio rows, links, members, location, rates)."""
    return {"title": _("Judul"), "url": _("Tautan"), "label": _("Label"), "year": _("Tahun"),
            "client_country": _("Negara klien"), "talent_slug": _("Talenta"),
            "organization_slug": _("Organisasi"), "lat": _("Lintang"), "lng": _("Bujur"),
            "min": _("minimum"), "max": _("maksimum"), "email": _("Email"),
            "phone": _("Telepon"), "whatsapp": _("WhatsApp"), "platforms": _("Platform"),
            "description": _("Deskripsi"), "headline": _("Judul singkat")}


def part_label(name: str) -> str:
    return _parts().get(name, name)


VOCABULARY_OF = {
    "subsectors": taxonomy.SUBSECTORS, "kecamatan": taxonomy.KECAMATAN,
    "org_type": taxonomy.ORG_TYPES, "services": taxonomy.SERVICES, "roles": taxonomy.ROLES,
    "markets": taxonomy.MARKETS, "funding_stage": taxonomy.FUNDING_STAGES,
    "availability": taxonomy.AVAILABILITY, "platforms": taxonomy.PLATFORMS,
    "legal_form": taxonomy.LEGAL_FORMS, "status": taxonomy.STATUSES,
    "ceased_reason": taxonomy.CEASED_REASONS, "kind": taxonomy.KINDS,
}


def field_label(name: str) -> str:
    """`accepting_projects` → "Menerima proyek" / "Accepting projects"; a row path such as
    `portfolio[0].title` or `contact.email` is labelled by its field; unknown names stay."""
    fields = _fields()
    base = name.split("[", 1)[0]
    return fields.get(name) or fields.get(base) or name


def value_label(name: str, value: Any) -> str:
    """A coded value as words: `malang_raya` → its market label, `cv` → "CV", `SG` → the
    country, `jv` → the language, booleans → ya/tidak. Other values as text."""
    lang = current_language.get()
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(value_label(name, v) for v in value)
    if not isinstance(value, str):
        return "" if value is None else str(value)
    vocabulary = VOCABULARY_OF.get(name)
    if vocabulary is not None and value in vocabulary:
        return vocabulary.label(value, lang)
    if name in ("export_countries", "client_country") and value in iso.country_codes():
        return iso.country_name(value, lang)
    if name == "languages" and value in iso.language_codes():
        return iso.language_name(value, lang)
    return value


def _events() -> dict[str, str]:
    return {
        "created": _("Profil dibuat"), "updated": _("Profil diubah"),
        "deleted": _("Profil dihapus"), "confirmed": _("Dikonfirmasi masih akurat"),
        "editor_added": _("Editor bergabung"), "editor_removed": _("Editor dihapus"),
        "invitation_revoked": _("Undangan dicabut"),
        "ownership_transferred": _("Kepemilikan dialihkan"),
        "claim_approved": _("Klaim disetujui"),
        "claim_approved_by_domain": _("Klaim disetujui (domain email sama dengan situs)"),
        "merged": _("Profil digabung"), "duplicate_dismissed": _("Ditandai bukan duplikat"),
        "report_dismissed": _("Laporan diabaikan"),
        "moderation_hidden": _("Disembunyikan kurator"),
        "moderation_unhidden": _("Ditampilkan lagi oleh kurator"),
        "verification_verified": _("Diverifikasi kurator"),
        "verification_rejected": _("Verifikasi ditolak"),
        "verification_expired": _("Verifikasi kedaluwarsa"),
        "spreadsheet_import": _("Impor spreadsheet"),
        "spreadsheet_created": _("Dibuat lewat impor spreadsheet"),
        "spreadsheet_updated": _("Diubah lewat impor spreadsheet"),
        "role_changed": _("Peran pengguna diubah"),
        "image_uploaded": _("Gambar diunggah"), "image_removed": _("Gambar dihapus"),
    }


def _images() -> dict[tuple[str, str], str]:
    return {("image_uploaded", "logo"): _("Logo diunggah"),
            ("image_removed", "logo"): _("Logo dihapus"),
            ("image_uploaded", "portfolio"): _("Gambar portofolio diunggah"),
            ("image_removed", "portfolio"): _("Gambar portofolio dihapus")}


def event_label(action: str) -> str:
    """A history event as words: `image_uploaded:portfolio:EduQuest` → "Gambar portofolio
    diunggah: EduQuest"; unknown events stay as they are."""
    head, _sep, rest = action.partition(":")
    if head.startswith("image_"):
        slot, _sep, item = rest.partition(":")
        label = _images().get((head, slot)) or _events().get(head, head)
        return f"{label}: {item}" if item else label
    label = _events().get(head, head)
    return f"{label}: {rest}" if rest else label


def state_label(state: str) -> str:
    """A verification state of the curators' queue."""
    return {"verified": _("terverifikasi"), "rejected": _("ditolak"),
            "expired": _("kedaluwarsa"), "unverified": _("belum terverifikasi")
            }.get(state, state)


def role_label(role: str) -> str:
    """An account role (the admins' roles page)."""
    return {"user": _("Pengguna"), "curator": _("Kurator"), "admin": _("Admin"),
            "analyst": _("Analis")}.get(role, role)
