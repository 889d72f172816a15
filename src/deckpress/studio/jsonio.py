"""JSON in and out of the studio: one reader for every request body, so each route refuses
the same malformed bodies the same way, and a response that never fails on a number a
hand-written file holds (YAML's `.nan` and `.inf` have no JSON form)."""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.responses import JSONResponse as _StarletteJSONResponse

MAX_DEPTH = 20  # no edit the studio makes nests deeper; a deeper body is a mistake or an attack


class BodyRefused(Exception):
    """A request body the studio cannot take, with the message to send back (400)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _no_constant(name: str) -> Any:
    raise BodyRefused(f"the request holds {name}, which is not a number a file can keep; "
                      "send a finite number")


def read_object(raw: bytes) -> dict[str, Any]:
    """The JSON object in `raw`: NaN and Infinity, numbers too long to read, and values nested
    deeper than MAX_DEPTH refused with a message saying which."""
    try:
        body = json.loads(raw, parse_constant=_no_constant)
    except BodyRefused:
        raise
    except RecursionError:
        raise BodyRefused(f"the request nests values deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError) as error:
        if "digits" in str(error):  # Python's limit on the length of an integer
            raise BodyRefused("the request holds a number too long to read") from None
        raise BodyRefused("the request is not JSON") from None
    if not isinstance(body, dict):
        raise BodyRefused("the request is not a JSON object")
    if depth_of(body) > MAX_DEPTH:
        raise BodyRefused(f"the request nests values deeper than {MAX_DEPTH} levels")
    return body


def depth_of(value: Any) -> int:
    """How deep lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest = 0
    waiting: list[tuple[Any, int]] = [(value, 0)]
    while waiting:
        item, depth = waiting.pop()
        children = (item.values() if isinstance(item, dict) else
                    item if isinstance(item, list) else None)
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            return deepest
        waiting.extend((child, depth + 1) for child in children)
    return deepest


LINE_SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator",
                   "\u0085": "next line"}  # YAML reads each as a line break: saved, they change


def separator_problem(value: Any) -> str | None:
    """What `deckpress check` would say of a control character, for a line separator in any
    text of `value` (None when there is none): the file would not keep it as typed."""
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, list):
            waiting.extend(item)
        elif isinstance(item, str):
            for char, name in LINE_SEPARATORS.items():
                if char in item:
                    return (f"the text contains an invisible {name} (U+{ord(char):04X}), often "
                            "pasted from slides or a word processor; delete it and retype the "
                            "line break or space")
    return None


def finite(value: Any) -> Any:
    """`value` with NaN and infinities as text ("nan", "inf", "-inf"), as a page shows them."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


class JSONResponse(_StarletteJSONResponse):
    """Starlette's JSON response, but a non-finite number read from a file is sent as text
    instead of failing the request."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except ValueError:
            return super().render(finite(content))
