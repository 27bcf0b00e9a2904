"""Random writes through the real services, for the consistency of the kept facts.

A write is a plain tuple of small numbers (which kind of record, which one,
which field, which value), so that Hypothesis can draw and shrink it and
``scripts/fuzz_kept.py`` can print it. ``apply`` turns it into a service call on
the record's current draft; a write the services refuse is a write like any
other (nothing is written), the facts must agree all the same.
"""

from __future__ import annotations

import tempfile
import types
import typing
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import pydantic
from sqlalchemy import select
from sqlmodel import SQLModel

from tracker.api import Tracker
from tracker.db import session_factory, session_scope
from tracker.drafts import (
    AmountDraft,
    ContractDraft,
    Dataset,
    LotDraft,
    NeighbourhoodDraft,
    OptionDraft,
    PaymentDraft,
    ServiceDraft,
    TenderDraft,
)
from tracker.errors import TrackerError
from tracker.kept.check import Comparison, compare

KINDS = (
    *("contract", "contract", "contract", "contract_option", "contract_option"),
    *("tender", "tender", "lot", "lot", "funding_allocation", "funding_allocation"),
    *("service", "neighbourhood", "funding_source", "organisation", "consortium"),
    *("programme", "deadline", "in_house_period"),
)
"""The records a write may pick, by table (those with the most links more often)."""

LINKS = {
    "lot": "lot",
    "supplier": "organisation",
    "services": "service",
    "neighbourhood": "neighbourhood",
    "programme": "programme",
    "programmes": "programme",
    "source": "funding_source",
    "funds": "contract",
    "buyer": "organisation",
    "subject": "contract",
    "organisation": "organisation",
}
"""Fields of drafts that name other records: the kind a new value is drawn from."""

ACTIONS: tuple[str, ...] = (
    *("edit", "edit", "edit", "delete", "copy", "exercise", "option", "lot"),
    *("payment", "load", "service", "rename", "workbook"),
)

Write = tuple[int, int, int, int, int]
"""(action, kind, record, field, value): each an index taken modulo its range."""

DAY = date(2023, 1, 17)


def refs(tracker: Tracker) -> dict[str, list[str]]:
    """The refs of every kind of record now, in a stable order."""
    found: dict[str, list[str]] = {}
    with tracker.engine.connect() as connection:
        for kind in dict.fromkeys(KINDS):
            table: Any = SQLModel.metadata.tables[kind]
            found[kind] = sorted(
                str(r) for r in connection.execute(select(table.c.ref)).scalars()
            )
    return found


def apply(tracker: Tracker, write: Write, serial: int) -> str:
    """Make one write; what it was (for a failing example's report)."""
    action = ACTIONS[write[0] % len(ACTIONS)]
    pool = refs(tracker)
    kind = KINDS[write[1] % len(KINDS)]
    if action in ("exercise", "option", "payment"):
        kind = "contract_option" if action == "exercise" else "contract"
    if action == "lot":
        kind = "tender"
    if action in ("load", "service"):
        return _new_records(tracker, action, write, pool, serial)
    if action == "workbook":
        return _workbook(tracker, write, pool, serial)
    if not pool[kind]:
        return f"{action} {kind}: none left"
    ref = pool[kind][write[2] % len(pool[kind])]
    try:
        return _on_record(tracker, action, ref, write, pool, serial)
    except (TrackerError, pydantic.ValidationError) as refused:
        return f"{action} {ref}: refused ({type(refused).__name__})"


def _on_record(
    tracker: Tracker,
    action: str,
    ref: str,
    write: Write,
    pool: dict[str, list[str]],
    serial: int,
) -> str:
    if action == "delete":
        tracker.delete(ref)
        return f"delete {ref}"
    if action == "exercise":
        tracker.exercise_option(ref, decided_on=DAY + timedelta(days=write[4] % 900))
        return f"exercise {ref}"
    editable = tracker.edit_of(ref)
    draft: Any = _own_only(editable.draft)
    if action == "option":
        option = OptionDraft(
            ref=f"OPT-{serial}",
            kind="renewal",
            state="planned" if write[4] % 2 else "exercised",
            months=1 + write[3] % 24,
            decided_on=DAY if write[4] % 2 == 0 else None,
        )
        tracker.save(option, owner=ref)
        return f"option on {ref}"
    if action == "lot":
        services = _subset(pool["service"], write[4])
        lot = LotDraft(ref=f"LOT-{serial}", title="lotto", services=services)
        tracker.save(lot, owner=ref)
        return f"lot on {ref} for {services}"
    if action == "payment":
        payment = PaymentDraft(
            paid_on=DAY + timedelta(days=write[4] % 700 - 350), amount="1000.00"
        )
        draft = draft.model_copy(update={"payments": [*draft.payments, payment]})
    elif action == "copy":
        draft = draft.model_copy(update=_fresh_identity(draft, serial))
        tracker.save(draft)
        return f"copy {ref} as {draft.ref}"
    elif action == "rename":
        draft = draft.model_copy(update={"ref": f"{ref[:30]}-R{serial}"})
    else:
        field, value = _mutation(draft, write, pool)
        draft = draft.model_copy(update={field: value})
        tracker.save(
            type(draft).model_validate(draft.model_dump()),
            original=ref,
            base_version=editable.version,
        )
        return f"edit {ref}: {field} = {value!r}"
    tracker.save(
        type(draft).model_validate(draft.model_dump()),
        original=ref,
        base_version=editable.version,
    )
    return f"{action} {ref}"


