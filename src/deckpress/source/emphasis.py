"""**bold** and *italic* in text people write: turned into markup, and checked when the file is
read, so that marks that cross (`**bold *both** italic*`) are a mistake said at the field's
line rather than markup that no layout can draw."""

from __future__ import annotations

import re

from markupsafe import escape

BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", re.DOTALL)
TAG = re.compile(r"<(/?)([bi])>")
HINT = ("close the inner mark before the outer one, as in **bold *and italic* here**; a "
        "single * on its own is printed as it is")


def emphasised(escaped: str) -> str:
    """Escaped text with its pairs of marks as <b> and <i>; if they cross, the text as it is
    (it never gives markup with tags that do not nest)."""
    marked = ITALIC.sub(r"<i>\1</i>", BOLD.sub(r"<b>\1</b>", escaped))
    return marked if _nested(marked) else escaped


def emphasis_problem(text: str) -> str | None:
    """What is wrong with the bold and italic marks of `text`, or None."""
    marked = ITALIC.sub(r"<i>\1</i>", BOLD.sub(r"<b>\1</b>", str(escape(text))))
    if _nested(marked):
        return None
    return "its ** (bold) and * (italic) marks cross, so neither can be printed"


def _nested(marked: str) -> bool:
    open_tags: list[str] = []
    for closing, tag in TAG.findall(marked):
        if not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            return False
    return not open_tags
