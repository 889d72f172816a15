"""Where a deck's files are: its workspace (the folder holding cards/, brands/, templates/,
fonts/, profiles/ and output/), brands by name, and the default name of what a build writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DeckError, Where, did_you_mean, display_path, real_path
from ..units import shown

YAML_SUFFIXES = (".yaml", ".yml")


WORKSPACE_FOLDERS = ("cards", "clients", "brands")


def workspace_of(path: Path) -> Path:
    """The workspace a deck, client, roster or brand file is in: the folder holding its cards/,
    clients/ or brands/ folder; a file elsewhere is in its own folder's workspace. A file
    linked into cards/ is in that workspace, wherever the link points (its folder's links are
    followed, not its own)."""
    real_path(path, "file")  # a link that leads round in a loop is said
    folder = real_path(path.absolute().parent, "folder")
    return folder.parent if folder.name in WORKSPACE_FOLDERS else folder


def brand_names(workspace: Path) -> list[str]:
    """The brands `--brand NAME` can name: the files in the workspace's brands/ folder."""
    return sorted(path.stem for path in (workspace / "brands").glob("*.yaml"))


def find_brand(value: str, workspace: Path, beside: Path | None = None) -> Path:
    """A brand is a file path (relative to the current folder, or to `beside`: the folder of
    the file that names it), or the name of a file in the workspace's brands/ folder."""
    return _find(value, workspace, beside, "brands", "brand", brand_names(workspace))


def client_names(workspace: Path) -> list[str]:
    """The clients `--client NAME` can name: the files in the workspace's clients/ folder."""
    return sorted(path.stem for path in (workspace / "clients").glob("*.yaml"))


def find_client(value: str, workspace: Path) -> Path:
    """A client file path, or the name of a file in the workspace's clients/ folder."""
    return _find(value, workspace, None, "clients", "client", client_names(workspace))


DECK_SHEETS = (".xlsx", ".csv")  # a deck kept as a spreadsheet, found by name too


def find_deck(value: str, workspace: Path, beside: Path | None = None) -> Path:
    """A deck is a file path (as for brands), or the name of a file in the workspace's
    cards/ folder: NAME.yaml, else a spreadsheet NAME.xlsx or NAME.csv."""
    folder = workspace / "cards"
    decks = sorted({path.stem for path in folder.glob("*.*")
                    if path.suffix.lower() in (*YAML_SUFFIXES, *DECK_SHEETS)})
    named = Path(value)
    if len(named.parts) == 1 and named.suffix.lower() in (*YAML_SUFFIXES, *DECK_SHEETS) \
            and is_file(folder / value) and not is_file(named) \
            and not (beside is not None and is_file(beside / named)):
        return folder / value  # a file name of cards/, as written with its suffix
    sheets = [folder / f"{value}{suffix}" for suffix in DECK_SHEETS]
    sheet = next((path for path in sheets if is_file(path)), None)
    if sheet is not None and len(Path(value).parts) == 1 and not Path(value).suffix \
            and not is_file(folder / f"{value}.yaml"):
        return sheet
    return _find(value, workspace, beside, "cards", "deck", decks)


def _find(value: str, workspace: Path, beside: Path | None, folder: str, what: str,
          names: list[str]) -> Path:
    path = Path(value)
    named = workspace / folder / f"{value}.yaml"
    candidates = (path, *([beside / path] if beside is not None else []), named)
    for candidate in candidates:
        if is_file(candidate):
            return candidate
    for candidate in candidates:
        if _exists(candidate) and not candidate.is_dir():
            raise DeckError(f"{what} '{shown(value)}' is not a regular file (a device, pipe or "
                            "socket)", Where(candidate), "give the path of a file saved on disk")
    if path.suffix.lower() in YAML_SUFFIXES or len(path.parts) > 1:
        raise DeckError(f"{what} file not found: {shown(value)}", None,
                        f"check the path, or give just the name of a file in {folder}/")
    place = display_path(workspace)
    raise DeckError(
        f"{what} '{shown(value)}' not found (no such file, and no {folder}/{shown(value)}.yaml "
        f"in {'this folder' if place == '.' else place})",
        None,
        did_you_mean(value, names) or f"give the path to a {what} .yaml file",
    )


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


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


def find_picture(src: str, folders: tuple[Path, ...]) -> Path:
    """A picture's file (links followed): absolute, or the first of `folders` that has it."""
    path = Path(src)
    if not path.is_absolute():
        found = (folder / path for folder in folders if (folder / path).exists())
        path = next(found, folders[0] / path)
    return path.resolve()


@dataclass(frozen=True, order=True)
class Located:
    """A picture a face names (`src`), the folders it was looked for in, the file found."""

    src: str
    folders: tuple[str, ...]
    path: str

    def still_found(self) -> bool:
        return str(find_picture(self.src, tuple(map(Path, self.folders)))) == self.path
