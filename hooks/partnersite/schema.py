"""The small type language in which every data collection is described.

Each type checks a value loaded by `yamlfile`, reports problems with their position and the
dotted path of the field, and returns the value in the form the renderer uses (translated
texts as `{lang: text}` dicts). Every message says what is allowed, for staff who are not
developers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from .markup import EMAIL, WEB_SCHEMES, addresses_in, link_problem
from .yamlfile import Mapping, Pos, Sequence


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""Returned by a check that reported a problem; never reaches a page."""


@dataclass(frozen=True)
class Problem:
    """One mistake in one data file."""

    file: str
    line: int
    column: int
    field: str
    message: str
    record: str | None = None

    def __str__(self) -> str:
        where = f" [{self.record}]" if self.record else ""
        return f"{self.file}:{self.line}:{self.column}: {self.field or '(file)'}: {self.message}{where}"


@dataclass(frozen=True)
class Reference:
    """An id that must exist in one of `collections`; checked once everything is loaded."""

    file: str
    at: Pos
    path: str
    record: str | None
    collections: tuple[str, ...]
    value: str


@dataclass
class Ctx:
    """Where checking is: the file, the record, the languages, and what was found so far."""

    file: str
    languages: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    record: str | None = None
    ids_seen: set[str] = field(default_factory=set)  # ids of records, valid or not
    pictures: list[Any] = field(default_factory=list)  # pictures.PictureUse: files to check

    def report(self, at: Pos, path: str, message: str) -> Any:
        self.problems.append(Problem(self.file, at[0], at[1], path, message, self.record))
        return INVALID


def _show(value: object) -> str:
    if isinstance(value, (Mapping, dict)):
        return "a mapping"
    if isinstance(value, (Sequence, list)):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value: put text in quotes)"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def did_you_mean(word: str, choices: list[str]) -> str:
    """A hint naming the closest allowed word, if one is close (case is ignored)."""
    by_folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    return f"; did you mean '{by_folded[close[0]]}'?" if close else ""


class Type:
    """Base of all field types. `describe` says in plain words what is allowed (a text per
    language names the site's `languages`, the default first)."""

    def describe(self, languages: tuple[str, ...]) -> str:
        raise NotImplementedError

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        raise NotImplementedError

    def expected(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        return ctx.report(at, path, f"expected {self.describe(ctx.languages)}, got {_show(value)}")

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        """The same rule as JSON Schema (draft-07), for editors; cross-record rules excepted."""
        raise NotImplementedError


# How long a text may be, by kind of field: a title or a name fits on a line or two; a
# description is a few paragraphs. Longer is a mistake (a paste gone wrong), and would break
# the page's layout, share cards and feeds.
LINE_LIMIT = 200
TEXT_LIMIT = 2000
MARKDOWN_LIMIT = 20000

# Characters that change the direction of the text around them (a title could then show
# something else than what it holds: "Trojan Source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# The characters `text_problem` refuses, in one class per kind of field: control characters (Cc:
# U+0000 to U+001F and U+007F to U+009F; a multi-line text may hold line breaks and tabs),
# surrogates (Cs), non-characters and, on one line, the direction controls. Most texts hold none:
# the regular expression says so at C speed, and only a text it finds one in is read character by
# character for the message.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
_REFUSED = {
    True: re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]"),
    False: re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{''.join(sorted(_BIDI_CONTROLS))}]"),
}


def text_problem(text: str, multiline: bool, limit: int) -> str | None:
    """Why `text` cannot be published (None if it can): the rule of every text field."""
    if _REFUSED[multiline].search(text) and (problem := _character_problem(text, multiline)):
        return problem
    if len(text) > limit:
        return f"the text is {len(text)} characters long: at most {limit} are allowed in this field"
    return None


