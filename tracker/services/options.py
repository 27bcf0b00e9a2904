"""A contract's options and modifications: their periods, placed where the law
places each kind (``tracker.domain.option_periods``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session, col, select

from tracker import models
from tracker.domain.identifiers import check_cig
from tracker.domain.modifications import needs_period
from tracker.domain.option_periods import (
    ContractTerm,
    adds_time,
    check_option_period,
)
from tracker.domain.periods import Period, end_of_precision, resolve_period
from tracker.drafts import OptionDraft
from tracker.errors import N_, Term, ValidationError
from tracker.services.amounts import amount_columns
from tracker.services.refs import (
    ensure_ref_free,
    new_record,
    record_id,
    resolve_optional,
)


def later(one: date | None, other: date | None) -> date | None:
    """The later of two days, either of which may be unknown."""
    if one is None or other is None:
        return other if one is None else one
    return max(one, other)


def option_period(draft: OptionDraft, *, follows: date | None) -> Period | None:
    """The option's period: as given, or, for a kind that may add time, starting
    the day after ``follows`` (the last day of the contract and of the time added
    before it); None for a modification or a proroga tecnica that states no
    period (as ANAC often publishes them): it is kept, and extends nothing until
    its end is known. Where the period may lie is checked by ``check_options``."""
    no_dates = draft.start is None and draft.end is None and draft.months is None
    if no_dates and not needs_period(draft.kind):
        return None
    if no_dates:
        raise ValidationError(
            "end", None, N_("an extension needs an end date or a duration in months")
        )
    if draft.start is not None:
        start = draft.start
    elif not adds_time(draft.kind):
        raise ValidationError(
            "start",
            None,
            N_("give the start of the {kind}: it does not follow the contract's end"),
            kind=Term(draft.kind.value),
        )
    elif follows is None or follows == date.max:
        raise ValidationError(
            "start", None, N_("give the start: the contract has no end")
        )
    else:
        start = follows + timedelta(days=1)
    return resolve_period(start, draft.end, draft.months)


def options_of(
    session: Session, contract: models.Contract
) -> list[models.ContractOption]:
    """A contract's options in the order they were added (the order they extend it)."""
    return list(
        session.exec(
            select(models.ContractOption)
            .where(models.ContractOption.contract_id == record_id(contract))
            .order_by(col(models.ContractOption.id))
        )
    )


def option_follows(
    session: Session,
    contract: models.Contract,
    *,
    before: models.ContractOption | None = None,
) -> date | None:
    """The last day an option of ``contract`` extends: the contract's end or the end
    of the options adding time listed before ``before`` (all of them when ``before``
    is None); None while no end is known."""
    follows = contract.end
    for option in options_of(session, contract):
        if before is not None and option.id == before.id:
            break
        if adds_time(option.kind):
            follows = later(follows, option.end)
    return follows


def contract_term(
    contract: models.Contract, options: Sequence[models.ContractOption], index: int
) -> ContractTerm:
    """What ``options[index]`` is measured against: the contract's start, what it
    follows (the contract and the time added before it) and the whole term (the
    contract and every other option adding time)."""
    follows = contract.end
    for option in options[:index]:
        if adds_time(option.kind):
            follows = later(follows, option.end)
    end = (
        None
        if contract.end is None
        else end_of_precision(contract.end, contract.end_precision)
    )
    for position, option in enumerate(options):
        if position != index and adds_time(option.kind):
            end = later(end, option.end)
    return ContractTerm(start=contract.start, follows=follows, end=end)


def check_options(
    contract: models.Contract,
    options: Sequence[models.ContractOption],
    *,
    drafted: bool = False,
) -> None:
    """Every option with a period lies where its kind may (after the contract or one
    of its options changed, or options were added together). A refusal names the
    option's day as the contract's draft does when ``drafted``
    (``options[R1].period.start``), else as the option's record does
    (``options[R1].start``)."""
    for index, option in enumerate(options):
        if option.start is None or option.end is None:
            continue
        try:
            check_option_period(
                option.kind,
                option.start,
                option.end,
                contract_term(contract, options, index),
            )
        except ValidationError as error:
            field = error.field if drafted else error.field.removeprefix("period.")
            raise ValidationError(
                f"options[{option.ref}].{field}",
                error.value,
                error.reason_id,
                **error.reason_params,
            ) from None


def check_option_sequence(session: Session, contract: models.Contract) -> None:
    """``check_options`` on the options saved for ``contract``."""
    check_options(contract, options_of(session, contract))


def _check_saved(
    session: Session, contract: models.Contract, record: models.ContractOption
) -> None:
    """The option just saved lies where its kind may (its own fields named, as its
    form shows them), and the others still do."""
    options = options_of(session, contract)
    index = next(i for i, option in enumerate(options) if option.id == record.id)
    if record.start is not None and record.end is not None:
        check_option_period(
            record.kind,
            record.start,
            record.end,
            contract_term(contract, options, index),
        )
    check_options(contract, options)


def _apply_option(
    session: Session,
    record: models.ContractOption,
    contract: models.Contract,
    draft: OptionDraft,
    *,
    follows: date | None,
) -> None:
    """Check an option draft's own fields and set the option's columns."""
    period = option_period(draft, follows=follows)
    amount = amount_columns(draft.amount, field="amount")
    act = resolve_optional(session, models.Act, draft.act, field="act")
    cig = None if not draft.cig else check_cig(draft.cig)
    record.ref = draft.ref
    record.contract_id = record_id(contract)
    record.kind = draft.kind.value
    record.state = draft.state.value
    record.start = None if period is None else period.start
    record.end = None if period is None else period.end
    record.months = draft.months
    record.amount_cents = amount.cents
    record.amount_basis = amount.basis
    record.amount_vat_rate = amount.vat_rate
    record.decided_on = draft.decided_on
    record.act_id = None if act is None else act.id
    record.cig = cig
    record.basis = draft.basis
    record.note = draft.note
    session.add(record)
    session.flush()


def add_option(
    session: Session,
    contract: models.Contract,
    draft: OptionDraft,
    *,
    follows: date | None,
) -> models.ContractOption:
    """Add an option (renewal, extension, quinto variation) or a modification
    (proroga tecnica, variante, price revision, CCNL adjustment, other) to a
    contract, its start by default the day after ``follows``; the caller checks
    where its period lies once the contract's options are all there
    (``check_options``)."""
    ensure_ref_free(session, draft.ref)
    record = new_record(session, models.ContractOption)
    _apply_option(session, record, contract, draft, follows=follows)
    return record


def add_saved_option(
    session: Session, contract: models.Contract, draft: OptionDraft
) -> models.ContractOption:
    """Add one option to a saved contract: it follows the contract and every option
    it has."""
    record = add_option(
        session, contract, draft, follows=option_follows(session, contract)
    )
    _check_saved(session, contract, record)
    return record


def update_option(
    session: Session, record: models.ContractOption, draft: OptionDraft
) -> models.ContractOption:
    """Replace an option's fields; it still lies where its kind may, and so do the
    other options of its contract."""
    contract = session.get(models.Contract, record.contract_id)
    assert contract is not None
    follows = option_follows(session, contract, before=record)
    _apply_option(session, record, contract, draft, follows=follows)
    _check_saved(session, contract, record)
    return record
