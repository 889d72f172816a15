"""Read YAML safely and remember the line of every key, so later errors can name `file:line`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DeckError, Where
from ..units import shown
from .reading import read_limited

try:  # libyaml's parser is much faster on large decks; the pure-Python one behaves the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]


MAX_DEPTH = 64  # lists and blocks inside one another; a deck uses four or five
MAX_VALUES = 2_000_000  # a deck of 10,000 cards has about 100,000
NEAR = 2  # lines kept while reading for locations this short: top-level keys, each card


@dataclass
class YamlSource:
    """Parsed data, and the line (1-based) where each key or list item starts.

    Lines are needed only to report a problem, so they are found then, by reading the file
    again: a deck of thousands of cards would otherwise carry an index of every key. The lines
    of the top-level keys and of their items (each card) are kept from the first reading: a
    warning naming a card, as a build with `fit: deck` may give, needs no second one.
    """

    path: Path
    data: Any
    _lines: dict[KeyPath, int] | None = field(default=None, repr=False)
    _near: dict[KeyPath, int] = field(default_factory=dict, repr=False)  # depth 0 to 2

    @property
    def lines(self) -> dict[KeyPath, int]:
        if self._lines is None:
            try:
                text = self.path.read_text(encoding="utf-8")
                _, self._lines = _Builder(self.path, record=True).build(
                    yaml.parse(text, Loader=_Loader))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, DeckError):
                self._lines = {}
        return self._lines

    def line_of(self, location: KeyPath) -> int | None:
        """The line of `location`, or of its nearest ancestor that has one."""
        location = tuple(location)
        if location in self._near:
            return self._near[location]
        lines = self.lines
        while location:
            if location in lines:
                return lines[location]
            location = location[:-1]
        return lines.get(())

    def where(self, location: KeyPath, card: str | None = None,
              field_name: str | None = None) -> Where:
        return Where(self.path, self.line_of(location), card, field_name)

    def missing_hint(self, location: KeyPath) -> str:
        """How to add a required value that is missing at `location`."""
        return f"add '{location[-1]}: ...' here" if location else "add it here"

    def where_later(self, location: KeyPath, card: str | None = None,
                    field_name: str | None = None) -> Where:
        """`where`, its line looked up only if a message shows it."""
        return Where(self.path, None, card, field_name, lambda: self.line_of(location))

    def place_of(self, location: KeyPath) -> str:
        """`line 12`: where `location` is, as a message says it."""
        return f"line {self.line_of(location)}"

    @property
    def files(self) -> tuple[Path, ...]:
        """The files the data was read from."""
        return (self.path,)


def read_yaml(path: Path, what: str = "file",
              example: str = "docs/deck-format.md") -> YamlSource:
    """Load one YAML document; malformed YAML becomes a DeckError naming the line."""
    try:
        text = read_limited(path, what).decode("utf-8")
    except FileNotFoundError:
        raise DeckError(
            f"{what} not found", Where(path), "check the path and the file name"
        ) from None
    except IsADirectoryError:
        raise DeckError(f"{what} is a folder, not a file", Where(path)) from None
    except UnicodeDecodeError as error:
        raise DeckError(
            f"{what} is not UTF-8 text (byte {error.start})",
            Where(path),
            "save the file as UTF-8",
        ) from None
    try:
        data, near = _Builder(path, record=False).build(yaml.parse(text, Loader=_Loader))
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in a file
        char = chr(error.character) if isinstance(error.character, int) else str(error.character)
        raise DeckError(
            f"malformed YAML: the file holds an invisible control character "
            f"(#x{ord(char):04x}), often pasted from slides or a word processor",
            Where(path, text.count("\n", 0, error.position) + 1),
            "delete it and retype the line break or space there",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise DeckError(
            f"malformed YAML: {problem}",
            Where(path, line),
            "check the indentation, and put text containing ': ' or ' #' in quotes",
        ) from None
    except yaml.YAMLError as error:
        raise DeckError(f"malformed YAML: {error}", Where(path)) from None
    if data is None:
        raise DeckError(f"{what} is empty", Where(path), f"see {example} for an example")
    return YamlSource(path, data, _near=near)


_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlInt(int):
    """A number read from YAML that remembers how it was written (007, 1:30, 0x1F)."""

    text: str


class YamlFloat(float):
    text: str


def source_text(value: Any) -> Any:
    """For a text field: the characters as written, not YAML's number reading of them."""
    return getattr(value, "text", value) if isinstance(value, YamlInt | YamlFloat) else value


