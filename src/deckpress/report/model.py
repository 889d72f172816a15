"""A programme's data, from one or more filled worksheets: the asks of the log, the days of
the tracker, the rungs of the ladder and the debrief, every value checked (a fear of 14 is a
mistake, said at its sheet and field; every such mistake of every sheet is said at once), and
what was left empty, or typed as a date but not one (2027-02-30), noted for the report.

Several sheets are one programme only if they are of one client and one deck. A field filled
in two sheets is a duplicate (the same sheet given twice, or the same day or card filled on two
copies), and so are two asks of the same card on the same date: each is a mistake to fix, not
a value to guess between. Blank log blocks (`log.1.…`) are counted per sheet, so two copies of
a blank log give twice the asks.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from babel.dates import parse_date

from ..errors import DeckError, Where, place_and_problem
from ..findings import plural
from ..worksheets.identity import Identity
from .read import FilledSheet

T = TypeVar("T")

LOG = re.compile(r"^log\.(?P<key>.+)\.(?P<part>date|card|where|prediction|belief|fear_before|"
                 r"fear_peak|fear_after|happened|outcome|belief_after|learned|next)"
                 r"(?:\.(?P<line>\d{1,2}))?$")
DAY = re.compile(r"^tracker\.day\.(?P<day>\d{1,3})(?:\.(?P<part>asks|noes))?$")
LADDER = re.compile(r"^ladder\.(?P<card>.+)\.(?P<part>expected|date|actual)$")
DEBRIEF = re.compile(r"^debrief\.(?P<part>covered|surprised|predicted|proud|next_rung|"
                     r"questions)(?:\.(?P<line>\d{1,2}))?$")
OUTCOMES = {"1": "yes", "2": "no", "3": "no reply", "4": "other"}
SCALES = {"belief": 100, "belief_after": 100, "fear_before": 10, "fear_peak": 10,
          "fear_after": 10}
MAX_COUNT = 1000  # asks or no's written for one day
MAX_LISTED = 50  # bad values listed in one message; the rest are counted
TEXT_FORMATS = ("%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%b %d", "%B %d", "%d %b",
                "%d %B", "%a %b %d", "%a %d %b")
# Every part of a log block, in the order the sheet asks them (before the ask, then after),
# and how the report says it was left empty
EMPTY = {"date": "no date", "card": "no card code", "where": "nothing under who / where",
         "prediction": "nothing under what I fear will happen",
         "belief": "belief not rated", "fear_before": "fear before not rated",
         "fear_peak": "fear at its peak not rated", "fear_after": "fear after not rated",
         "happened": "nothing under what actually happened", "outcome": "no answer ticked",
         "belief_after": "belief not re-rated", "learned": "nothing under what I learned",
         "next": "no next step"}


@dataclass(frozen=True)
class Ask:
    """One filled block of the challenge log."""

    sheet: Path
    entry: str  # the card id of a card's block, or the number of a blank block
    card: str
    title: str
    date: datetime.date | None
    date_text: str
    texts: dict[str, str]  # where, prediction, happened, learned, next
    numbers: dict[str, int]  # belief, fear_before, fear_peak, fear_after, belief_after
    outcome: str  # yes, no, no reply, other, or empty

    def missing(self) -> list[str]:
        """The parts a coach looks for that were left empty, in words."""
        have = {**self.texts, **self.numbers, "outcome": self.outcome,
                "date": self.date_text, "card": self.card}
        return [said for part, said in EMPTY.items() if have.get(part) in (None, "")]

    @property
    def label(self) -> str:
        """How a chart names the ask: its card, and its date if known."""
        when = short_date(self.date) if self.date else ""
        return f"{self.card or '?'}\n{when}" if when else self.card or "?"


@dataclass(frozen=True)
class Day:
    sheet: Path
    number: int
    date: datetime.date | None
    asked: bool
    asks: int | None
    noes: int | None

    @property
    def made(self) -> int:
        """Asks made that day: the count written, else one for a ticked box."""
        return self.asks if self.asks is not None else int(self.asked)


@dataclass(frozen=True)
class Rung:
    sheet: Path | None  # the sheet its row was filled on (or the ladder's, if empty)
    step: int
    card: str
    title: str
    expected: int | None
    date: datetime.date | None
    date_text: str  # as typed: kept when it cannot be read as a date
    actual: int | None


@dataclass(frozen=True)
class Programme:
    """Everything the report shows, from every sheet given."""

    identity: Identity
    sheets: tuple[Path, ...]
    kinds: frozenset[str]
    asks: tuple[Ask, ...]
    days: tuple[Day, ...]
    rungs: tuple[Rung, ...]
    debrief: dict[str, str]
    notes: tuple[str, ...]  # what was missing or odd, in words

    @property
    def tracked(self) -> bool:
        return any(day.asked or day.asks is not None or day.noes is not None
                   for day in self.days)

    @property
    def asks_made(self) -> int:
        return sum(day.made for day in self.days) if self.tracked else len(self.asks)

    @property
    def noes(self) -> int:
        if any(day.noes is not None for day in self.days):
            return sum(day.noes or 0 for day in self.days)
        return sum(ask.outcome == "no" for ask in self.asks)

    @property
    def longest_streak(self) -> int:
        """The most days in a row with an ask: from the tracker, else from the log's dates."""
        if self.tracked:
            numbers = [day.number for day in self.days if day.made > 0]
        else:
            numbers = [date.toordinal() for date in {ask.date for ask in self.asks if ask.date}]
        return _longest_run(numbers)

    @property
    def hardest_rung(self) -> Rung | None:
        """The highest rung with a date or a fear on the ladder, or an ask in the log."""
        logged = {ask.card for ask in self.asks}
        reached = [rung for rung in self.rungs
                   if rung.date_text or rung.actual is not None or rung.card in logged]
        return reached[-1] if reached else None

    def trend(self) -> str:
        """In one sentence, how fear and belief moved across the asks, on average."""
        said = []
        peaks = [ask for ask in self.asks if {"fear_peak", "fear_after"} <= ask.numbers.keys()]
        if peaks:
            said.append(f"fear went from {_mean([a.numbers['fear_peak'] for a in peaks]):.1f} at "
                        f"its peak to {_mean([a.numbers['fear_after'] for a in peaks]):.1f} after "
                        f"({plural(len(peaks), 'ask')})")
        rated = [ask for ask in self.asks if {"belief", "belief_after"} <= ask.numbers.keys()]
        if rated:
            said.append(f"belief in the feared prediction went from "
                        f"{_mean([a.numbers['belief'] for a in rated]):.0f}% to "
                        f"{_mean([a.numbers['belief_after'] for a in rated]):.0f}% "
                        f"({plural(len(rated), 'ask')})")
        return ("On average, " + "; ".join(said) + ".") if said else ""

    @property
    def first_and_last(self) -> tuple[datetime.date, datetime.date] | None:
        dates = sorted([ask.date for ask in self.asks if ask.date] +
                       [day.date for day in self.days if day.date and day.made])
        return (dates[0], dates[-1]) if dates else None


