"""Words, not codes: the history, audit, merge and import preview pages show translated labels
for field names, coded values and events, in Bahasa Indonesia and in English (real app, real
MongoDB). Checked on the visible text: codes may stay in form values, never in what people read.
"""

from __future__ import annotations

import csv
import io
import re

import httpx

from directory.context import Services
from directory.profiles.labels import event_label, field_label, role_label, value_label
from tests.helpers import load
from tests.web import csrf, log_in, make_user

CODES = ("accepting_projects", "malang_raya", "image_uploaded", "team_size", "legal_form")


def visible(html: str) -> str:
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_one_lookup_for_fields_values_and_events() -> None:
    assert field_label("accepting_projects") == "Menerima proyek"
    assert field_label("portfolio[0].title") == "Portofolio"
    assert value_label("markets", ["malang_raya", "national"]) == "Malang Raya, Nasional"
    assert value_label("legal_form", "cv") == "CV"
    assert value_label("export_countries", "SG") == "Singapura"
    assert event_label("image_uploaded:portfolio:EduQuest") == \
        "Gambar portofolio diunggah: EduQuest"
    assert event_label("image_removed:logo") == "Logo dihapus"
    assert event_label("something_new") == "something_new"
    assert role_label("curator") == "Kurator" and role_label("analyst") == "Analis"


async def test_history_audit_merge_and_import_speak_words_in_both_languages(
        client: httpx.AsyncClient, services: Services) -> None:
    base = {"kind": "organization", "subsectors": ["aplikasi"], "kecamatan": "klojen",
            "org_type": "service_firm"}
    await load(services, {**base, "slug": "edu-satu", "name": "EduQuest Studio",
                          "markets": ["malang_raya"], "legal_form": "cv",
                          "accepting_projects": True, "nib": "8120000000077"},
               {**base, "slug": "edu-dua", "name": "EduQuest Studio Malang",
                "markets": ["national"], "legal_form": "pt", "nib": "8120000000077"})
    curator = await make_user(services, "kurator@kota.example", "curator")
    await services.editor.patch(curator, "organization", "edu-satu",
                                {"accepting_projects": False, "team_size": 4})
    await services.editor.audit_team(curator, "organization", "edu-satu",
                                     "image_uploaded:portfolio:EduQuest")
    await log_in(client, curator.email)

    pages = {"history": "/kelola/organization/edu-satu/riwayat",
             "audit": "/kurasi/audit?profile=edu-satu",
             "merge": "/kurasi/duplikat/organization/edu-satu/edu-dua"}
    expected = {
        "id": {"history": ["Gambar portofolio diunggah: EduQuest", "Menerima proyek",
                           "Jumlah anggota tim", "Profil diubah"],
               "audit": ["Gambar portofolio diunggah: EduQuest", "Menerima proyek"],
               "merge": ["Menerima proyek", "Malang Raya", "CV", "Bentuk badan usaha"]},
        "en": {"history": ["Portfolio image uploaded: EduQuest", "Accepting projects",
                           "Team size", "Profile changed"],
               "audit": ["Portfolio image uploaded: EduQuest", "Accepting projects"],
               "merge": ["Accepting projects", "Greater Malang", "Legal form"]},
    }
    for lang, wanted in expected.items():
        for name, path in pages.items():
            response = await client.get(path, params={"lang": lang})
            assert response.status_code == 200, (lang, path)
            text = visible(response.text)
            for words in wanted[name]:
                assert words in text, (lang, name, words)
            for code in CODES:
                assert code not in text, (lang, name, code)

    out = io.StringIO()
    csv.writer(out).writerows([["slug", "nama", "jumlah_tim", "menerima_proyek"],
                               ["edu-satu", "EduQuest Studio", "9", "ya"]])
    uploaded = await client.post("/kurasi/impor", data={"_csrf_token": await csrf(client)},
                                 files={"file": ("tim.csv", out.getvalue().encode())})
    assert uploaded.status_code == 303
    for lang, words in (("id", ["Jumlah anggota tim", "Menerima proyek"]),
                        ("en", ["Team size", "Accepting projects"])):
        text = visible((await client.get(uploaded.headers["location"],
                                         params={"lang": lang})).text)
        assert all(w in text for w in words), (lang, text)
        assert not any(code in text for code in CODES), (lang, text)
