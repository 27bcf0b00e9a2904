"""The names documents are written under by default (no reportlab here: the app
proposes them before any PDF is made)."""

from __future__ import annotations

import re
import unicodedata
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


def workbook_name(as_of: date) -> str:
    """``appalti-2023-01-17.xlsx``: every list of the office on that day."""
    return f"appalti-{as_of.isoformat()}.xlsx"


def list_workbook_name(heading: str, as_of: date) -> str:
    """``contratti-2023-01-17.xlsx``: one list, named in the active language
    (``heading`` is already translated), without accents or spaces."""
    plain = unicodedata.normalize("NFKD", heading)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _safe(f"{plain.lower()}-{as_of.isoformat()}.xlsx")


def plan_name(from_year: int, as_of: date) -> str:
    """``programmazione-2023-2025-al-2023-01-17.pdf`` in Italian."""
    return _safe(
        _("planning-{first}-{last}-as-of-{day}.pdf").format(
            first=from_year, last=from_year + 2, day=as_of.isoformat()
        )
    )
