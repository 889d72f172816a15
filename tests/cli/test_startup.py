"""Start-up: the command line, its help and a mistake in what was typed load none of the heavy
libraries; each command loads what it runs when it runs."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import pytest

from deckpress.choices import (
    CALIBRATION_DUPLEX_MODES,
    DUPLEX_MODES,
    MAX_BLANK,
    MAX_DAYS,
    WORKSHEET_KINDS,
)

HEAVY = ("reportlab", "pydantic", "jinja2", "PIL", "openpyxl")

# runs the command line in a fresh interpreter, then prints the heavy libraries it loaded
PROBE = """
import sys
from deckpress.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    sys.stderr.write(f"exit {stop.code}\\n")
print(sorted({name.split('.')[0] for name in sys.modules} & set(%r)))
"""


def heavy_loaded(*args: str) -> tuple[str, str]:
    """The heavy libraries loaded by `deckpress ARGS` (printed as a list), and its stderr."""
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,), *args],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.splitlines()[-1], done.stderr


def test_importing_the_command_line_loads_no_heavy_library():
    done = subprocess.run(
        [sys.executable, "-c", "import deckpress.cli, sys; print(sorted(m for m in sys.modules "
         f"if m.split('.')[0] in {set(HEAVY)!r}))"],
        capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["build", "--help"],
                                  ["worksheets", "--help"], ["calibrate", "--help"],
                                  ["box", "--help"], ["biuld"]])
def test_help_version_and_a_mistyped_command_load_no_heavy_library(args):
    loaded, _ = heavy_loaded(*args)
    assert loaded == "[]"


def test_a_missing_deck_is_refused_before_anything_heavy_loads(tmp_path):
    loaded, errors = heavy_loaded("build", str(tmp_path / "missing.yaml"))
    assert "deck file not found" in errors and "exit 2" in errors
    assert loaded == "[]"


def test_a_command_that_runs_loads_what_it_needs():
    loaded, _ = heavy_loaded("profiles", "-q")
    assert "pydantic" in loaded


def test_the_choices_offered_are_those_the_pipeline_takes():
    from deckpress.calibrate import DUPLEX_MODES as calibration_modes
    from deckpress.output.profiles import Profile
    from deckpress.worksheets import KINDS
    from deckpress.worksheets.plan import worksheet_settings

    assert get_args(Profile.model_fields["duplex"].annotation) == DUPLEX_MODES
    assert calibration_modes == CALIBRATION_DUPLEX_MODES
    assert KINDS == WORKSHEET_KINDS
    assert worksheet_settings("letter", (), False, MAX_DAYS, MAX_BLANK).days == MAX_DAYS
