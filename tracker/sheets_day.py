"""The situation of a day as typed tables: services with their continuity, every
stretch of coverage and every gap, the alerts and the open deadlines.

Each table words what the app, ``appalti continuity`` and ``appalti alerts`` say
on that day, from the same reads (``Tracker.continuity``, ``timeline``,
``alerts``, ``deadlines``) and the same sentences (``tracker.present``). A count
of days is a number beside its words; an unknown value is empty and the row's
last column says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta

from tracker.api import (
    Alert,
    ServiceContinuity,
    ServiceRow,
    ServiceTimeline,
    Tracker,
)
from tracker.domain.continuity import SourceKind, act_by_matters
from tracker.domain.days import days_from_to, days_to
from tracker.domain.deadlines import DeadlineKind, deadline_status
from tracker.domain.feed import FeedEvent
from tracker.domain.next_gap import next_gap
from tracker.drafts import DeadlineDraft
from tracker.errors import N_
from tracker.formatting import Formatter
from tracker.i18n import _, language
from tracker.present.alerts import alert_countdown, alert_days, severity_word
from tracker.present.calendar import KINDS as CALENDAR_KINDS
from tracker.present.continuity import coverage_words, uncertain_words
from tracker.present.countdowns import due
from tracker.present.sheet_columns import (
    MISSING,
    choice,
    form_columns,
    missing,
    precision,
    text,
)
from tracker.present.tables import SHEET_TITLES, Cell, Column, Table
from tracker.vocabulary import continuity_word, term

Row = tuple[Cell, ...]
ONE_DAY = timedelta(days=1)
DAYS = Column("days", N_("Days (negative: past)"), "integer")
"""A countdown as a number: days ahead, or (negative) days since it passed."""


def _next_gap(
    c: ServiceContinuity, fmt: Formatter
) -> tuple[date | None, int | None, str | None]:
    """The next gap's first day, its length and why the length is unknown or
    still growing."""
    gap = next_gap(c)
    if gap is None:
        return None, None, None
    if gap.end is not None:
        return gap.start, gap.days, None
    if gap.days is not None:
        return (
            gap.start,
            gap.days,
            _("still open on {day}: days so far").format(day=fmt.day(c.as_of)),
        )
    return (
        gap.start,
        None,
        _("nothing contracted after {day}: the gap has no end yet").format(
            day=fmt.day(gap.start - ONE_DAY)
        ),
    )


def _tender_status(c: ServiceContinuity) -> str | None:
    tender = c.next_tender
    if tender is None:
        return None
    words = term(tender.status)
    if tender.funding_pending:
        words += ", " + _("funding awaiting confirmation")
    return words


def _service_row(
    s: ServiceRow, c: ServiceContinuity | None, as_of: date, fmt: Formatter
) -> Row:
    own = (
        s.ref,
        s.name,
        s.neighbourhood,
        s.neighbourhood_name,
        s.required_from,
        s.required_until,
        text(s.programme),
        text(s.site),
        text(s.address),
        text(s.note),
    )
    window = (
        precision(N_("Required from"), s.required_from_precision),
        None if s.required_until else _("required with no end set"),
        precision(N_("Required until"), s.required_until_precision)
        if s.required_until
        else None,
    )
    if c is None:  # a service added after the continuity was read
        unknown = (None,) * (len(SERVICE_COLUMNS) - len(own) - 1)
        return (*own, *unknown, missing(*window))
    gap_from, gap_days, gap_reason = _next_gap(c, fmt)
    return (
        *own,
        continuity_word(c.status.value),
        c.covered_until,
        None if c.current is None else c.current.ref,
        None if c.successor is None else c.successor.ref,
        None if c.successor is None else c.successor.start,
        gap_from,
        gap_days,
        c.act_by if act_by_matters(c.status) else None,
        None if c.next_tender is None else c.next_tender.ref,
        _tender_status(c),
        missing(
            *window,
            None if c.covered_until else coverage_words(c, as_of, fmt),
            uncertain_words(c, fmt),
            gap_reason,
        ),
    )


SERVICE_COLUMNS = (
    *form_columns("new_service", skip=("municipio",)),
    Column("programme", N_("Programme")),
    Column("site", N_("Site")),
    Column("address", N_("Address")),
    Column("note", N_("Note")),
    Column("status", N_("Continuity")),
    Column("covered_until", N_("Covered until"), "date"),
    Column("covered_by", N_("Covered by")),
    Column("next_cover", N_("Next cover")),
    Column("next_cover_from", N_("Next cover from"), "date"),
    Column("uncovered_from", N_("Uncovered from"), "date"),
    Column("uncovered_days", N_("Days uncovered"), "integer"),
    Column("act_by", N_("Start the successor procedure by"), "date"),
    Column("next_tender", N_("Next tender")),
    Column("next_tender_status", N_("Next tender's status")),
    MISSING,
)
"""A service's form (its neighbourhood's municipio, asked of a new one only, is no
list's), its record, then its continuity on the day."""