def _character_problem(text: str, multiline: bool) -> str | None:
    """The first character of `text` that a text field refuses, in words."""
    for index, char in enumerate(text):
        code = ord(char)
        category = unicodedata.category(char)
        if char in "\n\t" and multiline:
            continue
        if category == "Cc":
            what = {"\n": "a line break", "\t": "a tab"}.get(char, "a control character")
            where = " (this field is a single line)" if char in "\n\t" else ""
            return f"the text contains {what} (U+{code:04X}) at character {index + 1}{where}: remove it"
        if category == "Cs":
            return f"the text contains an unpaired surrogate (U+{code:04X}) at character {index + 1}: remove it"
        if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
            return f"the text contains a non-character (U+{code:04X}) at character {index + 1}: remove it"
        if char in _BIDI_CONTROLS and not multiline:
            return (
                f"the text contains a direction control character (U+{code:04X}, {unicodedata.name(char).lower()})"
                f" at character {index + 1}: remove it"
            )
    return None


class Str(Type):
    def __init__(self, pattern: str | None = None, hint: str = "a text", limit: int = LINE_LIMIT) -> None:
        self.pattern = re.compile(pattern) if pattern else None
        self.hint, self.limit = hint, limit

    def describe(self, languages: tuple[str, ...]) -> str:
        return self.hint

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, at, path, ctx)
        if self.pattern and not self.pattern.fullmatch(value):
            return ctx.report(at, path, f"{_show(value)} is not {self.hint}")
        if problem := text_problem(value.strip(), multiline=False, limit=self.limit):
            return ctx.report(at, path, problem)
        return value.strip()

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "description": self.hint}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern.pattern})$"
        return schema


ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class Id(Str):
    def __init__(self) -> None:
        super().__init__(ID_PATTERN, "an id: lower-case letters a-z, digits and single hyphens (e.g. my-id)")


# Larger than any figure or salary the site shows; what the number formats can hold.
MAX_NUMBER = 1_000_000_000


class Int(Type):
    def __init__(self, minimum: int = 0, maximum: int = MAX_NUMBER) -> None:
        self.minimum, self.maximum = minimum, maximum

    def describe(self, languages: tuple[str, ...]) -> str:
        return f"a whole number of at least {self.minimum} and at most {self.maximum}"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.expected(value, at, path, ctx)
        if value < self.minimum or value > self.maximum:
            shown = str(value) if len(str(value)) <= 20 else f"a number of {len(str(value))} digits"
            return ctx.report(at, path, f"{shown} is out of range: expected {self.describe(ctx.languages)}")
        return value

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Bool(Type):
    def describe(self, languages: tuple[str, ...]) -> str:
        return "true or false"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        return value if isinstance(value, bool) else self.expected(value, at, path, ctx)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "boolean"}


DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


FIRST_YEAR, LAST_YEAR = 1900, 2100  # what the site can publish (and calendars hold)


def _date_out_of_range(value: dt.date, at: Pos, path: str, ctx: Ctx) -> Any:
    return ctx.report(
        at, path, f"{value.isoformat()} is out of range: expected a year from {FIRST_YEAR} to {LAST_YEAR}"
    )


class Date(Type):
    def describe(self, languages: tuple[str, ...]) -> str:
        return "a date written YYYY-MM-DD (e.g. 2024-05-14)"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            if not FIRST_YEAR <= value.year <= LAST_YEAR:
                return _date_out_of_range(value, at, path, ctx)
            return value
        return self.expected(value, at, path, ctx)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "pattern": DATE_PATTERN, "description": self.describe(languages)}


class When(Type):
    """A day, a day and time (local time), or only a year when the exact date is not published."""

    def describe(self, languages: tuple[str, ...]) -> str:
        return "a date (2024-05-14), a date and time (2024-05-14T09:30) or a year (2023)"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                return self.expected(value, at, path, ctx)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return ctx.report(
                at,
                path,
                "a time with a UTC offset (+01:00, Z) is not allowed: write the local time where the event takes"
                " place (2027-02-11T09:30) and, if it is not in Brussels, its time zone in 'timezone:'",
            )
        if isinstance(value, dt.date):
            return value if FIRST_YEAR <= value.year <= LAST_YEAR else _date_out_of_range(value, at, path, ctx)
        if isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR:
            return value
        return self.expected(value, at, path, ctx)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {
            "description": self.describe(languages),
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?$"},
                {"type": "integer", "minimum": 1900, "maximum": 2100},
            ],
        }


