"""Variety for the seed generator: headlines, descriptions, portfolio notes, English versions,
rates — so that result cards of one kind of firm do not read alike.

Every choice here draws from a random.Random seeded with the profile's own slug (or name), never
from the generator's main stream: the profiles, their codes and their order stay what they were,
and the output is the same on every run."""

from __future__ import annotations

import random
from collections.abc import Callable

# Per archetype (its name pattern): (Indonesian, English) headlines; {idea} is a product idea.
HEADLINES: dict[str, list[tuple[str, str]]] = {
    "{} Game Studio": [
        ("Studio pengembang game mobile & PC dari Malang", "Mobile & PC game studio from Malang"),
        ("Game kasual dan edukasi untuk Android, iOS dan web",
         "Casual and educational games for Android, iOS and the web"),
        ("Game PC dan konsol, dari konsep sampai rilis",
         "PC and console games, from concept to release"),
        ("Pengembang game untuk brand, sekolah dan penerbit",
         "Game developer for brands, schools and publishers"),
        ("Game mobile dan advergame dari tim kecil di Malang",
         "Mobile games and advergames from a small team"),
    ],
    "{} Digital": [
        ("Software house: aplikasi mobile Android/iOS dan web untuk bisnis",
         "Software house: Android/iOS mobile apps and web for business"),
        ("Aplikasi mobile dan web untuk UMKM dan instansi",
         "Mobile apps and web systems for SMEs and institutions"),
        ("Jasa pembuatan aplikasi untuk perusahaan dan instansi di Malang",
         "App development for companies and institutions in Malang"),
        ("Sistem informasi dan aplikasi kasir untuk usaha di Malang Raya",
         "Information systems and point-of-sale apps for businesses in Greater Malang"),
    ],
    "{} Labs": [
        ("Jasa pembuatan aplikasi web, data & AI", "Web apps, data & AI development"),
        ("Dasbor data dan analitik untuk bisnis", "Data dashboards and analytics for business"),
        ("Konsultan data dan pengembang aplikasi web berbasis AI",
         "Data consultancy and AI-powered web applications"),
    ],
    "{} Tech": [
        ("Startup aplikasi untuk {idea}", "An app startup for {idea_en}"),
        ("Platform digital {idea} dari Malang", "A digital platform for {idea_en} from Malang"),
        ("Membangun aplikasi {idea} untuk Jawa Timur", "Building {idea_en} apps for East Java"),
    ],
    "Studio Animasi {}": [
        ("Studio animasi 2D/3D, motion graphics dan video",
         "2D/3D animation studio, motion graphics and video"),
        ("Animasi explainer dan video iklan untuk brand", "Explainer animation and ads for brands"),
        ("Serial animasi anak dan motion graphics",
         "Children's animated series and motion graphics"),
    ],
    "{} Kreatif": [
        ("Agensi desain komunikasi visual, branding dan iklan digital",
         "Visual communication, branding and digital advertising agency"),
        ("Branding, logo dan kemasan untuk UMKM Malang",
         "Branding, logos and packaging for Malang's small businesses"),
        ("Agensi kreatif: kampanye media sosial dan desain grafis",
         "Creative agency: social media campaigns and graphic design"),
    ],
    "{} Musik": [
        ("Produksi musik, scoring game dan audio", "Music production, game scoring and audio"),
        ("Studio rekaman, jingle iklan dan sound design",
         "Recording studio, advertising jingles and sound design"),
    ],
    "Kriya {}": [
        ("Kerajinan tangan Malang untuk pasar ekspor", "Malang handicrafts for export markets"),
        ("Anyaman, keramik dan kayu olahan perajin Malang Raya",
         "Weaving, ceramics and woodwork by Greater Malang craftspeople"),
    ],
    "Dapur {}": [
        ("Kuliner khas Malang dengan pemesanan online", "Malang specialities, ordered online"),
        ("Oleh-oleh dan camilan Malang, kirim ke seluruh Indonesia",
         "Malang snacks and souvenirs, shipped across Indonesia"),
    ],
    "{} Wear": [
        ("Label fesyen lokal Malang: batik modern dan streetwear",
         "Local Malang fashion label: modern batik and streetwear"),
        ("Busana batik Malangan dan kaos desain lokal",
         "Malangan batik wear and locally designed T-shirts"),
    ],
    "{} Foto": [
        ("Fotografi produk, pariwisata dan dokumentasi acara",
         "Product, tourism and event photography"),
        ("Foto produk UMKM dan video profil perusahaan",
         "Product photos for small businesses and company profile videos"),
    ],
    "Penerbit {}": [
        ("Penerbit buku digital dan komik lokal", "Publisher of e-books and local comics"),
        ("Buku anak dan e-book dari penulis Malang",
         "Children's books and e-books by Malang writers"),
    ],
    "{} Arsitek": [
        ("Studio arsitektur dan desain interior dengan visualisasi 3D",
         "Architecture and interior design studio with 3D visualisation"),
        ("Desain rumah, kafe dan kantor dengan walkthrough 3D",
         "Homes, cafés and offices designed with 3D walkthroughs"),
    ],
}

