"""The cells of the programme screen: the needs, the yearly figures and the
scenario, as the plan (``tracker.queries.planning.PlanData``) gives them.

User text (names, references) is shown as written (``tui.text``); the words come
from ``tracker.present``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from rich.text import Text

from tracker.api import PlanData, Purchase
from tracker.domain.commitments import YearRow
from tracker.domain.planning import Need
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext
from tracker.present.plan_view import (
    by_service,
    estimate_cell,
    funding_state,
    late_by,
    need_words,
    not_estimated_words,
    scenario_change,
    tender_words,
)
from tracker.present.programme import missing_words
from tui.text import literal

UNKNOWN_STYLE = "italic"
LATE_STYLE = "bold red"


def shown_needs(plan: PlanData) -> tuple[Need, ...]:
    """The needs listed: the baseline's (the scenario says beside each what it
    changes)."""
    return plan.baseline.needs


def need_columns(plan: PlanData) -> list[str]:
    """With a scenario, what it makes of each need comes third, in sight at 80
    columns; the funds and the tender, in the line under the table, give it room."""
    if plan.scenario is not None:
        return [
            _("Service"),
            _("To cover"),
            _("In the scenario"),
            _("Start by"),
            _("When"),
            _("Estimated value"),
        ]
    return [
        _("Service"),
        _("To cover"),
        _("Start by"),
        _("When"),
        _("Estimated value"),
        _("Tender"),
        _("Funding"),
    ]


def need_cells(plan: PlanData, as_of: date, fmt: Formatter) -> list[list[Text]]:
    rows = []
    scenario, other = plan.scenario, plan.with_scenario
    remaining = by_service(other.needs) if other is not None else {}
    for need in shown_needs(plan):
        late = need.procedure_start_by < as_of
        start_by = [
            Text(fmt.day(need.procedure_start_by), LATE_STYLE if late else ""),
            Text(late_by(need.procedure_start_by, as_of), LATE_STYLE if late else ""),
        ]
        value = Text(
            estimate_cell(need.estimate, fmt),
            "" if need.estimate.known else UNKNOWN_STYLE,
        )
        first = [
            literal(need.neighbourhood or need.service_name),
            Text(f"{fmt.day(need.start)}–{fmt.day(need.end)}"),
        ]
        if scenario is not None and other is not None:
            left = remaining.get(need.service, [])
            change = scenario_change(need, scenario, left, fmt, short=True)
            rows.append([*first, literal(change), *start_by, value])
        else:
            tender = literal(need.tender.ref if need.tender else "-")
            rows.append([*first, *start_by, value, tender, Text(funding_state(need))])
    return rows


def need_detail(plan: PlanData, index: int, as_of: date, fmt: Formatter) -> Text:
    """The highlighted need in full: its service, its words, its tender."""
    need = shown_needs(plan)[index]
    text = Text()
    text.append(literal(need.neighbourhood, "bold"))
    text.append(literal(f" · {need.service_name} [{need.service}]"))
    text.append("\n")
    words = [need_words(need, as_of, fmt)]
    tender = tender_words(need)
    if tender:
        words.append(tender)
    if plan.scenario is not None and plan.with_scenario is not None:
        left = by_service(plan.with_scenario.needs).get(need.service, [])
        change = scenario_change(need, plan.scenario, left, fmt)
        words.append(_("in the scenario: {change}").format(change=change))
    text.append(literal("; ".join(words)))
    return text


def year_columns(plan: PlanData) -> list[str]:
    years = plan.horizon.years
    return [
        _("VAT included"),
        *(str(year) for year in years),
        _("After {year}").format(year=years[-1]),
    ]


def _money(value: Decimal | None, fmt: Formatter) -> Text:
    if value is None:
        return Text(_("not known"), UNKNOWN_STYLE, justify="right")
    return Text(fmt.euro(value), justify="right")


def _row(label: str, row: YearRow, fmt: Formatter, style: str = "") -> list[Text]:
    return [
        Text(label, style),
        *(_money(f.value, fmt) for f in (*row.years, row.later)),
    ]


def year_cells(plan: PlanData, fmt: Formatter) -> list[list[Text]]:
    """The yearly figures, the years across: what the contracts commit, the
    funds confirmed and awaited, what was paid, the shortfall, and what the
    programme needs; with a scenario, its own commitment, shortfall and
    programme under the baseline's."""
    rows: list[list[Text]] = []
    base = plan.baseline.money
    if base is not None:
        c = base.commitments
        rows += [
            _row(_("Committed"), c.committed, fmt),
            _row(_("Confirmed funds"), c.confirmed, fmt),
            _row(_("Funds awaited"), c.awaited, fmt),
            _row(_("Paid"), c.paid, fmt),
            [Text(_("Shortfall"), "bold"), *(_money(g, fmt) for g in c.shortfall)],
            _row(_("Programme (scheda G)"), base.programme.scheda_g.total, fmt),
            [
                Text(_("Programme: still to find"), "bold"),
                *(_money(g, fmt) for g in base.programme.scheda_g.to_find),
            ],
        ]
    other = plan.with_scenario.money if plan.with_scenario else None
    if other is not None:
        c = other.commitments
        mark = _("scenario")
        rows += [
            _row(f"{_('Committed')} · {mark}", c.committed, fmt, "bold"),
            [
                Text(f"{_('Shortfall')} · {mark}", "bold"),
                *(_money(g, fmt) for g in c.shortfall),
            ],
            _row(
                f"{_('Programme (scheda G)')} · {mark}",
                other.programme.scheda_g.total,
                fmt,
                "bold",
            ),
            [
                Text(f"{_('Programme: still to find')} · {mark}", "bold"),
                *(_money(g, fmt) for g in other.programme.scheda_g.to_find),
            ],
        ]
    return rows


def years_note(plan: PlanData) -> Text:
    """What the figures leave out: the contracts whose amount is not stated,
    the purchases not estimated."""
    notes = []
    money = plan.baseline.money
    if money is not None:
        missing = missing_words(money.commitments.committed.total)
        if missing:
            notes.append(_("Committed: {missing}.").format(missing=missing))
    for label, side in (
        (_("baseline"), plan.baseline),
        (_("scenario"), plan.with_scenario),
    ):
        if side is not None and side.money is not None:
            note = not_estimated_words(side.money.programme, label)
            if note:
                notes.append(note)
    return literal("\n".join(notes), "italic", multiline=True)


def scenario_line(plan: PlanData) -> Text:
    """The needs counted and the scenario shown."""
    text = Text()
    count = len(shown_needs(plan))
    text.append(ngettext("{count} need", "{count} needs", count).format(count=count))
    text.append(" · ")
    if plan.scenario is None:
        text.append(_("Scenario: none (s to choose one)"))
    else:
        text.append(_("Scenario:") + " ", "bold")
        text.append(literal(", ".join(plan.scenario.tenders), "bold"))
        text.append(" " + _("(counted as awarded; nothing is written)"))
    return text


def scenario_candidates(
    tenders: Sequence[Purchase], fmt: Formatter
) -> list[tuple[str, str]]:
    """The proposed tenders a scenario may count, each with its planned period
    and its title."""
    found = []
    for t in tenders:
        when = (
            f"{fmt.day(t.period.start)}–{fmt.day(t.period.end)}"
            if t.period is not None
            else _("dates not planned")
        )
        found.append((t.key, f"{t.key} · {when} · {t.description}"))
    return found
