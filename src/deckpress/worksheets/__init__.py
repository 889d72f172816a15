"""Companion worksheets: fear ladder, challenge log, day tracker, debrief and contacts."""

from .build import KINDS, WorksheetPlan, WorksheetResult, build_worksheets, plan_worksheets

__all__ = ["KINDS", "WorksheetPlan", "WorksheetResult", "build_worksheets", "plan_worksheets"]
