"""Counting days: one rule for the digest, the details, the CLI and the documents.

A run of days counts both its ends, the way periods do (01/05/2016–31/12/2017 is
610 days): a service uncovered from 21/12/2022 has, on 17/01/2023, been uncovered
for 28 days, the 21st of December and the 17th of January included, which is also
how long ago its last covered day (20/12/2022) was. A day to act by is missed from
the day after: due on 01/01/2023, on 17/01/2023 it is overdue by 16 days. A day
ahead is as many days away as the calendar says: 29/01/2023 is in 12 days.
"""

from __future__ import annotations

from datetime import date


def days_from_to(first: date, last: date) -> int:
    """How many days a run from ``first`` to ``last`` takes, both included."""
    return (last - first).days + 1


def days_open(start: date, as_of: date) -> int:
    """How many days a run begun on ``start`` and still open on ``as_of`` has lasted,
    both included: 1 on the day it begins."""
    return days_from_to(start, as_of)


def days_to(day: date, as_of: date) -> int:
    """How far ahead ``day`` is (0 on the day itself; negative once it is past)."""
    return (day - as_of).days


def days_late(due: date, as_of: date) -> int:
    """How many days past ``due`` the as-of day is (0 on the day; negative before)."""
    return (as_of - due).days
