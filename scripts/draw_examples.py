"""Draw the example pictures of the fictional example records (data/pictures/).

    .venv/bin/python scripts/draw_examples.py

Abstract shapes only (no text, no photograph, nothing of a real organisation), drawn the same
way every time: two logos of example members and a picture of an example event. Run it again
after changing a drawing; the records name the files (`logo:`, `picture:`).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "pictures"
SCALE = 4  # drawn large, then reduced: smooth edges


def _reduced(image: Image.Image) -> Image.Image:
    return image.resize((image.width // SCALE, image.height // SCALE), Image.Resampling.LANCZOS)


def sambrecell_logo() -> Image.Image:
    """Three overlapping cells and a bar, on a transparent background (a PNG with alpha)."""
    s = SCALE
    image = Image.new("RGBA", (640 * s, 240 * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    cells = [((40, 40, 200, 200), (0, 121, 107, 235)), ((120, 20, 260, 160), (63, 81, 181, 220))]
    cells.append(((130, 110, 250, 230), (0, 150, 136, 200)))
    for (x0, y0, x1, y1), colour in cells:
        draw.ellipse((x0 * s, y0 * s, x1 * s, y1 * s), fill=colour)
        inset = (x1 - x0) // 3
        draw.ellipse(
            ((x0 + inset) * s, (y0 + inset) * s, (x1 - inset) * s, (y1 - inset) * s), fill=(255, 255, 255, 150)
        )
    for row, length in enumerate((300, 240, 180)):
        top = 70 + row * 44
        draw.rounded_rectangle(
            (300 * s, top * s, (300 + length) * s, (top + 26) * s), radius=13 * s, fill=(40, 53, 147)
        )
    return _reduced(image)


def scheldt_logo() -> Image.Image:
    """A wave over three bars, opaque (a PNG without transparency)."""
    s = SCALE
    image = Image.new("RGB", (480 * s, 240 * s), (250, 250, 252))
    draw = ImageDraw.Draw(image)
    for index, height in enumerate((90, 140, 190)):
        x = 60 + index * 70
        draw.rectangle((x * s, (210 - height) * s, (x + 44) * s, 210 * s), fill=(21, 101, 192))
    points = [((40 + i * 4) * s, (60 + 22 * ((i % 20) / 10 - 1) ** 2) * s) for i in range(100)]
    draw.line(points, fill=(0, 137, 123), width=14 * s, joint="curve")
    draw.ellipse((300 * s, 70 * s, 420 * s, 190 * s), outline=(21, 101, 192), width=16 * s)
    return _reduced(image)


def talent_day_picture() -> Image.Image:
    """An abstract hall: a gradient, soft lights, and a row of figures before a stage (JPEG)."""
    width, height = 1600, 900
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            gradient.point(lambda v: 30 + v * 40 // 255),
            gradient.point(lambda v: 40 + v * 90 // 255),
            gradient.point(lambda v: 110 + v * 60 // 255),
        ),
    )
    lights = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(lights)
    rng = random.Random(2027)
    for _ in range(40):
        x, y, r = rng.randrange(width), rng.randrange(height // 2), rng.randrange(20, 90)
        tone = rng.choice([(0, 150, 136), (92, 107, 192), (255, 213, 79)])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tone)
    image = Image.blend(image, lights.filter(ImageFilter.GaussianBlur(30)), 0.35)
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 250, 1300, 560), fill=(236, 239, 241))  # the stage's screen
    draw.rectangle((340, 290, 900, 330), fill=(0, 121, 107))
    draw.rectangle((340, 360, 1100, 385), fill=(120, 144, 156))
    draw.rectangle((340, 410, 1000, 435), fill=(120, 144, 156))
    for index in range(13):  # the audience, seen from behind
        x = 70 + index * 120 + rng.randrange(-20, 20)
        tone = rng.choice([(38, 50, 56), (55, 71, 79), (69, 90, 100)])
        draw.ellipse((x, 650, x + 70, 720), fill=tone)
        draw.rounded_rectangle((x - 25, 715, x + 95, 900), radius=40, fill=tone)
    return image


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    sambrecell_logo().save(OUT / "example-sambrecell-logo.png", optimize=True)
    scheldt_logo().save(OUT / "example-scheldt-medtech-logo.png", optimize=True)
    talent_day_picture().save(OUT / "example-atmp-talent-day.jpg", quality=85, optimize=True)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
