"""The downloadable import templates (XLSX and CSV, Indonesian or English headers): the columns,
two example rows that import as they are, instructions and every allowed code."""

from __future__ import annotations

import io

from directory.curation.sheets.columns import COLUMNS
from directory.exports import append, csv_writer
from directory.taxonomy import Vocabulary

# a value, or its (Indonesian, English) pair
EXAMPLES: tuple[dict[str, str | tuple[str, str]], ...] = (
    {"jenis": ("organisasi", "organization"), "nama": "Studio Contoh Kayutangan",
     "ringkasan": "Studio game dan aplikasi di Klojen",
     "subsektor": "pengembang-permainan; aplikasi",
     "kecamatan": "klojen", "jenis_organisasi": "service_firm",
     "layanan": "game_development; mobile_app", "platform": "android; ios",
     "keahlian": "Unity; Flutter", "bahasa": "id; en", "tahun_berdiri": "2019",
     "jumlah_tim": "12", "bentuk_usaha": "cv", "nib": "9120001234567", "kbli": "62011; 62019",
     "pasar": "national; international", "negara_ekspor": "SG; JP",
     "pendanaan": "bootstrapped", "menerima_proyek": ("ya", "yes"),
     "anggaran_min_idr": "25000000", "lintang": "-7.9797", "bujur": "112.6304",
     "situs": "https://studio-contoh.example", "email": "halo@studio-contoh.example",
     "telepon": "+62 341 000000", "status": "published", "tanggal_dibuat": "2019-06-01"},
    {"jenis": ("talenta", "talent"), "nama": "Rina Contoh", "ringkasan": "Ilustrator game",
     "subsektor": "pengembang-permainan", "kecamatan": "lowokwaru", "keahlian": "Krita; Spine",
     "bahasa": "id; en", "email": "rina@contoh.example", "peran": "illustrator; game_artist",
     "pengalaman_tahun": "4", "ketersediaan": "freelance", "kampus": "Universitas Brawijaya",
     "status": "published"},
)
SHEETS = {"id": ("Data", "Petunjuk", "Kode"), "en": ("Data", "Instructions", "Codes")}
HELP_HEADERS = {"id": ("Kolom", "Berlaku untuk", "Wajib", "Keterangan"),
                "en": ("Column", "Applies to", "Required", "Notes")}
KIND_NAMES = {"id": {"organization": "organisasi", "talent": "talenta"},
              "en": {"organization": "organization", "talent": "talent"}}


def example_rows(lang: str) -> list[list[str]]:
    rows = []
    for example in EXAMPLES:
        row: list[str] = []
        for column in COLUMNS:
            value = example.get(column.id, "")
            row.append(value[1 if lang == "en" else 0] if isinstance(value, tuple) else value)
        rows.append(row)
    return rows


def headers(lang: str) -> list[str]:
    return [column.header(lang) for column in COLUMNS]


def template_csv(lang: str) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(headers(lang))
    writer.writerows(example_rows(lang))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    data, help_sheet, codes = SHEETS[lang]
    sheet = book.active
    sheet.title = data
    append(sheet, headers(lang))
    for row in example_rows(lang):
        append(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(help_sheet)
    append(notes, list(HELP_HEADERS[lang]))
    yes, no = ("ya", "") if lang == "id" else ("yes", "")
    for column in COLUMNS:
        kinds = ", ".join(KIND_NAMES[lang][k] for k in column.kinds)
        append(notes, [column.header(lang), kinds, yes if column.required else no,
                      column.help(lang)])
    for cell in notes[1]:
        cell.font = Font(bold=True)

    vocabularies: list[tuple[str, Vocabulary]] = [
        (column.header(lang), column.vocabulary) for column in COLUMNS if column.vocabulary]
    table = book.create_sheet(codes)
    append(table, ["kolom" if lang == "id" else "column", "kode" if lang == "id" else "code",
                  "Bahasa Indonesia", "English"])
    for header, vocabulary in vocabularies:
        for term in vocabulary:
            append(table, [header, term.code, term.id, term.en])
    for cell in table[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
