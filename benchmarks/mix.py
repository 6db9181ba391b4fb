"""The search mix of `make bench`: different client searches with filters, and the wrk script
that sends them in turn (to raw Meilisearch as multi-searches, or to our API and page)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

# A mix of client searches with filters (issue 13: at least 20 different queries, never one
# repeated query): words in both languages, one to three facets, flags, sorts, a second page.
MIX: list[dict[str, list[str]]] = [
    {"q": ["aplikasi"], "subsector": ["aplikasi", "pengembang-permainan"],
     "kecamatan": ["lowokwaru", "klojen"], "available": ["true"]},
    {"q": ["game"], "kecamatan": ["lowokwaru"]},
    {"q": ["game developer"], "available": ["true"]},
    {"q": ["studio animasi"], "kecamatan": ["klojen", "blimbing"]},
    {"q": ["mobile app"], "service": ["mobile_app"]},
    {"q": ["website umkm"], "kind": ["organization"]},
    {"q": ["ui ux designer"], "kind": ["talent"]},
    {"q": ["flutter"], "verified": ["true"]},
    {"q": ["desain grafis"], "subsector": ["dkv"]},
    {"q": ["video"], "kecamatan": ["sukun"], "sort": ["updated"]},
    {"q": ["fotografi"], "kind": ["talent"], "available": ["true"]},
    {"q": ["software house"], "org_type": ["service_firm"]},
    {"q": ["startup"], "org_type": ["startup"], "kecamatan": ["lowokwaru"]},
    {"q": ["educational game"], "subsector": ["pengembang-permainan"]},
    {"q": ["motion graphics"], "available": ["true"], "kind": ["talent"]},
    {"q": ["pengembang web"], "market": ["international"]},
    {"q": ["musik"], "subsector": ["musik"], "page": ["2"]},
    {"q": ["ilustrator"], "kecamatan": ["kedungkandang"]},
    {"q": ["animator 3d"], "verified": ["true"], "kind": ["talent"]},
    {"q": ["aplikasi kasir"], "sort": ["name"]},
    {"subsector": ["aplikasi"], "kecamatan": ["blimbing"]},
    {"subsector": ["pengembang-permainan"], "available": ["true"], "sort": ["team_size"]},
    {"q": ["branding"], "service": ["branding"], "kecamatan": ["klojen"]},
    {"q": ["penulis konten"], "kind": ["talent"], "page": ["2"]},
]


def query_string(query: dict[str, list[str]]) -> str:
    return urlencode([(k, v) for k, values in query.items() for v in values])


def cycling_lua(lines: list[str], method: str, key: str | None = None) -> str:
    """A wrk script that sends the mix in turn (each thread from its own start)."""
    items = ",\n".join(json.dumps(x) for x in lines)
    head = ""
    if method == "POST":
        head = ('wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["Authorization"] = "Bearer {key}"\n')
    return (f"{head}local items = {{\n{items}\n}}\nlocal i = math.random(#items)\n"
            "request = function()\n  i = i % #items + 1\n"
            + ('  return wrk.format("POST", "/multi-search", nil, items[i])\n' if method == "POST"
               else '  return wrk.format("GET", items[i])\n') + "end\n")
