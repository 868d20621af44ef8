"""Pictures as the site publishes them: a few widths, WebP with a JPEG or PNG fallback.

A checked picture (pictures.PictureFile) used as a logo or a picture (pictures.KINDS) is
published in the kind's widths up to its own (never enlarged), each as WebP and as JPEG (PNG
when some pixel is transparent), at `pictures/<digest>-<width>.<ext>` under the site's root:
named by the content, so that the same file used by two records, or in three languages, is one
file, and a changed file gets new addresses (no stale copy in a browser's cache).

`picture_html` writes the `<picture>` element (sources, `srcset`, `sizes`, `width` and `height`
so that nothing moves while it loads, lazy loading below the top of the page) from arithmetic
alone; `write_pictures` makes the files at the end of the build. Each file is made by Pillow
from the source (EXIF orientation applied, colours converted to sRGB, no metadata kept: no
EXIF, GPS or XMP leaves the repository) and kept in a cache folder by the digest of its source
and of the way it is made, so that a rebuild only resizes what changed, and gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .pictures import KINDS, PictureFile, PictureValue, read_bytes

OUTPUT_FOLDER = "pictures"  # under the site's root, shared by every language
CACHE_SETTING = "SITE_PICTURE_CACHE"
DEFAULT_CACHE = ".cache/pictures"  # under the project's root (git-ignored)
# How the files are made: part of every cache key and file name (change it with the settings).
RECIPE = "v1 webp q80 m4; jpeg q82 progressive optimize; png optimize; lanczos; srgb"
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "WEBP": {"quality": 80, "method": 4},  # method 6: 10 s for a logo, 10 % smaller
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}


@dataclass(frozen=True)
class Variant:
    """One published size of a picture: its width and height, and its two files."""

    width: int
    height: int
    webp: str  # path under the site's root
    fallback: str
    source: PictureFile


def variants(picture: PictureFile, kind: str) -> list[Variant]:
    """The sizes published for `picture` used as `kind`: the kind's widths below its own, and
    its own width if it is smaller than the largest (never enlarged)."""
    widths = sorted({w for w in KINDS[kind].widths if w < picture.width} | {min(picture.width, KINDS[kind].widths[-1])})
    stem = f"{OUTPUT_FOLDER}/{_name(picture)}"
    fallback = "png" if picture.alpha else "jpg"
    return [
        Variant(
            w, max(1, round(picture.height * w / picture.width)), f"{stem}-{w}.webp", f"{stem}-{w}.{fallback}", picture
        )
        for w in widths
    ]


def _name(picture: PictureFile) -> str:
    return hashlib.sha256(f"{picture.digest} {RECIPE}".encode()).hexdigest()[:16]


def picture_html(
    value: PictureValue,
    pictures: dict[str, PictureFile],
    alt: str,
    url: Callable[[str], str],
    lazy: bool,
    sizes: str | None = None,
    css_class: str = "",
) -> Markup:
    """The `<picture>` of a logo or picture field; `alt` its text in the page's language, `url`
    the address of a file under the site's root as seen from the page."""
    sizes_of = variants(pictures[value["file"]], value.kind)
    largest = sizes_of[-1]
    srcset = ", ".join(f"{url(v.webp)} {v.width}w" for v in sizes_of)
    fallback = ", ".join(f"{url(v.fallback)} {v.width}w" for v in sizes_of)
    shown = escape(sizes or KINDS[value.kind].sizes)
    kind_type = "image/png" if largest.source.alpha else "image/jpeg"
    loading = ' loading="lazy" decoding="async"' if lazy else ' decoding="async"'
    classes = f"ps-picture ps-picture--{value.kind}" + (f" {css_class}" if css_class else "")
    return Markup(
        f'<picture class="{escape(classes)}">'
        f'<source type="image/webp" srcset="{escape(srcset)}" sizes="{shown}">'
        f'<source type="{kind_type}" srcset="{escape(fallback)}" sizes="{shown}">'
        f'<img src="{escape(url(largest.fallback))}" width="{largest.width}" height="{largest.height}"'
        f' alt="{escape(alt)}"{loading}></picture>'
    )


def used_pictures(records: Any) -> Iterator[PictureValue]:
    """Every picture field in `records` (a catalog's collections, walked whole)."""
    if isinstance(records, PictureValue):
        yield records
    elif isinstance(records, dict):
        for item in records.values():
            yield from used_pictures(item)
    elif isinstance(records, list):
        for item in records:
            yield from used_pictures(item)


def cache_folder(root: Path, environ: Any = os.environ) -> Path | None:
    """Where made files are kept between builds: `SITE_PICTURE_CACHE` (empty: no cache), by
    default .cache/pictures/ in the project."""
    value = environ.get(CACHE_SETTING)
    if value is None:
        return root / DEFAULT_CACHE
    return Path(value) if value.strip() else None


def write_pictures(
    site_dir: Path, fields: list[PictureValue], pictures: dict[str, PictureFile], cache: Path | None
) -> list[str]:
    """Write every size of every picture in `fields` under `site_dir`, each file once; the
    paths written, sorted."""
    wanted = {variant.webp: variant for value in fields for variant in variants(pictures[value["file"]], value.kind)}
    written = []
    for variant in sorted(wanted.values(), key=lambda v: v.webp):
        for path, fmt in ((variant.webp, "WEBP"), (variant.fallback, "PNG" if variant.source.alpha else "JPEG")):
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_made(variant, fmt, cache))
            written.append(path)
    return sorted(written)


def _made(variant: Variant, fmt: str, cache: Path | None) -> bytes:
    key = hashlib.sha256(f"{variant.source.digest} {variant.width} {fmt} {RECIPE}".encode()).hexdigest()
    kept = cache / f"{key}.{fmt.lower()}" if cache else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    source = read_bytes(variant.source.path)
    if hashlib.sha256(source).hexdigest() != variant.source.digest:
        raise RuntimeError(f"data/pictures/{variant.source.name} changed during the build: build again")
    data = render_variant(source, variant, fmt)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, delete=False) as temporary:
            temporary.write(data)
        os.replace(temporary.name, kept)  # never a half-written file in the cache
    return data


def render_variant(data: bytes, variant: Variant, fmt: str) -> bytes:
    """One published file: the source oriented, in sRGB, resized, saved without metadata."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(io.BytesIO(data), formats=[variant.source.format]) as opened:
        image = ImageOps.exif_transpose(opened)
        target = "RGBA" if variant.source.alpha else "RGB"
        profile = image.info.get("icc_profile")
        if profile and image.mode in ("RGB", "RGBA", "CMYK"):
            try:  # the colours as the profile means them, in sRGB (what browsers assume)
                source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
                converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=target)
                image = converted or image
            except ImageCms.PyCMSError:
                pass  # a profile that does not fit the pixels: they are taken as they are
        image = image.convert(target)
        if image.width != variant.width:
            image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        # Saved from pixels alone: Pillow's PNG writer would copy a profile or text chunks
        # kept in `info`; no EXIF, GPS, XMP or comment leaves the repository.
        image.info = {}
        image.save(out, format=fmt, **SAVE_OPTIONS[fmt])
        return out.getvalue()
