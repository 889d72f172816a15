"""What the fuzz tests share: the example budget, a guard against hangs, an isolated runner
for inputs that may exhaust memory, hostile values and a small YAML flow writer.

Budget: DECKPRESS_FUZZ_EXAMPLES examples per target (default 60), the end-to-end build
DECKPRESS_FUZZ_E2E_EXAMPLES (default 15, or a twentieth of a larger budget); every run draws
the same examples (derandomized, no example database), so a failure shows again on the next
run. DECKPRESS_FUZZ_TIMEOUT (seconds, default 10) is how long one call may take before it
counts as a hang.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import pickle
import re
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, currently_in_test_context, event, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from deckpress.layout.attributes import REQUIRED

EXAMPLES = int(os.environ.get("DECKPRESS_FUZZ_EXAMPLES", "60"))
E2E_EXAMPLES = int(os.environ.get("DECKPRESS_FUZZ_E2E_EXAMPLES", str(max(15, EXAMPLES // 20))))
TIMEOUT = float(os.environ.get("DECKPRESS_FUZZ_TIMEOUT", "10"))
MIB = 1024 * 1024


def budget(examples: int = EXAMPLES) -> settings:
    """Deterministic, bounded settings; no database, so nothing is written into the repo."""
    return settings(
        max_examples=max(1, examples),
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        # no explain phase: it reruns a failure many times over to say which lines it ran
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.large_base_example],
    )


# --- hangs -------------------------------------------------------------------------------


class Hang(BaseException):
    """A call took longer than DECKPRESS_FUZZ_TIMEOUT: treated as a hang."""


@contextlib.contextmanager
def no_hang(seconds: float = TIMEOUT) -> Iterator[None]:
    """Raise Hang in the main thread if the block runs longer than `seconds` of wall time
    (checked between Python bytecodes; long C loops are caught by the time check after)."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    if elapsed > seconds:
        raise Hang(f"took {elapsed:.1f} s, more than {seconds:g} s")


PYTHON_STACK = 1000  # the recursion limit of a plain `python` or `deckpress` process


@contextlib.contextmanager
def plain_python_stack() -> Iterator[None]:
    """The stack a `deckpress` command has: PYTHON_STACK frames more than the caller's depth.
    (Hypothesis raises the recursion limit while a test runs, which would hide recursion that
    fails in a real run, or show it only at some depths.)"""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + PYTHON_STACK)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def _count(outcome: str) -> None:
    """Note an outcome for --hypothesis-show-statistics (in a Hypothesis test only)."""
    if currently_in_test_context():
        event(outcome)


def expect_only(errors: tuple[type[BaseException], ...], call: Callable[[], Any]) -> Any:
    """Run `call` under the hang guard, with a plain Python stack; an exception that is not
    one of `errors` propagates (and fails the test, with its own traceback); one of `errors`
    returns None. Each outcome is counted (--hypothesis-show-statistics lists them)."""
    with no_hang(), plain_python_stack():
        try:
            result = call()
        except errors as error:
            _count(f"refused ({type(error).__name__})")
            return None
        except RecursionError as error:
            # Where Python notices the recursion varies from run to run, which Hypothesis
            # would report as a flaky failure: it is raised again below, from one place (and
            # outside this block, so without a context), with the frames that recur.
            frames = traceback.format_tb(error.__traceback__)
            recursion = RecursionError(
                f"{error} ({len(frames)} frames); the innermost:\n" + "".join(frames[-6:]))
        else:
            _count("accepted")
            return result
    raise recursion


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "expected", "timeout", "killed", or the unexpected exception's type name
    detail: str = ""
    seconds: float = 0.0


