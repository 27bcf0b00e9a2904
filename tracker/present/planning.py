"""The procurement plan in words: each need, how its value was estimated, the
scenario's assumptions, and the baseline beside the scenario.

The CLI writes these lines; the app and the documents word the same things with
the same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.domain.days import days_late
from tracker.domain.money import Amount
from tracker.domain.planning import (
    Estimate,
    EstimateSource,
    Need,
    PlanHorizon,
    PlannedTender,
    Reference,
    Scenario,
    ScenarioCover,
)
from tracker.formatting import Formatter, printable
from tracker.i18n import _, ngettext
from tracker.present.countdowns import due
from tracker.vocabulary import term


def horizon_words(horizon: PlanHorizon) -> str:
    """ "2023-2025"."""
    return f"{horizon.first_year}-{horizon.last_year}"


def stated_amount(amount: Amount, fmt: Formatter) -> str:
    """An amount with the half the source states: "€816,108.80 VAT included"."""
    if amount.basis.value == "gross":
        return _("{amount} VAT included").format(amount=fmt.euro(amount.value))
    return _("{amount} VAT excluded").format(amount=fmt.euro(amount.value))


def need_period(need: Need, fmt: Formatter) -> str:
    """ "21/12/2022 – 31/12/2025", "01/07/2023 – 31/12/2025 and after"."""
    text = f"{fmt.day(need.start)} – {fmt.day(need.end)}"
    if need.runs_on:
        text = _("{period} and after").format(period=text)
    return text


def days_words(days: int, fmt: Formatter) -> str:
    return ngettext("{n} day", "{n} days", days).format(n=fmt.number(days))


def start_by_words(need: Need, as_of_day: date, fmt: Formatter) -> str:
    """The latest day to start the procedure with its countdown and the lead
    time it allows: "23/06/2022 (overdue by 208 days; 180 days' lead time)"."""
    return _("{day} ({countdown}; lead time {lead})").format(
        day=fmt.day(need.procedure_start_by),
        countdown=due(need.procedure_start_by, as_of_day),
        lead=days_words(need.lead_days, fmt),
    )


def estimate_words(estimate: Estimate, need: Need, fmt: Formatter) -> str:
    """The estimated value and how it was reached, or why it is not known."""
    if estimate.source is EstimateSource.TENDER and estimate.amount is not None:
        text = _("{amount}, as entered on tender {ref}").format(
            amount=stated_amount(estimate.amount, fmt), ref=estimate.ref
        )
        if estimate.shared_by > 1 and estimate.basis_amount is not None:
            text += " " + _("({share} of {whole}: the lot serves {n} services)").format(
                share=f"1/{estimate.shared_by}",
                whole=fmt.euro(estimate.basis_amount.value),
                n=estimate.shared_by,
            )
        return text
    if estimate.source is EstimateSource.LAST_CONTRACT:
        return _last_contract_words(estimate, need, fmt)
    if need.last_contract is not None:
        return _(
            "not estimated: the last contract ({ref}) states no amount; enter the "
            "estimated value on the tender that will cover the need"
        ).format(ref=need.last_contract)
    return _(
        "not estimated: no earlier contract states an amount; enter the estimated "
        "value on the tender that will cover the need"
    )


def _last_contract_words(estimate: Estimate, need: Need, fmt: Formatter) -> str:
    assert estimate.amount is not None
    assert estimate.basis_amount is not None
    daily = estimate.basis_amount.value / estimate.basis_days / estimate.shared_by
    text = _(
        "{amount}: from the last contract {ref} ({whole} over {basis_days}, "
        "about {daily} a day) for the {days} from {start}"
    ).format(
        amount=stated_amount(estimate.amount, fmt),
        ref=estimate.ref,
        whole=stated_amount(estimate.basis_amount, fmt),
        basis_days=days_words(estimate.basis_days, fmt),
        daily=fmt.euro(daily),
        days=days_words(estimate.days, fmt),
        start=fmt.day(need.cost_from),
    )
    if estimate.shared_by > 1:
        text += " " + _("(the contract served {n} services: an equal share)").format(
            n=estimate.shared_by
        )
    if need.runs_on:
        text += "; " + _("the days after the three years are not counted")
    return text


def reference_words(reference: Reference, fmt: Formatter) -> str:
    """An earlier tender's value offered for comparison, said as such."""
    lots = ngettext("{n} lot", "{n} lots", reference.lots).format(n=reference.lots)
    if reference.months is not None:
        months = ngettext("{n} month", "{n} months", reference.months).format(
            n=reference.months
        )
        text = _(
            "for reference only, not an estimate: tender {ref} was valued at "
            "{amount} for {lots} over {months}"
        ).format(
            ref=reference.tender,
            amount=stated_amount(reference.amount, fmt),
            lots=lots,
            months=months,
        )
    else:
        text = _(
            "for reference only, not an estimate: tender {ref} was valued at "
            "{amount} for {lots}"
        ).format(
            ref=reference.tender, amount=stated_amount(reference.amount, fmt), lots=lots
        )
    if reference.scaled is not None:
        text += " " + _("(about {amount} for these days at that rate)").format(
            amount=fmt.euro(reference.scaled.value)
        )
    return text


