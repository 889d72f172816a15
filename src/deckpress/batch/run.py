"""A batch: every client's kit, in worker processes on this machine or on a dask.distributed
cluster, through the same code path (`make_kit` on each client).

Clients come from client files, folders of them and rosters. A client whose file cannot be
read, or who would write the same output folder as another, fails on its own; the others
are built.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Cell, DeckError, Where, display_path, real_path
from ..output.write import remove_leftovers
from ..source.client import LoadedClient, load_client
from ..source.roster import ClientRef, is_roster, roster_row, roster_rows, row_name
from ..source.workspace import YAML_SUFFIXES, workspace_of
from ..units import shown
from .kit import KitOptions, KitResult, KitTask, make_kit

Report = Callable[[KitResult], None]


@dataclass(frozen=True)
class Batch:
    """The kits to build, and the clients that failed before building (unreadable files,
    clashing output folders)."""

    tasks: list[KitTask]
    failed: list[KitResult]


def client_sources(items: Iterable[Path | ClientRef]) -> list[ClientRef]:
    """Client files, rosters and roster rows: those named, and the files in the folders
    named, each once (a link that leads nowhere, or to a device, is kept, to be refused by
    name rather than passed over in silence)."""
    found: dict[tuple[Path, int | None], ClientRef] = {}
    for named in items:
        item = named.path if isinstance(named, ClientRef) and named.path.is_dir() else named
        refs = [item] if isinstance(item, ClientRef) else \
            [ClientRef(path) for path in sorted(item.iterdir()) if not path.is_dir() and (
                path.suffix.lower() in YAML_SUFFIXES or is_roster(path))] \
            if item.is_dir() else [ClientRef(item)]
        for ref in refs:
            found.setdefault((real_path(ref.path), ref.row), ref)
    return list(found.values())


def plan_batch(items: Iterable[Path | ClientRef], options: KitOptions) -> Batch:
    """One task per client; a client that cannot be loaded is a failed result instead.
    Each client belongs to the workspace its file or roster is in."""
    loaded: list[tuple[Path, LoadedClient]] = []
    failed: list[KitResult] = []
    seen: set[tuple[Path, int | None]] = set()
    for ref in client_sources(items):
        source = ref.path
        for client in _clients(ref, workspace_of(source)):
            if isinstance(client, DeckError):
                failed.append(KitResult(_slug(client.where, source),
                                        failed_name(client.where, source), "failed",
                                        error=client.format()))
            elif _place(client) not in seen:  # a client named twice is built once
                seen.add(_place(client))
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
        cell = client.where().cell
        tasks.append(KitTask(source.resolve(), client.slug, workspace_of(source).resolve(),
                             options, cell.row if cell is not None else None))
    return Batch(tasks, failed)


def _place(client: LoadedClient) -> tuple[Path, int | None]:
    """Which client this is: its file, and in a roster its row."""
    cell = client.where().cell
    return real_path(client.path), cell.row if cell is not None else None


def _clients(ref: ClientRef, workspace: Path) -> list[LoadedClient | DeckError]:
    try:
        if ref.row is not None:
            return [roster_row(ref.path, workspace, ref.row)]
        if is_roster(ref.path):
            return roster_rows(ref.path, workspace)
        return [load_client(ref.path, workspace)]
    except DeckError as error:
        return [error]


def _slug(where: Where, source: Path) -> str:
    return source.stem if where.cell is None else f"{source.stem} row {where.cell.row}"


def failed_name(where: Where, source: Path) -> str:
    """Who a client that could not be loaded is, as the summary names them: a client file by
    its name (the output folder's), a roster's row by the name written in it, else by the
    roster and the row ("clients/roster.csv, row 4")."""
    if where.cell is None:
        return source.stem
    return row_name(source, where.cell.row) or display_path(source) + \
        Cell(where.cell.row, None, where.cell.sheet).describe()


@dataclass(frozen=True)
class Ran:
    """The results in the order of the tasks; `interrupted` if Ctrl-C stopped the batch (the
    kits not built then are not among the results, and were left as they were)."""

    results: list[KitResult]
    interrupted: bool = False


def run_batch(tasks: list[KitTask], jobs: int = 0, scheduler: str | None = None,
              report: Report | None = None) -> Ran:
    """Every kit, each result reported as it comes; `jobs` worker processes (0: one per
    core, 1: in this process), or the dask.distributed scheduler at `scheduler`."""
    results = []
    interrupted = False
    try:
        for result in _results(tasks, jobs, scheduler):
            results.append(result)
            if report is not None:
                report(result)
    except KeyboardInterrupt:
        interrupted = True
        for workspace in {task.workspace for task in tasks}:  # a kit stopped half-way
            remove_leftovers(workspace / "output", own=True)
    order = {task.slug: number for number, task in enumerate(tasks)}
    return Ran(sorted(results, key=lambda result: order.get(result.slug, len(order))),
               interrupted)


def _results(tasks: list[KitTask], jobs: int, scheduler: str | None) -> Iterator[KitResult]:
    if scheduler is not None:
        yield from on_cluster(tasks, scheduler)
        return
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(tasks) <= 1:
        yield from (make_kit(task) for task in tasks)
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)))
    try:
        yield from _collect(pool, tasks)
    except BaseException:  # Ctrl-C, or the caller stopped: kits not yet begun are not begun
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _collect(executor: Executor, tasks: list[KitTask]) -> Iterator[KitResult]:
    futures = [executor.submit(make_kit, task) for task in tasks]
    for future in as_completed(futures):
        yield future.result()


CLUSTER_HINT = ("check the address, and that `dask scheduler` runs there (with workers started "
                "by `dask worker ADDRESS`)")


def on_cluster(tasks: list[KitTask], scheduler: str | Any) -> Iterator[KitResult]:
    """The kits built by a dask.distributed cluster: `scheduler` is its address
    (tcp://host:8786) or a connected client. Workers must see the workspace at the same path
    (a shared file system)."""
    try:
        from distributed import as_completed as completed
    except ImportError:
        raise DeckError("running on a cluster needs dask.distributed, which is not installed",
                        None, 'install it with: pip install "deckpress[cluster]"') from None
    client = connect(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        futures = client.map(make_kit, tasks, pure=False)
        for future in completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
    finally:
        if isinstance(scheduler, str):
            client.close()


def connect(address: str) -> Any:
    """A client of the dask scheduler at `address`, or a DeckError within about 15 seconds
    (something that answers but is no dask scheduler included), before any kit is touched."""
    import dask
    from distributed import Client

    check_reachable(address)
    timeouts = {"distributed.comm.timeouts.connect": "10s", "distributed.comm.timeouts.tcp": "15s"}
    try:
        with dask.config.set(timeouts):
            kind = asyncio.run(asyncio.wait_for(_identity(address), 15))
            if kind != "Scheduler":
                raise ValueError(f"it says it is a {kind}" if kind else "it does not say what "
                                 "it is")
            return Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except Exception as error:  # dask says "no" in many ways: each is this one message
        reason = "no answer a dask scheduler would give within 15 s" \
            if isinstance(error, TimeoutError) else \
            str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DeckError(f"no dask scheduler answered at {address}: {shown(reason, 120)}", None,
                        CLUSTER_HINT) from None


async def _identity(address: str) -> str | None:
    """What the server at `address` says it is, asked as dask asks (a web server or another
    service answers nothing dask can read, and is not waited for past the timeout)."""
    from distributed.comm.core import connect as open_comm

    comm = await open_comm(address, timeout="10s")  # type: ignore[no-untyped-call]
    try:
        await comm.write({"op": "identity"})
        reply = await comm.read()
    finally:
        comm.abort()
    return reply.get("type") if isinstance(reply, dict) else None


SCHEMES = ("tcp", "tls", "inproc")


def scheduler_place(address: str) -> tuple[str, int] | None:
    """(host, port) of a scheduler address (tcp://HOST:PORT, tls://HOST:PORT, or HOST:PORT as
    dask reads it); None for dask's in-process transport (inproc://, for tests). ValueError if
    it is not such an address."""
    scheme, _, place = address.rpartition("://")
    if scheme == "inproc":
        return None
    host, _, port = place.rpartition(":")
    if scheme not in ("", *SCHEMES) or not host or not port.isdigit() \
            or not 0 < int(port) < 65536:
        raise ValueError(f"{address!r} is not a scheduler address: write it as tcp://HOST:PORT "
                         "(or tls://HOST:PORT), e.g. tcp://10.0.0.5:8786")
    return host.strip("[]"), int(port)


def check_reachable(address: str) -> None:
    """Refuse an address where nothing answers, at once (dask itself retries until its
    timeout)."""
    try:
        place = scheduler_place(address)
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
                        CLUSTER_HINT) from None
