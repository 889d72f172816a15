"""What the page header and footer of the worksheets say, fitted to the paper once, before any
page is drawn: the size each line is set at, what moves aside to make room, and an error at the
client's or brand's line for text that cannot fit, never a line that runs off the page."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..errors import DeckError, Where
from ..inputs import Inputs
from ..render.assets import Assets
from ..source.labels import LabelTable, language_labels
from ..units import MM, shown
from .draw import Look

MARGIN = 13 * MM  # well inside what home printers can reach (0.25 in)
LOGO_BOX = (40 * MM, 14 * MM)  # the most a logo takes in the header
RESERVED_PAGES = 999  # before the pages are counted, the footer keeps room for "Page 999 of 999"
PAGE_NUMBER_SIZE = 9.0  # "page n of m", at the right of the footer
TITLE_SIZE = 18.0  # pt: the sheet's title in every page header
WHO_SIZES = (10, 9.5, 9, 8.5, 8, 7.5)
COACH_SIZES = (9, 8.5, 8, 7.5)
DISCLAIMER_SIZES = (8.5, 8, 7.5, 7)
DISCLAIMER_LINES = 2

Width = Callable[[str, str, float], float]  # text, font, size -> points


@dataclass(frozen=True)
class PageText:
    """The header's second line (who and size; the deck's title on the right, or not), and the
    footer's coach line and disclaimer lines, as they will be drawn."""

    text_x: float  # where the header's text starts (after the logo)
    who: str
    who_size: float
    deck_title_right: bool
    coach: str
    coach_size: float
    reach: str  # e-mail · phone · website, as many as fit
    disclaimer: tuple[str, ...]
    disclaimer_size: float
    page_digits: int  # the footer has room for "page n of m" with n and m up to this many digits

    def has_room_for(self, pages: int) -> bool:
        """Whether "page n of m" fits the room kept for it in a document of `pages` pages."""
        return len(str(pages)) <= self.page_digits


def page_text(inputs: Inputs, look: Look, page_width: float,
              pages: int | None = None) -> PageText:
    """The header and footer of every page, fitted, with room for "page n of m" in a document
    of up to `pages` pages (the count is known only once the pages are laid out); a DeckError
    for what cannot be."""
    brand = inputs.brand
    text_x = MARGIN
    if brand.logo is not None:
        natural = Assets(text_font=look.body, fonts=inputs.fonts).size(brand.logo)
        text_x += natural[0] * min(LOGO_BOX[0] / natural[0], LOGO_BOX[1] / natural[1]) + 5 * MM
    header_room = page_width - MARGIN - text_x
    person = inputs.person
    who = " · ".join(part for part in (person.name, person.programme) if part)
    deck_title = inputs.deck.settings.title
    if who:
        who_size, right = fit_who(stringWidth, look, who, deck_title, header_room,
                                  _person_where(inputs))
    else:
        who, right = deck_title, False  # the deck's title on the left instead
        who_size = _first_fit(stringWidth, who, look.body, WHO_SIZES, header_room,
                              _too_long("the deck's title is", "header", Where(
                                  inputs.deck.source.path, None, None, "title")))
    digits = len(str(max(pages or 0, RESERVED_PAGES)))
    footer_room = _beside_page_number(page_width, page_label_width(inputs.labels, look.body,
                                                                   digits))
    coach = brand.brand.coach
    coach_line = " · ".join(part for part in (coach.name, coach.business) if part)
    coach_size = _first_fit(stringWidth, coach_line, look.bold, COACH_SIZES, footer_room,
                            _footer_too_long(inputs, look, coach_line, page_width, digits))
    reach = fit_reach(stringWidth, look, coach_line, coach_size,
                      [part for part in (coach.email, coach.phone, coach.website) if part],
                      footer_room)
    disclaimer, disclaimer_size = fit_disclaimer(
        look, brand.brand.disclaimer or "", page_width - 2 * MARGIN, brand.where("disclaimer"))
    return PageText(text_x, who, who_size, right, coach_line, coach_size, reach, disclaimer,
                    disclaimer_size, digits)


def page_label_width(labels: LabelTable, font: str, digits: int) -> float:
    """The width of the widest "page n of m" (in the labels' words) with n and m of up to
    `digits` digits: each of them the font's widest digit."""
    widest = max("0123456789", key=lambda digit: (stringWidth(digit, font, PAGE_NUMBER_SIZE),
                                                  digit))
    number = widest * digits
    return float(stringWidth(labels.fill("page", page=number, count=number), font,
                             PAGE_NUMBER_SIZE))


def _beside_page_number(page_width: float, label_width: float) -> float:
    """The room the coach's line has in the footer, left of "page n of m"."""
    return page_width - 2 * MARGIN - label_width - 6 * MM


