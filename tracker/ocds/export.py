"""The tracker's records as an OCDS 1.1 release package: one release per
contracting process, written to a stream as each is read.

Pure: rows in (``tracker.queries.ocds``), JSON out. A release's ``date`` and the
package's ``publishedDate`` are the moment of the export (given, so that tests fix
it); its ``id`` is the ocid and a digest of its content, so that the same records
always give the same release. Field names are in ``tracker.ocds.extension``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring as _text
from typing import Any, TextIO

from tracker.ocds import extension as ext
from tracker.ocds.parts import Json, Parties, period, plain_value, value, without_none
from tracker.queries.ocds import (
    AllocationFacts,
    ContractFacts,
    LotFacts,
    OptionFacts,
    ReleaseFacts,
    TenderFacts,
)

EXERCISED = "exercised"
PLANNED = "planned"
LEAD = frozenset(ext.LEAD_ROLES)


def encoded(value: Any) -> str:
    """JSON text with Decimal amounts written as numbers digit for digit (never
    through a float), keys in the order given, text as it is (not escaped to
    ASCII)."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{_text(k)}:{encoded(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ",".join(encoded(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    raise TypeError(f"not written to OCDS: {value!r}")


def ocid_of(release: ReleaseFacts, prefix: str) -> str:
    """The tender's own ocid when it has one, else ``<prefix>-<ref>`` (of the
    tender, or of the contract awarded without one)."""
    if release.tender is not None:
        return release.tender.ocid or f"{prefix}-{release.tender.row.ref}"
    return f"{prefix}-{release.contracts[0].row.ref}"


def _day(day: date | None) -> str | None:
    return None if day is None else ext.start_moment(day)


def _items(tender: TenderFacts) -> list[Json]:
    """One item per lot (id and relatedLot the lot's id) classified by the tender's
    CPV codes, the lot's CUPs beside them; one item for a tender without lots."""
    cpv = [{"scheme": ext.CPV_SCHEME, "id": code} for code in tender.cpv]
    items = []
    for lot in tender.lots:
        cups = [{"scheme": ext.CUP_SCHEME, "id": cup} for cup in lot.cups]
        classes = cpv + cups
        if classes:
            items.append(
                without_none(
                    {
                        "id": _lot_id(lot),
                        "classification": classes[0] if cpv else None,
                        "additionalClassifications": classes[1:] if cpv else classes,
                        "relatedLot": _lot_id(lot),
                    }
                )
            )
    if not tender.lots and cpv:
        items.append(
            without_none(
                {
                    "id": "1",
                    "classification": cpv[0],
                    "additionalClassifications": cpv[1:],
                }
            )
        )
    return items


def _lot_id(lot: LotFacts) -> str:
    return lot.row.cig or lot.row.ref


def _lot(lot: LotFacts) -> Json:
    return without_none(
        {
            "id": _lot_id(lot),
            "title": lot.row.title,
            "value": value(lot.row.value),
            ext.LOT_NUMBER: lot.number,
            ext.REF: lot.row.ref,
        }
    )


def _tender(tender: TenderFacts, contracts: tuple[ContractFacts, ...]) -> Json:
    row = tender.row
    planned = [o for c in contracts for o in c.options if o.row.state == PLANNED]
    return without_none(
        {
            "id": row.ref,
            "title": row.title,
            "status": ext.TENDER_STATUS[row.status],
            "items": _items(tender),
            "value": value(row.estimated_value),
            "procurementMethod": None
            if row.procedure_type is None
            else ext.PROCUREMENT_METHOD[row.procedure_type],
            "procurementMethodDetails": ext.procedure_details(
                tender.procedure_code, tender.procedure_title
            ),
            "mainProcurementCategory": tender.main_category,
            "tenderPeriod": period(row.publication_date, row.offer_deadline),
            "contractPeriod": period(
                row.planned_start,
                None,
                start_precision=row.planned_start_precision,
                months=row.planned_months,
            ),
            "hasOptions": True if planned else None,
            "lots": [_lot(lot) for lot in tender.lots],
            ext.PROCEDURE_TYPE: row.procedure_type,
            ext.REF: row.ref,
        }
    )


