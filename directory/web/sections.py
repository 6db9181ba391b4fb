"""The profile editor in sections, saved one at a time. Pure functions (unit-tested without a
server).

A section owns some fields of the HTML form (web/forms.py). Saving a section starts from the
stored profile's form, replaces only the section's fields with what was posted, and validates
the whole profile with the same rules as every other write (ProfileEditor.replace): one place
for validation, and a section never changes another section's fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.profiles import inputs
from directory.web.forms import Form

SECTIONS = ("dasar", "layanan", "portofolio", "tim", "lokasi", "kontak", "publikasi")

# Form field names per section (a name ending in "-" is a prefix: numbered or per-language rows).
_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "organization": {
        "dasar": ("name", "headline", "description", "translations-", "org_type", "subsectors",
                  "founded_year", "team_size", "legal_form", "nib", "kbli", "funding_stage"),
        "layanan": ("services", "platforms", "skills", "languages", "links", "communities",
                    "markets", "export_countries", "accepting_projects", "min_budget_idr",
                    "accepts_briefs"),
        "portofolio": ("portfolio-",),
        "tim": ("members",),
        "lokasi": ("kecamatan", "lat", "lng", "contact_address"),
        "kontak": ("contact_email", "contact_phone", "contact_whatsapp"),
        "publikasi": ("status", "ceased_at", "ceased_reason"),
    },
    "talent": {
        "dasar": ("name", "headline", "description", "translations-", "roles", "subsectors",
                  "campus"),
        "layanan": ("skills", "languages", "links", "communities", "years_experience",
                    "availability", "rate_min", "rate_max", "accepts_briefs"),
        "portofolio": ("portfolio-",),
        "tim": ("affiliations",),
        "lokasi": ("kecamatan",),
        "kontak": ("contact_email", "contact_phone", "contact_whatsapp"),
        "publikasi": ("status", "ceased_at", "ceased_reason"),
    },
}


def title(section: str) -> str:
    return {"dasar": _("Dasar"), "layanan": _("Layanan dan keahlian"),
            "portofolio": _("Portofolio"), "tim": _("Tim"), "lokasi": _("Lokasi"),
            "kontak": _("Kontak pribadi"), "publikasi": _("Publikasi")}[section]


def owns(kind: str, section: str, name: str) -> bool:
    """Whether form field `name` belongs to `section` of a `kind` profile."""
    return any(name.startswith(f) if f.endswith("-") else name == f
               for f in _FIELDS[kind][section])


def section_of(kind: str, name: str) -> str | None:
    return next((s for s in SECTIONS if owns(kind, s, name)), None)


def in_page_order(kind: str, errors: dict[str, str]) -> dict[str, str]:
    """The errors in the order their fields appear (the summary reads top to bottom)."""
    order = [f for s in SECTIONS for f in _FIELDS[kind][s]]

    def place(name: str) -> tuple[int, str]:
        if name == "slug":
            return -1, name
        if name.startswith("image-"):
            name = "portfolio-" if "portfolio" in name else "funding_stage"
        found = next((i for i, f in enumerate(order)
                      if (name.startswith(f) if f.endswith("-") else name == f)), len(order))
        return found, name

    return dict(sorted(errors.items(), key=lambda item: place(item[0])))


def merged_form(kind: str, section: str, stored: Form, posted: Form) -> Form:
    """The stored profile's form with `section`'s fields as posted (an unticked box or a
    removed row is absent from a post, so every field of the section is replaced)."""
    form = {k: v for k, v in stored.items() if not owns(kind, section, k)}
    form.update({k: v for k, v in posted.items() if owns(kind, section, k)})
    return form


@dataclass(frozen=True)
class SectionState:
    key: str
    title: str
    complete: bool
    missing: list[str]


def _missing(kind: str, section: str, profile: dict[str, Any]) -> list[str]:
    org = kind == "organization"
    wanted: dict[str, list[tuple[bool, str]]] = {
        "dasar": [(bool(profile.get("headline")), _("Tulis satu kalimat judul profil")),
                  (bool(profile.get("description")),
                   _("Ceritakan apa yang Anda kerjakan (deskripsi)"))]
        + ([(bool(profile.get("founded_year")), _("Isi tahun berdiri")),
            (bool(profile.get("team_size")), _("Isi jumlah anggota tim"))] if org else []),
        "layanan": [(bool(profile.get("skills")), _("Tambahkan keahlian")),
                    (bool(profile.get("languages")), _("Sebutkan bahasa yang dipakai")),
                    (bool(profile.get("links")),
                     _("Tambahkan tautan (situs web, toko aplikasi, media sosial)"))]
        + ([(bool(profile.get("services")), _("Pilih layanan yang ditawarkan")),
            (bool(profile.get("markets")), _("Pilih pasar yang dilayani"))] if org else
           [(bool(profile.get("availability")), _("Isi ketersediaan")),
            (profile.get("years_experience") is not None, _("Isi lama pengalaman"))]),
        "portofolio": [(bool(profile.get("portfolio")),
                        _("Tambahkan minimal satu karya di portofolio"))],
        "tim": [(bool(profile.get("members" if org else "affiliations")),
                 _("Cantumkan anggota tim yang punya profil talenta") if org
                 else _("Cantumkan organisasi tempat Anda bekerja"))],
        "lokasi": [(bool(profile.get("location") or (profile.get("contact") or {}).get(
            "address")), _("Tandai lokasi di peta atau tulis catatan alamat"))] if org else [],
        "kontak": [(bool(profile.get("contact", {}).keys() - {"address"}),
                    _("Isi kontak pribadi agar Anda bisa dihubungi (tidak ditampilkan)"))],
        "publikasi": [(profile.get("status", "published") != "draft",
                       _("Profil masih draf: terbitkan agar tampil di pencarian"))],
    }
    return [hint for done, hint in wanted[section] if not done]


def progress(kind: str, profile: dict[str, Any]) -> list[SectionState]:
    """Each section: complete or not, and what is missing (translated hints)."""
    out = []
    for section in SECTIONS:
        missing = _missing(kind, section, profile)
        out.append(SectionState(section, title(section), not missing, missing))
    return out


def _labels() -> dict[str, str]:
    return {"slug": _("Alamat profil"), "name": _("Nama"), "headline": _("Judul singkat"),
            "description": _("Deskripsi"), "status": _("Status"),
            "ceased_at": _("Tidak beroperasi sejak"),
            "ceased_reason": _("Alasan berhenti beroperasi"),
            "org_type": _("Jenis organisasi"), "subsectors": _("Subsektor"), "roles": _("Peran"),
            "kecamatan": _("Kecamatan"), "services": _("Layanan"), "platforms": _("Platform"),
            "skills": _("Keahlian"), "languages": _("Bahasa"), "links": _("Tautan"),
            "communities": _("Komunitas"), "founded_year": _("Tahun berdiri"),
            "team_size": _("Jumlah anggota tim"), "legal_form": _("Bentuk badan usaha"),
            "nib": _("NIB"), "kbli": _("KBLI"), "markets": _("Pasar yang dilayani"),
            "export_countries": _("Negara tujuan ekspor"),
            "funding_stage": _("Tahap pendanaan"),
            "min_budget_idr": _("Anggaran minimum (Rp)"), "lat": _("Lintang"),
            "lng": _("Bujur"), "contact_address": _("Catatan alamat"),
            "members": _("Anggota tim (talenta)"),
            "years_experience": _("Lama pengalaman (tahun)"),
            "availability": _("Ketersediaan"), "rate_min": _("Tarif per jam minimum (Rp)"),
            "rate_max": _("Tarif per jam maksimum (Rp)"),
            "affiliations": _("Afiliasi (organisasi)"), "campus": _("Kampus"),
            "contact_email": _("Email"), "contact_phone": _("Telepon"),
            "contact_whatsapp": _("WhatsApp"), "image-logo": _("Logo"),
            "image-portfolio": _("Gambar karya pertama"),
            "title": _("Judul"), "url": _("Tautan"), "year": _("Tahun"),
            "client_country": _("Negara klien"), "position": _("Urutan")}


def label(name: str) -> str:
    """The label of form field `name` as the error summary names it."""
    labels = _labels()
    if name.startswith("image-portfolio-"):
        return _("Gambar karya")
    if name.startswith("portfolio-"):
        _prefix, row, part = name.split("-", 2)
        return f"{_('Karya')} {int(row) + 1} · {labels.get(part, part)}" if row.isdigit() \
            else labels.get(name, name)
    if name.startswith("translations-"):
        return f"{labels.get(name.rsplit('-', 1)[1], name)} ({name.split('-')[1]})"
    return labels.get(name, name)


def image_key(slot: str) -> str:
    """The form field name of an image slot ('logo', 'portfolio:<title>'), usable as an id."""
    return "image-" + (re.sub(r"[^a-z0-9]+", "-", slot.lower()).strip("-") or "logo")


IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class EditorContext(TypedDict):
    SECTION_KEYS: tuple[str, ...]
    section_title: Callable[[str], str]
    field_label: Callable[[str], str]
    picker_options: Callable[[str], list[str]]
    image_key: Callable[[str], str]
    IMAGE_TYPES: str


def editor_context() -> EditorContext:
    """What the editor's templates call besides the form."""
    return {"SECTION_KEYS": SECTIONS, "section_title": title, "field_label": label,
            "picker_options": lambda what: inputs.options(what, current_language.get()),
            "image_key": image_key, "IMAGE_TYPES": IMAGE_TYPES}
