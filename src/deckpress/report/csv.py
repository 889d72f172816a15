"""The report's data as a CSV for the coach's own spreadsheet: a row per ask of the log, a row
per tracked day and a row per rung of the ladder, told apart by the first column (`record`),
with the same columns throughout so one sheet can filter and chart them. `date` holds only
dates (YYYY-MM-DD); a date typed that could not be read is kept, as typed, in `date_as_typed`,
so no spreadsheet takes 2027-02-30 for a day."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from .model import Programme

COLUMNS = ("record", "client", "deck", "sheet", "date", "card", "title", "where", "prediction",
           "belief", "fear_before", "fear_peak", "fear_after", "happened", "answer",
           "belief_after", "learned", "next", "day", "asked", "asks", "noes", "step",
           "expected_fear", "actual_fear", "date_as_typed")


def report_csv(programme: Programme) -> str:
    """The CSV's text (UTF-8 with CRLF line ends, as spreadsheets expect)."""
    identity = programme.identity
    common = {"client": identity.client or "", "deck": identity.deck}
    rows: list[dict[str, object]] = []
    for ask in programme.asks:
        rows.append({**common, "record": "ask", "sheet": ask.sheet.name,
                     **_dates(ask.date, ask.date_text), "card": ask.card, "title": ask.title,
                     **ask.texts, **ask.numbers, "answer": ask.outcome})
    for day in programme.days:
        if day.asked or day.asks is not None or day.noes is not None:
            rows.append({**common, "record": "day", "sheet": day.sheet.name,
                         "day": day.number, "date": day.date.isoformat() if day.date else "",
                         "asked": "yes" if day.asked else "", "asks": day.asks,
                         "noes": day.noes})
    for rung in programme.rungs:
        rows.append({**common, "record": "rung", "sheet": _name(rung.sheet), "step": rung.step,
                     "card": rung.card, "title": rung.title, **_dates(rung.date, rung.date_text),
                     "expected_fear": rung.expected,
                     "actual_fear": rung.actual})
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, restval="", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _dates(date: datetime.date | None, typed: str) -> dict[str, str]:
    """`date` if it was read; else what was typed, in a column of its own."""
    return {"date": date.isoformat()} if date else {"date_as_typed": typed}


def _name(path: Path | None) -> str:
    return path.name if path else ""


def _cell(value: object) -> object:
    """None as an empty cell; text that a spreadsheet would run as a formula kept as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
