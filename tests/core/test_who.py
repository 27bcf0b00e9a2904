"""Who did it: the person from the settings, APPALTI_USER or the login; on
PostgreSQL also the database role, which no variable can fake; a role that may
only read is told so, clearly, at every write."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from tests.conftest import MILAN, fixed_clock
from tracker import models
from tracker.api import ReadOnlyError, Tracker
from tracker.cli import main
from tracker.config import current_user, load_settings
from tracker.dataset import parse_dataset
from tracker.drafts import ContractDraft
from tracker.errors import TrackerError

ANAC = parse_dataset(
    json.dumps(
        {
            "format": "appalti-dataset",
            "version": 1,
            "deadlines": [
                {"ref": "ANAC-2023", "title": "Pubblicazione ANAC", "due": "2023-01-31"}
            ],
        }
    )
)


@pytest.mark.parametrize(
    ("configured", "environ", "who"),
    [
        ("l.bianchi", {"APPALTI_USER": "m.rossi", "USER": "os"}, "l.bianchi"),
        (None, {"APPALTI_USER": "m.rossi", "USER": "os"}, "m.rossi"),
        (None, {"USER": "os"}, "os"),
        ("", {"APPALTI_USER": "m.rossi"}, "m.rossi"),
    ],
)
def test_the_settings_then_appalti_user_then_the_login(
    configured: str | None, environ: dict[str, str], who: str
) -> None:
    assert current_user(environ, configured=configured) == who


def test_the_settings_file_names_the_user(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('user = "l.bianchi"\n', encoding="utf-8")
    assert load_settings(path).user == "l.bianchi"
    for bad in ("user = 3", 'user = "  "', f'user = "{"x" * 201}"'):
        path.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(TrackerError, match="user must be a name"):
            load_settings(path)


def _actors(url: str) -> list[tuple[str, str | None]]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(models.Change.actor, models.Change.role)
                .where(models.Change.ref == "ANAC-2023")
                .order_by(models.Change.id)  # type: ignore[arg-type]
            ).all()
    finally:
        engine.dispose()
    return [(a, r) for a, r in rows]


def test_commands_record_appalti_user_or_the_settings_user(
    tracker: Tracker,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tracker.load_dataset(ANAC)
    monkeypatch.setenv("APPALTI_USER", "m.rossi")
    monkeypatch.setenv("APPALTI_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    assert main(["--db", db_url, "deadline", "done", "ANAC-2023"]) == 0
    config = tmp_path / "config.toml"
    config.write_text('user = "l.bianchi"\n', encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(config))
    assert main(["--db", db_url, "deadline", "ack", "ANAC-2023"]) == 0
    capsys.readouterr()
    actors = [actor for actor, _ in _actors(db_url)]
    assert actors == ["test-rup", "m.rossi", "l.bianchi"]


def test_postgresql_records_the_database_role(
    tracker: Tracker, db_url: str, backend: str
) -> None:
    tracker.load_dataset(ANAC)
    tracker.mark_deadline_done("ANAC-2023")
    roles = {role for _, role in _actors(db_url)}
    if backend == "sqlite":
        assert roles == {None}
        assert tracker.role is None
        return
    role = make_url(db_url).username
    assert roles == {role}
    assert tracker.role == role
    # The history shown names the role beside the person
    (shown,) = {row.who for row in tracker.deadline_view("ANAC-2023").history}
    assert shown == f"{tracker.actor} ({role})"


@pytest.fixture
def reader_url(db_url: str, backend: str) -> Iterator[str]:
    """The database at ``db_url`` through a new login role granted SELECT only."""
    if backend != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"appalti_reader_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    database = make_url(db_url).database
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"'))
        connection.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        connection.execute(
            text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
        )
    try:
        yield make_url(db_url).set(username=role).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = :role"
                ),
                {"role": role},
            )
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_a_read_only_role_reads_and_every_write_is_refused_clearly(
    milan: Tracker, reader_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    role = make_url(reader_url).username
    milan.load_dataset(ANAC)
    assert not milan.read_only
    reader = Tracker.open(reader_url, clock=fixed_clock)
    try:
        assert reader.read_only
        assert reader.role == role
        assert reader.list_contracts()
        opened = reader.edit_of("LOR-2019-C1")
        assert isinstance(opened.draft, ContractDraft)
        draft = opened.draft.model_copy(update={"note": "x", "options": []})
        writes: list[Callable[[], object]] = [
            lambda: reader.save_contract(
                draft,
                original="LOR-2019-C1",
                base_version=opened.version,
            ),
            lambda: reader.add_note("LOR-2019-C1", "nota"),
            lambda: reader.delete("FIN-LOR-2019-FSE"),
            lambda: reader.mark_deadline_done("ANAC-2023"),
            lambda: reader.acknowledge_deadline("LDQ-2016/start"),
            lambda: reader.load_file(MILAN),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyError) as refused:
                write()
            assert refused.value.role == role
            assert f"database role {role} may read but not write" in str(refused.value)
    finally:
        reader.close()
    assert main(["--db", reader_url, "deadline", "ack", "LDQ-2016/start"]) == 1
    err = capsys.readouterr().err
    assert f"read-only access: the database role {role}" in err
    assert "internal error" not in err
