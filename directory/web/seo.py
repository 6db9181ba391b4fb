"""What search engines and link previews read on a page: the address of the page in each language,
its title and description, the preview image, and its structured data (JSON-LD).

Language in the address: Bahasa Indonesia, the default, lives at the plain address and English at
the same address with `?lang=en`. That is the parameter the request language already reads
(`web/common.py`) and that the switcher already sets (and remembers in the `lang` cookie), so no
route changes: every page gets a crawlable English address for free. The canonical address of a
page is the one of the language it is shown in; `x-default` is the plain address.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from directory.i18n import DEFAULT_LANGUAGE, LANGUAGES
from directory.i18n import gettext as _
from directory.profiles.linked_data import SCHEMA, shorten

OG_LOCALES = {"id": "id_ID", "en": "en_US"}
Query = Iterable[tuple[str, str]]


def page_url(base_url: str, path: str, query: Query = (), lang: str = DEFAULT_LANGUAGE) -> str:
    """The absolute address of a page in a language (`?lang=en` for English)."""
    pairs = [(k, v) for k, v in query if k != "lang" and v != ""]
    if lang != DEFAULT_LANGUAGE:
        pairs.append(("lang", lang))
    return base_url + path + ("?" + urlencode(pairs) if pairs else "")


def alternates(base_url: str, path: str, query: Query = ()) -> dict[str, str]:
    """hreflang → address: each language, and x-default (the plain, Indonesian address)."""
    pairs = list(query)
    out = {lang: page_url(base_url, path, pairs, lang) for lang in LANGUAGES}
    out["x-default"] = out[DEFAULT_LANGUAGE]
    return out


@dataclass
class PageMeta:
    """Per-page metadata. `query` lists the parameters that are part of the page's address
    (filters of a results page); any others (notices, `lang`) are not."""

    title: str
    description: str
    query: list[tuple[str, str]] = field(default_factory=list)
    image: str | None = None  # absolute URL of the preview image
    image_alt: str = ""
    large_image: bool = False  # a 1200×630 card rather than a square logo
    og_type: str = "website"
    robots: str | None = None  # e.g. "noindex, follow" for free-text results
    json_ld: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.description = shorten(self.description)

    def json_ld_script(self) -> Markup:
        """The structured data as one script element, safe inside HTML (`<`, `>`, `&` escaped
        the JSON way, so a profile's text cannot close the element)."""
        if not self.json_ld:
            return Markup("")
        data: Any = self.json_ld[0] if len(self.json_ld) == 1 else {
            "@context": SCHEMA, "@graph": [_without_context(d) for d in self.json_ld]}
        text = (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
        return Markup(f'<script type="application/ld+json">{text}</script>')


def _without_context(data: dict[str, Any]) -> dict[str, Any]:  # JSON-LD
    return {k: v for k, v in data.items() if k != "@context"}


def breadcrumbs(*steps: tuple[str, str]) -> dict[str, Any]:  # JSON-LD (BreadcrumbList)
    """A BreadcrumbList from (name, absolute URL) steps."""
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(steps, start=1)]}


def item_list(base_url: str, hits: list[dict[str, Any]], lang: str, first: int = 1,
              total: int | None = None) -> dict[str, Any]:  # JSON-LD (ItemList)
    """A results page as an ItemList of the profiles it shows (public hits only)."""
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": "ItemList", "itemListOrder": SCHEMA + "/ItemListUnordered",
        "itemListElement": [
            {"@type": "ListItem", "position": first + n, "name": hit["name"],
             "url": page_url(base_url, hit["url"], (), lang)}
            for n, hit in enumerate(hits)]}
    if total is not None:
        data["numberOfItems"] = total
    return data


def home_crumb(base_url: str, lang: str) -> tuple[str, str]:
    return _("Direktori Kreatif Malang"), page_url(base_url, "/", (), lang)


def og_locales(lang: str) -> tuple[str, list[str]]:
    return OG_LOCALES[lang], [OG_LOCALES[code] for code in LANGUAGES if code != lang]
