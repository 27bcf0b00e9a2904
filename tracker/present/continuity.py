"""The continuity of a service in words: its gap, its coverage, who covers it next,
the day to start the successor procedure by and the next tender.

The CLI, the app's timeline and details and the PDFs say these facts in the same
words; each sentence is made here, once, from the continuity of the domain.
"""

from __future__ import annotations

from datetime import date

from tracker.domain.continuity import STATUS_ORDER as STATUS_ORDER
from tracker.domain.continuity import ServiceContinuity, act_by_matters
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext
from tracker.present.countdowns import due, open_since, until
from tracker.vocabulary import continuity_word, term


def status_capitals(status: str) -> str:
    """ "GAP", "AT RISK", "UNCERTAIN", "OK", "NOT REQUIRED": for the head of a
    line of text."""
    return {
        "gap": _("GAP"),
        "at_risk": _("AT RISK"),
        "uncertain": _("UNCERTAIN"),
        "ok": _("OK"),
        "not_required": _("NOT REQUIRED"),
    }[status]


def open_gap_words(c: ServiceContinuity, as_of: date, fmt: Formatter) -> str | None:
    """ "uncovered since 01/01/2023 (for 17 days)", or None with no open gap."""
    gap = c.open_gap
    if gap is None:
        return None
    return _("uncovered since {day} ({since})").format(
        day=fmt.day(gap.start), since=open_since(gap.start, as_of)
    )


def coverage_words(c: ServiceContinuity, as_of: date, fmt: Formatter) -> str:
    """Until when the service is covered, or when it last was."""
    if c.covered_until is None and c.uncertain:
        return _("no coverage known for sure")
    if c.covered_until is None:
        return _("never covered")
    if c.covered_until < as_of:
        return _("last covered {day}").format(day=fmt.day(c.covered_until))
    return _("covered until {day} ({countdown})").format(
        day=fmt.day(c.covered_until), countdown=until(c.covered_until, as_of)
    )


def uncertain_spans(c: ServiceContinuity, fmt: Formatter) -> str:
    """The days contracts known by one end only may cover, as
    "01/01/2023–31/12/2023 (C1)", joined; an open stretch "from 01/03/2023"."""
    spans = []
    for u in c.uncertain:
        days = (
            _("from {day}").format(day=fmt.day(u.start))
            if u.end is None
            else f"{fmt.day(u.start)}–{fmt.day(u.end)}"
        )
        spans.append(f"{days} ({', '.join(u.refs)})")
    return ", ".join(spans)


def uncertain_words(c: ServiceContinuity, fmt: Formatter) -> str | None:
    """ "coverage uncertain (a contract known by one end only): …", or None."""
    if not c.uncertain:
        return None
    return _("coverage uncertain (a contract known by one end only): {spans}").format(
        spans=uncertain_spans(c, fmt)
    )


def required_words(c: ServiceContinuity, fmt: Formatter) -> str:
    """Until when the service is required."""
    if c.required_until is None:
        return _("required with no end set")
    return _("required until {day}").format(day=fmt.day(c.required_until))


def current_words(c: ServiceContinuity) -> str | None:
    """Who covers the service today."""
    return None if c.current is None else _("by {ref}").format(ref=c.current.ref)


def successor_words(c: ServiceContinuity, fmt: Formatter) -> str | None:
    """Who covers the service next, from when."""
    if c.successor is None:
        return None
    return _("then {ref} from {day}").format(
        ref=c.successor.ref, day=fmt.day(c.successor.start)
    )


def act_by_words(c: ServiceContinuity, as_of: date, fmt: Formatter) -> str | None:
    """The day to start the successor procedure by, with its countdown, where a
    day to act by matters."""
    if c.act_by is None or not act_by_matters(c.status):
        return None
    return _("start the successor procedure by {day} ({countdown})").format(
        day=fmt.day(c.act_by), countdown=due(c.act_by, as_of)
    )


def next_tender_words(c: ServiceContinuity) -> str | None:
    """The next tender of the service and its status."""
    tender = c.next_tender
    if tender is None:
        return None
    words = _("next tender {ref}: {status}").format(
        ref=tender.ref, status=term(tender.status)
    )
    if tender.funding_pending:
        words += ", " + _("funding awaiting confirmation")
    return words