def short_date(date: datetime.date) -> str:
    """Jan 12: how the report names a day (its words are English)."""
    return f"{date:%b} {date.day}"


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def _longest_run(numbers: Iterable[int]) -> int:
    best = run = 0
    previous: int | None = None
    for number in sorted(set(numbers)):
        run = run + 1 if previous is not None and number == previous + 1 else 1
        best, previous = max(best, run), number
    return best


@dataclass
class Reading:
    """What is gathered while the sheets are read, one after another."""

    identity: Identity
    asks: list[Ask] = field(default_factory=list)
    days: dict[int, Day] = field(default_factory=dict)
    ladder: dict[str, dict[str, str]] = field(default_factory=dict)
    debrief: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    filled_in: dict[str, Path] = field(default_factory=dict)  # field -> the sheet it was in
    ladder_sheets: dict[str, Path] = field(default_factory=dict)  # card -> its row's sheet
    problems: list[DeckError] = field(default_factory=list)  # every bad value, said together

    def checked(self, check: Callable[[], T]) -> T | None:
        """What `check` gives, or None with its DeckError kept: a report says every bad value
        at once, so the client fixes them in one go."""
        try:
            return check()
        except DeckError as error:
            self.problems.append(error)
            return None


def programme(sheets: list[FilledSheet]) -> Programme:
    """The programme the sheets record; a DeckError for a sheet of another programme, or one
    that lists every value out of range and every duplicate."""
    check_same_programme(sheets)
    reading = Reading(sheets[0].identity)
    for sheet in sheets:
        _claim_fields(reading, sheet)
        reading.asks += _asks(sheet, reading)
        _days(sheet, reading)
        _ladder(sheet, reading)
        for name, value in sheet.values.items():
            match = DEBRIEF.match(name)
            if match:
                part = match["part"]
                reading.debrief[part] = _joined(reading.debrief.get(part, ""), value)
    _no_duplicate_asks(reading)
    if reading.problems:
        raise together(_in_sheet_order(reading.problems, sheets))
    asks = sorted(reading.asks, key=lambda ask: (ask.date is None, ask.date or
                                                 datetime.date.min))
    identity = reading.identity
    kinds = frozenset(kind for sheet in sheets for kind in sheet.identity.kinds)
    ladder_sheet = next((sheet.path for sheet in sheets if "ladder" in sheet.identity.kinds),
                        None)
    rungs = tuple(_rung(step, card, reading, reading.ladder_sheets.get(card, ladder_sheet))
                  for step, card in enumerate(identity.rungs, 1))
    days = tuple(reading.days.values()) if "tracker" in kinds else ()
    return Programme(identity, tuple(sheet.path for sheet in sheets), kinds, tuple(asks),
                     days, rungs, reading.debrief,
                     tuple(reading.notes) + tuple(_gaps(kinds, asks, days)))


