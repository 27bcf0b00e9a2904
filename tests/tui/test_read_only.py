"""The app on PostgreSQL with a role that may only read: it says so from the start,
every key that would write says so instead of opening a form, and a write the
database refuses after all is a message, with what was typed kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from textual.notifications import Notify
from textual.widgets import Input, Static

from tests.conftest import fixed_clock
from tests.tui.helpers import settle, until
from tests.tui.test_details import open_detail
from tests.tui.test_digest import open_digest
from tests.tui.test_flows import type_into
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import RecordForm

pytestmark = pytest.mark.parametrize("backend", ["postgresql"])

READ = ("SELECT",)
WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")


def _admin(db_url: str, *statements: str) -> None:
    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture
def role_tracker(
    milan: Tracker, db_url: str, request: pytest.FixtureRequest
) -> Iterator[Tracker]:
    """The Milan database opened by a new login role with the privileges the test
    names (``READ`` by default); the role is dropped afterwards."""
    del milan  # loaded by the database's owner before the role opens it
    privileges = getattr(request, "param", READ)
    role = f"appalti_test_role_{uuid.uuid4().hex[:10]}"
    database = make_url(db_url).database
    _admin(
        db_url,
        f'CREATE ROLE "{role}" LOGIN',
        f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"',
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT {", ".join(privileges)} ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
    )
    url = make_url(db_url).set(username=role).render_as_string(hide_password=False)
    try:
        opened = Tracker.open(url, clock=fixed_clock, actor="l.bianchi")
        try:
            yield opened
        finally:
            opened.close()
    finally:
        _admin(db_url, f'DROP OWNED BY "{role}"', f'DROP ROLE "{role}"')


def said(seen: list[object], words: str) -> bool:
    return any(isinstance(m, Notify) and words in m.notification.message for m in seen)


async def test_a_read_only_role_opens_the_app_read_only(role_tracker: Tracker) -> None:
    assert role_tracker.read_only
    role = role_tracker.role
    assert role is not None
    notice = f"Sola lettura: il ruolo {role} non può modificare i dati"
    app = TrackerApp(role_tracker, language="it")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        digest = await open_digest(app, pilot)
        assert app.sub_title.startswith(notice)
        assert app.sub_title.endswith("al 17/01/2023")
        await until(pilot, lambda: said(seen, notice))
        for key in ("a", "s"):  # acknowledge, snooze
            seen.clear()
            await pilot.press(key)
            await until(pilot, lambda: said(seen, notice))
            await settle(pilot)
            assert app.screen is digest, key
        await pilot.press("5")
        await until(pilot, lambda: app.mode_name == "contracts")
        contract = await open_detail(pilot, "LOR-2019-C1")
        for key in ("e", "n", "x", "a", "d", "m", "delete"):
            seen.clear()
            await pilot.press(key)
            await until(pilot, lambda: said(seen, notice))
            await settle(pilot)
            assert app.screen is contract, key
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not contract)
        seen.clear()
        await pilot.press("n")  # a new contract, from the list
        await until(pilot, lambda: said(seen, notice))
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm | ConfirmScreen)
    assert role_tracker.draft_of("LOR-2019-C1").ref == "LOR-2019-C1"


@pytest.mark.parametrize("role_tracker", [WRITE], indirect=True)
async def test_a_write_the_database_refuses_keeps_what_was_typed(
    role_tracker: Tracker, db_url: str
) -> None:
    assert not role_tracker.read_only
    app = TrackerApp(role_tracker, start="organisations", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, "DIKE")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "address", "Via Lorenteggio 1, Milano")
        # The privileges go while the form is open.
        _admin(
            db_url,
            f"REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
            f'FROM "{role_tracker.role}"',
        )
        first = app.screen
        await pilot.press("ctrl+s")

        def refused() -> bool:
            # The form stays open with the refusal above what was typed.
            form = app.screen
            return (
                form is first
                and isinstance(form, RecordForm)
                and form.notice is not None
                and not form.saving
            )

        await until(pilot, refused)
        form: Any = app.screen
        assert "permission denied" in str(
            form.query_one("#form-notice").query_one(Static).render()
        )
        assert form.query_one("#f-address", Input).value == (
            "Via Lorenteggio 1, Milano"
        )
    assert getattr(role_tracker.draft_of("DIKE"), "address", None) != (
        "Via Lorenteggio 1, Milano"
    )
