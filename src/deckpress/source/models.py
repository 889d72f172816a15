"""The deck and brand as validated data. Loading and cross-checks live in deck.py and brand.py."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    create_model,
)

from ..colours import normalised_hex
from .labels import check_label, check_language, label_defaults, language_given, languages
from .themes import check_theme, themes
from .yamlsource import source_text

CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but \t and \n


def _no_control_characters(value: str) -> str:
    found = CONTROL_CHARACTER.search(value)
    if found is not None:
        raise ValueError(
            f"contains an invisible control character (U+{ord(found.group()):04X}), often pasted "
            "from slides or a word processor; delete it and retype the line break or space"
        )
    return value


# Text fields take what was written: an unquoted 007 or 1:30 is not turned into 7 or 90.
# every text field is bounded: a pasted book in a disclaimer would take minutes to fit
Str = Annotated[str, StringConstraints(max_length=5000), BeforeValidator(source_text),
                AfterValidator(_no_control_characters)]
Colour = Annotated[str, BeforeValidator(source_text), AfterValidator(normalised_hex)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
                 BeforeValidator(source_text), AfterValidator(_no_control_characters)]


class Strict(BaseModel):
    """Unknown keys are errors (a misspelt key must never be silently ignored)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class LabelOverrides(Strict):
    """Labels a file changes (`labels:` in a brand, deck or client file): one optional key per
    printed phrase, made from data/labels.yaml, so a misspelt key is an unknown key."""

    def chosen(self) -> dict[str, str]:
        """The labels this file sets."""
        return {key: value for key, value in self.model_dump().items() if value is not None}


def _labels_model() -> type[LabelOverrides]:
    fields: dict[str, Any] = {
        key: (Annotated[Str, AfterValidator(partial(check_label, key))] | None,
              Field(None, description=f"{default.prints}; default: {default.text}"))
        for key, default in label_defaults().items()}
    return create_model("Labels", __base__=LabelOverrides, **fields)


# `language:` in a brand, deck or client file: the language of the built-in words and dates
LanguageCode = Annotated[str, BeforeValidator(source_text), AfterValidator(check_language),
                         Field(json_schema_extra={"enum": list(languages())})]
# the field as files hold it: left out is the default, written empty is a mistake
ChosenLanguage = Annotated[LanguageCode | None, BeforeValidator(language_given)]
LANGUAGE_HELP = ("the language of the built-in words and dates (docs/labels.md): "
                 + ", ".join(f"{language.code} ({language.name})"
                             for language in languages().values()))

# `theme:` in a brand or client file: the look of the built-in layouts (data/themes.yaml)
ThemeName = Annotated[str, BeforeValidator(source_text), AfterValidator(check_theme),
                      Field(json_schema_extra={"enum": list(themes())})]
THEME_HELP = ("the look of the built-in layouts (docs/themes.md; a client's wins over its "
              "brand's; default bold): " + ", ".join(themes()))


if TYPE_CHECKING:
    Labels = LabelOverrides
else:
    Labels = _labels_model()


class Level(Strict):
    id: Str = Field(min_length=1)
    label: Str
    description: Str = ""


class Category(Strict):
    label: Str
    colour: Colour
    icon: Str | None = None


class Card(BaseModel):
    """One card. Keys beyond these are allowed only if the deck declares them in `fields`."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, frozen=True)

    id: Annotated[str, StringConstraints(min_length=1, max_length=16,
                                         pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
                  BeforeValidator(source_text)]
    title: Text
    text: Text
    category: Str | None = None
    level: Str | None = None
    tip: Text | None = None
    counts_when: Text | None = None
    copies: StrictInt = Field(default=1, ge=1, le=1000)
    layout: Str | None = None

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})


CARD_KEYS = tuple(Card.model_fields)


class CardData:
    """A validated card, kept compactly: a deck of thousands holds these, not the models."""

    __slots__ = (*CARD_KEYS, "extra")

    id: str
    title: str
    text: str
    category: str | None
    level: str | None
    tip: str | None
    counts_when: str | None
    copies: int
    layout: str | None
    extra: dict[str, Any] | None

    def __init__(self, card: Card):
        for key in CARD_KEYS:
            setattr(self, key, getattr(card, key))
        self.extra = card.extra or None

    def model_dump(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in CARD_KEYS}
        if self.extra:
            data.update(self.extra)
        return data


class DeckSettings(Strict):
    """Everything a deck file says besides its cards."""

    title: Text
    subtitle: Str = ""
    size: Str
    layout: Str = "plain"
    fields: list[Str] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)
    categories: dict[Str, Category] = Field(default_factory=dict)
    labels: Labels = Field(default_factory=Labels)  # printed words of the built-in layouts
    language: ChosenLanguage = Field(None, description=LANGUAGE_HELP)  # over the brand's
    fit: Literal["deck", "card"] = Field("deck", description=(
        "deck: each text of a layout is set at one size across the deck, the size the longest "
        "needs; card: each card's text at the largest size it fits"))


class Deck(DeckSettings):
    """A whole deck file, as validated; loading keeps its settings and compact cards."""

    cards: list[Card] = Field(min_length=1)


class Client(Strict):
    name: Str = ""
    program: Str = ""
    goal: Str = ""  # printed at the top of the fear ladder


class Coach(Strict):
    name: Str = ""
    business: Str = ""
    email: Str = ""
    phone: Str = ""
    website: Str = ""


class Colours(Strict):
    """The neutral default palette: ink, paper and a muted brass accent."""

    primary: Colour = "#2F3A45"
    secondary: Colour = "#F3F0EA"
    accent: Colour = "#B08850"


class Fonts(Strict):
    heading: Str = "Noto Sans"
    body: Str = "Noto Sans"


class Brand(Strict):
    client: Client = Field(default_factory=Client)
    coach: Coach = Field(default_factory=Coach)
    booking_url: Str = ""
    logo: Str | None = None
    colours: Colours = Field(default_factory=Colours)
    fonts: Fonts = Field(default_factory=Fonts)
    disclaimer: Str = ""
    intro: Str = ""
    ladder: list[Str] = Field(default_factory=list)  # card ids for the fear ladder, in order
    labels: Labels = Field(default_factory=Labels)  # the coach's words, for every deck
    language: ChosenLanguage = Field(None, description=LANGUAGE_HELP)  # a deck's wins
    theme: ThemeName | None = Field(None, description=THEME_HELP)  # a client's wins