def check_same_programme(sheets: list[FilledSheet]) -> None:
    """Every sheet of one client and one deck, and no file given twice."""
    first = sheets[0]
    seen: dict[str, Path] = {}
    for sheet in sheets:
        if sheet.digest in seen:
            raise DeckError(f"this worksheet was given twice (the same file as "
                            f"{seen[sheet.digest].name})", Where(sheet.path),
                            "give each filled worksheet once")
        seen[sheet.digest] = sheet.path
        ours, theirs = first.identity, sheet.identity
        if theirs.client_file != ours.client_file:
            raise DeckError(f"this worksheet is {_whose(theirs)}, but {first.path.name} is "
                            f"{_whose(ours)}", Where(sheet.path),
                            "give one client's worksheets at a time")
        if theirs.deck_file != ours.deck_file:
            raise DeckError(f"this worksheet is for the deck '{theirs.deck}' "
                            f"({theirs.deck_file}), but {first.path.name} is for "
                            f"'{ours.deck}' ({ours.deck_file})", Where(sheet.path),
                            "give the worksheets of one deck at a time: one report per deck")


def _whose(identity: Identity) -> str:
    return f"client {identity.client}'s" if identity.client_file else \
        "not for a client (made without --client)"


def _claim_fields(reading: Reading, sheet: FilledSheet) -> None:
    """A field of a card, a day or the ladder filled in two sheets is a duplicate."""
    for name in sheet.values:
        match = LOG.match(name)
        if match and match["key"].isdigit():
            continue  # a blank block: each sheet's are asks of their own
        if not (match or DAY.match(name) or LADDER.match(name)):
            continue  # the identity, the debrief and the contacts: written once a sheet
        earlier = reading.filled_in.get(name)
        if earlier is not None:
            reading.problems.append(DeckError(
                f"this field is filled in on {earlier.name} too", sheet.where(name),
                "the same sheet given twice, or two copies filled in for the same day or card: "
                "give the one that is right"))
            continue
        reading.filled_in[name] = sheet.path


def together(problems: list[DeckError]) -> DeckError:
    """Every bad value as one error, a line each naming its sheet and field (one alone as
    it is); `each` holds them all, as `combined` does."""
    if len(problems) == 1:
        return problems[0]
    lines = [place_and_problem(problem.where, problem.problem) +
             (f" ({problem.hint})" if problem.hint else "") for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"… and {len(problems) - MAX_LISTED} more")
    error = DeckError(f"{len(problems)} values in the filled worksheets cannot be used:\n  " +
                      "\n  ".join(lines), None,
                      "correct each in the worksheet (or ask the client to) and run again")
    error.each = list(problems)
    return error


