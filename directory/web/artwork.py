"""Images drawn by the directory itself: the app icon (favicon, touch icon, manifest icons), the
link-preview card of a profile without a logo (name, subsectors, kecamatan), and the verified
badge (SVG). Pillow work is synchronous: callers run it off the event loop (`asyncio.to_thread`)
or cache it (icons never change)."""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

BRAND = "#0b6e4f"
ACCENT = "#f2a541"
INK = "#1d2330"
MUTED = "#5b6475"
LAPSED = "#8a4b08"
NONE = "#5b6475"
CARD_SIZE = (1200, 630)
ICON_SIZES = (192, 512)

ICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    f'<rect width="64" height="64" rx="14" fill="{ACCENT}"/>'
    f'<path d="M14 48V16h7l11 17 11-17h7v32h-7V28L32 44 21 28v20z" fill="{INK}"/></svg>\n')


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def _icon_image(size: int) -> Image.Image:
    """The brand mark: a dark M on the accent colour, in a rounded square."""
    scale = size / 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=round(14 * scale), fill=ACCENT)
    points = [(14, 48), (14, 16), (21, 16), (32, 33), (43, 16), (50, 16), (50, 48), (43, 48),
              (43, 28), (32, 44), (21, 28), (21, 48)]
    draw.polygon([(x * scale, y * scale) for x, y in points], fill=INK)
    return image


@lru_cache(maxsize=len(ICON_SIZES) + 2)
def icon_png(size: int) -> bytes:
    out = io.BytesIO()
    _icon_image(size).save(out, "PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=1)
def favicon_ico() -> bytes:
    out = io.BytesIO()
    _icon_image(64).save(out, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> tuple[str, int]:
    """The text in the largest font from `size` down that fits `width`, cut with … if even the
    smallest does not."""
    for candidate in range(size, 27, -4):
        if draw.textlength(text, font=_font(candidate)) <= width:
            return text, candidate
    while len(text) > 1 and draw.textlength(text + "…", font=_font(28)) > width:
        text = text[:-1]
    return text.rstrip() + "…", 28


def card_png(name: str, subsectors: str, place: str, site: str) -> bytes:
    """A 1200×630 preview card: the profile's name, its subsectors and its kecamatan."""
    image = Image.new("RGB", CARD_SIZE, "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, CARD_SIZE[0], 24), fill=BRAND)
    image.paste(_icon_image(96), (72, 84), _icon_image(96))
    draw.text((190, 108), site, font=_font(36), fill=MUTED)
    text, size = _fit(draw, name, 84, CARD_SIZE[0] - 144)
    draw.text((72, 250), text, font=_font(size), fill=INK)
    line, small = _fit(draw, subsectors, 44, CARD_SIZE[0] - 144)
    draw.text((72, 380), line, font=_font(small), fill=BRAND)
    draw.text((72, 460), place, font=_font(40), fill=MUTED)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def badge_svg(state: str, title: str, detail: str, label: str) -> str:
    """The embeddable badge: a coloured mark and two lines of text; `state` is verified, lapsed
    or none. Text is escaped (it contains a profile's name)."""
    colour = {"verified": BRAND, "lapsed": LAPSED}.get(state, NONE)
    mark = "✓" if state == "verified" else ("!" if state == "lapsed" else "–")
    width = max(220, round(72 + max(8 * len(title), 6.4 * len(detail))))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="56" '
        f'viewBox="0 0 {width} 56" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}">'
        f"<title>{escape(label)}</title>"
        f'<rect width="{width}" height="56" rx="8" fill="#fff" stroke="{colour}" '
        'stroke-width="2"/>'
        f'<rect x="1" y="1" width="48" height="54" rx="7" fill="{colour}"/>'
        f'<text x="25" y="37" font-size="26" text-anchor="middle" fill="#fff" '
        f'font-family="Verdana,DejaVu Sans,sans-serif">{mark}</text>'
        f'<text x="60" y="24" font-size="13" font-weight="bold" fill="{colour}" '
        f'font-family="Verdana,DejaVu Sans,sans-serif">{escape(title)}</text>'
        f'<text x="60" y="43" font-size="11" fill="{INK}" '
        f'font-family="Verdana,DejaVu Sans,sans-serif">{escape(detail)}</text></svg>\n')
