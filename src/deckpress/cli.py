"""The `deckpress` command: a thin layer over the pipeline that turns errors into messages."""

from __future__ import annotations

import functools
import shutil
import sys
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .build import DEFAULT_PROFILE, build_deck
from .errors import DeckError, did_you_mean, display_path
from .load import workspace_of
from .profiles import profile_files, read_profile
from .units import shown, to_mm
from .worksheets import KINDS, build_worksheets
from .worksheets.build import paper_label


class ContentError(click.ClickException):
    """A problem in the user's files: exit code 1, message without a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def reports_errors(command):
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DeckError as error:
            raise ContentError(error.format()) from None
        except OSError as error:  # a path the system refuses (too long, a loop, ...)
            place = f"{error.filename}: " if error.filename else ""
            raise ContentError(f"{place}{error.strerror or error}") from None
        except RuntimeError as error:  # Path.resolve() reports symlink loops this way
            raise ContentError(str(error)) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deckpress")
def main() -> None:
    """Print-ready card decks from YAML challenge definitions.

    \b
    Examples:
      deckpress init my-decks
      deckpress build cards/networking.yaml --brand example
      deckpress build cards/networking.yaml --profile home-a4 -o output/a4.pdf
      deckpress worksheets cards/networking.yaml --brand example --fillable
      deckpress profiles
    """


def resolve_brand(value: str | None, workspace: Path) -> Path | None:
    """A brand is a file path, or the name of a file in the workspace's brands/ folder."""
    if value is None:
        return None
    path = Path(value)
    if path.is_file():
        return path
    if path.suffix.lower() in (".yaml", ".yml") or len(path.parts) > 1:
        raise DeckError(f"brand file not found: {shown(value)}", None,
                        "check the path, or give just the name of a file in brands/")
    named = workspace / "brands" / f"{value}.yaml"
    if named.is_file():
        return named
    choices = sorted(p.stem for p in (workspace / "brands").glob("*.yaml"))
    raise DeckError(
        f"brand '{shown(value)}' not found (no such file, and no brands/{shown(value)}.yaml in "
        f"{display_path(workspace)})",
        None,
        did_you_mean(value, choices) or "give the path to a brand .yaml file",
    )


@main.command()
@click.argument("deck", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--brand", "-b", metavar="BRAND",
              help="Brand file, or the name of one in the workspace's brands/ folder.")
@click.option("--profile", "-p", default=DEFAULT_PROFILE, show_default=True, metavar="PROFILE",
              help="Printer profile (see `deckpress profiles`).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write [default: output/DECK[-BRAND]-PROFILE.pdf in the workspace].")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--with-worksheets", is_flag=True,
              help="Also write the worksheets beside the PDF (paper from the profile).")
@reports_errors
def build(deck: Path, brand: str | None, profile: str, output: Path | None, quiet: bool,
          with_worksheets: bool = False) -> None:
    """Build DECK (a YAML file) into a print-ready PDF card sheet.

    Fronts and backs alternate page by page; backs are mirrored so they line up when the
    sheet is printed two-sided (flip on the long edge), and crop marks show where to cut.

    \b
    Examples:
      deckpress build cards/networking.yaml
      deckpress build cards/networking.yaml --brand example --profile home-a4
      deckpress build cards/table-talk.yaml -o ~/Desktop/table-talk.pdf
    """
    if output is not None and output.suffix.lower() != ".pdf":
        raise click.BadParameter(f"'{output}' does not end in .pdf", param_hint="'-o'")
    if not deck.is_file():
        raise DeckError("deck file not found", None,
                        f"check the path '{deck}'; decks usually live in cards/")
    workspace = workspace_of(deck)
    brand_path = resolve_brand(brand, workspace)
    if output is None:
        stem = deck.stem + (f"-{brand_path.stem}" if brand_path else "") + f"-{profile}"
        output = workspace / "output" / f"{stem}.pdf"
        if output.parent.exists() and not output.parent.is_dir():
            raise DeckError(f"'{display_path(output.parent)}' is not a folder", None,
                            "rename that file, or choose an output path with -o")
        output.parent.mkdir(exist_ok=True)
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        result = build_deck(deck, output, brand_path, profile, progress=progress)
    finally:
        progress.close()
    if not quiet:
        click.echo(
            f"wrote {display_path(result.output)} ({result.cards} cards, {result.pages} pages, "
            f"{result.faces} distinct faces)"
        )
    if with_worksheets:
        write_worksheets_beside(deck, brand_path, result.output, profile, quiet)


