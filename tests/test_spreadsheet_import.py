"""Spreadsheet import (CSV and XLSX) on real services: the column mapping, previews with
row-level errors, all-or-nothing or valid rows only with the rejected rows as a file, updates
that never erase data, the templates, the curators' pages, the CLI and the audit log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from directory.context import Services
from directory.curation.sheets.columns import COLUMNS
from directory.curation.sheets.plan import map_headers, plan_table, read_row, slugify
from directory.curation.sheets.reader import read_table
from directory.curation.sheets.service import AllRowsRequired, apply_plan, rejected_csv
from directory.curation.sheets.template import template_csv, template_xlsx
from directory.curation.verification import SYSTEM
from directory.errors import InvalidInput
from directory.settings import PROJECT_ROOT, Settings
from tests.conftest import run_cli
from tests.factories import org
from tests.helpers import eventually, load
from tests.web import csrf, log_in, make_user, post_form

HEADERS = ["Nama", "Subsektor", "Kecamatan", "Jenis_Organisasi", "NIB", "Menerima Proyek",
           "Email", "Situs"]
MIXED = [
    ["Studio Baru Satu", "Aplikasi; pengembang-permainan", "klojen", "Studio / Software house",
     "8120000000001", "ya", "halo@baru-satu.example", "https://baru-satu.example"],
    ["Studio Salah Kode", "Aplikasii", "klojen", "startup", "", "", "", ""],
    ["Studio Baru Dua", "dkv", "Lowokwaru", "startup", "12345", "mungkin", "bukan-email", ""],
    ["Studio Baru Tiga", "kuliner", "sukun", "startup", "", "tidak", "", ""],
]


def _csv(headers: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(headers: list[str], rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- pure parts ----------------------------------------------------------------------------


def test_slugs_headers_and_cells() -> None:
    assert slugify("Kopi & Kode — Studio Ijen!") == "kopi-kode-studio-ijen"
    assert slugify("Café Ñandú") == "cafe-nandu"
    assert len(slugify("x")) >= 3
    columns, errors = map_headers(["NAMA", "subsectors", "kecamatan", "Kecamatan", "warna"])
    assert errors == ["kolom 'Kecamatan' muncul dua kali (juga sebagai 'kecamatan')",
                      "kolom 'warna' tidak dikenal (lihat templat untuk nama kolom yang dipakai)"]
    columns, errors = map_headers(["jenis", "nama", "peran", "jumlah_tim", "menerima_proyek"])
    assert errors == []
    kind, given, problems = read_row(columns, ["Talenta", "Rina", "Illustrator; game artist",
                                               "4", "ya"])
    assert kind == "talent"
    assert given == {"name": "Rina", "roles": ["illustrator", "game_artist"]}
    assert problems == ["kolom 'jumlah_tim': hanya untuk organisasi; kosongkan untuk baris ini",
                        "kolom 'menerima_proyek': hanya untuk organisasi; kosongkan untuk baris "
                        "ini"]
    # the opt-in to project briefs is for talents and organizations alike
    columns, errors = map_headers(["jenis", "nama", "menerima_brief"])
    assert errors == []
    assert read_row(columns, ["talenta", "Rina", "ya"])[1:] == (
        {"name": "Rina", "accepts_briefs": True}, [])
    assert read_row(columns, ["", "Studio", "tidak"])[1:] == (
        {"name": "Studio", "accepts_briefs": False}, [])
    columns, errors = map_headers(["jenis", "nama", "peran", "jumlah_tim", "menerima_proyek"])
    _kind, given, problems = read_row(columns, ["", "Studio", "", "dua belas", "mungkin"])
    assert problems == ["kolom 'jumlah_tim': harus berupa bilangan bulat, bukan 'dua belas'",
                        "kolom 'menerima_proyek': isi 'ya' atau 'tidak', bukan 'mungkin'"]


def test_reader_handles_excel_csv_xlsx_and_refuses_other_files() -> None:
    table = read_table("kota.csv", _csv(["nama", "kecamatan"], [["Studio Ü", "klojen"]], ";"))
    assert table.headers == ["nama", "kecamatan"] and table.rows == [(2, ["Studio Ü", "klojen"])]
    book = read_table("kota.xlsx", _xlsx(["nama", "tahun_berdiri", "nib"],
                                         [[None, None, None], ["Studio", 2019.0, 8120000000001]]))
    assert book.rows == [(3, ["Studio", "2019", "8120000000001"])]  # numbered like the sheet
    for name, raw, reason in [("a.csv", b"", "pilih berkas"), ("a.pdf", b"%PDF-1.4", ".csv"),
                              ("a.xlsx", b"PK\x03\x04 broken", "XLSX"),
                              ("a.csv", b"nama\n", "tidak berisi baris data")]:
        with pytest.raises(InvalidInput) as caught:
            read_table(name, raw)
        assert reason in caught.value.errors[0].reason


def test_documentation_lists_every_column() -> None:
    doc = (PROJECT_ROOT / "docs" / "spreadsheet-import.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column.id}`" in doc and f"`{column.en}`" in doc, column.id


# --- planning and applying on the real database ---------------------------------------------


async def test_mixed_rows_all_or_nothing_or_valid_only(services: Services) -> None:
    await load(services, org(slug="studio-lama", name="Studio Lama", nib="8120000000009",
                             headline="Tetap seperti ini",
                             contact={"email": "rahasia@lama.example"}))
    rows = [*MIXED, ["studio lama", "", "", "", "", "ya", "", ""],  # matched by name
            ["Studio Baru Satu", "aplikasi", "klojen", "startup", "", "", "", ""]]  # repeated
    table = read_table("kota.csv", _csv(HEADERS, rows))
    plan = await plan_table("kota.csv", table, services.profiles)
    assert [(r.row, r.action) for r in plan.rows] == [
        (2, "create"), (3, "invalid"), (4, "invalid"), (5, "create"), (6, "update"),
        (7, "invalid")]
    errors = {r.row: r.errors for r in plan.invalid}
    assert any("kolom 'subsektor': 'Aplikasii' tidak dikenal" in e for e in errors[3])
    assert any(e.startswith("kolom 'nib':") for e in errors[4])
    assert any(e.startswith("kolom 'menerima_proyek':") for e in errors[4])
    assert any(e.startswith("kolom 'email':") for e in errors[4])
    assert any("nama yang sama sudah ada di baris 2" in e for e in errors[7])
    assert plan.rows[4].slug == "studio-lama" and plan.rows[4].changed == ["accepting_projects"]

    before = await services.profiles.db["organizations"].count_documents({})
    with pytest.raises(AllRowsRequired):
        await apply_plan(plan, "all", SYSTEM, services.profiles)
    assert await services.profiles.db["organizations"].count_documents({}) == before
    assert await services.profiles.db["audit_log"].count_documents({}) == 0

    result = await apply_plan(plan, "valid", SYSTEM, services.profiles)
    assert (result.created, result.updated, result.rejected) == (2, 1, 3)
    first = await services.editor.current("organization", "studio-baru-satu")
    assert first["subsectors"] == ["aplikasi", "pengembang-permainan"]
    assert first["org_type"] == "service_firm" and first["accepting_projects"] is True
    assert first["links"] == [{"label": "Situs", "url": "https://baru-satu.example"}]
    old = await services.editor.current("organization", "studio-lama")
    assert old["headline"] == "Tetap seperti ini"  # empty cells erase nothing
    assert old["contact"] == {"email": "rahasia@lama.example"} and old["accepting_projects"]
    assert not await services.profiles.db["organizations"].find_one({"name": "Studio Baru Dua"})

    audit = services.profiles.db["audit_log"]
    assert await audit.count_documents({"action": "spreadsheet_create"}) == 2
    assert await audit.count_documents({"action": "spreadsheet_update", "slug": "studio-lama",
                                        "fields": ["accepting_projects"]}) == 1
    summary = await audit.find_one({"action": "spreadsheet_import"})
    assert summary["detail"] == "kota.csv: 2 dibuat, 1 diperbarui, 0 tetap, 3 ditolak"

    rejected = list(csv.reader(io.StringIO(rejected_csv(plan).decode("utf-8-sig"))))
    assert rejected[0] == ["baris", *HEADERS, "kesalahan"]
    assert [r[0] for r in rejected[1:]] == ["3", "4", "7"]
    assert rejected[1][1] == "Studio Salah Kode" and "Aplikasii" in rejected[1][-1]

    await services.sync.wait_until_applied()
    replan = await plan_table("kota.csv", table, services.profiles)  # importing again: no-op
    assert [r.action for r in replan.valid] == ["unchanged", "unchanged", "unchanged"]


@pytest.mark.parametrize(("name", "lang"), [("t.xlsx", "id"), ("t.xlsx", "en"),
                                            ("t.csv", "id"), ("t.csv", "en")])
async def test_templates_import_as_they_are(services: Services, name: str, lang: str) -> None:
    raw = template_xlsx(lang) if name.endswith("xlsx") else template_csv(lang)
    plan = await plan_table(name, read_table(name, raw), services.profiles)
    assert plan.file_errors == [] and [r.errors for r in plan.rows] == [[], []]
    assert [(r.kind, r.action) for r in plan.rows] == [("organization", "create"),
                                                       ("talent", "create")]
    if name.endswith("xlsx"):
        book = load_workbook(io.BytesIO(raw))
        help_sheet = book.worksheets[1]
        assert help_sheet.title == ("Petunjuk" if lang == "id" else "Instructions")
        assert help_sheet.max_row == len(COLUMNS) + 1
        codes = {row[1] for row in book.worksheets[2].iter_rows(values_only=True)}
        assert {"pengembang-permainan", "klojen", "service_firm"} <= codes


# --- the curators' pages --------------------------------------------------------------------


async def _upload(client: httpx.AsyncClient, name: str, raw: bytes) -> httpx.Response:
    return await client.post("/kurasi/impor", data={"_csrf_token": await csrf(client)},
                             files={"file": (name, raw)})


async def test_curator_uploads_previews_and_applies(client: httpx.AsyncClient,
                                                    services: Services) -> None:
    await make_user(services, "warga@contoh.example")
    await log_in(client, "warga@contoh.example")
    assert (await client.get("/kurasi/impor")).status_code == 403
    assert (await _upload(client, "kota.xlsx", _xlsx(HEADERS, MIXED))).status_code == 403
    assert await services.profiles.db["spreadsheet_imports"].count_documents({}) == 0

    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    page = (await client.get("/kurasi/impor")).text
    assert "Pemetaan kolom" in page and "<code>jenis_organisasi</code>" in page
    template = await client.get("/kurasi/impor/templat/import-template.xlsx")
    assert template.status_code == 200 and template.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    assert (await client.get("/kurasi/impor/templat/lain.xlsx")).status_code == 404

    refused = await _upload(client, "kota.pdf", b"%PDF-1.4")
    assert refused.status_code == 400 and 'id="file-error"' in refused.text

    uploaded = await _upload(client, "kota.xlsx", _xlsx(HEADERS, MIXED))
    assert uploaded.status_code == 303
    preview_url = uploaded.headers["location"]
    preview = (await client.get(preview_url)).text
    assert "Aplikasii" in preview and "kolom &#39;nib&#39;" in preview
    assert "studio-baru-satu" in preview

    all_or_nothing = await post_form(client, f"{preview_url}/terapkan", {"mode": "all"})
    assert all_or_nothing.status_code == 400 and 'id="mode-error"' in all_or_nothing.text
    assert "2 baris bermasalah" in all_or_nothing.text
    assert not await services.profiles.db["organizations"].find_one({"slug": "studio-baru-satu"})

    applied = await post_form(client, f"{preview_url}/terapkan", {"mode": "valid"})
    assert applied.status_code == 303
    result = (await client.get(preview_url)).text
    assert "2 dibuat, 0 diperbarui, 0 tetap, 2 ditolak" in result
    again = await post_form(client, f"{preview_url}/terapkan", {"mode": "valid"})
    assert again.status_code == 400 and "sudah diterapkan" in again.text

    rejected = await client.get(f"{preview_url}/ditolak.csv")
    assert rejected.status_code == 200
    assert rejected.headers["content-disposition"] == 'attachment; filename="kota-ditolak.csv"'
    rows = list(csv.reader(io.StringIO(rejected.text.lstrip("\ufeff"))))
    assert [r[1] for r in rows[1:]] == ["Studio Salah Kode", "Studio Baru Dua"]

    async def found() -> bool:
        hits = (await client.get("/api/v1/search", params={"q": "Studio Baru Tiga"})).json()
        return any(h["slug"] == "studio-baru-tiga" for h in hits["hits"])

    await eventually(found, "imported organization in search")
    assert "kota.xlsx" in (await client.get("/kurasi/impor")).text
    audit = (await client.get("/kurasi/audit", params={"action": "spreadsheet_import"})).text
    assert "kota.xlsx: 2 dibuat" in audit and "kurator@kota.example" in audit


# --- the command line -----------------------------------------------------------------------


def test_cli_dry_run_all_or_nothing_and_valid_only(settings: Settings, tmp_path: Path,
                                                   services: Services) -> None:
    sheet = tmp_path / "kota.csv"
    sheet.write_bytes(_csv(HEADERS, MIXED))
    dry = run_cli(settings, "import-sheet", str(sheet), "--dry-run")
    assert dry.returncode == 1, dry.stderr
    assert "4 rows: 2 to create, 0 to update, 0 unchanged, 2 invalid" in dry.stdout
    assert "kota.csv:row 3: column 'subsektor'" in dry.stderr and "checking rows" in dry.stderr
    strict = run_cli(settings, "import-sheet", str(sheet))
    assert strict.returncode == 1 and "nothing was written" in strict.stdout
    assert not (tmp_path / "kota-ditolak.csv").exists()

    partial = run_cli(settings, "import-sheet", str(sheet), "--valid-only")
    assert partial.returncode == 0, partial.stderr
    assert "imported: 2 created, 0 updated, 0 unchanged, 2 rejected" in partial.stdout
    rejected = (tmp_path / "kota-ditolak.csv").read_text(encoding="utf-8-sig")
    assert "Studio Salah Kode" in rejected and "Studio Baru Satu" not in rejected
    listed = run_cli(settings, "export", "-")
    assert '"slug": "studio-baru-tiga"' in listed.stdout or '"slug":"studio-baru-tiga"' in \
        listed.stdout
    unknown = run_cli(settings, "import-sheet", str(sheet), "--as", "nobody@example.com")
    assert unknown.returncode == 2 and "not a curator" in unknown.stderr
