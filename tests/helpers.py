"""Helpers shared by the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("cards", "brands", "clients", "templates", "fonts")


def copy_workspace(target: Path) -> Path:
    for part in WORKSPACE_PARTS:
        shutil.copytree(ROOT / part, target / part)
    (target / "output").mkdir()
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of `old` (which must be there) in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def placements(page) -> list[tuple[float, float, str]]:
    """(x, y, form name) of every form drawn directly on the page, from its content stream."""
    found, matrix = [], (0.0, 0.0)
    for operands, operator in page.get_contents().operations:
        if operator == b"cm":
            matrix = (float(operands[4]), float(operands[5]))
        elif operator == b"Do":
            found.append((round(matrix[0], 3), round(matrix[1], 3), str(operands[0])))
        elif operator == b"Q":
            matrix = (0.0, 0.0)
    return found


def page_lines(page) -> list[tuple[float, float, float, float, float]]:
    """(x1, y1, x2, y2, line width) of straight lines drawn on the page itself (not in forms),
    in page coordinates (translations applied)."""
    lines, start, width, offsets = [], None, 1.0, [(0.0, 0.0)]
    for operands, operator in page.get_contents().operations:
        if operator == b"q":
            offsets.append(offsets[-1])
        elif operator == b"Q":
            offsets.pop()
        elif operator == b"cm":
            dx, dy = offsets[-1]
            offsets[-1] = (dx + float(operands[4]), dy + float(operands[5]))
        elif operator == b"w":
            width = float(operands[0])
        elif operator == b"m":
            dx, dy = offsets[-1]
            start = (float(operands[0]) + dx, float(operands[1]) + dy)
        elif operator == b"l" and start is not None:
            dx, dy = offsets[-1]
            lines.append((*start, float(operands[0]) + dx, float(operands[1]) + dy, width))
    return lines


def crop_mark_lines(page, width: float = 0.5) -> list[tuple[float, float, float, float]]:
    """The crop marks: page lines drawn at the profile's mark width."""
    return [line[:4] for line in page_lines(page) if abs(line[4] - width) < 1e-6]


DECK = "cards/networking.yaml"  # the sample deck, relative to a workspace
BRAND = "brands/example.yaml"
JORDAN = "clients/jordan-rivera.yaml"  # a sample client of the example coach
LEGACY_BRAND = ROOT / "tests/data/legacy-brand.yaml"  # coach and client in one brand file
# The whole sample deck for one client of the example coach (the sample clients choose cards).
WHOLE_DECK_CLIENT = """brand: example
name: Jordan Rivera
programme: 30 Brave Asks
goal: Three informational interviews in product design by the end of spring
note: |
  Jordan, these cards are the small, brave steps we talked about in our sessions.
  Draw one a day, make the ask, and remember that asking is the win, whatever the answer.
decks: [networking]
"""


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based line where `text` first occurs in the file (after the first line holding
    `after`, if given): messages name lines of the sample files without pinning numbers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(number for number, line in enumerate(lines) if after in line) + 1
    for number in range(start, len(lines)):
        if text in lines[number]:
            return number + 1
    raise AssertionError(f"{text!r} not in {path}" + (f" after {after!r}" if after else ""))


def sample_line(relative: str, text: str, after: str | None = None) -> str:
    """`cards/networking.yaml:98`: a place in a sample file as messages name it."""
    return f"{relative}:{line_of(ROOT / relative, text, after)}"


def prepare(workspace: Path, edits=(), files=None) -> None:
    """Edit sample files ((file, old, new) each) and write extra files ({path: text})."""
    for file, old, new in edits:
        edit(workspace / file, old, new)
    for file, text in (files or {}).items():
        (workspace / file).parent.mkdir(parents=True, exist_ok=True)
        (workspace / file).write_text(text, encoding="utf-8")


def assert_one_error(result, expected, code: int = 1) -> None:
    """A content error: the exit code, one `error:` line with every expected piece, no
    traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("error: "), result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error")]) == 1
    for piece in expected:
        assert piece in result.output, piece


def assert_options_mistake(result, command: str, expected) -> None:
    """Options that do not go together (or an -o that cannot be used): exit code 2, the
    command's usage line, one `Error:` with every expected piece and a hint, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith(f"Usage: main {command} "), result.output
    error = result.output.split("\nError: ", 1)[1]
    for piece in expected:
        assert piece in error, piece
    assert "\n  hint: " in error


def assert_usage_error(result, option: str, expected, hint: str | None = None) -> None:
    """A value the command line does not accept: exit code 2, Click's `Invalid value for`
    naming the option, the expected pieces, and (if given) our hint on a line of its own."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"Error: Invalid value for '{option}'" in result.output, result.output
    for piece in expected:
        assert piece in result.output, piece
    if hint is not None:
        assert f"\n  hint: {hint}" in result.output, result.output


def failed_build(workspace: Path, runner, monkeypatch, edits=(), files=None, args=(),
                 expected=()):
    """`build` of the sample deck with the example brand, after the edits: one clear message
    (exit code 1, no traceback) and no file left behind in output/."""
    from deckpress.cli import main

    monkeypatch.chdir(workspace)
    prepare(workspace, edits, files)
    result = runner.invoke(main, ["build", DECK, "--brand", "example", *args])
    assert_one_error(result, expected)
    leftovers = [p for p in (workspace / "output").iterdir() if p.name != "file"]
    assert leftovers == [], "a failed build must not leave files behind"
    return result


def front_face(folder: Path, markup: str, files=None) -> tuple[list[str], dict[str, dict]]:
    """Build a one-card deck whose layout's front is `markup` (on the dtc profile: one face per
    page) and read the front's form back: its content stream as one instruction a line, and its
    graphics states {name: {key: value}}. `files` are written beside the deck first."""
    import pikepdf

    from deckpress.build import build_deck

    prepare(folder, files={
        "cards/d.yaml": "title: T\nsize: poker\nlayout: probe\ncards:\n"
                        "  - {id: A, title: a, text: x}\n",
        "templates/probe.xml": f"<card>\n<front>\n{markup}\n</front>\n<back/>\n</card>\n",
        **(files or {})})
    out = folder / "face.pdf"
    build_deck(folder / "cards/d.yaml", out, None, "dtc")
    with pikepdf.open(out) as pdf:
        form = next(iter(pdf.pages[0].Resources.XObject.values()))
        operations = [pikepdf.unparse_content_stream([op]).decode()
                      for op in pikepdf.parse_content_stream(form)]
        states = {str(name): {str(key): str(value) for key, value in state.items()}
                  for name, state in form.get("/Resources", {}).get("/ExtGState", {}).items()}
    return operations, states


def flat(items) -> list[float]:
    """Lists of points flattened, for pytest.approx."""
    return [value for item in items for value in item]


# a client of the sample workspace with two cards and a `labels:` block to fill in
LENA_CLIENT = """brand: example
name: Lena Graf
decks:
  - deck: networking
    cards: [WU-01, WU-02]
labels:
"""


def differing_share(image, golden, threshold: int = 48) -> float:
    """The share of pixels whose colour differs by more than `threshold` in some channel: a
    moved line or title counts, anti-aliasing does not."""
    from PIL import ImageChops

    difference = ImageChops.difference(image, golden).convert("L").point(
        lambda value: 255 if value > threshold else 0)
    return sum(difference.histogram()[255:]) / (image.width * image.height)