def tender_words(tender: PlannedTender, fmt: Formatter) -> str:
    """ "LOR-2023 (planned, start 2023, 36 months)"."""
    parts = [term(tender.status)]
    if tender.planned_start is not None:
        parts.append(
            _("start {day}").format(
                day=fmt.day_with_precision(
                    tender.planned_start, tender.planned_start_precision
                )
            )
        )
    else:
        parts.append(_("start not planned"))
    if tender.planned_months is not None:
        parts.append(
            ngettext("{n} month", "{n} months", tender.planned_months).format(
                n=tender.planned_months
            )
        )
    return f"{tender.ref} ({', '.join(parts)})"


def funding_words(need: Need) -> str:
    """ "Regione Lombardia: pending confirmation", or that none is recorded."""
    if need.tender is None:
        return _("no tender yet, so no funding")
    if not need.funding:
        return _("none recorded on {ref}").format(ref=need.tender.ref)
    return "; ".join(f"{f.name}: {term(f.status)}" for f in need.funding)


def need_lines(need: Need, as_of_day: date, fmt: Formatter) -> list[tuple[str, str]]:
    """A need as (label, value) lines."""
    lines = [
        (
            _("Uncovered"),
            f"{need_period(need, fmt)} ({days_words(need.days, fmt)})",
        ),
        (_("Start the procedure by"), start_by_words(need, as_of_day, fmt)),
        (_("Estimated value"), estimate_words(need.estimate, need, fmt)),
    ]
    if need.reference is not None:
        lines.append((_("Reference"), reference_words(need.reference, fmt)))
    lines.append(
        (
            _("Tender"),
            tender_words(need.tender, fmt)
            if need.tender is not None
            else _("none planned or proposed"),
        )
    )
    lines.append((_("Funding"), funding_words(need)))
    return lines


def cover_words(cover: ScenarioCover, fmt: Formatter) -> str:
    """What a scenario tender is counted as covering, with its assumptions."""
    start = fmt.day_with_precision(cover.start, cover.start_precision)
    if cover.start_assumed:
        start = _(
            "{day} (assumed: no planned start, from the first day needed)"
        ).format(day=start)
    end = fmt.day(cover.end)
    if cover.end_assumed and cover.to_programme_end:
        end = _("{day} (assumed: no planned duration, to its programme's end)").format(
            day=end
        )
    elif cover.end_assumed:
        end = _("{day} (assumed: no planned duration, to the plan's end)").format(
            day=end
        )
    return _("{tender} covers {service} from {start} to {end}").format(
        tender=cover.tender, service=cover.service, start=start, end=end
    )


def overdue(need: Need, as_of_day: date) -> bool:
    """Whether the latest day to start the need's procedure has passed."""
    return days_late(need.procedure_start_by, as_of_day) > 0