class Progress:
    """A progress bar on an interactive terminal, for decks big enough to wait for."""

    MIN_CARDS = 200

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.MIN_CARDS:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="drawing cards", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@reports_errors
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with a sample deck, brand and layouts.

    \b
    Example:
      deckpress init my-decks && cd my-decks
      deckpress build cards/networking.yaml --brand example
    """
    if directory.exists() and any(directory.iterdir()):
        raise DeckError(f"'{directory}' already exists and is not empty", None,
                        "choose a new folder name; init never overwrites files")
    samples = Path(str(resources.files("deckpress").joinpath("samples")))
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(samples, directory, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (directory / "output").mkdir(exist_ok=True)
    click.echo(f"created workspace {display_path(directory)}")
    click.echo(f"next: cd {directory} && deckpress build cards/networking.yaml --brand example")


@main.command()
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Workspace whose profiles/ to include.")
@reports_errors
def profiles(workspace: Path) -> None:
    """List printer profiles with their numbers."""
    for name, path in profile_files(workspace).items():
        profile = read_profile(path, name)
        width, height = profile.page_size
        click.echo(f"{name}")
        click.echo(f"  {profile.description}")
        click.echo(
            f"  page {profile.page} ({to_mm(width):.1f}×{to_mm(height):.1f} mm), "
            f"margin {to_mm(profile.margin):.2f} mm, gutter {to_mm(profile.gutter):.2f} mm, "
            f"bleed {to_mm(profile.bleed):.2f} mm, safe {to_mm(profile.safe):.2f} mm, "
            f"duplex {profile.duplex}, crop marks {'yes' if profile.crop_marks else 'no'}"
        )


@main.command()
@click.argument("deck", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--brand", "-b", metavar="BRAND",
              help="Brand file, or the name of one in the workspace's brands/ folder.")
@click.option("--paper", default="letter", show_default=True, metavar="PAPER",
              help="letter, a4, or a size such as 210x297mm.")
@click.option("--kind", "-k", "kinds", multiple=True, metavar="KIND",
              help=f"A sheet to include; repeat for more [default: all: {', '.join(KINDS)}].")
@click.option("--fillable", is_flag=True,
              help="Add form fields, so the sheets can be filled in on a tablet.")
@click.option("--days", default=30, show_default=True, metavar="N",
              help="Days on the tracker (1 to 366).")
@click.option("--blank", type=int, metavar="N",
              help="N blank log blocks instead of one per card.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write [default: output/DECK[-BRAND]-worksheets-PAPER.pdf].")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@reports_errors
def worksheets(deck: Path, brand: str | None, paper: str, kinds: tuple[str, ...], fillable: bool,
               days: int, blank: int | None, output: Path | None, quiet: bool) -> None:
    """Write the tracking worksheets for DECK into one PDF.

    Sheets, always in this order: ladder (fear ladder of the deck's cards), log (one block per
    card), tracker (a day-by-day grid), debrief, contacts. Card codes match the cards.

    \b
    Examples:
      deckpress worksheets cards/networking.yaml --brand example
      deckpress worksheets cards/networking.yaml --paper a4 --kind ladder --kind tracker
      deckpress worksheets cards/networking.yaml --kind log --blank 10 --fillable
    """
    if output is not None and output.suffix.lower() != ".pdf":
        raise click.BadParameter(f"'{output}' does not end in .pdf", param_hint="'-o'")
    if not deck.is_file():
        raise DeckError("deck file not found", None,
                        f"check the path '{deck}'; decks usually live in cards/")
    workspace = workspace_of(deck)
    brand_path = resolve_brand(brand, workspace)
    if output is None:
        stem = deck.stem + (f"-{brand_path.stem}" if brand_path else "")
        output = workspace / "output" / f"{stem}-worksheets-{paper_label(paper)}.pdf"
        if output.parent.exists() and not output.parent.is_dir():
            raise DeckError(f"'{display_path(output.parent)}' is not a folder", None,
                            "rename that file, or choose an output path with -o")
        output.parent.mkdir(exist_ok=True)
    result = build_worksheets(deck, output, brand_path, paper, kinds, fillable, days, blank)
    if not quiet:
        fields = f", {result.fields} form fields" if fillable else ""
        click.echo(f"wrote {display_path(result.output)} ({', '.join(result.kinds)}; "
                   f"{result.pages} pages{fields})")


def write_worksheets_beside(deck: Path, brand_path: Path | None, pdf: Path, profile: str,
                            quiet: bool) -> None:
    """`build --with-worksheets`: every sheet, on the profile's paper, next to the deck PDF."""
    page = read_profile(profile_files(workspace_of(deck))[profile], profile).page
    paper = page if page in ("letter", "a4") else "letter"
    output = pdf.with_name(f"{pdf.stem}-worksheets-{paper}.pdf")
    result = build_worksheets(deck, output, brand_path, paper)
    if not quiet:
        click.echo(f"wrote {display_path(result.output)} ({result.pages} pages of worksheets)")