def service_facts(
    c: ServiceContinuity, as_of: date, fmt: Formatter, *, required: bool
) -> list[str]:
    """What the committee reads about a service, in order: its gap, its coverage,
    (its required window,) who covers it now and next, the day to act by and the
    next tender."""
    facts = [
        open_gap_words(c, as_of, fmt),
        coverage_words(c, as_of, fmt),
        uncertain_words(c, fmt),
        required_words(c, fmt) if required else None,
        current_words(c),
        successor_words(c, fmt),
        act_by_words(c, as_of, fmt),
        next_tender_words(c),
    ]
    return [fact for fact in facts if fact is not None]


def gap_spans(c: ServiceContinuity, state: str, fmt: Formatter) -> str:
    """The gaps of a state (past, future) as "01/01/2020–31/03/2020 (91)", joined."""
    return ", ".join(
        f"{fmt.day(g.start)}–{fmt.day(g.end)} ({g.days})"
        for g in c.gaps
        if g.state.value == state
    )


def contracted_words(c: ServiceContinuity, as_of: date, fmt: Formatter) -> str:
    """Until when contracts (exercised options included) cover the service."""
    if c.coverage_ends is not None and c.coverage_ends >= as_of:
        return _("Contracted until {day} ({countdown}).").format(
            day=fmt.day(c.coverage_ends), countdown=until(c.coverage_ends, as_of)
        )
    if any(u.end is None or u.end >= as_of for u in c.uncertain):
        return _("Nothing contracted for sure: {spans}.").format(
            spans=uncertain_spans(c, fmt)
        )
    return _("Nothing contracted from {day} on.").format(day=fmt.day(as_of))


def missing_words(c: ServiceContinuity, fmt: Formatter) -> str:
    """The gaps still open or ahead, or what needs covering after the contracts."""
    missing = [
        _("uncovered since {day}").format(day=fmt.day(g.start))
        if g.end is None
        else f"{fmt.day(g.start)} – {fmt.day(g.end)} ({g.days})"
        for g in c.gaps
        if g.state.value != "past"
    ]
    if missing:
        return "; ".join(missing)
    if c.act_by is not None and c.coverage_ends is not None:
        return _("cover after {day}").format(day=fmt.day(c.coverage_ends))
    return _("nothing")


def summary_line(
    name: str,
    c: ServiceContinuity,
    contracted_from: date | None,
    fmt: Formatter,
    *,
    as_of: date | None = None,
) -> str:
    """One sentence per service under a chart: its status and its coverage.

    ``contracted_from`` is the first day any source covers the service (None:
    never covered); a day to act by before ``as_of`` reads as passed."""
    status = continuity_word(c.status.value)
    if c.covered_until is None and c.uncertain:
        return _("{service}: {status}; coverage uncertain: {spans}.").format(
            service=name, status=status, spans=uncertain_spans(c, fmt)
        )
    if c.covered_until is None and contracted_from is None:
        return _("{service}: {status}; never covered.").format(
            service=name, status=status
        )
    if c.covered_until is None:
        return _("{service}: {status}; contracted from {start} to {end}.").format(
            service=name,
            status=status,
            start=fmt.day(contracted_from),
            end=fmt.day(c.coverage_ends),
        )
    if as_of is not None and c.act_by is not None and c.act_by < as_of:
        return _(
            "{service}: {status}; covered until {covered}; the day to start the "
            "successor passed on {act_by}."
        ).format(
            service=name,
            status=status,
            covered=fmt.day(c.covered_until),
            act_by=fmt.day(c.act_by),
        )
    return _(
        "{service}: {status}; covered until {covered}; start the successor by {act_by}."
    ).format(
        service=name,
        status=status,
        covered=fmt.day(c.covered_until),
        act_by=fmt.day(c.act_by),
    )


def gap_lengths(days: int, *, by_years: bool) -> list[str]:
    """A gap's length, longest wording first: months in a view of years (for gaps of
    two months or more), days otherwise."""
    if by_years and days >= 60:
        n = round(days / 30.44)
        return [
            ngettext("{n} month", "{n} months", n).format(n=n),
            _("{n} mo.").format(n=n),
        ]
    return [
        ngettext("{n} day", "{n} days", days).format(n=days),
        _("{n} d").format(n=days),
    ]


def gap_labels(days: int, *, by_years: bool) -> list[str]:
    """What a gap's label on a chart can say, from the longest to the shortest."""
    lengths = gap_lengths(days, by_years=by_years)
    return [
        *(_("uncovered {length}").format(length=length) for length in lengths),
        *lengths,
    ]
