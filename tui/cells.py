"""Cells shared by the lists and the detail screens: continuity marks, deadline
countdowns and amounts as they read in a table."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from tracker.domain.continuity import ContinuityStatus
from tracker.formatting import Formatter, printable
from tracker.i18n import _
from tracker.present.countdowns import in_days, overdue_by
from tracker.vocabulary import continuity_word

CONTINUITY_LOOK: dict[str, tuple[str, str]] = {
    # status: (mark, style); the mark and the word carry the meaning, colour helps
    ContinuityStatus.GAP.value: ("■", "bold red"),
    ContinuityStatus.AT_RISK.value: ("▲", "bold yellow"),
    ContinuityStatus.UNCERTAIN.value: ("?", "magenta"),
    ContinuityStatus.OK.value: ("✓", "green"),
    ContinuityStatus.NOT_REQUIRED.value: ("·", "dim"),
}


def continuity_cell(status: str) -> Text:
    mark, style = CONTINUITY_LOOK[status]
    return Text(f"{mark} {continuity_word(status)}", style=style)


DEADLINE_STYLES = {
    "overdue": "bold red",
    "open": "",
    "passed": "dim",
    "done": "dim",
    "acknowledged": "dim",
}


def deadline_countdown(days: int, status: str) -> str:
    """ "in 12 days", "overdue by 3 days"; nothing for what is past and closed."""
    if days >= 0:
        return in_days(days)
    if status == "overdue":
        return overdue_by(-days)
    return ""


def clip(text: str | None, width: int) -> str:
    """Text cut to ``width`` characters with an ellipsis; "-" when missing."""
    if not text:
        return "-"
    text = printable(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def gross_text(fmt: Formatter, gross: Decimal | None, floor: bool = False) -> str:
    if gross is None:
        return _("not stated")
    amount = fmt.euro(gross)
    return _("at least {amount}").format(amount=amount) if floor else amount


def stated_sum(fmt: Formatter, total: Decimal, unstated: int) -> str:
    """A sum of amounts some of which are not stated: "not stated" when none is,
    "at least ..." when some are missing."""
    if not unstated:
        return fmt.euro(total)
    if not total:
        return _("not stated")
    return _("at least {amount}").format(amount=fmt.euro(total))
