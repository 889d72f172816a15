"""Benchmark: deckpress against a plain-ReportLab baseline on generated decks of growing size.

For each deck size, generated decks (every card distinct, the worst case for deckpress) are
built by deckpress (`deckpress.build.build_deck`) and by `baseline_reportlab.build`, each run in
a fresh Python process so peak memory is per run. Runs of the two tools are interleaved.

Run from the repository root:

    .venv/bin/python benchmarks/bench_build.py
    .venv/bin/python benchmarks/bench_build.py --sizes 54,540 --runs 3 --keep /tmp/bench

See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# Only the standard library is imported at module level: this file is also the child-process
# driver, and anything imported here would count towards both tools' peak memory.

HERE = Path(__file__).resolve().parent
TOOLS = ("deckpress", "baseline")
DEFAULT_SIZES = (54, 540, 5400)
SEED = 20240611

# --- deck generation -------------------------------------------------------------------------

CATEGORIES = {
    # id: (label, colour, built-in icon)
    "warm-up": ("Warm-up asks", "#9E5F10", "spark"),
    "inner-circle": ("Inner circle", "#A9482E", "people"),
    "online": ("Online outreach", "#3E5C8F", "globe"),
    "conversations": ("Conversations", "#1C6E74", "chat"),
    "rooms": ("Rooms & events", "#6E4272", "door"),
    "the-ask": ("The ask", "#3A6A47", "star"),
}
LEVELS = [
    {"id": "warm", "label": "Warm", "description": "Low stakes. Start here."},
    {"id": "stretch", "label": "Stretch", "description": "A little wobble. Do it anyway."},
    {"id": "bold", "label": "Bold", "description": "The big ones."},
]

TITLE_VERBS = [
    "Ask", "Invite", "Thank", "Greet", "Call", "Message", "Introduce", "Visit", "Join",
    "Compliment", "Recommend", "Offer", "Share", "Follow up with", "Check in with", "Welcome",
    "Email", "Meet", "Pitch", "Question", "Praise", "Support", "Mentor", "Interview",
]
TITLE_OBJECTS = [
    "a stranger", "a neighbour", "an old friend", "a colleague", "your manager", "a mentor",
    "a barista", "a librarian", "a speaker", "an author", "a founder", "a recruiter",
    "a former teacher", "a new hire", "a client", "a classmate", "a local expert",
    "the organiser", "the host", "a panel guest", "a shop owner", "a volunteer",
    "a runner", "a designer", "an engineer", "a writer", "a coach", "a student",
]
TITLE_QUALIFIERS = [
    "", "", "today", "twice", "by name", "in person", "this week", "first", "again",
    "on video", "at lunch", "after hours",
]

PEOPLE = [
    "a stranger", "a neighbour", "someone at the next table", "a colleague you rarely see",
    "an old friend", "a shop attendant", "the person beside you", "a former classmate",
    "someone whose work you admire", "a new member of the team", "a speaker after the talk",
]
PLACES = [
    "at the bus stop", "in the lift", "at the market", "in the queue for coffee",
    "at the library", "after the meeting", "at the gym", "in the park", "at a meetup",
    "in the hallway", "at the bookshop", "on the train",
]
TOPICS = [
    "their favourite book", "how they got started", "the best advice they ever had",
    "a project they are proud of", "what they are learning now", "a place they love",
    "the hardest part of their job", "a habit that changed their week", "their weekend plans",
]
CHALLENGE_FIRST = [
    "Ask {person} {place} about {topic}.",
    "Start a conversation with {person} {place} and ask about {topic}.",
    "Introduce yourself to {person} {place}, then ask one honest question.",
    "Invite {person} to a short coffee and ask about {topic}.",
    "Send a message to {person} asking about {topic}.",
    "Find {person} {place} and share something you noticed today.",
    "Offer to help {person} with a small task {place}.",
    "Give {person} a sincere compliment {place} and ask about {topic}.",
]
CHALLENGE_MORE = [
    "Listen closely and ask one follow-up question.",
    "Keep it short and warm.",
    "Notice how it feels before, during and after.",
    "Write one line about it tonight.",
    "Thank them, whatever the answer.",
    "Use their name at least once.",
    "Stay for **three exchanges** before you say goodbye.",
    "If they say no, smile and say thanks.",
    "Make eye contact and speak first.",
    "Do it before lunch.",
    "Ask what they would recommend next.",
    "Tell them one thing about yourself.",
    "Do not rehearse more than once.",
    "Be curious, not clever.",
    "Then let it go.",
    "Smile.",
]
TIP_FIRST = [
    "“Excuse me, could I ask you something quick about {topic}?”",
    "“Hi, I’m new here. What brought you to this place?”",
    "“I loved what you said earlier. How did you get into it?”",
    "“Would you have ten minutes for a coffee this week?”",
    "“I’ve been meaning to ask you about {topic}.”",
    "“What would you recommend to someone just starting out?”",
]
TIP_MORE = [
    "Breathe out before you start.",
    "Open with a smile and their name.",
    "A short question works best.",
    "Keep your hands relaxed.",
    "Pause and let them answer.",
    "Nod and listen.",
    "Go first.",
]
COUNTS_FIRST = [
    "You asked out loud.",
    "You started the conversation.",
    "You sent the message.",
    "You made the offer.",
    "You spoke first.",
    "You asked your question.",
]
COUNTS_MORE = [
    "Any answer counts.",
    "A no still counts.",
    "Their reply is a bonus.",
    "Even a short one.",
    "Whatever they said.",
    "Really.",
]


def _fill(rng: random.Random, text: str) -> str:
    return text.format(person=rng.choice(PEOPLE), place=rng.choice(PLACES),
                       topic=rng.choice(TOPICS))


def _compose(rng: random.Random, first: list[str], more: list[str], low: int, high: int) -> str:
    """A first sentence, then more sentences until the visible length is in [low, high]."""

    def visible(text: str) -> int:
        return len(text.replace("**", ""))

    for _ in range(50):
        text = _fill(rng, rng.choice(first))
        if visible(text) <= high:
            break
    target = rng.randint(low, high)
    while visible(text) < target:
        options = [part for part in more
                   if part not in text and visible(text) + 1 + visible(part) <= high]
        if not options:
            break
        text += " " + rng.choice(options)
    return text


def generate_deck(count: int, seed: int = SEED) -> dict:
    """A poker-size challenge deck of `count` distinct cards, the same for the same seed."""
    rng = random.Random(seed)
    category_ids = list(CATEGORIES)
    titles: set[str] = set()
    cards = []
    for number in range(1, count + 1):
        while True:
            parts = [rng.choice(TITLE_VERBS), rng.choice(TITLE_OBJECTS),
                     rng.choice(TITLE_QUALIFIERS)]
            title = " ".join(part for part in parts if part)
            if title not in titles:
                break
            if len(titles) > 0.8 * len(TITLE_VERBS) * len(TITLE_OBJECTS) * len(TITLE_QUALIFIERS):
                title = f"{title} {number}"
                break
        titles.add(title)
        cards.append({
            "id": f"G-{number:05d}",
            "title": title,
            "text": _compose(rng, CHALLENGE_FIRST, CHALLENGE_MORE, 120, 180),
            "category": category_ids[(number - 1) % len(category_ids)],
            "level": LEVELS[rng.randrange(len(LEVELS))]["id"],
            "tip": _compose(rng, TIP_FIRST, TIP_MORE, 80, 120),
            "counts_when": _compose(rng, COUNTS_FIRST, COUNTS_MORE, 40, 60),
        })
    return {
        "title": "Bench Asks",
        "subtitle": f"{count} generated challenge cards",
        "size": "poker",
        "layout": "challenge",
        "levels": LEVELS,
        "categories": {key: {"label": label, "colour": colour, "icon": icon}
                       for key, (label, colour, icon) in CATEGORIES.items()},
        "cards": cards,
    }


def write_deck(folder: Path, count: int) -> Path:
    import yaml  # parent process only

    path = folder / f"bench-{count:05d}.yaml"
    text = yaml.safe_dump(generate_deck(count), sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, encoding="utf-8")
    return path


# --- child process: one build, measured from inside -----------------------------------------


def child(tool: str, deck: Path, output: Path) -> None:
    import resource

    import svglib.svglib  # noqa: F401 - both tools need it; keep its import out of the timing

    if tool == "deckpress":
        from deckpress.build import build_deck

        started = time.perf_counter()
        result = build_deck(deck, output)
        elapsed = time.perf_counter() - started
        pages = result.pages
    else:
        sys.path.insert(0, str(HERE))
        import baseline_reportlab

        started = time.perf_counter()
        pages = baseline_reportlab.build(deck, output)["pages"]
        elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"build_s": elapsed, "peak_kib": peak_kib, "pages": pages,
                      "pdf_bytes": output.stat().st_size}))


# --- parent process ---------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    cards: int
    build_s: float
    process_s: float
    peak_kib: int
    pages: int
    pdf_bytes: int


def measure(tool: str, cards: int, deck: Path, output: Path) -> Run:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", tool, str(deck),
               str(output)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    process_s = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{tool} failed on {deck.name} (exit {done.returncode}):\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(tool, cards, data["build_s"], process_s, data["peak_kib"], data["pages"],
               data["pdf_bytes"])


def default_runs(size: int) -> int:
    return 3 if size >= 5000 else 5


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive whole numbers")
    return sizes


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _mib(kib: float) -> str:
    return f"{kib / 1024:.1f}"


def _size(nbytes: float) -> str:
    return f"{nbytes / 1024:.0f} KiB" if nbytes < 1024 * 1024 else f"{nbytes / 2**20:.2f} MiB"


def _median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(run, field) for run in runs)


def report(sizes: list[int], runs: list[Run]) -> None:
    by = {(tool, size): [r for r in runs if r.tool == tool and r.cards == size]
          for tool in TOOLS for size in sizes}
    headers = ["cards", "deckpress median s", "baseline median s", "time ratio",
               "deckpress peak RSS MiB", "baseline peak RSS MiB",
               "PDF size deckpress / baseline", "deckpress process s", "baseline process s"]
    rows = []
    for size in sizes:
        dp, bl = by[("deckpress", size)], by[("baseline", size)]
        dp_s, bl_s = _median(dp, "build_s"), _median(bl, "build_s")
        rows.append([
            f"{size}",
            f"{dp_s:.3f}",
            f"{bl_s:.3f}",
            f"{dp_s / bl_s:.2f}×",
            _mib(_median(dp, "peak_kib")),
            _mib(_median(bl, "peak_kib")),
            f"{_size(_median(dp, 'pdf_bytes'))} / {_size(_median(bl, 'pdf_bytes'))}",
            f"{_median(dp, 'process_s'):.3f}",
            f"{_median(bl, 'process_s'):.3f}",
        ])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print()

    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for tool in TOOLS:
            growth = _median(by[(tool, large)], "peak_kib") / _median(by[(tool, small)],
                                                                       "peak_kib")
            print(f"{tool} peak RSS at {large} / at {small} = {growth:.2f}×")
    ratios = []
    for size in sizes[1:] if len(sizes) > 1 else sizes:
        ratio = _median(by[("deckpress", size)], "build_s") / _median(by[("baseline", size)],
                                                                       "build_s")
        ratios.append(f"at {size} = {ratio:.2f}×")
    print("time ratio deckpress/baseline " + ", ".join(ratios))
    print()

    print("all runs, build seconds (in run order):")
    for size in sizes:
        for tool in TOOLS:
            values = ", ".join(f"{r.build_s:.3f}" for r in by[(tool, size)])
            print(f"  {size:>6} {tool:<9} {values}")
    checks = []
    for size in sizes:
        pages = {tool: {r.pages for r in by[(tool, size)]} for tool in TOOLS}
        pdfs = {tool: {r.pdf_bytes for r in by[(tool, size)]} for tool in TOOLS}
        same_pages = pages["deckpress"] == pages["baseline"] and len(pages["deckpress"]) == 1
        stable = all(len(pdfs[tool]) == 1 for tool in TOOLS)
        varied = "" if stable else ", PDF bytes varied between runs: " + "; ".join(
            f"{tool} {sorted(pdfs[tool])}" for tool in TOOLS if len(pdfs[tool]) > 1)
        checks.append(f"{size}: {'/'.join(str(min(pages[t])) for t in TOOLS)} pages"
                      f"{'' if same_pages else ' (MISMATCH)'}{varied}")
    print("pages deckpress/baseline: " + "; ".join(checks))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated deck sizes (default: 54,540,5400)")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per tool and size (default: 5, or 3 from 5000 cards)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build in DIR and keep the generated decks and PDFs there")
    parser.add_argument("--child", nargs=3, metavar=("TOOL", "DECK", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        tool, deck, output = args.child
        child(tool, Path(deck), Path(output))
        return 0
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")

    if args.keep:
        workspace = args.keep.resolve()
        workspace.mkdir(parents=True, exist_ok=True)
    else:
        workspace = Path(tempfile.mkdtemp(prefix="deckpress-bench-"))
    try:
        (workspace / "cards").mkdir(exist_ok=True)
        (workspace / "output").mkdir(exist_ok=True)
        decks = {size: write_deck(workspace / "cards", size) for size in args.sizes}

        cpus = os.cpu_count()
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
        print(f"python {platform.python_version()} ({platform.python_implementation()}) on "
              f"{platform.system()} {platform.machine()}; CPUs: {cpus} (usable: {usable})")
        print(f"deckpress {_version('deckpress')}, reportlab {_version('reportlab')}, "
              f"svglib {_version('svglib')}")
        plan = ", ".join(f"{size}×{args.runs or default_runs(size)}" for size in args.sizes)
        print(f"runs per tool (cards×runs): {plan}; fresh process per run, tools interleaved, "
              f"one discarded warm-up run per tool first")
        print()

        def output(tool: str, size: int) -> Path:
            return workspace / "output" / f"{tool}-{size:05d}.pdf"

        first = args.sizes[0]
        for tool in TOOLS:  # warm-up: file cache, .pyc files; not reported
            measure(tool, first, decks[first], output(tool, first))

        runs: list[Run] = []
        for size in args.sizes:
            for index in range(args.runs or default_runs(size)):
                order = TOOLS if index % 2 == 0 else TOOLS[::-1]
                for tool in order:
                    run = measure(tool, size, decks[size], output(tool, size))
                    runs.append(run)
                    print(f"  {size:>6} cards  run {index + 1}  {tool:<9} {run.build_s:8.3f} s  "
                          f"{_mib(run.peak_kib):>7} MiB", file=sys.stderr, flush=True)
        report(args.sizes, runs)
        if args.keep:
            print(f"\ndecks and PDFs kept in {workspace}")
    finally:
        if not args.keep:
            shutil.rmtree(workspace, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
