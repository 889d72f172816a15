"""Cards drawn in several processes at once (`-j N`), handed back in print order.

Workers are forked from the build, so they start with the deck, fonts and layouts already
loaded; each keeps one `FaceDrawer` for the whole build. The records they return are the
same bytes the build's own process would draw (see records), so the PDF is the same for any
number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import DeckError
from .cards import CardSource
from .records import CardRecord, FaceDrawer

# Below this many cards to draw, starting workers costs more than it saves.
MIN_CARDS_FOR_WORKERS = 48
CHUNK = 8  # cards per task: small enough to share the work evenly, big enough to be cheap

# The drawer of a worker process, made once when the worker starts (one per process).
_drawer: FaceDrawer | None = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(source: CardSource, body_font: str) -> None:
    global _drawer
    _drawer = FaceDrawer(source, body_font)


def _draw(indexes: list[int]) -> list[CardRecord]:
    assert _drawer is not None, "the worker was not started"
    return _drawer.cards(indexes)


def chunked(indexes: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    chunk: list[int] = []
    for index in indexes:
        chunk.append(index)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def draw_cards(source: CardSource, body_font: str, indexes: list[int],
               jobs: int) -> Generator[CardRecord, None, None]:
    """The records of the cards `indexes`, in that order, drawn by `jobs` processes (this one
    alone for 1, or when there are too few cards for workers to pay off)."""
    if jobs <= 1 or len(indexes) < MIN_CARDS_FOR_WORKERS or \
            "fork" not in multiprocessing.get_all_start_methods():
        drawer = FaceDrawer(source, body_font)
        for index in indexes:
            yield drawer.card(index)
        return
    context = multiprocessing.get_context("fork")  # the workers inherit what is loaded
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start,
                               initargs=(source, body_font))
    try:
        for records in pool.map(_draw, chunked(indexes)):
            yield from records
    except BrokenProcessPool:
        raise DeckError("a process drawing the cards stopped before it was done (out of "
                        "memory, or ended from outside); nothing was written", None,
                        "build again; with -j 1 the cards are drawn in one process, which "
                        "needs less memory") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
