"""Python's cyclic garbage collector, tuned for appalti's processes.

By default a collection runs every 700 new container objects, and every so often
a full one walks every object alive: the tens of thousands made by importing
appalti and its libraries, and the payloads a reading of a whole city's records
decodes. None of them is ever part of a cycle to free, so at 50,000 contracts a
third of a second of ``alerts`` went to collections that found almost nothing.
As mypy and Instagram do, the objects alive at start-up are frozen out of every
collection, and the young generation is collected only every few hundred
thousand new objects: a command's whole reading then runs without a collection,
and the app still frees its cycles, in fewer, larger passes.

At exit, Python collects once more before it frees the modules: a walk of every
object still alive (some 170,000 after ``alerts`` at 50,000 contracts, a tenth of
a second or more) to free memory the system takes back a moment later. The
objects alive at exit are frozen too, so that walk finds nothing to do. A command
of the command line does not even free them (``leave``).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import NoReturn

YOUNG = 300_000
"""New container objects between two collections of the young generation: more
than ``alerts`` and ``continuity`` keep alive at once at 50,000 contracts
(a collection of that many takes about 0.1 s)."""

OLDER = 10
"""Collections of a generation between two of the next (Python's default): a
full collection still comes, after some 30 million new objects."""


_settled = False


def settle_collector() -> None:
    """Tune the collector for the rest of the process: called once, by the
    entry points, after the imports that start-up needs."""
    global _settled
    gc.freeze()
    gc.set_threshold(YOUNG, OLDER, OLDER)
    atexit.register(gc.freeze)
    _settled = True


def started() -> None:
    """Say that a command's start-up is over (its modules imported, its database
    opened): what it made lives as long as the process, and joins the objects
    no collection walks.

    A command imports most of what it needs once it has begun: its own modules,
    the database's driver. Those objects counted towards the young generation's
    threshold, 164,000 of its 300,000 on the Milan dataset, and left the reading
    too little room: at 50,000 contracts ``alerts`` on PostgreSQL crossed it and
    paid a collection of a tenth of a second that freed nothing. Only a process
    whose entry point settled the collector is changed: elsewhere (a test run, a
    library's caller) the objects alive are not the process's own."""
    if _settled:
        gc.freeze()


def leave(status: int) -> NoReturn:
    """End the process now with ``status``, its output written, without freeing
    its objects one by one: Python's own exit takes apart every module and object
    (a fifth of a second for the libraries alone, more after a whole city's
    records) to return memory the system takes back at once. As mypy does.

    For a command that is done: its database closed, its files written and
    closed. What is registered with ``atexit`` runs first (openpyxl removes its
    scratch files there).
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # the reader gone or the disk full: the command has said so already
        # (``tracker.cli.main``), and what is left cannot go anyway
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
