"""The spreadsheet import cleans what people type and says so in the preview: country names in
Indonesian or English, NIB and phone numbers with spaces, dots and dashes, language names; a
kecamatan of "Kota Malang" is one clear error with the way out, not two."""

from __future__ import annotations

import csv
import io
import re

import httpx

from directory.context import Services
from directory.curation.sheets.cleaning import clean, country_code, language_code, phone
from directory.curation.sheets.columns import BY_HEADER
from directory.curation.sheets.plan import plan_table
from directory.curation.sheets.reader import read_table
from tests.web import csrf, log_in, make_user

HEADERS = ["nama", "subsektor", "kecamatan", "jenis_organisasi", "nib", "telepon", "whatsapp",
           "negara_ekspor", "bahasa"]
MESSY = [
    ["Studio Rapi", "aplikasi", "klojen", "startup", "1234 5678.901-23", "+62 (0)812-3456-7890",
     "0812.3456.7890", "Singapore; Singapura; Japan", "Bahasa Indonesia; English"],
    ["Studio Kota", "aplikasi", "Kota Malang", "startup", "", "", "", "Malaysia", ""],
]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_cleaning_rules() -> None:
    assert country_code("Singapore") == country_code("singapura") == country_code("sg") == "SG"
    assert country_code("Jepang") == "JP" and country_code("Atlantis") is None
    assert language_code("Bahasa Indonesia") == language_code("Indonesian") == "id"
    assert language_code("Inggris") == "en" and language_code("jv") == "jv"
    assert phone("+62 (0)812-3456-7890") == "+6281234567890"
    assert phone("0812.3456.7890") == "081234567890"
    assert clean(BY_HEADER["nib"], "1234 5678") == ("12345678", "NIB 1234 5678 → 12345678")
    assert clean(BY_HEADER["nib"], "8120000000001") == ("8120000000001", None)
    assert clean(BY_HEADER["negara_ekspor"], "Singapura, Atlantis")[0] == "SG; Atlantis"


async def test_messy_rows_are_cleaned_and_kota_malang_is_one_clear_error(
        services: Services) -> None:
    plan = await plan_table("rapi.csv", read_table("rapi.csv", _csv(MESSY)), services.profiles)
    tidy, city = plan.rows
    assert tidy.action == "create", tidy.errors
    assert tidy.profile is not None
    assert tidy.profile.nib == "1234567890123"  # type: ignore[union-attr]
    stored = tidy.profile.model_dump()
    assert stored["contact"]["phone"] == "+6281234567890"
    assert stored["contact"]["whatsapp"] == "081234567890"
    assert stored["export_countries"] == ["SG", "JP"]
    assert stored["languages"] == ["id", "en"]
    assert "NIB 1234 5678.901-23 → 1234567890123" in tidy.cleaned
    assert any("Singapore; Singapura; Japan → SG; JP" in c for c in tidy.cleaned)
    assert city.action == "invalid"
    assert len(city.errors) == 1 and "kecamatan" in city.errors[0]
    assert "Lowokwaru" in city.errors[0] and "luar-kota" in city.errors[0]


async def test_the_preview_shows_the_cleaning_in_both_languages(
        client: httpx.AsyncClient, services: Services) -> None:
    await make_user(services, "kurator@kota.example", "curator")
    await log_in(client, "kurator@kota.example")
    uploaded = await client.post("/kurasi/impor", data={"_csrf_token": await csrf(client)},
                                 files={"file": ("rapi.csv", _csv(MESSY))})
    assert uploaded.status_code == 303
    preview = (await client.get(uploaded.headers["location"])).text
    assert "Dirapikan: NIB 1234 5678.901-23 → 1234567890123" in preview
    assert "+62 (0)812-3456-7890 → +6281234567890" in preview
    assert "adalah kotanya, bukan kecamatan" in preview
    assert len(re.findall(r"kolom &#39;kecamatan&#39;", preview)) == 1
    english = (await client.get(uploaded.headers["location"], params={"lang": "en"})).text
    assert "Cleaned: NIB 1234 5678.901-23 → 1234567890123" in english
    assert "is the city, not a district" in english
