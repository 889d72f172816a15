"""Benchmark: the worksheets, and `deckpress check` against `deckpress build`.

Measures, on the sample workspace (cards/networking.yaml, brands/example.yaml and the client
clients/jordan-rivera.yaml), inside a child process after one warm-up round:

  - `build`: `build_deck` of the sample deck on home-letter (what `deckpress build` runs);
  - `check`: `check_deck` of the same (what `deckpress check` runs: the deck drawn, its fonts
    inspected, the worksheets tried);
  - `worksheets`: the sample client's worksheets planned and written (`deckpress worksheets
    --client jordan-rivera`), all five sheets on Letter;
  - `worksheets N cards` (with `--cards N`): the worksheets of a generated N-card deck (the
    decks of bench_build.py), whose log has a block per card;

and, as whole processes (start-up included), `deckpress build` and `deckpress check` of the
sample deck. The operations run in turn, their order rotated every round; the tables show
medians of wall and CPU time. With `--baseline REV`, the source of that git revision
(`git archive`, read only) is measured the same way in the same run, child processes of the two
alternating, and the ratios to it are shown. Run from the repository root:

    .venv/bin/python benchmarks/bench_worksheets.py
    .venv/bin/python benchmarks/bench_worksheets.py --baseline HEAD~1 --cards 540 --rounds 7
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import write_deck  # noqa: E402 - the same generated cards as bench_build

DECK = ROOT / "cards/networking.yaml"
BRAND = ROOT / "brands/example.yaml"
CLIENT = ROOT / "clients/jordan-rivera.yaml"
PROFILE = "home-letter"


# --- child process: the operations, measured from inside --------------------------------------


def operations(scratch: Path, deck: Path | None) -> dict[str, object]:
    """What one round measures, by name; each call does the whole operation."""
    from deckpress.build import build_deck
    from deckpress.check import check_deck
    from deckpress.inputs import load_client_inputs, load_inputs
    from deckpress.output.profiles import load_profile
    from deckpress.source.client import load_client
    from deckpress.worksheets import build_worksheets, plan_worksheets, worksheet_settings

    def build() -> None:
        build_deck(DECK, scratch / "deck.pdf", BRAND, PROFILE)

    def load() -> tuple[object, object]:
        inputs = load_inputs(DECK, BRAND)
        return inputs, load_profile(PROFILE, inputs.workspace)

    def check() -> None:
        result = check_deck(load)  # type: ignore[arg-type]
        assert not result.findings.errors, result.findings.errors

    def worksheets() -> None:
        inputs = load_client_inputs(load_client(CLIENT, ROOT))
        plan_worksheets(inputs, worksheet_settings("letter")).write(scratch / "client.pdf")

    chosen: dict[str, object] = {"build": build, "check": check, "worksheets": worksheets}
    if deck is not None:
        chosen[f"worksheets {deck.stem}"] = lambda: build_worksheets(
            deck, scratch / "many.pdf", BRAND, worksheet_settings("letter"))
    return chosen


def child(rounds: int, deck: Path | None) -> None:
    """Run every operation once to warm up, then `rounds` rounds; print the times as JSON."""
    import deckpress

    with tempfile.TemporaryDirectory(prefix="bench-ws-") as scratch:
        chosen = operations(Path(scratch), deck)
        for operation in chosen.values():
            operation()  # type: ignore[operator]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in chosen}
        names = list(chosen)
        for number in range(rounds):
            shift = number % len(names)
            for name in names[shift:] + names[:shift]:
                wall, cpu = time.perf_counter(), time.process_time()
                chosen[name]()  # type: ignore[operator]
                times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    print(json.dumps({"source": str(Path(deckpress.__file__).parent), "times": times}))


# --- parent ------------------------------------------------------------------------------------


def baseline_source(revision: str, folder: Path) -> Path:
    """The src/ folder of `revision`, unpacked into `folder` (git archive: nothing in the
    repository changes)."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "src"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def environment(source: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(source)}


def run_child(source: Path, rounds: int, deck: Path | None) -> dict[str, list[list[float]]]:
    command = [sys.executable, __file__, "--child", "--rounds", str(rounds)]
    if deck is not None:
        command += ["--deck", str(deck)]
    done = subprocess.run(command, env=environment(source), check=True, capture_output=True,
                          text=True)
    said = json.loads(done.stdout)
    assert Path(said["source"]) == source / "deckpress", said["source"]
    times: dict[str, list[list[float]]] = said["times"]
    return times