def _footer_too_long(inputs: Inputs, look: Look, coach_line: str, page_width: float,
                     digits: int) -> Callable[[float], DeckError]:
    """The error for a coach's line that does not fit beside "page n of m": said at the page
    label when the label, set longer than deckpress's own, is what leaves too little room."""
    coach_error = _too_long("the coach's name and business are", "footer",
                            inputs.brand.where("coach", "business"))
    where = inputs.labels.where("page")
    default = LabelTable({"page": language_labels(inputs.language)["page"]})
    needed = stringWidth(coach_line, look.bold, COACH_SIZES[-1])
    left = _beside_page_number(page_width, page_label_width(inputs.labels, look.body, digits))

    def error(share: float) -> DeckError:
        if where is None or needed > _beside_page_number(
                page_width, page_label_width(default, look.body, digits)):
            return coach_error(share)
        return DeckError(
            f"the page label '{shown(inputs.labels.texts['page'])}' is too long for the "
            f"worksheets' footer: beside it, {max(left, 0) / MM:.0f} mm are left for the "
            f"coach's name and business, which need {needed / MM:.0f} mm at the smallest size",
            where, "shorten the label page (it prints at the right of every page's footer), "
            "e.g. '{page}/{count}'")
    return error


def fit_who(width: Width, look: Look, who: str, deck_title: str, room: float,
            where: Where) -> tuple[float, bool]:
    """The size for 'name · programme', and whether the deck's title still fits to its right
    (it gives way first: the client's name and programme are what the page is about)."""
    beside = room - width(deck_title, look.italic, 9) - 5 * MM
    for size in WHO_SIZES:
        if width(who, look.body, size) <= beside:
            return size, True
    size = _first_fit(width, who, look.body, WHO_SIZES, room,
                      _too_long("the client's name and programme are", "header", where))
    return size, False


def fit_reach(width: Width, look: Look, coach_line: str, size: float, reach: list[str],
              room: float) -> str:
    """E-mail · phone · website after the coach's name, as many as fit: the website gives way
    first, then the phone (the intro card has them all)."""
    offset = width(coach_line, look.bold, size) + (3 * MM if coach_line else 0)
    while reach and offset + width(" · ".join(reach), look.body, size) > room:
        reach = reach[:-1]
    return " · ".join(reach)


def fit_disclaimer(look: Look, text: str, room: float,
                   where: Where) -> tuple[tuple[str, ...], float]:
    """The disclaimer on one line if it fits at 7 pt or more, else on two at 7 pt."""
    if not text:
        return (), DISCLAIMER_SIZES[0]
    for size in DISCLAIMER_SIZES:
        if stringWidth(text, look.italic, size) <= room:
            return (text,), size
    size = DISCLAIMER_SIZES[-1]
    lines = simpleSplit(text, look.italic, size, room)
    if len(lines) > DISCLAIMER_LINES:
        words = len(" ".join(lines[:DISCLAIMER_LINES]).split()) - 1
        raise DeckError(
            f"the worksheets' footer has room for {DISCLAIMER_LINES} lines of disclaimer: about "
            f"{words} of its {len(text.split())} words fit", where,
            f"shorten it to about {words} words; text on the worksheets is never set smaller "
            f"than {size:g} pt")
    return tuple(lines), size


def check_title(title: str, kind: str, look: Look, text: PageText, page_width: float,
                where: Where) -> None:
    """The sheet's title must fit the page header beside the logo: it is drawn on one line,
    and what reaches past the page's edge would be lost."""
    room = page_width - MARGIN - text.text_x
    wide = stringWidth(title, look.heading, TITLE_SIZE)
    if wide > room:
        raise DeckError(f"the title of the {kind} sheet ('{shown(title, 40)}') is too long for "
                        f"the page header: it needs {wide / MM:.0f} mm, there are "
                        f"{room / MM:.0f} mm", where,
                        f"shorten it (the label {kind}_title, see docs/labels.md)")


def _first_fit(width: Width, text: str, font: str, sizes: tuple[float, ...], room: float,
               error: Callable[[float], DeckError]) -> float:
    for size in sizes:
        if width(text, font, size) <= room:
            return size
    smallest = width(text, font, sizes[-1])
    raise error(max(room, 0) / smallest if smallest else 0.0)


def _too_long(what: str, place: str, where: Where) -> Callable[[float], DeckError]:
    def error(share: float) -> DeckError:
        return DeckError(f"{what} too long for one line of the worksheets' {place} (about "
                         f"{share_that_fits(share)}% of the line fits, at the smallest size)",
                         where, "shorten it: a short form of the programme or business name "
                         "will do")
    return error


def share_that_fits(share: float) -> int:
    """The percentage of text that fits, floored and at most 99: text that does not fit never
    reads as 100%, however little of it is over."""
    return max(0, min(99, math.floor(share * 100)))


def _person_where(inputs: Inputs) -> Where:
    """The programme's line if there is one (the part most easily shortened), else the name's."""
    key = "programme" if inputs.person.programme else "name"
    if inputs.client is not None:
        return inputs.client.where(key)
    return inputs.brand.where("client", "program" if key == "programme" else key)