def _own_only(draft: Any) -> Any:
    """A tender's lots and a contract's options are saved on their own."""
    if isinstance(draft, TenderDraft):
        return draft.model_copy(update={"lots": []})
    if isinstance(draft, ContractDraft):
        return draft.model_copy(update={"options": []})
    return draft


def _fresh_identity(draft: Any, serial: int) -> dict[str, Any]:
    update: dict[str, Any] = {"ref": f"NEW-{serial}"}
    for unique in ("cig", "ocid", "partita_iva", "codice_fiscale"):
        if unique in type(draft).model_fields:
            update[unique] = None
    return update


def _subset(refs_of_kind: list[str], bits: int) -> list[str]:
    return [ref for i, ref in enumerate(refs_of_kind) if bits >> (i % 16) & 1][:3]


def _mutation(draft: Any, write: Write, pool: dict[str, list[str]]) -> tuple[str, Any]:
    fields = [
        name
        for name in type(draft).model_fields
        if name not in ("ref", "note", "lots", "options", "staffing", "payments")
    ]
    # half the edits move a link: the writes most likely to leave a fact behind
    links = [name for name in fields if name in LINKS]
    if links and write[3] % 3:
        fields = links
    name = fields[write[3] // 3 % len(fields)]
    return name, _value(draft, name, write[4], pool)


def _value(draft: Any, name: str, choice: int, pool: dict[str, list[str]]) -> Any:
    now = getattr(draft, name)
    annotation = type(draft).model_fields[name].annotation
    optional = _optional(annotation)
    if optional and choice % 7 == 0:
        return [] if isinstance(now, list) else None
    if name in LINKS:
        choices = pool[LINKS[name]]
        if isinstance(now, list):
            return _subset(choices, choice)
        return choices[choice % len(choices)] if choices else now
    kinds = _types(annotation)
    if date in kinds:
        base = now if isinstance(now, date) else DAY
        return base + timedelta(days=choice % 1461 - 730)
    enums = [k for k in kinds if isinstance(k, type) and issubclass(k, Enum)]
    if enums:
        members = list(enums[0])
        return members[choice % len(members)]
    if AmountDraft in kinds:
        return AmountDraft(net=f"{choice % 500_000}.00", vat_rate="22")
    if name == "amount":
        return f"{choice % 500_000}.00"
    if bool in kinds:
        return bool(choice % 2)
    if int in kinds:
        return choice % 60
    if isinstance(now, str):
        return f"{now[:150]} {choice % 10}"
    return now


def _types(annotation: Any) -> set[Any]:
    found: set[Any] = set()
    stack = [annotation]
    while stack:
        item = stack.pop()
        origin = typing.get_origin(item)
        if origin is typing.Annotated:
            stack.append(typing.get_args(item)[0])
        elif origin in (typing.Union, types.UnionType):
            stack.extend(typing.get_args(item))
        else:
            found.add(item)
    return found


def _optional(annotation: Any) -> bool:
    return type(None) in _types(annotation) or typing.get_origin(annotation) is list


def _new_records(
    tracker: Tracker, action: str, write: Write, pool: dict[str, list[str]], serial: int
) -> str:
    service = ServiceDraft(
        ref=f"SRV-{serial}",
        name=f"Servizio {serial}",
        neighbourhood=f"NB-{serial}",
        required_from=DAY + timedelta(days=write[3] % 700 - 350),
    )
    place = NeighbourhoodDraft(ref=f"NB-{serial}", name=f"Quartiere {serial}")
    try:
        if action == "service":
            tracker.add_service(service, place)
            return f"service {service.ref}"
        contract = ContractDraft(
            ref=f"CTR-{serial}",
            title="contratto caricato",
            services=[service.ref, *_subset(pool["service"], write[4])],
            supplier=pool["organisation"][0] if pool["organisation"] else None,
            start=DAY + timedelta(days=write[4] % 700 - 500),
            months=1 + write[2] % 36,
        )
        tracker.load_dataset(
            Dataset(neighbourhoods=[place], services=[service], contracts=[contract])
        )
        return f"load {contract.ref}"
    except (TrackerError, pydantic.ValidationError) as refused:
        return f"{action}: refused ({type(refused).__name__})"


def _workbook(
    tracker: Tracker, write: Write, pool: dict[str, list[str]], serial: int
) -> str:
    """A filled-in template imported: a new service, and a contract covering it
    and some services already there."""
    from tests.core.sheet_filling import filled_template

    services = [f"WS-{serial}", *_subset(pool["service"], write[4])]
    rows = {
        "service": [
            {
                "ref": f"WS-{serial}",
                "name": f"Servizio da foglio {serial}",
                "neighbourhood": f"WN-{serial}",
                "neighbourhood_name": f"Quartiere da foglio {serial}",
                "required_from": DAY + timedelta(days=write[3] % 700 - 350),
            }
        ],
        "contract": [
            {
                "ref": f"WC-{serial}",
                "title": "contratto da foglio",
                "services": ", ".join(services),
                "start": DAY + timedelta(days=write[4] % 700 - 500),
                "months": 1 + write[2] % 36,
            }
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = filled_template(Path(folder) / "records.xlsx", rows)
        try:
            tracker.import_workbook(path)
        except TrackerError as refused:
            return f"workbook: refused ({type(refused).__name__})"
    return f"workbook WC-{serial} for {services}"


def comparison(tracker: Tracker) -> Comparison:
    """The kept facts against a build from scratch."""
    sessions = session_factory(tracker.engine, actor="test", clock=tracker.clock)
    with session_scope(sessions) as session:
        return compare(session)


def shown(comparison: Comparison) -> list[str]:
    return [
        f"{d.state} {d.family} {d.scope} {d.ref or d.scope_id} {d.key}"
        for d in comparison.differences
    ]
