"""The words the built-in layouts and worksheets print ("Counts when:", "level 1 of 3", the
worksheets' headings and prompts), as a table of labels: defaults in data/labels.yaml, changed
one key at a time by a brand, then a deck, then a client file, so that a coach renames or
translates any printed word without copying a template.

A label is text with named placeholders (`level {number} of {count}`) that the layout fills
in; an override may use only its default's placeholders, and a wrong one is said at the line
it was written, never found as a KeyError while a card is drawn. `{{` and `}}` print a brace.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from ..errors import Where, did_you_mean

if TYPE_CHECKING:  # the loaded files, only named here: they are built on models.py, which
    # makes its `labels:` blocks from this module's table
    from .brand import LoadedBrand
    from .client import LoadedClient
    from .deck import LoadedDeck

DEFAULTS_FILE = "data/labels.yaml"  # English, and where and how much room each label has
LANGUAGES_FILE = "data/languages.yaml"
TRANSLATIONS = "data/labels/{code}.yaml"  # every other language's labels, key: text
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class LabelDefault:
    """One label as deckpress ships it: its text, where it prints, and its placeholders."""

    text: str
    prints: str
    placeholders: tuple[str, ...]
    without: str = ""  # characters it may not hold (| separates the answers of a list)


class LabelProblem(ValueError):
    """What is wrong with a label's text, and how to put it right."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.hint = hint


@cache
def label_defaults() -> Mapping[str, LabelDefault]:
    """Every label, in the order of the defaults file (the order the docs list them in)."""
    text = resources.files("deckpress").joinpath(DEFAULTS_FILE).read_text("utf-8")
    table = {key: LabelDefault(entry["text"], entry["prints"], tuple(placeholders(entry["text"])),
                               entry.get("without", ""))
             for key, entry in yaml.safe_load(text).items()}
    return MappingProxyType(table)


def placeholders(text: str) -> list[str]:
    """The placeholder names `text` uses, in order; LabelProblem for one that is not a
    plain name (`{}`, `{0}`, `{number:>5}`, `{card.id}`) or a brace with no partner."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise LabelProblem(
            "the label has a brace without its partner",
            "placeholders are written in braces, e.g. {number}; write {{ or }} to print a "
            "brace") from None
    names = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + \
                (f":{spec}" if spec else "") + "}"
            raise LabelProblem(
                f"the label has the placeholder '{written}', which is not a plain name",
                "write a placeholder as just its name in braces, e.g. {number}")
        names.append(name)
    return names


def check_label(key: str, text: str) -> str:
    """`text` if it uses only the placeholders the label `key` has; LabelProblem else."""
    default = label_defaults()[key]
    for char in default.without:
        if char in text:
            raise LabelProblem(f"the label may not hold '{char}': {default.prints}",
                               f"write it without '{char}'")
    allowed = default.placeholders
    for name in placeholders(text):
        if name in allowed:
            continue
        if not allowed:
            raise LabelProblem(
                f"the label takes no placeholders, but '{{{name}}}' is written as one",
                "write {{ or }} to print a brace")
        braced = [f"{{{usable}}}" for usable in allowed]
        close = did_you_mean(f"{{{name}}}", braced, list_choices=False)
        raise LabelProblem(f"unknown placeholder '{{{name}}}'",
                                 (f"{close} " if close else "")
                                 + f"this label can use {', '.join(braced)}")
    return text


@dataclass(frozen=True)
class LabelTable:
    """The labels one deck prints, each with where it was set (none for a default)."""

    texts: Mapping[str, str]
    origins: Mapping[str, Where] = field(default_factory=dict)

    def fill(self, key: str, **values: object) -> str:
        """The label with its placeholders filled in (and `{{` made a brace)."""
        return self.texts[key].format(**values)

    def for_templates(self) -> dict[str, str]:
        """What layouts see as `labels`: a label without placeholders as it prints, one with
        them as text for `.format(...)`."""
        defaults = label_defaults()
        return {key: text if defaults[key].placeholders else text.format()
                for key, text in self.texts.items()}

    def where(self, key: str) -> Where | None:
        """Where the label was set, or None for deckpress's own default."""
        return self.origins.get(key)


Layer = tuple[Mapping[str, str], Callable[[str], Where]]  # labels set, and where key k was


@dataclass(frozen=True)
class Language:
    """A language deckpress prints its own words in: ISO 639-1 code and names."""

    code: str
    name: str  # in English
    native: str  # as its speakers write it