def run_isolated(call: Callable[[], Any], expected: tuple[type[BaseException], ...],
                 seconds: float = TIMEOUT, memory: int = 256 * MIB) -> Outcome:
    """Run `call` in a forked child whose address space may grow by at most `memory` bytes
    and which is killed after `seconds`: inputs that blow up can fail the test without taking
    the machine (or the test run) with them."""
    reader, writer = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        result: tuple[str, str]
        try:
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            call()
            result = ("ok", "")
        except expected:
            result = ("expected", "")
        except BaseException as error:
            result = (type(error).__name__, traceback.format_exc()[-3000:])
        with contextlib.suppress(BaseException):
            os.write(writer, pickle.dumps(result))
        os._exit(0)
    os.close(writer)
    try:
        ready, _, _ = select.select([reader], [], [], seconds)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return Outcome("timeout", f"still running after {seconds:g} s", seconds)
        data = b""
        while chunk := os.read(reader, 65536):
            data += chunk
        os.waitpid(pid, 0)
    finally:
        os.close(reader)
    elapsed = time.monotonic() - start
    if not data:
        return Outcome("killed", "the child died without a result", elapsed)
    kind, detail = pickle.loads(data)
    return Outcome(kind, detail, elapsed)


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover - not Linux


# --- hostile values ----------------------------------------------------------------------

HUGE_DIGITS = "9" * 400
# Numbers as they might be written in an attribute or a YAML value.
HOSTILE_NUMBERS = (
    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-400", "-0", "0",
    "-0.0", "0.0", "", " ", "1", "-1", "0.5", "1.", ".5", "-.5", "00001", "1_000", "0x1F",
    "1e3", "3mm", "-3mm", "0mm", "1e309mm", "9e9in", "2.5in", "12pt", "1cm", "5 mm", "5MM",
    HUGE_DIGITS, "-" + HUGE_DIGITS, HUGE_DIGITS + "mm", "0." + "0" * 400 + "1", "1" * 5000,
    "١٢", "²", "½", "٣mm", "1\u00a0mm", "\u22121", "1,5", "none", "None", "true",
)

# Characters that make text hard: emoji (with modifiers and joiners), combining marks, RTL,
# markdown-ish stars, XML specials, odd spaces, line separators and control characters.
HOSTILE_CHARS = (
    "a", "Z", " ", " ", "\n", "\t", "*", "**", "_", "<", ">", "&", "\"", "'", "#", ":", "{", "}",
    "\\", "/", "%", "|", "-", "é", "ß", "Ω", "Ж", "😀", "👩🏽‍💻", "🏳️‍🌈", "\u0301", "\u0336",
    "e\u0301\u0302\u0303", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u202e", "\u200f", "\u200b", "\u200d", "\u00a0", "\u2028", "\u2029", "\ufeff", "\u00ad",
    "\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "中文", "\uffff", "\U0010ffff", "ﷺ",
    "&amp;", "&#0;", "]]>", "<b>", "</i>", "{{", "{%", "nan", "inf",
)
LONG_WORDS = ("W" * 300, "supercalifragilistic" * 10, "😀" * 60, "a\u0301" * 100,
              "\u05e9" * 200, "x" * 2000)

hostile_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(HOSTILE_CHARS), st.sampled_from(LONG_WORDS),
                       st.text(max_size=8)), max_size=12).map("".join),
    st.text(max_size=40),
)
number_strings = st.one_of(st.sampled_from(HOSTILE_NUMBERS),
                           st.floats().map(repr),
                           st.integers(-(10 ** 30), 10 ** 30).map(str),
                           st.from_regex(r"-?[0-9]{0,4}\.?[0-9]{0,4}(mm|pt|in|cm)?",
                                         fullmatch=True))
hostile_numbers = st.one_of(
    st.floats(),  # nan, inf, -0.0, subnormals
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0]),
    st.integers(),
    st.sampled_from([10 ** 400, -(10 ** 400), 2 ** 63, -(2 ** 63) - 1, 0, -1]),
)


# --- YAML --------------------------------------------------------------------------------


