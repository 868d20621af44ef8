"""Share images (Open Graph cards), 1200×630 PNG, drawn with Pillow, cached by their content.

Knows nothing of records or pages: a `Card` is the few texts it shows, already in the page's
language (sharecards.py chooses them). The font ships with the project (`fonts/`: DejaVu Sans,
Bitstream Vera licence in fonts/LICENSE); nothing is downloaded. Texts are drawn with Pillow's
basic layout (the same on every machine, with or without libraqm): left to right, as the
site's three languages are written, each text NFC-normalised first so that an accent typed as
a combining mark is drawn as one glyph ("é", "ë", "ç").

An image's name is the hash of everything that makes it (`card_key`): its texts, language and
size, the font files and this module's own source. A `CardCache` keeps drawn images in a folder
(`.cache/share-cards/` beside mkdocs.yml, or `SITE_CARD_CACHE`), so that a rebuild draws only
the cards whose content changed; the built site is the same with or without the cache.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).parent / "fonts"
BOLD, REGULAR = FONTS / "DejaVuSans-Bold.ttf", FONTS / "DejaVuSans.ttf"
CACHE_VARIABLE = "SITE_CARD_CACHE"
CACHE_FOLDER = ".cache/share-cards"

# Colours (contrast with the background, WCAG: title 14:1, subtitle 9:1, label 7:1; the band's
# text 10:1). tests/test_sharecards.py computes them.
BACKGROUND = (26, 35, 126)  # Material's indigo 900, the site's primary colour
TITLE = (255, 255, 255)
SUBTITLE = (197, 202, 233)  # indigo 100
LABEL = (128, 203, 196)  # teal 200
BAND = (0, 77, 64)  # teal 900
BAND_TEXT = (255, 255, 255)

MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
BAND_TOP = HEIGHT - 104
LABEL_TOP, TITLE_TOP = 60, 124
TEXT_BOTTOM = BAND_TOP - 32  # where the title and subtitle must end
TITLE_SIZES = range(68, 31, -4)  # largest first: a long title shrinks, then wraps further
SUBTITLE_SIZES = range(36, 23, -2)
LINE_HEIGHT = 1.2


@dataclass(frozen=True)
class Card:
    """What one share image shows, in reading order, in the language `lang`."""

    lang: str
    label: str  # what the page is: "Job opening", "Événement"...
    title: str
    subtitle: str  # the employer, the date and place...
    brand: str  # the two clusters' names
    tagline: str  # what the partnership is, next to the names


@dataclass(frozen=True)
class Text:
    """One line of text where the card draws it."""

    xy: tuple[int, int]
    text: str
    font: Path
    size: int
    fill: tuple[int, int, int]


@functools.cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _width(text: str, path: Path, size: int) -> float:
    return _font(path, size).getlength(text)


def _split_word(word: str, path: Path, size: int, width: int) -> list[str]:
    """A word too wide for a line, cut into pieces that fit, each but the last with a hyphen."""
    pieces, rest = [], word
    while _width(rest, path, size) > width:
        cut = len(rest) - 1
        while cut > 1 and _width(rest[:cut] + "-", path, size) > width:
            cut -= 1
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    return [*pieces, rest]


def wrap(text: str, path: Path, size: int, width: int) -> list[str]:
    """`text` in lines no wider than `width` at this font size, cut between words (and inside a
    word only where one alone is wider than a line)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        first, *rest = _split_word(word, path, size, width)
        candidate = f"{line} {first}" if line else first
        if line and _width(candidate, path, size) > width:
            lines.append(line)
            candidate = first
        line = candidate
        for piece in rest:  # the pieces of a word wider than a line: one line each
            lines.append(line)
            line = piece
    return [*lines, line] if line else lines


def _ellipsis(line: str, path: Path, size: int, width: int) -> str:
    """The last line that fits, cut short with an ellipsis."""
    while line and _width(line + "…", path, size) > width:
        line = line[:-1].rstrip()
    return line + "…"


