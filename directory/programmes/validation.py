"""The programme form and the application form, checked field by field (pure functions: no I/O).
Every reason is Bahasa Indonesia through gettext; the page shows it beside its field."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from directory.errors import FieldError, InvalidInput
from directory.i18n import gettext as _
from directory.profiles.validation import text_errors
from directory.programmes.shapes import ProgrammeCreate
from directory.taxonomy import SUBSECTORS, Term, Vocabulary

PROGRAMME_KINDS = Vocabulary("programme_kind", [Term(*row) for row in [
    ("workshop", "Lokakarya / pelatihan", "Workshop / training"),
    ("incubation", "Inkubasi (kohort)", "Incubation cohort"),
    ("trade_mission", "Misi dagang", "Trade mission"),
    ("expo", "Pameran / festival", "Expo / festival"),
    ("open_call", "Hibah / panggilan terbuka", "Grant / open call"),
]])
EVENT_KINDS = ("workshop", "incubation", "trade_mission", "expo")  # schema.org Event
FIELDS = ("title", "kind", "organizer_slug", "organizer_name", "starts_on", "ends_on",
          "deadline", "subsectors", "description", "description_en")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,78})[a-z0-9]$")
FIRST_YEAR = 2000
NOTE_MIN, NOTE_MAX = 10, 2000


def today() -> date:
    return datetime.now(UTC).date()


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _date(name: str, raw: str, errors: list[FieldError], required: bool) -> str | None:
    if not raw:
        if required:
            errors.append(FieldError(name, _("wajib diisi (TTTT-BB-HH)")))
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        errors.append(FieldError(name, _("tanggal tidak valid; tulis TTTT-BB-HH")))
        return None
    if not FIRST_YEAR <= value.year <= today().year + 5:
        errors.append(FieldError(name, _("tahun harus antara %(low)d dan %(high)d") % {
            "low": FIRST_YEAR, "high": today().year + 5}))
        return None
    return value.isoformat()


def _texts(form: dict[str, list[str]], errors: list[FieldError]) -> dict[str, str]:
    title = _one(form, "title")
    if not 3 <= len(title) <= 160:
        errors.append(FieldError("title", _("wajib diisi, 3–160 karakter")))
    errors += text_errors("title", title)
    description = _one(form, "description")
    if not 20 <= len(description) <= 5000:
        errors.append(FieldError("description", _("wajib diisi, 20–5000 karakter")))
    errors += text_errors("description", description, multiline=True)
    english = _one(form, "description_en")
    if len(english) > 5000:
        errors.append(FieldError("description_en", _("maksimal 5000 karakter")))
    errors += text_errors("description_en", english, multiline=True)
    return {"title": title, "description": description, "description_en": english}


def _organizer(form: dict[str, list[str]], errors: list[FieldError]) -> dict[str, str]:
    slug, name = _one(form, "organizer_slug"), _one(form, "organizer_name")
    if slug and name:
        errors.append(FieldError("organizer_name", _(
            "isi salah satu saja: organisasi di direktori atau nama lembaga")))
    elif not slug and not name:
        errors.append(FieldError("organizer_slug", _(
            "pilih organisasi penyelenggara atau tulis nama lembaganya")))
    elif slug and not SLUG.match(slug):
        errors.append(FieldError("organizer_slug", _("alamat profil organisasi tidak valid")))
    elif name and not 2 <= len(name) <= 120:
        errors.append(FieldError("organizer_name", _("2–120 karakter")))
    errors += text_errors("organizer_name", name)
    return {"organizer_slug": slug, "organizer_name": name}


def validate_programme(form: dict[str, list[str]]) -> ProgrammeCreate:
    """The stored fields of a programme from its form, or InvalidInput naming every field.
    Whether the organizer organization exists (and who may name it) is the service's check."""
    errors: list[FieldError] = []
    texts, organizer = _texts(form, errors), _organizer(form, errors)
    kind = _one(form, "kind")
    if kind not in PROGRAMME_KINDS:
        errors.append(FieldError("kind", _("pilih salah satu jenis program")))
    starts = _date("starts_on", _one(form, "starts_on"), errors, required=True)
    ends = _date("ends_on", _one(form, "ends_on"), errors, required=False)
    deadline = _date("deadline", _one(form, "deadline"), errors, required=kind == "open_call")
    if starts and ends and ends < starts:
        errors.append(FieldError("ends_on", _("tidak boleh sebelum tanggal mulai")))
    if deadline and kind != "open_call" and kind in PROGRAMME_KINDS:
        errors.append(FieldError("deadline", _("batas pendaftaran hanya untuk hibah / "
                                               "panggilan terbuka")))
    subsectors = [s.strip() for s in form.get("subsectors", []) if s.strip()]
    if not subsectors:
        errors.append(FieldError("subsectors", _("pilih minimal satu subsektor")))
    elif any(s not in SUBSECTORS for s in subsectors) or len(set(subsectors)) != len(subsectors):
        errors.append(FieldError("subsectors", _("subsektor tidak dikenal")))
    if errors or starts is None:  # no start date is an error already
        raise InvalidInput(errors, title="Invalid programme")
    return {"title": texts["title"], "description": texts["description"],
            "description_en": texts["description_en"],
            "organizer_slug": organizer["organizer_slug"],
            "organizer_name": organizer["organizer_name"], "kind": kind, "starts_on": starts,
            "ends_on": ends, "deadline": deadline, "subsectors": subsectors}


def validate_application(form: dict[str, list[str]], choices: list[tuple[str, str]]
                         ) -> tuple[str, str, str]:
    """(kind, slug, note) of an application: `profile` names one of `choices` as `kind:slug`."""
    errors: list[FieldError] = []
    chosen = _one(form, "profile")
    kind, _sep, slug = chosen.partition(":")
    if (kind, slug) not in choices:
        errors.append(FieldError("profile", _("pilih salah satu profil yang Anda kelola")))
    note = _one(form, "note")
    if not NOTE_MIN <= len(note) <= NOTE_MAX:
        errors.append(FieldError("note", _("wajib diisi, %(low)d–%(high)d karakter") % {
            "low": NOTE_MIN, "high": NOTE_MAX}))
    errors += text_errors("note", note, multiline=True)
    if errors:
        raise InvalidInput(errors, title="Invalid application")
    return kind, slug, note


def slug_for(title: str, starts_on: str) -> str:
    """An address from the title and the start year, e.g. `mcc-workshop-ui-ux-2026`."""
    words = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:64].strip("-")
    return f"{words or 'program'}-{starts_on[:4]}"
