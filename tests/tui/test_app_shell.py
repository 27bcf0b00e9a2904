"""The app shell opens on the database and shows its contracts."""

from __future__ import annotations

from textual.widgets import DataTable

from tracker.api import Tracker
from tui.app import TrackerApp
from tui.messages import ContractsLoaded


async def test_shell_lists_the_contracts_of_the_database(milan: Tracker) -> None:
    app = TrackerApp(milan, language="it")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        table = app.query_one("#contracts", DataTable)
        while table.row_count < 11:
            await pilot.pause()
        assert any(isinstance(m, ContractsLoaded) for m in seen)
        row = table.get_row("LOR-2019-C1")
        assert row[1:4] == ["21/06/2019", "20/12/2022", "966.484,40\xa0€"]
        assert app.sub_title == "11 contracts"
        await pilot.press("q")
    assert app.return_code == 0
