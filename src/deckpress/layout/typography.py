"""Typography of printed text, by language: curly quotes and apostrophes, dashes, no-break
spaces where a line must not break, and where long words may be hyphenated.

Pure functions over the text a coach wrote (before it is escaped into markup), so tags,
attribute values and icon names are never touched. The rules of each language are data:
data/typography.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

DEFAULT_LANGUAGE = "en"
NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space: ReportLab breaks lines at it, so it is set as NBSP
APOSTROPHE = "\u2019"
EN_DASH = "\u2013"
EM_DASH = "\u2014"
# quotation marks of any language: a text that has one was set by hand and keeps its quotes
# a backslash keeps the next of these characters as typed: \" \' \-
_KEPT = {'"': "\ue000", "'": "\ue001", "-": "\ue002"}
_KEPT_BACK = {held: char for char, held in _KEPT.items()}
_ESCAPED = re.compile(r"\\([\"'-])")
# a web address or an e-mail, without the punctuation or quote that may close a sentence
# (an e-mail's name may hold an apostrophe, o'brien@, but not start with one: 'me@x.org')
_LINK = re.compile(r"(?:https?://|www\.)\S*[^\s\"'.,;:!?)\]]|[\w.+-][\w.+'-]*@[\w-]+(?:\.[\w-]+)+")
_HELD_START = "\ue010"
_HELD_LINK = re.compile("\ue010(\\d+)\ue011")
# after these a quotation mark opens a quote: the start, a space, a bracket, a dash, a quote
_OPENERS = frozenset(" \t\n\r\u00a0\u202f([{/=–—-“„‘‚«‹\u2018")
_EMPHASIS = "*_"  # emphasis marks are looked through: *"word"* quotes as "word" does
_EM = re.compile(r"(?<!-)---(?!-)")
_SPACED_DASH = re.compile(r"(?<=\S)[ \t]+--?[ \t]+(?=\S)")
_EN = re.compile(r"(?<!-)--(?!-)")
# a number, a space, then a short word (a unit, a counting word) or a sign: kept on one line
SHORT_WORD = 9  # letters
_NUMBER_WORD = re.compile(
    r"(?<![\w.,:])(\d+(?:[.,]\d+)*) (?=(?:[^\W\d_]{1,"
    + str(SHORT_WORD) + r"}|[%‰€$£])(?![^\W\d_]))")
# French: a no-break space before ; ! ? : and none other inside « »
_FRENCH_BEFORE = re.compile(r"[ \u00a0]+([;!?:])(?=\s|$|[\"»”)])")
_FRENCH_INSIDE = re.compile(r"(«)\u00a0[ \t\u00a0]+|[ \t\u00a0]+(\u00a0»)")


@dataclass(frozen=True)
class Language:
    """How one language sets quotes and breaks words (data/typography.yaml)."""

    code: str
    quotes: tuple[str, str, str, str]  # outer open, outer close, inner open, inner close
    inside: str  # between an outer quotation mark and the quoted words
    patterns: str  # pyphen's dictionary
    left: int  # fewest letters before a hyphenation break
    right: int  # fewest letters after it
    shortest: int  # the shortest word that is hyphenated
    elided: re.Pattern[str] | None  # words that start with an apostrophe: 'tis, rock 'n' roll


@cache
def languages() -> dict[str, Language]:
    """The languages deckpress sets text in, by ISO 639-1 code."""
    data = yaml.safe_load(resources.files("deckpress").joinpath("data", "typography.yaml")
                          .read_text(encoding="utf-8"))
    return {code: Language(code, tuple(entry["quotes"]), entry["inside"],
                           entry["hyphenation"]["patterns"], entry["hyphenation"]["left"],
                           entry["hyphenation"]["right"], entry["hyphenation"]["shortest"],
                           _elision_pattern(entry.get("elided", [])))
            for code, entry in data.items()}


def _elision_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for the language's elided words, each a word of its own (longest first, so
    'nen is not read as 'ne), in any case: 'Tis, 'TIS."""
    if not words:
        return None
    choices = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{choices})(?![\w'])", re.IGNORECASE)


def language_of(code: str) -> Language:
    """The rules for `code`; English for a language without rules of its own."""
    known = languages()
    return known.get(code.split("-")[0].split("_")[0].lower(), known[DEFAULT_LANGUAGE])


@lru_cache(maxsize=4096)
def typeset(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """`text` as a typesetter would print it in `language`: curly quotes and apostrophes
    (typographic quotes already typed stay as they are), "--" as an en dash and "---" as an em
    dash, a spaced hyphen as a spaced en dash that never starts a line, a number kept on the
    line of the short word after it, and French spacing. A backslash keeps \\" \\' and \\-
    as typed."""
    if not text:
        return text
    rules = language_of(language)
    links: list[str] = []  # web addresses and e-mails: printed exactly as typed

    def hold(match: re.Match[str]) -> str:
        links.append(match.group(0))
        return f"\ue010{len(links) - 1}\ue011"

    held = _LINK.sub(hold, text)
    held = _ESCAPED.sub(lambda match: _KEPT[match.group(1)], held)
    held = _dashes(held)
    if rules.elided is not None and "'" in held:  # 'tis, rock 'n' roll: apostrophes, not quotes
        held = rules.elided.sub(lambda match: match.group(0).replace("'", APOSTROPHE), held)
    if '"' in held or "'" in held:  # quotes typed as typographic ones stay as they are
        held = "".join(_quoted(held, rules))
    if "'" in held:  # in a text set by hand, a straight apostrophe is still one
        held = re.sub(r"(?<=[^\W\d_])'(?=[^\W\d_])", APOSTROPHE, held)
    held = _NUMBER_WORD.sub(r"\1" + NBSP, held).replace(NNBSP, NBSP)
    if rules.code == "fr":
        held = _french(held)
    held = "".join(_KEPT_BACK.get(char, char) for char in held)
    return _HELD_LINK.sub(lambda match: links[int(match.group(1))], held) if links else held


def _dashes(text: str) -> str:
    """--- as an em dash, -- as an en dash, a spaced hyphen as an en dash glued to the word
    before it."""
    if "-" not in text:
        return text
    text = _EM.sub(EM_DASH, text)
    text = _SPACED_DASH.sub(NBSP + EN_DASH + " ", text)
    return _EN.sub(EN_DASH, text)


def _quoted(text: str, rules: Language) -> Iterator[str]:
    """The text with each straight quote replaced by the language's opening or closing mark or
    an apostrophe, chosen by what is around it."""
    outer_open, outer_close, inner_open, inner_close = rules.quotes
    open_double = open_single = False
    for index, char in enumerate(text):
        if char not in "\"'":
            yield char
            continue
        before = _before(text, index)
        after = text[index + 1] if index + 1 < len(text) else ""
        opening = before in _OPENERS or not before
        if char == '"':
            if before.isdigit() and not open_double:
                yield char  # an inch mark: 5"
            elif opening and not open_double:
                open_double = True
                yield outer_open + rules.inside
            else:
                open_double = False
                yield rules.inside + outer_close
        elif opening and (after.isalpha() or after in ('"', _HELD_START)):
            open_single = True
            yield inner_open  # before a word, a quote or a web address
        elif before.isdigit() and after.isalpha():
            yield APOSTROPHE  # the 90's
        elif before.isdigit() and not open_single:
            yield char  # feet or minutes: 6'
        elif open_single and not after.isalnum():
            open_single = False
            yield inner_close
        else:
            yield APOSTROPHE  # it's, '90s, the students'


def _before(text: str, index: int) -> str:
    """The character before `index`, looking through emphasis marks."""
    while index > 0 and text[index - 1] in _EMPHASIS:
        index -= 1
    return text[index - 1] if index > 0 else ""


def _french(text: str) -> str:
    """French spacing: a no-break space before ; ! ? : and inside « » (the spaces the coach
    typed there become one), so no line starts with the sign or ends with the «."""
    text = _FRENCH_INSIDE.sub(lambda match: (match.group(1) or "") + NBSP
                              + (match.group(2) or "")[1:], text)
    return _FRENCH_BEFORE.sub(NBSP + r"\1", text)


Hyphenator = Callable[[str], list[tuple[str, str]]]


@cache
def hyphenator(language: str) -> Hyphenator:
    """For ReportLab's paragraph layout (its style's `hyphenationLang`): a word's possible
    splits as (head, tail), the longest head first; none for a word shorter than the
    language's `shortest`."""
    import pyphen  # only once a text needs hyphenation: its patterns take a moment to load

    rules = language_of(language)
    patterns = pyphen.Pyphen(lang=rules.patterns, left=rules.left, right=rules.right)

    @lru_cache(maxsize=16384)
    def splits(word: str) -> list[tuple[str, str]]:
        if len(word) < rules.shortest or not word.isalpha():
            return []
        points = thinned(patterns.positions(word))
        return [(word[:point], word[point:]) for point in reversed(points)]

    return splits


def thinned(points: list[int]) -> list[int]:
    """Break points without one-letter syllables: pyphen's German patterns (two levels in one
    file, read as one) split "Zusammenarbeit" as Zusam-me-n-a-r-beit; in each run of adjacent
    points the last is kept and every second one before it: Zusam-men-ar-beit."""
    kept: list[int] = []
    for index in range(len(points) - 1, -1, -1):
        point = points[index]
        if kept and kept[-1] - point == 1:
            continue
        kept.append(point)
    return sorted(kept)


def hyphenated(word: str, language: str, hyphen: str = "-") -> str:
    """`word` with `hyphen` at every place it may break: for tests and docs."""
    splits = hyphenator(language)(word)
    points = sorted(len(head) for head, _ in splits)
    pieces = [word[start:end] for start, end in zip([0, *points], [*points, len(word)],
                                                    strict=True)]
    return hyphen.join(pieces)
