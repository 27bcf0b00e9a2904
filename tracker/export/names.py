"""The names documents are written under by default (no reportlab here: the app
proposes them before any PDF is made)."""

from __future__ import annotations

import re
from datetime import date

from tracker.i18n import _


def _safe(text: str) -> str:
    # a reference may hold "/" and other characters a file name must not
    return re.sub(r"[^A-Za-z0-9._-]", "-", text)


def dossier_name(ref: str, as_of: date) -> str:
    """``dossier-LOR-2019-2023-01-17.pdf``."""
    return f"dossier-{_safe(ref)}-{as_of.isoformat()}.pdf"


def report_name(as_of: date) -> str:
    """``relazione-continuita-2023-01-17.pdf`` in Italian."""
    return _safe(_("continuity-report-{day}.pdf").format(day=as_of.isoformat()))


def alerts_name(as_of: date) -> str:
    """``avvisi-2023-01-17.pdf`` in Italian."""
    return _safe(_("alerts-{day}.pdf").format(day=as_of.isoformat()))
