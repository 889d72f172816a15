"""Builds started from the studio. Each one is the `deckpress` command a coach would otherwise
type, run in a process of its own with the workspace as its folder: a build from the browser
checks, writes and says exactly what one from the terminal does. One runs at a time (they
share the workspace's output/ folder and its cache); the lines it prints are its progress, its
exit code says whether it worked, and the files it wrote are offered for download.

The `Jobs` object belongs to the app (nothing here is module-level state); `close()` stops the
build that is running and the ones waiting when the studio stops."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import DeckError, did_you_mean

KINDS: dict[str, str] = {  # what the form offers to make, and how a job is called
    "deck": "deck",
    "worksheets": "worksheets",
    "png": "PNG files",
    "box": "tuck box",
    "kit": "client's kit",
    "batch": "every client's kit",
}
NEEDS_CLIENT = ("kit",)
NEEDS_DECK_OR_CLIENT = ("deck", "worksheets", "png", "box")
BOX_PAPERS = ("letter", "a4")  # the papers `deckpress box --paper` takes
OPTION_KEYS: dict[str, type] = {  # what `options` may hold, with each value's type
    "brand": str, "paper": str, "fillable": bool, "with_worksheets": bool, "force": bool,
}
STATES = ("queued", "running", "done", "failed")
KEEP_FINISHED = 50  # finished jobs remembered; older ones are forgotten (their files stay)
STOP_WAIT = 5.0  # seconds a stopped build gets to remove its temporary files
PROGRESS = re.compile(r"^progress: (\d+)/(\d+)\b")  # a counted step, where the command says one


class BadRequest(ValueError):
    """What the form asked for cannot be built as asked: the message says why (shown as is)."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status  # 422 a mistake in the form; 409 and 429 a build asked too often


MAX_WAITING = 10  # builds queued behind the running one; more is a stuck button or a script


@dataclass(frozen=True)
class Request:
    """What to make, with names as the command line takes them: a deck as its path in the
    workspace (cards/networking.yaml), a client, brand and profile by name."""

    kind: str
    client: str | None = None
    deck: str | None = None
    profile: str | None = None
    brand: str | None = None
    paper: str | None = None
    fillable: bool = False
    with_worksheets: bool = False
    force: bool = False


@dataclass(frozen=True)
class Choices:
    """What the workspace offers to build from, read once per request."""

    decks: tuple[str, ...] = ()  # cards/NAME.yaml|yml|csv|xlsx
    clients: tuple[str, ...] = ()  # client names as --client takes them (= output folder)
    brands: tuple[str, ...] = ()
    profiles: Mapping[str, str | None] = field(default_factory=dict)  # name: page ("letter")
    # or the output kind ("pages", "png") where the profile is not sheets; None: unreadable


@dataclass(frozen=True)
class JobView:
    """A job as the page shows it; outputs are workspace-relative posix paths in output/."""

    id: str
    kind: str
    title: str
    command: str
    state: str
    lines: tuple[str, ...] = ()
    percent: int | None = None
    outputs: tuple[str, ...] = ()
    error: str | None = None
    exit_code: int | None = None
    submitted: float = 0.0
    seconds: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "command": self.command,
                "state": self.state, "lines": list(self.lines), "percent": self.percent,
                "outputs": list(self.outputs), "error": self.error,
                "exit_code": self.exit_code, "seconds": self.seconds}


# --- what to run: pure functions of the request and the workspace's choices ---------------


def request_of(kind: str, client: str | None, deck: str | None, profile: str | None,
               options: Mapping[str, object] | None) -> Request:
    """A Request from the form's values; an unknown kind or option is a BadRequest."""
    if kind not in KINDS:
        raise BadRequest(f"unknown thing to make '{kind}'; choose one of: {', '.join(KINDS)}")
    given = dict(options or {})
    for key, value in given.items():
        wanted = OPTION_KEYS.get(key)
        if wanted is None:
            raise BadRequest(f"unknown option '{key}'"
                             + _hint(did_you_mean(key, OPTION_KEYS, list_choices=True)))
        if value is not None and not isinstance(value, wanted):
            what = "true or false" if wanted is bool else "a name"
            raise BadRequest(f"option '{key}' must be {what}")
    text = {key: (str(value) or None) if isinstance(value, str) else None
            for key, value in given.items() if OPTION_KEYS[key] is str}
    flags = {key: bool(value) for key, value in given.items() if OPTION_KEYS[key] is bool}
    return Request(kind, client or None, deck or None, profile or None, text.get("brand"),
                   text.get("paper"), **flags)


