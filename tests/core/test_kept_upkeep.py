"""The kept facts follow the records: built once for a database from before
them, read from a build in memory when the database cannot be written, built
once by ``generate``, left consistent by a write killed half-way, repaired and
refused clearly by ``appalti check --repair``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, fixed_clock
from tests.core.kept_writes import comparison, shown
from tests.core.test_who import reader_url  # noqa: F401 (a fixture)
from tracker.api import Tracker
from tracker.cli import main
from tracker.db import session_factory, session_scope
from tracker.domain.kept import FamilyName
from tracker.i18n import set_language
from tracker.kept import store
from tracker.kept.store import Window, read_facts


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def _sql(url: str, *statements: str) -> list[object]:
    """Run statements; the first value each query returns (None for a write)."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            results = [connection.execute(text(s)) for s in statements]
            return [r.scalar() if r.returns_rows else None for r in results]
    finally:
        engine.dispose()


def _forget_facts(url: str) -> None:
    """The database as an appalti from before the kept facts leaves it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM kept_fact"))
        connection.execute(text("DELETE FROM kept_state"))
    engine.dispose()


def _count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT count(*) FROM kept_fact")).scalar()
    engine.dispose()
    assert isinstance(found, int)
    return found


@pytest.mark.usefixtures("milan")
def test_a_database_without_facts_gets_them_on_its_first_writable_opening(
    db_url: str,
) -> None:
    built = _count(db_url)
    assert built > 20
    _forget_facts(db_url)
    assert _count(db_url) == 0
    reopened = Tracker.open(db_url, clock=fixed_clock)
    try:
        assert _count(db_url) == built
        found = comparison(reopened)
        assert found.built
        assert shown(found) == []
    finally:
        reopened.close()


@pytest.mark.usefixtures("milan")
def test_facts_of_another_format_are_built_again(db_url: str) -> None:
    _sql(db_url, "UPDATE kept_state SET format = '0/old'", "DELETE FROM kept_fact")
    reopened = Tracker.open(db_url, clock=fixed_clock)
    reopened.close()
    assert _sql(db_url, "SELECT format FROM kept_state") == [store.format_tag()]
    assert _count(db_url) > 20


def test_a_read_only_role_reads_the_findings_from_a_build_in_memory(
    milan: Tracker,
    db_url: str,
    reader_url: str,  # noqa: F811 (the fixture imported above)
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = _continuity(milan)
    _forget_facts(db_url)
    reader = Tracker.open(reader_url, clock=fixed_clock)
    try:
        assert reader.read_only
        assert _count(db_url) == 0
        assert _continuity(reader) == expected
    finally:
        reader.close()
    capsys.readouterr()
    assert main(["--db", reader_url, "check", "--repair"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "appalti: the kept facts were not built again: read-only access: the "
        "database role appalti_reader_"
    ), err


def _continuity(tracker: Tracker) -> list[tuple[str, str]]:
    sessions = session_factory(tracker.engine, actor="t", clock=fixed_clock)
    with session_scope(sessions) as session:
        facts = read_facts(session, FamilyName.CONTINUITY, window=Window())
    return sorted((f.key, json.dumps(f.payload, sort_keys=True)) for f in facts)


@pytest.mark.usefixtures("milan")
def test_check_repair_rebuilds_every_fact_and_says_how_many(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    built = _count(db_url)
    _sql(
        db_url,
        "UPDATE kept_fact SET payload = '{}' WHERE key = 'CDQ-2006-MAZZINI/end'",
    )
    assert main(["check", "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert (
        "    - deadlines, contract 'CDQ-2006-MAZZINI', fact 'CDQ-2006-MAZZINI/end': "
        "differs from the records"
    ) in out.splitlines()
    assert "  kept facts of the findings: 1 problem" in out.splitlines()
    assert main(["--lang", "it", "check", "--repair", "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"Fatti conservati ricostruiti: {built} fatti, in un'unica transazione."
    )
    assert (
        f"  fatti conservati per gli avvisi: ok ({built} fatti, uguali a un calcolo "
        "da zero)"
    ) in lines
    assert main(["check", "--format", "json", "--repair", "--db", db_url]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["facts_rebuilt"] == built
    assert report["checks"][-1]["check"] == "facts"


COMMITTEE = ("--as-of", "2023-01-17")
"""Lorenteggio is in a gap: its fact is read for the alerts too."""
DAMAGED_PAYLOADS = {
    "no JSON": '\'{"runs":[["2020-01-01"\'',
    "flat days, as an older appalti kept them": (
        "replace(replace(payload, '[[', '['), ']]', ']')"
    ),
    "a day that is no day": "replace(payload, '-12-', '-13-')",
}


@pytest.mark.usefixtures("milan")
@pytest.mark.parametrize("damage", list(DAMAGED_PAYLOADS))
def test_a_damaged_continuity_fact_is_told_and_repaired(
    db_url: str, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = [
        main(["--db", db_url, "continuity", *COMMITTEE]),
        capsys.readouterr().out,
    ]
    _sql(
        db_url,
        f"UPDATE kept_fact SET payload = {DAMAGED_PAYLOADS[damage]} "
        "WHERE family = 'continuity' AND key = 'LSL-LORENTEGGIO'",
    )
    for command in ("continuity", "alerts"):
        assert main(["--lang", "it", "--db", db_url, command, *COMMITTEE]) == 1
        out, err = capsys.readouterr()
        assert (out, err) == (
            "",
            "appalti: i fatti conservati per gli avvisi nel database sono "
            "danneggiati (i dati registrati sono integri): 'appalti check "
            "--repair' li ricostruisce\n",
        )
    assert main(["check", "--db", db_url]) == 1
    assert (
        "    - continuity, service 'LSL-LORENTEGGIO', fact 'LSL-LORENTEGGIO': "
        "differs from the records"
    ) in capsys.readouterr().out.splitlines()
    assert main(["check", "--repair", "--db", db_url]) == 0
    capsys.readouterr()
    assert [
        main(["--db", db_url, "continuity", *COMMITTEE]),
        capsys.readouterr().out,
    ] == expected


DAMAGED_FACTS = {
    "no JSON": '{"x',
    "an object of another shape": '{"x": 1}',
    "an array": "[1]",
}
"""What a fact of any family may hold in place of its payload."""
TOLD = (
    "",
    "appalti: i fatti conservati per gli avvisi nel database sono danneggiati "
    "(i dati registrati sono integri): 'appalti check --repair' li ricostruisce\n",
)


READ_ON = {
    "deadlines": ("--as-of", "2024-03-01"),
    "funding": COMMITTEE,
    "stale": COMMITTEE,
}
"""A day whose alerts read facts of each family in the Milan dataset (on the
committee's day no deadline is due within the horizon: none is read)."""


@pytest.mark.usefixtures("milan")
@pytest.mark.parametrize("damage", list(DAMAGED_FACTS))
@pytest.mark.parametrize("family", list(READ_ON))
def test_a_damaged_fact_is_told_in_any_family(
    db_url: str, family: str, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    day = READ_ON[family]
    expected = main(["--db", db_url, "alerts", *day]), capsys.readouterr()
    _told_and_repaired(db_url, family, damage, day, capsys)
    assert (main(["--db", db_url, "alerts", *day]), capsys.readouterr()) == expected


@pytest.mark.parametrize("damage", list(DAMAGED_FACTS))
@pytest.mark.parametrize("family", ["parties", "money"])
def test_a_damaged_party_or_money_fact_is_told(
    tracker: Tracker,
    db_url: str,
    family: str,
    damage: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Milan dataset raises no party or money finding; a generated one does."""
    tracker.generate(contracts=60, seed=7)
    day = ("--as-of", "2025-06-01")
    expected = main(["--db", db_url, "alerts", *day]), capsys.readouterr()
    assert f'"kind":"{KINDS[family]}"' in main_json(db_url, capsys, *day)
    _told_and_repaired(db_url, family, damage, day, capsys)
    assert (main(["--db", db_url, "alerts", *day]), capsys.readouterr()) == expected


KINDS = {"parties": "mandataria_share", "money": "renewal_not_pro_rata"}
"""A kind of finding each family raises in the generated data on the day."""


def main_json(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["--db", db_url, "alerts", *args, "--format", "json"]) == 0
    return capsys.readouterr().out


def _told_and_repaired(
    db_url: str,
    family: str,
    damage: str,
    day: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every fact of ``family`` damaged: the alerts tell it in the person's
    language and write nothing, ``check`` names the facts, ``check --repair``
    builds them again."""
    payload = DAMAGED_FACTS[damage].replace("'", "''")
    (damaged, _) = _sql(
        db_url,
        f"SELECT count(*) FROM kept_fact WHERE family = '{family}'",
        f"UPDATE kept_fact SET payload = '{payload}' WHERE family = '{family}'",
    )
    assert isinstance(damaged, int)
    assert damaged > 0
    assert main(["--lang", "it", "--db", db_url, "alerts", *day]) == 1
    assert capsys.readouterr() == TOLD
    assert main(["check", "--db", db_url]) == 1
    differing = [
        line
        for line in capsys.readouterr().out.splitlines()
        if line.endswith(": differs from the records")
    ]
    assert len(differing) == damaged
    assert main(["check", "--repair", "--db", db_url]) == 0
    capsys.readouterr()


def test_generate_builds_the_facts_once_at_the_end(
    tracker: Tracker, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    replace = store.replace_facts

    def counted(session: object, scopes: object = None) -> int:
        calls.append(scopes)
        return replace(session, scopes)  # type: ignore[arg-type]

    monkeypatch.setattr("tracker.kept.upkeep.replace_facts", counted)
    tracker.generate(contracts=60, seed=7)
    assert calls == [None]
    assert shown(comparison(tracker)) == []
    assert _count(db_url) > 60


KILLED = """
import sys, time
from pathlib import Path
from tracker.api import Tracker
from tracker.kept import upkeep

url, signal_file = sys.argv[1], Path(sys.argv[2])
replace = upkeep.replace_facts

def slow(session, scopes=None):
    count = replace(session, scopes)
    signal_file.write_text("facts written, not committed")
    time.sleep(60)
    return count

upkeep.replace_facts = slow
tracker = Tracker.open(url)
editable = tracker.edit_of("LOR-2019-C1")
draft = editable.draft.model_copy(update={"options": [], "services": []})
tracker.save(draft, original="LOR-2019-C1", base_version=editable.version)
"""


@pytest.mark.usefixtures("milan")
def test_a_write_killed_before_its_commit_leaves_records_and_facts_agreeing(
    db_url: str, tmp_path: Path
) -> None:
    signal_file = tmp_path / "written"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, db_url, str(signal_file)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while not signal_file.exists():
            assert child.poll() is None, "the write ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    after = Tracker.open(db_url, clock=fixed_clock)
    try:
        assert after.edit_of("LOR-2019-C1").draft.model_dump()["services"] == [
            "LSL-LORENTEGGIO"
        ]
        assert shown(comparison(after)) == []
    finally:
        after.close()
    assert main(["check", "--db", db_url]) == 0


@pytest.mark.usefixtures("milan")
def test_two_people_saving_contracts_of_one_service_at_once_keep_its_facts_right(
    db_url: str,
) -> None:
    """Two writers change the two contracts that cover LDQ-MAZZINI at the same
    time, again and again: the service's continuity fact holds both changes."""
    people = [Tracker.open(db_url, clock=fixed_clock) for _ in range(2)]
    failures: list[BaseException] = []

    def edits(tracker: Tracker, ref: str) -> None:
        try:
            for step in range(8):
                editable = tracker.edit_of(ref)
                draft: Any = editable.draft.model_copy(update={"options": []})
                end = draft.end + timedelta(days=1 if step % 2 else 40)
                tracker.save(
                    draft.model_copy(update={"end": end}),
                    original=ref,
                    base_version=editable.version,
                )
        except BaseException as error:  # reported by the test's thread
            failures.append(error)

    threads = [
        threading.Thread(target=edits, args=(person, ref))
        for person, ref in zip(
            people, ("CDQ-2006-MAZZINI", "PRO-2020-MAZZINI"), strict=True
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        assert shown(comparison(people[0])) == []
    finally:
        for person in people:
            person.close()