def run_command(source: Path, scratch: Path, name: str) -> tuple[float, float]:
    """One whole `deckpress build` or `check` process: wall and CPU time (of the child)."""
    command = [sys.executable, "-m", "deckpress", name, str(DECK), "--brand", str(BRAND),
               "--profile", PROFILE, "-q"]
    if name == "build":
        command += ["-o", str(scratch / "command.pdf")]
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, env=environment(source), check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, (after.children_user - before.children_user) + \
        (after.children_system - before.children_system)


def collect(sources: dict[str, Path], processes: int, rounds: int, deck: Path | None,
            scratch: Path) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """Every measurement, by version and operation; the versions' children alternate."""
    found: dict[str, dict[str, list[tuple[float, float]]]] = {name: {} for name in sources}
    order = list(sources)
    for source in sources.values():  # warm-up: .pyc files, file cache; not reported
        run_command(source, scratch, "check")
    for number in range(processes):
        for version in order[:: 1 if number % 2 == 0 else -1]:
            source = sources[version]
            for name, values in run_child(source, rounds, deck).items():
                found[version].setdefault(name, []).extend(
                    (wall, cpu) for wall, cpu in values)
            for name in ("build", "check")[:: 1 if number % 2 == 0 else -1]:
                found[version].setdefault(f"deckpress {name} (process)", []).append(
                    run_command(source, scratch, name))
            print(f"  {version} {number + 1}/{processes} done", file=sys.stderr, flush=True)
    return found


def median(values: list[tuple[float, float]], index: int) -> float:
    return statistics.median(value[index] for value in values)


def report(found: dict[str, dict[str, list[tuple[float, float]]]]) -> None:
    versions = list(found)
    header = f"{'operation':<32}" + "".join(f" {version + ' wall':>16} {version + ' CPU':>16}"
                                             for version in versions)
    if len(versions) == 2:
        header += f" {'ratio wall':>11} {'ratio CPU':>10}"
    print(header)
    for name in found[versions[0]]:
        line = f"{name:<32}"
        for version in versions:
            values = found[version][name]
            line += f" {median(values, 0):>15.3f}s {median(values, 1):>15.3f}s"
        if len(versions) == 2:
            now, before = found[versions[0]][name], found[versions[1]][name]
            line += f" {median(now, 0) / median(before, 0):>10.2f}× " \
                    f"{median(now, 1) / median(before, 1):>9.2f}×"
        print(line)
    print()
    for version in versions:
        times = found[version]
        for label, check, build in (("in-process", "check", "build"),
                                    ("whole processes", "deckpress check (process)",
                                     "deckpress build (process)")):
            print(f"{version}: check/build {label} = "
                  f"{median(times[check], 0) / median(times[build], 0):.2f}× wall, "
                  f"{median(times[check], 1) / median(times[build], 1):.2f}× CPU")
    spread = {version: {name: [round(value[0], 3) for value in values]
                        for name, values in times.items()} for version, times in found.items()}
    print("\nall wall times:")
    for version, names in spread.items():
        for name, values in names.items():
            print(f"  {version} {name}: {values}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds in each child (default 5)")
    parser.add_argument("--processes", type=int, default=3,
                        help="child processes per version, alternating (default 3)")
    parser.add_argument("--baseline", metavar="REV", help="also measure git revision REV")
    parser.add_argument("--cards", type=int, help="also the worksheets of an N-card deck")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--deck", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.rounds, args.deck)
        return 0
    if args.rounds < 1 or args.processes < 1:
        parser.error("at least one round and one process")
    scratch = Path(tempfile.mkdtemp(prefix="bench-worksheets-"))
    try:
        sources = {"now": ROOT / "src"}
        if args.baseline:
            sources[args.baseline] = baseline_source(args.baseline, scratch / "baseline")
        deck = write_deck(scratch, args.cards) if args.cards else None
        print(f"python {platform.python_version()} on {platform.system()} "
              f"{platform.machine()}; CPUs usable: {len(os.sched_getaffinity(0))}; "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"{args.processes} child processes per version × {args.rounds} rounds "
              "(operations in turn, order rotated); whole processes once per child\n")
        found = collect(sources, args.processes, args.rounds, deck, scratch)
        report(found)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
