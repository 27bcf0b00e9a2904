"""How far a day is from the day of the situation, in words: "tra 12 giorni",
"da 3 giorni", "scaduto da 2 giorni". The days are counted by the rules of
``tracker.domain.days``."""

from __future__ import annotations

from datetime import date

from tracker.domain.days import days_late, days_open, days_to
from tracker.i18n import _, ngettext


def in_days(days: int) -> str:
    """A countdown to a future day: "tra 12 giorni", "domani", "oggi"."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days < 0:
        return days_ago(-days)
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def days_ago(days: int) -> str:
    """How long ago: "da 27 giorni" (for 27 days), "ieri"."""
    if days <= 0:
        return in_days(-days)
    if days == 1:
        return _("since yesterday")
    return ngettext("for {n} day", "for {n} days", days).format(n=days)


def overdue_by(days: int) -> str:
    """A missed deadline: "scaduto da 3 giorni"."""
    if days <= 0:
        return in_days(-days)
    return ngettext("overdue by {n} day", "overdue by {n} days", days).format(n=days)


def until(day: date, as_of: date) -> str:
    """The countdown to ``day``: "tra 12 giorni", "oggi"."""
    return in_days(days_to(day, as_of))


def since(day: date, as_of: date) -> str:
    """How long ``day`` is behind: "da 16 giorni", "ieri"."""
    return days_ago(days_late(day, as_of))


def open_since(start: date, as_of: date) -> str:
    """How long a run begun on ``start`` (a gap in a service) has lasted, its first
    day and the as-of day included: "da 28 giorni", "da oggi"."""
    days = days_open(start, as_of)
    if days <= 0:
        return until(start, as_of)
    if days == 1:
        return _("since today")
    return ngettext("for {n} day", "for {n} days", days).format(n=days)


def due(day: date, as_of: date) -> str:
    """A day to act by: the countdown while it is ahead, how overdue once passed."""
    return overdue_by(days_late(day, as_of))
