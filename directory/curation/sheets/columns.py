"""The spreadsheet column mapping, defined once: the import, both templates and the documentation
(docs/spreadsheet-import.md, checked by a test) all read this table.

Every column has an Indonesian and an English header; either is accepted, in any letter case.
Code columns accept the code or its Indonesian or English label ("Aplikasi", "apps", "aplikasi").
List columns separate values with ";" (a "," also works where values never contain one).
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.taxonomy import (
    AVAILABILITY,
    CEASED_REASONS,
    FUNDING_STAGES,
    KECAMATAN,
    LEGAL_FORMS,
    MARKETS,
    ORG_TYPES,
    PLATFORMS,
    ROLES,
    SERVICES,
    STATUSES,
    SUBSECTORS,
    Vocabulary,
)

ORG = ("organization",)
TALENT = ("talent",)
BOTH = ("organization", "talent")


@dataclass(frozen=True)
class Column:
    id: str  # Indonesian header
    en: str  # English header
    type: str  # text | list | code | codes | int | float | bool | date | kind
    field: str  # interchange field ("contact.email", "location.lat", "links" for a website)
    kinds: tuple[str, ...]
    help_id: str
    help_en: str
    vocabulary: Vocabulary | None = None
    required: bool = False

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_id


COLUMNS: tuple[Column, ...] = (
    Column("jenis", "kind", "kind", "kind", BOTH,
           "organisasi atau talenta; kosong = organisasi",
           "organization or talent; empty = organization"),
    Column("slug", "slug", "text", "slug", BOTH,
           "alamat profil (a-z, 0-9, -); kosong = dicocokkan lewat NIB atau nama, lalu dibuat "
           "dari nama", "profile address (a-z, 0-9, -); empty = matched by NIB or name, else "
           "made from the name"),
    Column("nama", "name", "text", "name", BOTH, "nama organisasi atau talenta (2–120 karakter)",
           "organization or talent name (2–120 characters)", required=True),
    Column("ringkasan", "headline", "text", "headline", BOTH, "satu kalimat, ≤ 160 karakter",
           "one sentence, ≤ 160 characters"),
    Column("deskripsi", "description", "text", "description", BOTH, "teks biasa, ≤ 5000 karakter",
           "plain text, ≤ 5000 characters"),
    Column("subsektor", "subsectors", "codes", "subsectors", BOTH,
           "satu atau lebih subsektor", "one or more subsectors", SUBSECTORS, required=True),
    Column("kecamatan", "kecamatan", "code", "kecamatan", BOTH, "kecamatan di Kota Malang",
           "district (kecamatan) of Kota Malang", KECAMATAN, required=True),
    Column("jenis_organisasi", "org_type", "code", "org_type", ORG, "wajib untuk organisasi",
           "required for organizations", ORG_TYPES),
    Column("layanan", "services", "codes", "services", ORG, "layanan yang ditawarkan",
           "services offered", SERVICES),
    Column("platform", "platforms", "codes", "platforms", ORG, "platform yang dikerjakan",
           "platforms built for", PLATFORMS),
    Column("keahlian", "skills", "list", "skills", BOTH, "≤ 30 keahlian, mis. Flutter; Unity",
           "≤ 30 skills, e.g. Flutter; Unity"),
    Column("bahasa", "languages", "list", "languages", BOTH, "kode ISO 639-1, mis. id; en; jv",
           "ISO 639-1 codes, e.g. id; en; jv"),
    Column("tahun_berdiri", "founded_year", "int", "founded_year", ORG, "mis. 2019",
           "e.g. 2019"),
    Column("jumlah_tim", "team_size", "int", "team_size", ORG, "jumlah orang, ≥ 1",
           "number of people, ≥ 1"),
    Column("bentuk_usaha", "legal_form", "code", "legal_form", ORG, "PT, CV, UD, koperasi, …",
           "PT, CV, UD, cooperative, …", LEGAL_FORMS),
    Column("nib", "nib", "text", "nib", ORG, "Nomor Induk Berusaha, 13 digit",
           "business registration number (NIB), 13 digits"),
    Column("kbli", "kbli", "list", "kbli", ORG, "kode KBLI 5 digit, mis. 62019; 58200",
           "5-digit KBLI codes, e.g. 62019; 58200"),
    Column("pasar", "markets", "codes", "markets", ORG, "pasar yang dilayani",
           "markets served", MARKETS),
    Column("negara_ekspor", "export_countries", "list", "export_countries", ORG,
           "kode negara ISO alpha-2, mis. SG; JP", "ISO alpha-2 country codes, e.g. SG; JP"),
    Column("pendanaan", "funding_stage", "code", "funding_stage", ORG, "tahap pendanaan",
           "funding stage", FUNDING_STAGES),
    Column("menerima_proyek", "accepting_projects", "bool", "accepting_projects", ORG,
           "ya atau tidak", "yes or no"),
    Column("menerima_brief", "accepts_briefs", "bool", "accepts_briefs", BOTH,
           "ya = brief proyek yang cocok dikirim ke profil ini", "yes = matching project "
           "briefs are sent to this profile"),
    Column("anggaran_min_idr", "min_budget_idr", "int", "min_budget_idr", ORG,
           "anggaran proyek minimum dalam rupiah", "minimum project budget in rupiah"),
    Column("lintang", "latitude", "float", "location.lat", ORG,
           "lintang, mis. -7.9666 (bersama bujur)", "latitude, e.g. -7.9666 (with longitude)"),
    Column("bujur", "longitude", "float", "location.lng", ORG,
           "bujur, mis. 112.6326 (bersama lintang)", "longitude, e.g. 112.6326 (with latitude)"),
    Column("situs", "website", "text", "links", BOTH, "alamat situs http(s)://…",
           "website address http(s)://…"),
    Column("email", "email", "text", "contact.email", BOTH, "rahasia: tidak pernah ditampilkan",
           "private: never shown"),
    Column("telepon", "phone", "text", "contact.phone", BOTH, "rahasia", "private"),
    Column("whatsapp", "whatsapp", "text", "contact.whatsapp", BOTH, "rahasia", "private"),
    Column("peran", "roles", "codes", "roles", TALENT, "wajib untuk talenta",
           "required for talents", ROLES),
    Column("pengalaman_tahun", "years_experience", "int", "years_experience", TALENT,
           "0–60", "0–60"),
    Column("ketersediaan", "availability", "code", "availability", TALENT,
           "ketersediaan talenta", "talent availability", AVAILABILITY),
    Column("kampus", "campus", "text", "campus", TALENT, "teks bebas", "free text"),
    Column("status", "status", "code", "status", BOTH, "kosong = terbit",
           "empty = published", STATUSES),
    Column("tanggal_berhenti", "ceased_at", "text", "ceased_at", BOTH,
           "bila status ceased: tanggal berhenti beroperasi (YYYY-MM-DD)",
           "with status ceased: the date operations ceased (YYYY-MM-DD)"),
    Column("alasan_berhenti", "ceased_reason", "code", "ceased_reason", BOTH,
           "bila status ceased: tutup, bergabung, pindah, tidak aktif, lainnya",
           "with status ceased: closed, merged, moved, inactive, other", CEASED_REASONS),
    Column("tanggal_dibuat", "created_at", "date", "created_at", BOTH,
           "tanggal data tercatat (YYYY-MM-DD), untuk grafik pertumbuhan yang jujur",
           "date first recorded (YYYY-MM-DD), keeps growth charts honest"),
)

BY_HEADER: dict[str, Column] = {
    name: column for column in COLUMNS for name in (column.id, column.en)
}
# an interchange field (first part of an error path) → the column to blame
BY_FIELD: dict[str, Column] = {column.field.split(".")[0]: column for column in COLUMNS}
BY_FIELD["location"] = BY_HEADER["lintang"]
BY_FIELD["contact"] = BY_HEADER["email"]
BY_PATH: dict[str, Column] = {column.field: column for column in COLUMNS}


def normalise_header(raw: object) -> str:
    return str(raw or "").strip().casefold().replace(" ", "_").replace("-", "_")
