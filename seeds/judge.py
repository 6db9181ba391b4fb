"""Writes search/data/judgments.jsonl: judged queries over seeds/directory.jsonl.

Each query's relevant profiles are chosen by an explicit criterion (what a person typing that
query wants: grade 2; acceptable: grade 1), evaluated over the seed data — never from what the
search engine returns. Re-run after changing the seed data:  python seeds/judge.py
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "search" / "data" / "judgments.jsonl"
Row = dict
Test = Callable[[Row], bool]


def org(r: Row) -> bool:
    return r["kind"] == "organization"


def tal(r: Row) -> bool:
    return r["kind"] == "talent"


def svc(*codes: str) -> Test:
    return lambda r: org(r) and bool(set(codes) & set(r.get("services", [])))


def role(*codes: str) -> Test:
    return lambda r: tal(r) and bool(set(codes) & set(r.get("roles", [])))


def skill(*names: str) -> Test:
    wanted = {n.casefold() for n in names}
    return lambda r: bool(wanted & {s.casefold() for s in r.get("skills", [])})


def sub(*codes: str) -> Test:
    return lambda r: bool(set(codes) & set(r["subsectors"]))


def kind_is(kind: str) -> Test:
    return lambda r: r["kind"] == kind


def slug(*slugs: str) -> Test:
    return lambda r: r["slug"] in slugs


def both(*tests: Test) -> Test:
    return lambda r: all(t(r) for t in tests)


def text(word: str) -> Test:
    return lambda r: word in (r["name"] + " " + r.get("headline", "") + " " +
                              r.get("description", "")).casefold()


GAME_STUDIO = both(org, svc("game_development", "game_art"))
GAME_PEOPLE = role("game_developer", "game_designer", "game_artist")
MOBILE_ORG = svc("mobile_app")
MOBILE_DEV = role("mobile_developer")
ANIM_ORG = svc("animation", "motion_graphics")
UIUX = role("ui_ux_designer")
GRAPHIC = role("graphic_designer")
WEB_ORG = svc("web_app")
WEB_DEV = role("web_developer")
DATA = lambda r: svc("data_ai")(r) or role("data_scientist")(r)  # noqa: E731

# (query, filters, grade-2 test, grade-1 test or None, note)
QUERIES: list[tuple[str, dict[str, list[str]], Test, Test | None, str]] = [
    ("game", {}, GAME_STUDIO, GAME_PEOPLE, "en/id loanword"),
    # Ambiguous on purpose: a client may want a studio or a person; both are what was asked.
    ("game developer", {}, lambda r: GAME_STUDIO(r) or role("game_developer")(r), GAME_PEOPLE,
     "en, ambiguous"),
    ("pengembang game", {}, GAME_STUDIO, GAME_PEOPLE, "id"),
    ("pembuat game", {}, GAME_STUDIO, GAME_PEOPLE, "id synonym"),
    ("studio game", {}, GAME_STUDIO, None, "id"),
    ("game studio", {}, GAME_STUDIO, None, "en"),
    ("jasa pembuatan aplikasi android", {}, MOBILE_ORG, MOBILE_DEV, "id, long"),
    ("aplikasi android", {}, MOBILE_ORG, MOBILE_DEV, "id"),
    ("mobile app development", {}, MOBILE_ORG, MOBILE_DEV, "en"),
    ("android app developer", {}, MOBILE_DEV, MOBILE_ORG, "en"),
    ("fluter develper", {}, both(MOBILE_DEV, skill("flutter")), skill("flutter"), "typos"),
    ("flutter", {}, skill("flutter"), None, "skill"),
    ("unity", {}, skill("unity"), None, "skill"),
    ("animasi", {}, ANIM_ORG, role("animator"), "id"),
    ("animation studio", {}, ANIM_ORG, role("animator"), "en"),
    ("animator", {}, role("animator"), ANIM_ORG, "role"),
    ("desainer ui ux", {}, UIUX, svc("ui_ux_design"), "id"),
    ("ui/ux designer", {}, UIUX, svc("ui_ux_design"), "en"),
    ("figma", {}, skill("figma"), None, "skill"),
    ("graphic designer", {}, GRAPHIC, svc("branding"), "en"),
    ("desain grafis", {}, GRAPHIC, svc("branding"), "id synonym of dkv"),
    ("branding agency", {}, svc("branding"), GRAPHIC, "en"),
    ("web developer", {}, WEB_DEV, WEB_ORG, "en"),
    ("pembuatan website", {}, WEB_ORG, WEB_DEV, "id synonym"),
    ("laravel", {}, skill("laravel"), None, "skill"),
    ("machine learning", {}, DATA, None, "en"),
    ("kecerdasan buatan", {}, DATA, None, "id synonym"),
    ("sound designer game", {}, role("sound_designer"), svc("music_audio"), "mixed"),
    ("musik", {}, both(org, sub("musik")), role("sound_designer"), "id"),
    ("batik", {}, skill("batik"), None, "skill"),
    ("fashion", {}, both(org, sub("fesyen")), sub("fesyen"), "en synonym of fesyen"),
    ("kerajinan", {}, both(org, sub("kriya")), None, "id synonym of kriya"),
    ("kuliner", {}, both(org, sub("kuliner")), None, "id"),
    ("food", {}, both(org, sub("kuliner")), None, "en synonym of kuliner"),
    ("fotografer", {}, role("photographer"), svc("photography"), "id"),
    ("drone", {}, skill("drone"), None, "skill"),
    ("aplikasi pertanian", {}, both(org, sub("aplikasi"), text("pertanian")),
     text("pertanian"), "id topic"),
    ("game", {"kind": ["talent"]}, GAME_PEOPLE, None, "filter"),
    ("aplikasi", {"kecamatan": ["klojen"]},
     both(lambda r: r["kecamatan"] == "klojen", lambda r: MOBILE_ORG(r) or WEB_ORG(r)),
     both(lambda r: r["kecamatan"] == "klojen", sub("aplikasi")), "filter"),
    ("studio", {"service": ["animation"]}, svc("animation"), None, "filter"),
    ("developer", {"available": ["true"]},
     lambda r: (r.get("availability") not in (None, "not_available") and role(
         "mobile_developer", "web_developer", "backend_developer", "game_developer")(r))
     or (bool(r.get("accepting_projects")) and svc(
         "mobile_app", "web_app", "game_development", "backend_api")(r)),
     None, "filter: people or firms that take work now"),
    ("stasion", {}, slug("stasion"), None, "navigational"),
    ("malang creative center", {}, slug("mcc"), None, "navigational"),
    ("komunitas game", {}, slug("malang-game-dev"), kind_is("never"), "navigational"),
    ("freelance illustrator", {}, both(role("illustrator"),
                                       lambda r: r.get("availability") == "freelance"),
     role("illustrator"), "mixed"),
    ("3d artist blender", {}, both(role("3d_artist"), skill("blender")), role("3d_artist"),
     "en"),
    ("kampus", {}, lambda r: r.get("org_type") == "campus", None, "id"),
]


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "directory.jsonl").read_text().splitlines()]
    public = [r for r in rows if r.get("status", "published") == "published"]
    lines = []
    for q, params, best, fair, note in QUERIES:
        relevant: dict[str, int] = {}
        for r in public:
            key = f"{r['kind']}-{r['slug']}"
            if best(r):
                relevant[key] = 2
            elif fair is not None and fair(r):
                relevant[key] = 1
        if not any(g == 2 for g in relevant.values()):
            raise SystemExit(f"no grade-2 profile for {q!r} {params}")
        lines.append(json.dumps({"q": q, "params": params, "note": note,
                                 "relevant": relevant}, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} judged queries → {OUT}")


if __name__ == "__main__":
    main()
