"""Cards drawn in several processes at once (`-j N`), handed back in print order.

Workers are forked from the build, so they start with the deck, fonts and layouts already
loaded; each keeps one `FaceDrawer` for the whole build. The records they return are the
same bytes the build's own process would draw (see records), so the PDF is the same for any
number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import TypeVar

from ..errors import DeckError
from .cards import CardSource
from .records import NO_CAPS, CardCaps, CardRecord, FaceDrawer, Measured

T = TypeVar("T")
R = TypeVar("R")

# Below this many cards to draw, starting workers costs more than it saves.
MIN_CARDS_FOR_WORKERS = 48
CHUNK = 8  # cards per task: small enough to share the work evenly, big enough to be cheap
AHEAD = 4  # chunks handed out per worker before the first is taken: none waits for work

# The drawer of a worker process, made once when the worker starts (one per process).
_drawer: FaceDrawer | None = None


# While cards are drawn the collector runs this many allocations apart rather than 700: drawing
# makes millions of short-lived objects while the document being written keeps growing
RARE_COLLECTIONS = 20_000


@contextmanager
def rare_collections() -> Iterator[None]:
    """While a deck's cards are drawn: what is loaded so far (deck, fonts, layouts) is left out
    of garbage collection, and the collector runs less often. With Python's defaults it walked
    the whole growing heap again and again, a quarter of a 5,400-card build's time (see
    benchmarks/README.md); forked workers inherit both, and dirty fewer inherited pages."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(RARE_COLLECTIONS, previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(source: CardSource, body_font: str) -> None:
    global _drawer
    _drawer = FaceDrawer(source, body_font)


def runs_here(jobs: int, cards: int) -> bool:
    """Whether `cards` cards are drawn in this process rather than by workers."""
    return jobs <= 1 or cards < MIN_CARDS_FOR_WORKERS or \
        "fork" not in multiprocessing.get_all_start_methods()


def _in_worker(task: Callable[[FaceDrawer, list[T]], list[R]], chunk: list[T]) -> list[R]:
    assert _drawer is not None, "the worker was not started"
    return task(_drawer, chunk)


def _draw(drawer: FaceDrawer, work: list[tuple[int, CardCaps, bytes]]) -> list[CardRecord]:
    return drawer.cards(work)


def _measure(drawer: FaceDrawer, work: list[tuple[int, bool]]) -> list[Measured]:
    return [drawer.measure(index, exact) for index, exact in work]


def _in_order(pool: ProcessPoolExecutor, task: Callable[[list[T]], list[R]],
              chunks: Iterator[list[T]], ahead: int) -> Iterator[R]:
    """The results of `task` on each chunk, in order, with at most `ahead` chunks handed out
    and not yet taken: drawn records wait in memory only that long, however far the
    workers get ahead of the document taking them (`Executor.map` hands out every chunk at
    once, and thousands of finished records would wait)."""
    pending: deque[Future[list[R]]] = deque(
        pool.submit(task, chunk) for chunk in islice(chunks, ahead))
    while pending:
        results = pending.popleft().result()
        for chunk in islice(chunks, 1):
            pending.append(pool.submit(task, chunk))
        yield from results


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def draw_cards(source: CardSource, body_font: str, indexes: list[int], jobs: int,
               caps: Mapping[int, CardCaps] | None = None,
               markups: dict[int, bytes] | None = None) -> Generator[CardRecord, None, None]:
    """The records of the cards `indexes`, in that order, drawn by `jobs` processes (this one
    alone for 1, or when there are too few cards for workers to pay off), each with its
    `caps` (the deck's text sizes; none by default) and from its `markup` when it was
    rendered already (see FaceDrawer.measure). Each markup is taken out of `markups` as its
    card is handed out, so the deck's markups are let go as the cards are drawn."""
    work = ((index, caps.get(index, NO_CAPS) if caps else NO_CAPS,
             markups.pop(index, b"") if markups else b"") for index in indexes)
    return _in_processes(source, body_font, work, len(indexes), jobs, _draw)


def measure_cards(source: CardSource, body_font: str, indexes: list[int], jobs: int,
                  exact: bool = False) -> Generator[Measured, None, None]:
    """The sizes the texts of the cards `indexes` fit at, in that order (see draw_cards);
    `exact`: each text's largest (FaceDrawer.measure)."""
    return _in_processes(source, body_font, ((index, exact) for index in indexes),
                         len(indexes), jobs, _measure)


def _in_processes(source: CardSource, body_font: str, work: Iterable[T], count: int, jobs: int,
                  task: Callable[[FaceDrawer, list[T]], list[R]]) -> Generator[R, None, None]:
    """`task` done for each of the `count` items of `work` (taken as they are handed out),
    results in order: here, or by `jobs` forked processes, `CHUNK` items at a time."""
    if runs_here(jobs, count):
        drawer = FaceDrawer(source, body_font)
        for item in work:
            yield from task(drawer, [item])
        return
    context = multiprocessing.get_context("fork")  # the workers inherit what is loaded
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start,
                               initargs=(source, body_font))
    try:
        yield from _in_order(pool, partial(_in_worker, task), chunked(work), AHEAD * jobs)
    except BrokenProcessPool:
        raise DeckError("a process drawing the cards stopped before it was done (out of "
                        "memory, or ended from outside); nothing was written", None,
                        "build again; with -j 1 the cards are drawn in one process, which "
                        "needs less memory") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