def services_table(
    pages: Iterable[Sequence[ServiceRow]],
    continuity: Mapping[str, ServiceContinuity],
    as_of: date,
) -> Table:
    """Every service by ref with its continuity on ``as_of``: covered until when
    and by what, who covers it next, the gap open or ahead and its length, the
    day to start the successor procedure by, the next tender."""

    def rows() -> Iterator[Row]:
        fmt = Formatter(language())
        for page in pages:
            for s in page:
                yield _service_row(s, continuity.get(s.ref), as_of, fmt)

    return Table("service", SHEET_TITLES["service"], SERVICE_COLUMNS, rows())


STRETCH_WORDS = {
    "base": N_("contract"),
    "option": N_("exercised option"),
    SourceKind.IN_HOUSE.value: N_("in-house"),
    "gap": N_("gap"),
    "uncertain": N_("uncertain cover"),
}
"""What a stretch of a service's timeline is, in words."""


def _stretches(t: ServiceTimeline, as_of: date, fmt: Formatter) -> Iterator[Row]:
    """The rows of one service's stretches, by first day (a period before a gap
    or an uncertain run beginning the same day)."""
    c = t.continuity
    found: list[tuple[date, int, str, Row]] = []
    for p in t.coverage:
        sources: tuple[str | None, str | None, str | None]
        if p.kind is SourceKind.IN_HOUSE:
            kind, sources = p.kind.value, (None, None, p.ref)
        elif p.part == "base":
            kind, sources = "base", (p.ref, None, None)
        else:
            kind, sources = "option", (p.ref, p.part, None)
        days = days_from_to(p.start, p.end)
        found.append((p.start, 0, kind, (p.start, p.end, *sources, days, None)))
    for g in c.gaps:
        open_on = None
        if g.end is None:
            open_on = _("still open on {day}: days so far").format(day=fmt.day(as_of))
        row: Row = (g.start, g.end, None, None, None, g.days, open_on)
        found.append((g.start, 1, "gap", row))
    for u in c.uncertain:
        span = None if u.end is None else days_from_to(u.start, u.end)
        reason = _("a contract known by one end only may cover these days")
        if u.end is None:
            reason += "; " + _("no end known")
        row = (u.start, u.end, ", ".join(u.refs), None, None, span, reason)
        found.append((u.start, 2, "uncertain", row))
    for _start, _order, kind, cells in sorted(found, key=lambda f: (f[0], f[1])):
        yield (c.service, c.name, _(STRETCH_WORDS[kind]), *cells)


CONTINUITY_COLUMNS = (
    Column("service", N_("Service")),
    Column("name", N_("Name")),
    Column("kind", N_("Kind")),
    Column("start", N_("From"), "date"),
    Column("end", N_("To"), "date"),
    Column("contract", N_("Contract")),
    Column("option", N_("Option")),
    Column("in_house", N_("In-house period")),
    Column("days", N_("Days"), "integer"),
    MISSING,
)


def continuity_table(timelines: Iterable[ServiceTimeline], as_of: date) -> Table:
    """One row per stretch of each service's timeline as of ``as_of``, as the
    app's timeline draws it: each contract's base period, each exercised option,
    each in-house period, each gap in the required window and each run of days a
    contract known by one end may cover."""

    def rows() -> Iterator[Row]:
        fmt = Formatter(language())
        for t in timelines:
            yield from _stretches(t, as_of, fmt)

    return Table("continuity", SHEET_TITLES["continuity"], CONTINUITY_COLUMNS, rows())


