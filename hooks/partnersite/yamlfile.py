"""Read a YAML data file into plain Python values that remember where they came from.

Mappings load as `Mapping` (a dict) and sequences as `Sequence` (a list), each knowing the
line and column of the node and of each of its items, so that validation can point staff at
the exact place of a mistake. Things PyYAML allows silently are refused here: a key given
twice in one mapping (PyYAML keeps the last one, which loses a translation without a word),
anchors/aliases (not needed for data, and the door to "billion laughs" documents) and explicit
tags (`!!int abc` would fail inside PyYAML rather than be reported).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Pos = tuple[int, int]
"""A 1-based (line, column) position in a file."""


@dataclass(frozen=True)
class LoadError(Exception):
    """A file that cannot be read as YAML: where, and what to do about it."""

    line: int
    column: int
    message: str


class Mapping(dict[str, Any]):
    """A YAML mapping with the positions of its keys and values."""

    pos: Pos = (1, 1)
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]


class Sequence(list[Any]):
    """A YAML sequence with the positions of its items."""

    pos: Pos = (1, 1)
    item_pos: list[Pos]


def _pos(node: Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(yaml.SafeLoader):
    depth = 0

    def _here(self) -> Pos:
        """The position of the next event (the node about to be composed)."""
        event: Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs
        mark = event.start_mark
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LoadError(*self._here(), f"the file is nested too deeply (more than {MAX_DEPTH} levels)")
        try:
            return self._compose_checked(parent, index)
        finally:
            self.depth -= 1

    def _compose_checked(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            raise LoadError(*self._here(), "aliases (*name) are not allowed in data files: write the value out in full")
        return super().compose_node(parent, index)

    # (`anchor` is the node's anchor name or None; typeshed's stubs say otherwise.)
    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        self._refuse_anchor_and_tag(anchor)
        return super().compose_scalar_node(anchor)

    def compose_sequence_node(self, anchor: Any) -> SequenceNode:
        self._refuse_anchor_and_tag(anchor)
        return super().compose_sequence_node(anchor)

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        self._refuse_anchor_and_tag(anchor)
        return super().compose_mapping_node(anchor)

    def _refuse_anchor_and_tag(self, anchor: str | None) -> None:
        if anchor is not None:
            raise LoadError(
                *self._here(), f"anchors (&{anchor}) are not allowed in data files: write the value out in full"
            )
        event: Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs
        if (tag := getattr(event, "tag", None)) is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise LoadError(*self._here(), f"tags ({shown}) are not allowed in data files: remove it (quote a text)")


def _construct_mapping(loader: yaml.SafeLoader, node: MappingNode) -> Iterator[Mapping]:
    mapping = Mapping()
    mapping.pos = _pos(node)
    mapping.key_pos = {}
    mapping.value_pos = {}
    yield mapping
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise LoadError(*_pos(key_node), "merge keys (<<) are not allowed in data files")
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key) if isinstance(key, (int, float, bool)) else repr(key)
        if key in mapping:
            first = mapping.key_pos[key]
            raise LoadError(
                *_pos(key_node),
                f"the key '{key}' appears twice in the same mapping (first on line {first[0]}); keep one",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_pos[key] = _pos(key_node)
        mapping.value_pos[key] = _pos(value_node)


def _construct_sequence(loader: yaml.SafeLoader, node: SequenceNode) -> Iterator[Sequence]:
    sequence = Sequence()
    sequence.pos = _pos(node)
    sequence.item_pos = [_pos(item) for item in node.value]
    yield sequence
    sequence.extend(loader.construct_object(item, deep=True) for item in node.value)


def _or_text(
    construct: Callable[[yaml.SafeLoader, ScalarNode], object],
) -> Callable[[yaml.SafeLoader, ScalarNode], object]:
    """A scalar constructor that keeps the text where PyYAML's fails: an impossible date such as
    2024-02-30, or `0x_`, look like a timestamp or a number to YAML but do not construct; with the
    text, validation says which field is wrong."""

    def constructor(loader: yaml.SafeLoader, node: ScalarNode) -> object:
        try:
            return construct(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    return constructor


_CONSTRUCTORS: dict[str, Callable[[yaml.SafeLoader, Any], object]] = {
    "tag:yaml.org,2002:map": _construct_mapping,
    "tag:yaml.org,2002:seq": _construct_sequence,
    "tag:yaml.org,2002:timestamp": _or_text(yaml.SafeLoader.construct_yaml_timestamp),
    "tag:yaml.org,2002:int": _or_text(yaml.SafeLoader.construct_yaml_int),
    "tag:yaml.org,2002:float": _or_text(yaml.SafeLoader.construct_yaml_float),
}
for _tag, _constructor in _CONSTRUCTORS.items():
    _Loader.add_constructor(_tag, _constructor)

_FastLoader: type[yaml.CSafeLoader] | None = None
if hasattr(yaml, "CSafeLoader"):  # PyYAML built with libyaml

    class _CLoader(yaml.CSafeLoader):
        pass

    for _tag, _constructor in _CONSTRUCTORS.items():
        _CLoader.add_constructor(_tag, _constructor)
    _FastLoader = _CLoader


MAX_BYTES = 256 * 1024  # a record is a few kilobytes; anything this large is a mistake
MAX_DEPTH = 50  # nesting levels; records need fewer than 10


def load_yaml_text(text: str) -> object:
    """Parse one YAML document; raise `LoadError` with a position on any problem.

    Plain documents are read in one pass over the events of libyaml's C parser (`_from_events`);
    anything unusual (a syntax error, an anchor or alias, a tag, deep nesting, a key given twice)
    goes to the loaders below it, and a mistake to the pure-Python loader, whose messages and
    positions are the ones staff see and the tests pin down."""
    if _FastLoader is not None:
        try:
            value = _from_events(text, _FastLoader)
        except yaml.YAMLError:
            return _load_slowly(text)  # not YAML: the Python loader says why
        if value is not _UNUSUAL:
            return value
    if _FastLoader is not None and _is_plain(text, _FastLoader):
        try:
            return yaml.load(text, Loader=_FastLoader)  # a CSafeLoader subclass
        except (LoadError, yaml.YAMLError):
            pass  # the Python loader says what is wrong, the same way every time
    return _load_slowly(text)


_UNUSUAL: Any = object()
"""What `_from_events` returns for a document it leaves to the composing loaders."""

_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int", "float", "timestamp"))
_STR = "tag:yaml.org,2002:str"


def _from_events(text: str, loader: type[yaml.CSafeLoader]) -> object:
    """The document as `yaml.load(text, Loader=loader)` makes it (the same values, Mappings and
    Sequences, with the same positions), built straight from the parser's events instead of
    parsed once to see that it is plain, composed into nodes, then constructed. `_UNUSUAL` at the
    first thing that is not plain data: an alias, an anchor, a tag, nesting deeper than
    MAX_DEPTH, a key that is not a scalar or is given twice, a merge key, a second document."""
    parser = loader(text)
    resolve: Callable[..., str] = parser.resolve  # (untyped in PyYAML's stubs)
    constructors, get_event = parser.yaml_constructors, parser.get_event
    # The resolver reads a plain scalar's type from its first character: one that starts none of
    # its patterns (a letter other than y, n, t, f, o...) is a text, and `resolve` would say so.
    typed_starts = parser.yaml_implicit_resolvers.keys()
    wildcard = None in typed_starts or bool(parser.yaml_path_resolvers)
    # The mappings and sequences being filled, innermost last; for each, the key waiting for its
    # value and where that key is written (None: a key comes next, or the parent is a sequence).
    stack: list[Any] = []
    keys: list[tuple[str, Pos] | None] = []
    root: object = None
    documents = 0
    try:
        while True:
            event: Any = get_event()
            kind = type(event)
            value: Any
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return _UNUSUAL
                value = event.value
                if event.implicit[0] and (value[:1] in typed_starts or wildcard):  # a plain scalar, maybe not a text
                    tag = resolve(ScalarNode, value, event.implicit)
                    if tag != _STR:
                        if tag not in _PLAIN_TAGS:  # a merge key (<<), '=', ...
                            return _UNUSUAL
                        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                        value = constructors[tag](parser, node)
                mark = event.start_mark
                at = (mark.line + 1, mark.column + 1)
                if stack and keys[-1] is None and isinstance(stack[-1], Mapping):
                    if not isinstance(value, str):
                        value = str(value) if isinstance(value, (int, float, bool)) else repr(value)
                    if value in stack[-1]:
                        return _UNUSUAL  # the Python loader says where it is first given
                    keys[-1] = (value, at)
                    continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    return _UNUSUAL
                if stack and keys[-1] is None and isinstance(stack[-1], Mapping):
                    return _UNUSUAL  # a mapping or a list as a key
                mark = event.start_mark
                at = (mark.line + 1, mark.column + 1)
                if kind is MappingStartEvent:
                    value = Mapping()
                    value.pos, value.key_pos, value.value_pos = at, {}, {}
                else:
                    value = Sequence()
                    value.pos, value.item_pos = at, []
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                keys.pop()
                continue
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _UNUSUAL
                continue
            elif kind is StreamEndEvent:
                return root
            elif kind is AliasEvent:
                return _UNUSUAL
            else:  # the stream's and the document's start and end
                continue
            if not stack:
                root = value
            elif (key := keys[-1]) is not None:
                parent = stack[-1]
                parent[key[0]] = value
                parent.key_pos[key[0]] = key[1]
                parent.value_pos[key[0]] = at
                keys[-1] = None
            else:
                stack[-1].append(value)
                stack[-1].item_pos.append(at)
            if kind is not ScalarEvent:
                stack.append(value)
                keys.append(None)
    finally:
        parser.dispose()


def _is_plain(text: str, loader: type[yaml.CSafeLoader]) -> bool:
    """True when the C parser's events show no alias, no anchor, no tag and no deep nesting."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None):
                return False
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return False
    return True


