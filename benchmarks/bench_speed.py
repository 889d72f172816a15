"""Benchmark: deckpress's speed as a user meets it, whole processes timed from outside.

Every measurement is one fresh process (`python -m deckpress ...`, `floor_reportlab.py` or
`baseline_reportlab.py`), timed by wall clock from this process, its peak memory read from
its own resource usage (`os.wait4`: the largest resident set of the process and of the
worker processes it waited for). Runs are interleaved (the order reversed every other run)
after one warm-up of each command; tables show medians and the min–max of the runs.

  a. build 540 and 5,400 distinct cards: the floor (one paragraph per card), the plain-ReportLab
     baseline, deckpress `--no-cache -j 1` and `--no-cache -j 2` (and, with `--old REV`, the
     deckpress of a git revision, one process); the -j 2 and -j 1 PDFs must be byte-identical;
  b. rebuilds of a 540-card deck with the face cache: clean (cache folder deleted first),
     unchanged (the same command again: "up to date"), one card's title changed; the last PDF
     must equal a `--no-cache -j 1` build of the same edited deck;
  c. `deckpress check` against `deckpress build --no-cache`, same -j, 540 cards;
  d. `deckpress --help` (start-up), beside `python -c pass`.

Run from the repository root:

    .venv/bin/python benchmarks/bench_speed.py --quick            # 540 cards, 3 runs
    .venv/bin/python benchmarks/bench_speed.py                    # 540 and 5,400 cards
    .venv/bin/python benchmarks/bench_speed.py --old HEAD --keep /tmp/speed

See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

# Only the standard library at module level, and decks are written by a child process
# (`--write-deck`): a child's peak RSS as Linux reports it is at least this process's size when
# it was started (the memory it was forked from counts until exec), so this one stays small.

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import generate_deck, parse_sizes  # noqa: E402 - the same decks

JOBS_CHECK = 2  # -j of section c (both commands)
EDITED_CARD = 270  # the card whose title section b changes (1-based, within 540)
HELP_RUNS = 11


# --- one process, measured from outside -------------------------------------------------------


@dataclass
class Sample:
    wall_s: float
    peak_kib: int
    out: str
    cpu_s: float = 0.0  # user + system time of the process and the workers it waited for


@dataclass
class Command:
    """One thing to measure: its argv (and the PDF it writes, for the byte checks)."""

    label: str
    argv: list[str]
    output: Path | None = None
    before: Callable[[], None] | None = None  # not timed: runs just before each measurement
    env: dict[str, str] | None = None  # instead of the benchmark's environment
    samples: list[Sample] = field(default_factory=list)


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> Sample:
    """Run `argv` to its end; wall time seen from here, peak RSS from the child's rusage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said, problems = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        sys.exit(f"failed (exit {child.returncode}): {' '.join(argv)}\n{said}{problems}")
    return Sample(wall, usage.ru_maxrss, said, usage.ru_utime + usage.ru_stime)


def measure(commands: list[Command], runs: int, cwd: Path, env: dict[str, str],
            title: str, warm_up: bool = True) -> None:
    """One warm-up each, then `runs` interleaved runs, order reversed every other run."""
    for command in commands if warm_up else []:
        if command.before:
            command.before()
        run_once(command.argv, cwd, command.env or env)
    for index in range(runs):
        for command in commands if index % 2 == 0 else commands[::-1]:
            if command.before:
                command.before()
            sample = run_once(command.argv, cwd, command.env or env)
            command.samples.append(sample)
            print(f"  {title}: run {index + 1}/{runs} {command.label:<34} {sample.wall_s:7.3f} s"
                  f" {sample.peak_kib / 1024:7.1f} MiB", file=sys.stderr, flush=True)


def median(command: Command) -> float:
    return statistics.median(sample.wall_s for sample in command.samples)


def median_cpu(command: Command) -> float:
    """CPU time is what a busy machine inflates least: compare it when walls spread."""
    return statistics.median(sample.cpu_s for sample in command.samples)


