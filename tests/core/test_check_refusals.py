"""``appalti check`` loads the records in one load, as ``appalti load`` does, and
when the load refuses something names every record it refuses, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import MILAN
from tracker.cli import main


def test_every_record_the_load_refuses_is_named(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two acknowledgements of deadlines that do not exist pass every check of the
    tables (no reference of theirs is a foreign key) but not the load's."""
    assert main(["load", str(MILAN), "--db", db_url]) == 0
    engine = create_engine(db_url)
    with engine.begin() as connection:
        for key in ("NOPE-1/start", "NOPE-2/start"):
            connection.execute(
                text(
                    "INSERT INTO acknowledgement (key, through, at, actor) "
                    "VALUES (:key, NULL, :at, 'someone')"
                ),
                {"key": key, "at": datetime(2024, 1, 1, tzinfo=UTC)},
            )
    engine.dispose()
    capsys.readouterr()
    status = main(["check", "--db", db_url])
    out, err = capsys.readouterr()
    assert (status, err) == (1, "")
    assert "  data against the rules: 2 problems\n" in out
    for key in ("NOPE-1/start", "NOPE-2/start"):
        assert f"    - acknowledgements[{key}].key: no deadline has this key" in out
    assert "  references between records: ok\n" in out


def test_a_sound_database_with_its_history_passes(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Milan dataset and the history of its load: every section, the history
    last, loads without a refusal."""
    assert main(["load", str(MILAN), "--db", db_url]) == 0
    assert main(["deadline", "ack", "LDQ-2016/start", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["check", "--db", db_url]) == 0
    assert "  data against the rules: ok\n" in capsys.readouterr().out