def command_line(request: Request, choices: Choices) -> list[str]:
    """The `deckpress` arguments for the request, every name checked against what the
    workspace has (a name never reaches the command line unless it is one of those listed, so
    nothing from the browser can name a file elsewhere or pass for an option)."""
    _check(request, choices)
    kind = request.kind
    if kind == "kit":
        return ["batch", "--zip", *(["--force"] if request.force else []), "--",
                f"{request.client}"]
    if kind == "batch":
        return ["batch", "--zip", *(["--force"] if request.force else [])]
    command = {"deck": "build", "png": "build", "worksheets": "worksheets", "box": "box"}[kind]
    args = [command, *([request.deck] if request.deck else [])]
    if request.client:
        args.append(f"--client={request.client}")
    if request.brand:
        args.append(f"--brand={request.brand}")
    return args + _kind_options(request, choices)


def _kind_options(request: Request, choices: Choices) -> list[str]:
    """The options of what is made: the profile of a deck, the paper of worksheets, ..."""
    kind, args = request.kind, []
    if kind in ("deck", "png") and request.profile:
        args.append(f"--profile={request.profile}")
    if kind == "png":
        args.append("--format=png")
    if kind == "deck" and request.with_worksheets:
        args.append("--with-worksheets")
    if kind == "worksheets":
        if request.paper:
            args.append(f"--paper={request.paper}")
        if request.fillable:
            args.append("--fillable")
    if kind == "box":
        args += _box_sheet(request, choices)
    return args


def _box_sheet(request: Request, choices: Choices) -> list[str]:
    """A box goes on the paper asked for, or the paper of the profile chosen for the deck; a
    print service's profile (one card per page) gives the box as one page with bleed."""
    if request.paper:
        return [f"--paper={request.paper}"]
    if not request.profile:
        return []
    page = choices.profiles.get(request.profile)
    if page == "pages" or page is None:  # an unreadable profile: the command says why
        return [f"--profile={request.profile}"]
    return [f"--paper={page}"] if page in BOX_PAPERS else []


def _check(request: Request, choices: Choices) -> None:
    kind = request.kind
    if kind in NEEDS_CLIENT and not request.client:
        raise BadRequest("choose a client: a kit is one client's decks and worksheets, "
                         "in output/CLIENT/ and output/CLIENT.zip")
    if kind in NEEDS_DECK_OR_CLIENT and not (request.deck or request.client):
        raise BadRequest(f"choose a deck or a client to make the {KINDS[kind]} of")
    if request.deck is not None and request.deck not in choices.decks:
        raise BadRequest(f"deck '{request.deck}' not found in cards/"
                         + _hint(did_you_mean(request.deck, choices.decks)))
    if request.client is not None and request.client not in choices.clients:
        raise BadRequest(f"client '{request.client}' not found (no clients/{request.client}"
                         ".yaml, nor a client of that name in a roster in clients/)"
                         + _hint(did_you_mean(request.client, choices.clients)))
    if request.brand is not None and request.brand not in choices.brands:
        raise BadRequest(f"brand '{request.brand}' not found (no brands/{request.brand}.yaml)"
                         + _hint(did_you_mean(request.brand, choices.brands)))
    if request.profile is not None and request.profile not in choices.profiles:
        close = did_you_mean(request.profile, choices.profiles, list_choices=False)
        raise BadRequest(f"unknown printer profile '{request.profile}'" + _hint(
            (f"{close} " if close else "") + "see `deckpress profiles` for the list"))
    papers = BOX_PAPERS if kind == "box" else worksheet_papers()
    if request.paper is not None and request.paper not in papers:
        raise BadRequest(f"unknown paper '{request.paper}' for the {KINDS[kind]}; "
                         f"choose one of: {', '.join(papers)}")


def worksheet_papers() -> tuple[str, ...]:
    """The named papers `deckpress worksheets --paper` takes."""
    from ..sizes import papers

    return tuple(papers())


def _hint(hint: str | None) -> str:
    return f"\n  hint: {hint}" if hint else ""


