"""The Milan dataset and a city's worth of contracts side by side, as a person
meets them: `alerts`, `continuity`, `list contracts`, the app's first painted
digest and a single edit, on SQLite and on PostgreSQL.

Each figure is the median of ``--runs`` new processes (start-up included) after
one run that warms the file cache, the .pyc files and the kept facts; the Milan
and the large runs of a row alternate. The single edit is timed inside its
process: the save as the app's user meets it (the file checked at start-up), its
part keeping the facts (their ``before_commit`` upkeep) and that start-up check
(SQLite's quick check of the file).

    python benchmarks/bench_facts.py [--large /tmp/gen50k.db] [--runs 3]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--no-postgresql]

``--large`` is a SQLite database made by ``appalti generate`` (copied, never
written); without it one of ``--contracts`` contracts is generated. The
PostgreSQL databases are loaded from it, then vacuumed and analysed before any
figure is taken. Without
``--pg-url`` a throwaway PostgreSQL server is started under /tmp (its binaries
in /usr/lib/postgresql/*/bin) and stopped at the end.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from sqlalchemy import create_engine, text

from benchmarks.bench_tui import first_paint
from tracker.bundled import milan_dataset_path

AS_OF = "2025-06-01"
COMMANDS = {
    "alerts": ["alerts", "--as-of", AS_OF, "--format", "json"],
    "continuity": ["continuity", "--as-of", AS_OF, "--format", "json"],
    "list contracts": ["list", "contracts", "--format", "json"],
}
DIGEST_MARKER = "CRITICAL"
"""On the first alert row painted (the summary and headings say 'critical')."""
EDIT = """
import sys, time
from datetime import timedelta
from sqlalchemy import event, text
from tracker import db
from tracker.api import Tracker
import tracker.kept.upkeep  # its listener in place before the clock's stop
upkeep = []

def time_upkeep(factory):
    # Around the kept facts' listener: the save's own rows are flushed first.
    def start(session):
        session.flush()
        upkeep.append(time.perf_counter())
    def stop(session):
        upkeep[-1] = time.perf_counter() - upkeep[-1]
    event.listen(factory, "before_commit", start, insert=True)
    event.listen(factory, "before_commit", stop)

db.SESSION_HOOKS.append(time_upkeep)
url = sys.argv[1] if "://" in sys.argv[1] else "sqlite:///" + sys.argv[1]
tracker = Tracker.open(url)
started = time.perf_counter()
tracker.check_sound()  # the app's start-up check, done before anyone saves
check = time.perf_counter() - started
with tracker.engine.connect() as connection:
    ref = connection.execute(text(
        "SELECT ref FROM contract c WHERE c.\\"end\\" IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM contract_option o WHERE o.contract_id = c.id) ORDER BY c.id"
    )).first()[0]
