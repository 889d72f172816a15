"""Icons in card text: `:phone:` written in a card's text is drawn as the icon named phone, in
the text's size and colour. The names are the built-in icons and the SVG files of the
workspace's icons/ folder; a name that is neither is a mistake said at the field's line when
the deck is read, with the closest name as a hint.

A name is a lower-case letter, then lower-case letters, digits and hyphens, between colons
that touch no letter, digit or other colon: "10:30", "1:2:3" and "std::map" hold no icon. A
backslash before the first colon (`\\:phone:`) prints the colons and the name as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import DeckError, Where, did_you_mean
from ..units import shown
from .models import Card

ICON_FOLDER = "icons"  # in the workspace
BUILTIN_FOLDER = "data/icons"  # in the package
NAME = re.compile(r"[a-z][a-z0-9-]*")
# an icon, or (with the backslash) its name written out: colons touching no letter, digit or colon
WRITTEN = re.compile(r"(\\?)(?<![\w:]):([a-z][a-z0-9-]*):(?![\w:])")
MAX_NAME = 40  # characters; a longer "name" between colons is text, not an icon
MAX_LISTED = 40  # icon names a hint lists
# the fields a built-in layout passes through `inline`; titles are printed as written
TEXT_FIELDS = ("text", "tip", "counts_when")


@cache
def builtin_icons() -> dict[str, Path]:
    """The icons deckpress brings, by name."""
    folder = Path(str(resources.files("deckpress").joinpath(BUILTIN_FOLDER)))
    return {path.stem: path for path in sorted(folder.glob("*.svg"))}


def workspace_icons(workspace: Path) -> dict[str, Path]:
    """The SVG files of the workspace's icons/ folder whose names can be written as icons."""
    folder = workspace / ICON_FOLDER
    try:
        files = sorted(folder.glob("*.svg")) if folder.is_dir() else []
    except OSError:
        return {}
    return {path.stem: path for path in files
            if NAME.fullmatch(path.stem) and len(path.stem) <= MAX_NAME and path.is_file()}


def misnamed_icons(workspace: Path) -> list[Path]:
    """SVG files of the workspace's icons/ folder whose names cannot be written as icons (a
    space, a capital letter): said, since they would otherwise be passed over in silence."""
    folder = workspace / ICON_FOLDER
    try:
        files = sorted(folder.glob("*.svg")) if folder.is_dir() else []
    except OSError:
        return []
    usable = workspace_icons(workspace)
    return [path for path in files if usable.get(path.stem) != path]


def inline_icons(workspace: Path | None) -> dict[str, Path]:
    """Every icon card text can name: the built-in ones, and the workspace's, which take the
    place of a built-in icon of the same name (a brand can restyle `:phone:`)."""
    icons = dict(builtin_icons())
    if workspace is not None:
        icons.update(workspace_icons(workspace))
    return icons


def icon_names(text: str) -> Iterator[str]:
    """The icon names `text` writes, in order (not those written out with a backslash)."""
    for match in WRITTEN.finditer(text):
        if not match.group(1) and len(match.group(2)) <= MAX_NAME:
            yield match.group(2)


def with_icons(escaped: str) -> str:
    """Escaped text with each icon as an <icon name="…"/> tag, and each `\\:name:` as the
    colons and name alone."""

    def replace(match: re.Match[str]) -> str:
        escape, name = match.group(1), match.group(2)
        if escape or len(name) > MAX_NAME:
            return f":{name}:"
        return f'<icon name="{name}"/>'

    return WRITTEN.sub(replace, escaped) if ":" in escaped else escaped


def unknown_icon(name: str, known: Mapping[str, Path]) -> tuple[str, str]:
    """(problem, hint) for an icon name that is not one of `known`."""
    close = did_you_mean(f":{name}:", [f":{known_name}:" for known_name in known],
                         list_choices=False)
    literal = f"\\:{name}: prints the colons and the word as written"
    if close:
        return f"unknown icon ':{shown(name, MAX_NAME)}:'", f"{close} ({literal})"
    names = sorted(known)
    listed = ", ".join(names[:MAX_LISTED]) + (" …" if len(names) > MAX_LISTED else "")
    hint = f"icons: {listed} (built in, or a file NAME.svg in the workspace's " \
        f"{ICON_FOLDER}/ folder); {literal}"
    return f"unknown icon ':{shown(name, MAX_NAME)}:'", hint


def icon_problems(card: Card, known: Mapping[str, Path],
                  where: Callable[[str], Where]) -> list[DeckError]:
    """An unknown icon name in the card's text, tip, counts_when or a custom field: one
    problem per field, at its line (`where` places a field of the card)."""
    fields = [(key, getattr(card, key)) for key in TEXT_FIELDS]
    fields += [(str(key), value) for key, value in card.extra.items()]
    found = []
    for key, value in fields:
        texts = [str(item) for item in (value if isinstance(value, list) else [value])
                 if isinstance(item, str)]
        unknown = [name for text in texts for name in icon_names(text) if name not in known]
        if unknown:
            problem, hint = unknown_icon(unknown[0], known)
            found.append(DeckError(problem, where(key), hint))
    return found
