"""Which programme a fillable worksheet belongs to, written into the PDF itself.

A fillable worksheet carries a hidden, read-only text field named `deckpress` on its first
page whose value is compact JSON: the deck, the client, the brand, the sheets, the tracker's
start and days, the ladder's rungs and the language. `deckpress report` reads it back (`read`)
to know what a filled sheet is, and to refuse one of another client or deck, without trusting
the file's name. It prints nothing and is never printed (the field is hidden).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from reportlab.platypus import Flowable

from .draw import Measurable

if TYPE_CHECKING:
    from ..inputs import Inputs
    from .plan import WorksheetSettings

FIELD = "deckpress"
FORMAT = 1
MAX_VALUE = 256 * 1024  # characters of JSON: a 1,000-card deck's titles take about 60,000
MAX_RUNGS = 1000


class Identity(BaseModel):
    """What the hidden field says (format 1). `titles` names the deck's cards, so a report
    can print a card's title without the deck file at hand."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    format: Literal[1]
    deck: str = Field(max_length=5000)
    deck_file: str = Field(max_length=255)
    client: str | None = Field(None, max_length=5000)
    client_file: str | None = Field(None, max_length=255)
    brand_file: str | None = Field(None, max_length=255)
    kinds: list[str] = Field(max_length=10)
    start: datetime.date | None = None
    days: int = Field(ge=1, le=366)
    rungs: list[str] = Field(max_length=MAX_RUNGS)
    language: str = Field(max_length=16)
    titles: dict[str, str] = Field(default_factory=dict)

    def title_of(self, card: str) -> str:
        return self.titles.get(card, "")


class IdentityError(ValueError):
    """The `deckpress` field is there but cannot be read: damaged, or from a newer deckpress."""


def identity_of(inputs: Inputs, settings: WorksheetSettings,
                rungs: list[dict[str, Any]]) -> Identity:
    """The identity of the worksheets `settings` make for `inputs`."""
    client = inputs.client
    person = inputs.person
    return Identity(
        format=FORMAT, deck=inputs.deck.settings.title, deck_file=inputs.deck.source.path.stem,
        client=person.name or None, client_file=client.slug if client is not None else None,
        brand_file=inputs.brand.path.stem if inputs.brand.path is not None else None,
        kinds=list(settings.kinds), start=person.start, days=settings.days,
        rungs=[str(rung["id"]) for rung in rungs][:MAX_RUNGS], language=inputs.language,
        titles={card.id: card.title for card in inputs.deck.cards},
    )


def encoded(identity: Identity) -> str:
    """Compact JSON in ASCII (other characters escaped), so any PDF viewer keeps it intact."""
    return json.dumps(identity.model_dump(mode="json"), separators=(",", ":"),
                      ensure_ascii=True, sort_keys=True)


class IdentityField(Measurable):
    """The hidden field, placed at the top of the first page; it takes no room."""

    def __init__(self, value: str):
        super().__init__()
        self.value = value

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.acroForm.textfield(
            name=FIELD, value=self.value, tooltip=FIELD, x=0, y=0, width=1, height=1,
            relative=True, borderWidth=0, borderColor=None, fillColor=None, maxlen=0,
            fontName="Helvetica", fontSize=1, fieldFlags="readOnly",
            annotationFlags="hidden",
        )


def stamp(inputs: Inputs, settings: WorksheetSettings,
          rungs: list[dict[str, Any]]) -> list[Flowable]:
    """The flowable that writes the identity field, first in the story; none for a sheet
    without form fields (it is read back only from filled-in forms)."""
    if not settings.fillable:
        return []
    return [IdentityField(encoded(identity_of(inputs, settings, rungs)))]


def read(fields: Mapping[str, Any]) -> Identity | None:
    """The identity among a PDF's form fields (pypdf's `get_fields`), or None if there is
    no `deckpress` field; IdentityError if it is there but unreadable."""
    field = fields.get(FIELD)
    if field is None:
        return None
    value = field.get("/V") if isinstance(field, Mapping) else None
    if not isinstance(value, str) or not value or len(value) > MAX_VALUE:
        raise IdentityError("its deckpress field is empty or too long")
    try:
        data = json.loads(value)
    except ValueError:
        raise IdentityError("its deckpress field is not the JSON deckpress writes") from None
    if isinstance(data, dict) and isinstance(data.get("format"), int) \
            and data["format"] > FORMAT:
        raise IdentityError(f"it was made by a newer deckpress (format {data['format']})")
    try:
        return Identity.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        raise IdentityError(f"its deckpress field has a wrong value at '{place}': "
                            f"{first['msg']}") from None
