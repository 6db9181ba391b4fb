"""Writes search/data/judgments.jsonl: judged queries over seeds/directory.jsonl.

Each query's relevant profiles are chosen by an explicit criterion (what a person typing that
query wants: grade 2; acceptable: grade 1), evaluated over the seed data's fields — never from
what the search engine returns, and without the engine's lexicon. The rules are written down in
docs/relevance-criteria.md. Re-run after changing the seed data:  python seeds/judge.py
"""

from __future__ import annotations

import json
import re
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


def own_words(r: Row) -> str:
    """What a profile says about itself: name, headline, description, portfolio."""
    parts = [r["name"], r.get("headline", ""), r.get("description", "")]
    parts += [p.get("title", "") + " " + p.get("description", "") for p in r.get("portfolio", [])]
    return " " + " ".join(parts).casefold() + " "


def says(*words: str) -> Test:
    """The profile's own text mentions one of these words or phrases (a topic or an audience),
    as whole words ("desa" is not "desain"; an English plural counts)."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w.strip()) for w in words)
                         + r")(?:s|es)?\b")
    return lambda r: bool(pattern.search(own_words(r)))


def kec(*codes: str) -> Test:
    return lambda r: r["kecamatan"] in codes


def org_type(*codes: str) -> Test:
    return lambda r: org(r) and r.get("org_type") in codes


def available(r: Row) -> bool:
    if org(r):
        return bool(r.get("accepting_projects"))
    return r.get("availability") not in (None, "not_available")


def freelance(r: Row) -> bool:
    return tal(r) and r.get("availability") == "freelance"


def verified(r: Row) -> bool:
    return bool(r.get("verified"))


def either(*tests: Test) -> Test:
    return lambda r: any(t(r) for t in tests)


def platform(*codes: str) -> Test:
    return lambda r: org(r) and bool(set(codes) & set(r.get("platforms", [])))


# The judge's own evidence words for topics and audiences (Indonesian and English), written for
# judging: what a profile would say when it works on that topic.
EDU = says("edukasi", "pendidikan", "sekolah", "belajar", "education", "school", "learning")
AGRI = says("pertanian", "petani", "agritech", "agriculture", "farm", "farming", "farmer")
TOURISM = says("pariwisata", "wisata", "tourism", "travel")
SME = says("umkm", "ukm", "usaha kecil", "small business", "sme")
HEALTH = says("kesehatan", "klinik", "health", "medical")
GOVERNMENT = says("pemerintah", "desa", "government", "village")
FINANCE = says("keuangan", "koperasi", "finance", "fintech", "pembayaran")
COFFEE = says("kopi", "coffee")
LOGISTICS = says("logistik", "logistics", "pengiriman", "delivery")
SPORT = says("olahraga", "sport")
SCHOOL = says("sekolah", "school", "siswa")
EXPORT = says("ekspor", "export", "luar negeri")
LANGUAGE = says("bahasa", "language")

# A game studio is an organization in the game-development subsector or offering game work.
GAME_STUDIO = both(org, either(sub("pengembang-permainan"),
                               svc("game_development", "game_art")))
GAME_PEOPLE = role("game_developer", "game_designer", "game_artist")
MOBILE_ORG = svc("mobile_app")
MOBILE_DEV = role("mobile_developer")
ANIM_ORG = svc("animation", "motion_graphics")
UIUX = role("ui_ux_designer")
GRAPHIC = role("graphic_designer")
WEB_ORG = svc("web_app")
WEB_DEV = role("web_developer")


def DATA(r: dict) -> bool:  # noqa: N802 — a test among the other upper-case tests
    return bool(svc("data_ai")(r) or role("data_scientist")(r))


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


APP_ORG = both(org, either(svc("mobile_app", "web_app"), sub("aplikasi")),
               lambda r: r.get("org_type") in ("startup", "service_firm"))
SOFTWARE_HOUSE = both(org_type("service_firm"), either(svc("mobile_app", "web_app"),
                                                       sub("aplikasi")))
ANIM_STUDIO = both(org, either(svc("animation", "motion_graphics"), sub("film-animasi-video")),
                   lambda r: r.get("org_type") == "service_firm")
VIDEO_ORG = both(org, svc("video_production"))
PHOTO = either(role("photographer"), svc("photography"))
MUSIC = either(role("sound_designer"), svc("music_audio"))
MARKETING = either(role("digital_marketer"), svc("digital_marketing"))
TRANSLATION = either(svc("localization"), both(role("writer"), skill("penerjemahan")))

# Plain client English, as clients write it (a third of the set at least).
CLIENT_EN: list[tuple[str, dict[str, list[str]], Test, Test | None, str]] = [
    ("need an educational game for kids", {}, both(GAME_STUDIO, EDU), GAME_PEOPLE,
     "client en: no profile mentions kids, so the audience is education"),
    ("educational game", {}, both(GAME_STUDIO, EDU), GAME_PEOPLE, "client en"),
    ("game educational", {}, both(GAME_STUDIO, EDU), GAME_PEOPLE, "client en: word order"),
    ("looking for a team to make an AR filter for our brand", {}, both(org, svc("ar_vr")),
     role("3d_artist"), "client en"),
    ("we need a mobile app for our clinic", {}, both(MOBILE_ORG, HEALTH),
     either(MOBILE_ORG, MOBILE_DEV), "client en"),
    ("flutter developer available freelance in Lowokwaru", {},
     both(MOBILE_DEV, skill("flutter"), freelance, kec("lowokwaru")),
     both(skill("flutter"), available), "client en: filters in words"),
    ("flutter developer", {}, both(MOBILE_DEV, skill("flutter")), skill("flutter"),
     "client en"),
    ("developer flutter", {}, both(MOBILE_DEV, skill("flutter")), skill("flutter"),
     "client en: word order"),
    ("looking for a software house to build our company website", {},
     both(SOFTWARE_HOUSE, svc("web_app")), either(WEB_DEV, SOFTWARE_HOUSE), "client en"),
    ("who can make a 2d animated explainer video", {}, ANIM_STUDIO, role("animator"),
     "client en"),
    ("motion graphics studio", {}, both(org, svc("motion_graphics")),
     either(ANIM_STUDIO, role("animator")), "client en"),
    ("ui ux designer for a fintech app", {}, UIUX, svc("ui_ux_design"), "client en"),
    ("need a logo and brand identity for my coffee shop", {}, svc("branding"),
     GRAPHIC, "client en"),
    ("graphic designer in Malang", {}, GRAPHIC, svc("branding"),
     "client en: Malang = the whole directory"),
    ("game studio that can port our game to console", {},
     both(GAME_STUDIO, platform("console")), GAME_STUDIO, "client en"),
    ("pixel art artist for an indie game", {}, both(role("game_artist"), skill("aseprite")),
     either(role("game_artist"), svc("game_art")), "client en"),
    ("sound designer for a mobile game", {}, role("sound_designer"), svc("music_audio"),
     "client en"),
    ("music composer for our game trailer", {}, MUSIC, None, "client en"),
    ("3d character artist with blender", {}, both(role("3d_artist"), skill("blender")),
     role("3d_artist"), "client en"),
    ("data scientist for sales forecasting", {}, role("data_scientist"), svc("data_ai"),
     "client en"),
    ("machine learning company", {}, both(org, svc("data_ai")), role("data_scientist"),
     "client en"),
    ("iot developer for smart farming", {}, both(org, svc("iot"), AGRI), svc("iot"),
     "client en"),
    ("web developer who knows laravel", {}, both(WEB_DEV, skill("laravel")),
     skill("laravel"), "client en"),
    ("react developer available for hire", {}, both(tal, skill("react"), available),
     skill("react"), "client en"),
    ("backend engineer node.js", {}, both(role("backend_developer"), skill("node.js")),
     role("backend_developer"), "client en"),
    ("devops engineer with kubernetes", {}, both(role("devops_engineer"), skill("kubernetes")),
     either(role("devops_engineer"), svc("cloud_devops")), "client en"),
    ("qa tester for our android app", {}, role("qa_engineer"), svc("qa_testing"),
     "client en"),
    ("product photographer for my online shop", {},
     either(both(role("photographer"), skill("fotografi produk")),
            both(svc("photography"), skill("fotografi produk"))), PHOTO, "client en"),
    ("drone videographer", {}, both(role("videographer"), skill("drone")),
     either(role("videographer"), skill("drone")), "client en"),
    ("video production house", {}, both(org_type("service_firm"), VIDEO_ORG),
     role("videographer"), "client en"),
    ("someone to translate our app into english", {}, TRANSLATION, role("writer"),
     "client en"),
    ("copywriter for social media", {}, both(either(role("writer"), role("digital_marketer")),
                                             skill("copywriting")),
     skill("copywriting"), "client en"),
    ("social media marketing for a small business", {}, MARKETING, skill("meta ads"),
     "client en"),
    ("seo specialist", {}, skill("seo"), MARKETING, "client en"),
    ("verified game studios", {}, both(GAME_STUDIO, verified), GAME_STUDIO, "client en"),
    ("startups in agriculture", {}, both(org_type("startup"), AGRI), org_type("startup"),
     "client en"),
    ("tourism app startup", {}, both(org_type("startup"), TOURISM), both(APP_ORG, TOURISM),
     "client en"),
    ("health tech startup", {}, both(org_type("startup"), HEALTH), both(org, HEALTH),
     "client en"),
    ("app for village government", {}, both(APP_ORG, GOVERNMENT), GOVERNMENT, "client en"),
    ("fintech for cooperatives", {}, both(APP_ORG, FINANCE), FINANCE, "client en"),
    ("children's animation series", {}, both(ANIM_STUDIO, EDU), ANIM_STUDIO,
     "client en: educational series"),
    ("architecture visualization in 3d", {}, both(org, sub("arsitektur")), role("3d_artist"),
     "client en"),
    ("handicraft exporter", {}, both(org, sub("kriya")), EXPORT, "client en"),
    ("comic illustrator", {}, role("illustrator"), either(sub("penerbitan"),
                                                         svc("illustration")), "client en"),
    ("publisher for my picture book", {}, both(org, sub("penerbitan")), role("illustrator"),
     "client en"),
    ("coworking space or incubator for startups", {}, org_type("incubator"),
     org_type("community"), "client en"),
    ("startup community in malang", {}, org_type("community"), org_type("incubator"),
     "client en"),
    ("freelance video editor", {}, both(role("videographer"), freelance), role("videographer"),
     "client en"),
    ("available animators", {}, both(role("animator"), available), role("animator"),
     "client en"),
    ("ar vr developer", {}, both(org, svc("ar_vr")), role("3d_artist"), "client en"),
    ("unity game developer for hire", {}, both(GAME_PEOPLE, skill("unity"), available),
     either(skill("unity"), GAME_STUDIO), "client en"),
    ("e-learning platform", {}, both(APP_ORG, EDU), EDU, "client en"),
]

# Indonesian as clients write it, with Javanese/Malang usage.
CLIENT_ID: list[tuple[str, dict[str, list[str]], Test, Test | None, str]] = [
    ("butuh game edukasi untuk anak", {}, both(GAME_STUDIO, EDU), GAME_PEOPLE,
     "client id"),
    ("game edukasi", {}, both(GAME_STUDIO, EDU), GAME_PEOPLE, "client id"),
    ("aplikasi kasir untuk umkm", {}, both(APP_ORG, SME), APP_ORG, "client id"),
    ("jasa pembuatan website sekolah", {}, both(org, svc("web_app"), SCHOOL),
     either(svc("web_app"), WEB_DEV), "client id"),
    ("cari programmer flutter di lowokwaru", {},
     both(MOBILE_DEV, skill("flutter"), kec("lowokwaru")), both(MOBILE_DEV, skill("flutter")),
     "client id: place in words"),
    ("desainer logo", {}, either(GRAPHIC, svc("branding")), None, "client id"),
    ("studio animasi di sukun", {}, both(ANIM_STUDIO, kec("sukun")), ANIM_STUDIO,
     "client id: place in words"),
    ("videografer pernikahan", {}, role("videographer"), VIDEO_ORG, "client id"),
    ("fotografer produk umkm", {}, either(both(PHOTO, skill("fotografi produk")),
                                          both(PHOTO, SME)), PHOTO, "client id"),
    ("konsultan IT untuk pemerintah daerah", {}, both(org, svc("consulting")),
     GOVERNMENT, "client id"),
    ("startup pertanian", {}, both(org_type("startup"), AGRI), AGRI, "client id"),
    ("aplikasi kesehatan", {}, both(APP_ORG, HEALTH), HEALTH, "client id"),
    ("aplikasi pariwisata malang", {}, both(APP_ORG, TOURISM), TOURISM, "client id"),
    ("sistem informasi desa", {}, both(APP_ORG, GOVERNMENT), GOVERNMENT, "client id"),
    ("bikin aplikasi android", {}, MOBILE_ORG, MOBILE_DEV, "client id"),
    ("pengembang web laravel", {}, both(WEB_DEV, skill("laravel")), skill("laravel"),
     "client id"),
    ("ilustrator buku anak", {}, role("illustrator"), svc("illustration"), "client id"),
    ("penerjemah bahasa inggris", {}, TRANSLATION, role("writer"), "client id"),
    ("komposer musik game", {}, role("sound_designer"), svc("music_audio"), "client id"),
    ("jasa motion graphics", {}, both(org, svc("motion_graphics")),
     either(ANIM_STUDIO, role("animator")), "client id"),
    ("desain ui ux aplikasi", {}, UIUX, svc("ui_ux_design"), "client id"),
    ("pemasaran digital untuk umkm", {}, both(MARKETING, SME), MARKETING, "client id"),
    ("kerajinan topeng malangan", {}, both(org, sub("kriya")), None, "client id"),
    ("oleh-oleh khas malang", {}, both(org, sub("kuliner")), None, "client id"),
    ("data analis python", {}, both(role("data_scientist"), skill("python")),
     skill("python"), "client id"),
    ("tim devops aws", {}, both(role("devops_engineer"), skill("aws")),
     either(skill("aws"), svc("cloud_devops")), "client id"),
    ("talenta game yang tersedia", {}, both(GAME_PEOPLE, available), GAME_PEOPLE,
     "client id: availability in words"),
    ("studio game terverifikasi", {}, both(GAME_STUDIO, verified), GAME_STUDIO,
     "client id: verified in words"),
    ("software house di blimbing", {}, both(SOFTWARE_HOUSE, kec("blimbing")), SOFTWARE_HOUSE,
     "client id: place in words"),
    ("startup di kota batu", {}, both(org_type("startup"), kec("luar-kota")),
     org_type("startup"), "client id: Batu = outside the city"),
    ("animator 3d freelance", {}, both(role("animator"), freelance), role("animator"),
     "client id"),
    ("komunitas startup", {}, org_type("community"), org_type("incubator"), "client id"),
    ("golek programmer android ngalam", {}, MOBILE_DEV, MOBILE_ORG,
     "client id: Javanese (golek = cari), ngalam = Malang"),
    ("gawe game edukasi", {}, both(GAME_STUDIO, EDU), GAME_PEOPLE, "client id: Javanese"),
    ("nggawe video profil perusahaan", {}, VIDEO_ORG, role("videographer"),
     "client id: Javanese"),
    ("inkubator bisnis", {}, org_type("incubator"), org_type("community"), "client id"),
    ("kampus multimedia", {}, org_type("campus"), None, "client id"),
    ("kami butuh jasa pembuatan aplikasi keuangan koperasi", {}, both(APP_ORG, FINANCE),
     APP_ORG, "client id"),
    ("tolong carikan penulis konten", {}, role("writer"), skill("copywriting"), "client id"),
    ("jasa foto drone", {}, either(both(role("photographer"), skill("drone")),
                                   both(svc("photography"), skill("drone"))), skill("drone"),
     "client id"),
]

# Mixed Indonesian/English, as people in Malang type.
MIXED: list[tuple[str, dict[str, list[str]], Test, Test | None, str]] = [
    ("jasa ui ux design", {}, either(svc("ui_ux_design"), UIUX), None, "mixed"),
    ("studio game unity", {}, both(GAME_STUDIO, skill("unity")), GAME_STUDIO, "mixed"),
    ("aplikasi mobile flutter", {}, both(MOBILE_ORG, skill("flutter")), skill("flutter"),
     "mixed"),
    ("video company profile", {}, VIDEO_ORG, role("videographer"), "mixed"),
    ("e-commerce umkm", {}, both(either(svc("ecommerce"), svc("web_app")), SME),
     svc("ecommerce"), "mixed"),
    ("game developer unity freelance", {}, both(GAME_PEOPLE, skill("unity"), freelance),
     both(GAME_PEOPLE, skill("unity")), "mixed"),
    ("AR/VR wisata", {}, both(org, svc("ar_vr"), TOURISM), both(org, svc("ar_vr")), "mixed"),
    ("backend developer golang", {},
     both(either(role("backend_developer"), svc("backend_api")), skill("go")),
     role("backend_developer"), "mixed: golang = Go"),
    ("software house verified", {}, both(SOFTWARE_HOUSE, verified), SOFTWARE_HOUSE, "mixed"),
    ("animasi 2d untuk iklan", {}, ANIM_STUDIO, role("animator"), "mixed"),
]


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "directory.jsonl").read_text().splitlines()]
    public = [r for r in rows if r.get("status", "published") == "published"]
    lines = []
    for q, params, best, fair, note in QUERIES + CLIENT_EN + CLIENT_ID + MIXED:
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
