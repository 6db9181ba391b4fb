"""Regenerates `directory/stats/data/regions.csv` (Indonesia's provinces and regencies/cities
with their Kemendagri codes) from the npm package `idn-area-data` (code MIT; data under the Open
Database License, ODbL 1.0 — the vendored file stays under the ODbL, with attribution in
README.md). No network: unpack the package first, then point this script at it:

    npm pack idn-area-data@4.0.1 --pack-destination /tmp
    tar -xzf /tmp/idn-area-data-4.0.1.tgz -C /tmp
    .venv/bin/python -m directory.stats.regions_build /tmp/package

Columns: `code` (`35` a province, `35.73` a regency or city), `parent` (a regency's province;
empty for a province), `name_id` (the official name), `name_en` (English: "East Java",
"Malang City", "Malang Regency")."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "regions.csv"
PROVINCES_EN = {
    "12": "North Sumatra", "13": "West Sumatra", "16": "South Sumatra",
    "19": "Bangka Belitung Islands", "21": "Riau Islands",
    "31": "DKI Jakarta",
    "32": "West Java", "33": "Central Java", "34": "Special Region of Yogyakarta",
    "35": "East Java", "52": "West Nusa Tenggara", "53": "East Nusa Tenggara",
    "61": "West Kalimantan", "62": "Central Kalimantan", "63": "South Kalimantan",
    "64": "East Kalimantan", "65": "North Kalimantan", "71": "North Sulawesi",
    "72": "Central Sulawesi", "73": "South Sulawesi", "74": "Southeast Sulawesi",
    "76": "West Sulawesi", "82": "North Maluku", "92": "West Papua", "93": "South Papua",
    "94": "Central Papua", "95": "Highland Papua", "96": "Southwest Papua"}
# Longest prefix first: "Kota Administrasi" before "Kota".
PREFIXES = (("Kabupaten Administrasi ", "{} Administrative Regency"),
            ("Kota Administrasi ", "{} Administrative City"),
            ("Kabupaten ", "{} Regency"), ("Kota ", "{} City"))


def english_regency(name: str) -> str:
    for prefix, pattern in PREFIXES:
        if name.startswith(prefix):
            return pattern.format(name[len(prefix):])
    raise ValueError(f"a regency name without Kabupaten/Kota: {name!r}")


def rows(package: Path) -> list[list[str]]:
    data = package / "data"
    with (data / "provinces.csv").open(encoding="utf-8") as f:
        provinces = list(csv.DictReader(f))
    with (data / "regencies.csv").open(encoding="utf-8") as f:
        regencies = list(csv.DictReader(f))
    known = {p["code"] for p in provinces}
    out = [[p["code"], "", p["name"], PROVINCES_EN.get(p["code"], p["name"])] for p in provinces]
    for r in regencies:
        if r["province_code"] not in known or not r["code"].startswith(r["province_code"] + "."):
            raise ValueError(f"regency {r['code']} outside a known province")
        out.append([r["code"], r["province_code"], r["name"], english_regency(r["name"])])
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    package = Path(argv[0])
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    table = rows(package)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "parent", "name_id", "name_en"])
        writer.writerows(table)
    provinces = sum(1 for r in table if not r[1])
    print(f"{OUT}: {provinces} provinces, {len(table) - provinces} regencies/cities "
          f"from {meta['name']} {meta['version']} ({meta['license']}; data ODbL)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
