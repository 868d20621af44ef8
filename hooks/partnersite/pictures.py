"""Pictures in records: a member's logo, an event's picture (a news post's too).

Staff put the file in `data/pictures/` and name it in the record, with its alt text in every
language:

    logo:
      file: example-sambrecell.png
      alt: {en: ..., fr: ..., nl: ...}

`Picture` is the field type (the shape of the value, the file name, the alt text as `Text`);
it notes each use in the checking context, as `Ref` notes references. Once every record is read,
`check_pictures` opens each named file (never following a symbolic link), judges it by its
content (PNG, JPEG or WebP; not SVG, GIF or anything else, whatever its name says), its size in
bytes and its dimensions (read from its header before any pixel is decoded: no decompression
bomb), decodes it whole (a truncated or damaged file is a message, not a traceback), and reports
every other file of the folder. The checked files are `PictureFile`s of the catalog; making the
published sizes is picture_output.py's work.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .failures import describe_unexpected
from .schema import INVALID, Ctx, Field, Obj, Problem, Str, Text, Type, did_you_mean
from .yamlfile import Mapping, Pos

FOLDER = "pictures"  # data/pictures/
MAX_BYTES = 5 * 1024 * 1024  # a photo as a camera or a phone saves it; more is a mistake
MAX_SIDE = 8000  # pixels, either side
MAX_PIXELS = 40_000_000  # decoded, about 160 MB of memory at most
FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "WEBP": (".webp",)}
SUFFIXES = tuple(suffix for suffixes in FORMATS.values() for suffix in suffixes)
NAME_PATTERN = r"[a-z0-9]+(?:[._-][a-z0-9]+)*"


@dataclass(frozen=True)
class Kind:
    """What a picture is used as: the smallest it may be, the widths published, and the
    `sizes` attribute (how wide it shows on the page) where the template gives none."""

    name: str
    min_width: int
    min_height: int
    widths: tuple[int, ...]
    sizes: str


KINDS = {
    # A logo shows small (a list row, the top of a member's page).
    "logo": Kind("logo", 160, 48, (160, 320, 640), "10rem"),
    # An event's (or a news post's) picture spans the text column.
    "picture": Kind("picture", 640, 320, (320, 640, 1280), "(min-width: 76.25em) 35rem, 100vw"),
}


class PictureValue(dict[str, Any]):
    """A checked picture field, {file, alt}; `kind` says what it is used as (a logo...)."""

    __slots__ = ("kind",)
    kind: str

    def __repr__(self) -> str:  # with its kind (sourcecache.py fingerprints values by repr)
        return f"PictureValue({dict.__repr__(self)}, kind={getattr(self, 'kind', None)!r})"


@dataclass(frozen=True)
class PictureUse:
    """A picture named in a record: checked against its file once every record is read."""

    file: str  # the data file of the record
    at: Pos  # where the picture's file name is written
    path: str  # the field ("logo.file")
    record: str | None
    name: str  # the picture's file name in data/pictures/
    kind: str


class Picture(Type):
    """A picture file in data/pictures/ and its alt text in every language."""

    def __init__(self, kind: str) -> None:
        self.kind = KINDS[kind]
        self.shape = Obj(
            Field("file", Str(hint="the file name of a picture in data/pictures/ (e.g. my-logo.png)")),
            Field("alt", Text(line=True), doc="what the picture shows, for those who cannot see it"),
            what=f"a {kind}: its file in data/pictures/ and its alt text",
        )

    def describe(self, languages: tuple[str, ...]) -> str:
        return self.shape.describe(languages)

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        before = len(ctx.problems)
        checked = self.shape.check(value, at, path, ctx)
        name = value.get("file") if isinstance(value, Mapping) else None
        if isinstance(name, str) and isinstance(value, Mapping) and isinstance(checked, dict):
            name, name_at = name.strip(), value.value_pos["file"]
            if problem := name_problem(name):
                ctx.report(name_at, f"{path}.file", problem)
            else:  # the file is checked even if the alt text has a problem: every problem at once
                ctx.pictures.append(PictureUse(ctx.file, name_at, f"{path}.file", ctx.record, name, self.kind.name))
        if len(ctx.problems) > before or not isinstance(checked, dict):
            return INVALID
        result = PictureValue(checked)
        result.kind = self.kind.name
        return result

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        schema = self.shape.json_schema(languages)
        schema["properties"]["file"]["pattern"] = f"^{NAME_PATTERN}$"
        return schema


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a file of data/pictures/ (None if it can)."""
    where = f"data/{FOLDER}/"
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return f"'{name}' is an absolute path: give the name of a file in {where} (e.g. my-logo.png)"
    parts = re.split(r"[/\\]", name)
    if ".." in parts:
        return f"'{name}' leads out of {where}: give the name of a file in that folder (e.g. my-logo.png)"
    if len(parts) > 1:
        return f"'{name}': sub-folders of {where} are not read; put the picture directly in {where}"
    if not re.fullmatch(NAME_PATTERN, name):
        return f"'{name}' is not a picture file name: lower-case letters, digits, '-', '_' and '.' (e.g. my-logo.png)"
    if posixpath.splitext(name)[1] not in SUFFIXES:
        return f"'{name}': a picture's name ends in {', '.join(SUFFIXES)}"
    return None


