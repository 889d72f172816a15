"""Validation of a YAML file against its model, with every problem said the same way whatever
the file (deck, brand or printer profile): what is wrong, at which line and field, and a hint.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import DeckError, combined, did_you_mean
from ..units import shown
from .yamlsource import YamlSource

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class FileKind:
    """A kind of file, as messages name it: `what` (deck, brand, profile), the page of the docs
    that describes it, and keys to show in an example."""

    what: str
    docs: str
    example_keys: tuple[str, ...] = ()


DECK_FILE = FileKind("deck", "docs/deck-format.md", ("title", "subtitle", "size"))
BRAND_FILE = FileKind("brand", "docs/deck-format.md", ("coach", "logo", "colours"))
PROFILE_FILE = FileKind("profile", "docs/profiles.md", ("page", "margin"))
CLIENT_FILE = FileKind("client", "docs/clients.md", ("brand", "name", "decks"))

# The id of the card a problem's location falls in, from the raw data, or None.
CardLabel = Callable[[Any, tuple[str | int, ...]], str | None]


def validate(source: YamlSource, model: type[Model], kind: FileKind,
             card_label: CardLabel | None = None, extra: dict[str, Any] | None = None) -> Model:
    """`source.data` as a `model`, or a DeckError for its first problem (at the earliest line;
    a misspelt key first), whose `each` holds every problem, for `check`.

    Top-level keys starting with `x-` are ignored: they give YAML anchors a home. `extra` adds
    values the file does not hold (a profile's name).
    """
    data = {**(extra or {}), **_keys(source, kind)}
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise combined(_problems(source, error, model, kind, card_label)) from None


def validate_repairing(source: YamlSource, model: type[Model],
                       kind: FileKind) -> tuple[Model | None, list[DeckError]]:
    """`source.data` as a `model` and its problems: each wrong value left at its default, so
    what depends on the rest (a brand's logo and fonts) can still be checked in the same pass;
    None when a required value is wrong."""
    data = _keys(source, kind)
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = _problems(source, error, model, kind, None)
    fixed = repaired(data, model)
    return (fixed[0] if fixed is not None else None), problems


def _keys(source: YamlSource, kind: FileKind) -> dict[Any, Any]:
    """The file's top-level keys but the `x-` ones; an error if it is not a block of keys."""
    if not isinstance(source.data, dict):
        keys = ", ".join(f"{key}:" for key in kind.example_keys)
        raise DeckError(
            f"the {kind.what} file must be a block of keys ({keys} ...), not a "
            f"{_kind(source.data)}", source.where(()), f"see {kind.docs} for an example")
    return {key: value for key, value in source.data.items()
            if not (isinstance(key, str) and key.startswith("x-"))}


def _problems(source: YamlSource, error: ValidationError, model: type[BaseModel],
              kind: FileKind, card_label: CardLabel | None) -> list[DeckError]:
    problems = error.errors()
    # A misspelt key also makes its real name "missing": report the misspelling first.
    problems.sort(key=lambda p: (p["type"] != "extra_forbidden",
                                 source.line_of(tuple(p["loc"])) or 0))
    return [_problem_error(source, problem, model, kind.docs, card_label)
            for problem in problems]


# What stands in for a required value that is missing or wrong while the rest of a file is
# checked (never printed: a file with a problem is not built).
STAND_INS = {"colour": "#000000", "size": "poker"}
STAND_IN = "?"
_GONE = object()  # marks a list entry taken out


Place = tuple[str | int, ...]


def repaired(data: dict[Any, Any], model: type[Model]
             ) -> tuple[Model, list[tuple[Place, str]]] | None:
    """`data` as a `model`, each wrong value taken out (or, where one is required, a stand-in
    put in), so that what depends on the rest can be checked in the same pass; and the places
    that were wrong, with pydantic's kind of problem. None when that does not make it valid."""
    wrong: list[tuple[Place, str]] = []
    for _ in range(3):  # a value taken out may leave a required one missing: a stand-in next
        try:
            return model.model_validate(data), wrong
        except ValidationError as error:
            for problem in error.errors():
                location = tuple(problem["loc"])
                wrong.append((location, problem["type"]))
                stand_in = STAND_INS.get(str(location[-1]), STAND_IN) if location else _GONE
                data = _changed(data, location,
                                stand_in if problem["type"] == "missing" else _GONE)
            data = _without_gone(data)
    return None


def _changed(data: Any, location: tuple[str | int, ...], value: Any) -> Any:
    """A copy of `data` with `value` at `location` (`_GONE`: taken out); only the blocks and
    lists on the way are copied. A location that is not there changes nothing."""
    if not location:
        return data
    key, rest = location[0], location[1:]
    if isinstance(data, dict) and (key in data or not rest):
        if not rest and value is _GONE:
            return {item: entry for item, entry in data.items() if item != key}
        return {**data, key: value if not rest else _changed(data[key], rest, value)}
    if isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
        copy = list(data)
        copy[key] = value if not rest else _changed(data[key], rest, value)
        return copy
    return data


def _without_gone(data: Any) -> Any:
    """`data` with the list entries marked `_GONE` taken out (after a round of changes, so the
    places of the others held while it was changed)."""
    if isinstance(data, dict):
        return {key: _without_gone(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_gone(value) for value in data if value is not _GONE]
    return data


def _problem_error(source: YamlSource, problem: Any, model: type[BaseModel], docs: str,
                   card_label: CardLabel | None) -> DeckError:
    location = tuple(problem["loc"])
    message, hint = explain(problem, model, docs)
    if problem["type"] == "missing":  # said as the file is written: YAML, or a spreadsheet
        hint = source.missing_hint(location)
    field_name: str | None = ".".join(str(part) for part in location
                                      if not isinstance(part, int)) or None
    card = card_label(source.data, location) if card_label is not None else None
    if card is not None:
        field_name = ".".join(str(part) for part in location[2:]) or None
    return DeckError(message, source.where(location, card, field_name), hint)


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false",
            type(None): "empty value"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Problems whose message needs only the field's name and the value (pydantic's error types).
_SAID = {
    "bool_parsing": ("{named} must be true or false (got {value})", "write true or false"),
    "bool_type": ("{named} must be true or false (got {value})", "write true or false"),
    "int_type": ("{named} must be a whole number (got {value})", "e.g. {name}: 2"),
    "int_parsing": ("{named} must be a whole number (got {value})", "e.g. {name}: 2"),
    "int_from_float": ("{named} must be a whole number (got {value})", "e.g. {name}: 2"),
    "greater_than": ("{named} must be more than {gt} (got {value})", None),
    "greater_than_equal": ("{named} must be at least {ge} (got {value})", None),
    "less_than_equal": ("{named} must be at most {le} (got {value})", None),
    "string_too_short": ("{named} is blank", "write some text here"),
    "string_too_long": ("{named} is too long ({length} characters, at most {max_length})",
                        "shorten it"),
    "too_short": ("{named} needs at least one entry", "add at least one item under '{name}:'"),
    "missing": ("missing required field '{name}'", "add '{name}: ...' here"),
    "literal_error": ("{named} must be one of {choices} (got {quoted})", None),
    "list_type": ("{named} should be a list, not {value}",
                  "write each entry on a line of its own, starting with '- '"),
    "string_pattern_mismatch": ("{value} is not a valid id",
                                "use letters, digits, '-', '_' or '.', e.g. WU-01"),
}


def _near_miss(kind: str, value: Any, choices: str) -> str | None:
    """For a value that is not one of a few choices: the nearest, if one is near."""
    if kind != "literal_error" or not isinstance(value, str):
        return None
    close = did_you_mean(value, re.findall(r"'([^']*)'", choices), list_choices=False)
    return close.replace("{", "{{").replace("}", "}}") if close else None


def explain(problem: Any, root: type[BaseModel], docs: str) -> tuple[str, str | None]:
    """(message, hint) for one pydantic problem in a file validated as `root`."""
    kind = problem["type"]
    location = tuple(problem["loc"])
    value = problem.get("input")
    name = str(location[-1]) if location else "value"
    named = f"'{name}'"  # what the message is about: a key, or an entry of a list
    if len(location) > 1 and isinstance(location[-1], int):
        named = f"entry {location[-1] + 1} of '{location[-2]}'"
    if value is None and kind in {"string_type", "int_type", "model_type", "dict_type"}:
        return (f"{named} is empty",
                "give it a value; text starting with # must be in quotes, e.g. \"#1D3557\"")
    hint = getattr(problem.get("ctx", {}).get("error"), "hint", None)
    if isinstance(hint, str):  # a check of ours that says how to put it right
        return str(problem["ctx"]["error"]), hint
    if kind in _SAID:
        message, hint = _SAID[kind]
        context = problem.get("ctx", {})
        values = {**context, "name": name, "named": named, "value": _short(value),
                  "quoted": repr(shown(value)),
                  "length": len(value) if isinstance(value, str | list | dict) else 0,
                  "choices": str(context.get("expected", "")).replace(" or ", ", ")}
        hint = _near_miss(kind, value, values["choices"]) or hint
        return message.format(**values), hint.format(**values) if hint else None
    if kind in {"model_type", "dict_type"}:
        allowed = allowed_keys(root, location)
        return (f"{named} should be a block of keys, not a {_kind(value)}",
                "indent its keys below it: " + ", ".join(f"{key}:" for key in allowed)
                if allowed else None)
    if kind == "extra_forbidden":
        return (f"unknown key '{name}'",
                did_you_mean(name, allowed_keys(root, location[:-1]))
                or f"see {docs} for every key")
    if kind in {"string_type", "str_type"}:
        if isinstance(value, bool):
            return (f"expected text but YAML read {value!r} (it treats yes/no/on/off as "
                    "true/false)", 'put the value in quotes, e.g. "No"')
        return f"{named} must be text (got {_short(value)})", "put it in quotes"
    message = problem["msg"].removeprefix("Value error, ")
    if isinstance(value, str | int | float) and kind != "value_error":
        message += f" (got {_short(value)})"
    return message, None


def allowed_keys(model: type[BaseModel], location: tuple[str | int, ...]) -> list[str]:
    """Walk the model's field types along `location` to list the keys valid there."""
    current: Any = model
    for part in location:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = _unwrap(field.annotation)
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is list and args:
            current = _unwrap(args[0])
        elif origin is dict and len(args) == 2:
            current = _unwrap(args[1])
        else:
            return []
    while typing.get_origin(current) in (list, dict):
        current = _unwrap(typing.get_args(current)[-1])
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` to X, so optional blocks list their keys too."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation
