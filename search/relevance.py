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
        return (2 ** grade - 1) / math.log2(position + 2)

    dcg = sum(gain(relevant.get(doc, 0), i) for i, doc in enumerate(ranked[:k]))
    ideal = sum(gain(g, i) for i, g in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


async def evaluate(searcher: Searcher, judgments: list[Judgment]) -> list[tuple[Judgment, float,
                                                                                list[str]]]:
    out = []
    for judgment in judgments:
        params = parse_search_params({"q": [judgment.q], **judgment.params, "per_page": [str(K)]})
        result = await searcher.search(params)
        ranked = [f"{h['kind']}-{h['slug']}" for h in result.hits]
        out.append((judgment, ndcg(ranked, judgment.relevant), ranked))
    return out


def mean(scores: list[tuple[Judgment, float, Any]]) -> float:
    return sum(s for _, s, _ in scores) / len(scores) if scores else 0.0


BASELINE_FILTERABLE = ["kind", "subsectors", "services", "roles", "skill_keys", "kecamatan",
                       "org_type", "markets", "communities", "available", "verified"]


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
