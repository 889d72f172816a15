"""The `deckpress` command: a stop asked for (Ctrl-C, SIGTERM) while the program is still
starting up ends it quietly with exit code 130, as one asked for later does; nothing has been
written by then."""

from __future__ import annotations

import signal
import sys

from .errors import INTERRUPTED


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        from .cli import main  # click and the options; each command loads its own libraries
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)
    try:
        main()
    except KeyboardInterrupt:  # in the moment before the command's own handling begins
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    run()