def _option(option: OptionFacts) -> Json:
    row = option.row
    return without_none(
        {
            ext.REF: row.ref,
            ext.OPTION_KIND: row.kind,
            ext.OPTION_STATE: row.state,
            ext.OPTION_PERIOD: period(row.start, row.end, months=row.months),
            ext.OPTION_VALUE: value(row.amount),
            ext.OPTION_DECIDED: _day(row.decided_on),
            ext.OPTION_CIG: row.cig,
            ext.OPTION_BASIS: option.basis,
        }
    )


def _amendment(option: OptionFacts) -> Json:
    """An exercised option or a modification, as OCDS readers expect it."""
    return without_none(
        {
            "id": option.row.ref,
            "date": _day(option.row.decided_on or option.row.start),
            "rationale": option.basis or ext.OPTION_WORDS[option.row.kind],
        }
    )


def _options_summary(options: list[OptionFacts]) -> Json | None:
    """The options extension's one object: what the planned options are and the
    span they could cover."""
    if not options:
        return None
    starts = [o.row.start for o in options if o.row.start is not None]
    ends = [o.row.end for o in options if o.row.end is not None]
    return without_none(
        {
            "description": "; ".join(
                o.basis or ext.OPTION_WORDS[o.row.kind] for o in options
            ),
            "period": period(min(starts, default=None), max(ends, default=None)),
        }
    )


def _payments(contract: ContractFacts, payer: Json | None) -> Json | None:
    if not contract.payments:
        return None
    payee = (
        None
        if contract.organisation is None
        else {
            "id": ext.party_id(
                contract.organisation.identifier, contract.organisation.ref
            ),
            "name": contract.organisation.name,
        }
    )
    return {
        "transactions": [
            without_none(
                {
                    "id": f"{contract.row.ref}-{payment.position}",
                    "date": ext.start_moment(payment.paid_on),
                    "value": plain_value(payment.amount),
                    "payer": payer,
                    "payee": payee,
                    ext.PAYMENT_REFERENCE: payment.reference,
                }
            )
            for payment in contract.payments
        ]
    }


def _status(contract: ContractFacts, today: date) -> str | None:
    """Where the contract stands on the day of the export, from the days known."""
    row = contract.row
    end = row.covered_until if row.end is not None else None
    if end is not None and end < today:
        return "terminated"
    if row.start is not None and row.start > today:
        return "pending"
    return "active" if row.start is not None or end is not None else None


def _contract(contract: ContractFacts, today: date, payer: Json | None) -> Json:
    row = contract.row
    exercised = [o for o in contract.options if o.row.state == EXERCISED]
    planned = [o for o in contract.options if o.row.state == PLANNED]
    return without_none(
        {
            "id": row.ref,
            "awardID": row.ref,
            "title": row.title,
            "status": _status(contract, today),
            "period": period(
                row.start,
                row.end,
                start_precision=row.start_precision,
                end_precision=row.end_precision,
                months=row.months,
            ),
            "value": value(row.amount),
            "dateSigned": _day(row.signed_on),
            "implementation": _payments(contract, payer),
            "amendments": [_amendment(o) for o in exercised],
            "hasOptions": True if planned else None,
            "options": _options_summary(planned),
            ext.CIG: row.cig,
            ext.CONTRACT_OPTIONS: [_option(o) for o in contract.options],
            ext.REF: row.ref,
        }
    )


def _award(
    contract: ContractFacts,
    parties: Parties,
    lot_ids: dict[str, str],
    award_date: date | None,
) -> Json:
    row = contract.row
    suppliers: list[Json] = []
    consortium = None
    if contract.organisation is not None:
        suppliers.append(parties.organisation(contract.organisation, "supplier"))
    elif row.supplier is not None and contract.members:
        members = []
        for party, member in zip(contract.members, row.supplier.members, strict=True):
            roles = (
                ("supplier", ext.LEAD_TENDERER)
                if member.role in LEAD
                else ("supplier",)
            )
            reference = parties.organisation(party, *roles)
            suppliers.append(reference)
            members.append(
                without_none(
                    {
                        ext.MEMBER_PARTY: reference["id"],
                        ext.MEMBER_NAME: party.name,
                        ext.MEMBER_ROLE: member.role,
                        ext.MEMBER_SHARE: member.share,
                    }
                )
            )
        consortium = {
            ext.REF: row.supplier.ref,
            ext.CONSORTIUM_NAME: row.supplier.name,
            ext.CONSORTIUM_KIND: row.supplier.kind,
            ext.MEMBERS: members,
        }
    return without_none(
        {
            "id": row.ref,
            "status": "active",
            "date": _day(award_date),
            "value": value(row.amount),
            "suppliers": suppliers,
            "relatedLots": None if row.lot is None else [lot_ids[row.lot]],
            ext.CONSORTIUM: consortium,
            ext.REF: row.ref,
        }
    )


