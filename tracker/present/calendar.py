"""The calendar feed's words: each event's title, what to do, why it falls on its
day, and its categories, in the active language.

The words do not depend on the day of the export (no "in 12 days"): an event
changes, and a calendar updates it, only when the deadline itself changes.
"""

from __future__ import annotations

from tracker.domain.deadlines import Deadline, DeadlineKind, split_derived_key
from tracker.domain.feed import ALARM_HOUR, FeedEvent, Series
from tracker.domain.kinds import Recurrence
from tracker.formatting import Formatter, printable
from tracker.i18n import _, ngettext
from tracker.vocabulary import N_

KINDS = {
    DeadlineKind.CONTRACT_END: N_("contract end"),
    DeadlineKind.OPTION_DECISION: N_("option decision"),
    DeadlineKind.TENDER_MILESTONE: N_("tender milestone"),
    DeadlineKind.FUNDING_ELIGIBILITY_END: N_("end of eligibility"),
    DeadlineKind.PROGRAMME_END: N_("programme end"),
    DeadlineKind.EXPLICIT: N_("deadline entered by hand"),
    DeadlineKind.SUCCESSOR_START: N_("successor procedure"),
}

ACTIONS = {
    "end": N_(
        "make sure a successor contract or an exercised option covers the service "
        "from the next day"
    ),
    "decision": N_("exercise the option or let it lapse, with the act that decides it"),
    "start": N_("start the procedure, so that the service can begin on time"),
    "publication": N_("publish the tender"),
    "offers": N_("the offers close: appoint the committee that will open them"),
    "award": N_("award the tender"),
    "standstill": N_("the standstill period ends: the contract may be signed"),
    "signature": N_("sign the contract"),
    "eligibility": N_(
        "spend and report before the source's eligibility ends: it pays for "
        "nothing later"
    ),
}

BASES = {
    "end": N_("the contract's last day, its exercised options included"),
    "start": N_(
        "the service's planned start, less the lead time of the procedure's type"
    ),
    "offers": N_(
        "the day the tender sets; a term falling on a holiday moves to the next "
        "working day (art. 2963 c.c.)"
    ),
    "standstill": N_(
        "the day the tender sets; a term falling on a holiday moves to the next "
        "working day (art. 2963 c.c.)"
    ),
    "eligibility": N_("the last day of the funding source's eligibility"),
}

REPEATS = {
    Recurrence.MONTHLY: N_("every month"),
    Recurrence.QUARTERLY: N_("every three months"),
    Recurrence.YEARLY: N_("every year"),
}


def calendar_name() -> str:
    return _("appalti: deadlines")


def summary(event: FeedEvent) -> str:
    """The event's title, on one line."""
    return printable(event.deadline.title)


def categories(event: FeedEvent, *, overdue: bool) -> list[str]:
    """The kind of deadline, whether it is an action or an event, and overdue."""
    d = event.deadline
    words = [_(KINDS[DeadlineKind(d.kind)])]
    words.append(_("to do") if d.actionable else _("event"))
    if overdue:
        words.append(_("overdue"))
    return words


def description(event: FeedEvent, fmt: Formatter, *, notice_days: int) -> str:
    """The record, what to do, why the day is this one, the alarm, the owner."""
    d = event.deadline
    lines = [
        _("Record: {ref}").format(ref=printable(d.subject)),
        _("What to do: {action}").format(action=_action(d)),
        _("Due on {day}: {basis}").format(
            day=fmt.day(d.due), basis=_basis(d, notice_days)
        ),
    ]
    if event.series is not None:
        lines.append(_repeats(event.series, fmt))
    lines.append(alarm_words(d))
    if d.owner:
        lines.append(_("Owner: {owner}").format(owner=printable(d.owner)))
    lines.append(_("Deadline key: {key}").format(key=printable(event.key)))
    return "\n".join(lines)


def alarm_words(d: Deadline) -> str:
    if d.lead_days <= 0:
        return _("Alarm: on the day, at {hour}:00.").format(hour=ALARM_HOUR)
    return ngettext(
        "Alarm: {n} day before, at {hour}:00.",
        "Alarm: {n} days before, at {hour}:00.",
        d.lead_days,
    ).format(n=d.lead_days, hour=ALARM_HOUR)


def alarm_description(event: FeedEvent, fmt: Formatter) -> str:
    return _("{title} ({day})").format(
        title=summary(event), day=fmt.day(event.deadline.due)
    )


def _part(d: Deadline) -> str | None:
    split = split_derived_key(d.key)
    return None if split is None else split[1]


def _action(d: Deadline) -> str:
    if d.kind == DeadlineKind.EXPLICIT:
        return _("{title}; once done: {command}").format(
            title=printable(d.title),
            command=f"appalti deadline done {printable(d.key.partition('@')[0])}",
        )
    if d.kind == DeadlineKind.PROGRAMME_END:
        return _("social accompaniment must run until this day")
    if d.kind == DeadlineKind.SUCCESSOR_START:
        return _(
            "start the procedure of the contract that will follow, or exercise an "
            "option, so that the service has no gap"
        )
    part = _part(d)
    return _(ACTIONS[part]) if part in ACTIONS else printable(d.title)


def _basis(d: Deadline, notice_days: int) -> str:
    part = _part(d)
    if d.kind == DeadlineKind.EXPLICIT:
        return _("the day entered with the deadline")
    if d.kind == DeadlineKind.PROGRAMME_END:
        return _("the programme's last day")
    if d.kind == DeadlineKind.SUCCESSOR_START:
        return _(
            "the first day the service is required and not covered, less the lead "
            "time of its procedure"
        )
    if d.kind == DeadlineKind.OPTION_DECISION:
        return ngettext(
            "{n} day before the end the option extends (option_notice_days)",
            "{n} days before the end the option extends (option_notice_days)",
            notice_days,
        ).format(n=notice_days)
    if part in BASES:
        return _(BASES[part])
    return _("the day the tender sets")


def _repeats(series: Series, fmt: Formatter) -> str:
    every = _(REPEATS[series.recurrence])
    if series.until is None:
        return _("Repeats {every}, from its first occurrence still open.").format(
            every=every
        )
    return _(
        "Repeats {every} until {day}, from its first occurrence still open."
    ).format(every=every, day=fmt.day(series.until))
