"""A capogruppo leads its group wherever a lead is read: the contract list names it
as the supplier's lead even when it is not listed first."""

from __future__ import annotations

from datetime import date

from tests.core.test_alerts import consortium, dataset, load, organisations
from tracker.api import BrowseQuery, Tracker


def test_the_capogruppo_is_the_lead_the_contract_list_names(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            organisations=organisations(),
            consortia=[
                consortium(
                    "RTI-CAPO",
                    "RTI B-A",
                    ("COOP-B", "mandante", None),
                    ("COOP-A", "capogruppo", None),
                )
            ],
            contracts=[
                {
                    "ref": "CTR-CAPO",
                    "title": "Servizio",
                    "supplier": "RTI-CAPO",
                    "services": ["SRV"],
                    "start": "2023-01-01",
                    "end": "2023-12-31",
                }
            ],
        ),
    )
    [row] = tracker.browse_contracts(BrowseQuery(as_of=date(2023, 6, 1))).rows
    assert (row.supplier, row.lead) == ("RTI B-A", "Cooperativa A")
