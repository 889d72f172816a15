"""The printer profiles as the build page offers them: each with its description, the numbers
`deckpress profiles` shows, and a small drawing of where the cards go, made from those same
numbers (the paper, the card slots with their bleed, the fold; or one card with its bleed and
safe zone for a print service), so the picture can never disagree with the profile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import DeckError
from ..output.impose import Imposition, ImpositionError, Rect
from ..output.profiles import Profile, profile_files, read_profile
from ..sizes import card_sizes
from ..units import to_mm

DEFAULT_CARD = "poker"  # a deck's size when it names none: the cards a profile is drawn with
DIAGRAM_SIZE = 150  # pixels of the drawing's longer side
PAPER, CARD, BLEED, SAFE, FOLD, BACK = ("#ffffff", "#3b6ea5", "#a9c4e4", "#f4d35e", "#888888",
                                        "#d5deea")


@dataclass(frozen=True)
class ProfileCard:
    """A profile as a card of the form: what it is for, its numbers and its picture; a
    profile file with a mistake has only its name and the message."""

    name: str
    description: str = ""
    output: str = ""  # sheets, pages or png
    facts: tuple[str, ...] = ()
    diagram: str = ""  # an <svg> element
    per_sheet: int | None = None
    shown_with: str = ""  # the card size the drawing shows
    builtin: bool = True
    error: str | None = None
    note: str | None = None  # why the profile does not suit the deck chosen

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "diagram": self.diagram, "per_sheet": self.per_sheet,
                "shown_with": self.shown_with, "note": self.note, "error": self.error}


Card = tuple[str, tuple[float, float]]  # a card size's name (or "63x88mm") and its size


def profile_cards(workspace: Path | None, deck: Card | None = None) -> list[ProfileCard]:
    """Every profile the workspace can use (the home printer's first), with the numbers
    `deckpress profiles` lists, drawn with the deck's cards (if a deck is chosen)."""
    builtin = profile_files(None)
    cards = []
    for name, path in sorted(profile_files(workspace).items(), key=_home_first):
        own = builtin.get(name) != path
        try:
            profile = read_profile(path, name)
        except DeckError as error:
            cards.append(ProfileCard(name, builtin=not own, error=error.format()))
            continue
        card_name, card = card_of(profile, deck)
        layout = imposition(profile, card)
        cards.append(ProfileCard(
            name, profile.description, profile.output, tuple(profile.summary().split(", ")),
            sheet_diagram(profile, card, layout),
            layout.per_sheet if layout is not None and profile.output == "sheets" else None,
            card_name, not own, note=unsuited(profile, deck, layout)))
    return cards


def unsuited(profile: Profile, deck: Card | None, layout: Imposition | None) -> str | None:
    """Why the deck's cards cannot be printed on the profile, in a few words (the build says
    it in full), or None."""
    if deck is None:
        return None
    name, (width, height) = deck
    wanted = profile.card_size
    if wanted is not None and (abs(wanted[0] - width) >= 0.01 or abs(wanted[1] - height) >= 0.01):
        return f"made for {profile.card} cards; this deck's are {name}"
    if layout is None:
        return f"{name} cards do not fit this sheet"
    return None


def deck_card(path: Path) -> Card | None:
    """The size of the deck's cards as its file says it, read without loading the deck; None
    if the file does not say one that can be read (the build says what is wrong)."""
    from ..source.sheetdeck import read_deck_source
    from ..units import parse_size

    try:
        data = read_deck_source(path).data
    except (DeckError, OSError, ValueError):
        return None
    size = data.get("size") if isinstance(data, dict) else None
    if not isinstance(size, str):
        return None
    named = card_sizes().get(size)
    try:
        return size, named or parse_size(size)
    except ValueError:
        return None


def _home_first(item: tuple[str, Path]) -> tuple[int, str]:
    """Printing at home first, home-letter (the default) before the others."""
    name = item[0]
    return (0 if name == "home-letter" else 1 if name.startswith("home-") else 2), name


def card_of(profile: Profile, deck: Card | None = None) -> Card:
    """The card the profile is made for, else the deck's, else the default deck size."""
    size = profile.card_size
    if size is not None and profile.card is not None:
        return profile.card, size
    return deck or (DEFAULT_CARD, card_sizes()[DEFAULT_CARD])


def imposition(profile: Profile, card: tuple[float, float]) -> Imposition | None:
    """Where the profile puts cards of this size, or None if they do not fit."""
    try:
        return profile.impose(*card)
    except (ImpositionError, ValueError):
        return None


def sheet_diagram(profile: Profile, card: tuple[float, float],
                  layout: Imposition | None = None) -> str:
    """An SVG of one sheet (or page, or PNG file) of the profile, in points with y downwards:
    the paper, each card slot with its bleed around it; on a fold sheet the fold and the
    backs' half; on a print service's page the bleed, the trim and the safe zone."""
    layout = layout if layout is not None else imposition(profile, card)
    if layout is None:
        return _unfit(profile, card)
    width, height = layout.page_width, layout.page_height
    shapes = [_rect(Rect(0, 0, width, height), height, PAPER, stroke="#555555", kind="paper")]
    for slot in layout.slots:
        if layout.bleed > 0:
            shapes.append(_rect(slot.grown(layout.bleed), height, BLEED, kind="bleed"))
        shapes.append(_rect(slot, height, CARD, stroke=PAPER, kind="card"))
        if profile.output != "sheets":
            inset = profile.safe
            safe = Rect(slot.x + inset, slot.y + inset, slot.width - 2 * inset,
                        slot.height - 2 * inset)
            shapes.append(_rect(safe, height, "none", stroke=SAFE, kind="safe", dashed=True))
    if profile.output == "sheets" and profile.duplex == "fold":
        for slot in layout.slots:  # each back lands mirrored about the fold
            shapes.append(_rect(Rect(width - slot.right, slot.y, slot.width, slot.height),
                                height, BACK, kind="back"))
        shapes.append(f'<line class="fold" x1="{width / 2:.2f}" y1="0" x2="{width / 2:.2f}" '
                      f'y2="{height:.2f}" stroke="{FOLD}" stroke-width="{_thin(width, height)}" '
                      f'stroke-dasharray="{3 * _thin(width, height):.2f}"/>')
    return _svg(width, height, _title(profile, card, layout), shapes)


def _title(profile: Profile, card: tuple[float, float], layout: Imposition) -> str:
    size = f"{to_mm(card[0]):.1f}×{to_mm(card[1]):.1f} mm cards"
    if profile.output == "sheets":
        paper = f"{to_mm(layout.page_width):.1f}×{to_mm(layout.page_height):.1f} mm"
        fold = ", folded in half" if profile.duplex == "fold" else ""
        return f"{profile.name}: {layout.per_sheet} {size} on a {paper} sheet{fold}"
    what = "page" if profile.output == "pages" else "PNG file"
    return (f"{profile.name}: one card per {what}, {size} with "
            f"{to_mm(profile.bleed):.2f} mm bleed")


def _unfit(profile: Profile, card: tuple[float, float]) -> str:
    """A sheet the cards do not fit: the paper alone, its title saying so."""
    width, height = profile.page_size if profile.page is not None else card
    title = (f"{profile.name}: {to_mm(card[0]):.1f}×{to_mm(card[1]):.1f} mm cards do not fit "
             "this sheet")
    return _svg(width, height, title, [_rect(Rect(0, 0, width, height), height, PAPER,
                                             stroke="#b00020", kind="paper")])


def _svg(width: float, height: float, title: str, shapes: list[str]) -> str:
    scale = DIAGRAM_SIZE / max(width, height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sheet-diagram" role="img" '
            f'viewBox="0 0 {width:.2f} {height:.2f}" width="{width * scale:.0f}" '
            f'height="{height * scale:.0f}"><title>{escape(title)}</title>'
            + "".join(shapes) + "</svg>")


def _rect(rect: Rect, page_height: float, fill: str, stroke: str = "none", kind: str = "",
          dashed: bool = False) -> str:
    """A rectangle given in PDF points (y up from the bottom), drawn with y down."""
    line = _thin(rect.width, page_height)
    dash = f' stroke-dasharray="{2 * line:.2f}"' if dashed else ""
    return (f'<rect class={quoteattr(kind)} x="{rect.x:.2f}" y="{page_height - rect.top:.2f}" '
            f'width="{rect.width:.2f}" height="{rect.height:.2f}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{line:.2f}"{dash}/>')


def _thin(*sides: float) -> float:
    """A hairline at the drawing's scale: about one pixel once the sheet is DIAGRAM_SIZE wide."""
    return round(max(sides) / DIAGRAM_SIZE, 2)
