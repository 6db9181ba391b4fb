"""A client's query → what to search for and how: pure functions over the lexicon.

"looking for a flutter developer available in Lowokwaru" becomes the text `flutter developer`
(concepts as lexicon keys, the engine's synonyms reach every language's words), the filters
`kecamatan=lowokwaru` and `available`, and chips that say so — each chip knows the query
without its words, so a person can take it back.

The text is ordered for Meilisearch's `matchingStrategy: last`, which drops words from the end
when nothing matches them all: the most informative terms go first (what is made — a service, a
role, a skill the index knows — rarest first), then whom it is for (a sector), then weak words
(developer, design), then words nobody knows. The order never depends on the order the person
typed, so "flutter developer" and "developer flutter" find the same profiles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from search.shapes import Understood
from search.understanding.lexicon import Lexicon, Meaning, lexicon, words_of

_TOKEN = re.compile(r"\S+")
_GROUPS = {"offer": 0, "person": 0, "sector": 1, "generic": 2}
SKILL_GROUP, UNKNOWN_GROUP = 0, 3
NO_COUNT = 1 << 40


@dataclass(frozen=True)
class IndexVocabulary:
    """What the index holds: profiles per taxonomy code ("service:mobile_app"), per skill
    ("skill:flutter") and per lexicon concept ("concept:edukasi"), and the words it knows
    (for "did you mean")."""
    counts: Mapping[str, int] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

    @cached_property
    def skills(self) -> dict[tuple[str, ...], str]:
        return {words_of(key[6:]): key[6:] for key in self.counts if key.startswith("skill:")}

    def count(self, key: str, codes: tuple[str, ...]) -> int:
        """Profiles a concept finds: measured for the concept when the index was read, else
        the sum of its taxonomy codes' counts, else unknown."""
        if f"concept:{key}" in self.counts:
            return self.counts[f"concept:{key}"]
        known = [self.counts[c] for c in codes if c in self.counts]
        return sum(known) if known else NO_COUNT


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    words: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """One term of the engine's text: a concept key, a skill the index knows, or a word."""
    text: str
    group: int
    count: int
    position: int
    concept: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Chip:
    """A filter read from the query's words; `without` is the query without them."""
    facet: str               # kecamatan, kind, org_type, available, verified
    value: str
    source: str
    without: str


