"""JSON Schemas of the files a coach writes (decks, brands, clients, printer profiles), made
from the models that validate them, so they cannot drift apart. A YAML editor that knows the
schema (VS Code with the YAML extension, for one) completes keys and marks mistakes as they are
typed; the sample files name theirs in their first line.

The models read some values more freely than their Python types say (a length as `0.5in`, a
deck choice as just its name, dates as text); the schemas say what a person may write.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .output.guard import protected_inputs
from .output.profiles import Profile
from .output.write import atomic_output, check_writable
from .source.client import ClientFile
from .source.models import Brand, Deck

KINDS: dict[str, type[BaseModel]] = {"deck": Deck, "brand": Brand, "client": ClientFile,
                                     "profile": Profile}
LENGTH_TEXT = r"^\s*-?(\d+(\.\d*)?|\.\d+)\s*(mm|cm|in|pt)?\s*$"
LENGTH = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": LENGTH_TEXT}],
          "description": "a length: 63.5mm, 0.125in, 12pt (a bare number is mm)"}
CARDS_FROM = {  # cards kept in a spreadsheet (source/sheetdeck.py)
    "required": ["from"], "additionalProperties": False,
    "properties": {
        "from": {"type": "string", "pattern": r"\.([cC][sS][vV]|[tT][sS][vV]|[xX][lL][sS][xX])$",
                 "description": "a .csv or .xlsx file, relative to the deck file"},
        "sheet": {"type": "string", "description": "the sheet of an .xlsx that holds the cards "
                                                   "(default: Cards, else the first)"}}}
PROFILE_LENGTHS = ("margin", "gutter", "row_gutter", "bleed", "safe")
CROP_LENGTHS = ("length", "offset", "width", "edge")


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    schema = KINDS[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"deckpress {kind} file"
    return _as_written(kind, schema)


def _as_written(kind: str, schema: dict[str, Any]) -> dict[str, Any]:
    """What a person writes where the models convert."""
    properties = schema["properties"]
    if kind == "deck":
        schema["patternProperties"] = {"^x-": {}}  # a home for YAML anchors
        # a list of cards, or {from: FILE}: `items` binds lists only and `properties`
        # blocks only, so a mistake in a card is still marked at the card
        properties["cards"] = {**properties["cards"], **CARDS_FROM,
                               "type": ["array", "object"],
                               "description": "the cards, or {from: FILE} naming the "
                                              "spreadsheet (.csv, .xlsx) that holds them"}
    if kind == "client":
        properties["decks"]["items"] = {"anyOf": [{"type": "string"},
                                                  properties["decks"]["items"]]}
        properties["start"] = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
                               "description": "the first day, as YYYY-MM-DD"}
    if kind == "profile":
        for name in PROFILE_LENGTHS:
            properties[name] = LENGTH
        crop = schema["$defs"]["CropMarks"]["properties"]
        for name in CROP_LENGTHS:
            crop[name] = LENGTH
        properties["crop_marks"] = {"anyOf": [{"enum": ["corners", "full", "none"]},
                                              {"$ref": "#/$defs/CropMarks"}]}
        properties["back_offset"] = {"type": "string",
                                     "description": "the back's shift, e.g. 1.5mm,-0.5mm"}
        schema["$defs"]["Png"]["properties"]["pixels"] = {
            "type": "string", "pattern": r"^\d+\s*[x×]\s*\d+$", "description": "e.g. 822x1122"}
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Every schema into `folder` as KIND.schema.json, each put in place whole and never over
    an input of the workspace (a schema file linked to a deck must not replace the deck);
    the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / f"{kind}.schema.json" for kind in KINDS]
    protected = protected_inputs(folder.resolve().parent, [])
    for target in targets:
        check_writable(target)
        protected.check(target, "the schema")
    for kind, target in zip(KINDS, targets, strict=True):
        with atomic_output(target) as temp:
            temp.write_text(json.dumps(schema_of(kind), indent=2, sort_keys=True) + "\n",
                            encoding="utf-8")
    return targets
