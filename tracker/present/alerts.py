"""The severity of an alert in words, never in colour alone."""

from __future__ import annotations

from tracker.i18n import _


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


SEVERITIES = ("critical", "warning", "info")
"""From the most urgent."""
