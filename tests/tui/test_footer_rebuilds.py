"""The footer is rebuilt when the keys it shows change, and only then: the
screen's bindings change with every move of the highlight, and a rebuilt footer
restyles every key."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.widgets._footer import FooterKey

from tests.tui.helpers import until
from tests.tui.test_digest import open_digest
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.widgets.footer import TranslatedFooter


def footer_look(app: TrackerApp) -> list[tuple[str, bool]]:
    """Each key the footer shows, and whether it is disabled."""
    return [
        (f"{key.key_display} {key.description}", key.has_class("-disabled"))
        for key in app.screen.query(FooterKey)
        if key.is_mounted
    ]


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[TranslatedFooter]:
    """Every footer composed from now on, in turn."""
    footers: list[TranslatedFooter] = []
    compose = TranslatedFooter.compose

    def counted(self: TranslatedFooter) -> ComposeResult:
        footers.append(self)
        return compose(self)

    monkeypatch.setattr(TranslatedFooter, "compose", counted)
    return footers


async def test_moving_between_alerts_rebuilds_the_footer_only_for_new_keys(
    app_tracker: Tracker, composed: list[TranslatedFooter]
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_digest(app, pilot)
        # the complete list is in: the export's key is offered
        await until(pilot, lambda: ("e Export", False) in footer_look(app))
        before = len(composed)
        keys = list(screen.query(FooterKey))
        assert screen.selected_alert().ref == "LSL-LORENTEGGIO"  # type: ignore[union-attr]
        # two more critical alerts, a warning, then the question of a stale
        # tender, which alone offers to cancel it
        for ref in ("LDQ-MAZZINI", "LDQ-SAN-SIRO", "LOR-2023"):
            await pilot.press("down")
            await until(pilot, lambda ref=ref: screen.selected_alert().ref == ref)  # type: ignore[union-attr,misc]
            assert list(screen.query(FooterKey)) == keys
        await pilot.press("down")
        await until(pilot, lambda: ("c Cancel the tender", False) in footer_look(app))
        assert len(composed) == before + 1
        assert list(screen.query(FooterKey)) != keys
