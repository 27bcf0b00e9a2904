"""Findings and derived deadlines worded in the active language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.parties import SharesOff
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.findings import DeadlineTitles, message

D = date


@pytest.fixture
def italian() -> Iterator[Formatter]:
    set_language("it")
    yield Formatter("it")
    set_language("en")


def test_a_milestone_moved_off_a_holiday_says_so_in_italian(
    italian: Formatter,
) -> None:
    title = DeadlineTitles(italian).milestone(
        "LOR-2023", "offer deadline", D(2023, 12, 7)
    )
    assert title.startswith("Gara LOR-2023: ")
    assert title.endswith("(spostato dal 07/12/2023, giorno festivo)")


def test_an_option_decision_names_the_day_the_option_starts_in_the_locale(
    italian: Formatter,
) -> None:
    assert DeadlineTitles(italian).option_decision("R1", "C1", D(2023, 7, 1)) == (
        "Decidere sull'opzione R1 del contratto C1 (dal 01/07/2023)"
    )


def finding(detail: object) -> Finding:
    return Finding(
        Severity.WARNING, AlertKind.CONSORTIUM_SHARES, None, "RTI", "R", detail
    )


def test_a_finding_is_worded_from_what_it_holds() -> None:
    assert message(
        finding(SharesOff("RTI", Decimal("95"))), Formatter("en"), D(2023, 1, 17)
    ) == ("RTI: member shares add up to 95%, not 100%.")


def test_a_finding_of_no_known_kind_is_refused_rather_than_left_unsaid() -> None:
    with pytest.raises(TypeError):
        message(finding("something"), Formatter("en"), D(2023, 1, 17))
