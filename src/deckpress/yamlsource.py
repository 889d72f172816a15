"""Read YAML safely and remember the line of every key, so later errors can name `file:line`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DeckError, Where

try:  # libyaml is much faster on large decks; the pure-Python loader behaves the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]


@dataclass
class YamlSource:
    """Parsed data plus the line (1-based) where each key or list item starts."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, location: Path_) -> int | None:
        """The line of `location`, or of its nearest ancestor that has one."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get(())

    def where(self, location: Path_, card: str | None = None, field_name: str | None = None):
        return Where(self.path, self.line_of(location), card, field_name)


def read_yaml(path: Path, what: str = "file") -> YamlSource:
    """Load one YAML document; malformed YAML becomes a DeckError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DeckError(f"{what} is empty", Where(path),
                            "see docs/deck-format.md for an example")
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        _record_lines(node, (), lines, path)
        data = loader.construct_document(node)
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
    finally:
        loader.dispose()
    return YamlSource(path, data, lines)


def _record_lines(node: yaml.Node, location: Path_, lines: dict[Path_, int], path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise DeckError(
                    f"the key '{key}' appears twice in the same block",
                    Where(path, line),
                    "remove or rename one of them",
                )
            seen.add(key)
            lines[(*location, key)] = line
            _record_lines(value_node, (*location, key), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*location, index)] = item.start_mark.line + 1
            _record_lines(item, (*location, index), lines, path)