editable = tracker.edit_of(ref)
draft = editable.draft
# a contract without options (its end moves alone), one day later or back:
# every run is the same edit of the same contract
step = timedelta(days=1 if draft.end.day % 2 else -1)
changed = draft.model_copy(update={"end": draft.end + step, "options": []})
upkeep.clear()
started = time.perf_counter()
tracker.save(changed, original=ref, base_version=editable.version)
print(time.perf_counter() - started, sum(upkeep), check)
"""
EDIT_ROWS = ("single edit (save)", "  keeping the facts", "start-up file check")


def appalti(db: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db, *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def edit_once(db: str) -> list[float]:
    """Seconds of one save through the services in a new process, of its upkeep
    of the facts, and of the check before it (the EDIT_ROWS)."""
    out = subprocess.run(
        [sys.executable, "-c", EDIT, db],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [float(part) for part in out.strip().splitlines()[-1].split()]


def edit_medians(db: str, runs: int) -> list[float]:
    edit_once(db)  # warm the file cache and the .pyc files
    measured = [edit_once(db) for _ in range(runs)]
    return [statistics.median(column) for column in zip(*measured, strict=True)]


def first_digest(db: str) -> float:
    """Seconds from starting the app in a 120x40 tmux terminal until its first
    alert row is on the screen."""
    command = f"{sys.executable} -m tracker --lang en --as-of {AS_OF} --db '{db}'"
    # a file's own folder; a server's database (a URL) from the scratch folder
    folder = Path(tempfile.gettempdir()) if "://" in db else Path(db).parent
    return first_paint(command, DIGEST_MARKER, cwd=folder)


def medians(
    small: Callable[[], float], big: Callable[[], float], runs: int
) -> tuple[float, float]:
    """The median of ``runs`` measures of each, taken in turns: a change in the
    machine's load (another process, the server's own work) weighs on both sides
    of a ratio alike, where a row of one side, then a row of the other, would
    put it on one of them."""
    small(), big()  # warm the file cache, the .pyc files and the kept facts
    pairs = [(small(), big()) for _ in range(runs)]
    return (
        statistics.median(s for s, _ in pairs),
        statistics.median(b for _, b in pairs),
    )


def figures(backend: str, contracts: str, milan: str, large: str, runs: int) -> None:
    """Print each figure as soon as it is measured."""
    print(f"\n{backend}: median seconds of {runs} runs, a new process each")
    print(f"{'':<22} {'Milan':>8} {contracts:>12} {'ratio':>7}", flush=True)
    measures: dict[str, Callable[[str], float]] = {
        name: partial(appalti_args, args) for name, args in COMMANDS.items()
    }
    measures["first painted digest"] = first_digest
    for name, measure in measures.items():
        small, big = medians(partial(measure, milan), partial(measure, large), runs)
        row(name, small, big)
    for name, small, big in zip(
        EDIT_ROWS, edit_medians(milan, runs), edit_medians(large, runs), strict=True
    ):
        row(name, small, big)


def row(name: str, small: float, big: float) -> None:
    print(f"{name:<22} {small:>8.3f} {big:>12.3f} {big / small:>7.2f}", flush=True)


def appalti_args(args: list[str], db: str) -> float:
    return appalti(db, *args)


@contextmanager
def throwaway_postgresql() -> Iterator[str]:
    """A PostgreSQL server of its own under /tmp, on a free port; its URL."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not found:
        raise SystemExit("no PostgreSQL server binaries: pass --pg-url")
    bin_dir = Path(found[-1])
    home = Path(tempfile.mkdtemp(prefix="appalti-bench-pg-"))
    as_root = os.getuid() == 0
    if as_root:
        shutil.chown(home, "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = home / "data"
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-h 127.0.0.1 -p {port} -k {home} -c fsync=off"
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(home / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(home, ignore_errors=True)


def pg_database(server: str, name: str) -> str:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, help="a generated SQLite database")
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg-url", help="a PostgreSQL server to make databases in")
    parser.add_argument("--no-postgresql", action="store_true")
    options = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("this benchmark needs tmux (the digest is timed in it)")
    # One idle session keeps the tmux server up between runs.
    keeper = f"bench-keeper-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", keeper, "sleep 7200"], check=True
    )
    try:
        with tempfile.TemporaryDirectory(prefix="appalti-bench-") as scratch:
            run(options, Path(scratch))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)


def run(options: argparse.Namespace, scratch: Path) -> None:
    milan, large = str(scratch / "milan.db"), str(scratch / "large.db")
    appalti(milan, "load", str(milan_dataset_path()))
    if options.large is not None:
        shutil.copyfile(options.large, large)
        contracts = f"{options.large.name}"
    else:
        appalti(large, "generate", "--contracts", str(options.contracts))
        contracts = f"{options.contracts}"
    figures("SQLite", contracts, milan, large, options.runs)
    if options.no_postgresql:
        return
    servers = (
        throwaway_postgresql() if options.pg_url is None else _given(options.pg_url)
    )
    with servers as server:
        pg_milan = pg_database(server, "bench_facts_milan")
        pg_large = pg_database(server, "bench_facts_large")
        appalti(pg_milan, "load", str(milan_dataset_path()))
        dump = scratch / "large.json"
        appalti(large, "dump", str(dump))
        appalti(pg_large, "load", str(dump))
        for url in (pg_milan, pg_large):
            settled(url)
        figures("PostgreSQL", contracts, pg_milan, pg_large, options.runs)


def settled(url: str) -> None:
    """The tables just loaded vacuumed and analysed now, as the server's
    autovacuum does in the minutes after a load: otherwise it works through them
    while the figures are taken, on the same two cores."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    main()