IDEAS_EN = {
    "pertanian": "farming", "pariwisata Malang Raya": "Greater Malang tourism", "UMKM": "SMEs",
    "sekolah": "schools", "kesehatan": "health", "logistik": "logistics",
    "keuangan koperasi": "cooperative finance", "kopi lokal": "local coffee",
    "kuliner": "food", "pemerintahan desa": "village government", "kampus": "campuses",
    "olahraga": "sports", "energi": "energy", "perikanan": "fisheries",
    "ekspor kerajinan": "craft exports", "belajar bahasa": "language learning",
}

# Where a firm says it works from (landmarks people in Malang use), by kecamatan.
PLACES = {
    "lowokwaru": ["dekat kampus di Jalan Soekarno-Hatta", "di kawasan Dinoyo", "di Tlogomas"],
    "klojen": ["di Kayutangan", "dekat Alun-alun Tugu", "di Jalan Ijen"],
    "blimbing": ["di kawasan Sawojajar", "dekat Pasar Blimbing", "di Jalan Borobudur"],
    "sukun": ["di Bandulan", "dekat Stadion Gajayana", "di Jalan Sudanco Supriyadi"],
    "kedungkandang": ["di Buring", "dekat Madyopuro", "di Jalan Ki Ageng Gribig"],
    "luar-kota": ["di Batu", "di Singosari", "di Lawang"],
}

CLIENTS = [
    ("Klien kami mulai dari UMKM Malang Raya sampai perusahaan di Jakarta.",
     "Our clients range from Greater Malang small businesses to companies in Jakarta."),
    ("Sebagian besar proyek datang dari sekolah, kampus dan dinas.",
     "Most projects come from schools, universities and local government offices."),
    ("Kami sering bekerja untuk agensi dan penerbit dari luar negeri.",
     "We often work for agencies and publishers abroad."),
    ("Proyek kami banyak untuk brand lokal dan usaha kopi di Malang.",
     "Many of our projects are for local brands and coffee businesses in Malang."),
    ("Kami juga menerima proyek kecil dengan tenggat pendek.",
     "We also take small projects with short deadlines."),
]
WAYS = [
    ("Kerja kami bertahap: riset singkat, prototipe, lalu rilis.",
     "We work in steps: a short study, a prototype, then the release."),
    ("Setiap proyek dipegang satu manajer proyek yang mudah dihubungi.",
     "Every project has one project manager who is easy to reach."),
    ("Kami terbiasa rapat daring dalam Bahasa Indonesia maupun Inggris.",
     "We are used to online meetings in Indonesian as well as English."),
    ("Dukungan dan pemeliharaan tersedia setelah proyek selesai.",
     "Support and maintenance are available after delivery."),
]
PORTFOLIO_NOTES = [
    "Dikerjakan oleh tim {name} dalam {months} bulan.",
    "Proyek bersama klien dari {city}; {name} memegang desain dan pengembangan.",
    "Rilis {year}, masih dipelihara oleh {name}.",
    "Dibuat {name} untuk {idea}.",
]
CITIES = ["Surabaya", "Jakarta", "Malang", "Batu", "Sidoarjo", "Bali", "Yogyakarta"]

TALENT_OPENERS = [
    ("Halo, saya {first}.", "Hi, I'm {first}."),
    ("Saya {first}, tinggal di Malang.", "I'm {first}, based in Malang."),
    ("{first} di sini — freelancer dari Malang.", "{first} here — a freelancer from Malang."),
    ("Nama saya {first}.", "My name is {first}."),
]
TALENT_CLOSERS = [
    ("Terbuka untuk proyek jarak jauh.", "Open to remote projects."),
    ("Bisa bertemu langsung di Malang Raya.", "Happy to meet in person around Malang."),
    ("Senang bergabung dengan tim yang sedang berkembang.", "Glad to join a growing team."),
    ("", ""),
]