@dataclass(frozen=True)
class PictureFile:
    """A checked picture of data/pictures/: as it shows (EXIF orientation applied)."""

    name: str
    path: Path
    digest: str  # SHA-256 of the file's bytes
    format: str  # PNG, JPEG or WEBP
    width: int
    height: int
    alpha: bool  # some pixel is not opaque (its fallback is then a PNG, not a JPEG)


class PictureError(Exception):
    """Why a file cannot be published as a picture, in words for staff."""


def check_pictures(data_dir: Path, uses: list[PictureUse], problems: list[Problem]) -> dict[str, PictureFile]:
    """The pictures the records name, checked; every problem with one of them, or with any
    other file of data/pictures/, goes to `problems`."""
    folder = data_dir / FOLDER
    present = _folder_files(folder, {use.name for use in uses}, problems)
    checked: dict[str, PictureFile] = {}
    failed: set[str] = set()
    for use in uses:
        if use.name in failed:
            continue
        try:
            if use.name not in checked:
                checked[use.name] = read_picture(folder, use.name, present)
            _check_dimensions(checked[use.name], KINDS[use.kind])
        except PictureError as error:
            problems.append(Problem(use.file, *use.at, use.path, str(error), use.record))
            failed.add(use.name)
        except Exception as error:  # ours, not the file's: reported like a mistake, never a traceback
            problems.append(Problem(use.file, *use.at, use.path, describe_unexpected(error), use.record))
            failed.add(use.name)
    return {name: picture for name, picture in checked.items() if name not in failed}


def _folder_files(folder: Path, used: set[str], problems: list[Problem]) -> set[str]:
    """The names of the folder's files; every file no record uses, or that cannot be one, is
    reported (none is left unnoticed)."""
    if not folder.exists() and not folder.is_symlink():
        return set()
    where = f"data/{FOLDER}"
    if folder.is_symlink() or not folder.is_dir():
        problems.append(Problem(where, 1, 1, "", "data/pictures must be a folder (a symbolic link is not read)"))
        return set()
    names = set()
    for path in sorted(folder.iterdir()):
        names.add(path.name)
        if path.name in used or path.name == ".gitkeep":
            continue  # a file a record names is judged where the record names it
        if path.is_symlink():
            problem = "symbolic links are not read: put the picture itself in the folder (or remove the link)"
        elif path.is_dir():
            problem = f"sub-folders are not read: put the pictures directly in {where}/"
        elif path.name.startswith("."):
            problem = "hidden files are not read: remove it, or rename it without the leading dot"
        elif posixpath.splitext(path.name)[1] not in SUFFIXES:
            problem = (
                f"not a picture file: {where}/ holds the PNG, JPEG and WebP pictures that records name"
                f" (files ending in {', '.join(SUFFIXES)}); move or remove this file"
            )
        else:
            problem = (
                "no record uses this picture: name it in a record (logo: or picture:, with file: and alt:) or remove it"
            )
        problems.append(Problem(f"{where}/{path.name}", 1, 1, "", problem))
    return names


def read_picture(folder: Path, name: str, present: set[str]) -> PictureFile:
    """Open and check one picture; `PictureError` says what is wrong with it."""
    path = folder / name
    if path.is_symlink():
        raise PictureError(f"data/{FOLDER}/{name} is a symbolic link (not read): put the picture itself there")
    if name not in present:
        hint = did_you_mean(name, sorted(present))
        raise PictureError(f"there is no file {name} in data/{FOLDER}/{hint} (names are case-sensitive)")
    if not path.is_file():
        raise PictureError(f"data/{FOLDER}/{name} is not a file (a folder?): put the picture itself there")
    data = read_bytes(path)
    return _inspect(name, path, data)


