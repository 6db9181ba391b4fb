"""The open-data catalogue (`GET /catalog.jsonld`, a public contract): DCAT in JSON-LD, following
DCAT-AP's conventions — a `dcat:Catalog` of `dcat:Dataset`s, each with bilingual (id, en)
`dct:title` and `dct:description`, `dct:license` (CC BY 4.0), `dct:publisher` (Bappeda Kota
Malang), `dct:modified`, `dct:temporal`, `dct:spatial` (the BPS region code of Kota Malang, 3573,
and its kecamatan) and `dcat:distribution`s whose `dcat:downloadURL` answers.

Pure: the web layer gathers the facts (`Facts`) and renders the result as JSON-LD or as the
human page (/data). The datasets: the published-profiles bulk file (CSV, JSON Lines), every
statistics table (the /ekosistem CSV downloads) and the monthly snapshot history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from directory.taxonomy import BPS_CODES, KECAMATAN

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
IANA = "https://www.iana.org/assignments/media-types/"
EU = "http://publications.europa.eu/resource/authority/"
CITY_CODE = "3573"  # BPS: Kota Malang (province 35, Jawa Timur)

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# (media type as served, IANA media type, EU file type). JSON Lines has no IANA registration
# yet; `application/jsonl` is the name its specification proposes.
FORMATS = {
    "csv": ("text/csv", IANA + "text/csv", EU + "file-type/CSV"),
    "jsonl": ("application/jsonl", IANA + "application/jsonl", EU + "file-type/JSON"),
    "json": ("application/json", IANA + "application/json", EU + "file-type/JSON"),
}


@dataclass(frozen=True)
class Table:
    """One statistics table: its name in /ekosistem/csv/<name> and titles in both languages."""
    name: str
    title_id: str
    title_en: str
    indicator: str  # its code in stats/indicators.py (the methodology page's anchor)


@dataclass(frozen=True)
class Facts:
    base_url: str
    now: datetime
    profiles: int
    first_created: datetime | None
    last_updated: datetime | None
    snapshot_months: tuple[str, ...]  # YYYY-MM, oldest first
    tables: tuple[Table, ...]
    indicators_url: str  # the indicator metadata (JSON) and the methodology page
    methodology_url: str


def text(id_text: str, en_text: str) -> list[dict[str, str]]:
    return [{"@value": id_text, "@language": "id"}, {"@value": en_text, "@language": "en"}]


def _datetime(moment: datetime) -> dict[str, str]:
    return {"@value": moment.replace(microsecond=0).isoformat(), "@type": "xsd:dateTime"}


def _date(day: date) -> dict[str, str]:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


# JSON-LD (DCAT) nodes, here and below: the vocabulary defines their shape; plain dicts.
def spatial(base_url: str) -> list[dict[str, Any]]:  # DCAT JSON-LD
    """Kota Malang and its kecamatan, each identified by its BPS code."""
    city = {"@id": f"{base_url}/data#wilayah-{CITY_CODE}", "@type": "dct:Location",
            "skos:prefLabel": "Kota Malang", "skos:notation": CITY_CODE,
            "dct:identifier": CITY_CODE}
    districts = [{"@id": f"{base_url}/data#wilayah-{code.replace('.', '')}",
                  "@type": "dct:Location", "skos:prefLabel": KECAMATAN.label(slug, "id"),
                  "skos:notation": code.replace(".", ""), "dct:identifier": code,
                  "skos:broader": {"@id": city["@id"]}}
                 for slug, code in BPS_CODES.items()]
    return [city, *districts]


def publisher(base_url: str) -> dict[str, Any]:  # DCAT JSON-LD
    return {"@id": f"{base_url}/data#bappeda", "@type": "foaf:Organization",
            "foaf:name": text("Badan Perencanaan Pembangunan Daerah (Bappeda) Kota Malang",
                              "Regional Development Planning Agency (Bappeda) of Kota Malang"),
            "dct:identifier": CITY_CODE}


def _distribution(url: str, fmt: str, title: tuple[str, str]) -> dict[str, Any]:  # DCAT JSON-LD
    served, iana, file_type = FORMATS[fmt]
    return {"@id": url + "#distribution", "@type": "dcat:Distribution",
            "dct:title": text(*title), "dcat:downloadURL": {"@id": url},
            "dcat:accessURL": {"@id": url}, "dcat:mediaType": {"@id": iana},
            "dct:format": {"@id": file_type}, "dct:license": {"@id": LICENSE}}


def _dataset(facts: Facts, key: str, title: tuple[str, str], description: tuple[str, str],
             modified: datetime, temporal: tuple[date, date] | None,
             distributions: list[dict[str, Any]], frequency: str,
             keywords: tuple[str, ...], conforms_to: str = "") -> dict[str, Any]:  # DCAT JSON-LD
    base = facts.base_url
    dataset: dict[str, Any] = {
        "@id": f"{base}/data#{key}", "@type": "dcat:Dataset", "dct:identifier": key,
        "dct:title": text(*title), "dct:description": text(*description),
        "dct:license": {"@id": LICENSE}, "dct:publisher": {"@id": f"{base}/data#bappeda"},
        "dct:modified": _datetime(modified),
        "dct:spatial": [{"@id": f"{base}/data#wilayah-{CITY_CODE}"}],
        "dct:language": [{"@id": EU + "language/IND"}, {"@id": EU + "language/ENG"}],
        "dct:accrualPeriodicity": {"@id": EU + "frequency/" + frequency},
        "dcat:keyword": [{"@value": k, "@language": "id"} for k in keywords],
        "dcat:landingPage": {"@id": f"{base}/data"},
        "dct:conformsTo": {"@id": conforms_to or facts.methodology_url},
        "dcat:contactPoint": {"@type": "vcard:Organization",
                              "vcard:fn": "Bappeda Kota Malang",
                              "vcard:hasURL": {"@id": f"{base}/data"}},
        "dcat:distribution": distributions,
    }
    if temporal:
        dataset["dct:temporal"] = {"@type": "dct:PeriodOfTime",
                                   "dcat:startDate": _date(temporal[0]),
                                   "dcat:endDate": _date(temporal[1])}
    return dataset


# JSON-LD (DCAT): the vocabulary defines its shape; a plain dict.
def build(facts: Facts) -> dict[str, Any]:  # the DCAT catalogue (JSON-LD)
    base = facts.base_url
    modified = facts.last_updated or facts.now
    history = (facts.first_created.date(), facts.now.date()) if facts.first_created else None
    datasets = [_dataset(
        facts, "profiles",
        ("Profil terbit Direktori Ekonomi Kreatif Kota Malang",
         "Published profiles of the Kota Malang creative-economy directory"),
        ("Semua profil publik (terbit atau tidak beroperasi lagi) organisasi dan talenta, hanya "
         "kolom publik: tanpa kontak, NIB atau angka rahasia. Satu baris per profil.",
         "Every public profile (published or no longer operating) of organizations and "
         "talents, public fields only: no contact details, NIB or confidential figures. One "
         "row per profile."),
        modified, history,
        [_distribution(f"{base}/data/profiles.csv", "csv", ("Profil (CSV)", "Profiles (CSV)")),
         _distribution(f"{base}/data/profiles.jsonl", "jsonl",
                       ("Profil (JSON Lines)", "Profiles (JSON Lines)"))],
        "UPDATE_CONT", ("ekonomi kreatif", "startup", "aplikasi", "game", "Malang"),
        conforms_to=f"{facts.methodology_url}#definisi")]
    for table in facts.tables:
        datasets.append(_dataset(
            facts, f"stats-{table.name}",
            (f"Statistik ekosistem: {table.title_id}", f"Ecosystem statistics: {table.title_en}"),
            (f"Tabel statistik “{table.title_id}” dari profil terbit yang aktif (metadata "
             f"indikator: {facts.indicators_url}).",
             f"Statistics table “{table.title_en}” of the active published profiles "
             f"(indicator metadata: {facts.indicators_url})."),
            modified, history,
            [_distribution(f"{base}/ekosistem/csv/{table.name}", "csv",
                           (f"{table.title_id} (CSV)", f"{table.title_en} (CSV)"))],
            "UPDATE_CONT", ("statistik", "ekonomi kreatif", "Malang"),
            conforms_to=f"{facts.methodology_url}#{table.indicator}"))
    datasets.append(_dataset(
        facts, "indicators",
        ("Metadata indikator", "Indicator metadata"),
        ("Metadata setiap angka yang diterbitkan, dalam struktur metadata indikator BPS: nama, "
         "konsep, definisi, interpretasi, metode, satuan, frekuensi, disagregasi, sumber, "
         "indikator terkait, kode rujukan.",
         "Metadata of every published figure, in the BPS indicator-metadata structure: name, "
         "concept, definition, interpretation, method, unit, frequency, disaggregation, "
         "source, related indicators, reference codes."),
        facts.now, None,
        [_distribution(facts.indicators_url, "json",
                       ("Metadata indikator (JSON)", "Indicator metadata (JSON)"))],
        "IRREG", ("metadata", "indikator", "Satu Data Indonesia")))
    months = facts.snapshot_months
    snapshot_period = None
    if months:
        first = date(int(months[0][:4]), int(months[0][5:]), 1)
        snapshot_period = (first, facts.now.date())
    datasets.append(_dataset(
        facts, "snapshots",
        ("Riwayat snapshot bulanan", "Monthly snapshot history"),
        ("Jumlah profil terbit yang tercatat setiap awal bulan, per jenis dan jenis "
         "organisasi, dengan siklus hidup organisasi (berhenti, aktif, lahir dan berhenti "
         "sepanjang tahun berjalan): apa yang benar-benar ada di direktori saat itu.",
         "Published profiles recorded at the start of every month, per kind and organization "
         "type, with the organizations' lifecycle (ceased, active, births and deaths of the "
         "year so far): what the directory really held at the time."),
        facts.now, snapshot_period,
        [_distribution(f"{base}/data/snapshots.csv", "csv",
                       ("Riwayat snapshot (CSV)", "Snapshot history (CSV)"))],
        "MONTHLY", ("snapshot", "statistik", "Malang"),
        conforms_to=f"{facts.methodology_url}#recorded_profiles"))
    return {
        "@context": CONTEXT,
        "@id": f"{base}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": text("Katalog data terbuka Direktori Ekonomi Kreatif Kota Malang",
                          "Open data catalogue of the Kota Malang creative-economy directory"),
        "dct:description": text(
            "Data terbuka ekosistem ekonomi kreatif Kota Malang (Satu Data Indonesia): profil "
            "publik, tabel statistik dan riwayat snapshot, di bawah CC BY 4.0.",
            "Open data on Kota Malang's creative-economy ecosystem (Satu Data Indonesia): "
            "public profiles, statistics tables and the snapshot history, under CC BY 4.0."),
        "dct:publisher": publisher(base),
        "dct:license": {"@id": LICENSE},
        "dct:language": [{"@id": EU + "language/IND"}, {"@id": EU + "language/ENG"}],
        "dct:modified": _datetime(modified),
        "dct:spatial": spatial(base),
        "foaf:homepage": {"@id": f"{base}/data"},
        "dcat:dataset": datasets,
    }


def localised(values: list[dict[str, str]], lang: str) -> str:
    """The value in `lang` of a bilingual literal list (for the human page)."""
    return next((v["@value"] for v in values if v["@language"] == lang), values[0]["@value"])
