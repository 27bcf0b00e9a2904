"""Amounts as ANAC publishes them (net, no VAT rate): kept, summed and shown with the
half that is known, never with a gross computed from a guessed rate."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.api import Tracker
from tracker.dataset import parse_dataset
from tracker.formatting import Formatter
from tracker.queries.paging import BrowseQuery
from tracker.render import contracts_text, detail_text

NET_ONLY = {"net": "811537.41", "vat_rate": "unknown"}


def published(**contract: Any) -> str:
    record = {
        "ref": "ANAC-C1",
        "title": "Servizio di accompagnamento sociale",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "amount": NET_ONLY,
    }
    record.update(contract)
    return json.dumps(
        {"format": "appalti-dataset", "version": 1, "contracts": [record]}
    )


def test_a_net_without_its_rate_is_kept_and_its_gross_never_computed(
    tracker: Tracker,
) -> None:
    tracker.load_dataset(parse_dataset(published()))

    [row] = tracker.list_contracts()
    assert row.amount is not None
    assert (row.amount.net, row.amount.vat, row.amount.gross) == (
        Decimal("811537.41"),
        None,
        None,
    )
    totals = row.total_base_and_exercised
    assert totals is not None
    assert (totals.net, totals.vat, totals.gross) == (Decimal("811537.41"), None, None)
    [listed] = tracker.browse_contracts(BrowseQuery(as_of=date(2024, 6, 1))).rows
    assert (listed.gross, listed.net) == (None, Decimal("811537.41"))
    assert "net €811,537.41 (VAT not stated)" in contracts_text(
        [listed], Formatter("en")
    )
    shown = detail_text(tracker.contract_view("ANAC-C1").detail, Formatter("en"))
    assert (
        "Base amount: net €811,537.41, VAT -, gross - (VAT excluded, rate not stated)"
        in shown
    )


def test_an_exercised_option_stated_net_only_makes_the_listed_gross_unknown(
    tracker: Tracker,
) -> None:
    option = {
        "ref": "ANAC-C1-R1",
        "kind": "renewal",
        "state": "exercised",
        "months": 6,
        "amount": {"net": "1000.00", "vat_rate": "unknown"},
    }
    tracker.load_dataset(
        parse_dataset(
            published(amount={"net": "10000.00", "vat_rate": "22"}, options=[option])
        )
    )

    [listed] = tracker.browse_contracts(BrowseQuery(as_of=date(2024, 6, 1))).rows
    assert (listed.gross, listed.net) == (None, Decimal("11000.00"))


def test_the_dashboard_counts_a_net_without_its_rate_in_the_net_only(
    tracker: Tracker,
) -> None:
    tracker.load_dataset(parse_dataset(published()))

    value = tracker.dashboard(date(2024, 6, 1)).value

    assert (value.contracts, value.gross, value.net, value.vat) == (
        1,
        Decimal("0.00"),
        Decimal("811537.41"),
        Decimal("0.00"),
    )
    assert (value.net_only, value.net_only_total) == (1, Decimal("811537.41"))
    assert value.gross_only == 0
