"""The small OCDS objects a release is made of: values, periods, parties.

Amounts stay Decimal all the way to the file (``tracker.ocds.export`` writes them
as JSON numbers digit for digit); days become Rome moments (a start at midnight,
an end at its last second).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tracker.ocds import extension as ext
from tracker.queries.ocds import FundingFacts, PartyFacts
from tracker.queries.rows import AmountRow

Json = dict[str, Any]


def plain_value(amount: Decimal) -> Json:
    return {ext.AMOUNT: amount, "currency": ext.CURRENCY}


def value(amount: AmountRow | None) -> Json | None:
    """An amount as the source states it: ``amount`` is the stated half, named
    again by amountNet or amountGross, with the VAT rate."""
    if amount is None:
        return None
    if amount.basis == "net":
        assert amount.net is not None
        stated, half = amount.net, ext.AMOUNT_NET
    else:
        stated, half = amount.gross, ext.AMOUNT_GROSS
    return {
        ext.AMOUNT: stated,
        "currency": ext.CURRENCY,
        half: stated,
        ext.VAT_RATE: amount.vat_rate,
    }


def period(
    start: date | None,
    end: date | None,
    *,
    start_precision: str = "day",
    end_precision: str = "day",
    months: int | None = None,
) -> Json | None:
    """A period from the days known (either may be missing: nothing is derived)."""
    block: Json = {}
    if start is not None:
        block["startDate"] = ext.start_moment(start)
        if start_precision != "day":
            block[ext.START_PRECISION] = start_precision
    if end is not None:
        block["endDate"] = ext.end_moment(end)
        if end_precision != "day":
            block[ext.END_PRECISION] = end_precision
    if months is not None:
        block[ext.DURATION_IN_MONTHS] = months
    return block or None


def without_none(block: Json) -> Json:
    """The fields that are stated: a missing fact is left out, never written null."""
    return {k: v for k, v in block.items() if v is not None and v != [] and v != {}}


class Parties:
    """The parties of one release, each once under its id, with every role it
    plays, in the order they were first named."""

    def __init__(self) -> None:
        self._parties: dict[str, Json] = {}

    def organisation(self, party: PartyFacts, *roles: str) -> Json:
        """An organisation in a role; its reference (id and name) for the release."""
        key = ext.party_id(party.identifier, party.ref)
        if key not in self._parties:
            self._parties[key] = without_none(
                {
                    "id": key,
                    "name": party.name,
                    "identifier": None
                    if party.identifier is None
                    else {
                        "scheme": ext.IDENTIFIER_SCHEME,
                        "id": party.identifier,
                        "legalName": party.name,
                    },
                    "additionalIdentifiers": None
                    if party.ausa is None
                    else [{"scheme": ext.AUSA_SCHEME, "id": party.ausa}],
                    "address": None
                    if party.address is None
                    else {"streetAddress": party.address},
                    ext.PARTITA_IVA: party.partita_iva,
                    ext.REF: party.ref,
                    "roles": [],
                }
            )
            self._parties[key]["roles"] = []
        self._add_roles(key, roles)
        return {"id": key, "name": party.name}

    def funder(self, source: FundingFacts) -> Json:
        """The party standing for a funding source (funder and budget source)."""
        key = ext.party_id(None, source.ref, kind="fund")
        name = source.funder or source.name
        if key not in self._parties:
            self._parties[key] = {
                "id": key,
                "name": name,
                "roles": [],
                ext.FUNDING_SOURCE: without_none(
                    {
                        ext.REF: source.ref,
                        ext.FUNDING_NAME: source.name,
                        ext.FUNDING_KIND: source.kind,
                        ext.FUNDING_FUNDER: source.funder,
                        ext.FUNDING_ELIGIBILITY: period(
                            source.eligible_from, source.eligible_until
                        ),
                        ext.FUNDING_PAID_BY: None
                        if source.paid_by is None
                        else ext.end_moment(source.paid_by),
                    }
                ),
            }
        self._add_roles(key, ("funder", "sourceParty"))
        return {"id": key, "name": name}

    def _add_roles(self, key: str, roles: tuple[str, ...]) -> None:
        held: list[str] = self._parties[key]["roles"]
        held.extend(role for role in roles if role not in held)

    def all(self) -> list[Json]:
        return list(self._parties.values())