# Not allowed raw in a YAML file, or a line break YAML would fold inside quotes.
YAML_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Raw:
    """Text placed into YAML as written (a scalar, tag, anchor or whole flow collection)."""

    text: str


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def flow(value: Any) -> str:
    """`value` as YAML flow text: numbers as YAML reads them (.nan, .inf, huge ints), text
    double-quoted, Raw as written."""
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):  # characters YAML does not allow raw, as \u escapes
        return YAML_UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}",
                                    json.dumps(value, ensure_ascii=False))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(key)} : {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    raise TypeError(type(value))


def document(mapping: dict[str, Any]) -> str:
    """A block mapping of flow values: one top-level key a line, as people write files."""
    return "".join(f"{key if PLAIN_KEY.match(key) else flow(key)}: {flow(value)}\n"
                   for key, value in mapping.items())


PLAIN_KEY = re.compile(r"^[a-z][a-z_-]*$")


TAGS = (
    "!!python/object:os.system", "!!python/object/apply:os.system", "!!python/name:os.system",
    "!!python/tuple", "!!binary", "!!float", "!!int", "!!str", "!!bool", "!!null",
    "!!timestamp", "!!set", "!!omap", "!!pairs", "!!seq", "!!map", "!!merge", "!!value",
    "!custom", "!", "!<tag:yaml.org,2002:str>", "!<tag:example.com,2000:x>", "!!yaml",
)
PLAIN_SCALARS = (
    "x", "title", "cards", "~", "null", "yes", "No", "on", "OFF", "y", "true", ".nan", ".NaN",
    ".inf", "-.inf", "+.inf", "1e309", "-1e309", "1.0e+309", HUGE_DIGITS, "-" + HUGE_DIGITS,
    "1" * 5000, "0x", "0x1F", "0o17", "0b101", "0b", "017", "09", "1_000", "1:30", "1:30:00",
    "-1:60", "190:20:30.15", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-13-45",
    "1e3", ".5", "-.", "+", "-", "=", "<<", "0.", "12:", "@x", "`x", "%x", "a b", "poker",
    "home-letter", "5mm", "#1D3557", "'#1D3557'", "''", '""', "'it''s'", '"\\u00e9"',
    '"\\x00"', '"\\e"', '"\\N"', '"\\L"', '"\\P"', '"\\_"', '"\\U0001F600"', '"\\t"',
)
ANCHORS = tuple(f"a{i}" for i in range(4))


def rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in `one_in` draws (and False when shrunk: the plain case)."""
    return draw(st.integers(0, one_in - 1)) == one_in // 2


def _decorate(draw: st.DrawFn, text: str) -> str:
    prefix = ""
    if rarely(draw, 4):
        prefix += draw(st.sampled_from(TAGS)) + " "
    if rarely(draw, 5):
        prefix = f"&{draw(st.sampled_from(ANCHORS))} " + prefix
    return prefix + text


@st.composite
def yaml_scalar(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        text = json.dumps(draw(hostile_text), ensure_ascii=False)
    elif kind == 1:
        text = "'" + draw(hostile_text).replace("'", "''") + "'"
    elif kind == 2:
        text = draw(number_strings).strip() or "0"
    else:
        text = draw(st.sampled_from(PLAIN_SCALARS))
    if rarely(draw, 7):
        return "*" + draw(st.sampled_from((*ANCHORS, "undefined")))
    return _decorate(draw, text)


@st.composite
def _seq(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    return _decorate(draw, "[" + ", ".join(draw(st.lists(children, max_size=4))) + "]")


@st.composite
def _map(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    keys = st.one_of(yaml_scalar(), st.just("<<"), children,
                     st.sampled_from(ANCHORS).map(lambda anchor: f"*{anchor} "))
    pairs = draw(st.lists(st.tuples(keys, children), max_size=4))
    return _decorate(draw, "{" + ", ".join(f"{key} : {value}" for key, value in pairs) + "}")


yaml_node = st.recursive(yaml_scalar(), lambda children: st.one_of(_seq(children),
                                                                   _map(children)),
                         max_leaves=25)


@dataclass(frozen=True)
class Nested:
    """One value nested `depth` levels deep (shown by its numbers, not its text)."""

    style: str  # list, map, mixed (lists of maps) or block (indented maps)
    depth: int

    def __str__(self) -> str:
        depth = self.depth
        if self.style == "list":
            return "[" * depth + "x" + "]" * depth
        if self.style == "map":
            return "{k: " * depth + "x" + "}" * depth
        if self.style == "mixed":
            return "[{k: " * (depth // 2) + "x" + "}]" * (depth // 2)
        return "\n" + "".join(" " * level + "k:\n" for level in range(depth)) + " " * depth + "v"


# Depths far apart, so that whether one fails does not hinge on a few stack frames (which
# caches and first calls change): a failure shrinks to the same example every run.
DEPTHS = (0, 1, 3, 10, 40, 200, 800, 1500)
deep_nesting = st.builds(Nested, st.sampled_from(["list", "map", "mixed", "block"]),
                         st.sampled_from(DEPTHS))


@dataclass(frozen=True)
class AliasBomb:
    """Layers of anchors, each a list of `width` aliases of the layer before: a few hundred
    bytes standing for width ** (depth + 1) values. Sizes are far apart (at most 10**6, or
    10**9 and more), so a failure does not hinge on timing."""

    width: int
    depth: int

    @property
    def anchors(self) -> str:
        lines = ["x-b0: &b0 [" + ", ".join(["x"] * self.width) + "]"]
        for level in range(1, self.depth + 1):
            lines.append(f"x-b{level}: &b{level} ["
                         + ", ".join([f"*b{level - 1}"] * self.width) + "]")
        return "\n".join(lines) + "\n"

    @property
    def alias(self) -> str:
        return f"*b{self.depth}"


alias_bomb = st.builds(AliasBomb, st.sampled_from((2, 4, 10, 12)), st.sampled_from((1, 3, 5, 8)))


# --- XML markup (card layouts and worksheet flow) -----------------------------------------

# Values some attribute parser accepts; each attribute is given those its parser takes.
CANDIDATES = (
    "0", "1", "2", "3", "0.5", "1.25", "10", "12", "40", "2mm", "10mm", "9pt", "12pt",
    "0.25in", "1cm", "#000", "#336699", "#FFFFFF", "none", "true", "false", "card.text",
    "client.note", "brand.coach.email", "deck.title", "a", "name-1", "row.2", "yes|no",
    "a | b | c", "20 *", "* *", "30 40 *", "3 2",
)
XML_SPECIALS = ("&amp;", "&lt;", "&#x1F600;", "&#0;", "&#xD800;", "&nbsp;", "&xxe;", "&",
                "<", "]]>", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "\x00", "\ufffe")
MARKUP_TOKENS = (
    "<", ">", "/>", "</", "=", '"', "'", " ", "\n", "<card>", "</card>", "<front>",
    "</front>", "<back>", "</back>", "<back/>", "<front/>", "<worksheet title=\"t\">",
    "</worksheet>", "<rect", "<text", "</text>", "<line", "<image", "<qr", "<ellipse",
    "<paragraph>", "</paragraph>", "<table", "<row>", "</row>", "<cell>", "</cell>", "<lines",
    "<b>", "</b>", "<br/>", "<font color=\"#f00\">", "</font>", " x=\"1\"", " y=\"1\"",
    " w=\"9\"", " h=\"9\"", " size=\"", " name=\"n\"", " widths=\"*\"",
    "<!DOCTYPE card [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
    "<!DOCTYPE card [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
    "&b;", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"latin-1\"?>",
    "<x:y xmlns:x=\"urn:x\">", "<x:y>", "\ufeff", *XML_SPECIALS, *HOSTILE_NUMBERS[:20],
)
markup_soup = st.lists(st.sampled_from(MARKUP_TOKENS), max_size=50).map("".join)


def xml_safe(value: str) -> str:
    """Only characters XML 1.0 allows (raw ones it does not are tried by the text soups)."""
    return "".join(char for char in value
                   if char in "\t\n\r" or " " <= char <= "\ud7ff" or "\ue000" <= char <= "\ufffd"
                   or char >= "\U00010000")


def _escape_attribute(value: str) -> str:
    return (xml_safe(value).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\n", "&#10;"))


def escape_text(value: str) -> str:
    return xml_safe(value).replace("&", "&amp;").replace("<", "&lt;")


def sane_values(parse: Callable[[str], Any]) -> tuple[str, ...]:
    """The candidate values `parse` accepts (the options of a choice)."""
    options = getattr(parse, "options", None)
    if options:
        return tuple(options)
    accepted = []
    for value in CANDIDATES:
        try:
            parse(value)
        except ValueError:
            continue
        accepted.append(value)
    return tuple(accepted)


NON_FINITE = ("nan", "inf", "-inf", "1e309", "Infinity", HUGE_DIGITS, HUGE_DIGITS + "mm",
              "-" + HUGE_DIGITS, HUGE_DIGITS + "." + HUGE_DIGITS, "0." + "0" * 400 + "1")
hostile_attribute = st.one_of(st.sampled_from(NON_FINITE), st.sampled_from(HOSTILE_NUMBERS),
                              number_strings, hostile_text,
                              st.sampled_from(CANDIDATES + XML_SPECIALS))


@st.composite
def attributes(draw: st.DrawFn, spec: dict[str, Any], hostile_count: int | None = None) -> str:
    """Attributes for an element of `spec`: mostly values its parsers accept, with
    `hostile_count` (default: up to two) hostile ones; now and then a required one left out,
    or one the element does not have."""
    names = list(spec)
    if hostile_count is None:
        hostile_count = draw(st.sampled_from((0, 0, 1, 1, 2)))
    count = max(0, min(len(names), hostile_count))
    hostile = draw(st.sets(st.sampled_from(names), min_size=count, max_size=count)) \
        if count else set()
    parts = []
    for name, attribute in spec.items():
        required = attribute.default is REQUIRED
        if name not in hostile and not (required or draw(st.booleans())):
            continue
        if required and rarely(draw, 30):
            continue
        sane = sane_values(attribute.parse)
        value = draw(hostile_attribute if name in hostile or not sane else st.sampled_from(sane))
        parts.append(f'{name}="{_escape_attribute(value)}"')
    if rarely(draw, 20):
        parts.append(f'{draw(st.sampled_from(("foo", "style", "x", "xml:lang", "onload")))}='
                     f'"{_escape_attribute(draw(hostile_attribute))}"')
    if rarely(draw, 4):
        parts = draw(st.permutations(parts))
    return (" " + " ".join(parts)) if parts else ""


@st.composite
def inline(draw: st.DrawFn, inline_tags: tuple[str, ...]) -> str:
    """Text with inline tags (and now and then a tag that is not allowed there)."""
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        if rarely(draw, 12):
            pieces.append(draw(st.sampled_from(XML_SPECIALS)))
        elif rarely(draw, 4):
            tag = draw(st.sampled_from((*inline_tags, "span", "script", "rect")))
            extra = ""
            if tag == "font" or rarely(draw, 10):
                extra = f' color="{_escape_attribute(draw(hostile_attribute))}"'
            body = escape_text(draw(hostile_text))
            pieces.append(f"<{tag}{extra}/>" if tag == "br" else f"<{tag}{extra}>{body}</{tag}>")
        else:
            pieces.append(escape_text(draw(hostile_text)))
    return "".join(pieces)


def numbers(value: Any) -> Iterator[float]:
    """Every number inside a parsed value (tuples, lists and models looked into)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from numbers(item)
    elif isinstance(value, BaseModel):
        for key in type(value).model_fields:
            yield from numbers(getattr(value, key))
