"""The `deckpress` commands: each reads its options (checked by the types in params.py), runs
the pipeline and says what it wrote.

Each command loads the part of the pipeline it runs when it runs (ReportLab, pydantic and Jinja
take a third of a second to load), so `deckpress --help`, `--version` and a mistyped command
answer at once; the choices the options offer come from choices.py, which loads nothing."""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import __version__
from ..choices import (
    CALIBRATION_DUPLEX_MODES,
    DUPLEX_MODES,
    MAX_BLANK,
    MAX_DAYS,
    WORKSHEET_KINDS,
)
from ..errors import INTERRUPTED, DeckError, display_path
from ..findings import plural
from ..sizes import papers
from ..units import to_mm
from .console import Console, Group, Progress, progress_lines, progress_wanted, verbosity
from .params import (
    BatchClientsParam,
    BrandParam,
    ClientParam,
    DeckParam,
    OffsetParam,
    PaperParam,
    PdfPath,
    PdfxParam,
    ProfileParam,
    ThemeParam,
    not_a_pdf_name,
)
from .watch import Ran, named_on_command_line, watch_command, what_ran

if TYPE_CHECKING:
    from ..batch.kit import KitResult
    from ..build import DeckJob, Options
    from ..inputs import Inputs
    from ..output.profiles import Profile
    from ..preview import CompiledLayouts
    from ..sizes import Paper
    from ..source.roster import ClientRef
    from ..source.workspace import Located
    from .targets import Target
    from .uptodate import Ledger, Said

Command = TypeVar("Command", bound=Callable[..., Any])


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="deckpress")
def main() -> None:
    """Print-ready card decks and worksheets from decks written in YAML or a spreadsheet.

    \b
    Examples:
      deckpress init my-decks
      deckpress build cards/networking.yaml --brand example
      deckpress build cards/networking.yaml --profile home-a4 -o output/a4.pdf
      deckpress check cards/networking.yaml --brand example --profile dtc
      deckpress build cards/networking.yaml --brand example --profile mpc
      deckpress calibrate --paper letter
      deckpress box cards/networking.yaml --brand example
      deckpress worksheets cards/networking.yaml --brand example --fillable
      deckpress preview cards/networking.yaml --brand example --card WU-01 --watch
      deckpress build --client jordan-rivera
      deckpress batch
      deckpress profiles
      deckpress layouts
      deckpress eject challenge
      deckpress schema
      deckpress export cards/networking.yaml -o cards/networking-sheet.xlsx

    Exit codes: 0 done, 1 a problem in your files, 2 a command typed wrongly, 3 a bug in
    deckpress (the details are saved to a file to report), 130 stopped (Ctrl-C, SIGTERM).
    """


def watch_option(command: Command) -> Command:
    return click.option("--watch", "-w", is_flag=True,
                        help="Keep watching the deck, brand, client, layouts, fonts and pictures, "
                             "and run again after each change (Ctrl-C stops).")(command)


