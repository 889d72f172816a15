"""What a layout sees: the names every card's template can use (deck, brand, size, logo) and
each card's own (card, category, level). Documented in docs/card-markup.md."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..errors import Where
from ..sizes import CardBox
from ..source.brand import LoadedBrand
from ..source.client import ClientDetails, LoadedClient
from ..source.deck import LoadedDeck
from ..source.labels import LabelTable, labels_for, language_for, text_language_for
from ..units import to_mm

POKER = (180.0, 252.0)  # 2.5 x 3.5 in, in points: layouts scale type relative to this card


# What a value is called in a message for a coach (a layout's text element says `from=`).
SOURCE_NAMES = {
    "client.name": "client's name", "client.programme": "programme name",
    "client.program": "programme name", "client.goal": "goal", "client.note": "personal note",
    "brand.coach.name": "coach's name", "brand.coach.business": "business name",
    "brand.coach.email": "e-mail address", "brand.coach.phone": "phone number",
    "brand.coach": "coach's details", "brand.booking_url": "booking link",
    "brand.disclaimer": "disclaimer", "card.title": "card's title", "card.text": "card's text",
    "deck.title": "deck's title", "deck.subtitle": "deck's subtitle",
}


@dataclass(frozen=True)
class DeckFor:
    """A deck as one client gets it: the deck, the coach's brand, who it is for, and the
    programme its backs name (empty for none)."""

    deck: LoadedDeck
    brand: LoadedBrand
    person: ClientDetails
    programme: str = ""
    client: LoadedClient | None = None

    @property
    def labels(self) -> LabelTable:
        return labels_for(self.deck, self.brand, self.client)

    @property
    def language(self) -> str:
        """The language the deck prints its built-in words in (ISO 639-1, e.g. `de`)."""
        return language_for(self.deck, self.brand, self.client)

    def where_of(self, path: str, card: Where) -> Where:
        """Where a value a layout shows was written: `client.note` in the client file (or the
        brand, for a brand that holds its client), `brand.coach.email` in the brand file,
        `card.text` at the card, `deck.title` in the deck file."""
        head, *rest = path.split(".")
        if head == "card":
            return replace(card, field=".".join(rest))
        if head == "deck":
            return self.deck.source.where(tuple(rest), None, ".".join(rest))
        if head == "client" and self.client is not None:
            key = "programme" if rest == ["program"] else ".".join(rest)
            return replace(self.client.where(key), card=card.card)
        if head == "client":  # a brand file written before client files
            location = ("intro",) if rest == ["note"] else (
                "client", "program" if rest == ["programme"] else rest[0])
            return replace(self.brand.where(*location), card=card.card)
        return replace(self.brand.where(*rest), card=card.card)


def deck_context(target: DeckFor, box: CardBox) -> dict[str, Any]:
    """The names every layout can use besides `card`, `category` and `level`."""
    deck, brand, person = target.deck, target.brand, target.person
    settings = deck.settings
    brand_values = brand.brand.model_dump()
    # layouts written before client files read the client from the brand: same values
    brand_values["client"] = {"name": person.name, "program": person.programme,
                              "goal": person.goal}
    brand_values["intro"] = person.note
    del brand_values["labels"]  # layouts read them merged with the deck's and client's
    return {
        "deck": {
            "title": settings.title,
            "subtitle": settings.subtitle,
            "size": settings.size,
            "levels": [level.model_dump() for level in settings.levels],
            "categories": {key: value.model_dump() for key, value in settings.categories.items()},
            "card_count": deck.card_count,
        },
        "brand": brand_values,
        "client": person.context(),
        "programme": target.programme,
        "labels": target.labels.for_templates(),
        "language": target.language,
        "deck_language": text_language_for(deck, brand),
        "logo": str(brand.logo) if brand.logo else None,
        "size": {
            "width": round(to_mm(box.width), 4),
            "height": round(to_mm(box.height), 4),
            "bleed": round(to_mm(box.bleed), 4),
            "safe": round(to_mm(box.safe), 4),
            # rectangles in card coordinates (mm from the trim's top-left), for layouts that
            # paint to the bleed edge or keep things inside the safe zone
            "trim_box": _box(0, box.width, box.height),
            "bleed_box": _box(-box.bleed, box.width, box.height),
            "safe_box": _box(box.safe, box.width, box.height),
            # relative to a poker card, so layouts can scale type and spacing with the card
            "scale": round(min(box.width / POKER[0], box.height / POKER[1]), 4),
        },
    }


def _box(inset: float, width: float, height: float) -> dict[str, float]:
    """A rectangle `inset` inside the trim (negative: outside), in mm, for templates."""
    return {"x": round(to_mm(inset), 4), "y": round(to_mm(inset), 4),
            "w": round(to_mm(width - 2 * inset), 4), "h": round(to_mm(height - 2 * inset), 4)}


@dataclass(frozen=True)
class CardContexts:
    """Each card's context: the deck's names, and the card with its category and level (whose
    values are worked out once per deck, not per card)."""

    shared: dict[str, Any]
    categories: dict[str, dict[str, Any]]
    levels: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, target: DeckFor, box: CardBox) -> CardContexts:
        deck = target.deck
        settings = deck.settings
        categories = {}
        for key, category in settings.categories.items():
            icon = deck.icons.get(key)
            categories[key] = {"id": key, **category.model_dump(),
                               "icon": str(icon) if icon else None}
        levels = {level.id: {**level.model_dump(), "number": number,
                             "count": len(settings.levels)}
                  for number, level in enumerate(settings.levels, start=1)}
        return cls(deck_context(target, box), categories, levels)

    def card(self, deck: LoadedDeck, index: int) -> dict[str, Any]:
        card = deck.cards[index]
        # copies, so a layout that changes a dict cannot leak into the next card
        category = dict(self.categories[card.category]) if card.category is not None else None
        level = dict(self.levels[card.level]) if card.level is not None else None
        return {**self.shared, "card": card.model_dump(), "category": category, "level": level}
