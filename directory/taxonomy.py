"""Controlled vocabularies, defined once: every code with its Bahasa Indonesia and English label."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    id: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


class Vocabulary:
    def __init__(self, name: str, terms: list[Term]) -> None:
        self.name = name
        self.terms = terms
        self._by_code = {t.code: t for t in terms}

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:  # templates count columns (`|length`)
        return len(self.terms)

    def get(self, code: str) -> Term | None:
        return self._by_code.get(code)

    def label(self, code: str, lang: str = "id") -> str:
        term = self._by_code.get(code)
        return term.label(lang) if term else code


def _v(name: str, rows: list[tuple[str, str, str]]) -> Vocabulary:
    return Vocabulary(name, [Term(*row) for row in rows])


SUBSECTORS = _v("subsector", [
    ("aplikasi", "Aplikasi", "Apps"),
    ("pengembang-permainan", "Pengembang Permainan", "Game development"),
    ("arsitektur", "Arsitektur", "Architecture"),
    ("desain-interior", "Desain Interior", "Interior design"),
    ("dkv", "Desain Komunikasi Visual", "Visual communication design"),
    ("desain-produk", "Desain Produk", "Product design"),
    ("fesyen", "Fesyen", "Fashion"),
    ("film-animasi-video", "Film, Animasi, dan Video", "Film, animation and video"),
    ("fotografi", "Fotografi", "Photography"),
    ("kriya", "Kriya", "Crafts"),
    ("kuliner", "Kuliner", "Culinary"),
    ("musik", "Musik", "Music"),
    ("penerbitan", "Penerbitan", "Publishing"),
    ("periklanan", "Periklanan", "Advertising"),
    ("seni-pertunjukan", "Seni Pertunjukan", "Performing arts"),
    ("seni-rupa", "Seni Rupa", "Fine arts"),
    ("televisi-radio", "Televisi dan Radio", "Television and radio"),
])

KECAMATAN = _v("kecamatan", [
    ("blimbing", "Blimbing", "Blimbing"),
    ("klojen", "Klojen", "Klojen"),
    ("kedungkandang", "Kedungkandang", "Kedungkandang"),
    ("sukun", "Sukun", "Sukun"),
    ("lowokwaru", "Lowokwaru", "Lowokwaru"),
    ("luar-kota", "Luar Kota Malang (Malang Raya)", "Outside the city (Greater Malang)"),
])
BPS_CODES = {"blimbing": "35.73.01", "klojen": "35.73.02", "kedungkandang": "35.73.03",
             "sukun": "35.73.04", "lowokwaru": "35.73.05"}

ORG_TYPES = _v("org_type", [
    ("startup", "Startup", "Startup"),
    ("service_firm", "Studio / Software house", "Studio / service firm"),
    ("community", "Komunitas", "Community"),
    ("incubator", "Inkubator", "Incubator"),
    ("campus", "Kampus", "Campus"),
])

SERVICES = _v("service", [
    ("mobile_app", "Pembuatan aplikasi mobile", "Mobile app development"),
    ("web_app", "Pembuatan aplikasi web", "Web app development"),
    ("game_development", "Pengembangan game", "Game development"),
    ("game_art", "Seni game", "Game art"),
    ("ui_ux_design", "Desain UI/UX", "UI/UX design"),
    ("backend_api", "Backend & API", "Backend & APIs"),
    ("cloud_devops", "Cloud & DevOps", "Cloud & DevOps"),
    ("data_ai", "Data & kecerdasan buatan", "Data & AI"),
    ("iot", "Internet of Things", "Internet of Things"),
    ("ar_vr", "AR/VR", "AR/VR"),
    ("qa_testing", "Pengujian perangkat lunak", "QA & testing"),
    ("animation", "Animasi", "Animation"),
    ("video_production", "Produksi video", "Video production"),
    ("motion_graphics", "Motion graphics", "Motion graphics"),
    ("illustration", "Ilustrasi", "Illustration"),
    ("branding", "Branding", "Branding"),
    ("digital_marketing", "Pemasaran digital", "Digital marketing"),
    ("ecommerce", "E-commerce", "E-commerce"),
    ("localization", "Lokalisasi", "Localization"),
    ("music_audio", "Musik & audio", "Music & audio"),
    ("photography", "Fotografi", "Photography"),
    ("consulting", "Konsultasi", "Consulting"),
    ("training", "Pelatihan", "Training"),
])

ROLES = _v("role", [
    ("mobile_developer", "Pengembang mobile", "Mobile developer"),
    ("web_developer", "Pengembang web", "Web developer"),
    ("backend_developer", "Pengembang backend", "Backend developer"),
    ("game_developer", "Pengembang game", "Game developer"),
    ("game_designer", "Desainer game", "Game designer"),
    ("game_artist", "Seniman game", "Game artist"),
    ("ui_ux_designer", "Desainer UI/UX", "UI/UX designer"),
    ("graphic_designer", "Desainer grafis", "Graphic designer"),
    ("illustrator", "Ilustrator", "Illustrator"),
    ("animator", "Animator", "Animator"),
    ("3d_artist", "Seniman 3D", "3D artist"),
    ("sound_designer", "Desainer suara", "Sound designer"),
    ("data_scientist", "Ilmuwan data", "Data scientist"),
    ("devops_engineer", "Insinyur DevOps", "DevOps engineer"),
    ("qa_engineer", "Insinyur QA", "QA engineer"),
    ("product_manager", "Manajer produk", "Product manager"),
    ("digital_marketer", "Pemasar digital", "Digital marketer"),
    ("content_creator", "Kreator konten", "Content creator"),
    ("photographer", "Fotografer", "Photographer"),
    ("videographer", "Videografer", "Videographer"),
    ("writer", "Penulis", "Writer"),
])

MARKETS = _v("market", [
    ("malang_raya", "Malang Raya", "Greater Malang"),
    ("jawa_timur", "Jawa Timur", "East Java"),
    ("national", "Nasional", "National"),
    ("international", "Internasional", "International"),
])

FUNDING_STAGES = _v("funding_stage", [
    ("bootstrapped", "Modal sendiri", "Bootstrapped"),
    ("pre_seed", "Pra-pendanaan awal", "Pre-seed"),
    ("seed", "Pendanaan awal", "Seed"),
    ("series_a_plus", "Seri A ke atas", "Series A+"),
    ("grant", "Hibah", "Grant"),
    ("unknown", "Tidak diketahui", "Unknown"),
])

AVAILABILITY = _v("availability", [
    ("freelance", "Lepas (freelance)", "Freelance"),
    ("full_time", "Penuh waktu", "Full-time"),
    ("part_time", "Paruh waktu", "Part-time"),
    ("not_available", "Tidak tersedia", "Not available"),
])

PLATFORMS = _v("platform", [
    ("android", "Android", "Android"),
    ("ios", "iOS", "iOS"),
    ("web", "Web", "Web"),
    ("desktop", "Desktop", "Desktop"),
    ("console", "Konsol", "Console"),
    ("xr", "XR (AR/VR)", "XR (AR/VR)"),
])

LEGAL_FORMS = _v("legal_form", [
    ("pt", "PT", "Limited company (PT)"),
    ("cv", "CV", "Limited partnership (CV)"),
    ("ud", "UD", "Sole proprietorship (UD)"),
    ("koperasi", "Koperasi", "Cooperative"),
    ("perorangan", "Perorangan", "Individual"),
    ("komunitas", "Komunitas", "Community"),
    ("other", "Lainnya", "Other"),
])

STATUSES = _v("status", [
    ("published", "Terbit", "Published"),
    ("draft", "Draf", "Draft"),
    ("hidden", "Disembunyikan", "Hidden"),
    ("ceased", "Tidak beroperasi lagi", "No longer operating"),
])
# Statuses shown to the public: a ceased profile stays public (marked), but is not active.
PUBLIC_STATUSES = ("published", "ceased")

CEASED_REASONS = _v("ceased_reason", [
    ("closed", "Tutup", "Closed"),
    ("merged", "Bergabung dengan usaha lain", "Merged"),
    ("moved", "Pindah ke luar Malang", "Moved away"),
    ("inactive", "Tidak aktif", "Inactive"),
    ("other", "Lainnya", "Other"),
])

KINDS = _v("kind", [
    ("organization", "Organisasi", "Organization"),
    ("talent", "Talenta", "Talent"),
])

TEAM_SIZE_BANDS = _v("team_size_band", [
    ("1", "1 orang", "1 person"),
    ("2-5", "2–5 orang", "2–5 people"),
    ("6-10", "6–10 orang", "6–10 people"),
    ("11-25", "11–25 orang", "11–25 people"),
    ("26-50", "26–50 orang", "26–50 people"),
    ("51-100", "51–100 orang", "51–100 people"),
    ("101+", "Lebih dari 100 orang", "More than 100 people"),
])
_BAND_UPPER = [(1, "1"), (5, "2-5"), (10, "6-10"), (25, "11-25"), (50, "26-50"), (100, "51-100")]


def team_size_band(team_size: int | None) -> str | None:
    if team_size is None:
        return None
    return next((band for upper, band in _BAND_UPPER if team_size <= upper), "101+")


# Annual revenue bands of PP 7/2021 (usaha mikro, kecil, menengah, besar): reported in
# confidence by organizations, shown only in aggregates of at least five.
REVENUE_BANDS = _v("revenue_band", [
    ("micro", "Mikro (≤ Rp2 miliar/tahun)", "Micro (≤ IDR 2 billion/year)"),
    ("small", "Kecil (Rp2–15 miliar/tahun)", "Small (IDR 2–15 billion/year)"),
    ("medium", "Menengah (Rp15–50 miliar/tahun)", "Medium (IDR 15–50 billion/year)"),
    ("large", "Besar (> Rp50 miliar/tahun)", "Large (> IDR 50 billion/year)"),
])

COMMUNITY_TYPES = frozenset({"community", "incubator", "campus"})

# Which vocabulary labels each public facet / statistics dimension.
FACET_VOCABULARIES: dict[str, Vocabulary] = {
    "kind": KINDS,
    "subsector": SUBSECTORS,
    "service": SERVICES,
    "role": ROLES,
    "kecamatan": KECAMATAN,
    "org_type": ORG_TYPES,
    "market": MARKETS,
    "funding_stage": FUNDING_STAGES,
    "availability": AVAILABILITY,
    "team_size_band": TEAM_SIZE_BANDS,
}
