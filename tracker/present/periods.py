"""A period known by one end only, in words: the missing end is said, never drawn
from the other one ("start not stated – 31/12/2023").

The CLI, the app and the PDFs write contract periods with these words, once.
"""

from __future__ import annotations

from datetime import date

from tracker.formatting import Formatter
from tracker.i18n import _


def start_words(fmt: Formatter, day: date | None, precision: str = "day") -> str:
    """A start as far as the source states it, or that it is not stated."""
    if day is None:
        return _("start not stated")
    return fmt.day_with_precision(day, precision)


def end_words(fmt: Formatter, day: date | None, precision: str = "day") -> str:
    """An end as far as the source states it, or that it is not stated."""
    if day is None:
        return _("end not stated")
    return fmt.day_with_precision(day, precision)


def period_words(
    fmt: Formatter,
    start: date | None,
    start_precision: str,
    end: date | None,
    end_precision: str,
    *,
    between: str = " – ",
) -> str:
    """ "21/06/2019 – 20/06/2022", with the words of an unknown end in its place."""
    return (
        start_words(fmt, start, start_precision)
        + between
        + end_words(fmt, end, end_precision)
    )
