"""Where a deck's files are: its workspace (the folder holding cards/, brands/, templates/,
fonts/, profiles/ and output/), brands by name, and the default name of what a build writes."""

from __future__ import annotations

from pathlib import Path

from ..errors import DeckError, did_you_mean, display_path, real_path
from ..units import shown

BRAND_SUFFIXES = (".yaml", ".yml")


def workspace_of(deck_path: Path) -> Path:
    """The folder that holds the deck's `cards/` folder; a deck elsewhere is its own workspace."""
    folder = real_path(deck_path, "deck file").parent
    return folder.parent if folder.name == "cards" else folder


def brand_names(workspace: Path) -> list[str]:
    """The brands `--brand NAME` can name: the files in the workspace's brands/ folder."""
    return sorted(path.stem for path in (workspace / "brands").glob("*.yaml"))


def find_brand(value: str, workspace: Path) -> Path:
    """A brand is a file path, or the name of a file in the workspace's brands/ folder."""
    path = Path(value)
    if is_file(path):
        return path
    if path.suffix.lower() in BRAND_SUFFIXES or len(path.parts) > 1:
        raise DeckError(f"brand file not found: {shown(value)}", None,
                        "check the path, or give just the name of a file in brands/")
    named = workspace / "brands" / f"{value}.yaml"
    if is_file(named):
        return named
    place = display_path(workspace)
    raise DeckError(
        f"brand '{shown(value)}' not found (no such file, and no brands/{shown(value)}.yaml in "
        f"{'this folder' if place == '.' else place})",
        None,
        did_you_mean(value, brand_names(workspace)) or "give the path to a brand .yaml file",
    )


def is_file(path: Path) -> bool:
    """Whether `path` is a file; a name the system refuses (too long, say) is none."""
    try:
        return path.is_file()
    except OSError:
        return False


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def output_name(deck: Path, brand: Path | None, suffix: str) -> str:
    """DECK[-BRAND]SUFFIX: what a build of `deck` with `brand` is called, e.g.
    networking-example-home-letter.pdf."""
    return deck.stem + (f"-{brand.stem}" if brand else "") + suffix


def output_folder(workspace: Path) -> tuple[Path, bool]:
    """The workspace's output/ folder, made if missing; and whether it was made just now."""
    folder = workspace / "output"
    if folder.exists() and not folder.is_dir():
        raise DeckError(f"'{display_path(folder)}' is not a folder", None,
                        "rename that file, or choose an output path with -o")
    if folder.exists():
        return folder, False
    folder.mkdir()
    return folder, True
