"""Working days in Milan and the legal rule for terms that fall on a holiday.

Art. 2963 c.c.: a term that falls on a public holiday moves to the next working day.
Holidays are Italy's plus Milan's patron saint (7 December, Sant'Ambrogio); Sundays
count as holidays, as the code has it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("IT", subdiv="MI", years=year, language="it_IT")


def holiday_name(day: date) -> str | None:
    """The holiday's Italian name, "domenica" for a Sunday, or None on a working day."""
    name = _holidays(day.year).get(day)
    if name:
        return str(name)
    if day.weekday() == 6:
        return "domenica"
    return None


def is_working_day(day: date) -> bool:
    return holiday_name(day) is None


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