@dataclass(frozen=True)
class Understanding:
    q: str
    terms: tuple[Term, ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    available: bool = False
    verified: bool = False
    near_me: bool = False
    chips: tuple[Chip, ...] = ()
    ignored: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The text for the engine, most informative first; terms the index does not hold at
        all go last, so they are the first to be dropped."""
        # Without an offer the lexicon knows, the unknown words are likely what is wanted
        # ("data scientist for sales"): they go before the sectors.
        unknown = UNKNOWN_GROUP if any(t.group == 0 for t in self.terms) else 0.5
        ordered = sorted(self.terms, key=lambda t: (t.count == 0, t.group, t.count, t.text)
                         if t.group < UNKNOWN_GROUP else (False, unknown, 0, f"{t.position:04}"))
        return " ".join(t.text for t in ordered)

    @property
    def concepts(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.concept)

    @property
    def unknown_words(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.group == UNKNOWN_GROUP)

    @property
    def changed(self) -> bool:
        """Whether understanding did more than pass the words on."""
        return bool(self.filters or self.available or self.verified or self.concepts
                    or self.ignored)

    def to_api(self) -> Understood:
        return {
            "q": self.q,
            "text": self.text,
            "concepts": [{"key": t.concept, "source": t.source,
                          "codes": list(lexicon().concepts[t.concept].taxonomy_codes)}
                         for t in self.concepts
                         if t.concept is not None and t.concept in lexicon().concepts],
            "filters": {k: list(v) for k, v in self.filters.items()},
            "available": self.available,
            "verified": self.verified,
            "near_me": self.near_me,
            "chips": [{"facet": c.facet, "value": c.value, "source": c.source,
                       "without": c.without} for c in self.chips],
            "ignored": list(self.ignored),
        }


def tokenize(q: str) -> list[Token]:
    out = []
    for match in _TOKEN.finditer(q):
        words = words_of(match.group())
        if words:
            out.append(Token(match.group(), match.start(), match.end(), words))
    return out


def _match(tokens: list[Token], i: int, lex: Lexicon,
           skills: Mapping[tuple[str, ...], str]) -> tuple[int, str, Any]:
    """The longest phrase starting at token i: (tokens used, kind, meaning); a concept's
    meaning is its key and the lexicon's form of the words ("animating" → "animate")."""
    for n in range(min(len(tokens) - i, lex.longest + 1), 0, -1):
        words = tuple(w for t in tokens[i:i + n] for w in t.words)
        meaning = lex.query_words.get(words)
        if meaning is not None:
            return n, "query_word", meaning
        # a concept: (key, the phrase as the lexicon lists it, which the engine's synonyms know)
        for form in (words, *variants(words)):
            if form in lex.concept_phrases:
                return n, "concept", (lex.concept_phrases[form], " ".join(form))
        skill = skills.get(words)
        if skill is not None:
            return n, "skill", skill
    return 1, "word", None


_PLURAL_KEEP = ("ss", "us", "is")
# Indonesian enclitics and the colloquial (Javanese/Jakarta) suffix -in: "aplikasinya",
# "desainku", "animasiin" ("animate it").
_ID_SUFFIXES = ("nya", "ku", "mu", "in")


def variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Forms of a phrase's last word the lexicon may list instead, most likely first: an
    English plural ("studios", "animators"), -ing/-ed ("animating", "animated" → "animate";
    "modelling" → "model"), -er ("modeller" → "model"), and an Indonesian enclitic or the
    colloquial -in. Only used when the phrase itself is unknown, and only a form the lexicon
    lists counts, so an unrelated word never becomes a concept."""
    if not words:
        return []
    head, last = words[:-1], words[-1]
    stems: list[str] = []
    if len(last) > 3 and last.endswith("s") and not last.endswith(_PLURAL_KEEP):
        stems.append(last[:-1])
    for suffix in ("ing", "ed", "er", "ers"):
        stem = last[:-len(suffix)]
        if last.endswith(suffix) and len(stem) >= 4:
            stems += [stem, f"{stem}e"]
            if stem[-1] == stem[-2]:  # modelling, planned
                stems.append(stem[:-1])
    for suffix in _ID_SUFFIXES:
        stem = last[:-len(suffix)]
        if last.endswith(suffix) and len(stem) >= 4:
            stems.append(stem)
    return [(*head, stem) for stem in dict.fromkeys(stems) if stem != last]


def _without(q: str, tokens: list[Token]) -> str:
    kept, cursor = [], 0
    for token in sorted(tokens, key=lambda t: t.start):
        kept.append(q[cursor:token.start])
        cursor = token.end
    kept.append(q[cursor:])
    return " ".join("".join(kept).split())


def understand(q: str, vocabulary: IndexVocabulary | None = None,
               lex: Lexicon | None = None, names: frozenset[str] = frozenset()
               ) -> Understanding:
    """Read a query: filters and flags out of the text, concepts in the person's words, filler
    dropped. `names`: words of a profile's name the query spells out ("Dinoyo Game Studio"):
    there they are a name, not a place, a kind of firm or filler. Pure: the same arguments
    always give the same answer."""
    lex = lex or lexicon()
    vocabulary = vocabulary or IndexVocabulary()
    skills = vocabulary.skills
    tokens = tokenize(q)
    terms: dict[str, Term] = {}
    filters: dict[str, list[str]] = {}
    flag_tokens: dict[tuple[str, str], list[Token]] = {}
    ignored: list[str] = []
    near_me = False
    pending_near: list[Token] = []  # a preposition of place goes with the place after it
    context = False  # after "for"/"untuk" following what was asked: the rest is context
    i = 0
    while i < len(tokens):
        n, kind, meaning = _match(tokens, i, lex, skills)
        used = tokens[i:i + n]
        source = " ".join(t.text for t in used)
        i += n
        place = kind == "query_word" and (meaning.filters or meaning.city or meaning.near)
        if pending_near and not place:  # "in" before no place: just a dropped word
            ignored.extend(t.text for t in pending_near)
            pending_near = []
        if kind == "query_word" and names and all(w in names for t in used for w in t.words):
            ignored.extend(t.text for t in pending_near)
            kind, pending_near = "name", []
            for token in used:
                terms.setdefault(token.text.casefold(), Term(
                    token.text, UNKNOWN_GROUP, NO_COUNT, i, source=token.text))
            continue
        if kind == "query_word":
            assert isinstance(meaning, Meaning)
            if meaning.near:
                pending_near = [*pending_near, *used]
                continue
            if meaning.purpose:
                context = any(t.group == 0 for t in terms.values())
                ignored.append(source)
                continue
            if context and meaning.filters and not meaning.concept and all(
                    facet in ("org_type", "kind") for facet, _ in meaning.filters):
                ignored.extend([*(t.text for t in pending_near), source])
                pending_near = []  # "an incubator for startups": an audience, not a filter
                continue
            owned = [*pending_near, *used]
            if meaning.city:
                source = " ".join(t.text for t in owned)
            pending_near = []
            for facet, code in meaning.filters:
                if code not in filters.setdefault(facet, []):
                    filters[facet].append(code)
                flag_tokens.setdefault((facet, code), []).extend(owned)
            if meaning.available:
                flag_tokens.setdefault(("available", "true"), []).extend(used)
            if meaning.verified:
                flag_tokens.setdefault(("verified", "true"), []).extend(used)
            near_me = near_me or meaning.near_me
            if meaning.concept:
                _add_concept(terms, lex, vocabulary, meaning.concept, source, i,
                             lex.concepts[meaning.concept].phrases[0])
            if meaning.filler or meaning.city or meaning.near_me:
                ignored.append(source)
            continue
        pending_near = []
        if context and kind in ("concept", "skill") and (
                kind == "skill" or _GROUPS[lex.concepts[meaning[0]].type] == 0):
            ignored.append(source)  # "a QA tester for our android app": context only
            continue
        if kind == "concept":
            _add_concept(terms, lex, vocabulary, meaning[0], source, i, meaning[1])
        elif kind == "skill":
            text = meaning if " " not in meaning else f'"{meaning}"'
            terms.setdefault(text, Term(text, SKILL_GROUP,
                                        vocabulary.counts.get(f"skill:{meaning}", NO_COUNT), i,
                                        source=source))
        else:
            word = used[0].text.strip("\"'“”‘’()[]{}.,;:!?")
            if word and word.casefold() not in terms:
                terms[word.casefold()] = Term(word, UNKNOWN_GROUP, NO_COUNT, i, source=source)
    ignored.extend(t.text for t in pending_near)
    _org_type_as_audience(terms, lex, filters, flag_tokens, ignored)
    chips = tuple(
        Chip(facet, code, " ".join(t.text for t in sorted(toks, key=lambda t: t.start)),
             _without(q, toks))
        for (facet, code), toks in flag_tokens.items())
    return Understanding(
        q=q, terms=tuple(terms.values()),
        filters={facet: tuple(codes) for facet, codes in filters.items()},
        available=("available", "true") in flag_tokens,
        verified=("verified", "true") in flag_tokens,
        near_me=near_me, chips=chips, ignored=tuple(ignored))


def _add_concept(terms: dict[str, Term], lex: Lexicon, vocabulary: IndexVocabulary, key: str,
                 source: str, position: int, phrase: str) -> None:
    """A concept is searched in the words the person used (normalised: "E-Learning" →
    "e learning"); the engine's synonyms reach the concept's other words. Once per concept."""
    concept = lex.concepts[key]
    if key in terms:
        return
    terms[key] = Term(phrase, _GROUPS[concept.type],
                      vocabulary.count(key, concept.taxonomy_codes),
                      position, concept=key, source=source)


def _org_type_as_audience(terms: dict[str, Term], lex: Lexicon, filters: dict[str, list[str]],
                          flag_tokens: dict[tuple[str, str], list[Token]],
                          ignored: list[str]) -> None:
    """A kind of organization asked for by name (an incubator, a community, a campus) makes
    another kind in the words its audience, not a filter: "startup incubator", "komunitas
    startup" ask for an incubator or a community of startups, never for startups only."""
    asked = {code.partition(":")[2] for t in terms.values() if t.concept
             for code in lex.concepts[t.concept].codes if code.startswith("org_type:")}
    chosen = filters.get("org_type", [])
    if not asked or not chosen or asked & set(chosen):
        return
    for code in filters.pop("org_type"):
        ignored.extend(t.text for t in flag_tokens.pop(("org_type", code), []))
