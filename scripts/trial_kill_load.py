"""kill -9 a first ``appalti load`` at random moments, and an upgrade of an existing
database; afterwards there must be either no database or a complete, sound one.

    python scripts/trial_kill_load.py --trials 50          # first loads
    python scripts/trial_kill_load.py --trials 50 --upgrade # upgrades of a database

Prints the counts: complete, absent, broken (broken must be 0), and at which
moment the kills fell (before the temporary database existed, while it was being
migrated and loaded, after the process had finished).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tracker.bundled import milan_dataset_path
from tracker.dataset import read_dataset_file

MILAN = milan_dataset_path()
SECTIONS = ("programmes", "services", "organisations", "tenders", "contracts")
TABLES = {
    "programmes": "programme",
    "services": "service",
    "organisations": "organisation",
    "tenders": "tender",
    "contracts": "contract",
}


def load_command(target: Path) -> list[str]:
    return [sys.executable, "-m", "tracker", "load", str(MILAN), "--db", str(target)]


def expected_counts() -> dict[str, int]:
    dataset = read_dataset_file(MILAN)
    return {TABLES[name]: len(getattr(dataset, name)) for name in SECTIONS}


def classify(target: Path, expected: dict[str, int]) -> str:
    """ "absent", "complete" (appalti check passes and the counts are the
    dataset's), or "broken"."""
    from tracker.health import check_database

    if not target.exists():
        return "absent"
    try:
        report = check_database(f"sqlite:///{target}")
    except Exception:
        return "broken"
    if not report.ok:
        return "broken"
    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in expected
        }
    finally:
        connection.close()
    return "complete" if counts == expected else "broken"


def _building(folder: Path, name: str) -> bool:
    return any(folder.glob(f".{name}.*.new"))


def _phase(process: subprocess.Popen[bytes], target: Path) -> str:
    """Kill -9 ``process`` now; the moment of its work the kill fell on."""
    building = _building(target.parent, target.name)
    placed = target.exists()
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if finished:
        return "after it finished"
    if placed:
        return "after the database was in place"
    return "while building" if building else "before building"


def kill_after(command: list[str], delay: float, target: Path) -> str:
    """Start ``command``, kill -9 it ``delay`` seconds in; the phase it was in."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    return _phase(process, target)


def kill_while_building(command: list[str], window: float, target: Path) -> str:
    """Kill -9 a random moment after the temporary database appears (migration)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while not _building(target.parent, target.name) and process.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.001)
    time.sleep(random.uniform(0, window))
    return _phase(process, target)


def timed_load(folder: Path) -> float:
    target = folder / "timing.db"
    started = time.perf_counter()
    subprocess.run(load_command(target), check=True, capture_output=True)
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def first_load_trials(
    trials: int, folder: Path, seed: int
) -> tuple[Counter[str], Counter[str]]:
    """Half the kills at a random moment of the whole run, half while the
    temporary database is being migrated and loaded."""
    random.seed(seed)
    expected = expected_counts()
    whole = timed_load(folder)
    outcomes: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    for trial in range(trials):
        target = folder / f"trial-{trial}.db"
        if trial % 2:
            phase = kill_while_building(load_command(target), whole * 0.6, target)
        else:
            phase = kill_after(
                load_command(target), random.uniform(0, whole * 1.1), target
            )
        phases[phase] += 1
        outcomes[classify(target, expected)] += 1
    return outcomes, phases


def upgrade_trials(
    trials: int, folder: Path, seed: int
) -> tuple[Counter[str], Counter[str]]:
    """Kill an upgrade from the previous schema revision; afterwards the database is
    at the old revision or the new one, sound, and appalti opens it."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from tracker.db import alembic_config, make_engine

    random.seed(seed)
    outcomes: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    template = folder / "old.db"
    engine = make_engine(f"sqlite:///{template}")
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    command.upgrade(config, previous)
    engine.dispose()
    listing = [sys.executable, "-m", "tracker", "list", "tenders", "--db"]
    started = time.perf_counter()
    scratch = folder / "timing.db"
    scratch.write_bytes(template.read_bytes())
    timing = subprocess.run([*listing, str(scratch)], capture_output=True, text=True)
    if timing.returncode != 0:
        raise SystemExit(f"the upgrade itself fails: {timing.stderr}")
    whole = time.perf_counter() - started
    window = _upgrade_seconds(template, folder / "window.db", head)
    for trial in range(trials):
        target = folder / f"upgrade-{trial}.db"
        target.write_bytes(template.read_bytes())
        process = subprocess.Popen(
            [*listing, str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if trial % 2:
            _wait_for_journal(process, target)
            time.sleep(random.uniform(0, window))
        else:
            time.sleep(random.uniform(0, whole))
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        phases["after it finished" if finished else "during the run"] += 1
        outcomes[_revision_outcome(target, previous, head, listing)] += 1
    return outcomes, phases


def _upgrade_seconds(template: Path, scratch: Path, head: str) -> float:
    from alembic import command

    from tracker.db import alembic_config, make_engine

    scratch.write_bytes(template.read_bytes())
    engine = make_engine(f"sqlite:///{scratch}")
    started = time.perf_counter()
    command.upgrade(alembic_config(engine), head)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def _wait_for_journal(process: subprocess.Popen[bytes], target: Path) -> None:
    """Until the upgrade starts writing: its journal appears next to the file."""
    journals = [target.with_name(target.name + side) for side in ("-journal", "-wal")]
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        if any(journal.exists() for journal in journals):
            return
        time.sleep(0.0005)


def _revision_outcome(
    target: Path, previous: str, head: str, listing: list[str]
) -> str:
    connection = sqlite3.connect(target)
    try:
        sound = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (revision,) = connection.execute(
            "SELECT version_num FROM alembic_version"
        ).fetchone()
    finally:
        connection.close()
    if not sound or revision not in (previous, head):
        return "broken"
    opened = subprocess.run([*listing, str(target)], capture_output=True, text=True)
    if opened.returncode != 0:
        return "broken"
    from tracker.health import check_database

    if not check_database(f"sqlite:///{target}").ok:
        return "broken"
    return "old revision" if revision == previous else "new revision"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--upgrade", action="store_true", help="kill upgrades instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="appalti-kill-") as scratch:
        run = upgrade_trials if args.upgrade else first_load_trials
        outcomes, phases = run(args.trials, Path(scratch), args.seed)
    kind = "upgrades" if args.upgrade else "first loads"
    print(f"{args.trials} {kind} killed with SIGKILL")
    print("  killed: " + ", ".join(f"{k} {v}" for k, v in sorted(phases.items())))
    print("  afterwards: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"  broken: {outcomes['broken']}")
    return 1 if outcomes["broken"] else 0


if __name__ == "__main__":
    sys.exit(main())