def spread(command: Command) -> str:
    walls = [sample.wall_s for sample in command.samples]
    return f"{min(walls):.3f}–{max(walls):.3f}"


def peak_mib(command: Command) -> float:
    return max(sample.peak_kib for sample in command.samples) / 1024


def table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                         strict=True)]
        print("| " + " | ".join(cells) + " |")
    print()


def same_bytes(first: Path | None, second: Path | None) -> str:
    if first is None or second is None or not (first.is_file() and second.is_file()):
        return "no (missing file)"
    return "yes" if filecmp.cmp(first, second, shallow=False) else "NO"


# --- the sections --------------------------------------------------------------------------------


@dataclass
class Bench:
    workspace: Path
    env: dict[str, str]
    runs: int
    old: Path | None  # src/ of an older revision, or None

    def deckpress(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "deckpress", *args]

    def out(self, name: str) -> Path:
        return self.workspace / "output" / name


def clear_cache(bench: Bench) -> Callable[[], None]:
    """What keeps a revision that has the up-to-date check from skipping the build."""
    return lambda: shutil.rmtree(bench.out(".deckpress-cache"), ignore_errors=True)


def section_builds(bench: Bench, size: int, deck: Path, runs: int, warm_up: bool) -> None:
    print(f"## a. build {size:,} distinct cards (whole processes, {runs} runs each"
          f"{'' if warm_up else '; warmed up at the first size'})\n")
    rel = str(deck.relative_to(bench.workspace))
    commands = [
        Command("floor (one paragraph per card)",
                [sys.executable, str(HERE / "floor_reportlab.py"), rel, str(bench.out("f.pdf"))]),
        Command("plain-ReportLab baseline",
                [sys.executable, str(HERE / "baseline_reportlab.py"), rel,
                 str(bench.out("b.pdf"))]),
        Command("deckpress --no-cache -j 1",
                bench.deckpress("build", rel, "--no-cache", "-j", "1", "-q", "-o",
                                str(bench.out(f"j1-{size}.pdf"))), bench.out(f"j1-{size}.pdf")),
        Command("deckpress --no-cache -j 2",
                bench.deckpress("build", rel, "--no-cache", "-j", "2", "-q", "-o",
                                str(bench.out(f"j2-{size}.pdf"))), bench.out(f"j2-{size}.pdf")),
        Command("deckpress --no-cache -j 2, fit: card",
                bench.deckpress("build", str(card_fit(deck).relative_to(bench.workspace)),
                                "--no-cache", "-j", "2", "-q", "-o",
                                str(bench.out(f"card-{size}.pdf")))),
    ]
    if bench.old is not None:
        commands.append(Command(
            "old deckpress (one process)",
            bench.deckpress("build", rel, "-q", "-o", str(bench.out(f"old-{size}.pdf"))),
            bench.out(f"old-{size}.pdf"), clear_cache(bench),
            env={**bench.env, "PYTHONPATH": str(bench.old)}))
    measure(commands, runs, bench.workspace, bench.env, f"{size} cards", warm_up)
    floor, baseline, j1, j2 = commands[:4]
    rows = []
    for command in commands:
        rows.append([command.label, f"{median(command):.3f}", spread(command),
                     f"{median(command) / median(baseline):.2f}×",
                     f"{median(command) / median(floor):.2f}×", f"{median_cpu(command):.2f}",
                     f"{peak_mib(command):.1f}"])
    table(["command", "median s", "min–max s", "÷ baseline", "÷ floor", "CPU s", "peak MiB"],
          rows)
    print(f"-j 2 / -j 1 = {median(j2) / median(j1):.2f}×; one text size across the deck "
          f"(fit: deck, the default) / each card its own (fit: card), -j 2: "
          f"{median(j2) / median(commands[4]):.2f}×")
    if bench.old is not None:
        old = commands[5]
        print(f"-j 2 / old deckpress = {median(j2) / median(old):.2f}× (target ≤ 0.60×); "
              f"-j 1 / old = {median(j1) / median(old):.2f}×; old PDF same bytes as -j 1: "
              f"{same_bytes(j1.output, old.output)}")
    print(f"-j 1 and -j 2 PDFs same bytes: {same_bytes(j1.output, j2.output)}\n")


