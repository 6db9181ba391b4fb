"""Deterministic, fictional seed data for the Kota Malang creative-economy directory.

    python seeds/generate.py                          # writes seeds/directory.jsonl, then
                                                      # history, programmes, confidential, demand
    python seeds/generate.py --synthetic N --out F    # N synthetic profiles for benchmarks
    python seeds/generate.py --check [FILE]           # cross-reference checks of a file

Only the standard library; the same output on every run (random.Random with a fixed seed).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _variety import (  # noqa: E402
    distinct_name,
    duplicates_and_ceased,
    organization_text,
    talent_text,
)
from _vocab import (  # noqa: E402
    ARCHETYPES,
    CAMPUSES,
    COMMUNITIES,
    COUNTRIES,
    FIRST_NAMES,
    KECAMATAN_CENTRES,
    LAST_NAMES,
    NAME_PARTS,
    PRODUCT_IDEAS,
    TALENT_TYPES,
)

END = (2026, 11, 20)


def slugify(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:80]


def unique_slug(base: str, used: set[str]) -> str:
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    used.add(slug)
    return slug


def timestamp(rng: random.Random, year_from: int = 2018) -> tuple[str, str]:
    """created_at weighted to recent years (growth), updated_at after it."""
    years = list(range(year_from, 2027))
    weights = [1 + 0.45 * (y - 2018) for y in years]
    year = rng.choices(years, weights)[0]
    month = rng.randint(1, 10 if year == 2026 else 12)
    day = rng.randint(1, 28)
    created = (year, month, day)
    up_year = rng.randint(year, 2026)
    up_month = rng.randint(month if up_year == year else 1, 11 if up_year == 2026 else 12)
    up_day = rng.randint(day if (up_year, up_month) == (year, month) else 1,
                         19 if (up_year, up_month) == (2026, 11) else 28)
    fmt = "{:04d}-{:02d}-{:02d}T{:02d}:00:00Z"
    hour = rng.randint(1, 10)
    return fmt.format(*created, hour), fmt.format(up_year, up_month, up_day, hour + 1)


def location(rng: random.Random, kecamatan: str) -> dict[str, float]:
    lat, lng = KECAMATAN_CENTRES[kecamatan]
    return {"lat": round(lat + rng.uniform(-0.012, 0.012), 5),
            "lng": round(lng + rng.uniform(-0.012, 0.012), 5)}


def phone(rng: random.Random) -> str:
    return f"+62 8{rng.randint(11, 59)}-0000-{rng.randint(0, 9999):04d}"


def pick(rng: random.Random, items, k_min: int, k_max: int) -> list:  # type: ignore[no-untyped-def]
    k = min(len(items), rng.randint(k_min, k_max))
    return rng.sample(list(items), k)


def kecamatan_for(rng: random.Random) -> str:
    return rng.choices(["lowokwaru", "klojen", "blimbing", "sukun", "kedungkandang",
                        "luar-kota"], [34, 22, 16, 11, 9, 8])[0]


def community_orgs(rng: random.Random) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for slug, name, org_type, kec, headline, founded in COMMUNITIES + CAMPUSES:
        created, updated = timestamp(rng, 2018)
        created = f"2018-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T08:00:00Z"
        out.append({
            "kind": "organization", "slug": slug, "name": name, "org_type": org_type,
            "headline": headline, "subsectors": ["aplikasi", "pengembang-permainan"]
            if org_type != "campus" else ["aplikasi", "dkv", "film-animasi-video"],
            "kecamatan": kec, "languages": ["id", "en"], "founded_year": founded,
            "legal_form": "komunitas" if org_type == "community" else "other",
            "links": [{"label": "Situs", "url": f"https://{slug}.example"}],
            "contact": {"email": f"halo@{slug}.example"}, "location": location(rng, kec),
            "description": f"{name} adalah bagian dari ekosistem kreatif Kota Malang: "
                           f"{headline.lower()}.",
            "status": "published", "verified": True, "created_at": created, "updated_at": updated,
        })
    return out


def organization(rng: random.Random, archetype: dict, used: set[str],  # type: ignore[type-arg]
                 communities: list[str]) -> dict:  # type: ignore[type-arg]
    name = distinct_name(archetype["name"], NAME_PARTS, rng.choice(NAME_PARTS),
                         lambda n: slugify(n) in used)
    slug = unique_slug(slugify(name), used)
    kec = kecamatan_for(rng)
    created, updated = timestamp(rng)
    founded = min(int(created[:4]), rng.randint(int(created[:4]) - 8, int(created[:4])))
    founded = max(founded, 2005)
    org_type = archetype["org_type"]
    subsectors = list(archetype["subsectors"])
    markets = ["malang_raya"] + pick(rng, ["jawa_timur", "national", "international"], 0, 3)
    international = "international" in markets
    idea = rng.choice(PRODUCT_IDEAS)
    headline = archetype["headline"].format(idea=idea)
    org = {
        "kind": "organization", "slug": slug, "name": name, "org_type": org_type,
        "headline": headline,
        "description": archetype["description"].format(name=name, idea=idea,
                                                       year=founded),
        "subsectors": subsectors,
        "services": pick(rng, archetype["services"], 2, 4),
        "skills": pick(rng, archetype["skills"], 3, 7),
        "kecamatan": kec, "languages": ["id", "en"] if international or rng.random() < .4
        else ["id", "jv"] if rng.random() < .3 else ["id"],
        "platforms": pick(rng, archetype["platforms"], 1, 3),
        "founded_year": founded, "team_size": rng.choice(archetype["team"]),
        "legal_form": rng.choice(["pt", "cv", "cv", "perorangan"]),
        "kbli": list(archetype["kbli"]),
        "markets": markets, "funding_stage": rng.choice(archetype["funding"]),
        "accepting_projects": org_type == "service_firm" and rng.random() < .8,
        "location": location(rng, kec),
        "links": [{"label": "Situs web", "url": f"https://{slug}.example"}],
        "contact": {"email": f"halo@{slug}.example", "phone": phone(rng),
                    "whatsapp": phone(rng)},
        "communities": pick(rng, communities, 0, 2),
        "status": "published", "verified": rng.random() < .4,
        "created_at": created, "updated_at": updated,
    }
    if org_type == "startup":
        org["services"] = org["services"][:2] if rng.random() < .5 else []
    if rng.random() < .7:
        org["nib"] = "".join(str(rng.randint(0, 9)) for _ in range(13))
    if org_type == "service_firm":
        org["min_budget_idr"] = rng.choice([5, 10, 15, 25, 50, 100]) * 1_000_000
    if international:
        org["export_countries"] = pick(rng, COUNTRIES, 1, 3)
    portfolio = []
    for i in range(rng.randint(0, 3)):
        item = {"title": archetype["portfolio"][i % len(archetype["portfolio"])].format(
                    idea=rng.choice(PRODUCT_IDEAS).capitalize()),
                "description": f"Dikerjakan oleh tim {name}.",
                "platforms": pick(rng, org["platforms"], 1, 2),
                "year": rng.randint(founded, 2026)}
        if international and org.get("export_countries"):
            item["client_country"] = rng.choice(org["export_countries"])
        else:
            item["client_country"] = "ID"
        if rng.random() < .6:
            item["url"] = f"https://{slug}.example/portofolio/{i + 1}"
        portfolio.append(item)
    if portfolio:
        org["portfolio"] = portfolio
    organization_text(org, archetype["name"], idea, founded)
    return {k: v for k, v in org.items() if v not in (None, [], {})}


def talent(rng: random.Random, used: set[str], communities: list[str],  # type: ignore[type-arg]
           campuses: list[str]) -> dict:  # type: ignore[type-arg]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    name = distinct_name(f"{first} {{}}", LAST_NAMES, last, lambda n: slugify(n) in used)
    slug = unique_slug(slugify(name), used)
    kind = rng.choices(TALENT_TYPES, [t["weight"] for t in TALENT_TYPES])[0]
    created, updated = timestamp(rng)
    years = rng.randint(0, 15)
    low = rng.choice([50, 75, 100, 150, 200]) * 1000
    person = {
        "kind": "talent", "slug": slug, "name": name,
        "headline": kind["headline"].format(years=years or 1),
        "description": f"Halo, saya {name.split()[0]}. " + kind["description"],
        # The first role is the one the headline names; a second one sometimes.
        "roles": [kind["roles"][0]] + pick(rng, kind["roles"][1:], 0, 1),
        "subsectors": list(kind["subsectors"]),
        "skills": pick(rng, kind["skills"], 3, 6), "kecamatan": kecamatan_for(rng),
        "languages": ["id", "en"] if rng.random() < .6 else ["id", "jv"],
        "years_experience": years,
        "availability": rng.choices(["freelance", "full_time", "part_time", "not_available"],
                                    [45, 20, 20, 15])[0],
        "hourly_rate_idr": {"min": low, "max": low * rng.choice([2, 3])},
        "communities": pick(rng, communities, 0, 2),
        "campus": rng.choice(campuses) if rng.random() < .5 else None,
        "contact": {"email": f"{slug}@surel.example", "phone": phone(rng)},
        "links": [{"label": "Portofolio", "url": f"https://{slug}.example"}]
        if rng.random() < .5 else [],
        "status": "published", "verified": rng.random() < .2,
        "created_at": created, "updated_at": updated,
    }
    if rng.random() < .15:
        del person["hourly_rate_idr"]["max"]
    talent_text(person)
    return {k: v for k, v in person.items() if v not in (None, [], {})}


def generate(n_orgs: int, n_talents: int, rng: random.Random) -> list[dict]:  # type: ignore[type-arg]
    communities = community_orgs(rng)
    community_slugs = [c["slug"] for c in communities]
    campus_names = [c["name"] for c in communities if c["org_type"] == "campus"]
    used = set(community_slugs)
    orgs = []
    archetypes = [a for a in ARCHETYPES for _ in range(a["weight"])]
    for i in range(n_orgs - len(communities)):
        orgs.append(organization(rng, archetypes[i % len(archetypes)], used, community_slugs))
    rng.shuffle(orgs)
    people = [talent(rng, used, community_slugs, campus_names) for _ in range(n_talents)]
    # Teams: some talents work at organizations (two-sided: member and affiliation).
    for org in orgs:
        if org["org_type"] in ("service_firm", "startup") and rng.random() < .5:
            team = rng.sample(people, rng.randint(1, 3))
            org["members"] = []
            for person in team:
                title = rng.choice(["Founder", "CTO", "Lead developer", "Game artist",
                                    "Designer", "Project manager", "Engineer"])
                org["members"].append({"talent_slug": person["slug"], "title": title})
                person.setdefault("affiliations", []).append(
                    {"organization_slug": org["slug"], "title": title})
    return communities + orgs + people


def mark_statuses(rows: list[dict], rng: random.Random) -> None:  # type: ignore[type-arg]
    orgs = [r for r in rows if r["kind"] == "organization" and r["org_type"] not in
            ("community", "incubator", "campus")]
    people = [r for r in rows if r["kind"] == "talent"]
    for row in orgs[-4:]:
        row["status"] = "draft"
    for row in orgs[-7:-4]:
        row["status"] = "hidden"
    for row in people[-5:]:
        row["status"] = "draft"
    for row in people[-8:-5]:
        row["status"] = "hidden"


def check(rows: list[dict]) -> list[str]:  # type: ignore[type-arg]
    problems = []
    keys = Counter((r["kind"], r["slug"]) for r in rows)
    problems += [f"duplicate {k}" for k, n in keys.items() if n > 1]
    orgs = {r["slug"]: r for r in rows if r["kind"] == "organization"}
    talents = {r["slug"] for r in rows if r["kind"] == "talent"}
    for r in rows:
        for c in r.get("communities", []):
            if orgs.get(c, {}).get("org_type") not in ("community", "incubator", "campus"):
                problems.append(f"{r['slug']}: community {c} unknown")
        for m in r.get("members", []):
            if m["talent_slug"] not in talents:
                problems.append(f"{r['slug']}: member {m['talent_slug']} unknown")
        for a in r.get("affiliations", []):
            if a["organization_slug"] not in orgs:
                problems.append(f"{r['slug']}: affiliation {a['organization_slug']} unknown")
    return problems


def write(rows: list[dict], path: Path) -> None:  # type: ignore[type-arg]
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, metavar="N")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--check", nargs="?", const=HERE / "directory.jsonl", type=Path)
    args = parser.parse_args()
    if args.check:
        rows = [json.loads(line) for line in args.check.read_text().splitlines() if line]
        problems = check(rows)
        print("\n".join(problems) or f"{len(rows)} profiles, references consistent")
        sys.exit(1 if problems else 0)
    if args.synthetic:
        rng = random.Random(2027)
        n_orgs = max(20, args.synthetic * 3 // 10)
        rows = generate(n_orgs, args.synthetic - n_orgs, rng)
        write(rows, args.out or HERE / f"synthetic-{args.synthetic}.jsonl")
        return
    rng = random.Random(2026)
    rows = generate(140, 340, rng)
    mark_statuses(rows, rng)
    rows += duplicates_and_ceased([r for r in rows if r["kind"] == "organization"])
    write(rows, args.out or HERE / "directory.jsonl")
    if args.out is None:  # the seeds built on these profiles follow them
        for script in ("outcomes.py", "confidential.py", "demand.py"):
            subprocess.run([sys.executable, str(HERE / script)], check=True)


if __name__ == "__main__":
    main()
