"""The bilingual lexicon as data: concepts (data/lexicon.tsv) and query words
(data/query_words.tsv).

Both files are curated by people, so loading them checks every line and names the file, the line
and the reason of each mistake (LexiconError) rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from directory.taxonomy import KECAMATAN, KINDS, ORG_TYPES, PLATFORMS, ROLES, SERVICES, SUBSECTORS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_FILE = DATA_DIR / "lexicon.tsv"
QUERY_WORDS_FILE = DATA_DIR / "query_words.tsv"

CONCEPT_TYPES = ("offer", "person", "sector", "generic")
CODE_VOCABULARIES = {"service": SERVICES, "role": ROLES, "subsector": SUBSECTORS,
                     "platform": PLATFORMS, "org_type": ORG_TYPES}
FILTER_VOCABULARIES = {"kecamatan": KECAMATAN, "kind": KINDS, "org_type": ORG_TYPES}
SIMPLE_MEANINGS = ("city", "available", "verified", "near_me", "near", "purpose", "filler")
_KEY = re.compile(r"[a-z0-9]+")
_SPLIT = re.compile(r"[^\w&+#']+|_")


class LexiconError(ValueError):
    """A curated data file has a mistake; the message names the file, line and reason."""


def words_of(text: str) -> tuple[str, ...]:
    """The normalised words of a phrase or query: lower case, hyphens, slashes and dots as
    spaces ("E-Learning" → e, learning; "UI/UX" → ui, ux), no possessive ("children's")."""
    words = (w.strip("'") for w in _SPLIT.split(text.casefold()))
    return tuple(w.removesuffix("'s") for w in words if w)


@dataclass(frozen=True)
class Concept:
    key: str
    type: str
    codes: tuple[str, ...]          # "service:game_development", "audience:education"
    phrases: tuple[str, ...]        # every word and phrase, normalised

    @property
    def taxonomy_codes(self) -> tuple[str, ...]:
        return tuple(c for c in self.codes if not c.startswith("audience:"))


@dataclass(frozen=True)
class Meaning:
    """What a query word stands for: filters, flags, a concept, or nothing (filler)."""
    filters: tuple[tuple[str, str], ...] = ()   # (facet, code)
    available: bool = False
    verified: bool = False
    near_me: bool = False
    near: bool = False
    purpose: bool = False
    city: bool = False
    concept: str | None = None
    filler: bool = False


@dataclass
class Lexicon:
    concepts: dict[str, Concept] = field(default_factory=dict)
    # normalised phrase (tuple of words) → concept key / query-word meaning
    concept_phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    query_words: dict[tuple[str, ...], Meaning] = field(default_factory=dict)

    longest: int = 1  # words in the longest phrase

    def synonyms(self) -> dict[str, list[str]]:
        """Meilisearch synonyms: every word or phrase of a concept finds all the others, so a
        query keeps the client's own words (exact matches in their language rank first) and
        still reaches profiles written in the other language."""
        return {phrase: [p for p in c.phrases if p != phrase]
                for c in self.concepts.values() if len(c.phrases) > 1 for phrase in c.phrases}

    def exact_words(self) -> list[str]:
        """Single words the lexicon knows: never typo-corrected into something else
        ("kids" must not become "Kidal")."""
        singles = {p[0] for p in [*self.concept_phrases, *self.query_words] if len(p) == 1}
        return sorted(w for w in singles if len(w) >= 4 and w.isalpha())


def _codes(raw: str, where: str) -> tuple[str, ...]:
    if raw.strip() in ("", "-"):
        return ()
    out = []
    for code in raw.split():
        facet, _, value = code.partition(":")
        if facet == "audience" and _KEY.fullmatch(value):
            out.append(code)
            continue
        vocab = CODE_VOCABULARIES.get(facet)
        if vocab is None or value not in vocab:
            raise LexiconError(f"{where}: unknown code {code!r} (use service:, role:, "
                               f"subsector:, platform:, org_type: with a taxonomy code, or "
                               f"audience:<word>)")
        out.append(code)
    return tuple(out)


def _phrases(raw: str) -> list[tuple[str, ...]]:
    return [words_of(p) for p in raw.split(",") if words_of(p)]


def _rows(path: Path, columns: int) -> list[tuple[str, list[str]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{path.name} line {number}"
        if len(cells) != columns:
            raise LexiconError(f"{where}: {len(cells)} TAB-separated columns, expected "
                               f"{columns}")
        rows.append((where, cells))
    return rows


def parse_lexicon(lexicon_path: Path = LEXICON_FILE,
                  query_words_path: Path = QUERY_WORDS_FILE) -> Lexicon:
    lexicon = Lexicon()
    for where, (key, ctype, codes, id_words, en_words) in _rows(lexicon_path, 5):
        key = key.strip()
        if not _KEY.fullmatch(key):
            raise LexiconError(f"{where}: key {key!r} must be one lower-case word (a-z, 0-9)")
        if key in lexicon.concepts:
            raise LexiconError(f"{where}: concept {key!r} is defined twice")
        if ctype.strip() not in CONCEPT_TYPES:
            raise LexiconError(f"{where}: type {ctype!r} must be one of "
                               f"{', '.join(CONCEPT_TYPES)}")
        phrases = list(dict.fromkeys([*_phrases(id_words), *_phrases(en_words)]))
        if not phrases:
            raise LexiconError(f"{where}: concept {key!r} has no words")
        for phrase in phrases:
            other = lexicon.concept_phrases.get(phrase)
            if other is not None and other != key:
                raise LexiconError(f"{where}: {' '.join(phrase)!r} already belongs to "
                                   f"concept {other!r}")
            lexicon.concept_phrases[phrase] = key
        lexicon.concepts[key] = Concept(key, ctype.strip(), _codes(codes, where),
                                        tuple(" ".join(p) for p in phrases))
    for where, (meanings, words) in _rows(query_words_path, 2):
        meaning = _meaning(meanings, where, lexicon)
        for phrase in _phrases(words):
            if phrase in lexicon.query_words and lexicon.query_words[phrase] != meaning:
                raise LexiconError(f"{where}: {' '.join(phrase)!r} already has another meaning")
            lexicon.query_words[phrase] = meaning
    lexicon.longest = max(map(len, [*lexicon.concept_phrases, *lexicon.query_words]), default=1)
    return lexicon


def _meaning(raw: str, where: str, lexicon: Lexicon) -> Meaning:
    filters: list[tuple[str, str]] = []
    flags: dict[str, bool] = {}
    concept = None
    for part in raw.split():
        facet, _, value = part.partition(":")
        if not value and facet in SIMPLE_MEANINGS:
            flags[facet] = True
        elif facet == "concept" and value in lexicon.concepts:
            concept = value
        elif facet in FILTER_VOCABULARIES and value in FILTER_VOCABULARIES[facet]:
            filters.append((facet, value))
        else:
            raise LexiconError(f"{where}: unknown meaning {part!r} (kecamatan:<code>, "
                               f"kind:<code>, org_type:<code>, concept:<key>, or one of "
                               f"{', '.join(SIMPLE_MEANINGS)})")
    if not (filters or flags or concept):
        raise LexiconError(f"{where}: no meaning given")
    return Meaning(filters=tuple(filters), concept=concept, **flags)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon of the data files (read once per process)."""
    return parse_lexicon()