def workspace_choices(workspace: Path) -> Choices:
    """The decks, clients, brands and profiles of the workspace, by the names the command line
    takes."""
    from ..output.profiles import profile_files, read_profile
    from ..source.roster import roster_clients
    from ..source.workspace import brand_names, client_names
    from .paths import workspace_files

    decks = workspace_files(workspace).decks  # a deck linked from outside is not offered
    try:
        rows = list(roster_clients(workspace))
    except (DeckError, OSError):  # a roster that cannot be read: its clients are not offered
        rows = []
    profiles: dict[str, str | None] = {}
    for name, path in profile_files(workspace).items():
        try:
            profile = read_profile(path, name)
        except DeckError:
            profiles[name] = None
            continue
        profiles[name] = profile.page if profile.output == "sheets" else profile.output
    return Choices(tuple(decks), tuple(sorted({*client_names(workspace), *rows})),
                   tuple(brand_names(workspace)), profiles)


def title_of(request: Request) -> str:
    """What the job makes, in a few words: "deck: cards/networking.yaml, brand example,
    on home-a4"."""
    if request.kind == "batch":
        return "every client's kit"
    parts = [part for part in (request.deck, request.client and f"for {request.client}",
                               request.brand and f"brand {request.brand}",
                               request.profile and request.kind not in ("kit", "worksheets")
                               and f"on {request.profile}") if part]
    return f"{KINDS[request.kind]}: {', '.join(parts)}"


# --- what a finished command said and wrote: pure functions of its lines -----------------


def error_text(exit_code: int, errors: Iterable[str]) -> str:
    """The command's own message for a failure: what it printed from its first error on (the
    warnings before it are in the progress lines). A command typed wrongly (2) is shown
    without the usage lines, which name options the coach never typed."""
    lines = [line for line in errors if line.strip()]
    if exit_code == 2:
        lines = [line for line in lines if not line.startswith(("Usage:", "Try '"))]
    first = next((index for index, line in enumerate(lines)
                  if line.lower().startswith(("error:", "interrupted:"))), 0)
    text = "\n".join(lines[first:]).strip()
    return text or f"the command stopped with exit code {exit_code} and said nothing"