ALERT_COLUMNS = (
    Column("severity", N_("Severity")),
    DAYS,
    Column("when", N_("When")),
    Column("due", N_("Due"), "date"),
    Column("record", N_("Record")),
    Column("name", N_("Name")),
    Column("about", N_("About")),
    Column("message", N_("What to do")),
    MISSING,
)


def alerts_table(alerts: Iterable[Alert], as_of: date) -> Table:
    """The alerts of ``as_of``, most urgent first, each with its severity and its
    countdown in words and in days, as the digest and ``appalti alerts`` say it."""

    def rows() -> Iterator[Row]:
        for a in alerts:
            days = alert_days(a, as_of)
            reason = None
            if a.due is None:
                reason = _("no day attached")
            elif days is None:
                reason = _("a question asked once: no countdown")
            yield (
                severity_word(a.severity.value),
                days,
                alert_countdown(a, as_of) or None,
                a.due,
                a.ref,
                text(a.subject),
                term(a.kind.value),
                a.message,
                reason,
            )

    return Table("alert", SHEET_TITLES["alert"], ALERT_COLUMNS, rows())


BY_HAND = N_("entered by hand")
"""The origin of a deadline that is a record of its own: the spreadsheet import
reads back these rows only (the others follow their records)."""

DEADLINE_COLUMNS = (
    *form_columns("deadline"),
    Column("origin", N_("Origin")),
    Column("next_due", N_("Next due"), "date"),
    Column("state", N_("State")),
    DAYS,
    Column("when", N_("When")),
    Column("moved_from", N_("Moved from (holiday)"), "date"),
    MISSING,
)
"""An explicit deadline's form (its first due day, its recurrence), then, for it
and for each derived deadline, the day it is next due and how far that is."""


def _deadline_row(event: FeedEvent, record: DeadlineDraft | None, as_of: date) -> Row:
    d = event.deadline
    if record is None:
        form: Row = (None, d.title, d.due, d.lead_days, text(d.owner), d.subject)
        form += (None, None, None)
        origin = _(CALENDAR_KINDS.get(DeadlineKind(d.kind), d.kind))
        reason = _("derived from its record: it changes with the record")
    else:
        form = (
            record.ref,
            record.title,
            record.due,
            record.lead_days,
            text(record.owner),
            record.subject,
            choice(record.recurrence.value),
            record.recurrence_until,
            text(record.note),
        )
        origin, reason = _(BY_HAND), None
    return (
        *form,
        origin,
        d.due,
        term(deadline_status(d, as_of).value),
        days_to(d.due, as_of),
        due(d.due, as_of),
        d.moved_from,
        reason,
    )


def deadlines_table(
    events: Iterable[FeedEvent], records: Mapping[str, DeadlineDraft], as_of: date
) -> Table:
    """The deadlines open on ``as_of`` (overdue or ahead) as the calendar feed
    holds them, by the day each is next due: derived ones, which have no
    reference of their own (they follow their record), and those entered by
    hand, a recurring one once with its recurrence in words."""

    def rows() -> Iterator[Row]:
        for event in events:
            explicit = event.deadline.kind == DeadlineKind.EXPLICIT
            record = records.get(event.key) if explicit else None
            yield _deadline_row(event, record, as_of)

    return Table("deadline", SHEET_TITLES["deadline"], DEADLINE_COLUMNS, rows())


def _services(tracker: Tracker, day: date) -> Table:
    continuity = {c.service: c for c in tracker.continuity(day)}
    return services_table(tracker.service_pages(), continuity, day)


def _deadlines(tracker: Tracker, day: date) -> Table:
    records = {d.ref: d for d in tracker.deadline_records()}
    return deadlines_table(tracker.calendar(day).events, records, day)


SHEETS: dict[str, Callable[[Tracker, date], Table]] = {
    "service": _services,
    "deadline": _deadlines,
    "alert": lambda tracker, day: alerts_table(tracker.alerts(day), day),
    "continuity": lambda tracker, day: continuity_table(tracker.timeline(day), day),
}
"""The sheets of this module by key (``SHEET_TITLES``), each as of a day."""