def card_fit(deck: Path) -> Path:
    """The same deck with `fit: card`: each card's text at its own size, no deck-wide pass."""
    other = deck.with_name(deck.stem + "-card.yaml")
    if not other.exists():
        other.write_text("fit: card\n" + deck.read_text(encoding="utf-8"), encoding="utf-8")
    return other


def write_deck(deck: Path, size: int, version: int | None = None) -> Path:
    """Write bench_build's deck of `size` cards, in a child process (see the imports)."""
    subprocess.run([sys.executable, __file__, "--write-deck", str(size), str(deck),
                    str(-1 if version is None else version)], check=True)
    return deck


def write_deck_here(deck: Path, size: int, version: int) -> None:
    """The generated deck; for a version 0 or 1, with one card's title changed (two versions,
    so that every edit is a change)."""
    import yaml

    data = generate_deck(size)
    if version >= 0:
        card = data["cards"][min(EDITED_CARD, size) - 1]
        card["title"] = f"{card['title']} ({'again' if version else 'once more'})"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    scratch = deck.with_suffix(".tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, deck)


def section_rebuilds(bench: Bench, runs: int) -> None:
    size = 540
    print(f"## b. rebuilds of a {size}-card deck with the face cache ({runs} runs each; "
          "the CLI's default -j)\n")
    deck = bench.workspace / "cards" / f"rebuild-{size:05d}.yaml"
    write_deck(deck, size, 0)
    rel = str(deck.relative_to(bench.workspace))
    target = bench.out(f"cached-{size}.pdf")
    argv = bench.deckpress("build", rel, "-o", str(target))
    cache = bench.workspace / "output" / ".deckpress-cache"
    edits = iter(range(1, 1_000_000))

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def edit_one() -> None:
        write_deck(deck, size, next(edits) % 2)

    commands = [Command("clean (cache deleted)", argv, target, clear_cache),
                Command("unchanged (same command)", argv, target),
                Command("one card changed", argv, target, edit_one)]
    # Kept in this order: each state follows from the one before it.
    for command in commands:
        if command.before:
            command.before()
        run_once(command.argv, bench.workspace, bench.env)
    for index in range(runs):
        for command in commands:
            if command.before:
                command.before()
            sample = run_once(command.argv, bench.workspace, bench.env)
            command.samples.append(sample)
            print(f"  rebuild: run {index + 1}/{runs} {command.label:<26} {sample.wall_s:7.3f} s",
                  file=sys.stderr, flush=True)
    unchanged = commands[1]
    said_up_to_date = sum("up to date" in sample.out for sample in unchanged.samples)
    redrawn = sum("up to date" not in sample.out for sample in commands[2].samples)
    targets = {"clean (cache deleted)": "", "unchanged (same command)": "≤ 0.6 s",
               "one card changed": "≤ 0.8 s"}
    table(["rebuild", "median s", "min–max s", "target", "median CPU s", "peak MiB"],
          [[c.label, f"{median(c):.3f}", spread(c), targets[c.label], f"{median_cpu(c):.3f}",
            f"{peak_mib(c):.1f}"] for c in commands])
    print(f"unchanged runs that said 'up to date': {said_up_to_date} of {runs}; "
          f"one-changed runs that built: {redrawn} of {runs}")
    reference = bench.out(f"reference-{size}.pdf")
    run_once(bench.deckpress("build", rel, "--no-cache", "-j", "1", "-q", "-o", str(reference)),
             bench.workspace, bench.env)
    print(f"one-card-changed PDF vs `--no-cache -j 1` of the same edited deck, same bytes: "
          f"{same_bytes(target, reference)}\n")


def section_check(bench: Bench, deck: Path, runs: int) -> None:
    print(f"## c. check against build, 540 cards, -j {JOBS_CHECK} ({runs} runs each)\n")
    rel = str(deck.relative_to(bench.workspace))
    jobs = str(JOBS_CHECK)
    commands = [
        Command("deckpress build --no-cache",
                bench.deckpress("build", rel, "--no-cache", "-j", jobs, "-q", "-o",
                                str(bench.out("c-build.pdf")))),
        Command("deckpress check", bench.deckpress("check", rel, "-j", jobs, "-q")),
    ]
    measure(commands, runs, bench.workspace, bench.env, "check")
    build, check = commands
    table(["command", "median s", "min–max s", "peak MiB"],
          [[c.label, f"{median(c):.3f}", spread(c), f"{peak_mib(c):.1f}"] for c in commands])
    print(f"check / build = {median(check) / median(build):.2f}× (target ≤ 1.30×)\n")


def section_startup(bench: Bench, runs: int) -> None:
    print(f"## d. start-up ({runs} runs each)\n")
    commands = [Command("python -c pass", [sys.executable, "-c", "pass"]),
                Command("deckpress --help", bench.deckpress("--help"))]
    measure(commands, runs, bench.workspace, bench.env, "start-up")
    table(["command", "median ms", "min–max s", "target"],
          [[c.label, f"{median(c) * 1000:.0f}", spread(c),
            "≤ 150 ms" if "help" in c.label else ""] for c in commands])


# --- driver --------------------------------------------------------------------------------------


def old_source(revision: str, folder: Path) -> Path:
    """The src/ of `revision` (git archive: nothing in the repository changes)."""
    command = ["git", "archive", "--format=tar", revision, "src"]
    with (subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE) as git,
          tarfile.open(fileobj=git.stdout, mode="r|") as tar):  # streamed: see the imports
        tar.extractall(folder, filter="data")
    if git.returncode != 0:
        sys.exit(f"git archive {revision} failed")
    return folder / "src"