def rng_for(key: str) -> random.Random:
    return random.Random(f"variety:{key}")


def organization_text(row: dict, archetype_name: str, idea: str, year: int) -> None:  # type: ignore[type-arg]
    """A headline from the archetype's variants, a description in several sentences (with an
    English version for about a third of the organizations), varied portfolio notes."""
    rng = rng_for(row["slug"])
    variants = HEADLINES.get(archetype_name)
    if not variants:
        return
    idea_en = IDEAS_EN.get(idea, idea)
    head_id, head_en = rng.choice(variants)
    row["headline"] = head_id.format(idea=idea)
    client = rng.choice(CLIENTS)
    way = rng.choice(WAYS)
    place = rng.choice(PLACES[row["kecamatan"]])
    base = row["description"]
    row["description"] = f"{base} Kantor kami {place}. {client[0]} {way[0]}"
    if rng.random() < .35:
        row["translations"] = {"en": {
            "headline": head_en.format(idea_en=idea_en),
            "description": f"{row['name']} has worked in Malang since {year}. {client[1]} "
                           f"{way[1]}"}}
    for item in row.get("portfolio", []):
        item["description"] = rng.choice(PORTFOLIO_NOTES).format(
            name=row["name"], months=rng.randint(2, 9), city=rng.choice(CITIES),
            year=item["year"], idea=idea)


def talent_text(row: dict) -> None:  # type: ignore[type-arg]
    """A personal opening and closing, English for about a quarter of the talents, and an
    hourly rate that grows with experience (rounded to Rp 5,000)."""
    rng = rng_for(row["slug"])
    first = row["name"].split()[0]
    opener = rng.choice(TALENT_OPENERS)
    closer = rng.choice(TALENT_CLOSERS)
    body = row["description"].split(". ", 1)[1] if ". " in row["description"] else ""
    row["description"] = " ".join(p for p in (opener[0].format(first=first), body, closer[0]) if p)
    if rng.random() < .25:
        row["translations"] = {"en": {"description": " ".join(
            p for p in (opener[1].format(first=first), closer[1]) if p)}}
    if "hourly_rate_idr" in row:
        years = row.get("years_experience", 0)
        low = round((35_000 + years * 15_000) * rng.uniform(.8, 1.3) / 5000) * 5000
        rate = {"min": low}
        if "max" in row["hourly_rate_idr"]:
            rate["max"] = round(low * rng.choice([1.5, 2, 2.5]) / 5000) * 5000
        row["hourly_rate_idr"] = rate


def distinct_name(pattern: str, parts: list[str], first: str,
                  taken: Callable[[str], bool]) -> str:
    """The archetype's name with `first` part, or another part when that name is taken (two
    "Cahya Game Studio" side by side read as one firm listed twice)."""
    name = pattern.format(first)
    rng = rng_for(f"{pattern}:{first}")
    for _ in range(6):
        if not taken(name):
            break
        name = pattern.format(rng.choice(parts))
    return name


# Deliberate duplicates for the curators' duplicate finder: the same firm entered twice.
DUPLICATE_NAMES = ["{} Malang", "CV {}", "{} Indonesia"]
CEASED_REASONS = ["closed", "merged", "moved", "inactive"]


def duplicates_and_ceased(orgs: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    """Three organizations entered a second time under a slightly different name (same
    website), and four organizations that ceased trading. Returns the duplicate rows."""
    firms = [o for o in orgs if o["org_type"] in ("service_firm", "startup")
             and o["status"] == "published"]
    out = []
    for n, original in enumerate(firms[5:8]):
        copy = {k: v for k, v in original.items() if k not in ("members", "communities", "nib",
                                                                "translations", "portfolio")}
        copy["name"] = DUPLICATE_NAMES[n].format(original["name"])
        copy["slug"] = f"{original['slug']}-{n + 2}b"
        copy["verified"] = False
        copy["description"] = original["headline"] + "."
        out.append(copy)
    older = [o for o in firms if o.get("founded_year", 2026) <= 2022]
    for n, row in enumerate(older[-4:]):
        row["status"] = "ceased"
        row["ceased_reason"] = CEASED_REASONS[n]
        row["ceased_at"] = f"{2023 + n % 3}-0{n + 3}-15"
        row.pop("accepting_projects", None)
    return out
