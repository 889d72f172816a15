"""Names and bounds the command line offers as choices, kept apart from the modules that use
them so that `deckpress --help` can list them without loading ReportLab, pydantic or Jinja."""

from __future__ import annotations

# how a printer profile turns the sheet for the backs (output/profiles.py)
DUPLEX_MODES = ("long-edge", "short-edge", "fold", "none")
# the PDF/X standards a PDF can follow (output/pdfx.py), and none
PDFX_MODES = ("x-1a", "x-4", "none")
# how the printer turns the calibration sheet (calibrate.py): a fold sheet is not measured
CALIBRATION_DUPLEX_MODES = ("long-edge", "short-edge")
# the worksheets, in the order they are printed (worksheets/plan.py)
WORKSHEET_KINDS = ("ladder", "log", "tracker", "debrief", "contacts")
MAX_DAYS = 366  # days on the tracker
MAX_BLANK = 200  # blank log blocks