def child_environment(workspace: Path) -> dict[str, str]:
    """Compiled modules kept between runs, as an installed deckpress has them, even where the
    shell sets PYTHONDONTWRITEBYTECODE (bench_preview.py does the same)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPYCACHEPREFIX"] = str(workspace / "pycache")
    return env


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=[540, 5400],
                        help="deck sizes of section a (default: 540,5400)")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per command (default 5; 3 from 5,000 cards)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--quick", action="store_true", help="540 cards only, 3 runs")
    parser.add_argument("--old", metavar="REV",
                        help="also build with the deckpress of git revision REV (one process)")
    parser.add_argument("--write-deck", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write_deck:
        size, path, version = args.write_deck
        write_deck_here(Path(path), int(size), int(version))
        return 0
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = [540] if args.quick else args.sizes
    runs = args.runs or (3 if args.quick else 5)

    workspace = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="speed-"))
    started = time.perf_counter()
    try:
        (workspace / "cards").mkdir(parents=True, exist_ok=True)
        (workspace / "output").mkdir(exist_ok=True)
        decks = {size: write_deck(workspace / "cards" / f"bench-{size:05d}.yaml", size)
                 for size in sorted({*sizes, 540})}
        old = old_source(args.old, workspace / "old") if args.old else None
        bench = Bench(workspace, child_environment(workspace), runs, old)
        print(f"python {platform.python_version()} on {platform.system()} {platform.machine()}; "
              f"CPUs: {os.cpu_count()} (usable {len(os.sched_getaffinity(0))}); load average "
              f"{os.getloadavg()[0]:.2f}")
        print(f"deckpress {_version('deckpress')}, reportlab {_version('reportlab')}"
              f"{f'; old deckpress: {args.old}' if args.old else ''}\n")
        for size in sizes:
            section_builds(bench, size, decks[size], args.runs or (3 if size >= 5000 else runs),
                           warm_up=size == sizes[0])
        section_rebuilds(bench, runs)
        section_check(bench, decks[540], runs)
        section_startup(bench, max(runs, HELP_RUNS))
        print(f"load average at the end {os.getloadavg()[0]:.2f}; "
              f"benchmark took {time.perf_counter() - started:.0f} s")
        if args.keep:
            print(f"decks and PDFs kept in {workspace}")
    finally:
        if not args.keep:
            shutil.rmtree(workspace, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
