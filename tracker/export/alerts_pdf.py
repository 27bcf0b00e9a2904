"""The alerts of a day as an A4 PDF: the list the app opens on, on paper, to hand
to a colleague or attach to the morning e-mail.

It shows what the app shows: the alerts most urgent first, grouped by severity,
each with its severity in words, its countdown, its day, the record it is about and
what it says; alerts someone snoozed are left out (as in the app, which lists them
apart) and their number is said.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from tracker.domain.alerts import Alert, Severity
from tracker.export.document import para, table, write_pdf
from tracker.export.styles import CRITICAL, MUTED, WARNING, WIDTH, styles, text
from tracker.formatting import ROME, Formatter
from tracker.i18n import _, ngettext
from tracker.present.alerts import alert_countdown, severity_heading, severity_word

COLOUR: dict[Severity, Color] = {
    # the word carries the meaning; the colour only helps the eye
    Severity.CRITICAL: CRITICAL,
    Severity.WARNING: WARNING,
    Severity.INFO: MUTED,
}
WIDTHS = (22 * mm, 30 * mm, 42 * mm, WIDTH - 94 * mm)
"""Severity, when, the record, the situation and what to do."""
FIRST_ROWS = 45 * mm
"""Room for a group's heading, its table's header and its first alerts."""


def alerts_pdf(
    as_of: date,
    within: int,
    alerts: Sequence[Alert],
    *,
    fmt: Formatter,
    made_at: datetime,
    author: str = "",
    snoozed: int = 0,
) -> bytes:
    """The alert list of ``as_of`` as an A4 PDF, in the active language.

    ``alerts`` as ``Tracker.alerts`` (or ``Tracker.findings(...).alerts``) returns
    them, most urgent first; ``within`` the horizon they were read with;
    ``made_at`` the moment it is made (a naive one is UTC), printed in Rome's time;
    ``snoozed`` how many alerts a snooze hides (``Findings.snoozed``). The same
    arguments give the same bytes."""
    out = io.BytesIO()
    title = _("Alerts as of {day}").format(day=fmt.day(as_of))
    write_pdf(
        out,
        alerts_story(as_of, within, alerts, fmt=fmt, made_at=made_at, snoozed=snoozed),
        title=title,
        subject=_("Situation as of {day}").format(day=fmt.day(as_of)),
        author=author,
        header=title,
        footer=_("appalti · situation as of {day}").format(day=fmt.day(as_of)),
    )
    return out.getvalue()


def write_alerts_pdf(
    path: Path,
    as_of: date,
    within: int,
    alerts: Sequence[Alert],
    *,
    fmt: Formatter,
    made_at: datetime,
    author: str = "",
    snoozed: int = 0,
) -> None:
    """``alerts_pdf`` written to ``path`` whole or not at all, readable by its owner
    only; a path that cannot be written is a TrackerError naming it."""
    from tracker.files import write_private_bytes

    content = alerts_pdf(
        as_of,
        within,
        alerts,
        fmt=fmt,
        made_at=made_at,
        author=author,
        snoozed=snoozed,
    )
    write_private_bytes(path, content)


def alerts_story(
    as_of: date,
    within: int,
    alerts: Sequence[Alert],
    *,
    fmt: Formatter,
    made_at: datetime,
    snoozed: int = 0,
) -> list[Flowable]:
    """The title, the counts, then one table per severity, the most urgent first."""
    if made_at.tzinfo is None:
        made_at = made_at.replace(tzinfo=UTC)
    local = made_at.astimezone(ROME)
    day = fmt.day(as_of)
    counts = [
        (severity, sum(1 for a in alerts if a.severity is severity))
        for severity in Severity
    ]
    if alerts:
        summary = " · ".join(severity_heading(s, n) for s, n in counts if n)
    else:
        summary = _("Nothing is due as of {day}.").format(day=day)
    story: list[Flowable] = [
        para(_("Alerts as of {day}").format(day=day), "title"),
        para(summary, "subtitle"),
        para(_("Most urgent first; deadlines within {days} days.").format(days=within)),
        para(
            _("Made on {day} at {time} from the appalti database.").format(
                day=fmt.day(local.date()), time=f"{local:%H:%M}"
            ),
            "small",
        ),
    ]
    if snoozed:
        story.append(
            para(
                ngettext(
                    "{n} snoozed alert is not listed.",
                    "{n} snoozed alerts are not listed.",
                    snoozed,
                ).format(n=snoozed)
            )
        )
    for severity, count in counts:
        if count:
            story += _group(
                severity,
                count,
                [a for a in alerts if a.severity is severity],
                as_of,
                fmt,
            )
    return story


def _group(
    severity: Severity,
    count: int,
    alerts: Sequence[Alert],
    as_of: date,
    fmt: Formatter,
) -> list[Flowable]:
    word = ParagraphStyle(
        f"severity-{severity.value}",
        parent=styles()["cell_bold"],
        textColor=COLOUR[severity],
    )
    rows = [_row(alert, word, as_of, fmt) for alert in alerts]
    grid = table(
        [_("Severity"), _("When"), _("About"), _("Situation, what to do")],
        rows,
        WIDTHS,
    )
    # a heading kept with the whole table would push a long group to the next
    # page: it goes to a new page only when its first alerts would not follow it
    alone = ParagraphStyle("h2-alone", parent=styles()["h2"], keepWithNext=0)
    title = Paragraph(text(severity_heading(severity, count)), alone)
    return [CondPageBreak(FIRST_ROWS), title, grid]


def _row(
    alert: Alert, word: ParagraphStyle, as_of: date, fmt: Formatter
) -> list[str | Flowable]:
    """Its severity in ``word``'s style, its day and countdown, its record's
    reference and name, and its sentence."""
    s = styles()
    when = [fmt.day(alert.due, missing=""), alert_countdown(alert, as_of)]
    about = f"<b>{text(alert.ref)}</b>"
    if alert.subject and alert.subject != alert.ref:
        about += f"<br/>{text(alert.subject)}"
    return [
        Paragraph(text(severity_word(alert.severity.value)), word),
        Paragraph("<br/>".join(text(w) for w in when if w), s["cell"]),
        Paragraph(about, s["cell"]),
        alert.message,
    ]
