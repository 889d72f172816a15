"""Worksheet templates: deck and brand in, flow markup out, parsed; errors name the template.

Templates are found like card layouts (the workspace's templates/worksheets/ first, then the
built-ins, which a workspace file can extend as `builtin/KIND.xml`) and rendered in the same
sandboxed, strict Jinja environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import DeckError, Where
from ..inputs import Inputs
from ..layout.attributes import MarkupError
from ..layout.templates import Layouts
from ..render.fonts import FontBook
from ..source.labels import LabelTable, text_language_for
from .dates import long_date
from .draw import Look
from .flow import Node, parse_worksheet
from .programme import Programme, programme

TEMPLATE_NAMES = ("sheet, deck, rungs, ladder, log, brand, client, coach, logo, days, blank, "
                  "paper, colours, labels, language and start (see docs/worksheets.md)")


def templates_for(workspace: Path | None) -> Layouts:
    """The worksheet templates: the workspace's templates/worksheets/, then the built-ins."""
    return Layouts(workspace, "worksheets", "worksheet template", TEMPLATE_NAMES)


@dataclass(frozen=True)
class RenderedSheet:
    """One rendered sheet: its parsed markup, and what an error message needs to point at it."""

    kind: str
    root: Node
    markup: str
    template: Path

    def root_as_heading(self) -> Node:
        """The root, checked for glyphs like a heading (its title is set in the heading font)."""
        return Node("heading", {}, self.root.line)

    def error(self, error: MarkupError) -> DeckError:
        return DeckError(f"invalid flow markup from worksheet template '{self.kind}': "
                         f"{error.problem}{error.snippet(self.markup)}", Where(self.template),
                         error.hint, "markup")


def chosen_programme(inputs: Inputs, blank: int | None) -> Programme:
    """The ladder and log of these inputs: what the client file (or the brand) chose."""
    chosen, chosen_where = inputs.ladder
    client = inputs.client
    cards_chosen = client is not None and client.client.decks[inputs.deck_index].cards is not None
    return programme(inputs.deck, chosen, chosen_where, cards_chosen, blank)


def shared_context(inputs: Inputs, look: Look, days: int, chosen: Programme,
                   paper: str, blank: int | None) -> dict[str, Any]:
    """The names every worksheet template can use (documented in docs/worksheets.md)."""
    deck, brand, person = inputs.deck, inputs.brand, inputs.person
    model = brand.brand
    client = person.context()
    brand_values = model.model_dump()
    brand_values["client"] = {"name": person.name, "program": person.programme,
                              "goal": person.goal}
    del brand_values["labels"]  # merged with the deck's and client's below
    return {
        "deck": {"title": deck.settings.title, "subtitle": deck.settings.subtitle,
                 "levels": [level.model_dump() for level in deck.settings.levels]},
        "rungs": chosen.rungs,
        **chosen.context(inputs.labels),
        "brand": brand_values,
        "client": client,
        "coach": model.coach.model_dump(),
        "logo": str(brand.logo) if brand.logo else None,
        "days": days,
        "blank": blank,
        "paper": paper,
        "colours": {"accent": look.accent, "ink": look.ink, "muted": look.muted},
        "labels": inputs.labels.for_templates(),
        "language": inputs.language,
        "deck_language": text_language_for(inputs.deck, inputs.brand),
        # the client's start date written out in the deck's language, e.g. "1. März 2027"
        "start": long_date(person.start, inputs.language) if person.start else None,
    }


def render_sheet(templates: Layouts, kind: str, context: dict[str, Any]) -> RenderedSheet:
    markup = templates.render(kind, {**context, "sheet": {"kind": kind}}, Where(kind))
    sheet = RenderedSheet(kind, Node("worksheet", {}, None), markup, templates.file_of(kind))
    try:
        root = parse_worksheet(markup)
    except MarkupError as error:
        raise sheet.error(error) from None
    return RenderedSheet(kind, root, markup, sheet.template)


def glyph_check(fonts: FontBook, look: Look, sheet: RenderedSheet) -> Callable[[str, Node], None]:
    """A check that every character a node prints is in its font, else a message naming it."""

    def check(text: str, node: Node) -> None:
        font = look.heading if node.kind == "heading" else look.body
        char = fonts.missing(font, text)
        if char is not None:
            raise sheet.error(MarkupError(
                f"{fonts.label(font)} has no glyph for '{char}' (U+{ord(char):04X})", node.line,
                "put a font that has it in the workspace's fonts/ folder and name it in the "
                "brand's fonts:"))

    return check


def check_card_text(fonts: FontBook, look: Look, inputs: Inputs) -> None:
    """The cards' ids and titles, and the level and category names, print on the sheets in
    the body and heading fonts: a missing character is said at the card, not at the
    worksheet template that printed it."""
    deck = inputs.deck
    faces = (look.body, look.bold, look.heading)
    for index, card in enumerate(deck.cards):
        for field_name in ("id", "title"):
            _check_glyphs(fonts, faces, getattr(card, field_name),
                          partial(deck.card_where, index, field_name))
    for number, level in enumerate(deck.settings.levels):
        _check_glyphs(fonts, faces, level.label,
                      partial(deck.source.where, ("levels", number, "label"), None, "label"))
    for key, category in deck.settings.categories.items():
        _check_glyphs(fonts, faces, category.label,
                      partial(deck.source.where, ("categories", key, "label"), None, "label"))


def _check_glyphs(fonts: FontBook, faces: tuple[str, ...], text: str,
                  where: Where | Callable[[], Where]) -> None:
    """`where` may be a function: lines are looked up only for a message."""
    for face in faces:
        char = fonts.missing(face, text)
        if char is not None:
            raise DeckError(f"{fonts.label(face)} has no glyph for '{char}' (U+{ord(char):04X}), "
                            "which the worksheets print", where if isinstance(where, Where)
                            else where(),
                            "remove or replace the character, or put a font that has it in the "
                            "workspace's fonts/ folder and name it in the brand's fonts:")


def check_header_text(fonts: FontBook, look: Look, inputs: Inputs) -> None:
    """The words of the page headers and footers (client, coach, disclaimer) must be in their
    fonts too."""
    brand, model, person = inputs.brand, inputs.brand.brand, inputs.person
    client = inputs.client
    where_client: Callable[[str], Where] = (
        (lambda key: client.where("programme" if key == "program" else key))
        if client is not None else (lambda key: brand.where("client", key)))
    texts = [(where_client("name"), person.name), (where_client("program"), person.programme),
             *((brand.where("coach", key), getattr(model.coach, key))
               for key in ("name", "business", "email", "phone", "website")),
             (brand.where("disclaimer"), model.disclaimer)]
    for where, text in texts:
        _check_glyphs(fonts, (look.body, look.bold, look.italic), text or "", where)
    check_drawn_labels(fonts, look, inputs.labels)


def check_drawn_labels(fonts: FontBook, look: Look, labels: LabelTable) -> None:
    """The labels drawn outside the templates (the page numbers, the words in the tracker's
    day boxes), where they were set: a template's words are checked as its markup is."""
    for key in ("page", "tracker_asks", "tracker_noes"):
        where = labels.where(key)
        if where is not None:
            _check_glyphs(fonts, (look.body,), labels.texts[key], where)
