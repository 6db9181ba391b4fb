"""The index's own vocabulary, read in one multi-search: facet counts (codes, skills), how many
profiles each lexicon concept finds, and the words a "did you mean" may suggest."""

from __future__ import annotations

import difflib
from typing import Any

from directory.taxonomy import ORG_TYPES, ROLES, SERVICES, SUBSECTORS
from search.understanding.lexicon import Lexicon, words_of
from search.understanding.parse import IndexVocabulary, Understanding, tokenize

# facet name → index attribute, for the counts the vocabulary keeps
COUNTED = {"service": "services", "role": "roles", "subsector": "subsectors",
           "org_type": "org_type", "skill": "skill_keys"}
MIN_SUGGESTED_LENGTH = 4
SIMILARITY = 0.8


# Meilisearch multi-search requests (its JSON): plain dicts.
def vocabulary_requests(index_uid: str, lex: Lexicon
                        ) -> list[dict[str, Any]]:  # Meilisearch requests
    """The facets of the whole index, then one count per concept (its first word finds every
    word of the concept through the engine's synonyms)."""
    requests: list[dict[str, Any]] = [{"indexUid": index_uid, "q": "", "hitsPerPage": 0,
                                       "page": 1, "facets": list(COUNTED.values())}]
    for concept in lex.concepts.values():
        requests.append({"indexUid": index_uid, "q": f"{concept.phrases[0]} ", "hitsPerPage": 0,
                         "page": 1, "matchingStrategy": "all"})
    return requests


def vocabulary_from(results: list[dict[str, Any]], lex: Lexicon) -> IndexVocabulary:
    facets = results[0].get("facetDistribution") or {}
    counts: dict[str, int] = {}
    for name, attr in COUNTED.items():
        for value, n in (facets.get(attr) or {}).items():
            counts[f"{name}:{value}"] = int(n)
    for key, result in zip(lex.concepts, results[1:], strict=True):
        counts[f"concept:{key}"] = int(result.get("totalHits", 0))
    words = {w for phrase in lex.concept_phrases for w in phrase}
    words |= {w for key in counts if key.startswith("skill:") for w in words_of(key[6:])}
    for vocab in (SERVICES, ROLES, SUBSECTORS, ORG_TYPES):
        for term in vocab:
            words.update(words_of(term.id))
            words.update(words_of(term.en))
    return IndexVocabulary(counts=counts, words=frozenset(
        w for w in words if len(w) >= MIN_SUGGESTED_LENGTH and w.isalpha()))


def did_you_mean(understanding: Understanding, vocabulary: IndexVocabulary) -> str | None:
    """The query with each word nobody knows replaced by the closest word the index knows, or
    None when there is nothing close enough to suggest."""
    unknown = {t.source.casefold() for t in understanding.unknown_words}
    candidates = sorted(vocabulary.words)
    changed = False
    out = []
    for token in tokenize(understanding.q):
        word = token.text.casefold().strip("\"'“”‘’()[]{}.,;:!?")
        best = None
        if token.text.casefold() in unknown and len(word) >= MIN_SUGGESTED_LENGTH \
                and word not in vocabulary.words:
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=SIMILARITY)
            best = close[0] if close else None
        out.append(best or token.text)
        changed = changed or best is not None
    return " ".join(out) if changed else None
