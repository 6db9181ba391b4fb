"""The results page as a phone shows it, without JavaScript: the filter drawer, the filters in
force as removable chips, a page past the end, logos on cards, headings in order, the map's
links outside any image role, and no stylesheet rule of the statistics forms on the sidebar."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from PIL import Image

from directory.context import Services
from directory.settings import PROJECT_ROOT
from tests.factories import org
from tests.helpers import load
from tests.web import make_user, org_body


@pytest.fixture
async def dataset(services: Services) -> None:
    await load(services, *[
        org(slug=f"app-{i:02d}", name=f"Aplikasi Nusantara {i:02d}", subsectors=["aplikasi"],
            services=["mobile_app"], kecamatan="lowokwaru" if i % 2 else "klojen")
        for i in range(25)])


pytestmark = pytest.mark.usefixtures("dataset")


async def test_a_page_past_the_end_says_so_and_links_the_last_page(
        client: httpx.AsyncClient) -> None:
    response = await client.get("/cari", params={"service": "mobile_app", "page": "999"})
    assert response.status_code == 404
    text = response.text[response.text.index("<main"):]
    assert "Halaman 999 tidak ada" in text
    assert "Pencarian ini punya 25 hasil di 2 halaman." in text
    last_link = re.search(r'href="\?([^"#]+)#hasil">Ke halaman terakhir \(2\)', text)
    assert last_link and set(last_link.group(1).split("&amp;")) == {"page=2", "service=mobile_app"}
    assert "25 profil" not in text and "Belum ada yang cocok" not in text
    last = await client.get("/cari", params={"service": "mobile_app", "page": "2"})
    assert last.status_code == 200 and "Halaman 2 dari 2" in last.text


async def test_filters_sit_in_a_drawer_and_the_active_ones_are_removable_chips(
        client: httpx.AsyncClient) -> None:
    text = (await client.get("/cari", params={
        "q": "aplikasi", "kecamatan": ["lowokwaru", "klojen"], "available": "true"})).text
    drawer = text.index('<details class="filter-drawer" id="filters">')
    assert drawer < text.index('id="hasil"') < text.index('class="card"')
    assert "urutkan <span class=\"count\">(3)</span></summary>" in text
    chips = text[text.index('class="active-filters"'):]
    chips = chips[:chips.index("</div>")]
    assert "3 filter aktif:" in chips
    # Each chip removes its own value and keeps the rest; "clear all" keeps only the words.
    removes = {frozenset(href.split("&amp;"))
               for href in re.findall(r'<li class="chip">[^<]*<a href="\?([^"#]*)#hasil"', chips)}
    assert removes == {
        frozenset({"q=aplikasi", "kecamatan=klojen", "available=true"}),
        frozenset({"q=aplikasi", "kecamatan=lowokwaru", "available=true"}),
        frozenset({"q=aplikasi", "kecamatan=lowokwaru", "kecamatan=klojen"})}
    assert 'class="clear-all" href="/cari?q=aplikasi#hasil"' in chips
    assert chips.count("Hapus filter “") == 3
    assert "active-filters" not in (await client.get("/cari", params={"q": "aplikasi"})).text


async def test_results_markup_is_accessible_and_free_of_the_stats_form_rule(
        client: httpx.AsyncClient) -> None:
    text = (await client.get("/cari", params={"kecamatan": "klojen"})).text
    assert "aria-pressed" not in text  # not valid on links: the selection is aria-current
    assert re.search(r'href="\?#hasil"[^>]*aria-current="true"', text)
    assert 'role="img"' not in text.split('<figure class="map">')[1].split("</figure>")[0]
    assert 'class="filters"' not in text and 'class="search-filters"' in text
    headings = re.findall(r"<h([1-6])", text[text.index("<main"):])
    assert headings[0] == "1"
    assert all(int(b) - int(a) <= 1 for a, b in zip(headings, headings[1:], strict=False))
    assert 'class="skip" href="#hasil"' in text  # the first tab stop jumps to the results
    css = (PROJECT_ROOT / "directory" / "web" / "static" / "app.css").read_text()
    # The statistics forms' rule is scoped to forms; nothing bare `.filters` styles the sidebar.
    assert re.search(r"(^|[\s,}])\.filters\b", css) is None
    assert "form.filters {" in css


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (20, 110, 80)).save(out, format="PNG")
    return out.getvalue()


async def test_cards_show_the_logo_or_a_placeholder(client: httpx.AsyncClient,
                                                      services: Services) -> None:
    owner = await make_user(services, "owner@studiokopi.example")
    await services.editor.create(owner, "organization", org_body(
        status="published", services=["mobile_app"], subsectors=["aplikasi"]))
    await services.media.store(owner, "organization", "studio-kopi", "logo", _png())
    assert await services.sync.wait_until_applied()
    text = (await client.get("/cari", params={"q": "studio kopi"})).text
    card = text[text.index('<article class="card">'):]
    card = card[:card.index("</article>")]
    logo = re.search(r'<img class="card-logo" src="(/media/[0-9a-f]+)" alt=""', card)
    assert logo is not None and 'href="/organisasi/studio-kopi"' in card
    assert (await client.get(logo.group(1))).status_code == 200  # a public image
    others = (await client.get("/cari", params={"service": "mobile_app", "sort": "name"})).text
    assert '<span class="card-logo placeholder" aria-hidden="true">A</span>' in others
    # the logo travels in the search document: removing it re-indexes the profile
    await services.media.remove("organization", "studio-kopi", "logo")
    assert await services.sync.wait_until_applied()
    text = (await client.get("/cari", params={"q": "studio kopi"})).text
    card = text[text.index('<article class="card">'):]
    assert '<span class="card-logo placeholder" aria-hidden="true">S</span>' in \
        card[:card.index("</article>")]


async def test_without_results_the_skip_link_goes_to_the_content(
        client: httpx.AsyncClient) -> None:
    response = await client.get("/cari", params={"q": "game", "subsector": "gaming"})
    assert response.status_code == 400
    assert 'class="skip" href="#main"' in response.text and "#hasil" not in response.text