class _Builder:
    """Build data straight from parser events, noting each key's line on the way.

    PyYAML's own loader first builds a node tree of the whole file, which for a deck of
    thousands of cards costs far more memory than the data itself.
    """

    def __init__(self, path: Path, record: bool):
        self.path = path
        self.record = record
        self.helper = yaml.SafeLoader("")  # its resolver and scalar constructors
        self.lines: dict[KeyPath, int] = {}
        self.anchors: dict[str, Any] = {}
        self.sizes: dict[str, int] = {}  # values an anchor stands for, aliases expanded
        self.values = 0  # values read so far, each alias counted as what it stands for

    def build(self, stream: Iterable[yaml.Event]) -> tuple[Any, dict[KeyPath, int]]:
        events = iter(stream)
        result = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise DeckError("the file holds more than one YAML document (---)",
                                    Where(self.path, _line(event)),
                                    "keep one document per file")
                first = next(events)
                if isinstance(first, yaml.DocumentEndEvent):
                    continue
                self.lines[()] = _line(first)
                result = self.value(first, events, ())
        return result, self.lines

    def value(self, event: yaml.Event, events: Iterator[yaml.Event], location: KeyPath) -> Any:
        """The value `event` begins; its size, aliases expanded, and depth are bounded, so that
        a file of a few lines cannot stand for billions of values or nest without end."""
        start = self.values
        result = self._value(event, events, location)
        anchor = getattr(event, "anchor", None)
        if anchor and not isinstance(event, yaml.AliasEvent):
            self.sizes[anchor] = self.values - start
        return result

    def _count(self, values: int, event: yaml.Event) -> None:
        self.values += values
        if self.values > MAX_VALUES:
            raise DeckError(f"the file stands for more than {MAX_VALUES:,} values once its "
                            "aliases (*name) are expanded", Where(self.path, _line(event)),
                            "use fewer nested aliases; a deck needs far fewer values")

    def _value(self, event: yaml.Event, events: Iterator[yaml.Event],
               location: KeyPath) -> Any:
        if len(location) > MAX_DEPTH:
            raise DeckError(f"the file nests lists or blocks more than {MAX_DEPTH} deep",
                            Where(self.path, _line(event)),
                            "a deck needs a few levels; check the indentation")
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise DeckError(f"unknown alias *{event.anchor}",
                                Where(self.path, _line(event)))
            self._count(self.sizes.get(event.anchor or "", 1), event)
            return self.anchors[event.anchor]
        self._count(1, event)
        if isinstance(event, yaml.ScalarEvent):
            result = self.scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.refuse_tag(event, "tag:yaml.org,2002:seq")
            result = []
            self.remember(event, result)
            for item in events:
                if isinstance(item, yaml.SequenceEndEvent):
                    break
                index = len(result)
                if self.record or len(location) < NEAR:
                    self.lines[(*location, index)] = _line(item)
                result.append(self.value(item, events, (*location, index)))
            return result
        elif isinstance(event, yaml.MappingStartEvent):
            self.refuse_tag(event, "tag:yaml.org,2002:map")
            result = {}
            self.remember(event, result)
            self.mapping(result, events, location)
            return result
        else:  # pragma: no cover - the parser only produces the events above here
            raise DeckError(f"unexpected YAML content at line {_line(event)}",
                            Where(self.path))
        self.remember(event, result)
        return result

    def mapping(self, result: dict[Any, Any], events: Iterator[yaml.Event],
                location: KeyPath) -> None:
        merged: set[Any] = set()  # keys that came from a << merge: the mapping's own keys win
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return
            line = _line(key_event)
            if not isinstance(key_event, yaml.ScalarEvent | yaml.AliasEvent):
                raise DeckError("a key must be a single word or text, not a list or block",
                                Where(self.path, line),
                                "write the key as plain text before the colon (title: …); a "
                                "value that starts with [ or { goes after the colon, or in "
                                "quotes")
            merge = isinstance(key_event, yaml.ScalarEvent) and self.tag(key_event) == _MERGE
            key = "<<" if merge else self.value(key_event, events, location)
            if isinstance(key, dict | list):  # an alias (*name) of a block, used as a key
                raise DeckError("a key must be a single word or text, not a list or block",
                                Where(self.path, line), "write the key as plain text before "
                                "the colon (title: …)")
            value = self.value(next(events), events, (*location, key))
            if merge:
                merged |= _merge_into(result, value)
                continue
            if key in result and key not in merged:
                raise DeckError(f"the key '{key}' appears twice in the same block",
                                Where(self.path, line), "remove or rename one of them")
            if self.record or len(location) < NEAR:
                self.lines[(*location, key)] = line
            merged.discard(key)
            result[key] = value

    def refuse_tag(self, event: yaml.CollectionStartEvent, plain: str) -> None:
        """A tag on a list or block is refused as it is on a single value (`!!python/object`
        would otherwise pass unnoticed)."""
        if event.tag and event.tag not in ("!", plain):
            raise DeckError(f"unsupported YAML tag {shown(event.tag)}",
                            Where(self.path, _line(event)),
                            "remove the !tag; plain values are all a deck needs")

    def tag(self, event: yaml.ScalarEvent) -> str:
        if event.tag and event.tag != "!":
            return event.tag
        tag: str = self.helper.resolve(  # type: ignore[no-untyped-call]  # PyYAML's stubs
            yaml.ScalarNode, event.value, event.implicit)
        return tag

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = self.tag(event)
        if tag == _TIMESTAMP:  # dates stay as written: fields that want one read it themselves
            return event.value
        # the C parser's marks are another class than the stubs know; they work the same
        node = yaml.ScalarNode(tag, event.value, event.start_mark,  # type: ignore[arg-type]
                               event.end_mark, event.style)  # type: ignore[arg-type]
        constructor = self.helper.yaml_constructors.get(tag)
        if constructor is None:
            raise DeckError(f"unsupported YAML tag {tag}",
                            Where(self.path, _line(event)),
                            "remove the !tag; plain values are all a deck needs")
        try:
            value = constructor(self.helper, node)
        except (ValueError, OverflowError, LookupError, TypeError, yaml.YAMLError) as error:
            raise DeckError(f"cannot read the value '{shown(event.value)}': {error}",
                            Where(self.path, _line(event)),
                            "put the value in quotes to keep it as written") from None
        if not event.style and type(value) in (int, float):  # plain, unquoted numbers
            value = (YamlInt if type(value) is int else YamlFloat)(value)
            value.text = event.value
        return value

    def remember(self, event: yaml.NodeEvent, value: Any) -> None:
        if event.anchor:
            self.anchors[event.anchor] = value


def _merge_into(result: dict[Any, Any], value: Any) -> set[Any]:
    """A `<<` merge: the keys of the merged mapping(s) that `result` does not have yet, added;
    returns those keys."""
    added: set[Any] = set()
    for source in value if isinstance(value, list) else [value]:
        if isinstance(source, dict):
            for key, item in source.items():
                if key not in result:
                    result[key] = item
                    added.add(key)
    return added


def _line(event: yaml.Event) -> int:
    """The 1-based line an event starts on (the parser always marks where it is)."""
    return event.start_mark.line + 1 if event.start_mark is not None else 0