def _load_slowly(text: str) -> object:
    # Errors are LoadError (ours, passed on), PyYAML's MarkedYAMLError (the scanner, parser,
    # composer and constructor) or ReaderError; nesting is refused before Python's stack ends.
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "invalid YAML"
        if error.context and error.context_mark and error.problem:
            # e.g. "while scanning a quoted scalar" that started on an earlier line
            what = f"{what} ({error.context} started on line {error.context_mark.line + 1})"
        raise LoadError(line, column, f"YAML syntax error: {what}{_syntax_hint(what)}") from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        raise LoadError(
            line, column, f"the file contains a control character ({code}) that YAML refuses: remove it"
        ) from None


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return ": indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return ": check the indentation of this line, or put a text containing ': ' in quotes"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return ": check the indentation of this line and the one before"
    if "quoted scalar" in problem:
        return ": a quote is not closed"
    if "flow mapping" in problem or "flow sequence" in problem or "expected ',' or" in problem:
        return ": a bracket or a quote is not closed"
    if "another document" in problem:
        return ": a data file holds one record; remove the '---' line"
    return ""


def load_yaml_file(path: Path) -> object:
    """Read a data file as UTF-8 (a byte-order mark and Windows line ends are accepted)."""
    return load_yaml_bytes(read_data_file(path))


def read_data_file(path: Path) -> bytes:
    """The bytes of a data file, opened without following a symbolic link (no file outside the
    repository is read), at most MAX_BYTES; `LoadError` if it cannot be read or is too large."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise LoadError(1, 1, f"the file cannot be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise LoadError(
                1, 1, f"the file is too large ({size // 1024} KB; at most {MAX_BYTES // 1024} KB): one record per file"
            )
        return file.read()


def load_yaml_bytes(raw: bytes) -> object:
    """A data file's bytes as UTF-8 text (a byte-order mark and Windows line ends are accepted),
    then parsed (`load_yaml_text`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(line, 1, "the file is not UTF-8 text: save it as UTF-8") from None
    return load_yaml_text(text)