class TimeZone(Type):
    """An IANA time zone name such as Europe/Brussels."""

    def describe(self, languages: tuple[str, ...]) -> str:
        return "a time zone name such as Europe/Brussels"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        zones = _time_zones()
        if isinstance(value, str) and value in zones:
            return value
        hint = did_you_mean(value, sorted(zones)) if isinstance(value, str) else ""
        return ctx.report(at, path, f"unknown time zone {_show(value)}{hint} (expected {self.describe(ctx.languages)})")

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(_time_zones()), "description": self.describe(languages)}


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class Country(Type):
    """A country as its ISO 3166-1 alpha-2 code (BE, NL, FR, US...)."""

    def describe(self, languages: tuple[str, ...]) -> str:
        return "a two-letter country code (ISO 3166), such as BE, NL, FR or US"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        codes = _countries()
        if isinstance(value, str) and value.strip().upper() in codes:
            return value.strip().upper()
        return self.expected(value, at, path, ctx)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(_countries()), "description": self.describe(languages)}


@functools.cache
def _countries() -> frozenset[str]:
    from babel import Locale

    # Babel's territories, less the groupings and placeholders that are not countries.
    groupings = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
    territories = Locale.parse("en").territories
    codes = (code for code in territories if isinstance(code, str))
    return frozenset(code for code in codes if re.fullmatch(r"[A-Z]{2}", code) and code not in groupings)


class Enum(Type):
    def __init__(self, *values: str) -> None:
        self.values = values

    def describe(self, languages: tuple[str, ...]) -> str:
        return "one of " + ", ".join(self.values)

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if isinstance(value, str) and value in self.values:
            return value
        hint = did_you_mean(value, list(self.values)) if isinstance(value, str) else ""
        return ctx.report(at, path, f"{_show(value)} is not allowed{hint} (allowed: {', '.join(self.values)})")

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


class Url(Type):
    def describe(self, languages: tuple[str, ...]) -> str:
        return "a web address starting with https:// (or http://)"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, at, path, ctx)
        if problem := link_problem(value.strip(), WEB_SCHEMES) or text_problem(value.strip(), False, LINE_LIMIT * 5):
            return ctx.report(at, path, f"{_show(value)}: {problem}")
        return value.strip()

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^https?://[^\s<>\"@/\\]+(?:[/?#][^\s<>\"]*)?$",
            "description": self.describe(languages),
        }


class ApplyTarget(Type):
    """Where a job seeker applies: an https address or an e-mail address (stored as mailto:)."""

    def describe(self, languages: tuple[str, ...]) -> str:
        return "an https:// web address or an e-mail address"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, at, path, ctx)
        text = value.strip()
        if EMAIL.fullmatch(text.removeprefix("mailto:")):
            return "mailto:" + text.removeprefix("mailto:")
        if problem := link_problem(text, ("https",)) or text_problem(text, False, LINE_LIMIT * 5):
            return ctx.report(at, path, f"{_show(value)}: {problem} (or an e-mail address)")
        return text

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        email = r"^(mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"
        web = r"^https://[^\s<>\"@/\\]+(?:[/?#][^\s<>\"]*)?$"
        return {"type": "string", "pattern": f"{web}|{email}", "description": self.describe(languages)}


class Ref(Type):
    """The id of a record in one of the named collections."""

    def __init__(self, *collections: str) -> None:
        self.collections = collections

    def describe(self, languages: tuple[str, ...]) -> str:
        return "the id of a record in " + " or ".join(self.collections)

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.expected(value, at, path, ctx)
        ctx.references.append(Reference(ctx.file, at, path, ctx.record, self.collections, value))
        return value

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^(?:{ID_PATTERN})$", "description": self.describe(languages)}


