"""The programme's needs and scenario in words, for the app's screen and the
committee's PDF: the estimate and where it comes from, the funds, the linked
tender, and what a scenario changes in each need.

Nothing here invents a figure: an estimate not known says so, and a reference
(an earlier tender's value) is offered as such, never as the estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.domain.days import days_late
from tracker.domain.money import Amount, Basis
from tracker.domain.planning import (
    Estimate,
    EstimateSource,
    Need,
    Scenario,
    ScenarioCover,
)
from tracker.domain.programme_schede import Programme
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext
from tracker.present.countdowns import due, until
from tracker.vocabulary import N_, term


def amount_cell(amount: Amount | None, fmt: Formatter) -> str:
    """The stated half of an amount, short: ``816.108,80 €`` (VAT included, what
    the budget pays) or ``700.000,00 € + IVA`` (net)."""
    if amount is None:
        return _("not estimated")
    if amount.basis is Basis.NET:
        return _("{amount} + VAT").format(amount=fmt.euro(amount.value))
    return fmt.euro(amount.value)


def estimate_cell(estimate: Estimate, fmt: Formatter) -> str:
    return amount_cell(estimate.amount, fmt)


def _half(amount: Amount) -> str:
    return _("net of VAT") if amount.basis is Basis.NET else _("VAT included")


def estimate_words(need: Need, fmt: Formatter) -> str:
    """The estimate and how it was reached, or why there is none."""
    e = need.estimate
    if e.source is EstimateSource.TENDER and e.amount is not None:
        return _("estimated value {amount} ({half}), as entered on {tender}").format(
            amount=fmt.euro(e.amount.value), half=_half(e.amount), tender=e.ref
        )
    if e.source is EstimateSource.LAST_CONTRACT and e.amount is not None:
        words = _(
            "estimated value {amount} ({half}): the daily cost of {contract} "
            "({basis} for {basis_days} days) for the {days} days still to buy"
        ).format(
            amount=fmt.euro(e.amount.value),
            half=_half(e.amount),
            contract=e.ref,
            basis=fmt.euro(e.basis_amount.value if e.basis_amount else None),
            basis_days=fmt.number(e.basis_days),
            days=fmt.number(e.days),
        )
        if e.shared_by > 1:
            words += ", " + ngettext(
                "shared among {count} service",
                "shared among {count} services",
                e.shared_by,
            ).format(count=e.shared_by)
        return words
    words = _("value not estimated: no amount in the data (enter it on the tender)")
    ref = need.reference
    if ref is not None:
        offered = _(
            "for reference only, not an estimate: {tender} was {amount}"
        ).format(tender=ref.tender, amount=fmt.euro(ref.amount.value))
        if ref.lots > 1 or ref.months:
            offered += " " + _("for {lots} lots over {months} months").format(
                lots=ref.lots, months=ref.months or "?"
            )
        if ref.scaled is not None:
            offered += ", " + _("about {amount} for this period").format(
                amount=fmt.euro(ref.scaled.value)
            )
        words += "; " + offered
    return words


def funding_words(need: Need, *, short: bool = False) -> str:
    """The funds of the linked tender: ``in attesa di conferma: Regione
    Lombardia``; none identified otherwise."""
    if not need.funding:
        if need.tender is None:
            return "-" if short else _("no funds identified")
        return _("none identified")
    parts = []
    for f in need.funding:
        parts.append(f"{term(f.status)}: {f.name if not short else f.source}")
    return "; ".join(parts) if not short else ", ".join(parts)


FUNDING_STATES = {
    "confirmed": N_("confirmed"),
    "pending_confirmation": N_("awaiting"),
    "planned": N_("planned"),
}


def funding_state(need: Need) -> str:
    """The least sure state of the linked tender's funds, in a word: a need is
    only as funded as its least confirmed allocation."""
    if not need.funding:
        return _("no funds")
    states = {f.status for f in need.funding}
    for state in ("planned", "pending_confirmation", "confirmed"):
        if state in states:
            return _(FUNDING_STATES[state])
    return term(need.funding[0].status)


def late_by(day: date, as_of: date) -> str:
    """The countdown to the latest start: "tra 168 giorni", "scaduto da 16
    giorni"."""
    days = days_late(day, as_of)
    if days <= 0:
        return until(day, as_of)
    return ngettext("late by {n} day", "late by {n} days", days).format(n=days)


