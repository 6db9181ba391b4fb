"""Relevance suite: judged queries over the seed data, scored with nDCG@10.

Judgments live in `search/data/judgments.jsonl`, one query a line:
`{"q": "...", "params": {"kind": ["talent"]}, "relevant": {"organization-slug": 2, ...}}`
(grade 2 = what the person wanted, 1 = acceptable). `directory relevance` prints the scores.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.index_settings import DATA_DIR
from search.query import parse_search_params
from search.searcher import Searcher

JUDGMENTS = DATA_DIR / "judgments.jsonl"
# The held-out set: 30 profiles and their judged queries written by hand, independently of the
# seed generator and of the lexicon, scored on those profiles alone (`directory relevance
# --set heldout`, tests/test_relevance_heldout.py). It says how the search does on words it was
# not tuned on; never add a lexicon entry for one of its query strings.
HELDOUT_DIR = DATA_DIR / "heldout"
HELDOUT_JUDGMENTS = HELDOUT_DIR / "judgments.jsonl"
HELDOUT_PROFILES = HELDOUT_DIR / "profiles.jsonl"
K = 10


@dataclass(frozen=True)
class Judgment:
    q: str
    params: dict[str, list[str]]
    relevant: dict[str, int]
    note: str = ""


def load_judgments(path: Path = JUDGMENTS) -> list[Judgment]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [Judgment(r["q"], r.get("params", {}), r["relevant"], r.get("note", "")) for r in rows]


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    def gain(grade: int, position: int) -> float:
        return float(2 ** grade - 1) / math.log2(position + 2)

    dcg = sum(gain(relevant.get(doc, 0), i) for i, doc in enumerate(ranked[:k]))
    ideal = sum(gain(g, i) for i, g in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


Scores = list[tuple[Judgment, float, list[str]]]


async def evaluate(searcher: Searcher, judgments: list[Judgment], *, raw: bool = False,
                   zero: list[Judgment] | None = None) -> Scores:
    """nDCG@10 of what a person sees for each judged query: the hits, or the relaxed hits when
    nothing matched (labelled as such on the page). `raw`: the text as typed, no
    understanding (the baseline). Queries that matched nothing are appended to `zero`."""
    out = []
    for judgment in judgments:
        query = {"q": [judgment.q], **judgment.params, "per_page": [str(K)]}
        if raw:
            query["raw"] = ["true"]
        result = await searcher.search(parse_search_params(query))
        if result.total == 0 and zero is not None:
            zero.append(judgment)
        ranked = [f"{h['kind']}-{h['slug']}" for h in result.shown]
        out.append((judgment, ndcg(ranked, judgment.relevant), ranked))
    return out


def mean(scores: list[tuple[Judgment, float, Any]]) -> float:
    return sum(s for _, s, _ in scores) / len(scores) if scores else 0.0


def report(scores: Scores, zero: list[Judgment], verbose: bool = False) -> list[str]:
    """The lines `directory relevance` prints: one per query, then the means."""
    lines = []
    for judgment, score, ranked in scores:
        filters = " ".join(f"{k}={','.join(v)}" for k, v in judgment.params.items())
        lines.append(f"{score:5.3f}  {judgment.q!r} {filters}".rstrip()
                     + ("  [no match]" if judgment in zero else ""))
        if verbose and score < 1:
            lines.append(f"       got:    {', '.join(ranked[:5])}")
            wanted = sorted(judgment.relevant, key=lambda key: -judgment.relevant[key])
            lines.append(f"       wanted: {', '.join(wanted[:8])}")
    english = [s for j, s, _ in scores if j.note.startswith("client en")]
    lines.append(f"queries: {len(scores)} ({len(english)} in plain client English)")
    lines.append(f"zero-result rate = {len(zero) / len(scores) if scores else 0:.3f} "
                 f"({len(zero)} of {len(scores)} matched nothing)")
    if english:
        lines.append(f"mean nDCG@10 (client English) = {sum(english) / len(english):.3f}")
    lines.append(f"mean nDCG@10 = {mean(scores):.3f}")
    return lines


BASELINE_FILTERABLE = ["kind", "subsectors", "services", "roles", "skill_keys", "kecamatan",
                       "org_type", "markets", "communities", "available", "verified"]


# Meilisearch documents (its JSON): plain dicts.
def baseline_document(search_doc: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """Plain Meilisearch on raw fields: the stored profile's public text and codes as they are
    (no labels, aliases, synonyms or tuned settings); only the filter attributes are kept so the
    same judged queries can run."""
    keep = ("name", "headline", "description", "skills", "subsectors", "services", "roles",
            "kecamatan", "org_type", "markets", "communities")
    doc = {k: raw[k] for k in keep if raw.get(k) not in (None, [])}
    doc.update({k: search_doc[k] for k in ("id", "kind", "slug", "url", "skill_keys",
                                           "available", "verified") if k in search_doc})
    return doc
