"""A result card's highlights and snippet, in the reader's language (pure functions).

The engine crops and highlights the main `description` and each translation's description
(`translations.<lang>.description`), and highlights the translations' headlines, in the same
answer (search/query.py): no extra query. `marks` keeps what a card may show; `snippet` picks,
for a reader, the text in the reader's language — the profile page's rule: the owners'
translation into that language, else the main text — when the words matched there, else the
version the words matched (so the card still says why the profile was found).
"""

from __future__ import annotations

from typing import Any

from directory.i18n import LANGUAGES
from search.query import HIGHLIGHT_PRE


def _matched(text: Any) -> bool:
    return isinstance(text, str) and HIGHLIGHT_PRE in text


# Meilisearch's `_formatted` (its JSON): a plain dict.
def marks(formatted: dict[str, Any], *, words: bool) -> dict[str, str]:
    """`name` and `headline` as highlighted; `headline:<lang>` for a translation's headline the
    words matched; with words in the query, `snippet` (the main description) and
    `snippet:<lang>` (a translation's) where the words matched — only then does a snippet say
    why the profile was found."""
    out = {k: formatted[k] for k in ("name", "headline") if formatted.get(k)}
    translations = formatted.get("translations")
    versions = translations if isinstance(translations, dict) else {}
    for lang, texts in versions.items():
        if isinstance(texts, dict) and _matched(texts.get("headline")):
            out[f"headline:{lang}"] = texts["headline"]
    if words:
        if _matched(formatted.get("description")):
            out["snippet"] = formatted["description"]
        for lang, texts in versions.items():
            if isinstance(texts, dict) and _matched(texts.get("description")):
                out[f"snippet:{lang}"] = texts["description"]
    return out


def snippet(marks: dict[str, str], own: bool, lang: str) -> str | None:
    """The snippet a reader of `lang` sees. `own`: the profile has a description of its own
    in `lang` (a translation), read before its main text, as on the profile page."""
    preferred = f"snippet:{lang}" if own else "snippet"
    if preferred in marks:
        return marks[preferred]
    others = ["snippet", *(f"snippet:{other}" for other in LANGUAGES if other != lang)]
    return next((marks[key] for key in others if key in marks), None)
