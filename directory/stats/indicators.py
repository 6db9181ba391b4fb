"""Indicator metadata for every published figure, in the structure BPS sets for *metadata
indikator* (Satu Data Indonesia, Perpres 39/2019): name, concept and definition, interpretation,
method/formula, unit, frequency, disaggregation, source, related variables and reference codes —
each text in Indonesian and English. Served at /api/v1/stats/indicators, named by every stats
response (`indicator`), shown on the methodology page and referenced by the data catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.stats.parameters import DIMENSIONS
from directory.stats.shapes import IndicatorPublic, IndicatorText

Bi = tuple[str, str]  # (Indonesian, English)

SOURCE: Bi = ("Direktori Ekonomi Kreatif Kota Malang: profil yang dikelola pemiliknya dan "
              "dikurasi Bappeda Kota Malang (data administratif, bukan survei).",
              "Kota Malang creative-economy directory: profiles kept by their owners and "
              "curated by Bappeda Kota Malang (administrative data, not a survey).")
CONFIDENTIAL_SOURCE: Bi = ("Angka rahasia yang dilaporkan organisasi sendiri setiap kuartal; "
                           "hanya gabungan yang lolos aturan kerahasiaan.",
                           "Confidential figures organizations report themselves each quarter; "
                           "only aggregates that pass the disclosure rules.")
REFERENCE: tuple[str, ...] = (
    "Wilayah: BPS 3573 (Kota Malang), kecamatan 35.73.01–35.73.05",
    "17 subsektor ekonomi kreatif (Kemenparekraf/Bekraf)", "KBLI 2020")
SCOPE_FILTERS = ("kind", "org_type", "subsector", "kecamatan", "verified", "period")
ACTIVE: Bi = ("Profil aktif: status terbit (bukan draf, tersembunyi, atau tidak beroperasi "
              "lagi).", "Active profile: status published (not draft, hidden or no longer "
              "operating).")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Bi
    concept: Bi
    definition: Bi
    interpretation: Bi
    method: Bi
    unit: Bi
    frequency: Bi = ("Terus-menerus: dihitung saat diminta; snapshot bulanan pada awal bulan.",
                     "Continuous: computed on request; monthly snapshot at the start of each "
                     "month.")
    disaggregation: tuple[str, ...] = SCOPE_FILTERS
    source: Bi = SOURCE
    related: tuple[str, ...] = ()
    reference_codes: tuple[str, ...] = REFERENCE
    endpoint: str = ""
    tables: tuple[str, ...] = field(default=())

    def as_dict(self, lang: str | None = None) -> IndicatorPublic:
        """Both languages (`{"id": …, "en": …}` per text) or, with `lang`, that one."""

        def text(pair: Bi) -> str | IndicatorText:
            return {"id": pair[0], "en": pair[1]} if lang is None else \
                pair[1 if lang == "en" else 0]

        return {"code": self.code, "name": text(self.name), "concept": text(self.concept),
                "definition": text(self.definition),
                "interpretation": text(self.interpretation), "method": text(self.method),
                "unit": text(self.unit), "frequency": text(self.frequency),
                "source": text(self.source), "disaggregation": list(self.disaggregation),
                "related": list(self.related), "reference_codes": list(self.reference_codes),
                "endpoint": self.endpoint, "tables": list(self.tables)}


_DIMENSION_NAMES: dict[str, Bi] = {
    "subsector": ("subsektor", "subsector"), "kecamatan": ("kecamatan", "district"),
    "service": ("layanan", "service"), "role": ("peran talenta", "talent role"),
    "skill": ("keahlian", "skill"), "org_type": ("jenis organisasi", "organization type"),
    "team_size_band": ("ukuran tim", "team size band"),
    "founded_year": ("tahun berdiri", "founding year"),
    "market": ("pasar yang dilayani", "market served"),
    "funding_stage": ("tahap pendanaan", "funding stage"),
}


def _breakdown(by: str) -> Indicator:
    what_id, what_en = _DIMENSION_NAMES[by]
    return Indicator(
        code=f"profiles_by_{by}",
        name=(f"Jumlah profil aktif menurut {what_id}", f"Active profiles by {what_en}"),
        concept=("Ukuran ekosistem ekonomi kreatif yang tercatat di direktori.",
                 "Size of the creative-economy ecosystem recorded in the directory."),
        definition=(f"Banyaknya profil aktif (organisasi dan/atau talenta) untuk setiap nilai "
                    f"{what_id}. {ACTIVE[0]}",
                    f"Number of active profiles (organizations and/or talents) for each "
                    f"{what_en}. {ACTIVE[1]}"),
        interpretation=("Makin besar angkanya, makin banyak pelaku dengan nilai itu. Profil "
                        "dengan beberapa nilai dihitung sekali di setiap nilai, sehingga jumlah "
                        "baris dapat melebihi total.",
                        "The larger the figure, the more actors with that value. A profile "
                        "with several values counts once in each, so rows may sum to more "
                        "than the total."),
        method=("n(v) = banyaknya profil aktif yang memuat nilai v (hitungan facet indeks "
                "pencarian; sama dengan hitungan di pencarian dengan saringan yang sama).",
                "n(v) = number of active profiles holding value v (search-index facet "
                "counts; equal to a search with the same filters)."),
        unit=("profil", "profiles"),
        related=("profiles_total", "new_profiles"),
        endpoint=f"/api/v1/stats/breakdown?by={by}", tables=(by,))


_LIST = [
    Indicator(
        code="profiles_total",
        name=("Jumlah profil aktif", "Active profiles"),
        concept=("Ukuran ekosistem yang tercatat.", "Size of the recorded ecosystem."),
        definition=("Banyaknya profil aktif: organisasi (startup, perusahaan jasa, komunitas, "
                    "inkubator, kampus) dan talenta perorangan. " + ACTIVE[0],
                    "Number of active profiles: organizations (startups, service firms, "
                    "communities, incubators, campuses) and individual talents. " + ACTIVE[1]),
        interpretation=("Cakupan direktori, bukan sensus: pelaku yang belum mendaftar tidak "
                        "terhitung.", "Directory coverage, not a census: actors who have not "
                        "registered are not counted."),
        method=("Hitungan profil aktif di indeks pencarian.",
                "Count of active profiles in the search index."),
        unit=("profil", "profiles"), related=("verified_share", "international_share"),
        endpoint="/api/v1/stats/overview"),
    Indicator(
        code="verified_share",
        name=("Porsi organisasi terverifikasi", "Share of verified organizations"),
        concept=("Keandalan data direktori.", "Reliability of the directory's data."),
        definition=("Organisasi aktif yang datanya (NIB, KBLI, keberadaan) diperiksa kurator "
                    "kota dalam 12 bulan terakhir, dibagi semua organisasi aktif.",
                    "Active organizations whose data (NIB, KBLI, existence) a city curator "
                    "checked in the last 12 months, divided by all active organizations."),
        interpretation=("Makin tinggi, makin banyak angka yang bersandar pada data terperiksa.",
                        "The higher, the more figures rest on checked data."),
        method=("terverifikasi / organisasi aktif (4 desimal).",
                "verified / active organizations (4 decimals)."),
        unit=("rasio (0–1)", "ratio (0–1)"), related=("profiles_total",),
        endpoint="/api/v1/stats/overview"),
    Indicator(
        code="international_share",
        name=("Porsi organisasi yang melayani pasar internasional",
              "Share of organizations serving international markets"),
        concept=("Orientasi ekspor jasa kreatif.", "Export orientation of creative services."),
        definition=("Organisasi aktif yang mencantumkan pasar 'internasional', dibagi semua "
                    "organisasi aktif.", "Active organizations listing the 'international' "
                    "market, divided by all active organizations."),
        interpretation=("Indikasi, dinyatakan sendiri oleh organisasi.",
                        "An indication, self-declared by organizations."),
        method=("internasional / organisasi aktif (4 desimal).",
                "international / active organizations (4 decimals)."),
        unit=("rasio (0–1)", "ratio (0–1)"), related=("profiles_by_market",),
        endpoint="/api/v1/stats/overview"),
    *[_breakdown(by) for by in DIMENSIONS],
    Indicator(
        code="new_profiles",
        name=("Profil baru per periode dan jumlah kumulatif",
              "New profiles per period and running total"),
        concept=("Pertumbuhan direktori.", "Growth of the directory."),
        definition=("Profil aktif menurut bulan/tahun dibuat (created_at); kumulatif = jumlah "
                    "berjalan; 'tercatat' = total yang dilihat snapshot bulanan saat itu.",
                    "Active profiles by month/year of creation (created_at); cumulative = "
                    "running total; 'recorded' = the total the monthly snapshot saw then."),
        interpretation=("Riwayat created_at hanya mengenal profil yang masih aktif; angka "
                        "'tercatat' menunjukkan apa yang benar-benar ada saat itu.",
                        "The created_at history only knows profiles still active; 'recorded' "
                        "shows what was really there at the time."),
        method=("n(t) = profil aktif dengan created_at pada periode t; kumulatif(t) = Σ n(s), "
                "s ≤ t.", "n(t) = active profiles created in period t; cumulative(t) = "
                "Σ n(s), s ≤ t."),
        unit=("profil", "profiles"), related=("recorded_profiles", "active_organizations"),
        endpoint="/api/v1/stats/growth", tables=("growth", "growth-month")),
    Indicator(
        code="recorded_profiles",
        name=("Profil terbit tercatat (snapshot bulanan)",
              "Recorded published profiles (monthly snapshot)"),
        concept=("Ukuran direktori pada saat tertentu.", "Size of the directory at a moment."),
        definition=("Total profil terbit per jenis dan jenis organisasi yang dicatat pada awal "
                    "setiap bulan; tidak berubah setelahnya.",
                    "Published profiles per kind and organization type recorded at the start "
                    "of each month; never changed afterwards."),
        interpretation=("Deret waktu yang jujur: profil yang kemudian dihapus tetap terhitung "
                        "di bulan-bulan lalu.", "An honest time series: profiles removed later "
                        "still count in past months."),
        method=("Hitungan pada saat snapshot diambil.", "Count at the moment of the snapshot."),
        unit=("profil", "profiles"),
        frequency=("Bulanan (awal bulan).", "Monthly (start of the month)."),
        disaggregation=("kind", "org_type"), related=("new_profiles",),
        endpoint="/data/snapshots.csv"),
    Indicator(
        code="births_deaths",
        name=("Organisasi lahir dan berhenti beroperasi per tahun",
              "Organization births and deaths per year"),
        concept=("Demografi usaha (kelahiran dan kematian usaha).",
                 "Business demography (births and deaths)."),
        definition=("Lahir: organisasi publik (terbit atau tidak beroperasi lagi) dengan tahun "
                    "berdiri Y. Berhenti: organisasi tidak beroperasi lagi dengan tanggal "
                    "berhenti (ceased_at) pada tahun Y.",
                    "Birth: a public organization (published or no longer operating) founded "
                    "in year Y. Death: an organization no longer operating whose ceased_at "
                    "falls in year Y."),
        interpretation=("Lahir melebihi berhenti berarti ekosistem bertambah. Penutupan yang "
                        "tidak dilaporkan membuat angka berhenti terlalu rendah.",
                        "More births than deaths means a growing ecosystem. Unreported closures "
                        "make deaths too low."),
        method=("births(Y) = Σ[founded_year = Y]; deaths(Y) = Σ[year(ceased_at) = Y].",
                "births(Y) = Σ[founded_year = Y]; deaths(Y) = Σ[year(ceased_at) = Y]."),
        unit=("organisasi", "organizations"),
        disaggregation=("org_type", "subsector", "kecamatan", "verified"),
        related=("active_organizations", "survival_rate"),
        endpoint="/api/v1/stats/lifecycle", tables=("lifecycle",)),
    Indicator(
        code="active_organizations",
        name=("Organisasi aktif di akhir tahun", "Organizations active at year end"),
        concept=("Stok usaha yang beroperasi.", "Stock of operating businesses."),
        definition=("Organisasi yang berdiri pada atau sebelum tahun Y dan belum berhenti "
                    "beroperasi pada 31 Desember Y.", "Organizations founded in or before "
                    "year Y and not ceased by 31 December Y."),
        interpretation=("Berbeda dari profil kumulatif, deret ini bisa turun.",
                        "Unlike the cumulative profiles, this series can fall."),
        method=("active(Y) = Σ births(y ≤ Y) − Σ deaths of those organizations with "
                "year(ceased_at) ≤ Y.", "active(Y) = Σ births(y ≤ Y) − deaths among them with "
                "year(ceased_at) ≤ Y."),
        unit=("organisasi", "organizations"),
        disaggregation=("org_type", "subsector", "kecamatan", "verified"),
        related=("births_deaths",), endpoint="/api/v1/stats/lifecycle", tables=("lifecycle",)),
    Indicator(
        code="survival_rate",
        name=("Tingkat kelangsungan hidup angkatan (1, 3, 5 tahun)",
              "Cohort survival rate (1, 3, 5 years)"),
        concept=("Daya tahan usaha baru.", "Endurance of new businesses."),
        definition=("Bagian organisasi yang berdiri pada tahun Y yang masih beroperasi pada "
                    "akhir tahun Y + k (k = 1, 3, 5); kosong bila tahun itu belum berakhir.",
                    "Share of the organizations founded in year Y still operating at the end "
                    "of year Y + k (k = 1, 3, 5); empty until that year has ended."),
        interpretation=("Angkatan kecil memberi rasio yang mudah berubah; lihat juga jumlahnya.",
                        "Small cohorts give volatile ratios; read them with the counts."),
        method=("S_k(Y) = (n(Y) − Σ[founded = Y, year(ceased_at) ≤ Y + k]) / n(Y).",
                "S_k(Y) = (n(Y) − Σ[founded = Y, year(ceased_at) ≤ Y + k]) / n(Y)."),
        unit=("rasio (0–1) dan organisasi", "ratio (0–1) and organizations"),
        frequency=("Tahunan (berubah bila ada organisasi yang berhenti).",
                   "Yearly (changes when an organization ceases)."),
        disaggregation=("cohort", "horizon", "org_type", "subsector", "kecamatan"),
        related=("births_deaths",), endpoint="/api/v1/stats/lifecycle", tables=("survival",)),
    Indicator(
        code="employees",
        name=("Karyawan organisasi yang melapor (jumlah dan median)",
              "Employees of reporting organizations (total and median)"),
        concept=("Lapangan kerja ekonomi kreatif.", "Creative-economy employment."),
        definition=("Jumlah dan median karyawan yang dilaporkan secara rahasia oleh organisasi "
                    "aktif, per kelompok.", "Total and median employees confidentially reported "
                    "by active organizations, per group."),
        interpretation=("Hanya organisasi yang melapor; disembunyikan bila kelompok kecil atau "
                        "didominasi satu organisasi.", "Reporting organizations only; hidden "
                        "when a group is small or dominated by one organization."),
        method=("Σ karyawan dan median; aturan kerahasiaan di halaman metodologi.",
                "Σ employees and median; disclosure rules on the methodology page."),
        unit=("orang", "people"),
        frequency=("Kuartalan (pelaporan).", "Quarterly (reporting)."),
        disaggregation=("subsector", "kecamatan", "org_type"), source=CONFIDENTIAL_SOURCE,
        related=("revenue_bands", "export_share"), endpoint="/analis (analysts only)"),
    Indicator(
        code="revenue_bands",
        name=("Organisasi per kelas omzet (PP 7/2021)",
              "Organizations per revenue band (PP 7/2021)"),
        concept=("Skala usaha.", "Business scale."),
        definition=("Banyaknya organisasi melapor per kelas omzet mikro, kecil, menengah, "
                    "besar.", "Reporting organizations per revenue band: micro, small, medium, "
                    "large."),
        interpretation=("Kelas dengan 1–2 organisasi tidak ditampilkan.",
                        "Bands with 1–2 organizations are not shown."),
        method=("Hitungan per kelas; penekanan primer dan sekunder.",
                "Count per band; primary and secondary suppression."),
        unit=("organisasi", "organizations"),
        frequency=("Kuartalan (pelaporan).", "Quarterly (reporting)."),
        disaggregation=("subsector", "kecamatan", "org_type"), source=CONFIDENTIAL_SOURCE,
        related=("employees",), endpoint="/analis (analysts only)"),
    Indicator(
        code="export_share",
        name=("Rata-rata porsi pendapatan ekspor", "Mean export share of revenue"),
        concept=("Orientasi ekspor.", "Export orientation."),
        definition=("Rata-rata porsi pendapatan dari klien luar negeri (%) yang dilaporkan "
                    "organisasi.", "Mean share of revenue from foreign clients (%) reported by "
                    "organizations."),
        interpretation=("Rata-rata sederhana, bukan tertimbang omzet.",
                        "A simple mean, not revenue-weighted."),
        method=("Σ porsi / n; aturan kerahasiaan berlaku.",
                "Σ share / n; the disclosure rules apply."),
        unit=("persen", "percent"),
        frequency=("Kuartalan (pelaporan).", "Quarterly (reporting)."),
        disaggregation=("subsector", "kecamatan", "org_type"), source=CONFIDENTIAL_SOURCE,
        related=("international_share",), endpoint="/analis (analysts only)"),
    Indicator(
        code="demand_by_origin",
        name=("Permintaan menurut asal klien dan subsektor",
              "Demand by client origin and subsector"),
        concept=("Dari mana permintaan atas jasa kreatif Malang datang.",
                 "Where the demand for Malang's creative services comes from."),
        definition=("Banyaknya pesan klien dan brief proyek per asal klien (Kota Malang, "
                    "kota/kabupaten lain di Jawa Timur, provinsi lain, negara lain) dan per "
                    "subsektor yang dicari.", "Client inquiries and project briefs per client "
                    "origin (Kota Malang, other East Java regencies/cities, other provinces, "
                    "other countries) and per subsector sought."),
        interpretation=("Asal dinyatakan sendiri oleh klien; catatan sebelum asal ditanyakan "
                        "dihitung sebagai \"tidak diketahui\".", "Origins are stated by the "
                        "clients themselves; records from before the origin was asked count as "
                        "\"unknown\"."),
        method=("Hitungan: pesan pada subsektor profil tujuannya, brief pada subsektor layanan "
                "dan peran yang diminta; satu catatan dengan dua subsektor dihitung sekali di "
                "tiap kolom.", "Counts: an inquiry under its profile's subsectors, a brief "
                "under the subsectors of the services and roles it asks for; a record with two "
                "subsectors counts once in each column."),
        unit=("pesan dan brief", "inquiries and briefs"),
        frequency=("Terus-menerus; saringan tahun dan kuartal.",
                   "Continuous; filtered by year and quarter."),
        disaggregation=("origin", "province", "subsector", "period", "source"),
        source=("Pesan dan brief yang dikirim klien melalui direktori (data administratif).",
                "Inquiries and briefs clients send through the directory (administrative "
                "data)."),
        related=("partner_region_demand",),
        reference_codes=("Wilayah: kode Kemendagri provinsi dan kabupaten/kota "
                         "(idn-area-data, ODbL)", "Negara: ISO 3166-1 alpha-2",
                         "17 subsektor ekonomi kreatif (Kemenparekraf/Bekraf)"),
        endpoint="/analis/asal (analysts only)"),
    Indicator(
        code="partner_region_demand",
        name=("Permintaan dari wilayah mitra", "Demand from a partner region"),
        concept=("Hasil kerja sama antarwilayah (misalnya dengan Jambi).",
                 "What inter-regional cooperation (for example with Jambi) brings."),
        definition=("Pesan dan brief dari satu provinsi, kabupaten/kota atau negara per kuartal "
                    "dan per subsektor, dan banyaknya profil Malang berbeda yang dijangkau.",
                    "Inquiries and briefs from one province, regency/city or country per quarter "
                    "and per subsector, and the number of distinct Malang profiles reached."),
        interpretation=("Profil dijangkau: profil tujuan pesan dan profil penerima brief.",
                        "Profiles reached: the profile an inquiry went to and the profiles a "
                        "brief was sent to."),
        method=("Hitungan per kuartal kalender; kuartal tanpa data ditampilkan sebagai 0.",
                "Counts per calendar quarter; quarters without data show 0."),
        unit=("pesan, brief, profil", "inquiries, briefs, profiles"),
        frequency=("Kuartalan.", "Quarterly."),
        disaggregation=("region", "quarter", "subsector"),
        source=("Pesan dan brief yang dikirim klien melalui direktori (data administratif).",
                "Inquiries and briefs clients send through the directory (administrative "
                "data)."),
        related=("demand_by_origin",),
        reference_codes=("Wilayah: kode Kemendagri provinsi dan kabupaten/kota "
                         "(idn-area-data, ODbL)", "Negara: ISO 3166-1 alpha-2"),
        endpoint="/analis/asal/wilayah (analysts only)"),
]
INDICATORS: dict[str, Indicator] = {i.code: i for i in _LIST}
# Which indicator each stats endpoint (and breakdown dimension) publishes.
FOR_TABLE: dict[str, str] = {t: i.code for i in _LIST for t in i.tables}


def catalogue(lang: str | None = None) -> list[IndicatorPublic]:
    return [i.as_dict(lang) for i in _LIST]