def percent_of(lines: Iterable[str]) -> int | None:
    """The last counted step the command said ("progress: 3/6"), as a percentage."""
    percent = None
    for line in lines:
        match = PROGRESS.match(line)
        if match and int(match.group(2)) > 0:
            percent = min(100, 100 * int(match.group(1)) // int(match.group(2)))
    return percent


def written_paths(lines: Iterable[str], workspace: Path) -> list[str]:
    """The files and folders the command said it wrote ("wrote output/x.pdf (50 cards, ...)"),
    those that are in the workspace's output/ folder, as workspace-relative posix paths."""
    found: list[str] = []
    for line in lines:
        if not line.startswith("wrote "):
            continue
        text = line[len("wrote "):]
        ends = [match.start() for match in re.finditer(r" \(| and |:", text)] + [len(text)]
        for end in ends:  # the path is the longest start of the rest that names a file
            relative = in_output(workspace, text[:end])
            if relative is not None and relative not in found:
                found.append(relative)
                break
    return found


def in_output(workspace: Path, path: str | Path) -> str | None:
    """`path` (relative to the workspace, or absolute) as a posix path relative to the
    workspace, if it is something in the workspace's output/ folder that exists."""
    if not str(path).strip():
        return None
    full = (workspace / path).resolve()
    output = (workspace / "output").resolve()
    if full == output or not full.is_relative_to(output) or not full.exists():
        return None
    return full.relative_to(workspace.resolve()).as_posix()


def kit_paths(workspace: Path, slugs: Iterable[str]) -> list[str]:
    """Each client's kit to send: its zip, else (no zip made) its folder, if there is one."""
    found = []
    for slug in slugs:
        relative = in_output(workspace, f"output/{slug}.zip") or \
            in_output(workspace, f"output/{slug}")
        if relative is not None:
            found.append(relative)
    return found


def failed_clients(errors: Iterable[str]) -> set[str]:
    """The clients a batch names as failed: "error: Li Wei: ..." gives "Li Wei"."""
    return {line[len("error: "):].split(": ", 1)[0] for line in errors
            if line.startswith("error: ") and ": " in line[len("error: "):]}


def kit_names(workspace: Path, slugs: Iterable[str]) -> dict[str, str]:
    """Each client's name as a batch's summary and errors say it, by output folder name; a
    client that cannot be read is named by its folder name, as the batch names it then."""
    from ..source.client import load_client
    from ..source.roster import roster_rows

    names = {}
    rows: dict[str, str] = {}
    for roster in sorted((workspace / "clients").glob("*.*")):
        if roster.suffix.lower() in (".csv", ".tsv", ".xlsx"):
            with contextlib.suppress(DeckError, OSError):
                rows.update({client.slug: client.client.name
                             for client in roster_rows(roster, workspace)
                             if not isinstance(client, DeckError)})
    for slug in slugs:
        try:
            names[slug] = rows.get(slug) or \
                load_client(workspace / "clients" / f"{slug}.yaml", workspace).client.name
        except (DeckError, OSError):
            names[slug] = slug
    return names


def outputs_of(request: Request, lines: list[str], errors: list[str], workspace: Path,
               clients: tuple[str, ...]) -> list[str]:
    """What a finished job offers for download: the files it said it wrote; for kits, the zip
    of each client that did not fail (one built earlier and up to date too)."""
    if request.kind not in ("kit", "batch"):
        return written_paths(lines, workspace)
    slugs = [request.client] if request.kind == "kit" and request.client else list(clients)
    failed = failed_clients(errors)
    if failed:
        names = kit_names(workspace, slugs)
        slugs = [slug for slug in slugs if names.get(slug, slug) not in failed
                 and slug not in failed]
    return kit_paths(workspace, slugs)


# --- running them ------------------------------------------------------------------------


@dataclass
class Job:
    id: str
    request: Request
    argv: list[str]
    submitted: float
    state: str = "queued"
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    exit_code: int | None = None
    started: float | None = None
    finished: float | None = None
    process: subprocess.Popen[str] | None = None

    def view(self) -> JobView:
        seconds = None if self.started is None else \
            round((self.finished or time.monotonic()) - self.started, 1)
        percent = 100 if self.state == "done" else percent_of(self.lines)
        said = set(self.error.split("\n")) if self.error else set()  # shown once, as the error
        return JobView(self.id, self.request.kind, title_of(self.request),
                       "deckpress " + shlex.join(self.argv), self.state,
                       tuple(line for line in self.lines
                             if not PROGRESS.match(line) and line not in said), percent,
                       tuple(self.outputs), self.error, self.exit_code, self.submitted, seconds)


class Jobs:
    """The studio's builds: submitted, run one at a time in the order they came, remembered
    (the last KEEP_FINISHED finished ones) for the page to show."""

    def __init__(self, workspace: Path, python: str = sys.executable,
                 choices: Callable[[Path], Choices] = workspace_choices):
        self.workspace = workspace.resolve()
        self.python = python
        self.choices = choices
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._closed = False
        self._count = 0

    def submit(self, kind: str, client: str | None = None, deck: str | None = None,
               profile: str | None = None, options: Mapping[str, object] | None = None) -> str:
        """Queue a build; its id. A request the workspace cannot build as asked (an unknown
        client, deck, brand, profile or option) is a BadRequest, and nothing is queued."""
        request = request_of(kind, client, deck, profile, options)
        argv = command_line(request, self.choices(self.workspace))
        with self._lock:
            if self._closed:
                raise BadRequest("the studio is stopping; start it again to build")
            self._refuse_repeats(argv)
            self._count += 1
            job = Job(str(self._count), request, argv, time.time())
            self._jobs[job.id] = job
            self._forget_old()
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="studio-builds",
                                                daemon=True)
                self._worker.start()
        self._queue.put(job.id)
        return job.id

    def _refuse_repeats(self, argv: list[str]) -> None:
        """A build the same as one waiting or running (409), or one more than the queue
        takes (429), is refused: it would only make the same files again later."""
        waiting = [job for job in self._jobs.values() if job.state == "queued"]
        if any(job.argv == argv for job in self._jobs.values()
               if job.state in ("queued", "running")):
            raise BadRequest("this build is already queued or running; wait for it to finish",
                             409)
        if len(waiting) >= MAX_WAITING:
            raise BadRequest(f"{len(waiting)} builds are waiting; wait for the builds queued "
                             "to finish", 429)

    def status(self, job_id: str) -> JobView:
        """The job as it is now; KeyError for an id never given (or long forgotten)."""
        with self._lock:
            return self._jobs[job_id].view()

    def list(self) -> list[JobView]:
        """Every job remembered, the newest first."""
        with self._lock:
            jobs = list(self._jobs.values())
        return [job.view() for job in reversed(jobs)]

    def wait(self, job_id: str, timeout: float = 120.0) -> JobView:
        """The job once it has finished (or as it is when `timeout` seconds have passed)."""
        deadline = time.monotonic() + timeout
        while True:
            view = self.status(job_id)
            if view.state in ("done", "failed") or time.monotonic() >= deadline:
                return view
            time.sleep(0.05)

    def close(self) -> None:
        """Stop: the waiting builds are not started, the running one is stopped as Ctrl-C
        stops it (it removes what it was writing), and killed if it does not end soon."""
        with self._lock:
            self._closed = True
            waiting = [job for job in self._jobs.values() if job.state == "queued"]
            for job in waiting:
                self._finish(job, "failed", error="not built: the studio was stopped first")
            running = [job.process for job in self._jobs.values()
                       if job.state == "running" and job.process is not None]
            worker = self._worker
        for process in running:
            stop_process(process)
        self._queue.put(None)
        if worker is not None:
            worker.join(timeout=2 * STOP_WAIT)

    def _forget_old(self) -> None:
        finished = [job_id for job_id, job in self._jobs.items()
                    if job.state in ("done", "failed")]
        for job_id in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job_id]

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            with self._lock:
                job = self._jobs.get(job_id)
                if job is None or job.state != "queued" or self._closed:
                    continue
                job.state, job.started = "running", time.monotonic()
            try:
                self._run(job)
            except Exception as error:  # the worker outlives any one job
                with self._lock:
                    self._finish(job, "failed", error=f"the build could not be run: {error}")

    def _run(self, job: Job) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8",
               "NO_COLOR": "1", "DECKPRESS_PROGRESS": "lines"}
        process = subprocess.Popen(
            [self.python, "-m", "deckpress", *job.argv], cwd=self.workspace, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", errors="replace", start_new_session=True)
        with self._lock:
            job.process = process
            stopped = self._closed
        if stopped:  # closed between being taken and being started
            stop_process(process)
        readers = [threading.Thread(target=self._read, args=(job, stream, is_error), daemon=True)
                   for stream, is_error in ((process.stdout, False), (process.stderr, True))]
        for reader in readers:
            reader.start()
        code = process.wait()
        for reader in readers:
            reader.join()
        with self._lock:
            lines, errors = list(job.lines), list(job.errors)
        clients = self.choices(self.workspace).clients if job.request.kind == "batch" else ()
        outputs = outputs_of(job.request, lines, errors, self.workspace, clients)
        with self._lock:
            job.outputs = outputs
            job.process = None
            if code == 0:
                self._finish(job, "done", code)
            else:
                self._finish(job, "failed", code, error_text(code, errors))

    def _read(self, job: Job, stream: IO[str] | None, is_error: bool) -> None:
        if stream is None:
            return
        with stream:
            for raw in stream:
                line = raw.rstrip("\r\n")
                with self._lock:
                    job.lines.append(line)
                    if is_error:
                        job.errors.append(line)

    def _finish(self, job: Job, state: str, code: int | None = None,
                error: str | None = None) -> None:
        job.state, job.exit_code, job.error = state, code, error
        job.finished = time.monotonic()


def stop_process(process: subprocess.Popen[str]) -> None:
    """SIGTERM to the command and the worker processes it started (it ends as on Ctrl-C,
    removing what it was writing); SIGKILL if they are still there after STOP_WAIT."""
    def signal_all(number: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if hasattr(os, "killpg"):
                os.killpg(process.pid, number)
            else:  # pragma: no cover - Windows has no process groups to signal
                process.send_signal(number)

    if process.poll() is not None:
        return
    signal_all(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_WAIT)
    except subprocess.TimeoutExpired:
        signal_all(getattr(signal, "SIGKILL", signal.SIGTERM))
        process.wait(timeout=STOP_WAIT)