def _needs_block(needs: Sequence[Need], as_of_day: date, fmt: Formatter) -> list[str]:
    lines: list[str] = []
    for need in needs:
        lines.append("")
        lines.append(
            printable(f"{need.service_name} · {need.neighbourhood} · {need.service}")
        )
        rows = need_lines(need, as_of_day, fmt)
        width = max(len(label) for label, _value in rows)
        lines += [
            printable(f"  {label.ljust(width)}  {value}") for label, value in rows
        ]
    return lines


def needs_summary(needs: Sequence[Need]) -> str:
    """ "6 needs: the value estimated for 1, not yet for 5"."""
    known = sum(1 for need in needs if need.estimate.known)
    if not needs:
        return _("No needs: every required day of the three years is covered.")
    if known == 0:
        return ngettext(
            "{count} need, with no estimated value yet",
            "{count} needs, none with an estimated value yet",
            len(needs),
        ).format(count=len(needs))
    if known == len(needs):
        return ngettext(
            "{count} need, with its estimated value",
            "{count} needs, each with its estimated value",
            len(needs),
        ).format(count=len(needs))
    return ngettext(
        "{count} need: the value estimated for {known}, not yet for {unknown}",
        "{count} needs: the value estimated for {known}, not yet for {unknown}",
        len(needs),
    ).format(count=len(needs), known=known, unknown=len(needs) - known)


def pending_words(needs: Sequence[Need]) -> str | None:
    """ "Funds awaiting confirmation: Regione Lombardia for LOR-2023", or None."""
    pending = dict.fromkeys(
        _("{source} for {tender}").format(source=f.name, tender=need.tender.ref)
        for need in needs
        if need.tender is not None
        for f in need.funding
        if f.pending
    )
    if not pending:
        return None
    return _("Funds awaiting confirmation: {funds}").format(funds="; ".join(pending))


def comparison_rows(
    baseline: Sequence[Need], scenario: Sequence[Need], fmt: Formatter
) -> list[tuple[str, str, str]]:
    """(service, baseline needs, scenario needs) of every service with a need in
    either; "covered in the three years" where a side leaves none."""
    services = sorted({n.service for n in [*baseline, *scenario]})

    def periods(needs: Sequence[Need], service: str) -> str:
        found = [need_period(n, fmt) for n in needs if n.service == service]
        return ", ".join(found) if found else _("covered in the three years")

    return [(s, periods(baseline, s), periods(scenario, s)) for s in services]


def plan_text(
    horizon: PlanHorizon,
    as_of: date,
    baseline: Sequence[Need],
    fmt: Formatter,
    scenario: Scenario | None = None,
    with_scenario: Sequence[Need] = (),
) -> str:
    """The plan as the CLI prints it: the baseline's needs, then the scenario's
    assumptions, the two side by side and the needs left with the scenario."""
    lines = [
        _("Procurement plan {years}, as of {day}").format(
            years=horizon_words(horizon), day=fmt.day(as_of)
        ),
        "",
        needs_summary(baseline),
    ]
    if not baseline and as_of > horizon.end:
        lines[-1] = _(
            "No needs: the three years ended before {day}, and nothing is left to "
            "buy for them."
        ).format(day=fmt.day(as_of))
    pending = pending_words(baseline)
    if pending is not None:
        lines.append(printable(pending))
    lines += _needs_block(baseline, as_of, fmt)
    if scenario is not None:
        lines += ["", _scenario_title(scenario.tenders)]
        lines += [printable("  " + cover_words(c, fmt)) for c in scenario.covers]
        rows = comparison_rows(baseline, with_scenario, fmt)
        if rows:
            header = (_("Service"), _("Baseline"), _("With the scenario"))
            lines += ["", *_table(header, rows)]
        lines += ["", _("With the scenario:") + " " + needs_summary(with_scenario)]
        lines += _needs_block(with_scenario, as_of, fmt)
    return "\n".join(lines) + "\n"


def _scenario_title(tenders: Sequence[str]) -> str:
    return printable(
        _("Scenario: {refs} counted as awarded (nothing was saved)").format(
            refs=", ".join(tenders)
        )
    )


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        printable(
            "  ".join(
                cell.ljust(w) for cell, w in zip(row, widths, strict=True)
            ).rstrip()
        )
        for row in [header, *rows]
    ]