class OptionalDeck(click.Argument):
    """Shown as [DECK] in the usage line, and as 'DECK' in a message about its value."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return "'DECK'"


def deck_argument(command: Command) -> Command:
    """The deck, processed first: profiles and brands are looked up in its workspace. It may
    be left out when a client names the decks."""
    return click.argument("deck", cls=OptionalDeck, type=DeckParam(), is_eager=True,
                          required=False)(command)


def brand_option(command: Command) -> Command:
    return click.option("--brand", "-b", type=BrandParam(), metavar="BRAND",
                        help="Brand file, or the name of one in the workspace's brands/ folder."
                        )(command)


def client_option(command: Command) -> Command:
    return click.option("--client", "-c", type=ClientParam(), metavar="CLIENT", is_eager=True,
                        help="Client file, or the name of one in the workspace's clients/ "
                             "folder: its brand, decks, cards, profile and paper.")(command)


def deck_options(command: Command) -> Command:
    """The options `build` and `check` share: which deck, client, brand and profile, and
    overrides."""
    for option in reversed([
        deck_argument,
        client_option,
        brand_option,
        click.option("--profile", "-p", type=ProfileParam(), metavar="PROFILE",
                     help="Printer profile (see `deckpress profiles`) [default: the client's, "
                          "else home-letter]."),
        click.option("--duplex", type=click.Choice(DUPLEX_MODES),
                     help="Override the profile's duplex mode (for fold sheets on landscape "
                          "Letter, see the home-letter-fold profile)."),
        click.option("--back-offset", type=OffsetParam(), metavar="X,Y",
                     help="Move every back by X right and Y up (as seen on the back), e.g. "
                          "1.5mm,-0.5mm (mm, cm, in or pt; a bare number is mm); measure it "
                          "with `deckpress calibrate`."),
        click.option("--pdfx", type=PdfxParam(),
                     help="Write PDF/X-1a:2003 (CMYK, no transparency) or PDF/X-4 for a print "
                          "service's preflight, or none [default: the profile's pdfx:]."),
        click.option("--jobs", "-j", type=click.IntRange(0, 512), default=0, metavar="N",
                     help="Processes drawing the cards: 0 for one per core, 1 for this one "
                          "only; the output is the same for any N [default: 0]."),
    ]):
        command = option(command)
    return command


def say_files_used(console: Console, inputs: Inputs, job: DeckJob | None = None) -> None:
    """With -v: the files a run used."""
    if console.level < 2:
        return
    deck = inputs.deck
    console.detail(f"deck: {display_path(deck.source.path)} ({plural(deck.card_count, 'card')}, "
                   f"size {deck.settings.size})")
    if inputs.client is not None:
        console.detail(f"client: {display_path(inputs.client.path)}")
    brand = inputs.brand
    console.detail(f"brand: {display_path(brand.path) if brand.path else 'built-in default'}")
    names = inputs.brand.brand.fonts
    for family in dict.fromkeys((names.body, names.heading)):
        files = ", ".join(display_path(path) for path in inputs.fonts.family(family).files.values())
        console.detail(f"font {family}: {files}")
    if job is not None:
        file = job.profile.file
        console.detail(f"profile: {job.profile.name}"
                       + (f" ({display_path(file)})" if file is not None else ""))
        layouts = dict.fromkeys([card.layout or deck.settings.layout for card in deck.cards])
        for layout in layouts:
            console.detail(f"layout {layout}: {display_path(job.layouts.file_of(layout))}")


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
@click.option("--with-worksheets", is_flag=True,
              help="Also write the worksheets beside the PDF (paper from the profile).")
@click.option("--no-cache", is_flag=True,
              help="Draw every card afresh instead of taking the faces of unchanged cards "
                   "from the last build (kept in output/.deckpress-cache/).")
@watch_option
@verbosity
def build(deck: Path | None, client: ClientRef | None, brand: Path | None, profile: Profile | None,
          duplex: str | None, back_offset: tuple[float, float] | None, pdfx: str | None,
          jobs: int, output_format: str | None, proof: bool, output: Path | None,
          console: Console, with_worksheets: bool = False, no_cache: bool = False,
          watch: bool = False) -> None:
    """Build DECK (a YAML deck file, or a .csv or .xlsx spreadsheet) into a print-ready
    PDF, or PNG files for a print service; or, with --client, each of the client's decks, as
    the client gets them.

    On home profiles fronts and backs alternate page by page; backs are mirrored so they line
    up when the sheet is printed two-sided, and crop marks show where to cut. Print-service
    profiles give one card per page (dtc, pod-pdf) or one PNG per face (mpc, tgc).

    \b
    Examples:
      deckpress build cards/networking.yaml
      deckpress build cards/room-openers.csv --brand example
      deckpress build cards/networking.yaml --brand example --profile home-a4
      deckpress build --client jordan-rivera
      deckpress build cards/networking.yaml --back-offset 1.5mm,-0.5mm
      deckpress build cards/networking.yaml --profile dtc -o output/for-dtc.pdf
      deckpress build cards/networking.yaml --profile mpc -o output/mpc-upload
      deckpress build cards/networking.yaml --brand example --watch
    """
    started = time.perf_counter()
    command = BuildCommand(deck, brand, client, profile, Choices(duplex, back_offset, proof, jobs,
                                                                 not no_cache, pdfx),
                           output_format, output, with_worksheets)
    if watch:
        watch_command(partial(command.run, console, time.perf_counter),
                      named_on_command_line(deck, brand, client.path if client else None,
                                            output),
                      console.say)
        return
    ledger = command.ledger() if not no_cache else None
    said = ledger.up_to_date() if ledger is not None else None
    if said is not None:
        for line in said:
            console.say(line.text, err=line.err)
        console.say("up to date: nothing changed since the last build (--no-cache builds "
                    "again)")
    else:
        if ledger is not None:
            ledger.forget()  # until this build has written everything
        command.run(console, None, ledger)
    console.detail(f"took {time.perf_counter() - started:.2f} s")


@dataclass(frozen=True)
class Choices:
    """The build's options as given (build.Options is made from them only when building, so
    finding a build up to date loads nothing of the pipeline)."""

    duplex: str | None
    back_offset: tuple[float, float] | None
    proof: bool
    jobs: int
    face_cache: bool
    pdfx: str | None = None

    def options(self) -> Options:
        from ..build import Options

        return Options(self.duplex, self.back_offset, self.proof, self.jobs, self.face_cache,
                       self.pdfx)


@dataclass(frozen=True)
class BuildCommand:
    """One `build` command line: what it builds, with which choices."""

    deck: Path | None
    brand: Path | None
    client: ClientRef | None
    profile: Profile | None
    choices: Choices
    output_format: str | None
    output: Path | None
    with_worksheets: bool

    def ledger(self) -> Ledger | None:
        """Where this command line keeps what its last build read and wrote."""
        from ..source.workspace import workspace_of
        from .uptodate import Ledger

        named = self.deck or (self.client.path if self.client is not None else None)
        if named is None:
            return None
        try:
            workspace = workspace_of(named)
        except DeckError:
            return None
        options = self.choices
        return Ledger.of(workspace, {
            "deck": self.deck and self.deck.absolute(), "brand": self.brand and
            self.brand.absolute(), "client": self.client and [self.client.path.absolute(),
                                                              self.client.row],
            "profile": self.profile and self.profile.model_dump_json(),
            "choices": [options.duplex, options.back_offset, options.proof, options.pdfx],
            "format": self.output_format, "output": self.output and self.output.absolute(),
            "worksheets": self.with_worksheets})

    def run(self, console: Console, clock: Callable[[], float] | None = None,
            ledger: Ledger | None = None) -> Ran:
        """Build every deck of the command; with `clock` (a watch), each line says how long
        it took."""
        from .targets import targets

        began = clock() if clock is not None else None
        began_ns = time.time_ns()
        chosen = targets(self.deck, self.brand, self.client, reread(self.profile))
        if self.output is not None and len(chosen) > 1:
            raise click.BadParameter(f"the client gets {len(chosen)} decks, so -o cannot name "
                                     "one file for them; leave out -o", param_hint="'-o'")
        options = self.choices.options()
        made = [build_one(target, options, self.output_format, self.output, console,
                          self.with_worksheets, began) for target in chosen]
        written = [path for one in made for path in one.written]
        if ledger is not None:
            ledger.record([target.inputs.workspace for target in chosen],
                          [path for one in made for path in one.read],
                          [place for one in made for place in one.located], written,
                          [line for one in made for line in one.said], began_ns)
        return what_ran([target.inputs for target in chosen], written)


@dataclass
class Made:
    """What building one deck wrote, read, found and said."""

    written: list[Path] = field(default_factory=list)
    read: list[Path | None] = field(default_factory=list)
    located: list[Located] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)

    def say(self, console: Console, text: str, err: bool = False, timing: str = "") -> None:
        from .uptodate import Said

        console.say(text + timing, err=err)
        self.said.append(Said(text, err))


def build_one(target: Target, options: Options, output_format: str | None,
              output: Path | None, console: Console, with_worksheets: bool,
              began: float | None = None) -> Made:
    """One deck of `build`: the PDF (or PNG files), and the worksheets if asked for; what it
    wrote. With `began` (a watch), the time since then ends the line saying what was written."""
    from ..build import prepare_job, write_deck, write_pngs
    from ..output.guard import check_distinct
    from ..source.workspace import output_name
    from .watch import input_files

    profile = target.chosen_profile
    output_format = output_format or ("png" if profile.output == "png" else "pdf")
    check_output_option(output, output_format, target.deck_path)
    if output is None:
        # a proof never takes the place of the files meant for the printer
        suffix = f"-{profile.name}" + ("-proof" if options.proof else "") + \
            (".pdf" if output_format == "pdf" else "")
        output = target.default_output(suffix)
    inputs = target.inputs
    job = prepare_job(inputs, profile, options)
    # worksheets are checked before the deck is written, so a mistake in them stops both
    sheets = None
    if with_worksheets:  # the worksheets' modules load only when they are made
        from ..worksheets import WorksheetSettings, plan_worksheets

        sheets = plan_worksheets(inputs, WorksheetSettings(target.worksheet_paper()))
    beside = None
    if sheets is not None:  # where they go, checked before the deck is written
        beside = output.parent / output_name(target.deck_path, target.brand_path,
                                             f"-worksheets-{sheets.pagination.paper.label}.pdf")
        check_distinct([(output, "the deck"), (beside, "the worksheets")])
        sheets.protected.check(beside, "the worksheets")
    progress = Progress(enabled=progress_wanted(console))
    try:
        if output_format == "png":
            result = write_pngs(job, output, progress)
        else:
            result = write_deck(job, output, progress)
    finally:
        progress.close()
    made = Made([result.output], [*input_files(inputs), *job_files(job), *result.images],
                [*result.located, *found_by_looking(inputs)])
    for finding in result.findings.items:
        made.say(console, finding.line(), err=True)
    for conversion in result.converted_images:  # PDF/X-1a: what was made CMYK, and how
        made.say(console, f"converted {conversion.describe()}", err=True)
    say_files_used(console, inputs, job)
    what = f"{result.pages} pages" if output_format == "pdf" else f"{2 * result.cards} PNG files"
    made.say(console, f"wrote {display_path(result.output)} ({plural(result.cards, 'card')}, "
             f"{what}, {plural(result.faces, 'distinct face')})", timing=took(began))
    if sheets is not None and beside is not None:
        written = sheets.write(beside)
        made.written.append(written.output)
        made.read += [Path(path) for path in sheets.templates_used.values()]
        made.say(console, f"wrote {display_path(written.output)} "
                 f"({plural(written.pages, 'page')} of worksheets)", timing=took(began))
    return made


def found_by_looking(inputs: Inputs) -> list[Located]:
    """The files loading found by looking in folders (the brand's logo beside the brand file,
    a category's icon file beside the deck or in the workspace), to be found again the same
    way: a link pointed elsewhere, or a new file found first, is another input."""
    from ..source.icons import inline_icons
    from ..source.workspace import Located

    brand, deck = inputs.brand, inputs.deck
    found = []
    if brand.path is not None and brand.logo is not None and brand.brand.logo:
        found.append(Located(brand.brand.logo, (str(brand.path.parent),), str(brand.logo)))
    named = inline_icons(deck.workspace)
    folders = (str(deck.source.path.parent), str(deck.workspace))
    for key, path in deck.icons.items():
        icon = deck.settings.categories[key].icon
        if icon and icon not in named:
            found.append(Located(icon, folders, str(path)))
    return found


def job_files(job: DeckJob) -> list[Path]:
    """The files a build reads that the deck's own files do not name: the fonts in use, the
    layouts read, a workspace's printer profile."""
    fonts = [path for family in job.inputs.fonts.families.values() if family.faces
             for path in family.files.values()]
    profile = [job.profile.file] if job.profile.file is not None else []
    return [*fonts, *map(Path, job.layouts.used.values()), *profile]


def took(began: float | None) -> str:
    """' in 0.42 s' since `began`, for a watch's line; nothing without it."""
    return "" if began is None else f" in {time.perf_counter() - began:.2f} s"


def reread(profile: Profile | None) -> Profile | None:
    """A profile named on the command line, read again from its file, so a watch sees it
    edited."""
    from ..output.profiles import read_profile

    if profile is None or profile.file is None:
        return profile
    return read_profile(profile.file, profile.name)


def _inputs_and_profile(load: Callable[[], Target]) -> tuple[Inputs, Profile]:
    target = load()
    return target.inputs, target.chosen_profile


def check_output_option(output: Path | None, output_format: str, deck: Path) -> None:
    """-o must suit the format: a .pdf file name, or a folder for PNG files."""
    if output is None:
        return
    if output_format == "pdf" and output.is_dir():
        raise click.BadParameter(f"'{output}' is a folder; give a file name, e.g. "
                                 f"{output / (deck.stem + '.pdf')}", param_hint="'-o'")
    problem = not_a_pdf_name(output) if output_format == "pdf" else None
    if problem:
        raise click.BadParameter(problem, param_hint="'-o'")
    if output_format == "png" and output.suffix.lower() == ".pdf":
        raise click.BadParameter(f"'{output}' is a .pdf name, but PNG files go into a folder",
                                 param_hint="'-o'")


@main.command()
@deck_options
@verbosity
def check(deck: Path | None, client: ClientRef | None, brand: Path | None, profile: Profile | None,
          duplex: str | None, back_offset: tuple[float, float] | None, pdfx: str | None,
          jobs: int, console: Console) -> None:
    """Preflight DECK (or each deck of a client): everything that would stop a build or
    worry a print shop.

    One line per finding, all in one run; exit code 1 if any is an error. Errors: every
    mistake in the deck and brand files (misspelt keys, wrong values, unknown categories,
    levels and icons, a missing logo or font), text that does not fit, missing glyphs, fonts
    not embedded, cards that do not suit the profile; a card with a mistake of its own is not
    rendered until it is fixed.
    Warnings: images under 300 dpi at their printed size, content outside the safe zone, art
    that stops at the cut instead of the bleed edge, small text in a rich black (CMYK), text
    with low contrast against its background (WCAG). With -q only the errors are listed.
    On a print service's profile (dtc, mpc, tgc, pod-pdf), what the service would flag is said
    in its words ("DriveThruCards would flag this: ..."); see docs/services/.

    \b
    Examples:
      deckpress check cards/networking.yaml --brand example
      deckpress check cards/networking.yaml --profile dtc
      deckpress check --client jordan-rivera
    """
    from ..build import Options
    from ..check import check_deck
    from ..findings import Findings, report_lines
    from .targets import loaders

    started = time.perf_counter()
    errors = 0
    for load in loaders(deck, brand, client, profile, lenient=True):
        result = check_deck(partial(_inputs_and_profile, load),
                            Options(duplex=duplex, back_offset=back_offset, jobs=jobs,
                                    pdfx=pdfx))
        findings = result.findings
        for finding in findings.errors:
            if finding.kind == "option":  # options that do not go together: exit code 2
                raise DeckError(finding.problem, finding.where, finding.hint, finding.kind)
        errors += len(findings.errors)
        if result.job is not None:
            say_files_used(console, result.job.inputs, result.job)
        shown = Findings(items=findings.errors) if console.quiet else findings
        for line in report_lines(shown):
            click.echo(line)
        summary = f"{plural(len(findings.errors), 'error')}, " \
                  f"{plural(len(findings.warnings), 'warning')}"
        if result.job is not None:
            summary += f" in {plural(result.cards or 0, 'card')} on profile " \
                       f"'{result.job.profile.name}'"
            left_out = len(result.job.inputs.deck.left_out)
            if left_out:
                summary += (f" ({plural(left_out, 'more card')} not rendered until "
                            f"{'its' if left_out == 1 else 'their'} errors are fixed)")
        console.say(summary)
    console.detail(f"took {time.perf_counter() - started:.2f} s")
    if errors:
        sys.exit(1)


def png_name(context: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A preview is a PNG: -o must say so."""
    if value is not None and value.suffix.lower() != ".png":
        raise click.BadParameter(f"'{value}' is not a .png name; a preview is a PNG image, e.g. "
                                 f"{value.with_suffix('.png')}", context, param)
    return value


@main.command()
@deck_argument
@client_option
@brand_option
@click.option("--card", "cards", multiple=True, metavar="ID",
              help="A card to show, front beside back; repeat for more (at most 12) "
                   "[default: the fronts of the whole deck, with their ids].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              callback=png_name,
              help="PNG to write [default: output/DECK[-BRAND]-preview.png in the workspace].")
@watch_option
@verbosity
def preview(deck: Path | None, client: ClientRef | None, brand: Path | None,
            cards: tuple[str, ...], output: Path | None, watch: bool, console: Console) -> None:
    """Show cards of DECK (or of each deck of a client) as a PNG for the screen: each card
    named with --card front beside back, or the whole deck's fronts as a contact sheet.

    Cards are shown as they look once cut (no bleed, no crop marks), at 192 pixels an inch
    (96 for the contact sheet, which shows at most 96 cards). A card that cannot be drawn is a
    red box naming the problem, the errors are listed as build lists them, and the exit code
    is 1. With --watch the PNG is made again whenever a file it is made from changes: keep it
    open in an image viewer that reloads.

    \b
    Examples:
      deckpress preview cards/networking.yaml --brand example
      deckpress preview cards/networking.yaml --brand example --card WU-01 --card HOW
      deckpress preview cards/networking.yaml --client li-wei --card HELLO -o hello.png
      deckpress preview cards/networking.yaml --card WU-01 --watch
    """
    from ..preview import CompiledLayouts  # the picture libraries load only for a preview
    from .targets import targets

    compiled = CompiledLayouts()  # kept between the runs of a watch
    started = time.perf_counter()

    def run() -> Ran:
        began = time.perf_counter() if watch else None
        chosen = targets(deck, brand, client, None)
        if output is not None and len(chosen) > 1:
            raise click.BadParameter(f"the client gets {len(chosen)} decks, so -o cannot name "
                                     "one file for them; leave out -o", param_hint="'-o'")
        written, failed = [], False
        for target, named in cards_by_deck(chosen, cards):
            path = output or target.default_output("-preview.png")
            failed = preview_one(target, path, named, console, compiled, began) or failed
            written.append(path)
        return what_ran([target.inputs for target in chosen], written, failed)

    if watch:
        watch_command(run, named_on_command_line(deck, brand, client.path if client else None,
                                                 output),
                      console.say)
        return
    result = run()
    console.detail(f"took {time.perf_counter() - started:.2f} s")
    if result.failed:
        sys.exit(1)


def cards_by_deck(chosen: list[Target], cards: tuple[str, ...]
                  ) -> list[tuple[Target, tuple[str, ...]]]:
    """Each deck with the cards named that it has: a client's cards named with --card are
    shown from the deck that has them (a card in none of them stays with the first deck,
    whose preview says so); without --card, every deck with none."""
    if not cards or len(chosen) < 2:
        return [(target, cards) for target in chosen]
    has = [{card.id for card in target.inputs.deck.cards} for target in chosen]
    nowhere = tuple(card for card in cards if not any(card in ids for ids in has))
    pairs = [(target, tuple(card for card in cards if card in ids) + (nowhere if not index
                                                                       else ()))
             for index, (target, ids) in enumerate(zip(chosen, has, strict=True))]
    return [(target, named) for target, named in pairs if named]


def preview_one(target: Target, output: Path, cards: tuple[str, ...], console: Console,
                compiled: CompiledLayouts, began: float | None) -> bool:
    """One deck's preview, its warnings and errors printed as build prints them; whether a
    card could not be drawn."""
    from ..preview import write_preview

    result = write_preview(target.inputs, target.chosen_profile, output, cards, compiled,
                           compiled.sizes)
    for finding in result.findings.warnings:
        console.say(finding.line(), err=True)
    for error in result.failed:
        click.echo(f"error: {error.format()}", err=True)
    say_files_used(console, target.inputs)
    if result.chosen:
        what = f"{plural(result.shown, 'card')}, front and back"
    elif result.shown < result.cards:
        what = f"the first {result.shown} of {result.cards} cards; choose others with --card"
    else:
        what = f"{plural(result.shown, 'card')}"
    if result.failed:
        what += f"; {plural(len(result.failed), 'card')} could not be drawn"
    console.say(f"wrote {display_path(result.output)} ({what})" + took(began))
    return bool(result.failed)


@main.command()
@click.option("--theme", type=ThemeParam(), default=None,
              help="Show the layouts as this theme draws them (default: bold).")
@verbosity
def layouts(theme: str | None, console: Console) -> None:
    """List the card layouts: built in, or the workspace's own; their blocks and card fields.

    A workspace layout named like a built-in one takes its place; `deckpress eject NAME`
    copies a built-in layout into templates/ to change it there.

    \b
    Example:
      deckpress layouts
      deckpress layouts --theme quiet
    """
    from ..layout.catalogue import catalogue
    from ..layout.templates import Layouts

    found = catalogue(Layouts(Path.cwd() if (Path.cwd() / "templates").is_dir() else None,
                              theme=theme))
    for info in found:
        where = "built in" if info.builtin else display_path(info.file) + (
            " (replaces the built-in one)" if info.replaces_builtin else "")
        console.say(f"{info.name}: {where}")
        if info.summary:
            console.say(f"  {info.summary}")
        extends = f" (extends {info.extends})" if info.extends else ""
        console.say(f"  blocks: {', '.join(info.blocks) or 'none'}{extends}")
        console.say(f"  card fields: {', '.join(info.card_fields) or 'none'}")
        if info.labels:
            console.say(f"  labels: {', '.join(info.labels)} (see docs/labels.md)")


@main.command()
@click.argument("name")
@click.option("--theme", type=ThemeParam(), default="bold", show_default=True,
              help="Copy the layout as this theme draws it.")
@verbosity
def eject(name: str, theme: str, console: Console) -> None:
    """Copy the built-in layout NAME into the workspace's templates/, to change it there.

    The copy takes the built-in's place for every deck of this workspace that uses NAME,
    whatever theme its brand or client chooses. It is the default theme's layout unless
    --theme names another.

    \b
    Examples:
      deckpress eject challenge
      deckpress eject plain --theme quiet
    """
    if not (Path.cwd() / "cards").is_dir():
        raise DeckError("this folder is not a deckpress workspace (it has no cards/ folder)",
                        None, "run it in your workspace, or make one with: deckpress init DIR",
                        kind="option")
    from ..layout.catalogue import eject as eject_layout

    target = eject_layout(Path.cwd(), name, theme)
    console.say(f"wrote {display_path(target)} (theme {theme}): it now takes the place of the "
                f"built-in '{name}' layout")


@main.command()
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("schemas"), show_default=True, help="Folder to write them into.")
@verbosity
def schema(output: Path, console: Console) -> None:
    """Write JSON Schemas for deck, brand, client and profile files, for editor completion.

    A YAML editor that reads schemas (VS Code with the YAML extension, for one) then completes
    keys and marks mistakes as you type. Name the schema in a file's comment, as the sample
    files do:  # yaml-language-server: $schema=../schemas/deck.schema.json

    \b
    Example:
      deckpress schema
    """
    from ..schema import write_schemas

    try:
        written = write_schemas(output)
    except OSError as error:
        raise DeckError(f"cannot write the schemas into {output}: {error.strerror or error}",
                        None, "choose a folder you can write to with -o") from None
    for path in written:
        console.say(f"wrote {display_path(path)}")


@main.command()
@click.argument("deck", type=DeckParam())
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The spreadsheet to write: NAME.xlsx (the whole deck), or NAME.csv (the "
                   "cards; the settings go into NAME.yaml beside it).")
@verbosity
def export(deck: Path, output: Path, console: Console) -> None:
    """Write DECK out as a spreadsheet to edit in Excel, LibreOffice or Google Sheets.

    Building the file written (or, for a CSV, either of its two files) gives the same PDF as
    building DECK. An .xlsx holds the cards on a Cards sheet and the settings on the Deck,
    Levels and Categories sheets; a list (such as steps) is one item per line in its cell.
    Keep the export in the workspace's cards/ folder so it finds the same layouts and icons.

    \b
    Examples:
      deckpress export cards/networking.yaml -o cards/networking-sheet.xlsx
      deckpress export cards/table-talk.yaml -o cards/table-talk-cards.csv
    """
    from ..export import export_deck
    from ..export import refuse_suffix as export_problem

    problem = export_problem(output)
    if problem:
        raise click.BadParameter(problem, param_hint="'-o'")
    result = export_deck(deck, output)
    files = " and ".join(display_path(path) for path in result.files)
    console.say(f"wrote {files} ({plural(result.cards, 'card')})")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@verbosity
def init(directory: Path, console: Console) -> None:
    """Create a new workspace in DIRECTORY with sample decks, brands, clients and layouts.

    \b
    Example:
      deckpress init my-decks && cd my-decks
      deckpress build cards/networking.yaml --brand example
      deckpress batch
    """
    from ..schema import write_schemas

    if directory.exists() and any(directory.iterdir()):
        raise DeckError(f"'{directory}' already exists and is not empty", None,
                        "choose a new folder name; init never overwrites files")
    samples = Path(str(resources.files("deckpress").joinpath("samples")))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DeckError(f"cannot create the folder {directory}: {error.strerror or error}", None,
                        "choose a folder in a place you can write to, e.g. ~/my-decks") from None
    shutil.copytree(samples, directory, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    write_schemas(directory / "schemas")  # for the editors the samples name them to
    (directory / "output").mkdir(exist_ok=True)
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            console.detail(f"created {display_path(path)}")
    console.say(f"created workspace {display_path(directory)}")
    console.say(f"next: cd {directory} && deckpress build cards/networking.yaml --brand example")
    console.say("  or, every sample client's deck and worksheets: deckpress batch")


@main.command()
@click.option("--workspace", "-w", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Workspace whose profiles/ to include.")
@verbosity
def profiles(workspace: Path, console: Console) -> None:
    """List printer profiles with their numbers (with -q only their names).

    \b
    Examples:
      deckpress profiles
      deckpress profiles --workspace my-decks -v
    """
    from ..output.profiles import profile_files, read_profile

    broken = []
    for name, path in profile_files(workspace).items():
        try:
            profile = read_profile(path, name)
        except DeckError as error:  # list the rest, then say what is wrong with each
            broken.append(error.format())
            continue
        click.echo(name)
        if profile.description:
            console.say(f"  {profile.description}")
        console.say(textwrap.fill(profile.summary(), width=96, initial_indent="  ",
                                  subsequent_indent="  "))
        console.detail(f"  from {display_path(path)}")
    for message in broken:
        click.echo(f"error: {message}", err=True)
    if broken:
        sys.exit(1)


@main.command()
@click.option("--brand", "-b", type=BrandParam(), default=None,
              help="Mark the theme this brand file chooses, and the fonts it draws in.")
@verbosity
def themes(brand: Path | None, console: Console) -> None:
    """List the card themes: the looks of the built-in layouts (with -q only their names).

    A brand or client file chooses one with `theme: NAME` (a client's wins over its brand's;
    the default is bold). A theme's fonts are used where the brand names none.

    \b
    Examples:
      deckpress themes
      deckpress themes --brand example
    """
    from ..inputs import theme_of, with_theme_fonts
    from ..layout.templates import theme_template_dir
    from ..source.brand import load_brand
    from ..source.themes import DEFAULT_THEME
    from ..source.themes import themes as all_themes

    loaded = load_brand(brand) if brand is not None else None
    chosen = theme_of(loaded, None) if loaded is not None else None
    for theme in all_themes().values():
        marks = [*(["the default"] if theme.name == DEFAULT_THEME else []),
                 *([f"brand {brand.stem}'s"] if brand is not None and theme.name == chosen
                   else [])]
        click.echo(theme.name + (f" ({', '.join(marks)})" if marks and not console.quiet
                                 else ""))
        console.say(textwrap.fill(theme.summary, width=96, initial_indent="  ",
                                  subsequent_indent="  "))
        fonts = with_theme_fonts(loaded, theme.name).brand.fonts if loaded is not None \
            else theme
        console.say(f"  fonts: {fonts.heading} (headings), {fonts.body} (text)"
                    + (" with this brand" if loaded is not None else ""))
        folder = theme_template_dir(theme.name)
        console.detail("  layouts: " + (display_path(folder) if folder.is_dir() else
                                         "the built-in ones"))


@main.command()
@click.option("--paper", type=PaperParam("the calibration sheet"), default="letter",
              show_default=True, metavar="PAPER",
              help=f"{', '.join(papers())}, or WxH with a unit (e.g. 210x297mm).")
@click.option("--duplex", type=click.Choice(CALIBRATION_DUPLEX_MODES), default="long-edge",
              show_default=True, help="How the printer turns the sheet for the back.")
@click.option("--back-offset", type=OffsetParam(), metavar="X,Y",
              help="Move the back by X right and Y up (e.g. 1.5mm,-0.5mm), to check an offset: "
                   "with the right one every reading is 0.")
@click.option("--output", "-o", type=PdfPath(),
              help="PDF to write [default: output/calibrate-PAPER.pdf if there is an output/ "
                   "folder here, else calibrate-PAPER.pdf].")
@verbosity
def calibrate(paper: Paper, duplex: str, back_offset: tuple[float, float] | None,
              output: Path | None, console: Console) -> None:
    """Write a two-page sheet that measures how far your printer shifts the back side.

    Print it two-sided at actual size, hold it against a window and read, on the back, where
    the front's lines cross the scales: that is the X,Y for `build --back-offset X,Y`.

    \b
    Examples:
      deckpress calibrate --paper a4
      deckpress calibrate --paper letter --back-offset 1.5mm,-0.5mm
    """
    from ..calibrate import default_output, write_calibration

    started = time.perf_counter()
    target = output or default_output(paper.text, Path("."))
    written = write_calibration(target, paper, duplex, back_offset)
    console.detail(f"paper: {paper.display_name}, {to_mm(paper.width):.1f}×"
                   f"{to_mm(paper.height):.1f} mm")
    console.say(f"wrote {display_path(written)}: print it two-sided, "
                f"{'flip on long edge' if duplex == 'long-edge' else 'flip on short edge'}, "
                "at actual size")
    console.detail(f"took {time.perf_counter() - started:.2f} s")


@main.command()
@deck_argument
@client_option
@brand_option
@click.option("--paper", type=PaperParam("the worksheets"), metavar="PAPER",
              help=f"{', '.join(papers())}, or WxH with a unit (e.g. 210x297mm) [default: the "
                   "client's, else letter].")
@click.option("--kind", "-k", "kinds", type=click.Choice(WORKSHEET_KINDS), multiple=True,
              help="A sheet to include; repeat for more [default: all: "
                   f"{', '.join(WORKSHEET_KINDS)}].")
@click.option("--fillable", is_flag=True,
              help="Add form fields, so the sheets can be filled in on a tablet (written "
                   "as …-worksheets-fillable-PAPER.pdf, beside the printed ones).")
@click.option("--days", type=click.IntRange(1, MAX_DAYS), default=30, show_default=True,
              metavar="N", help="Days on the tracker.")
@click.option("--blank", type=click.IntRange(1, MAX_BLANK), metavar="N",
              help="N blank log blocks [default: a block per card the client will do (its "
                   "cards, else its ladder), else 10 blank ones].")
@click.option("--output", "-o", type=PdfPath(),
              help="PDF to write [default: "
                   "output/DECK[-BRAND]-worksheets[-fillable]-PAPER.pdf].")
@verbosity
def worksheets(deck: Path | None, client: ClientRef | None, brand: Path | None, paper: Paper | None,
               kinds: tuple[str, ...], fillable: bool, days: int, blank: int | None,
               output: Path | None, console: Console) -> None:
    """Write the tracking worksheets for DECK (or for each deck of a client) into one PDF.

    Sheets, always in this order: ladder (a fear ladder of 8 to 15 rungs), log (a block per
    card the client will do, or blank blocks), tracker (a day-by-day grid), debrief,
    contacts. Card codes match the cards.

    \b
    Examples:
      deckpress worksheets cards/networking.yaml --brand example
      deckpress worksheets --client jordan-rivera
      deckpress worksheets cards/networking.yaml --paper a4 --kind ladder --kind tracker
      deckpress worksheets cards/networking.yaml --kind log --blank 10 --fillable
    """
    from dataclasses import replace

    from ..worksheets import output_suffix, plan_worksheets, worksheet_settings
    from .targets import targets

    started = time.perf_counter()
    settings = worksheet_settings(paper or "letter", kinds, fillable, days, blank)
    chosen = targets(deck, brand, client, None, with_profile=False)
    if output is not None and len(chosen) > 1:
        raise click.BadParameter(f"the client gets {len(chosen)} decks, so -o cannot name one "
                                 "file for them; leave out -o", param_hint="'-o'")
    for target in chosen:
        own = replace(settings, paper=paper or target.worksheet_paper())
        path = output or target.default_output(output_suffix(own))
        plan = plan_worksheets(target.inputs, own)
        result = plan.write(path)
        say_files_used(console, target.inputs)
        for name, file in plan.templates_used.items():
            console.detail(f"worksheet template {Path(name).stem}: {display_path(file)}")
        fields = f", {result.fields} form fields" if fillable else ""
        console.say(f"wrote {display_path(result.output)} ({', '.join(result.kinds)}; "
                    f"{plural(result.pages, 'page')}{fields})")
        if plan.chosen:
            console.say(f"  {plan.chosen}")
    console.detail(f"took {time.perf_counter() - started:.2f} s")


def csv_name(context: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """--csv must name a .csv file (a usage mistake otherwise)."""
    if value is not None and value.suffix.lower() != ".csv":
        raise click.BadParameter(f"'{value}' does not end in .csv", context, param)
    return value


@main.command()
@click.argument("filled", nargs=-1, required=True, metavar="FILLED.pdf...",
                type=click.Path(dir_okay=True, path_type=Path))
@client_option
@brand_option
@click.option("--output", "-o", type=PdfPath(),
              help="PDF to write [default: output/CLIENT-report.pdf].")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              callback=csv_name, metavar="OUT.csv",
              help="CSV of the same data [default: beside the PDF, ending in .csv].")
@verbosity
def report(filled: tuple[Path, ...], client: ClientRef | None, brand: Path | None,
           output: Path | None, csv_path: Path | None, console: Console) -> None:
    """Read filled-in worksheets back into a progress report for the next session.

    FILLED are fillable worksheets (`deckpress worksheets --fillable`) the client filled in,
    one or several of one client and deck. The report shows asks made, no's collected, the
    longest streak, the hardest rung, fear and belief per ask as charts, and what the client
    learned, and says what was left empty; the CSV holds the same data.

    \b
    Examples:
      deckpress report output/jordan-rivera/networking-worksheets-fillable-letter.pdf
      deckpress report week1.pdf week2.pdf --client jordan-rivera -o output/jordan-week2.pdf
    """
    from ..report import default_outputs, make_report, write_report
    from ..source.roster import load_client_ref
    from ..source.workspace import workspace_of

    started = time.perf_counter()
    loaded = load_client_ref(client, workspace_of(client.path)) if client is not None else None
    workspace = workspace_of(loaded.path) if loaded is not None else \
        workspace_of(brand) if brand is not None else Path(".").resolve()
    made = make_report(list(filled), loaded, brand, workspace)
    pdf_path = output or default_outputs(made, workspace)
    csv_out = csv_path or pdf_path.with_suffix(".csv")
    write_report(made, pdf_path, csv_out, workspace)
    data = made.programme
    notes = f"; {plural(len(data.notes), 'note')} of what was missing" if data.notes else ""
    console.say(f"wrote {display_path(pdf_path)} and {display_path(csv_out)} "
                f"({plural(len(filled), 'worksheet')}, {plural(len(data.asks), 'ask')} "
                f"logged{notes})")
    console.detail(f"took {time.perf_counter() - started:.2f} s")


def stock_thickness(context: click.Context, param: click.Parameter,
                    value: float | None) -> float | None:
    """--stock-mm: a finite thickness from 0.1 to 1.5 mm (a usage mistake otherwise)."""
    if value is not None and not 0.1 <= value <= 1.5:  # false for nan and inf too
        raise click.BadParameter(f"{value:g} is not a card's thickness: give 0.1 to 1.5 (mm); "
                                 "300 gsm card is about 0.3", context, param)
    return value


@main.command()
@deck_argument
@client_option
@brand_option
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False),
              help="The paper to print the box on [default: the client's, else letter].")
@click.option("--stock-mm", type=float, callback=stock_thickness, metavar="MM",
              help="How thick one card is, in mm [default: 0.30, for 300–350 gsm card].")
@click.option("--profile", "-p", type=ProfileParam(), metavar="PROFILE",
              help="A print-service profile (dtc, pod-pdf): one page the size of the flat box "
                   "plus the profile's bleed, instead of a sheet to print at home.")
@click.option("--pdfx", type=PdfxParam(),
              help="With --profile: write PDF/X-1a:2003 (CMYK, no transparency) or PDF/X-4, as "
                   "the cards, or none [default: the profile's pdfx:].")
@click.option("--output", "-o", type=PdfPath(),
              help="PDF to write [default: output/DECK[-BRAND]-box.pdf, or -box-PROFILE.pdf].")
@verbosity
def box(deck: Path | None, client: ClientRef | None, brand: Path | None, paper: str | None,
        stock_mm: float | None, profile: Profile | None, pdfx: str | None,
        output: Path | None, console: Console) -> None:
    """Write a branded tuck box that holds DECK (or each of a client's decks).

    The box fits the cards' size and count (copies included) at --stock-mm each; the front
    shows the logo and the deck's title, the back the coach's details. Cut the solid lines,
    fold the dashed ones. Too wide for the paper, it comes in two pieces.

    \b
    Examples:
      deckpress box cards/networking.yaml --brand example
      deckpress box cards/networking.yaml --brand example --paper a4 --stock-mm 0.35
      deckpress box --client jordan-rivera
      deckpress box cards/networking.yaml --brand example --profile pod-pdf
      deckpress box cards/networking.yaml --brand example --profile dtc --pdfx x-1a
    """
    from ..box import plan_box, plan_service_box, write_box
    from ..findings import Findings
    from ..output.profiles import with_pdfx
    from ..output.tuckbox import DEFAULT_STOCK_MM
    from ..render.cmyk_images import ImageConversion
    from ..sizes import paper as named_paper
    from .targets import targets

    if profile is not None and profile.output != "pages":
        raise click.BadParameter(f"{profile.name} prints cards on sheets or as PNG files; the "
                                 "box takes a print-service PDF profile: dtc or pod-pdf, or none "
                                 "for a home printer", param_hint="'--profile'")
    if profile is None and pdfx not in (None, "none"):
        raise click.BadParameter("PDF/X is for a print service's box, and the box for a home "
                                 "printer is a plain PDF: give --profile dtc or pod-pdf too, or "
                                 "leave out --pdfx", param_hint="'--pdfx'")
    started = time.perf_counter()
    chosen = targets(deck, brand, client, None, with_profile=False)
    if output is not None and len(chosen) > 1:
        raise click.BadParameter(f"the client gets {len(chosen)} decks, so -o cannot name one "
                                 "file for them; leave out -o", param_hint="'-o'")
    for target in chosen:
        sheet = None if profile is not None else \
            (named_paper(paper) if paper else target.worksheet_paper())
        if profile is None:
            plan = plan_box(target.inputs, sheet, stock_mm or DEFAULT_STOCK_MM)
        else:
            plan = plan_service_box(target.inputs, with_pdfx(profile, pdfx),
                                    stock_mm or DEFAULT_STOCK_MM)
        suffix = f"-box-{profile.name}.pdf" if profile is not None else "-box.pdf"
        box_findings = Findings()
        conversions: list[ImageConversion] = []
        written = write_box(target.inputs, output or target.default_output(suffix), plan,
                            box_findings, conversions)
        for finding in box_findings.warnings:
            console.say(finding.line(), err=True)
        for conversion in conversions:  # PDF/X-1a: the logo made CMYK, as build says
            console.say(f"converted {conversion.describe()}", err=True)
        say_files_used(console, target.inputs)
        standard = f", {plan.file.standard}" if plan.file.standard is not None else ""
        where = f"on {sheet.display_name}" if sheet is not None else \
            f"for {profile.name if profile else ''}, with bleed{standard}"
        pieces = "" if plan.pieces == 1 else ", in two pieces" + \
            (" on two pages" if len(plan.pages) == 2 else "")
        console.say(f"wrote {display_path(written)} (a box for {plural(plan.cards, 'card')}, "
                    f"{plan.inner.width:.0f}×{plan.inner.height:.0f}×{plan.inner.depth:.0f} mm "
                    f"inside, {where}{pieces})")
    console.detail(f"took {time.perf_counter() - started:.2f} s")


def scheduler_address(context: click.Context, param: click.Parameter,
                      value: str | None) -> str | None:
    """A scheduler address typed wrongly is a usage mistake (exit 2)."""
    if value is not None:
        try:
            from ..batch.run import scheduler_place  # loaded only for a batch

            scheduler_place(value)
        except ValueError as error:
            raise click.BadParameter(str(error), context, param) from None
    return value


@main.command()
@click.argument("clients", nargs=-1, type=BatchClientsParam())
@click.option("--jobs", "-j", type=click.IntRange(0, 512), default=0, show_default=True,
              metavar="N", help="Worker processes: 0 for one per core, 1 for none.")
@click.option("--force", is_flag=True, help="Build every kit, even those up to date.")
@click.option("--zip", "make_zip", is_flag=True,
              help="Also write output/CLIENT.zip of each kit, to send.")
@click.option("--no-worksheets", is_flag=True, help="Decks only.")
@click.option("--scheduler", metavar="ADDRESS", callback=scheduler_address,
              help="Build on a dask.distributed cluster, e.g. tcp://10.0.0.5:8786 (needs "
                   "deckpress[cluster]; workers must see this workspace at the same path).")
@verbosity
def batch(clients: tuple[Path | ClientRef, ...], jobs: int, force: bool, make_zip: bool,
          no_worksheets: bool, scheduler: str | None, console: Console) -> None:
    """Build every client's kit: the deck(s) and worksheets, in output/CLIENT/.

    CLIENTS are client files, folders of them, rosters (.csv, .xlsx), or clients by name as
    --client takes them [default: the clients/ folder]. A kit whose files have not changed
    since it was built is skipped; one client's mistake does not stop the others. Exit code 1
    if any client failed.

    \b
    Examples:
      deckpress batch
      deckpress batch clients/jordan-rivera.yaml clients/roster.csv --zip
      deckpress batch -j 4 --force
      deckpress batch --scheduler tcp://10.0.0.5:8786
    """
    started = time.perf_counter()
    sources: list[Path | ClientRef] = list(clients) or [Path("clients")]
    if not clients and not Path("clients").is_dir():
        raise click.UsageError("no clients/ folder here: name client files, folders or rosters",
                               click.get_current_context())
    from ..batch.kit import KitOptions  # loaded only for a batch: processes, a cluster
    from ..batch.run import plan_batch, run_batch
    from ..source.roster import ClientRef

    plan = plan_batch(sources, KitOptions(force, make_zip, not no_worksheets))
    if not plan.tasks and not plan.failed:
        named = [source.path if isinstance(source, ClientRef) else source for source in sources]
        raise DeckError(f"no clients in {', '.join(display_path(path) for path in named)}",
                        None, "add a client file (see docs/clients.md) or a roster (.csv, .xlsx)")
    bar = BatchProgress(len(plan.tasks), enabled=progress_wanted(console))
    try:
        ran = run_batch(plan.tasks, jobs, scheduler, bar.update)
    finally:
        bar.close()
    results = plan.failed + ran.results
    if not console.quiet:
        for line in summary_table(results):
            click.echo(line)
    for result in results:
        for warning in result.warnings:
            console.say(f"{result.name}: {warning}", err=True)
        if result.error is not None:
            click.echo(f"error: {result.name}: {result.error}", err=True)
    built = sum(result.status == "built" for result in results)
    current = sum(result.status == "up to date" for result in results)
    failed = sum(result.status == "failed" for result in results)
    console.say(f"{plural(built, 'kit')} built, {current} up to date, {failed} failed "
                f"in {time.perf_counter() - started:.1f} s")
    if ran.interrupted:
        left = len(plan.tasks) - len(ran.results)
        click.echo(f"interrupted: {plural(left, 'kit')} not built; each left as it was", err=True)
        sys.exit(INTERRUPTED)
    if failed:
        sys.exit(1)


def summary_table(results: list[KitResult]) -> list[str]:
    """client, cards, pages, time, result, warnings: a line each, in columns."""
    rows = [("client", "cards", "pages", "time", "result", "warnings")]
    for result in results:
        rows.append((result.name, str(result.cards or ""), str(result.pages or ""),
                     f"{result.seconds:.1f} s", result.status, str(len(result.warnings) or "")))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) if column in (0, 4) else cell.rjust(width)
                      for column, (cell, width) in enumerate(zip(row, widths, strict=True))
                      ).rstrip() for row in rows]


class BatchProgress:
    """A progress bar over the kits, on an interactive terminal."""

    def __init__(self, total: int, enabled: bool):
        self.bar: Any = None
        self.total = total
        self.done = 0
        self.lines = enabled and progress_lines()
        if enabled and total > 1 and not self.lines:
            self.bar = click.progressbar(length=total, label="building kits", file=sys.stderr)
            self.bar.__enter__()

    def update(self, result: KitResult) -> None:
        self.done += 1
        if self.lines:
            click.echo(f"progress: {self.done}/{self.total} kits", err=True)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.argument("workspace", required=False, default=Path("."),
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=None,
              help="Port to listen on [default: the first free one from 8750].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer's own lets others on "
                   "the network reach the studio (they still need the key in its address).")
@click.option("--no-browser", is_flag=True, help="Print the address but do not open a browser.")
@verbosity
def studio(workspace: Path, port: int | None, host: str, no_browser: bool,
           console: Console) -> None:
    """Edit and build WORKSPACE (default: this folder) in your browser.

    Decks, brands and clients are edited in a page that shows each card as it will print;
    every change is saved to the same files the commands read. The studio runs on this
    computer; Ctrl-C stops it.

    \b
    Examples:
      deckpress studio
      deckpress studio my-decks --port 9000 --no-browser
    """
    from ..source.workspace import WORKSPACE_FOLDERS
    from ..studio.server import LOOPBACK, serve

    if not any((workspace / folder).is_dir() for folder in WORKSPACE_FOLDERS):
        raise DeckError(f"{display_path(workspace)} is not a deckpress workspace "
                        f"(it has no {', '.join(f'{name}/' for name in WORKSPACE_FOLDERS)} folder)",
                        None, "give the workspace folder (`deckpress studio my-decks`), or make "
                              "one with `deckpress init my-decks`")
    if host not in (LOOPBACK, "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other computers on your network can reach "
                   "the studio; only someone with the address printed below gets in", err=True)
    serve(workspace, host, port, not no_browser, console.say)
