"""JSON Schemas for editor completion: made from the models, committed beside the samples
(which name them), and every sample is valid under its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from deckpress.cli import main
from deckpress.schema import KINDS, schema_of
from deckpress.source.yamlsource import read_yaml
from helpers import ROOT

SAMPLES = {
    "deck": sorted((ROOT / "cards").glob("*.yaml")),
    "brand": sorted((ROOT / "brands").glob("*.yaml")),
    "client": sorted((ROOT / "clients").glob("*.yaml")),
    "profile": sorted((ROOT / "src/deckpress/data/profiles").glob("*.yaml")),
}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_committed_schemas_are_those_the_models_make(kind):
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    assert committed == schema_of(kind), "run: deckpress schema (in the repository root)"


@pytest.mark.parametrize(("kind", "path"), [(kind, path) for kind, paths in SAMPLES.items()
                                            for path in paths],
                         ids=lambda value: getattr(value, "name", value))
def test_every_sample_is_valid_under_its_schema(kind, path):
    errors = list(jsonschema.Draft202012Validator(schema_of(kind))
                  .iter_errors(read_yaml(path).data))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]


@pytest.mark.parametrize("path", [path for kind in ("deck", "brand", "client")
                                  for path in SAMPLES[kind]], ids=lambda path: path.name)
def test_the_samples_name_their_schema_for_editors(path):
    named = MODELINE.findall(path.read_text("utf-8"))
    assert len(named) == 1
    assert (path.parent / named[0]).resolve().is_file()


@pytest.mark.parametrize(("kind", "text", "where"), [
    ("deck", "title: T\nsize: poker\ntitel: x\ncards: []\n", []),
    ("deck", "title: T\nsize: poker\ncards:\n  - id: A\n    title: t\n    text: x\n"
     "    copies: many\n", ["cards", 0, "copies"]),
    ("brand", "coach:\n  emial: a@b.c\n", ["coach"]),
    ("client", "brand: example\nname: Ana\ndecks: [networking]\npaper: 12\n", ["paper"]),
    ("profile", "margin: wide\n", ["margin"]),
])
def test_a_mistake_is_marked_by_the_schema(tmp_path, kind, text, where):
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    errors = list(jsonschema.Draft202012Validator(schema_of(kind))
                  .iter_errors(read_yaml(path).data))
    assert errors and any(list(error.path) == where for error in errors), \
        [(list(error.path), error.message) for error in errors]


def test_the_command_writes_them_and_init_gives_a_workspace_its_own(tmp_path, runner,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["schema", "-o", "here"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in Path("here").iterdir()) == \
        sorted(f"{kind}.schema.json" for kind in KINDS)
    assert runner.invoke(main, ["init", "ws"]).exit_code == 0
    assert (tmp_path / "ws/schemas/deck.schema.json").is_file()


def test_a_schema_file_linked_to_a_deck_never_replaces_the_deck(workspace, runner, monkeypatch):
    monkeypatch.chdir(workspace)
    deck = workspace / "cards/networking.yaml"
    before = deck.read_bytes()
    (workspace / "schemas").mkdir()
    (workspace / "schemas/deck.schema.json").symlink_to(deck)
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error: the schema schemas/deck.schema.json would replace "
                                    "the workspace file cards/networking.yaml")
    assert deck.read_bytes() == before
    assert not (workspace / "schemas/brand.schema.json").exists()  # nothing written
