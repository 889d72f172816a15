"""A batch: every client's kit, in worker processes on this machine or on a dask.distributed
cluster, through the same code path (`make_kit` on each client).

Clients come from client files, folders of them and rosters. A client whose file cannot be
read, or who would write the same output folder as another, fails on its own; the others
are built.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DeckError, Where
from ..source.client import LoadedClient, load_client
from ..source.roster import is_roster, roster_rows
from ..source.workspace import YAML_SUFFIXES, workspace_of
from .kit import KitOptions, KitResult, KitTask, make_kit

Report = Callable[[KitResult], None]


@dataclass(frozen=True)
class Batch:
    """The kits to build, and the clients that failed before building (unreadable files,
    clashing output folders)."""

    tasks: list[KitTask]
    failed: list[KitResult]


def client_sources(paths: Iterable[Path]) -> list[Path]:
    """Client files and rosters: the files named, and those in the folders named."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(item for item in path.iterdir() if item.is_file() and (
                item.suffix.lower() in YAML_SUFFIXES or is_roster(item)))
        else:
            found.append(path)
    return found


def plan_batch(paths: Iterable[Path], options: KitOptions) -> Batch:
    """One task per client; a client that cannot be loaded is a failed result instead.
    Each client belongs to the workspace its file or roster is in."""
    loaded: list[tuple[Path, LoadedClient]] = []
    failed: list[KitResult] = []
    for source in client_sources(paths):
        for client in _clients(source, workspace_of(source)):
            if isinstance(client, DeckError):
                failed.append(KitResult(_slug(client.where, source), _slug(client.where, source),
                                        "failed", error=client.format()))
            else:
                loaded.append((source, client))
    by_slug: dict[str, list[LoadedClient]] = {}
    for _, client in loaded:
        by_slug.setdefault(client.slug, []).append(client)
    tasks = []
    for source, client in loaded:
        same = by_slug[client.slug]
        if len(same) > 1:
            others = ", ".join(other.where().describe() for other in same if other is not client)
            error = DeckError(f"another client would write the same output folder "
                              f"output/{client.slug}/ ({others})", client.where(),
                              "give one of them another file name (or, in a roster, another "
                              "name or an 'id' column)")
            failed.append(KitResult(client.slug, client.client.name, "failed",
                                    error=error.format()))
            continue
        tasks.append(KitTask(source, client.slug, workspace_of(source), options))
    return Batch(tasks, failed)


def _clients(source: Path, workspace: Path) -> list[LoadedClient | DeckError]:
    try:
        if is_roster(source):
            return roster_rows(source, workspace)
        return [load_client(source, workspace)]
    except DeckError as error:
        return [error]


def _slug(where: Where, source: Path) -> str:
    return source.stem if where.cell is None else f"{source.stem} row {where.cell.row}"


def run_batch(tasks: list[KitTask], jobs: int = 0, scheduler: str | None = None,
              report: Report | None = None) -> list[KitResult]:
    """Every kit, each result reported as it comes; `jobs` worker processes (0: one per
    core, 1: in this process), or the dask.distributed scheduler at `scheduler`."""
    results = []
    for result in _results(tasks, jobs, scheduler):
        results.append(result)
        if report is not None:
            report(result)
    order = {task.slug: number for number, task in enumerate(tasks)}
    return sorted(results, key=lambda result: order.get(result.slug, len(order)))


def _results(tasks: list[KitTask], jobs: int, scheduler: str | None) -> Iterator[KitResult]:
    if scheduler is not None:
        yield from on_cluster(tasks, scheduler)
        return
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(tasks) <= 1:
        yield from (make_kit(task) for task in tasks)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        yield from _collect(pool, tasks)


def _collect(executor: Executor, tasks: list[KitTask]) -> Iterator[KitResult]:
    futures = [executor.submit(make_kit, task) for task in tasks]
    for future in as_completed(futures):
        yield future.result()


def on_cluster(tasks: list[KitTask], scheduler: str | Any) -> Iterator[KitResult]:
    """The kits built by a dask.distributed cluster: `scheduler` is its address
    (tcp://host:8786) or a connected client. Workers must see the workspace at the same path
    (a shared file system)."""
    try:
        from distributed import Client
        from distributed import as_completed as completed
    except ImportError:
        raise DeckError("running on a cluster needs dask.distributed, which is not installed",
                        None, 'install it with: pip install "deckpress[cluster]"') from None
    client: Any = scheduler
    if isinstance(scheduler, str):
        check_reachable(scheduler)
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as error:
            raise DeckError(f"cannot reach the scheduler at {scheduler}: {error}", None,
                            "check the address, and that `dask scheduler` runs there "
                            "(with workers started by `dask worker ADDRESS`); workers must "
                            "see the workspace at the same path") from None
    try:
        futures = client.map(make_kit, tasks, pure=False)
        for future in completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
    finally:
        if isinstance(scheduler, str):
            client.close()


def tcp_place(address: str) -> tuple[str, int] | None:
    """(host, port) of a TCP scheduler address (tcp://HOST:PORT, or HOST:PORT as dask reads
    it); None for other transports (tls://, inproc://), which are left to dask. ValueError if
    it is not an address."""
    scheme, _, place = address.rpartition("://")
    if scheme not in ("", "tcp"):
        return None
    host, _, port = place.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{address!r} is not a scheduler address: write it as tcp://HOST:PORT, "
                         "e.g. tcp://10.0.0.5:8786")
    return host.strip("[]"), int(port)


def check_reachable(address: str) -> None:
    """Refuse a TCP scheduler address that answers nothing, at once (dask itself retries until
    its timeout), before any kit is touched."""
    try:
        place = tcp_place(address)
    except ValueError as error:
        raise DeckError(str(error), None, "see deckpress batch --help") from None
    if place is None:
        return
    try:
        with socket.create_connection(place, timeout=5):
            pass
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise DeckError(f"cannot reach the scheduler at {address}: {reason}", None,
                        "check the address, and that `dask scheduler` runs there (with "
                        "workers started by `dask worker ADDRESS`)") from None