def _in_sheet_order(problems: list[DeckError], sheets: list[FilledSheet]) -> list[DeckError]:
    """The problems sheet by sheet, each sheet's in the order of its fields (its pages)."""
    order = {(sheet.path, name): (number, place) for number, sheet in enumerate(sheets)
             for place, name in enumerate(sheet.values)}
    return sorted(problems, key=lambda problem: order.get(
        (Path(problem.where.file or ""), problem.where.field or ""), (len(sheets), 0)))


def _asks(sheet: FilledSheet, reading: Reading) -> list[Ask]:
    """The filled log blocks of one sheet."""
    parts: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for name, value in sheet.values.items():
        match = LOG.match(name)
        if match:
            line = int(match["line"] or 0)
            parts.setdefault(match["key"], {}).setdefault(match["part"], []).append(
                (line, value))
    asks = []
    for key, block in parts.items():
        values = {part: " ".join(text for _, text in sorted(lines))
                  for part, lines in block.items()}
        asks.append(_ask(sheet, key, values, reading))
    return asks


def _ask(sheet: FilledSheet, key: str, values: dict[str, str], reading: Reading) -> Ask:
    identity = sheet.identity
    prefix = f"log.{key}."
    numbers: dict[str, int] = {}
    for part, top in SCALES.items():
        if part in values:
            number = reading.checked(partial(_number, sheet, prefix + part, values[part], 0,
                                             top))
            if number is not None:
                numbers[part] = number
    outcome = ""
    if "outcome" in values:
        outcome = OUTCOMES.get(values["outcome"], "")
        if not outcome:
            reading.problems.append(DeckError(
                f"the answer '{values['outcome']}' is not one of the answers (1 to 4)",
                sheet.where(prefix + "outcome"), "tick one of yes, no, no reply or other"))
    card = key if not key.isdigit() else values.get("card", "").strip().upper()
    date_text = values.get("date", "")
    date = _date(date_text, f"{card or 'log block ' + key} ({sheet.path.name})", identity,
                 reading.notes)
    texts: dict[str, str] = {part: values[part] for part in
                             ("where", "prediction", "happened", "learned", "next")
                             if part in values}
    return Ask(sheet.path, key, card, identity.title_of(card), date, date_text, texts,
               numbers, outcome)


def _number(sheet: FilledSheet, name: str, value: str, low: int, high: int) -> int:
    """A whole number from `low` to `high`, else a DeckError at the field."""
    text = value.strip()
    try:
        number = int(text)
    except ValueError:
        raise DeckError(f"'{text}' is not a whole number", sheet.where(name),
                        f"write a number from {low} to {high}") from None
    if not low <= number <= high:
        raise DeckError(f"{number} is out of range: this takes {low} to {high}",
                        sheet.where(name), f"write a number from {low} to {high}")
    return number


def read_date(text: str, identity: Identity) -> datetime.date | None:
    """A date as a client types it: 2027-01-12, the short form of the sheet's language
    (1/12/27, 12.01.27), or Jan 12 (the year of the programme's start); None if none fits."""
    text = " ".join(text.replace(",", " ").replace(".", " ").split()) if text else ""
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    if any(char.isdigit() for char in text) and not any(char.isalpha() for char in text):
        return _numeric_date(text, identity)
    year = identity.start.year if identity.start else datetime.date.today().year
    for form in TEXT_FORMATS:
        try:
            parsed = datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
        return parsed if "%Y" in form else parsed.replace(year=year)
    return None


def _date(text: str, of: str, identity: Identity, notes: list[str]) -> datetime.date | None:
    """The date typed, read; a note for the report when something was typed that is not a
    date (31/31/27, 2027-02-30): kept as typed, never passed off as a date."""
    date = read_date(text, identity)
    if text and date is None:
        notes.append(f"The date '{text}' of {of} could not be read as a date.")
    return date


def _numeric_date(text: str, identity: Identity) -> datetime.date | None:
    """A date in figures, in the order of the sheet's language; or, if that day falls outside
    the programme and the other order (day and month swapped) inside it, that one: a client
    in Berlin may type 01.02.2027 on an English sheet."""
    try:
        read: datetime.date | None = parse_date(text, locale=identity.language)
    except (ValueError, IndexError, LookupError):
        read = None
    if read is None or identity.start is None or _during(read, identity):
        return read
    try:
        swapped = read.replace(month=read.day, day=read.month)
    except ValueError:
        return read
    return swapped if _during(swapped, identity) else read


