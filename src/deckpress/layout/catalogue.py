"""What the layouts are: their blocks, the card fields they print, where they live; and a
built-in layout copied into the workspace, to be changed there ("ejected")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import nodes

from ..errors import DeckError, Where, did_you_mean
from ..output.write import atomic_output
from ..source.themes import DEFAULT_THEME
from .templates import TEMPLATE_SUFFIX, Layouts, builtin_template_dir

_FIRST_COMMENT = re.compile(r"^\{#-?\s*(.*?)\s*-?#\}", re.DOTALL)


@dataclass(frozen=True)
class LayoutInfo:
    name: str
    file: Path
    builtin: bool  # False: the workspace's own (or its copy of a built-in)
    replaces_builtin: bool
    summary: str
    extends: str | None
    blocks: tuple[str, ...]
    card_fields: tuple[str, ...]
    labels: tuple[str, ...] = ()  # the labels it prints (docs/labels.md)


def describe(layouts: Layouts, name: str) -> LayoutInfo:
    """One layout, read from the file a build would use."""
    file = layouts.file_of(name)
    source = file.read_text(encoding="utf-8")
    tree = layouts.env.parse(source)
    comment = _FIRST_COMMENT.match(source.lstrip())
    summary = " ".join(comment.group(1).split()) if comment else ""
    extends = next((str(node.template.value) for node in tree.find_all(nodes.Extends)
                    if isinstance(node.template, nodes.Const)), None)
    blocks = tuple(dict.fromkeys(node.name for node in tree.find_all(nodes.Block)))
    fields = _attributes_of(tree, "card")
    builtin = file.parent in layouts.builtin_folders
    has_builtin = any((folder / f"{name}{TEMPLATE_SUFFIX}").is_file()
                      for folder in layouts.builtin_folders)
    return LayoutInfo(name, file, builtin, not builtin and has_builtin, summary,
                      extends, blocks, fields, _attributes_of(tree, "labels"))


def _attributes_of(tree: nodes.Template, name: str) -> tuple[str, ...]:
    """The attributes of `name` (card.title, labels.level) the template reads."""
    return tuple(sorted({node.attr for node in tree.find_all(nodes.Getattr)
                         if isinstance(node.node, nodes.Name) and node.node.name == name}))


def catalogue(layouts: Layouts) -> list[LayoutInfo]:
    return [describe(layouts, name) for name in layouts.names()]


def eject(workspace: Path, name: str, theme: str = DEFAULT_THEME) -> Path:
    """Copy the built-in layout `name`, as the theme `theme` draws it, into the workspace's
    templates/, where it takes the built-in's place; never over a file that is there."""
    themed = Layouts(None, theme=theme)
    builtin = themed.file_of(name)
    names = sorted(path.stem for path in builtin_template_dir().glob(f"*{TEMPLATE_SUFFIX}")
                   if not path.stem.startswith("_"))
    if name.startswith("_") or not builtin.is_file():
        raise DeckError(f"there is no built-in layout '{name}'", None,
                        did_you_mean(name, names) or "built-in layouts: " + ", ".join(names),
                        kind="option")
    target = workspace / "templates" / f"{name}{TEMPLATE_SUFFIX}"
    if target.exists() or target.is_symlink():
        raise DeckError("the workspace already has this layout", Where(target),
                        "change that file, or move it away first to copy the built-in again")
    info = describe(themed, name)
    blocks = ", ".join(info.blocks) or "none"
    others = f" (the others come from {info.extends})" if info.extends else ""
    header = (f"{{#- Copied from deckpress's built-in layout '{name}', theme {theme}. In this "
              "workspace it\n    takes the built-in's place in every theme: change it here. "
              f"Blocks: {blocks}{others}.\n    Delete this file to go back to the built-in. -#}}\n")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DeckError(f"cannot write the layout: {error.strerror or error}", Where(target),
                        "check that templates/ can be written to") from None
    # put in place whole: a half-written layout would take the built-in's place
    with atomic_output(target) as temp:
        temp.write_text(header + builtin.read_text(encoding="utf-8"), encoding="utf-8")
    return target



