"""Dates as the worksheets print them, in the deck's language: the tracker's start date and
the weekday and date of each of its days, when the client file gives a start date. The month
and weekday names and the order of day and month come from Babel (Unicode CLDR data), so a
German tracker says "Mo., 1. März" and an English one "Mon, Mar 1"."""

from __future__ import annotations

import datetime

from babel.dates import format_date, format_skeleton

DAY_FORMS = ("MMMEd", "MEd")  # weekday, day and month: with the month's name, else in figures


def long_date(day: datetime.date, language: str) -> str:
    """A date written out, as on a letter: `1. März 2027`, `March 1, 2027`."""
    return str(format_date(day, format="long", locale=language))


def day_names(start: datetime.date, day: int, language: str) -> tuple[str, ...]:
    """The `day`th day from `start` (day 1 is `start`), in each of DAY_FORMS, the longest
    first: the tracker prints the first that fits its box."""
    date = start + datetime.timedelta(days=day - 1)
    return tuple(str(format_skeleton(form, date, locale=language)) for form in DAY_FORMS)