@cache
def languages() -> Mapping[str, Language]:
    """Every language with built-in labels, in the order of data/languages.yaml."""
    text = resources.files("deckpress").joinpath(LANGUAGES_FILE).read_text("utf-8")
    return MappingProxyType({code: Language(code, entry["name"], entry["native"])
                             for code, entry in yaml.safe_load(text).items()})


@cache
def language_labels(code: str) -> Mapping[str, str]:
    """The built-in text of every label in the language `code` (English: the defaults)."""
    if code == DEFAULT_LANGUAGE:
        return MappingProxyType({key: default.text for key, default in label_defaults().items()})
    text = resources.files("deckpress").joinpath(TRANSLATIONS.format(code=code)).read_text("utf-8")
    return MappingProxyType(dict(yaml.safe_load(text)))


def check_language(code: str) -> str:
    """`code` if deckpress prints in that language; LabelProblem naming the nearest else (a
    name such as `German` or `Deutsch`, a region such as `de-AT` or a capital, too)."""
    known = languages()
    if code in known:
        return code
    by_word = {code: code for code in known}
    for language in known.values():
        by_word[language.name.lower()] = by_word[language.native.lower()] = language.code
    written = code.strip().lower()
    base = written.replace("_", "-").split("-")[0]
    close = difflib.get_close_matches(written, list(by_word), n=1, cutoff=0.6)
    guess = by_word.get(written) or by_word.get(base) or (by_word[close[0]] if close else None)
    raise LabelProblem(f"unknown language '{code}'",
                       (f"did you mean '{guess}'? " if guess else "")
                       + f"write a two-letter code; deckpress prints in {known_languages()}")


def language_given(value: object) -> object:
    """A `language:` written with no value is a mistake, not the default: the coach meant a
    language and the line says none (leaving the line out is how to take the default)."""
    if value is None:
        raise LabelProblem("'language' is empty",
                           f"write one of {known_languages()}, or delete the line to keep the "
                           "default (docs/labels.md)")
    return value


def known_languages() -> str:
    """Every language deckpress prints in, as a message lists them: `de (German), ...`."""
    return ", ".join(f"{language.code} ({language.name})" for language in languages().values())


def merged_labels(layers: Iterable[Layer], language: str = DEFAULT_LANGUAGE) -> LabelTable:
    """The language's built-in labels, changed by each layer in turn (a later layer wins,
    key by key)."""
    texts = dict(language_labels(language))
    origins: dict[str, Where] = {}
    for chosen, where in layers:
        for key, text in chosen.items():
            texts[key] = text
            origins[key] = where(key)
    return LabelTable(texts, origins)  # plain dicts: a table may be pickled for a worker


def default_labels() -> LabelTable:
    """The table with no overrides."""
    return merged_labels(())


def language_for(deck: LoadedDeck, brand: LoadedBrand, client: LoadedClient | None) -> str:
    """The language a deck prints its built-in words (labels, dates) in, as one client gets
    it: the client's, else the deck's, else the brand's, else English. The one answer for
    every part of deckpress that speaks a language."""
    chosen = (client.client.language if client is not None else None) \
        or deck.settings.language or brand.brand.language
    return chosen or DEFAULT_LANGUAGE


def text_language_for(deck: LoadedDeck, brand: LoadedBrand) -> str:
    """The language the coach's own words (the cards, the deck's title) are written in, which
    their quotes, dashes and hyphenation follow: the deck's, else the brand's, else English.
    A client's language changes the built-in words and dates, not the coach's text."""
    return deck.settings.language or brand.brand.language or DEFAULT_LANGUAGE


def labels_for(deck: LoadedDeck, brand: LoadedBrand, client: LoadedClient | None) -> LabelTable:
    """The labels of one deck as one client gets it: the built-in ones in its language
    (`language_for`), then the brand's (the coach's words for every deck), the deck's, the
    client's."""
    source = deck.source

    def in_deck(key: str) -> Where:
        location = ("labels", key)
        return Where(source.path, None, None, f"labels.{key}", lambda: source.line_of(location))

    layers: list[Layer] = [(brand.brand.labels.chosen(), partial(brand.where, "labels")),
                           (deck.settings.labels.chosen(), in_deck)]
    if client is not None:
        layers.append((client.client.labels.chosen(), partial(client.where, "labels")))
    return merged_labels(layers, language_for(deck, brand, client))
