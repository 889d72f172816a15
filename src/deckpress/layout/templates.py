"""Jinja layouts: card data in, card markup out. Sandboxed, autoescaped, strict about names."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
import traceback
from collections.abc import Iterator, Mapping, MutableMapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..colours import legible, muted_on, readable_on, shade, tint
from ..digest import code_digest
from ..errors import DeckError, Where, did_you_mean
from ..source.emphasis import emphasised
from ..source.icons import with_icons
from ..units import shown
from .qrsize import qr_min_size
from .typography import DEFAULT_LANGUAGE, typeset

TEMPLATE_SUFFIX = ".xml"
# What one rendering (a card's face, a worksheet) may produce and take: a built-in card layout
# writes about 5,000 characters in a few milliseconds; a layout past these is running away.
MAX_MARKUP = 8_000_000  # characters
MAX_SECONDS = 20.0
BUILD_SECONDS = 40.0  # all the renderings of one build (one deck, or one set of worksheets)
MAX_MEMORY = 300 * 1024 * 1024  # bytes more than the process held when the rendering began
MAX_EXPONENT = 64
_BLANK_LINE = re.compile(r"\n\s*\n")
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # every space but the no-break ones


def compiled_templates() -> jinja2.BytecodeCache | None:
    """Templates compiled once, kept in the user's own cache folder (never in a workspace,
    which may come from someone else: compiled code there would run unchecked by the
    sandbox). Each is used only for the template source it was compiled from. None where
    there is no such folder to write to: templates are then compiled on every run. One folder
    per version of deckpress and Jinja (older ones are left for the user to delete)."""
    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache")
                                                if Path.home() != Path("/") else "")
    if not base:
        return None
    # compiled code depends on deckpress's sandbox and settings as much as on Jinja
    folder = Path(base) / "deckpress" / f"templates-{jinja2.__version__}-{code_digest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_uid != os.getuid() or not os.access(folder, os.W_OK):
            return None
    except (OSError, RuntimeError):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def builtin_template_dir() -> Path:
    return Path(str(resources.files("deckpress").joinpath("templates")))


def theme_template_dir(theme: str) -> Path:
    """The folder of a theme's own layouts (none for the default theme: the built-ins are
    its layouts)."""
    return builtin_template_dir() / "themes" / theme


def print_language(context: Mapping[str, Any]) -> str:
    """The language (ISO 639-1) whose quotes, dashes and hyphenation a layout's text follows:
    the language the coach wrote the deck in (`deck_language`: the deck's, else the brand's;
    a client's language changes only the built-in words and dates), English where a context
    has none."""
    return str(context.get("deck_language") or context.get("language") or DEFAULT_LANGUAGE)


def inline(text: Any, language: str = DEFAULT_LANGUAGE) -> Markup:
    """Set card text in `language` (quotes, dashes, no-break spaces: layout/typography.py),
    escape it, then turn **bold**, *italic*, :icon: and blank lines into paragraph markup.

    As in Markdown, a single line break is a space and a blank line starts a new line; a
    no-break space stays one.
    """
    if text is None:
        return Markup("")
    raw = str(text).strip()
    if not isinstance(text, Markup):  # markup already made is not text to set
        raw = typeset(raw, language)
    escaped = with_icons(emphasised(str(escape(raw))))
    paragraphs = [" ".join(_BREAKING_SPACES.split(part.strip()))
                  for part in _BLANK_LINE.split(escaped)]
    return Markup("<br/>".join(paragraphs))


@jinja2.pass_context
def _inline_in_language(context: Mapping[str, Any], text: Any) -> Markup:
    """The `inline` filter: card text in the language the layout prints in."""
    return inline(text, print_language(context))


@jinja2.pass_context
def _typeset_in_language(context: Mapping[str, Any], text: Any) -> Any:
    """The `typeset` filter, for a title or label printed without `inline`'s emphasis and
    icons: quotes, dashes and no-break spaces in the language the layout prints in."""
    if text is None or isinstance(text, Markup | jinja2.Undefined):
        return text
    return typeset(str(text), print_language(context))


@jinja2.pass_context
def _text_language(context: Mapping[str, Any]) -> str:
    """`text_language()` in a layout: the language its text is printed in, for a text
    element's hyphenate= attribute."""
    return print_language(context)


def lines(value: Any) -> list[Any]:
    """A list field as its items, and a text as its lines that are not blank: a list such as
    `steps` may be written as one text, a line per item (in a YAML block or a spreadsheet
    cell), and a layout looping over it must not get it letter by letter."""
    if value is None or isinstance(value, jinja2.Undefined):
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [line.strip() for line in str(value).splitlines() if line.strip()]


@lru_cache(maxsize=8192)
def _fmt(value: float, digits: int = 3) -> Markup:
    """Numbers for markup attributes: fixed precision, so output is stable and short."""
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return Markup("0" if text in ("-0", "") else text)  # digits only: nothing to escape


class RecordingLoader(jinja2.ChoiceLoader):
    """Jinja's loader, noting which file each template name was read from (a build records
    what it depended on, so an unchanged kit need not be built again)."""

    def __init__(self, loaders: list[jinja2.BaseLoader]):
        super().__init__(loaders)
        self.used: dict[str, str] = {}

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        template = super().load(environment, name, globals)
        if template.filename is not None:
            self.used[name] = template.filename
        return template


class RenderLimit(Exception):
    """A layout went past MAX_MARKUP or MAX_SECONDS."""


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the arithmetic that can make a huge value in one step bounded
    (`'a' * 10**10`, `9 ** 9 ** 9`): refused as unsafe instead of running out of memory."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int) and \
                        len(sequence) * times > MAX_MARKUP:
                    raise jinja2.exceptions.SecurityError(
                        f"a text or list of {len(sequence) * times:,} items is far more than "
                        "a layout can print")
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT and \
                isinstance(left, int) and abs(left) > 1:
            raise jinja2.exceptions.SecurityError(f"the power {shown(right)} is too large")
        return super().call_binop(context, operator, left, right)


@contextlib.contextmanager
def time_limit(seconds: float, said: str | None = None) -> Iterator[None]:
    """RenderLimit (saying `said`) if the block runs longer than `seconds` (in the main
    thread, where a timer signal can interrupt a loop that prints nothing; elsewhere the size
    limit alone)."""
    if not hasattr(signal, "setitimer") or \
            threading.current_thread() is not threading.main_thread() or \
            signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # no timers here, or one in use
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderLimit(said or f"it ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_limit(extra: int) -> Iterator[None]:
    """MemoryError (instead of gigabytes taken) if the block asks for more than `extra` bytes
    beyond what the process holds now: a layout can make a huge text in ways no sandbox rule
    lists (`"{:>9999999999}".format(1)`). Linux, main thread only; elsewhere nothing changes."""
    held = _data_bytes()
    if held is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = held + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:  # already as strict
        yield
        return
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_bytes() -> int | None:
    """The process's data size (what RLIMIT_DATA counts), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def bounded_render(template: jinja2.Template, context: dict[str, Any],
                   seconds: float = MAX_SECONDS, said: str | None = None) -> str:
    """The template's output, or RenderLimit once it grows past MAX_MARKUP characters or runs
    past `seconds`."""
    pieces: list[str] = []
    size = 0
    with time_limit(seconds, said), memory_limit(MAX_MEMORY):
        for piece in template.generate(context):
            size += len(piece)
            if size > MAX_MARKUP:
                raise RenderLimit(f"it wrote more than {MAX_MARKUP:,} characters")
            pieces.append(piece)
    return "".join(pieces)


class Layouts:
    """Finds layouts in the workspace's templates/ first, then in the theme's folder (its own
    challenge, plain, rules, intro and _base), then among the built-ins (the default theme).

    A workspace layout can extend the built-in of the same name as `builtin/NAME.xml`: the
    theme's, where the theme has one.
    """

    CARD_NAMES = ("card, deck, brand, size, category, level, logo, labels and the names "
                  "documented in docs/card-markup.md")

    def __init__(self, workspace: Path | None, subfolder: str = "", noun: str = "layout",
                 names_hint: str = CARD_NAMES, theme: str | None = None):
        """`subfolder` selects a family of templates (worksheets/); `noun` names one in messages,
        `names_hint` lists the variables its templates can use; `theme` the card look (a name
        from data/themes.yaml, already checked)."""
        folders: list[Path] = []
        if workspace is not None and (workspace / "templates" / subfolder).is_dir():
            folders.append(workspace / "templates" / subfolder)
        builtins = [builtin_template_dir() / subfolder]
        if theme is not None and theme_template_dir(theme).is_dir():
            builtins.insert(0, theme_template_dir(theme))
        folders += builtins
        self.folders = folders
        self.subfolder = subfolder
        self.noun = noun
        self.names_hint = names_hint
        self.theme = theme
        self.builtin_folders = builtins  # deckpress's own: the theme's, then the default
        loader = RecordingLoader(
            [
                jinja2.FileSystemLoader([str(folder) for folder in folders]),
                jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(
                    [str(folder) for folder in builtins])}),
            ]
        )
        self.used = loader.used  # template name -> the file it was read from
        self.env = BoundedSandbox(
            loader=loader,
            bytecode_cache=compiled_templates(),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["inline"] = _inline_in_language
        self.env.filters["typeset"] = _typeset_in_language
        self.env.globals["text_language"] = _text_language
        self.env.globals["qr_min_size"] = qr_min_size
        self.env.filters["lines"] = lines
        self.env.filters["fmt"] = _fmt
        self.env.filters["tint"] = tint
        self.env.filters["shade"] = shade
        self.env.filters["readable_on"] = readable_on
        self.env.filters["legible"] = legible
        self.env.filters["muted_on"] = muted_on
        self._cache: dict[str, jinja2.Template] = {}
        self.seconds = 0.0  # spent rendering so far, for the limit on a whole build

    def names(self) -> list[str]:
        found: set[str] = set()
        for folder in self.folders:
            found.update(path.stem for path in folder.glob(f"*{TEMPLATE_SUFFIX}")
                         if not path.stem.startswith("_") and path.is_file())
        return sorted(found)

    def file_of(self, name: str) -> Path:
        """The file a template name stands for: the workspace's, else the built-in one."""
        for folder in self.folders:
            if (folder / f"{name}{TEMPLATE_SUFFIX}").is_file():
                return folder / f"{name}{TEMPLATE_SUFFIX}"
        return self.folders[-1] / f"{name}{TEMPLATE_SUFFIX}"

    def get(self, name: str, where: Where, named_at: Where | None = None) -> jinja2.Template:
        """The layout `name`, compiled once; `named_at` is where the name was written, for a
        layout that is not there (a deck's own `layout:`), else `where`."""
        if name in self._cache:
            return self._cache[name]
        try:
            # compiling works out constant expressions, so it is bounded as rendering is
            with time_limit(MAX_SECONDS), memory_limit(MAX_MEMORY):
                template = self.env.get_template(name + TEMPLATE_SUFFIX)
        except (RenderLimit, MemoryError) as error:
            raise self._stopped(name, error, where) from None
        except jinja2.TemplateNotFound as error:
            odd = [folder / f"{name}{TEMPLATE_SUFFIX}" for folder in self.folders
                   if (folder / f"{name}{TEMPLATE_SUFFIX}").exists()]
            if error.name == name + TEMPLATE_SUFFIX and odd:  # a pipe, a device, a folder
                raise _template_error(f"{self.noun} '{shown(name)}' is not a regular file",
                                      Where(odd[0], None, where.card),
                                      "save the layout as an ordinary file") from None
            if error.name == name + TEMPLATE_SUFFIX:
                raise _template_error(
                    f"{self.noun} '{shown(name)}' not found",
                    named_at or where,
                    _close_match(name, self.names())
                    + f"{self.noun}s are files NAME{TEMPLATE_SUFFIX} in the workspace's "
                    f"{Path('templates', self.subfolder).as_posix()}/ "
                    "or built in: " + ", ".join(self.names()),
                ) from None
            raise _template_error(
                f"{self.noun} '{name}' refers to template '{error.name}', which does not exist",
                where,
                "check the name in {% extends %} or {% include %}",
            ) from None
        except jinja2.TemplateSyntaxError as error:
            raise _syntax_error(error) from None
        self._cache[name] = template
        return template

    def _stopped(self, name: str, error: RenderLimit | MemoryError, where: Where) -> DeckError:
        stopped = str(error) if isinstance(error, RenderLimit) else \
            f"it asked for more than {MAX_MEMORY // 1024 // 1024} MB of memory"
        return _template_error(
            f"{self.noun} '{name}' was stopped: {stopped}",
            Where(self.file_of(name), None, where.card),
            "look for a loop inside a loop, or a text multiplied by a large number; a card "
            "face needs a few thousand characters of markup, a worksheet rarely a million")

    def render(self, name: str, context: dict[str, Any], where: Where,
               named_at: Where | None = None) -> str:
        template = self.get(name, where, named_at)
        left = BUILD_SECONDS - self.seconds
        said = None if left > MAX_SECONDS else \
            f"the {self.noun}s took more than {BUILD_SECONDS:g} s in all for this build"
        started = time.thread_time()  # the work done, not the wait on a busy machine
        try:
            if left <= 0:
                raise RenderLimit(said)
            return bounded_render(template, context, min(MAX_SECONDS, left), said)
        except (RenderLimit, MemoryError) as error:
            raise self._stopped(name, error, where) from None
        except jinja2.TemplateSyntaxError as error:
            raise _syntax_error(error) from None
        except jinja2.TemplateNotFound as error:
            file, line = _template_frame(error, self.folders)
            raise _template_error(
                f"{self.noun} '{name}' refers to template '{error.name}', which does not exist",
                Where(file or name, line, where.card),
                _close_match(Path(str(error.name)).stem, self.names())
                + "check the name in {% extends %} or {% include %}",
            ) from None
        except jinja2.UndefinedError as error:
            file, line = _template_frame(error, self.folders)
            message = str(error.message).replace("'dict object' has no attribute",
                                                 "there is no field named")
            raise _template_error(
                f"undefined value in {self.noun}: {message}",
                Where(file or name, line, where.card),
                f"check the variable name; {self.noun}s can use {self.names_hint}",
            ) from None
        except jinja2.exceptions.SecurityError as error:
            file, line = _template_frame(error, self.folders)
            raise _template_error(f"the {self.noun} tried something unsafe: {error}",
                                  Where(file or name, line, where.card)) from None
        except RecursionError:
            builtin = f"builtin/{name}{TEMPLATE_SUFFIX}"
            raise _template_error(
                f"{self.noun} '{name}' never ends: it extends, includes or calls itself, "
                "directly or through another template",
                Where(self.file_of(name), None, where.card),
                f"to build on the built-in {self.noun} of the same name, write {{% extends "
                f"\"{builtin}\" %}}" if (self.folders[-1] / f"{name}{TEMPLATE_SUFFIX}").is_file()
                else "check its {% extends %}, {% include %} and macros") from None
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as error:
            file, line = _template_frame(error, self.folders)
            raise _template_error(
                f"error while rendering {self.noun} '{name}': {error}",
                Where(file or name, line, where.card),
                "check the expression on that line of the template",
            ) from None
        finally:
            self.seconds += time.thread_time() - started


def _template_error(problem: str, where: Where | None, hint: str | None = None) -> DeckError:
    return DeckError(problem, where, hint, kind="template")


def _close_match(name: str, choices: list[str]) -> str:
    hint = did_you_mean(name, choices, list_choices=False)
    return f"{hint} " if hint else ""


def _syntax_error(error: jinja2.TemplateSyntaxError) -> DeckError:
    message = str(error.message)
    if "filter" in message:
        hint = ("check the filter's name; besides Jinja's own there are inline, typeset, lines, "
                "fmt, tint, shade, readable_on, legible and muted_on")
    else:
        hint = ("check the {% %} and {{ }} tags on that line; every {% if %}/{% for %}/"
                "{% block %} needs its {% end… %}")
    return _template_error(f"template syntax error: {message}",
                           Where(error.filename or error.name, error.lineno), hint)


def _template_frame(error: BaseException, folders: list[Path]) -> tuple[str | None, int | None]:
    """Jinja rewrites tracebacks to point into templates; find the innermost template line."""
    roots = [str(folder.resolve()) for folder in folders]
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(error.__traceback__):
        filename = str(Path(frame.filename).resolve()) if frame.filename else ""
        if any(filename.startswith(root) for root in roots):
            found = (frame.filename, frame.lineno)
    return found
