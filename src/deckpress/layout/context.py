"""What a layout sees: the names every card's template can use (deck, brand, size, logo) and
each card's own (card, category, level). Documented in docs/card-markup.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..sizes import CardBox
from ..source.brand import LoadedBrand
from ..source.deck import LoadedDeck
from ..units import to_mm

POKER = (180.0, 252.0)  # 2.5 x 3.5 in, in points: layouts scale type relative to this card


def deck_context(deck: LoadedDeck, brand: LoadedBrand, box: CardBox) -> dict[str, Any]:
    """The names every layout can use besides `card`, `category` and `level`."""
    settings = deck.settings
    return {
        "deck": {
            "title": settings.title,
            "subtitle": settings.subtitle,
            "size": settings.size,
            "levels": [level.model_dump() for level in settings.levels],
            "categories": {key: value.model_dump() for key, value in settings.categories.items()},
            "card_count": deck.card_count,
        },
        "brand": brand.brand.model_dump(),
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
    def of(cls, deck: LoadedDeck, brand: LoadedBrand, box: CardBox) -> CardContexts:
        settings = deck.settings
        categories = {}
        for key, category in settings.categories.items():
            icon = deck.icons.get(key)
            categories[key] = {"id": key, **category.model_dump(),
                               "icon": str(icon) if icon else None}
        levels = {level.id: {**level.model_dump(), "number": number,
                             "count": len(settings.levels)}
                  for number, level in enumerate(settings.levels, start=1)}
        return cls(deck_context(deck, brand, box), categories, levels)

    def card(self, deck: LoadedDeck, index: int) -> dict[str, Any]:
        card = deck.cards[index]
        # copies, so a layout that changes a dict cannot leak into the next card
        category = dict(self.categories[card.category]) if card.category is not None else None
        level = dict(self.levels[card.level]) if card.level is not None else None
        return {**self.shared, "card": card.model_dump(), "category": category, "level": level}
