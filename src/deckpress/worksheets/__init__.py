"""Companion worksheets: fear ladder, challenge log, day tracker, debrief and contacts."""

from .build import KINDS, WorksheetResult, build_worksheets

__all__ = ["KINDS", "WorksheetResult", "build_worksheets"]
