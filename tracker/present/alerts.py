"""An alert's severity in words, never in colour alone, and its countdown."""

from __future__ import annotations

from datetime import date

from tracker.domain.alerts import Alert, AlertKind
from tracker.domain.days import days_open, days_to
from tracker.formatting import Formatter
from tracker.i18n import _, language, ngettext
from tracker.present.countdowns import due, open_since


def severity_word(severity: str) -> str:
    """ "critical", "warning", "notice": for a table's column."""
    return {"critical": _("critical"), "warning": _("warning"), "info": _("notice")}[
        severity
    ]


def severity_capitals(severity: str) -> str:
    """ "CRITICAL", "WARNING", "NOTICE": for the head of a line of plain text."""
    return {"critical": _("CRITICAL"), "warning": _("WARNING"), "info": _("NOTICE")}[
        severity
    ]


def severity_heading(severity: str, count: int) -> str:
    """ "3 avvisi critici", "1.134 segnalazioni": a group's heading, a count in a
    summary (grouped by thousands as the language writes them)."""
    n = Formatter(language()).number(count)
    if severity == "critical":
        return ngettext("{n} critical alert", "{n} critical alerts", count).format(n=n)
    if severity == "warning":
        return ngettext("{n} warning", "{n} warnings", count).format(n=n)
    return ngettext("{n} notice", "{n} notices", count).format(n=n)


def alert_countdown(alert: Alert, as_of: date) -> str:
    """When, in words, counted to the alert's own day (the one its sentence names):
    "da 28 giorni" for a gap (its first day and today included), "termine scaduto
    da 3 giorni" for a day to act by that passed, "tra 12 giorni" ahead."""
    if alert.due is None:
        return ""
    if alert.kind is AlertKind.CONTINUITY_GAP:
        return open_since(alert.due, as_of)
    if alert.kind is AlertKind.TENDER_STALE:
        # a question, asked once: no count that grows every morning
        return ""
    return due(alert.due, as_of)


def alert_days(alert: Alert, as_of: date) -> int | None:
    """The countdown of ``alert_countdown`` as a number: days ahead, or, negative,
    the days a gap has lasted (its first day included) or a day to act by is
    overdue; None where the words say no count."""
    if alert.due is None or alert.kind is AlertKind.TENDER_STALE:
        return None
    if alert.kind is AlertKind.CONTINUITY_GAP:
        return -days_open(alert.due, as_of)
    return days_to(alert.due, as_of)


SEVERITIES = ("critical", "warning", "info")
"""From the most urgent."""
