"""Two processes save the same contract at once: count what was saved, what was
refused as a conflict, and what was lost (a saved change undone by the other).

Each process opens the contract, changes its own field (one the title, the other
the note) and saves it with the version it read, ``--saves`` times. A save based
on a stale read must be refused; a saved change must never be undone. A change is
lost when the other process's save writes that field back: the history shows it,
and the last value each process saved must be the one in the database.

    python scripts/trial_concurrent_saves.py --saves 100
    python scripts/trial_concurrent_saves.py --saves 100 --unchecked   # no version:
        # what happens without the check (the control)

PostgreSQL is tried too when APPALTI_TEST_PG_URL names a server (a database is
created for the trial and dropped after it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker.api import ConflictError, Tracker
from tracker.bundled import milan_dataset_path

CONTRACT = "LOR-2019-C1"
FIELDS = {"writer-a": "title", "writer-b": "note"}


@dataclass(frozen=True)
class Counts:
    saved: int
    refused: int
    lost: int


def _writer(
    url: str, name: str, saves: int, checked: bool, start: Any, out: Any
) -> None:
    """One person saving the contract ``saves`` times, each time with a new value
    of their own field; reports what it saved and how many saves were refused."""
    tracker = Tracker.open(url, actor=name)
    field = FIELDS[name]
    saved: list[str] = []
    refused = 0
    try:
        start.wait()
        for attempt in range(saves):
            opened = tracker.edit_of(CONTRACT)
            value = f"{name} {attempt}"
            draft = opened.draft.model_copy(update={field: value, "options": []})
            try:
                tracker.save_contract(
                    draft,  # type: ignore[arg-type]
                    original=CONTRACT,
                    base_version=opened.version if checked else None,
                )
            except ConflictError:
                refused += 1
                continue
            saved.append(value)
    finally:
        tracker.close()
    out.put((name, saved, refused))


def run_trial(url: str, *, saves: int, checked: bool = True) -> Counts:
    """Load the Milan dataset at ``url`` and run the two writers on it."""
    setup = Tracker.open(url, actor="setup")
    try:
        setup.load_file(milan_dataset_path())
    finally:
        setup.close()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    out = context.Queue()
    workers = [
        context.Process(target=_writer, args=(url, name, saves, checked, start, out))
        for name in FIELDS
    ]
    for worker in workers:
        worker.start()
    start.set()
    results = {}
    for _ in workers:
        name, saved, refused = out.get(timeout=600)
        results[name] = (saved, refused)
    for worker in workers:
        worker.join()
    return _count(url, results)


def _count(url: str, results: dict[str, tuple[list[str], int]]) -> Counts:
    tracker = Tracker.open(url, actor="counter")
    try:
        final = tracker.draft_of(CONTRACT)
        history = [
            c
            for c in tracker.get_record(CONTRACT).history
            if c.entity == "contract" and c.action == "update"
        ]
    finally:
        tracker.close()
    lost = 0
    for name, field in FIELDS.items():
        # the other writer wrote this one's field: it put back a value it had read
        lost += sum(
            1 for c in history if c.actor != name and field in json.loads(c.changes)
        )
        saved = results[name][0]
        if saved and getattr(final, field) != saved[-1]:
            lost += 1
    return Counts(
        saved=sum(len(saved) for saved, _ in results.values()),
        refused=sum(refused for _, refused in results.values()),
        lost=lost,
    )


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'trial.db'}"


def _pg_trial(admin_url: str, saves: int, checked: bool) -> Counts:
    name = f"appalti_trial_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(admin_url).set(database=name)
        return run_trial(
            url.render_as_string(hide_password=False), saves=saves, checked=checked
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=100, help="saves per process")
    parser.add_argument(
        "--unchecked",
        action="store_true",
        help="save without the version read (the control: shows what is lost)",
    )
    args = parser.parse_args(argv)
    checked = not args.unchecked
    print(f"2 processes x {args.saves} saves of {CONTRACT}, checked={checked}")
    with tempfile.TemporaryDirectory() as folder:
        counts = run_trial(_sqlite_url(Path(folder)), saves=args.saves, checked=checked)
    print(
        f"sqlite:     saved {counts.saved}, refused {counts.refused}, lost {counts.lost}"
    )
    admin_url = os.environ.get("APPALTI_TEST_PG_URL")
    if admin_url:
        counts = _pg_trial(admin_url, args.saves, checked)
        print(
            f"postgresql: saved {counts.saved}, refused {counts.refused}, "
            f"lost {counts.lost}"
        )
    else:
        print("postgresql: skipped (set APPALTI_TEST_PG_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
