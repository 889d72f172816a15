"""The names a person gives a new brand, client or deck: refused, before any work is done on
them, when too long to make a file name from or when no file name could be made at all."""

from __future__ import annotations

MAX_NAME = 120  # longer than any name a page shows; a huge one only slows the slug down


def name_problem(text: str, noun: str) -> str | None:
    """Why `text` cannot name a new `noun` (None when it can)."""
    if len(text) > MAX_NAME:
        return f"a {noun}'s name is at most {MAX_NAME} characters"
    if not any(char.isalnum() for char in text):
        return f"a {noun}'s name needs a letter or a digit, e.g. Harbor Coaching"
    return None