class List(Type):
    def __init__(self, item: Type, min_items: int = 0, unique: bool = False) -> None:
        self.item, self.min_items, self.unique = item, min_items, unique

    def describe(self, languages: tuple[str, ...]) -> str:
        least = f"at least {self.min_items} " if self.min_items else ""
        return f"a list of {least}items, each {self.item.describe(languages)}"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, Sequence):
            return self.expected(value, at, path, ctx)
        if len(value) < self.min_items:
            return ctx.report(at, path, f"expected {self.describe(ctx.languages)}, got {len(value)}")
        items = []
        for index, (item, item_at) in enumerate(zip(value, value.item_pos, strict=True)):
            if self.unique and item in value[:index]:
                ctx.report(item_at, f"{path}[{index}]", f"{_show(item)} is listed twice")
            items.append(self.item.check(item, item_at, f"{path}[{index}]", ctx))
        return items

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(languages)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


def _language_names(codes: tuple[str, ...]) -> str:
    """'French and Dutch': the languages named in English, as staff read the messages."""
    from babel import Locale

    names = [str(Locale.parse("en").languages.get(code, code)) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _written_as(codes: tuple[str, ...]) -> str:
    """'en: ..., fr: ..., nl: ...': how the translations of a text are written."""
    return ", ".join(f"{code}: ..." for code in codes)


class Text(Type):
    """A text in every language, side by side: {language: text, ...}, one per site language."""

    def __init__(self, markdown: bool = False, optional: bool = False, line: bool = False) -> None:
        # optional: only the default (first) language is required; the site shows it, marked,
        # where a translation is still missing. line: a title or a label, on one line.
        self.markdown, self.optional, self.line = markdown, optional, line
        self.limit = LINE_LIMIT if line else MARKDOWN_LIMIT if markdown else TEXT_LIMIT

    def describe(self, languages: tuple[str, ...]) -> str:
        kind = "Markdown text" if self.markdown else "text"
        if self.optional:
            default, others = languages[:1], languages[1:]
            first = f"a {kind} in {_language_names(default)} at least ({_written_as(default)})"
            if not others:
                return first
            return f"{first}, and in {_language_names(others)} when translated ({_written_as(others)})"
        return f"a {kind} in each language, written as {_written_as(languages)} on their own lines"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, Mapping):
            return self.expected(value, at, path, ctx)
        result: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in ctx.languages:
                hint = did_you_mean(lang, list(ctx.languages))
                ctx.report(
                    value.key_pos[lang],
                    f"{path}.{lang}",
                    f"unknown language '{lang}'{hint} (allowed: {', '.join(ctx.languages)})",
                )
            elif not isinstance(text, str) or not (stripped := text.strip()):
                ctx.report(value.value_pos[lang], f"{path}.{lang}", f"expected a text, got {_show(text)}")
            elif problem := self.problem(stripped):
                ctx.report(value.value_pos[lang], f"{path}.{lang}", problem)
            else:
                result[lang] = stripped
        if len(result) == len(value) == len(ctx.languages):  # every language, each with its text
            return result
        required = ctx.languages[:1] if self.optional else ctx.languages
        for lang in required:
            if lang not in value:
                ctx.report(at, f"{path}.{lang}", f"missing the '{lang}' translation")
        complete = all(lang in result for lang in required) and len(result) == len(value)
        return result if complete else INVALID

    def problem(self, text: str) -> str | None:
        """What is wrong with one translation (None if nothing)."""
        problem = text_problem(text, multiline=not self.line, limit=self.limit)
        return problem or (markdown_problem(text) if self.markdown else None)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1, "maxLength": self.limit}
        return {
            "type": "object",
            "description": self.describe(languages),
            "properties": {lang: text for lang in languages},
            "required": list(languages[:1] if self.optional else languages),
            "additionalProperties": False,
        }


MAX_BRACKETS = 20  # [ ] and ( ) nested in a Markdown text


def bracket_depth(text: str) -> int:
    """How deep [ ] and ( ) are nested in `text`, counting the ones never closed."""
    depth = deepest = 0
    for char in text:
        if char in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])" and depth:
            depth -= 1
    return deepest


