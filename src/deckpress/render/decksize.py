"""One text size across the deck (`fit: deck`): every card's text of a kind is set at the size
the longest of them needs, so neighbours on a sheet never show 8 pt beside 10 pt.

A text's *kind* is its layout, side, name, size and min-size: the same element of the same
layout, so the same box design and the same sizes to choose from. Each text's *natural* size
is the largest it fits at alone; the deck's size of a kind is the smallest natural size among
its cards, and faces set larger are drawn with their texts capped at it. Caps only ever lower
a size, so a capped text still fits.

Measuring a face roughly (one layout a text, at the size its words' widths suggest) gives a
size each text fits at, so its natural size is at least that: only the faces whose rough
sizes could be the smallest of their kind, or stand out from most, need measuring again
exactly (`unsettled`); the deck's sizes come out the same as if every face were measured
exactly, for a fraction of the layouts.
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

Sizes = tuple[tuple[str, float], ...]  # (kind, points), sorted by kind

# A text set this much below its kind's usual size stands out on the sheet: say so.
NOTICEABLE = 1.0  # pt
FEWEST_FOR_USUAL = 3  # cards of a kind needed before a "usual" size means anything


class Natural(NamedTuple):
    """The sizes a face's texts of the deck's size fit at alone: each text's largest, or
    (not `exact`) sizes they fit at, their largest being as large or larger."""

    sizes: Sizes = ()
    exact: bool = True


def unsettled(faces: Mapping[str, Natural], cards: Iterable[tuple[str, str]]) -> set[str]:
    """The faces measured roughly whose sizes decide something, to be measured exactly: the
    lowest rough size of a kind where no face measured exactly is as low (it may set the
    deck's size), and rough sizes more than NOTICEABLE below the usual size of their kind on
    `cards` (front and back faces of each card: a warning names them)."""
    lowest: dict[str, float] = {}
    lowest_exact: dict[str, float] = {}
    for natural in faces.values():
        for kind, size in natural.sizes:
            lowest[kind] = min(size, lowest.get(kind, size))
            if natural.exact:
                lowest_exact[kind] = min(size, lowest_exact.get(kind, size))
    usual = usual_sizes(dict(faces[key].sizes) for pair in cards for key in pair)
    found = set()
    for key, natural in faces.items():
        if natural.exact:
            continue
        for kind, size in natural.sizes:
            if (size <= lowest[kind] and size < lowest_exact.get(kind, float("inf"))) or \
                    (kind in usual and size < usual[kind] - NOTICEABLE - 1e-9):
                found.add(key)
    return found


def text_kind(layout: str, side: str, name: str, size: float, min_size: float) -> str:
    """The key texts that share a size are known by."""
    return f"{layout}\x1f{side}\x1f{name}\x1f{size:g}\x1f{min_size:g}"


def kind_name(kind: str) -> str:
    """The text's name in the layout, for messages."""
    return kind.split("\x1f")[2] or "text"


def deck_sizes(naturals: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The size of each kind across the deck: the smallest natural size of its texts."""
    sizes: dict[str, float] = {}
    for natural in naturals:
        for kind, size in natural.items():
            if size < sizes.get(kind, float("inf")):
                sizes[kind] = size
    return sizes


def caps_for(natural: Natural, sizes: Mapping[str, float]) -> Sizes:
    """The caps a face needs: its kinds whose deck size is below the face's natural size
    (measured roughly: not above it, as the natural size may be larger)."""
    return tuple(sorted((kind, sizes[kind]) for kind, size in natural.sizes
                        if kind in sizes and (sizes[kind] < size or not natural.exact)))


def capped_key(key: str, caps: Sizes) -> str:
    """A face drawn with caps is another drawing than the face alone."""
    if not caps:
        return key
    text = ";".join(f"{kind}={size:g}" for kind, size in caps)
    return f"{key}+{hashlib.sha256(text.encode()).hexdigest()[:16]}"


@dataclass(frozen=True)
class Outlier:
    """A card whose text needs a size well below what most cards' texts of its kind fit."""

    index: int
    kind: str
    size: float
    usual: float


def usual_sizes(naturals: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The median size of each kind on at least FEWEST_FOR_USUAL cards."""
    by_kind: dict[str, list[float]] = {}
    for natural in naturals:
        for kind, size in natural.items():
            by_kind.setdefault(kind, []).append(size)
    return {kind: statistics.median(sizes) for kind, sizes in by_kind.items()
            if len(sizes) >= FEWEST_FOR_USUAL}


def outliers(naturals: Mapping[int, Mapping[str, float]]) -> list[Outlier]:
    """Cards whose natural size is more than NOTICEABLE below the median of their kind (only
    for kinds on at least FEWEST_FOR_USUAL cards), in card order."""
    usual = usual_sizes(naturals.values())
    found = []
    for index in sorted(naturals):
        for kind, size in sorted(naturals[index].items()):
            if kind in usual and size < usual[kind] - NOTICEABLE - 1e-9:
                found.append(Outlier(index, kind, size, usual[kind]))
    return found
