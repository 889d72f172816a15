"""Companion worksheets: fear ladder, challenge log, day tracker, debrief and contacts.

Beside the deck pipeline and built like it: templates (templates.py) produce flow markup
(flow.py), drawn as platypus flowables (draw.py) on branded pages (pages.py, with the header
and footer fitted in margins.py); plan.py runs it.
"""

from .plan import (
    KINDS,
    WorksheetPlan,
    WorksheetResult,
    WorksheetSettings,
    build_worksheets,
    check_worksheets,
    output_suffix,
    plan_worksheets,
    worksheet_settings,
)

__all__ = ["KINDS", "WorksheetPlan", "WorksheetResult", "WorksheetSettings", "build_worksheets",
           "check_worksheets", "output_suffix", "plan_worksheets", "worksheet_settings"]
