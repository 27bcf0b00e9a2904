"""Hostile datasets through the real loader: every one is refused with a clear
message or loaded whole, never a traceback, an internal error or a partial write.

Each example is the Milan dataset mutated (wrong types, extreme dates, huge numbers,
control characters, deep nesting, unknown references, duplicates, missing fields),
a document of random JSON, or a damaged file; it is loaded with the command line,
``appalti load FILE --db DB``, into a real database: a new SQLite file, an existing
SQLite file, and on PostgreSQL a new empty database or an existing one. A refused
load must leave an existing database as it was (the same bytes on SQLite, the same
rows on PostgreSQL) and no new file; an accepted one must then give alerts,
continuity and a dump. A refused first load into an empty PostgreSQL database
leaves the empty tables it made (no record): that is counted apart.

    python scripts/fuzz_loader.py --examples 1000 [--backend sqlite|postgresql]

PostgreSQL needs ``--pg URL`` or ``APPALTI_TEST_PG_URL`` (a server URL whose user may
create databases); the databases made are dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tracker.bundled import milan_dataset_path
from tracker.cli import main as appalti

MILAN: dict[str, Any] = json.loads(milan_dataset_path().read_text(encoding="utf-8"))
PG_ENV = "APPALTI_TEST_PG_URL"
AS_OF = ("1900-01-01", "2023-01-17", "2199-12-31")

# A small dataset already in the "existing" databases: its refs differ from Milan's,
# so that a mutated Milan can be accepted into it as well as refused.
BASE: dict[str, Any] = {
    "format": "appalti-dataset",
    "version": 1,
    "programmes": [{"ref": "FUZZ-PRG", "name": "Programma"}],
    "neighbourhoods": [{"ref": "FUZZ-Q", "name": "Quartiere"}],
    "services": [
        {
            "ref": "FUZZ-SRV",
            "name": "Servizio",
            "neighbourhood": "FUZZ-Q",
            "required_from": "2020-01-01",
        }
    ],
    "organisations": [{"ref": "FUZZ-ORG", "name": "Cooperativa"}],
    "contracts": [
        {
            "ref": "FUZZ-C",
            "title": "Contratto",
            "supplier": "FUZZ-ORG",
            "services": ["FUZZ-SRV"],
            "start": "2020-01-01",
            "months": 24,
        }
    ],
}

# --- hostile values -----------------------------------------------------------

DATES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "2023-02-29",
    "2023-13-01",
    "20230117",
    "17/01/2023",
    "2023-01-17T10:00:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "2199-12-31T23:30:00-05:00",
    "1900-01-01T00:30:00+01:00",
]
EDGE_DAYS = ["1900-01-01", "1900-01-31", "2199-12-01", "2199-12-31"]
EDGE_MOMENTS = ["1900-01-01T00:00:00Z", "2199-12-31T23:59:59+00:00"]
HISTORY_ENTRY: dict[str, Any] = {
    "at": "2023-01-17T08:30:00Z",
    "actor": "rup",
    "action": "create",
    "entity": "programme",
    "record_id": 1,
    "ref": "CDQ2",
    "subject_kind": "programme",
    "subject": "CDQ2",
    "subject_version": 1,
    "changes": "{}",
}
TEXTS = [
    "",
    " ",
    "\x00",
    "Coop\x00 sociale",
    "\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07",
    "a\rb",
    "a\nb",
    "a\tb",
    "\x85\x9b",
    "abc\u202egpj.exe",
    "\u2066x\u2069",
    "\ud800",
    "Coop [/] sociale [@click=app.quit]",
    "<b>&amp;</b>",
    "LOR-2019-C1",
    "NOPE-1",
    "nope lower",
    "1e5",
    "-0",
    "99999999999999999999999999.99",
    "0.001",
    "-100.00",
    "12345678901",
    "01199250158",
    "IT01199250158",
    "x" * 41,
    "x" * 501,
    "y" * 100_000,
]
AMOUNTS = [
    "0",
    "-0",
    "0.001",
    "-100.00",
    "100",
    "100.01",
    "99.995",
    "9999999999999.99",
    "99999999999999.99",
    "9" * 40,
    "1e5",
    "0" * 50 + "1",
]
NUMBERS = [
    0,
    -1,
    1,
    99,
    100,
    101,
    9999,
    2**31,
    2**63,
    -(2**63) - 1,
    10**30,
    10**300,
    0.5,
    1e308,
    -0.0,
    True,
    False,
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
hostile_values = st.one_of(
    st.sampled_from(DATES),
    st.sampled_from(TEXTS),
    st.sampled_from(NUMBERS),
    st.integers(),
    st.text(max_size=30),
    st.sampled_from([None, [], {}, [None], {"": None}]),
    st.integers(min_value=33, max_value=200).map(lambda n: _deep(n)),
    json_values,
)


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


# --- mutations of a document ----------------------------------------------------

Path_ = tuple[str | int, ...]


def _paths(node: Any, here: Path_ = ()) -> Iterator[Path_]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*here, index))


def _get(doc: Any, path: Path_) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _refs(doc: Any) -> list[str]:
    return [
        value
        for path in _paths(doc)
        if path and path[-1] == "ref" and isinstance(value := _get(doc, path), str)
    ]


@st.composite
def _mutate(draw: st.DrawFn, doc: dict[str, Any]) -> None:
    """One change to ``doc`` in place."""
    paths = [p for p in _paths(doc) if p]
    kind = draw(
        st.sampled_from(
            [
                "set",
                "set",
                "set",
                "date",
                "like",
                "like",
                "edge",
                "edge",
                "text",
                "delete",
                "duplicate",
                "unknown_ref",
                "extra_field",
                "silence",
                "history",
                "history",
                "far_record",
            ]
        )
    )
    if kind in ("set", "delete", "extra_field"):
        path = draw(st.sampled_from(paths))
        parent, key = _get(doc, path[:-1]), path[-1]
        if kind == "set":
            parent[key] = draw(hostile_values)
        elif kind == "delete":
            del parent[key]
        else:
            target = _get(doc, path)
            if isinstance(target, dict):
                target[draw(st.sampled_from(["importo", "ref", "x", ""]))] = draw(
                    hostile_values
                )
    elif kind == "like":  # a value of the same kind, at or past its limits
        leaves = [p for p in paths if isinstance(_get(doc, p), str | int)]
        if leaves:
            path = draw(st.sampled_from(leaves))
            current = _get(doc, path)
            if isinstance(current, bool | int):
                values: list[Any] = NUMBERS
            elif re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", current):
                values = AMOUNTS
            elif current[:2] in ("19", "20"):
                values = DATES
            else:
                values = TEXTS
            _get(doc, path[:-1])[path[-1]] = draw(st.sampled_from(values))
    elif kind == "edge":  # a day at either end of the calendar, still a valid one
        days = [p for p in paths if isinstance(_get(doc, p), str)]
        days = [p for p in days if _get(doc, p)[:2] in ("19", "20")]
        if days:
            path = draw(st.sampled_from(days))
            edges = EDGE_MOMENTS if "T" in _get(doc, path) else EDGE_DAYS
            _get(doc, path[:-1])[path[-1]] = draw(st.sampled_from(edges))
    elif kind in ("date", "text"):
        wanted = [
            p
            for p in paths
            if isinstance(_get(doc, p), str)
            and (_get(doc, p)[:2] in ("19", "20")) == (kind == "date")
        ]
        if wanted:
            path = draw(st.sampled_from(wanted))
            values = DATES if kind == "date" else TEXTS
            _get(doc, path[:-1])[path[-1]] = draw(st.sampled_from(values))
    elif kind == "duplicate":
        lists = [p for p in [(), *paths] if isinstance(_get(doc, p), list)]
        lists = [p for p in lists if _get(doc, p)]
        if lists:
            path = draw(st.sampled_from(lists))
            items = _get(doc, path)
            items.append(copy.deepcopy(draw(st.sampled_from(items))))
    elif kind == "unknown_ref":
        refs = [p for p in paths if isinstance(_get(doc, p), str) and p[-1] != "ref"]
        refs = [p for p in refs if _get(doc, p) in set(_refs(doc))]
        if refs:
            path = draw(st.sampled_from(refs))
            _get(doc, path[:-1])[path[-1]] = draw(
                st.sampled_from(["NOPE-1", "LOR-2099", "", "lor-2019"])
            )
    elif kind == "history":  # a dump's history, with one field hostile
        entry = dict(HISTORY_ENTRY)
        field = draw(st.sampled_from([*HISTORY_ENTRY, "extra"]))
        entry[field] = draw(
            st.one_of(
                hostile_values,
                st.sampled_from([2**31, 2**63, -(2**63), 10**20, *DATES]),
            )
        )
        doc.setdefault("history", []).append(entry)
    elif kind == "silence":
        names = _refs(doc) or ["NOPE"]
        key = draw(st.sampled_from([*names, "NOPE-1", "x", "a" * 121])) + draw(
            st.sampled_from(["", "/end", "/start", "/continuity_gap", "/x", "/"])
        )
        moment = draw(st.sampled_from([*DATES, "2023-01-17T10:00:00+01:00"]))
        if draw(st.booleans()):
            doc.setdefault("acknowledgements", []).append(
                {"key": key, "at": moment, "actor": "fuzz"}
            )
        else:
            doc.setdefault("snoozes", []).append(
                {
                    "key": key,
                    "until": draw(st.sampled_from(DATES)),
                    "at": moment,
                    "actor": "fuzz",
                }
            )
    else:  # a record at the edges: a contract and its options near 2199
        start = draw(st.sampled_from(["1900-01-01", "2199-01-01", "2199-12-31"]))
        months = draw(st.sampled_from([1, 11, 12, 13, 1200]))
        doc.setdefault("contracts", []).append(
            {
                "ref": "FUZZ-FAR",
                "title": "Ai limiti",
                "start": start,
                "months": months,
                "options": [
                    {
                        "ref": "FUZZ-FAR-R1",
                        "kind": "renewal",
                        "state": draw(st.sampled_from(["planned", "exercised"])),
                        "months": draw(st.sampled_from([1, 12, 1200])),
                    }
                ],
            }
        )
        doc.setdefault("deadlines", []).append(
            {
                "ref": "FUZZ-D",
                "title": "Ogni mese",
                "due": start,
                "lead_days": draw(st.sampled_from([0, 3650])),
                "recurrence": draw(st.sampled_from(["monthly", "yearly", "none"])),
            }
        )


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    """The bytes of a dataset file a careless or hostile person could give."""
    kind = draw(st.sampled_from(["milan"] * 8 + ["random", "damaged"]))
    if kind == "random":
        return json.dumps(draw(json_values)).encode()
    doc = copy.deepcopy(MILAN)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        draw(_mutate(doc))
    data = json.dumps(doc, ensure_ascii=draw(st.booleans())).encode(
        "utf-8", "surrogatepass"
    )
    if kind == "damaged":
        damage = draw(st.sampled_from(["truncate", "bytes", "number", "bom", "deep"]))
        at = draw(st.integers(min_value=0, max_value=len(data)))
        if damage == "truncate":
            data = data[:at]
        elif damage == "bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif damage == "number":
            data = data.replace(b'"version": 1', b'"version": 1' + b"0" * 5000, 1)
        elif damage == "bom":
            data = b"\xef\xbb\xbf" + data
        else:
            depth = draw(st.sampled_from([33, 1_000, 100_000]))
            data = b'{"programmes": ' + b"[" * depth + b"]" * depth + b"}"
    return data


# --- targets ----------------------------------------------------------------------


def quiet_cli(*argv: str) -> tuple[int, str, str, bool]:
    """Run the command line in this process: status, stdout, stderr, and whether an
    exception escaped it."""
    out, err = io.StringIO(), io.StringIO()
    escaped = False
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = appalti(list(argv))
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:  # counted: this is what the fuzzing looks for
            import traceback

            traceback.print_exc()
            escaped = True
            status = 1
    return status, out.getvalue(), err.getvalue(), escaped


class Targets:
    """Where the examples are loaded: fresh databases made from templates."""

    def __init__(self, backend: str, folder: Path, pg_url: str | None) -> None:
        self.backend = backend
        self.folder = folder
        self.pg_url = pg_url
        self.made: list[str] = []
        self._count = 0
        base = folder / "base.json"
        base.write_text(json.dumps(BASE), encoding="utf-8")
        if backend == "sqlite":
            self.template = folder / "template.db"
            status, _, err, _ = quiet_cli("load", str(base), "--db", str(self.template))
            assert status == 0, err
            # The first opening after creation switches the file to WAL mode (its
            # header changes); an existing database has been opened before.
            status, _, err, _ = quiet_cli("list", "tenders", "--db", str(self.template))
            assert status == 0, err
        else:
            assert pg_url is not None
            self.template_name = self._create()
            status, _, err, _ = quiet_cli(
                "load", str(base), "--db", self._url(self.template_name)
            )
            assert status == 0, err

    def _url(self, name: str) -> str:
        assert self.pg_url is not None
        url = make_url(self.pg_url).set(database=name)
        return url.render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.pg_url or "", isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def _create(self, template: str | None = None) -> str:
        name = f"appalti_fuzz_{uuid.uuid4().hex[:12]}"
        suffix = f' TEMPLATE "{template}"' if template else ""
        self._admin(f'CREATE DATABASE "{name}"{suffix}')
        self.made.append(name)
        return name

    def new(self, existing: bool) -> str:
        """A database to load into: an existing one holding BASE, or a new one."""
        self._count += 1
        if self.backend == "sqlite":
            path = self.folder / f"target-{self._count}.db"
            if existing:
                shutil.copyfile(self.template, path)
            return str(path)
        return self._url(self._create(self.template_name if existing else None))

    def fingerprint(self, db: str) -> tuple[str, str]:
        """What a refused load must leave unchanged: (schema, records). On SQLite
        the file's bytes (absent for a new file) stand for both; on PostgreSQL the
        tables and the schema revision, and every record of every table."""
        if self.backend == "sqlite":
            path = Path(db)
            parts = [
                hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "absent"
                for p in (path, Path(f"{db}-wal"))
            ]
            return "", " ".join(parts)
        engine = create_engine(db)
        try:
            with engine.connect() as connection:
                tables = sorted(inspect(connection).get_table_names())
                rows = [
                    f"{table}:{sorted(map(repr, connection.execute(select_all)))}"
                    for table in tables
                    if table != "alembic_version"
                    and (select_all := text(f'SELECT * FROM "{table}"')) is not None
                    and connection.execute(select_all).first() is not None
                ]
                revision = (
                    list(connection.execute(text("SELECT * FROM alembic_version")))
                    if "alembic_version" in tables
                    else []
                )
        finally:
            engine.dispose()
        schema = f"{tables} {revision}"
        return schema, hashlib.sha256("\n".join(rows).encode()).hexdigest()

    def drop(self, db: str) -> None:
        if self.backend == "sqlite":
            for path in (Path(db), Path(f"{db}-wal"), Path(f"{db}-shm")):
                path.unlink(missing_ok=True)
        else:
            name = make_url(db).database or ""
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.made.remove(name)

    def close(self) -> None:
        for name in list(self.made):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()


# --- one example -------------------------------------------------------------------


@dataclass
class Outcome:
    accepted: bool
    refused_clearly: bool
    traceback: bool
    internal_error: bool
    partial_write: bool
    schema_left: bool
    message: str

    @property
    def sound(self) -> bool:
        return not (self.traceback or self.internal_error or self.partial_write) and (
            self.accepted or self.refused_clearly
        )


def _bad(stderr: str, escaped: bool) -> tuple[bool, bool]:
    return escaped or "Traceback" in stderr, "internal error" in stderr


def run_example(targets: Targets, data: bytes, *, existing: bool) -> Outcome:
    """Load ``data`` into a fresh target and judge what happened."""
    file = targets.folder / "example.json"
    file.write_bytes(data)
    db = targets.new(existing)
    before = targets.fingerprint(db)
    try:
        status, _, err, escaped = quiet_cli("load", str(file), "--db", db)
        traceback, internal = _bad(err, escaped)
        if status == 0:
            # accepted: the data must not stop what reads it
            for argv in (
                ["alerts", "--as-of", AS_OF[len(data) % 3]],
                ["continuity"],
                ["dump", str(targets.folder / "dump.json")],
            ):
                _, _, more, escaped = quiet_cli(*argv, "--db", db)
                more_traceback, more_internal = _bad(more, escaped)
                traceback, internal = (
                    traceback or more_traceback,
                    internal or more_internal,
                )
                err += more
            return Outcome(True, False, traceback, internal, False, False, err)
        after = targets.fingerprint(db)
        partial = after[1] != before[1]
        schema_left = not partial and after[0] != before[0]
        clear = err.startswith("appalti") and 0 < len(err) < 8_000
        return Outcome(
            False,
            clear and not internal,
            traceback,
            internal,
            partial,
            schema_left,
            err,
        )
    finally:
        targets.drop(db)


# --- the run -----------------------------------------------------------------------


def fuzz(
    backend: str, examples: int, pg_url: str | None, seed_value: int
) -> Counter[str]:
    counts: Counter[str] = Counter()
    faults: list[str] = []
    with tempfile.TemporaryDirectory(prefix="appalti-fuzz-") as folder:
        targets = Targets(backend, Path(folder), pg_url)
        try:

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=False,
                suppress_health_check=list(HealthCheck),
            )
            @given(data=hostile_files(), existing=st.booleans())
            def one(data: bytes, existing: bool) -> None:
                outcome = run_example(targets, data, existing=existing)
                counts["examples"] += 1
                counts["accepted"] += outcome.accepted
                counts["refused clearly"] += outcome.refused_clearly
                counts["tracebacks"] += outcome.traceback
                counts["internal errors"] += outcome.internal_error
                counts["partial writes"] += outcome.partial_write
                counts["schema left"] += outcome.schema_left
                if not outcome.sound and len(faults) < 20:
                    faults.append(outcome.message[-600:])

            seed(seed_value)(one)()
        finally:
            targets.close()
    for fault in faults:
        print("--- fault:\n" + fault, file=sys.stderr)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg", default=os.environ.get(PG_ENV), metavar="URL")
    parser.add_argument("--seed", type=int, default=20260117)
    args = parser.parse_args()
    if args.backend == "postgresql" and not args.pg:
        parser.error(f"PostgreSQL needs --pg URL or {PG_ENV}")
    os.environ.pop("APPALTI_DEBUG", None)
    started = time.perf_counter()
    counts = fuzz(args.backend, args.examples, args.pg, args.seed)
    seconds = time.perf_counter() - started
    print(f"backend: {args.backend}, seed {args.seed}, {seconds:.0f} s")
    for name in (
        "examples",
        "accepted",
        "refused clearly",
        "tracebacks",
        "internal errors",
        "partial writes",
    ):
        print(f"{name}: {counts[name]}")
    unclear = counts["examples"] - counts["accepted"] - counts["refused clearly"]
    print(f"refused unclearly: {unclear}")
    # not counted as partial writes: no record was written, but a refused first
    # load into an empty PostgreSQL database leaves the tables it created, empty
    print(f"empty tables left in a new PostgreSQL database: {counts['schema left']}")
    bad = counts["tracebacks"] + counts["internal errors"] + counts["partial writes"]
    return 1 if bad or unclear else 0


if __name__ == "__main__":
    sys.exit(main())
