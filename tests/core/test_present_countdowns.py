"""Countdowns read the same in every front end, in each language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tracker.i18n import set_language
from tracker.present.countdowns import due, open_since, since, until

AS_OF = date(2023, 1, 17)

CASES: list[tuple[Callable[[date, date], str], date, str, str]] = [
    (until, date(2023, 1, 17), "today", "oggi"),
    (until, date(2023, 1, 18), "tomorrow", "domani"),
    (until, date(2023, 1, 19), "in 2 days", "tra 2 giorni"),
    (until, date(2023, 1, 16), "since yesterday", "da ieri"),
    (since, date(2023, 1, 1), "for 16 days", "da 16 giorni"),
    (since, date(2023, 1, 16), "since yesterday", "da ieri"),
    (since, date(2023, 1, 20), "in 3 days", "tra 3 giorni"),
    # a gap counts its first day and the as-of day (tracker.domain.days)
    (open_since, date(2022, 12, 21), "for 28 days", "da 28 giorni"),
    (open_since, date(2023, 1, 16), "for 2 days", "da 2 giorni"),
    (open_since, date(2023, 1, 17), "since today", "da oggi"),
    (open_since, date(2023, 1, 20), "in 3 days", "tra 3 giorni"),
    (due, date(2023, 1, 1), "overdue by 16 days", "termine scaduto da 16 giorni"),
    (due, date(2023, 1, 16), "overdue by 1 day", "termine scaduto da 1 giorno"),
    (due, date(2023, 1, 17), "today", "oggi"),
    (due, date(2023, 2, 16), "in 30 days", "tra 30 giorni"),
]


@pytest.mark.parametrize(("words", "day", "english", "italian"), CASES)
@pytest.mark.parametrize("language", ["en", "it"])
def test_a_day_is_counted_from_the_day_of_the_situation(
    words: Callable[[date, date], str],
    day: date,
    english: str,
    italian: str,
    language: str,
) -> None:
    set_language(language)
    assert words(day, AS_OF) == (english if language == "en" else italian)