def tender_words(need: Need) -> str | None:
    t = need.tender
    if t is None:
        return _("no tender linked")
    return _("tender {ref} ({status})").format(ref=t.ref, status=term(t.status))


def need_words(need: Need, as_of: date, fmt: Formatter) -> str:
    """A need in a sentence: the period, the latest start and its countdown, the
    estimate, the funds."""
    period = _("to cover from {start} to {end}").format(
        start=fmt.day(need.start), end=fmt.day(need.end)
    )
    if need.runs_on:
        period += " " + _("(required after, too)")
    start_by = _("start the procedure by {day} ({when})").format(
        day=fmt.day(need.procedure_start_by), when=due(need.procedure_start_by, as_of)
    )
    parts = [period, start_by, estimate_words(need, fmt)]
    if need.funding:
        parts.append(_("funds: {funds}").format(funds=funding_words(need)))
    return "; ".join(parts)


def need_brief(need: Need, as_of: date, fmt: Formatter) -> str:
    """A need in a line of the timeline: "da programmare dal 01/07/2023 al
    31/12/2025, avviare la procedura entro il 01/01/2023 (scaduto da 16 giorni)"."""
    return _(
        "to plan from {start} to {end}, start the procedure by {day} ({when})"
    ).format(
        start=fmt.day(need.start),
        end=fmt.day(need.end),
        day=fmt.day(need.procedure_start_by),
        when=late_by(need.procedure_start_by, as_of),
    )


def _overlapping(
    start: date, end: date, needs: Sequence[Need], service: str
) -> list[Need]:
    return [
        n for n in needs if n.service == service and n.start <= end and n.end >= start
    ]


def by_service(needs: Sequence[Need]) -> dict[str, list[Need]]:
    """Needs by their service's reference: a scenario's needs are looked up once
    per baseline need, not searched (thousands of services)."""
    found: dict[str, list[Need]] = {}
    for need in needs:
        found.setdefault(need.service, []).append(need)
    return found


def covers_of(scenario: Scenario, need: Need) -> list[ScenarioCover]:
    """The scenario's covers of the need's service that overlap the need."""
    return [
        c
        for c in scenario.covers
        if c.service == need.service and c.start <= need.end and c.end >= need.start
    ]


def scenario_change(
    need: Need,
    scenario: Scenario,
    remaining: Sequence[Need],
    fmt: Formatter,
    *,
    short: bool = False,
) -> str:
    """What a scenario makes of a need of the baseline: covered (by which
    tenders, unless ``short``), reduced (to what is left of it among the
    scenario's ``remaining`` needs of its service), or unchanged."""
    left = _overlapping(need.start, need.end, remaining, need.service)
    covers = covers_of(scenario, need)
    tenders = ", ".join(dict.fromkeys(c.tender for c in covers))
    assumed = any(c.start_assumed or c.end_assumed for c in covers)
    if not left:
        words = (
            _("covered") if short else _("covered by {tenders}").format(tenders=tenders)
        )
        return words + (" " + _("(dates assumed)") if assumed else "")
    if [(n.start, n.end) for n in left] == [(need.start, need.end)]:
        return _("unchanged")
    spans = ", ".join(f"{fmt.day(n.start)}–{fmt.day(n.end)}" for n in left)
    if short:
        return _("uncovered {spans}").format(spans=spans)
    return _("still uncovered {spans}").format(spans=spans)


def not_estimated_words(programme: Programme, label: str) -> str | None:
    """The purchases a programme's figures leave out, their value not estimated:
    a figure without them is not the whole cost (``label``: whose figures)."""
    rows = programme.not_estimated
    if not rows:
        return None
    return ngettext(
        "Not in the programme figures of the {side}: {count} purchase whose value "
        "is not estimated ({names}).",
        "Not in the programme figures of the {side}: {count} purchases whose value "
        "is not estimated ({names}).",
        len(rows),
    ).format(
        side=label,
        count=len(rows),
        names="; ".join(r.purchase.tender or r.purchase.description for r in rows),
    )