def _budget(
    allocations: tuple[AllocationFacts, ...], parties: Parties, cup: str | None
) -> Json | None:
    breakdown = [
        without_none(
            {
                "id": allocation.ref,
                "amount": None
                if allocation.amount is None
                else plain_value(allocation.amount),
                "sourceParty": parties.funder(allocation.source),
                ext.ALLOCATION_STATUS: allocation.status,
                ext.ALLOCATION_CONTRACT: allocation.contract,
            }
        )
        for allocation in allocations
    ]
    budget = without_none({"projectID": cup, "budgetBreakdown": breakdown})
    return {"budget": budget} if budget else None


def _content(facts: ReleaseFacts, *, moment: datetime) -> Json:
    """A release but its ocid, id and date: the tender (if any), the awards and
    contracts, the parties."""
    parties = Parties()
    tender = facts.tender
    buyer = None
    if tender is not None and tender.buyer is not None:
        buyer = parties.organisation(tender.buyer, "buyer")
    lot_ids = (
        {} if tender is None else {lot.row.ref: _lot_id(lot) for lot in tender.lots}
    )
    award_date = None if tender is None else tender.row.award_date
    planning = _budget(
        facts.allocations, parties, None if tender is None else tender.row.cup
    )
    awards = [_award(c, parties, lot_ids, award_date) for c in facts.contracts]
    today = moment.astimezone(ext.ROME).date()
    contracts = [_contract(c, today, buyer) for c in facts.contracts]
    stage = "tender"
    if tender is not None and tender.row.status in ("proposed", "planned"):
        stage = "planning"
    tags = ([stage] if tender is not None else []) + (
        ["award", "contract"] if contracts else []
    )
    return without_none(
        {
            "tag": tags,
            "initiationType": "tender",
            "language": "it",
            "parties": parties.all(),
            "buyer": buyer,
            "planning": planning,
            "tender": None if tender is None else _tender(tender, facts.contracts),
            "awards": awards,
            "contracts": contracts,
        }
    )


def release_text(facts: ReleaseFacts, *, prefix: str, moment: datetime) -> str:
    """One release as JSON text; its id is the ocid and a digest of its content,
    so that the same records give the same id."""
    content = encoded(_content(facts, moment=moment))
    ocid = ocid_of(facts, prefix)
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    head = encoded({"ocid": ocid, "id": f"{ocid}-{digest}", "date": moment.isoformat()})
    return head[:-1] + "," + content[1:]


def package_head(*, moment: datetime, publisher: str, prefix: str) -> Json:
    return {
        "uri": f"urn:appalti:{prefix}:{moment.strftime('%Y%m%dT%H%M%S%z')}",
        "version": ext.OCDS_VERSION,
        "extensions": list(ext.EXTENSIONS),
        "publishedDate": moment.isoformat(),
        "publisher": {"name": publisher},
    }


def package_chunks(
    releases: Iterable[ReleaseFacts],
    *,
    moment: datetime,
    publisher: str,
    prefix: str,
) -> Iterator[str]:
    """The package as text, a release at a time (the releases are read lazily)."""
    head = encoded(package_head(moment=moment, publisher=publisher, prefix=prefix))
    yield head[:-1] + ',"releases":[\n'
    for number, facts in enumerate(releases):
        text = release_text(facts, prefix=prefix, moment=moment)
        yield ("" if number == 0 else ",\n") + text
    yield "\n]}\n"


def write_package(
    releases: Iterable[ReleaseFacts],
    out: TextIO,
    *,
    moment: datetime,
    publisher: str,
    prefix: str,
) -> int:
    """Write the package to ``out``; the number of releases written."""
    count = 0

    def counted() -> Iterator[ReleaseFacts]:
        nonlocal count
        for facts in releases:
            count += 1
            yield facts

    for chunk in package_chunks(
        counted(), moment=moment, publisher=publisher, prefix=prefix
    ):
        out.write(chunk)
    return count
