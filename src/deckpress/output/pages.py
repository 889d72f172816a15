"""Drawn faces placed on pages: sheets of fronts and their mirrored backs, fold sheets, or one
card per page, with crop marks, the check ruler and the proof overlay.

Where things go comes from impose.py; this module puts the faces' forms there.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..sizes import CardBox
from .impose import (
    Imposition,
    Line,
    Rect,
    RulerSpot,
    back_slot,
    crop_marks,
    fold_area,
    mirror_line,
    ruler_spot,
)
from .marks import draw_check_ruler, draw_crop_marks, draw_fold_line, draw_proof_form
from .profiles import Profile


class Pages:
    """Writes pages of one document, placing the forms it is given; counts the pages."""

    def __init__(self, canvas: Canvas, profile: Profile, sheet: Imposition, card: CardBox,
                 proof: bool, font: str):
        self.canvas = canvas
        self.profile = profile
        self.sheet = sheet
        self.font = font
        self.count = 0
        self.folding = profile.duplex == "fold"
        self.marks = self._crop_marks()
        self.ruler = self._ruler_spot()
        self.proof_form = draw_proof_form(canvas, card) if proof else None

    def _crop_marks(self) -> list[Line]:
        if self.profile.output != "sheets":
            return []
        style, sheet = self.profile.crop_marks, self.sheet
        area = fold_area(sheet.page_width, sheet.page_height) if self.folding else None
        return crop_marks(sheet, style.length, style.offset, style.edge, style.style, area)

    def _ruler_spot(self) -> RulerSpot | None:
        """A place for the 50 mm check ruler clear of every card and mark, if the page has one."""
        if self.profile.output != "sheets" or not self.profile.ruler:
            return None
        sheet = self.sheet
        obstacles = [slot.grown(sheet.bleed) for slot in sheet.slots]
        obstacles += [line.box() for line in self.marks]
        if self.folding:
            obstacles += [self._mirror(slot) for slot in obstacles]
            obstacles.append(Rect(sheet.page_width / 2, 0, 0, sheet.page_height))
        return ruler_spot(sheet.page_width, sheet.page_height, obstacles,
                          self.profile.crop_marks.edge)

    def _mirror(self, rect: Rect) -> Rect:
        return back_slot(rect, self.sheet.page_width, self.sheet.page_height, "fold")

    def _place(self, slot: Rect, face: str) -> None:
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(slot.x, slot.y)
        canvas.doForm(face)
        if self.proof_form is not None:
            canvas.doForm(self.proof_form)
        canvas.restoreState()

    def _end(self) -> None:
        self.canvas.showPage()
        self.count += 1

    def fronts(self, faces: list[str]) -> None:
        for slot, face in zip(self.sheet.slots, faces, strict=False):
            self._place(slot, face)
        draw_crop_marks(self.canvas, self.marks, self.profile.crop_marks.width)
        if self.ruler is not None:
            draw_check_ruler(self.canvas, self.ruler, self.font)
        self._end()

    def backs(self, faces: list[str]) -> None:
        """Mirrored for the flip, then moved by the printer's back offset, marks included."""
        sheet, duplex, offset = self.sheet, self.profile.duplex, self.profile.back_offset
        for slot, face in zip(sheet.slots, faces, strict=False):
            self._place(back_slot(slot, sheet.page_width, sheet.page_height, duplex, offset),
                        face)
        draw_crop_marks(self.canvas, [mirror_line(line, sheet.page_width, sheet.page_height,
                                                  duplex).moved(*offset)
                                      for line in self.marks], self.profile.crop_marks.width)
        self._end()

    def fold(self, faces: list[tuple[str, str]]) -> None:
        sheet = self.sheet
        for slot, (front, back) in zip(sheet.slots, faces, strict=False):
            self._place(slot, front)
            self._place(self._mirror(slot), back)
        draw_crop_marks(self.canvas, self.marks + [
            mirror_line(line, sheet.page_width, sheet.page_height, "fold")
            for line in self.marks], self.profile.crop_marks.width)
        draw_fold_line(self.canvas, sheet, self.profile.crop_marks.edge, self.font)
        if self.ruler is not None:
            draw_check_ruler(self.canvas, self.ruler, self.font)
        self._end()

    def single(self, face: str) -> None:
        """A print-service page: exactly trim plus bleed, with TrimBox and BleedBox."""
        sheet, canvas = self.sheet, self.canvas
        slot = sheet.slots[0]
        canvas.setTrimBox((slot.x, slot.y, slot.right, slot.top))
        canvas.setBleedBox((0, 0, sheet.page_width, sheet.page_height))
        self._place(slot, face)
        self._end()

    def place(self, faces: list[tuple[str, str]], later_backs: list[str]) -> None:
        """One sheet's worth of cards (front and back form names), as the profile lays them
        out; on print-service pages ordered fronts-then-backs, the backs wait in
        `later_backs`."""
        if self.profile.output != "sheets":
            self.single(faces[0][0])
            if self.profile.page_order == "interleaved":
                self.single(faces[0][1])
            else:
                later_backs.append(faces[0][1])
        elif self.folding:
            self.fold(faces)
        else:
            self.fronts([front for front, _ in faces])
            self.backs([back for _, back in faces])