@functools.lru_cache(maxsize=4096)
def markdown_problem(text: str) -> str | None:
    """Why a Markdown field cannot be published: judged on the HTML it becomes, as a browser
    reads it (see markup.py). Like the conversion (`markup.converted`), judged once per text."""
    # (Never deeper than the brackets opened: most texts are not read character by character.)
    if text.count("[") + text.count("(") > MAX_BRACKETS and (depth := bracket_depth(text)) > MAX_BRACKETS:
        # Markdown's link syntax takes time that grows fast with such nesting: no real text has it.
        return f"brackets are nested {depth} deep: at most {MAX_BRACKETS} are allowed (check the [ ] and ( ) pairs)"
    links, images = addresses_in(text)
    if images:
        return "images are not allowed in texts (they would load from another site): link to the picture instead"
    for target in links:
        if problem := link_problem(target):
            return f"the link {_show(target)}: {problem}"
    return None


class Name(Type):
    """A name that is usually the same in every language: a plain text, or translations."""

    def describe(self, languages: tuple[str, ...]) -> str:
        return f"a text, or a text per language ({_written_as(languages)})"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if isinstance(value, Mapping):
            return Text(line=True).check(value, at, path, ctx)
        if isinstance(value, str) and value.strip():
            if problem := text_problem(value.strip(), multiline=False, limit=LINE_LIMIT):
                return ctx.report(at, path, problem)
            return {lang: value.strip() for lang in ctx.languages}
        return self.expected(value, at, path, ctx)

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        text = Text().json_schema(languages)
        return {"description": self.describe(languages), "anyOf": [{"type": "string", "minLength": 1}, text]}


@dataclass(frozen=True)
class Field:
    """A field of an `Obj`: its name, its type, whether it must be written, and its value when it
    is not (`default`; None: no value). Consumers read the default from the checked record:
    they never re-apply it."""

    name: str
    type: Type
    required: bool = True
    doc: str = ""
    default: str | bool | list[Any] | None = None

    def __post_init__(self) -> None:
        if self.required and self.default is not None:
            raise ValueError(f"field '{self.name}': a field with a default is optional (required=False)")

    def absent(self) -> Any:
        """The value of the field when it is not written: its default (a list of its own)."""
        return list(self.default) if isinstance(self.default, list) else self.default


class Obj(Type):
    """A mapping of named fields. Unknown fields are mistakes (usually typos)."""

    def __init__(self, *fields: Field, what: str = "a mapping of fields") -> None:
        self.fields = {f.name: f for f in fields}
        self.what = what

    def describe(self, languages: tuple[str, ...]) -> str:
        return f"{self.what} (name: value, one per line)"

    def check(self, value: object, at: Pos, path: str, ctx: Ctx) -> Any:
        if not isinstance(value, Mapping):
            return self.expected(value, at, path, ctx)
        prefix = f"{path}." if path else ""
        result: dict[str, Any] = {}
        if not self.fields.keys() >= value.keys():
            for key in value:
                if key not in self.fields:
                    hint = did_you_mean(key, list(self.fields))
                    allowed = ", ".join(self.fields)
                    ctx.report(value.key_pos[key], prefix + key, f"unknown field '{key}'{hint} (allowed: {allowed})")
        for name, spec in self.fields.items():
            if (item := value.get(name)) is None:
                result[name] = spec.absent()  # every field exists in a checked record
                if spec.required:
                    doc = f" ({spec.doc})" if spec.doc else ""
                    ctx.report(
                        value.key_pos.get(name, at),
                        prefix + name,
                        f"missing required field '{name}'{doc}: expected {spec.type.describe(ctx.languages)}",
                    )
                continue
            result[name] = spec.type.check(item, value.value_pos[name], prefix + name, ctx)
        return result

    def json_schema(self, languages: tuple[str, ...]) -> dict[str, Any]:
        properties = {}
        for name, spec in self.fields.items():
            schema = spec.type.json_schema(languages)
            if spec.doc:
                schema["description"] = spec.doc + (f". {schema['description']}" if "description" in schema else "")
            if spec.default is not None:
                schema["default"] = spec.default
            properties[name] = schema
        required = [name for name, spec in self.fields.items() if spec.required]
        return {
            "type": "object",
            "description": self.what,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
