"""HTML form ⇄ interchange-format profile. Pure functions (unit-tested without a server).

Lists of codes are checkboxes; free lists are comma-separated; links, members and affiliations are
one per line as `first | second`; portfolio items are numbered rows (`portfolio-0-title`, …) with a
position (to reorder) and a remove box, plus one empty row to add an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from directory.errors import FieldError
from directory.i18n import current_language
from directory.i18n import gettext as _
from directory.profiles import inputs
from directory.profiles.fields import TRANSLATION_LANGUAGES

COMMON_TEXT = ("name", "headline", "description", "kecamatan", "status", "ceased_at",
               "ceased_reason")
ORG_TEXT = ("org_type", "legal_form", "nib", "funding_stage")
TALENT_TEXT = ("availability", "campus")
ORG_INTS = ("founded_year", "team_size", "min_budget_idr")
TALENT_INTS = ("years_experience",)
COMMON_CHECKS = ("subsectors",)
ORG_CHECKS = ("services", "platforms", "markets")
TALENT_CHECKS = ("roles",)
COMMON_CSV = ("skills", "communities")
ORG_CSV = ("kbli",)
# Typed as names or codes (directory/profiles/inputs.py), stored as codes.
PICKED = {"languages": "language", "export_countries": "country"}
CONTACT = ("email", "phone", "whatsapp", "address")
PAIRS = {"members": ("talent_slug", "title"),
         "affiliations": ("organization_slug", "title")}
PORTFOLIO_FIELDS = ("title", "description", "url", "platforms", "year", "client_country")
MAX_PORTFOLIO_ROWS = 50

Form = dict[str, list[str]]


@dataclass
class Parsed:
    data: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)
    portfolio_rows: list[int] = field(default_factory=list)  # list index → form row number


def _one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _csv(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _int(form: Form, name: str, errors: list[FieldError], out: dict[str, Any],
         key: str | None = None) -> None:
    raw = _one(form, name)
    if not raw:
        return
    try:
        out[key or name] = int(raw.replace(".", "").replace(" ", ""))
    except ValueError:
        errors.append(FieldError(name, _("harus berupa bilangan bulat")))


def _float(form: Form, name: str, errors: list[FieldError]) -> float | None:
    raw = _one(form, name).replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        errors.append(FieldError(name, _("harus berupa angka desimal")))
        return None


def profile_from_form(kind: str, form: Form) -> Parsed:
    org = kind == "organization"
    data: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name in COMMON_TEXT + (ORG_TEXT if org else TALENT_TEXT):
        value = _one(form, name)
        if value:
            data[name] = value
    translations = {lang: {part: value for part in ("headline", "description")
                           if (value := _one(form, f"translations-{lang}-{part}"))}
                    for lang in TRANSLATION_LANGUAGES}
    if any(translations.values()):
        data["translations"] = {lang: t for lang, t in translations.items() if t}
    for name in ORG_INTS if org else TALENT_INTS:
        _int(form, name, errors, data)
    for name in COMMON_CHECKS + (ORG_CHECKS if org else TALENT_CHECKS):
        data[name] = [v for v in form.get(name, []) if v]
    for name in COMMON_CSV + (ORG_CSV if org else ()):
        data[name] = _csv(_one(form, name))
    lang = current_language.get()
    for name, what in PICKED.items():
        if org or name == "languages":
            data[name], wrong = inputs.to_codes(what, name, _csv(_one(form, name)), lang)
            errors += wrong
    data["links"] = []
    for line in _one(form, "links").splitlines():
        if line.strip():
            link, wrong_link = inputs.link_line(line, "links")
            data["links"] += [link] if link else []
            errors += [wrong_link] if wrong_link else []
    for name, (first, second) in PAIRS.items():
        if name == "members" and not org or name == "affiliations" and org:
            continue
        items = []
        for line in _one(form, name).splitlines():
            if not line.strip():
                continue
            left, _sep, right = line.partition("|")
            item = {first: left.strip()}
            if right.strip():
                item[second] = right.strip()
            items.append(item)
        data[name] = items
    if data.get("status", "published") == "published":  # operating: the lifecycle fields go
        data.pop("ceased_at", None)
        data.pop("ceased_reason", None)
    contact = {k: _one(form, f"contact_{k}") for k in CONTACT}
    if any(contact.values()):
        data["contact"] = {k: v for k, v in contact.items() if v}
    if _one(form, "accepts_briefs") == "1":  # unchecked: absent (the form replaces all)
        data["accepts_briefs"] = True
    if org:
        data["accepting_projects"] = _one(form, "accepting_projects") == "1"
        lat, lng = _float(form, "lat", errors), _float(form, "lng", errors)
        if lat is not None or lng is not None:
            data["location"] = {"lat": lat, "lng": lng}
    else:
        rate: dict[str, Any] = {}
        _int(form, "rate_min", errors, rate, "min")
        _int(form, "rate_max", errors, rate, "max")
        if rate:
            data["hourly_rate_idr"] = rate
    data["portfolio"], rows = _portfolio(form, errors)
    failed = {e.field for e in errors}
    for name in failed:  # keep what could not be parsed out of validation
        data.pop(name, None)
    return Parsed(data=data, errors=errors, portfolio_rows=rows)


def _portfolio(form: Form, errors: list[FieldError]
               ) -> tuple[list[dict[str, Any]], list[int]]:  # the form's interchange JSON
    rows: list[tuple[float, int, dict[str, Any]]] = []
    for i in range(MAX_PORTFOLIO_ROWS + 1):
        prefix = f"portfolio-{i}-"
        if not any(k.startswith(prefix) for k in form):
            continue
        if _one(form, prefix + "remove") == "1":
            continue
        item: dict[str, Any] = {}
        for name in ("title", "description"):
            if value := _one(form, prefix + name):
                item[name] = value
        if raw_url := _one(form, prefix + "url"):
            url = inputs.web_address(raw_url)
            item.update({"url": url} if url else {})
            errors += [] if url else [inputs.address_error(prefix + "url", raw_url)]
        if country := _one(form, prefix + "client_country"):
            codes, wrong = inputs.to_codes("country", prefix + "client_country", [country],
                                           current_language.get())
            item.update({"client_country": codes[0]} if codes else {})
            errors += wrong
        platforms = _csv(_one(form, prefix + "platforms"))
        if platforms:
            item["platforms"] = [p.lower() for p in platforms]
        _int(form, prefix + "year", errors, item, "year")
        if not item:
            continue  # the empty "add" row
        try:
            position = float(_one(form, prefix + "position") or i)
        except ValueError:
            position = float(i)
        rows.append((position, i, item))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows], [r[1] for r in rows]


def form_field(path: str, portfolio_rows: list[int] | None = None) -> str:
    """The form field that shows a validation error reported at `path` (e.g. 'portfolio[1].url')."""
    match = re.match(r"portfolio\[(\d+)\]\.?(\w*)", path)
    if match:
        index = int(match.group(1))
        row = portfolio_rows[index] if portfolio_rows and index < len(portfolio_rows) else index
        return f"portfolio-{row}-{match.group(2) or 'title'}"
    if path.startswith("contact."):
        return "contact_" + path.split(".", 1)[1]
    match = re.match(r"translations\.(\w+)\.(\w+)", path)
    if match:
        return f"translations-{match.group(1)}-{match.group(2)}"
    if path.startswith("hourly_rate_idr"):
        return "rate_max" if path.endswith("max") else "rate_min"
    if path.startswith("location"):
        return "lng" if path.endswith("lng") else "lat"
    return re.split(r"[\[.]", path, maxsplit=1)[0]


def form_errors(errors: list[FieldError], portfolio_rows: list[int] | None = None
                ) -> dict[str, str]:
    out: dict[str, str] = {}
    for error in errors:
        name = form_field(error.field, portfolio_rows)
        same = name == error.field or name == error.field.replace(".", "-")
        detail = error.reason if same else f"{error.field}: {error.reason}"
        out[name] = f"{out[name]}; {detail}" if name in out else detail
    return out


def form_from_profile(profile: dict[str, Any]) -> Form:
    """The values an edit form starts with."""
    form: Form = {}
    for name in COMMON_TEXT + ORG_TEXT + TALENT_TEXT + ORG_INTS + TALENT_INTS:
        if profile.get(name) is not None:
            form[name] = [str(profile[name])]
    for lang, parts in (profile.get("translations") or {}).items():
        for part, value in parts.items():
            form[f"translations-{lang}-{part}"] = [value]
    for name in COMMON_CHECKS + ORG_CHECKS + TALENT_CHECKS:
        form[name] = list(profile.get(name, []))
    for name in COMMON_CSV + ORG_CSV:
        form[name] = [", ".join(profile.get(name, []))]
    lang = current_language.get()
    for name, what in PICKED.items():
        form[name] = [", ".join(inputs.to_names(what, profile.get(name, []), lang))]
    form["links"] = ["\n".join(f"{link['label']} | {link['url']}"
                               for link in profile.get("links", []))]
    for name, (first, second) in PAIRS.items():
        lines = [f"{item[first]} | {item.get(second, '')}".rstrip(" |")
                 for item in profile.get(name, [])]
        form[name] = ["\n".join(lines)]
    for key, value in (profile.get("contact") or {}).items():
        form[f"contact_{key}"] = [value]
    if profile.get("accepts_briefs"):
        form["accepts_briefs"] = ["1"]
    if profile.get("accepting_projects"):
        form["accepting_projects"] = ["1"]
    if profile.get("location"):
        form["lat"] = [str(profile["location"]["lat"])]
        form["lng"] = [str(profile["location"]["lng"])]
    rate = profile.get("hourly_rate_idr") or {}
    for key in ("min", "max"):
        if rate.get(key) is not None:
            form[f"rate_{key}"] = [str(rate[key])]
    for i, item in enumerate(profile.get("portfolio", [])):
        for name in PORTFOLIO_FIELDS:
            value = item.get(name)
            if name == "client_country" and value:
                value = inputs.to_names("country", [value], lang)[0]
            if value is not None:
                form[f"portfolio-{i}-{name}"] = [", ".join(value) if isinstance(value, list)
                                                 else str(value)]
        form[f"portfolio-{i}-position"] = [str(i + 1)]
    return form


def portfolio_row_count(form: Form) -> int:
    rows = {int(m.group(1)) for k in form if (m := re.match(r"portfolio-(\d+)-", k))}
    return (max(rows) + 1) if rows else 0


def _checks(kind: str) -> list[tuple[str, str]]:
    checks = [
        ("headline", _("Tulis satu kalimat judul profil")),
        ("description", _("Ceritakan apa yang Anda kerjakan (deskripsi)")),
        ("skills", _("Tambahkan keahlian")),
        ("languages", _("Sebutkan bahasa yang dipakai")),
        ("links", _("Tambahkan tautan (situs web, toko aplikasi, media sosial)")),
        ("portfolio", _("Tambahkan minimal satu karya di portofolio")),
        ("contact", _("Isi kontak pribadi agar Anda bisa dihubungi (tidak ditampilkan)")),
    ]
    if kind == "organization":
        checks += [("services", _("Pilih layanan yang ditawarkan")),
                   ("founded_year", _("Isi tahun berdiri")),
                   ("team_size", _("Isi jumlah anggota tim")),
                   ("markets", _("Pilih pasar yang dilayani"))]
    else:
        checks += [("availability", _("Isi ketersediaan")),
                   ("years_experience", _("Isi lama pengalaman"))]
    return checks


def completeness(kind: str, profile: dict[str, Any]) -> tuple[int, list[str]]:
    """Percentage complete and what is still missing (translated hints)."""
    checks = _checks(kind)
    missing = [hint for name, hint in checks if not profile.get(name)]
    return round(100 * (len(checks) - len(missing)) / len(checks)), missing
