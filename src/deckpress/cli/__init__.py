"""Stage on top: the `deckpress` command, a thin layer over the pipeline.

params.py checks and completes what is typed, console.py says what happened and how a failure
ends (exit codes 1, 2, 3), commands.py holds the commands.
"""

from .commands import main

__all__ = ["main"]