def _during(date: datetime.date, identity: Identity) -> bool:
    """Within the programme's days (and a week either side), if it has a start."""
    if identity.start is None:
        return True
    slack = datetime.timedelta(days=7)
    return identity.start - slack <= date <= \
        identity.start + datetime.timedelta(days=identity.days) + slack


def _days(sheet: FilledSheet, reading: Reading) -> None:
    identity = sheet.identity
    values = sheet.values
    for number in range(1, identity.days + 1):
        base = f"tracker.day.{number}"
        asked = base in values
        asks, noes = (reading.checked(partial(_number, sheet, f"{base}.{part}",
                                              values[f"{base}.{part}"], 0, MAX_COUNT))
                      if f"{base}.{part}" in values else None for part in ("asks", "noes"))
        if number in reading.days and not (asked or asks is not None or noes is not None):
            continue  # filled on an earlier sheet
        if asks is not None and noes is not None and noes > asks:
            reading.notes.append(f"Day {number}: {noes} no's written but {asks} asks "
                                 f"({sheet.path.name}).")
        date = identity.start + datetime.timedelta(days=number - 1) if identity.start else \
            _date(values.get(base + ".date", ""), f"day {number} ({sheet.path.name})",
                  identity, reading.notes)
        reading.days[number] = Day(sheet.path, number, date, asked, asks, noes)


def _ladder(sheet: FilledSheet, reading: Reading) -> None:
    for name, value in sheet.values.items():
        match = LADDER.match(name)
        if match is None:
            continue
        card = match["card"]
        reading.ladder_sheets.setdefault(card, sheet.path)
        if match["part"] != "date" and \
                reading.checked(partial(_number, sheet, name, value, 0, 10)) is None:
            continue
        reading.ladder.setdefault(card, {})[match["part"]] = value


def _rung(step: int, card: str, reading: Reading, sheet: Path | None) -> Rung:
    values = reading.ladder.get(card, {})

    def fear(part: str) -> int | None:
        return int(values[part]) if part in values else None  # checked in _ladder

    identity = reading.identity
    date_text = values.get("date", "")
    where = f" ({sheet.name})" if sheet else ""
    date = _date(date_text, f"rung {step}, {card}{where}", identity, reading.notes)
    return Rung(sheet, step, card, identity.title_of(card), fear("expected"), date, date_text,
                fear("actual"))


def _no_duplicate_asks(reading: Reading) -> None:
    """Two asks of one card on one date are one ask written twice."""
    seen: dict[tuple[str, datetime.date], Ask] = {}
    for ask in reading.asks:
        if ask.date is None or not ask.card:
            continue
        other = seen.get((ask.card, ask.date))
        if other is not None:
            where = f"in {other.sheet.name}, block {other.entry}" if other.sheet != ask.sheet \
                else f"in block {other.entry}"
            reading.problems.append(DeckError(
                f"card {ask.card} is logged twice for {ask.date.isoformat()} ({where} too)",
                Where(ask.sheet, field=f"log.{ask.entry}.date"),
                "an ask is written once: remove the copy, or correct its date"))
            continue
        seen[(ask.card, ask.date)] = ask


def _joined(first: str, second: str) -> str:
    return f"{first} {second}".strip()


def _gaps(kinds: frozenset[str], asks: list[Ask], days: tuple[Day, ...]) -> list[str]:
    """What the report could not say, and why."""
    gaps = []
    if "log" not in kinds:
        gaps.append("No challenge log was given: fears, beliefs and lessons are unknown.")
    elif not asks:
        gaps.append("The challenge log is empty.")
    if "tracker" not in kinds:
        gaps.append("No tracker was given: asks, no's and the streak are counted from the log.")
    elif not any(day.made or day.noes for day in days):
        gaps.append("The tracker is empty: asks, no's and the streak are counted from the log.")
    if "ladder" not in kinds:
        gaps.append("No fear ladder was given: the hardest rung is taken from the log.")
    for ask in asks:
        missing = ask.missing()
        if missing:
            when = f", {short_date(ask.date)}" if ask.date else ""
            gaps.append(f"{ask.card or 'Log block ' + ask.entry}{when}: "
                        f"{', '.join(missing)}.")
    return gaps
