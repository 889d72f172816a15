"""Round-trip YAML: an edit keeps the file's comments, blank lines, key order, quoting and
indentation (ruamel's round-trip mode); keys of a brand or client set in place."""

from __future__ import annotations

import datetime
import io
import itertools
import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from .model import KeyPath, Refused


def yaml_for(text: str) -> YAML:
    """A round-trip YAML that indents blocks and lists as this file does (`  - id:` or
    `- id:`, two or four spaces) and never folds a long line."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:]*:\s*(#.*)?$")  # a key whose value is below it


def _indents(text: str) -> tuple[int, int, int]:
    """How the file indents, as ruamel counts it: a block's keys under their key, a list
    item's keys under their key, and the list's dash under its key; (2, 4, 2) where the file
    does not say."""
    mapping = sequence = offset = None
    for before, line in itertools.pairwise(text.splitlines()):
        key = _KEY_LINE.match(before)
        if key is None:
            continue
        item = re.match(r"^( *)-( +)\S", line)
        below = re.match(r"^( *)[^\s#-]", line)
        if item and sequence is None and len(item.group(1)) >= len(key.group(1)):
            offset = len(item.group(1)) - len(key.group(1))
            sequence = offset + 1 + len(item.group(2))
        elif below and mapping is None and len(below.group(1)) > len(key.group(1)):
            mapping = len(below.group(1)) - len(key.group(1))
        if mapping is not None and sequence is not None:
            break
    if sequence is None:
        sequence, offset = 4, 2
    return mapping or 2, sequence, offset or 0


def load_yaml(text: str, relative: str) -> tuple[YAML, Any]:
    yaml = yaml_for(text)
    try:
        return yaml, yaml.load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise Refused(f"error: {relative}{line}: malformed YAML; fix it in a text editor (or "
                      "run deckpress check) before editing it here") from None


def dump_yaml(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def plain_values(value: Any) -> Any:
    """A YAML value as JSON can carry it: dates as text, blocks and lists as dicts and lists."""
    if isinstance(value, dict):
        return {str(key): plain_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_values(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def cell_value(value: Any) -> str | int | None:
    """A card value as a table cell shows it: a list as its lines."""
    if value is None:
        return None
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return str(value)

# Comments: ruamel keeps the comment lines (and blank lines) after a value with that value, in
# the comment slot of the last key or item before them. A key or card taken away, or one added
# after the last, would take the comments that introduce what follows with it; the functions below
# hand them on to the value that is now last.


def _is_block(value: Any) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 \
        and not value.fa.flow_style()


def tail_comment(node: Any) -> tuple[Any, Any] | None:
    """(collection, key) whose comment slot holds what is written after `node`."""
    if not _is_block(node):
        return None
    last = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
    inner = tail_comment(node[last])
    return inner if inner is not None else (node, last)


def comment_slot(owner: Any) -> int:
    return 2 if isinstance(owner, CommentedMap) else 0


def take_after(collection: Any, key: Any) -> str:
    """The comment lines after the value at `key` (its own end-of-line comment left behind),
    taken out of the file; "" if none."""
    value = collection[key]
    place = tail_comment(value) or (collection, key)
    owner, at = place
    entry = owner.ca.items.get(at)
    token = entry[comment_slot(owner)] if entry else None
    if token is None:
        return ""
    text = str(token.value)
    entry[comment_slot(owner)] = None
    if isinstance(owner[at], LiteralScalarString | FoldedScalarString):
        return "\n" + text  # a block's last line break is its own: what follows is all
    if "\n" not in text:
        entry[comment_slot(owner)] = token
        return ""
    own_line, _, rest = text.partition("\n")
    if own_line.strip():  # the value's own comment stays with it
        entry[comment_slot(owner)] = CommentToken(own_line + "\n",
                                           token.start_mark or CommentMark(0), None)
    return "\n" + rest if rest else ""


def put_after(node: Any, collection: Any, key: Any, comment: str) -> None:
    """Write `comment` (from `take_after`) after the value at `key` of `collection`."""
    if not comment or comment == "\n":
        return
    owner, at = tail_comment(node) or (collection, key)
    slot = comment_slot(owner)
    entry = owner.ca.items.setdefault(at, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    token = entry[slot]
    if isinstance(owner[at], LiteralScalarString | FoldedScalarString):
        before = str(token.value) if token is not None else ""
        entry[slot] = CommentToken(before + comment[1:], CommentMark(0), None)
    elif token is not None and str(token.value).strip():
        own = str(token.value).split("\n", 1)[0]
        entry[slot] = CommentToken(own + comment, token.start_mark or CommentMark(0), None)
    else:
        entry[slot] = CommentToken(comment, CommentMark(0), None)


def delete_key(mapping: CommentedMap, key: Any) -> None:
    """Take `key` out; the comments after it move to the key before it."""
    keys = list(mapping.keys())
    comment = take_after(mapping, key)
    del mapping[key]
    mapping.ca.items.pop(key, None)
    position = keys.index(key)
    if comment and position > 0:
        previous = keys[position - 1]
        put_after(mapping[previous], mapping, previous, comment)


def add_key(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Add `key` where `order` puts it among the keys there; added last, it takes over the
    comments that followed the last key."""
    keys = list(mapping.keys())
    rank = {name: number for number, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = len(keys)
    for number, existing in enumerate(keys):
        if rank.get(str(existing), len(order)) > mine:
            position = number
            break
    if position == len(keys) and keys:
        comment = take_after(mapping, keys[-1])
        mapping[key] = value
        put_after(value, mapping, key, comment)
        return
    mapping.insert(position, key, value)


def replace_value(mapping: CommentedMap, key: Any, value: Any) -> None:
    """A new value for `key`; the comments after the old one (a list's are kept inside it)
    follow the new one."""
    comment = take_after(mapping, key)
    mapping[key] = value
    put_after(value, mapping, key, comment)


def styled_like(new: Any, old: Any) -> Any:
    """A new text in the style the old one was written in: quoted as it was, a text of
    several lines as a block (`|`)."""
    if not isinstance(new, str):
        return new
    if "\n" in new.strip("\n"):
        keeps_break = isinstance(old, LiteralScalarString) and str(old).endswith("\n")
        return LiteralScalarString(new + "\n" if keeps_break and not new.endswith("\n")
                                   else new)
    new = new.strip("\n")
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    return new


def _flow_list(items: Sequence[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def list_into(old: Any, items: list[Any]) -> Any:
    """A list value, written as the old one was (in [brackets] or a line per item)."""
    if isinstance(old, CommentedSeq):
        seq = CommentedSeq(items)
        if old.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if all(isinstance(item, str) and len(item) < 40 for item in items):
        return _flow_list(items)
    return CommentedSeq(items)

# --- keys of a brand or client ----------------------------------------------------------------


def set_in(data: CommentedMap, key_path: KeyPath, value: Any) -> None:
    """Set (or with None, take away) the value at `key_path`, making blocks on the way."""
    node = _block_at(data, key_path, make=value is not None)
    if node is None:
        return
    last = key_path[-1]
    if isinstance(node, CommentedSeq) and isinstance(last, int) and 0 <= last < len(node):
        if value is None:
            del node[last]
        else:
            node[last] = styled_like(_value(value, node[last]), node[last])
    elif not isinstance(node, CommentedMap) or not isinstance(last, str):
        raise Refused(f"there is no {'.'.join(map(str, key_path))} to change")
    elif value is None:
        if last in node:
            delete_key(node, last)
    elif last in node:
        replace_value(node, last, styled_like(_value(value, node[last]), node[last]))
    else:
        add_key(node, last, _value(value, None), ())


def _block_at(data: CommentedMap, key_path: KeyPath, make: bool) -> Any:
    """The block or list that holds the last key of `key_path`; missing blocks made if
    `make`, else None. A deck named by its name alone (`- networking`) becomes a block
    (`- deck: networking`) when one of its keys is set."""
    node: Any = data
    for number, key in enumerate(key_path[:-1]):
        following = key_path[number + 1]
        if isinstance(node, CommentedMap) and isinstance(key, str):
            if node.get(key) is None:
                if not make:
                    return None
                add_key(node, key, CommentedMap() if isinstance(following, str)
                         else CommentedSeq(), ())
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            if isinstance(node[key], str) and isinstance(following, str):
                node[key] = CommentedMap([("deck", node[key])])
            node = node[key]
        else:
            raise Refused(f"there is no {'.'.join(map(str, key_path[:number + 1]))} to change")
    return node


def _value(value: Any, old: Any) -> Any:
    """A value from the page as the file writes it: a list as the old list was, a date as a
    date where one was (or for `start:`), a block as a block."""
    if isinstance(value, list):
        return list_into(old, [_value(item, None) for item in value])
    if isinstance(value, dict):
        return CommentedMap((str(key), _value(item, None)) for key, item in value.items())
    if isinstance(value, str) and isinstance(old, datetime.date):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return value  # the loader says what is wrong with it
    return value