def fit(text: str, path: Path, sizes: range, width: int, height: int, max_lines: int = 99) -> tuple[int, list[str]]:
    """The largest size in `sizes` at which `text` fits the box in at most `max_lines` lines;
    at the smallest size, the lines that fit, the last one ellipsised."""
    for size in sizes:
        lines = wrap(text, path, size, width)
        if len(lines) <= max_lines and len(lines) * round(size * LINE_HEIGHT) <= height:
            return size, lines
    size = sizes[-1]
    lines = wrap(text, path, size, width)
    keep = max(1, min(max_lines, height // round(size * LINE_HEIGHT)))
    if len(lines) > keep:
        lines = [*lines[: keep - 1], _ellipsis(lines[keep - 1], path, size, width)]
    return size, lines


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def layout(card: Card) -> list[Text]:
    """Every line the card draws, and where: the label, the title (wrapped, shrunk to fit),
    the subtitle below it (two lines at most), and the clusters' names with the tagline in the
    band at the bottom."""
    return [*_frame_texts(card.label, card.brand, card.tagline), *_own_texts(card.title, card.subtitle)]


@functools.lru_cache(maxsize=64)
def _frame_texts(label: str, brand: str, tagline: str) -> tuple[Text, ...]:
    """The lines the cards of one kind and language share: the label, the names, the tagline."""
    texts = [Text((MARGIN, LABEL_TOP), _fit_line(_normal(label), REGULAR, 30, TEXT_WIDTH), REGULAR, 30, LABEL)]
    brand = _fit_line(_normal(brand), BOLD, 40, TEXT_WIDTH // 2)
    texts.append(Text((MARGIN, BAND_TOP + 30), brand, BOLD, 40, BAND_TEXT))
    left = MARGIN + round(_width(brand, BOLD, 40)) + 32
    size, lines = fit(_normal(tagline), REGULAR, range(26, 17, -2), WIDTH - MARGIN - left, 64, max_lines=2)
    y = BAND_TOP + (104 - len(lines) * round(size * LINE_HEIGHT)) // 2
    for line in lines:
        texts.append(Text((left, y), line, REGULAR, size, BAND_TEXT))
        y += round(size * LINE_HEIGHT)
    return tuple(texts)


def _own_texts(title: str, subtitle: str) -> list[Text]:
    """The lines of one card: its title, then its subtitle."""
    texts = []
    subtitle = _normal(subtitle)
    room = TEXT_BOTTOM - TITLE_TOP - (2 * round(SUBTITLE_SIZES[0] * LINE_HEIGHT) + 24 if subtitle else 0)
    size, lines = fit(_normal(title), BOLD, TITLE_SIZES, TEXT_WIDTH, room)
    y = TITLE_TOP
    for line in lines:
        texts.append(Text((MARGIN, y), line, BOLD, size, TITLE))
        y += round(size * LINE_HEIGHT)
    if subtitle:
        y += 24
        small, lines = fit(subtitle, REGULAR, SUBTITLE_SIZES, TEXT_WIDTH, TEXT_BOTTOM - y, max_lines=2)
        for line in lines:
            texts.append(Text((MARGIN, y), line, REGULAR, small, SUBTITLE))
            y += round(small * LINE_HEIGHT)
    return texts


def _fit_line(text: str, path: Path, size: int, width: int) -> str:
    return text if _width(text, path, size) <= width else _ellipsis(text, path, size, width)


# The card is drawn in a palette of 256 colours, four ranges of 64: from each text's background
# to its colour, the steps of its anti-aliased edges. One byte a pixel instead of three makes
# the PNG three times quicker to write (and smaller) than in RGB; no colour is approximated.
LEVELS = 64
INKS = ((BACKGROUND, TITLE), (BACKGROUND, SUBTITLE), (BACKGROUND, LABEL), (BAND, BAND_TEXT))


@functools.cache
def _palette() -> list[int]:
    return [
        round(ground + (ink - ground) * step / (LEVELS - 1))
        for background, colour in INKS
        for step in range(LEVELS)
        for ground, ink in zip(background, colour, strict=True)
    ]


@functools.cache
def _shades(base: int) -> tuple[int, ...]:
    """Coverage (0 to LEVELS - 1) to the palette indices of a range of colours."""
    return tuple(base + min(level, LEVELS - 1) for level in range(256))


_OPAQUE = (0, *[255] * 255)  # where a text covers the background at all (a mask of 0 or 255)


def _ink(text: Text) -> int:
    """The first palette index of the text's range of colours."""
    if text.xy[1] >= BAND_TOP:
        return 3 * LEVELS
    return LEVELS * [TITLE, SUBTITLE, LABEL].index(text.fill)


def _paint(canvas: Image.Image, texts: Iterable[Text]) -> None:
    for text in texts:
        font = _font(text.font, text.size)
        right, bottom = (int(edge) for edge in font.getbbox(text.text)[2:])
        coverage = Image.new("L", (max(1, right), max(1, bottom)), 0)
        ImageDraw.Draw(coverage).text((0, 0), text.text, font=font, fill=LEVELS - 1)
        canvas.paste(coverage.point(_shades(_ink(text))), text.xy, coverage.point(_OPAQUE))


@functools.lru_cache(maxsize=16)
def _frame(label: str, brand: str, tagline: str) -> Image.Image:
    """What the cards of one kind and language share, drawn once (in palette indices)."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)  # 0: the background
    pen = ImageDraw.Draw(canvas)
    pen.rectangle((0, BAND_TOP, WIDTH, HEIGHT), fill=3 * LEVELS)
    pen.rectangle((MARGIN, LABEL_TOP - 20, MARGIN + 96, LABEL_TOP - 14), fill=3 * LEVELS - 1)
    _paint(canvas, _frame_texts(label, brand, tagline))
    return canvas


def draw(card: Card) -> bytes:
    """The card as PNG bytes (the same bytes for the same card, on any run)."""
    canvas = _frame(card.label, card.brand, card.tagline).copy()
    _paint(canvas, _own_texts(card.title, card.subtitle))
    canvas.putpalette(_palette())  # the indices become colours: a "P" image
    output = io.BytesIO()
    canvas.save(output, "PNG", optimize=False, compress_level=3)  # 6 doubles the time, for 20 % less
    return output.getvalue()


@functools.cache
def _drawing_digest() -> str:
    """What, besides a card's texts, decides how it looks: the fonts and this module's code."""
    digest = hashlib.sha256()
    for path in (BOLD, REGULAR, Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def card_key(card: Card) -> str:
    """The name of a card's image: a hash of everything drawn, and of how."""
    content = json.dumps([asdict(card), WIDTH, HEIGHT, _drawing_digest()], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:24]


def cache_folder(root: Path) -> Path:
    """Where drawn cards are kept: `SITE_CARD_CACHE` if set (CI, bench), else
    `.cache/share-cards/` beside mkdocs.yml (git-ignored)."""
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured) if configured else root / CACHE_FOLDER


class CardCache:
    """Drawn cards in a folder, by key: each is drawn once, whatever the number of builds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drawn = 0  # this process's figures, for the build's log and the bench
        self.reused = 0

    def image(self, card: Card) -> Path:
        """The card's PNG file, drawn now if it is not in the cache yet."""
        path = self.folder / f"{card_key(card)}.png"
        if path.is_file():
            self.reused += 1
            return path
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.part")
        partial.write_bytes(draw(card))
        os.replace(partial, path)  # whole or not there, even if two builds share the folder
        self.drawn += 1
        return path
