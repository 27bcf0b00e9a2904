"""The committee report: the continuity of every service, by programme and
neighbourhood, with figures, sites, history, what is missing and what to decide."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from tracker.export.chart import continuity_chart, continuity_charts
from tracker.export.document import alerts_table, heading, para, table, write_pdf
from tracker.export.styles import WIDTH
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.continuity import (
    STATUS_ORDER,
    act_by_words,
    contracted_words,
    missing_words,
)
from tracker.present.periods import period_words
from tracker.queries.committee import (
    CommitteeData,
    NeighbourhoodFacts,
    ProgrammeSection,
    ServiceSection,
)
from tracker.queries.dossier import ServiceTimeline
from tracker.vocabulary import continuity_word as status_word
from tracker.vocabulary import term


def _figures(n: NeighbourhoodFacts, fmt: Formatter) -> list[list[str]]:
    inhabitants = fmt.number(n.inhabitants)
    if n.inhabitants is not None and n.inhabitants_approximate:
        inhabitants = _("about {number}").format(number=inhabitants)
    return [
        [_("Municipio"), str(n.municipio or "-")],
        [_("Inhabitants"), inhabitants],
        [_("Households"), fmt.number(n.households, missing=_("not stated"))],
        [_("ERP dwellings"), fmt.number(n.erp_dwellings)],
        [_("Figures refer to"), n.figures_basis or _("not stated")],
    ]


def _service(
    section: ServiceSection, data: CommitteeData, fmt: Formatter
) -> tuple[list[Flowable], list[Flowable]]:
    s = section.timeline.service
    c = section.timeline.continuity
    as_of = data.as_of
    story: list[Flowable] = [heading(f"{s.name} · {status_word(c.status.value)}", 2)]
    n = section.neighbourhood
    facts = _figures(n, fmt)
    if section.site is not None:
        site = section.site
        where = ", ".join(
            x
            for x in (site.address, site.space_kind, site.floor, term(site.owner))
            if x
        )
        facts.append([_("Site"), where])
        if site.condition_notes:
            facts.append([_("Condition of the site"), site.condition_notes])
    story.append(table([n.name, ""], facts, [50 * mm, WIDTH - 50 * mm]))
    if n.note:
        story.append(para(n.note, "small"))
    story.append(Spacer(1, 2 * mm))
    story.append(continuity_chart([section.timeline], as_of, fmt, WIDTH))
    history = [
        [
            p.ref,
            p.title,
            p.supplier or (_("in-house") if p.in_house else _("not stated")),
            period_words(fmt, p.start, p.start_precision, p.end, p.end_precision),
        ]
        for p in section.history
    ]
    if history:
        story.append(
            table(
                [_("Ref"), _("Contract or period"), _("By"), _("Period")],
                history,
                [44 * mm, WIDTH - 138 * mm, 50 * mm, 44 * mm],
            )
        )
    lines = [
        [_("What is contracted"), contracted_words(c, as_of, fmt)],
        [_("What is missing"), missing_words(c, fmt)],
    ]
    act_by = act_by_words(c, as_of, fmt)
    if act_by is not None:
        lines.append([_("To decide by"), act_by])
    if c.next_tender is not None:
        lines.append(
            [_("Next tender"), f"{c.next_tender.ref}: {term(c.next_tender.status)}"]
        )
    if section.pending_funds:
        lines.append(
            [
                _("Funds pending"),
                "; ".join(
                    f"{p.source} ({term(p.status)}, "
                    f"{fmt.euro(p.amount, missing=_('amount not stated'))})"
                    for p in section.pending_funds
                ),
            ]
        )
    # a few lines: split across pages they would leave one or two alone
    story.append(
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                table([_("Item"), _("Situation")], lines, [40 * mm, WIDTH - 40 * mm]),
            ]
        )
    )
    # the heading, the figures, the chart and the history stay together
    return story[:6], story[6:]


def _decide_by(day: date | None, as_of: date, fmt: Formatter) -> str:
    """The day to decide by, marked as passed when it is before the as-of day."""
    if day is not None and day < as_of:
        return _("passed on {day}").format(day=fmt.day(day))
    return fmt.day(day)


def _at_a_glance(
    timelines: list[ServiceTimeline], as_of: date, fmt: Formatter
) -> Flowable:
    """Every service by urgency: its status, the end of its contracts, the day to
    decide by and its next tender."""
    summary = []
    for t in sorted(
        timelines,
        key=lambda t: STATUS_ORDER[t.continuity.status.value],
    ):
        c = t.continuity
        summary.append(
            [
                t.service.name,
                status_word(c.status.value),
                fmt.day(c.coverage_ends, missing=_("never")),
                _decide_by(c.act_by, as_of, fmt),
                f"{c.next_tender.ref} ({term(c.next_tender.status)})"
                if c.next_tender
                else "-",
            ]
        )
    return table(
        [
            _("Service"),
            _("Status"),
            _("Contracted until"),
            _("Decide by"),
            _("Next tender"),
        ],
        summary,
        [52 * mm, 24 * mm, 26 * mm, 30 * mm, WIDTH - 132 * mm],
    )


def _programme(
    programme: ProgrammeSection, data: CommitteeData, fmt: Formatter
) -> list[Flowable]:
    """A programme: its end, its services one by one, its tenders and its other
    neighbourhoods."""
    story: list[Flowable] = []
    title = programme.name or _("Services without a programme")
    story.append(heading(title))
    if programme.end is not None:
        story.append(
            para(
                _("Programme end: {day}").format(
                    day=fmt.day_with_precision(programme.end, programme.end_precision)
                )
            )
        )
    if programme.note:
        story.append(para(programme.note, "small"))
    for index, section in enumerate(programme.services):
        first, rest = _service(section, data, fmt)
        if index == 0:
            # the programme's heading goes with its first service, to a new page
            # only when the two do not fit on this one
            story = [KeepTogether([*story, *first])]
        else:
            story += [CondPageBreak(80 * mm), KeepTogether(first)]
        story += rest
    if programme.tenders:
        story.append(heading(_("Tenders of the programme"), 2))
        story.append(
            table(
                [_("Ref"), _("Title"), _("Status")],
                [
                    [ref, title, term(status)]
                    for ref, title, status in programme.tenders
                ],
                [44 * mm, WIDTH - 74 * mm, 30 * mm],
            )
        )
    for neighbourhood, service, other in programme.elsewhere:
        story.append(
            para(
                _(
                    "{neighbourhood}: the service {service} is reported under {programme}."
                ).format(neighbourhood=neighbourhood, service=service, programme=other)
            )
        )
    if not programme.services:
        # a programme of a few lines is not split, nor left alone on a last page
        story = [KeepTogether(story)]
    if programme.other_neighbourhoods:
        story.append(
            heading(
                _("Neighbourhoods of the programme without a service of their own"),
                2,
            )
        )
        for n in programme.other_neighbourhoods:
            story.append(
                table([n.name, ""], _figures(n, fmt), [50 * mm, WIDTH - 50 * mm])
            )
    return story


def committee_story(data: CommitteeData, fmt: Formatter) -> list[Flowable]:
    timelines: list[ServiceTimeline] = [
        s.timeline for p in data.programmes for s in p.services
    ]
    story: list[Flowable] = [
        Spacer(1, 20 * mm),
        para(_("Report to the council committee"), "subtitle"),
        para(
            _("Continuity of the services as of {day}").format(day=fmt.day(data.as_of)),
            "title",
        ),
        para(
            _("Made on {day} from the appalti database.").format(
                day=fmt.day(data.made_on)
            ),
            "small",
        ),
        heading(_("At a glance")),
    ]
    story.append(_at_a_glance(timelines, data.as_of, fmt))
    story.append(Spacer(1, 4 * mm))
    story += continuity_charts(timelines, data.as_of, fmt, WIDTH)
    if data.alerts:
        story.append(heading(_("What needs a decision"), 2))
        story.append(alerts_table(data.alerts, fmt))
    for programme in data.programmes:
        story += _programme(programme, data, fmt)
    return story


def write_committee_report(
    data: CommitteeData, out: BinaryIO, fmt: Formatter, *, author: str
) -> None:
    """The committee report as an A4 PDF."""
    title = _("Continuity of the services as of {day}").format(day=fmt.day(data.as_of))
    write_pdf(
        out,
        committee_story(data, fmt),
        title=title,
        subject=_("Report to the council committee"),
        author=author,
        header=title,
        footer=_("appalti · situation as of {day}").format(day=fmt.day(data.as_of)),
    )
