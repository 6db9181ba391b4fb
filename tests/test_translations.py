"""Bilingual profile content (`translations`, contract additions 2026-12) and the search API's
`language` filter and `sort=rating`: import, export, search in either language, pages in the
reader's language, the editor form."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from directory.context import Services
from directory.errors import FieldError
from directory.profiles.schema import PROFILE_ADAPTER
from directory.web.forms import form_errors, form_from_profile, profile_from_form
from tests.factories import org
from tests.helpers import load
from tests.web import log_in, make_user, post_form

ENGLISH = {"headline": "Educational games for primary schools",
           "description": "We design curriculum-aligned mobile learning games for children."}


def test_the_interchange_format_takes_translations_and_refuses_other_keys() -> None:
    profile = PROFILE_ADAPTER.validate_python(org(slug="edu-studio", translations={
        "en": ENGLISH, "id": {"headline": "Gim edukasi"}}))
    assert profile.translations is not None
    assert profile.translations["en"].headline == ENGLISH["headline"]
    for bad in ({"fr": {"headline": "Jeux"}}, {"en": {"title": "x"}},
                {"en": {"headline": "x" * 161}}, {"en": {"headline": "a\nb"}}):
        with pytest.raises(ValidationError):
            PROFILE_ADAPTER.validate_python(org(slug="edu-studio", translations=bad))


async def test_translated_text_is_found_shown_and_exported(
        client: httpx.AsyncClient, services: Services) -> None:
    await load(services, org(slug="gim-edukasi", name="Sekolah Gim", headline="Gim edukasi SD",
                             description="Kami membuat gim belajar untuk anak sekolah dasar.",
                             languages=["id", "en"], translations={"en": ENGLISH}),
               org(slug="hanya-jawa", name="Studio Jawa", languages=["id", "jv"]))
    # The English words find the Indonesian profile (they are indexed too).
    found = (await client.get("/api/v1/search", params={"q": "curriculum aligned"})).json()
    assert [h["slug"] for h in found["hits"]] == ["gim-edukasi"]
    assert found["hits"][0]["translations"]["en"]["headline"] == ENGLISH["headline"]
    # Pages in the reader's language, the main text otherwise.
    english = (await client.get("/organisasi/gim-edukasi", params={"lang": "en"})).text
    assert ENGLISH["headline"] in english and "Gim edukasi SD" not in english
    indonesian = (await client.get("/organisasi/gim-edukasi", params={"lang": "id"})).text
    assert "Gim edukasi SD" in indonesian and ENGLISH["headline"] not in indonesian
    api = (await client.get("/api/v1/organizations/gim-edukasi")).json()
    assert api["translations"] == {"en": ENGLISH}
    # `language`: profiles that work in English; a bad code is named.
    spoken = (await client.get("/api/v1/search", params={"language": "en"})).json()
    assert [h["slug"] for h in spoken["hits"]] == ["gim-edukasi"]
    both = (await client.get("/api/v1/search", params=[("language", "en"),
                                                        ("language", "jv")])).json()
    assert both["total"] == 2
    bad = await client.get("/api/v1/search", params={"language": "xx"})
    assert bad.status_code == 400 and bad.json()["invalid_params"][0]["name"] == "language"
    # `sort=rating` is accepted (no reviews yet: every profile unrated, all returned).
    rated = await client.get("/api/v1/search", params={"sort": "rating"})
    assert rated.status_code == 200 and rated.json()["total"] == 2
    row = [p async for p in services.profiles.export() if p["slug"] == "gim-edukasi"][0]
    assert row["translations"] == {"en": ENGLISH}


def test_the_form_reads_and_writes_translations() -> None:
    form = {"name": ["Sekolah Gim"], "translations-en-headline": [ENGLISH["headline"]],
            "translations-en-description": [""], "translations-id-headline": [""]}
    parsed = profile_from_form("organization", form)
    assert parsed.data["translations"] == {"en": {"headline": ENGLISH["headline"]}}
    back = form_from_profile({"translations": {"en": ENGLISH}})
    assert back["translations-en-description"] == [ENGLISH["description"]]
    errors = form_errors([FieldError("translations.en.headline", "terlalu panjang")])
    assert errors == {"translations-en-headline": "terlalu panjang"}


async def test_an_owner_adds_an_english_headline_in_the_editor(
        client: httpx.AsyncClient, services: Services) -> None:
    owner = await make_user(services, "owner@sekolahgim.example")
    await services.editor.create(owner, "organization", {
        "slug": "sekolah-gim", "name": "Sekolah Gim", "org_type": "service_firm",
        "subsectors": ["pengembang-permainan"], "kecamatan": "klojen"})
    await log_in(client, owner.email)
    form = {"name": "Sekolah Gim", "org_type": "service_firm", "status": "published",
            "subsectors": "pengembang-permainan", "kecamatan": "klojen",
            "translations-en-headline": "x" * 200}
    refused = await post_form(client, "/kelola/organization/sekolah-gim", form)
    assert refused.status_code == 400 and 'id="translations-en-headline-error"' in refused.text
    form["translations-en-headline"] = ENGLISH["headline"]
    saved = await post_form(client, "/kelola/organization/sekolah-gim", form)
    assert saved.status_code == 303
    stored = await services.editor.current("organization", "sekolah-gim")
    assert stored["translations"] == {"en": {"headline": ENGLISH["headline"]}}
