"""The `deckpress` command: a thin layer over the pipeline that turns errors into messages."""

from __future__ import annotations

import functools
import shutil
import sys
import textwrap
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .build import DEFAULT_PROFILE, Options, build_deck, build_pngs
from .calibrate import DUPLEX_MODES as CALIBRATE_DUPLEX
from .calibrate import default_output, write_calibration
from .check import check_deck, plural, report_lines, worksheet_paper
from .errors import DeckError, did_you_mean, display_path
from .load import workspace_of
from .profiles import DUPLEX_MODES, Profile, load_profile, profile_files, read_profile
from .units import parse_offset, shown
from .worksheets import KINDS, build_worksheets, plan_worksheets
from .worksheets.build import paper_label


class ContentError(click.ClickException):
    """A problem in the user's files: exit code 1, message without a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class OffsetParam(click.ParamType):
    """`X,Y` with units, e.g. `1.5mm,-0.5mm`, to points (see units.parse_offset).

    A value that is not an offset is a mistake in a number the user measured, not in how the
    command is typed: it is reported like a content error, one message and exit code 1.
    """

    name = "offset"

    def convert(self, value, param, ctx) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_offset(value)
        except ValueError as error:
            option = param.opts[0] if param is not None and param.opts else "offset"
            raise ContentError(f"{option}: {error}\n  hint: measure it with `deckpress "
                               "calibrate`; X moves the backs right, Y up") from None


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
      deckpress check cards/networking.yaml --brand example --profile dtc
      deckpress build cards/networking.yaml --brand example --profile mpc
      deckpress calibrate --paper letter
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
    place = display_path(workspace)
    raise DeckError(
        f"brand '{shown(value)}' not found (no such file, and no brands/{shown(value)}.yaml in "
        f"{'this folder' if place == '.' else place})",
        None,
        did_you_mean(value, choices) or "give the path to a brand .yaml file",
    )


def deck_options(command):
    """The options `build` and `check` share: which deck, brand and profile."""
    for option in reversed([
        click.argument("deck", type=click.Path(dir_okay=False, path_type=Path)),
        click.option("--brand", "-b", metavar="BRAND",
                     help="Brand file, or the name of one in the workspace's brands/ folder."),
        click.option("--profile", "-p", default=DEFAULT_PROFILE, show_default=True,
                     metavar="PROFILE", help="Printer profile (see `deckpress profiles`)."),
        click.option("--duplex", type=click.Choice(DUPLEX_MODES),
                     help="Override the profile's duplex mode (for fold sheets on landscape "
                          "Letter, see the home-letter-fold profile)."),
        click.option("--back-offset", type=OffsetParam(), metavar="X,Y",
                     help="Move every back by X right and Y up (as seen on the back), e.g. "
                          "1.5mm,-0.5mm; measure it with `deckpress calibrate`."),
    ]):
        command = option(command)
    return command


def default_output_path(workspace: Path, deck: Path, brand_path: Path | None,
                        suffix: str) -> Path:
    """output/DECK[-BRAND]SUFFIX in the workspace; the output folder is made if missing."""
    folder = workspace / "output"
    if folder.exists() and not folder.is_dir():
        raise DeckError(f"'{display_path(folder)}' is not a folder", None,
                        "rename that file, or choose an output path with -o")
    if not folder.exists():
        folder.mkdir()
        # a failed run takes the folder it made away again, rather than leave it empty
        click.get_current_context().call_on_close(lambda: _remove_if_empty(folder))
    return folder / (deck.stem + (f"-{brand_path.stem}" if brand_path else "") + suffix)


def _remove_if_empty(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def find_deck(deck: Path, brand: str | None) -> tuple[Path, Path | None]:
    if not deck.is_file():
        raise DeckError("deck file not found", None,
                        f"check the path '{deck}'; decks usually live in cards/")
    workspace = workspace_of(deck)
    return workspace, resolve_brand(brand, workspace)


@main.command()
@deck_options
@click.option("--format", "-f", "output_format", type=click.Choice(["pdf", "png"]),
              help="pdf, or png: one image per face at the profile's pixel size "
                   "[default: png for image profiles (mpc, tgc), else pdf].")
@click.option("--proof", is_flag=True,
              help="Draw trim (red), safe zone (blue, dashed) and bleed (green) over every card.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="PDF to write, or the folder for PNGs "
                   "[default: output/DECK[-BRAND]-PROFILE.pdf (or folder) in the workspace].")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--with-worksheets", is_flag=True,
              help="Also write the worksheets beside the PDF (paper from the profile).")
@reports_errors
def build(deck: Path, brand: str | None, profile: str, duplex: str | None,
          back_offset: tuple[float, float] | None, output_format: str | None, proof: bool,
          output: Path | None, quiet: bool, with_worksheets: bool = False) -> None:
    """Build DECK (a YAML file) into a print-ready PDF, or PNG files for a print service.

    On home profiles fronts and backs alternate page by page; backs are mirrored so they line
    up when the sheet is printed two-sided, and crop marks show where to cut. Print-service
    profiles give one card per page (dtc, pod-pdf) or one PNG per face (mpc, tgc).

    \b
    Examples:
      deckpress build cards/networking.yaml
      deckpress build cards/networking.yaml --brand example --profile home-a4
      deckpress build cards/networking.yaml --back-offset 1.5mm,-0.5mm
      deckpress build cards/networking.yaml --profile dtc -o output/for-dtc.pdf
      deckpress build cards/networking.yaml --profile mpc -o output/mpc-upload
    """
    workspace, brand_path = find_deck(deck, brand)
    chosen = load_profile(profile, workspace)
    if output_format is None:
        output_format = "png" if chosen.output == "png" else "pdf"
    if output is not None and output_format == "pdf" and output.is_dir():
        raise click.BadParameter(f"'{output}' is a folder; give a file name, e.g. "
                                 f"{output / (deck.stem + '.pdf')}", param_hint="'-o'")
    if output is not None and output_format == "pdf" and output.suffix.lower() != ".pdf":
        raise click.BadParameter(f"'{output}' does not end in .pdf", param_hint="'-o'")
    if output is not None and output_format == "png" and output.suffix.lower() == ".pdf":
        raise click.BadParameter(f"'{output}' is a .pdf name, but PNG files go into a folder",
                                 param_hint="'-o'")
    if output is None:
        # a proof never takes the place of the files meant for the printer
        suffix = f"-{profile}" + ("-proof" if proof else "") + \
            (".pdf" if output_format == "pdf" else "")
        output = default_output_path(workspace, deck, brand_path, suffix)
    options = Options(duplex=duplex, back_offset=back_offset, proof=proof)
    # worksheets are checked before the deck is written, so a mistake in them stops both
    sheets = plan_worksheets(deck, brand_path, worksheet_paper(chosen)) if with_worksheets \
        else None
    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        if output_format == "png":
            result = build_pngs(deck, output, brand_path, profile, progress, options)
        else:
            result = build_deck(deck, output, brand_path, profile, progress, options)
    finally:
        progress.close()
    if not quiet:
        for finding in result.findings.items:
            click.echo(finding.line(), err=True)
        what = (f"{result.pages} pages" if output_format == "pdf"
                else f"{2 * result.cards} PNG files")
        click.echo(f"wrote {display_path(result.output)} ({plural(result.cards, 'card')}, "
                   f"{what}, {plural(result.faces, 'distinct face')})")
    if sheets is not None:
        written = sheets.write(worksheets_beside(deck, brand_path, result.output, chosen))
        if not quiet:
            click.echo(f"wrote {display_path(written.output)} ({plural(written.pages, 'page')} "
                       "of worksheets)")


@main.command()
@deck_options
@reports_errors
def check(deck: Path, brand: str | None, profile: str, duplex: str | None,
          back_offset: tuple[float, float] | None) -> None:
    """Preflight DECK: everything that would stop a build or worry a print shop.

    One line per finding; exit code 1 if any is an error. Errors: text that does not fit,
    missing glyphs, missing files, fonts not embedded, cards that do not suit the profile.
    Warnings: images under 300 dpi at their printed size, content outside the safe zone, text
    with low contrast against its background (WCAG).

    \b
    Examples:
      deckpress check cards/networking.yaml --brand example
      deckpress check cards/networking.yaml --profile dtc
    """
    workspace, brand_path = find_deck(deck, brand)
    result = check_deck(deck, brand_path, profile, workspace,
                        Options(duplex=duplex, back_offset=back_offset))
    for line in report_lines(result.findings):
        click.echo(line)
    errors, warnings = len(result.findings.errors), len(result.findings.warnings)
    summary = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if result.cards is not None:
        summary += f" in {result.cards} cards on profile '{profile}'"
    click.echo(summary)
    if errors:
        sys.exit(1)


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
    broken = []
    for name, path in profile_files(workspace).items():
        try:
            profile = read_profile(path, name)
        except DeckError as error:  # list the rest, then say what is wrong with each
            broken.append(error.format())
            continue
        click.echo(f"{name}")
        if profile.description:
            click.echo(f"  {profile.description}")
        click.echo(textwrap.fill(profile.summary(), width=96, initial_indent="  ",
                                 subsequent_indent="  "))
    for message in broken:
        click.echo(f"error: {message}", err=True)
    if broken:
        sys.exit(1)


@main.command()
@click.option("--paper", default="letter", show_default=True, metavar="PAPER",
              help="letter, a4, legal, a3, tabloid, or WxH with a unit (e.g. 210x297mm).")
@click.option("--duplex", type=click.Choice(CALIBRATE_DUPLEX), default="long-edge",
              show_default=True, help="How the printer turns the sheet for the back.")
@click.option("--back-offset", type=OffsetParam(), metavar="X,Y",
              help="Move the back by X right and Y up (e.g. 1.5mm,-0.5mm), to check an offset: "
                   "with the right one every reading is 0.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write [default: output/calibrate-PAPER.pdf if there is an output/ "
                   "folder here, else calibrate-PAPER.pdf].")
@reports_errors
def calibrate(paper: str, duplex: str, back_offset: tuple[float, float] | None,
              output: Path | None) -> None:
    """Write a two-page sheet that measures how far your printer shifts the back side.

    Print it two-sided at actual size, hold it against a window and read, on the back, where
    the front's lines cross the scales: that is the X,Y for `build --back-offset X,Y`.

    \b
    Examples:
      deckpress calibrate --paper a4
      deckpress calibrate --paper letter --back-offset 1.5mm,-0.5mm
    """
    if output is not None and output.suffix.lower() != ".pdf":
        raise click.BadParameter(f"'{output}' does not end in .pdf", param_hint="'-o'")
    target = output or default_output(paper, Path("."))
    written = write_calibration(target, paper, duplex, back_offset)
    click.echo(f"wrote {display_path(written)}: print it two-sided, "
               f"{'flip on long edge' if duplex == 'long-edge' else 'flip on short edge'}, "
               "at actual size")


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
    workspace, brand_path = find_deck(deck, brand)
    if output is None:
        output = default_output_path(workspace, deck, brand_path,
                                     f"-worksheets-{paper_label(paper)}.pdf")
    result = build_worksheets(deck, output, brand_path, paper, kinds, fillable, days, blank)
    if not quiet:
        fields = f", {result.fields} form fields" if fillable else ""
        click.echo(f"wrote {display_path(result.output)} ({', '.join(result.kinds)}; "
                   f"{plural(result.pages, 'page')}{fields})")






def worksheets_beside(deck: Path, brand_path: Path | None, deck_output: Path,
                      profile: Profile) -> Path:
    """`build --with-worksheets`: named as `deckpress worksheets` names them, in the folder of
    the deck's PDF (or PNG folder)."""
    return deck_output.parent / (deck.stem + (f"-{brand_path.stem}" if brand_path else "")
                                 + f"-worksheets-{worksheet_paper(profile)}.pdf")