def read_bytes(path: Path) -> bytes:
    """A picture's bytes, opened without following a symbolic link, at most MAX_BYTES."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise PictureError(f"the picture cannot be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise PictureError(
                f"the picture is too large ({size / 1024 / 1024:.1f} MB; at most {MAX_BYTES // 1024 // 1024} MB):"
                " save it smaller (the site makes the sizes it shows)"
            )
        if size == 0:
            raise PictureError("the picture file is empty")
        return file.read(MAX_BYTES + 1)


def sniff(data: bytes) -> str:
    """The format the content says (whatever the file name says): PNG, JPEG, WEBP, or a
    description of what it is instead."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF picture"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in data[:4096].lower() or head.startswith(b"<?xml"):
        return "an SVG drawing (it can carry scripts and links)"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "a TIFF picture"
    if data[4:12] in (b"ftypavif", b"ftypheic", b"ftypmif1"):
        return "an AVIF or HEIC picture"
    try:
        data[:1024].decode("utf-8")
    except UnicodeDecodeError:
        return "not a picture format the site knows"
    return "text"


def _inspect(name: str, path: Path, data: bytes) -> PictureFile:
    fmt = sniff(data)
    if fmt not in FORMATS:
        raise PictureError(f"the file holds {fmt}, not a PNG, JPEG or WebP picture: export it as PNG or JPEG")
    suffix = posixpath.splitext(name)[1]
    if suffix not in FORMATS[fmt]:
        raise PictureError(
            f"the file holds a {fmt} picture but its name ends in {suffix}: rename it to {FORMATS[fmt][0]}"
        )
    digest = hashlib.sha256(data).hexdigest()
    width, height, alpha = _decode(data, fmt, digest)
    return PictureFile(name, path, digest, fmt, width, height, alpha)


# What decoding found, by the file's digest: a `mkdocs serve` session re-checks the data at each
# save, and decodes each picture once.
_DECODED: dict[str, tuple[int, int, bool]] = {}


def _decode(data: bytes, fmt: str, digest: str) -> tuple[int, int, bool]:
    if digest not in _DECODED:
        _DECODED[digest] = _decode_pixels(data, fmt)
    return _DECODED[digest]


def _decode_pixels(data: bytes, fmt: str) -> tuple[int, int, bool]:
    """Width and height as shown (EXIF orientation applied) and transparency, after reading
    the header (refusing a size beyond the limits before decoding) and then every pixel."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise PictureError(
                    f"the picture is {width}×{height} pixels: at most {MAX_SIDE} pixels a side and"
                    f" {MAX_PIXELS // 1_000_000} million pixels; save it smaller"
                )
            if getattr(image, "is_animated", False):
                raise PictureError("animated pictures are not published: save a still picture (PNG, JPEG or WebP)")
            image.load()
            shown = ImageOps.exif_transpose(image)
            return shown.width, shown.height, has_transparency(shown)
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # refused by Pillow's own limit
        raise PictureError(
            f"the picture has far too many pixels: at most {MAX_SIDE} pixels a side and"
            f" {MAX_PIXELS // 1_000_000} million pixels; save it smaller"
        ) from None
    except Exception as error:  # Pillow's many ways of saying a file is damaged: a message
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise PictureError(
            f"the picture is damaged or incomplete and cannot be read ({detail}): export it again"
        ) from None


def has_transparency(image: Any) -> bool:
    """Whether any pixel of a decoded Pillow image is not fully opaque."""
    if image.mode == "P" and "transparency" in image.info or image.mode in ("LA", "La", "PA"):
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "RGBa"):
        return bool(image.getchannel("A").getextrema()[0] < 255)
    return "transparency" in image.info


def _check_dimensions(picture: PictureFile, kind: Kind) -> None:
    if picture.width < kind.min_width or picture.height < kind.min_height:
        raise PictureError(
            f"the picture is {picture.width}×{picture.height} pixels: a {kind.name} needs at least"
            f" {kind.min_width}×{kind.min_height} (it would look blurred)"
        )
