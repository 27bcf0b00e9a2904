"""One (compiled or merged) OCDS release, as the facts it states.

A value of the wrong kind (a number where a text is due, a list where an object is)
is read as absent: published data are not refused for a field the tracker may not
even use. Dates and amounts that cannot be read are absent with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from tracker.domain.identifiers import has_cig_shape, has_cup_shape
from tracker.domain.kinds import MainCategory
from tracker.domain.modifications import kind_of_rationale
from tracker.domain.procedures import procedure_of
from tracker.errors import N_, Message
from tracker.ocds.published import (
    PublishedAmendment,
    PublishedAward,
    PublishedContract,
    PublishedLot,
    PublishedParty,
    PublishedPayment,
    PublishedPeriod,
    PublishedTender,
    PublishedValue,
)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ANAC's compiled releases glue a time and a second time part onto the day:
# "2025-01-08 17:31:38.793T12:00:00Z".
_ANAC_MALFORMED = re.compile(r"^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}(\.\d+)?T.*$")

Json = dict[str, Any]


class Facts:
    """Reads one release, collecting the warnings its fields give."""

    def __init__(self) -> None:
        self.warnings: list[Message] = []

    def day(self, value: Any, where: str) -> date | None:
        """The calendar day of an OCDS date-time or plain date, as the publisher
        wrote it: its date part. A publisher writes the day it means in its own
        time (ANAC at noon UTC, a British council ``2011-06-30T23:59:00Z`` for
        30 June); turning it into Rome's time would move such an end a day on."""
        if value is None:
            return None
        text = value.strip() if isinstance(value, str) else None
        if text and _DAY.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        elif text:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                moment = None
            if moment is not None:
                return moment.date()
            malformed = _ANAC_MALFORMED.match(text)
            if malformed:
                try:
                    read = date.fromisoformat(malformed.group(1))
                except ValueError:
                    read = None
                if read is not None:
                    self.warn(
                        N_("{field}: the date {value} is malformed; read as {day}"),
                        field=where,
                        value=text,
                        day=read,
                    )
                    return read
        self.warn(
            N_("{field}: the date {value} cannot be read"), field=where, value=value
        )
        return None

    def value(self, raw: Any, where: str) -> PublishedValue | None:
        """An OCDS Value, its amount read exactly (never through a float)."""
        if not isinstance(raw, dict) or raw.get("amount") is None:
            return None
        amount = raw["amount"]
        if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
            self.warn(
                N_("{field}: the amount {value} is not a number"),
                field=where,
                value=amount,
            )
            return None
        currency = _text(raw.get("currency"))
        if currency is None:
            self.warn(
                N_("{field}: the amount {value} has no currency and is not read"),
                field=where,
                value=amount,
            )
            return None
        return PublishedValue(Decimal(amount), currency)

    def category(self, raw: Any, where: str) -> MainCategory | None:
        """OCDS ``mainProcurementCategory``: works, services or goods."""
        text = _text(raw)
        if text is None:
            return None
        try:
            return MainCategory(text)
        except ValueError:
            self.warn(
                N_("{field}: {value} is not works, services or goods"),
                field=where,
                value=text,
            )
            return None

    def period(self, raw: Any, where: str) -> PublishedPeriod:
        block = json_object(raw)
        return PublishedPeriod(
            self.day(block.get("startDate"), f"{where}.startDate"),
            self.day(block.get("endDate"), f"{where}.endDate"),
            self.day(block.get("maxExtentDate"), f"{where}.maxExtentDate"),
        )

    def warn(self, message: str, **params: Any) -> None:
        self.warnings.append(Message(message, params))


def json_object(value: Any) -> Json:
    """``value`` when it is a JSON object, else an empty one (a publisher may put
    anything anywhere)."""
    return value if isinstance(value, dict) else {}


def json_objects(value: Any) -> Iterator[Json]:
    """The JSON objects of ``value`` when it is a list; nothing otherwise."""
    if isinstance(value, list):
        yield from (entry for entry in value if isinstance(entry, dict))


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return None


def _unique(values: Iterator[str | None]) -> tuple[str, ...]:
    """The values given, each once, in their first order."""
    return tuple(dict.fromkeys(value for value in values if value))


def _classifications(item: Json) -> Iterator[Json]:
    yield json_object(item.get("classification"))
    yield from json_objects(item.get("additionalClassifications"))


def _coded(item: Json, scheme: str) -> Iterator[str | None]:
    for classification in _classifications(item):
        if (_text(classification.get("scheme")) or "").upper() == scheme:
            yield _text(classification.get("id"))


def _cups(values: Iterator[str | None]) -> tuple[str, ...]:
    return _unique(
        value.upper()
        for value in values
        if value and has_cup_shape(value.upper().replace(" ", ""))
    )


def party_of(raw: Json, key: str) -> PublishedParty:
    identifier = json_object(raw.get("identifier"))
    scheme = _text(identifier.get("scheme"))
    number = _text(identifier.get("id"))
    ausa = next(
        (
            _text(extra.get("id"))
            for extra in json_objects(raw.get("additionalIdentifiers"))
            if _text(extra.get("scheme")) == "AUSA"
        ),
        None,
    )
    roles = raw.get("roles")
    return PublishedParty(
        key=key,
        name=_text(raw.get("name")),
        scheme=scheme,
        identifier=number,
        codice_fiscale=number if scheme == "IT-CF" else None,
        ausa=ausa,
        roles=_unique(_text(role) for role in roles) if isinstance(roles, list) else (),
        address=_address(json_object(raw.get("address"))),
    )


def _address(address: Json) -> str | None:
    place = " ".join(
        part
        for part in (_text(address.get("postalCode")), _text(address.get("locality")))
        if part
    )
    parts = (
        _text(address.get("streetAddress")),
        place or None,
        _text(address.get("region")),
        _text(address.get("countryName")),
    )
    return ", ".join(part for part in parts if part) or None


def _lot(facts: Facts, raw: Json, items: list[Json], where: str) -> PublishedLot:
    lot_id = _text(raw.get("id")) or ""
    own = (item for item in items if _text(item.get("relatedLot")) == lot_id)
    cups = _cups(cup for source in (raw, *own) for cup in _coded(source, "CUP"))
    return PublishedLot(
        id=lot_id,
        cig=lot_id if has_cig_shape(lot_id) else None,
        title=_text(raw.get("title")),
        description=_text(raw.get("description")),
        value=facts.value(raw.get("value"), f"{where}.value"),
        cups=cups,
        number=_text(raw.get("number")),
    )


def _award(facts: Facts, raw: Json, where: str) -> PublishedAward:
    lots = raw.get("relatedLots")
    return PublishedAward(
        id=_text(raw.get("id")) or "",
        status=_text(raw.get("status")),
        date=facts.day(raw.get("date"), f"{where}.date"),
        value=facts.value(raw.get("value"), f"{where}.value"),
        suppliers=_unique(
            _text(s.get("id")) for s in json_objects(raw.get("suppliers"))
        ),
        lots=_unique(_text(lot) for lot in lots) if isinstance(lots, list) else (),
    )


def _amendments(
    facts: Facts, raw: Json, contract_id: str, where: str
) -> tuple[PublishedAmendment, ...]:
    amendments = []
    for number, entry in enumerate(json_objects(raw.get("amendments")), start=1):
        published = _text(entry.get("id"))
        rationale = _text(entry.get("rationale"))
        description = _text(entry.get("description"))
        amendments.append(
            PublishedAmendment(
                id=published or f"{contract_id}/amendment-{number}",
                derived_id=published is None,
                date=facts.day(entry.get("date"), f"{where}.amendments.{number}.date"),
                rationale=rationale,
                description=description,
                kind=kind_of_rationale(rationale or description or ""),
            )
        )
    return tuple(amendments)


def _payments(facts: Facts, raw: Json, where: str) -> tuple[PublishedPayment, ...]:
    transactions = json_object(raw.get("implementation")).get("transactions")
    payments = []
    for number, entry in enumerate(json_objects(transactions), start=1):
        payment_id = _text(entry.get("id"))
        # OCDS 1.1 names the amount ``value``; 1.0's ``amount`` is still published.
        raw_value = entry.get("value", entry.get("amount"))
        at = f"{where}.transactions.{number}"
        payments.append(
            PublishedPayment(
                id=payment_id,
                date=facts.day(entry.get("date"), f"{at}.date"),
                value=facts.value(raw_value, f"{at}.value"),
                reference=_text(entry.get("uri")) or payment_id,
            )
        )
    return tuple(payments)


def _contract(
    facts: Facts, raw: Json, awards: dict[str, PublishedAward], where: str
) -> PublishedContract:
    contract_id = _text(raw.get("id")) or ""
    award_id = _text(raw.get("awardID"))
    lots = _unique(
        _text(item.get("relatedLot")) for item in json_objects(raw.get("items"))
    )
    if not lots and award_id in awards:
        lots = awards[award_id].lots
    return PublishedContract(
        id=contract_id,
        award_id=award_id,
        lots=lots,
        title=_text(raw.get("title")),
        description=_text(raw.get("description")),
        period=facts.period(raw.get("period"), f"{where}.period"),
        value=facts.value(raw.get("value"), f"{where}.value"),
        date_signed=facts.day(raw.get("dateSigned"), f"{where}.dateSigned"),
        status=_text(raw.get("status")),
        amendments=_amendments(facts, raw, contract_id, where),
        payments=_payments(facts, raw, where),
    )


def tender_of(release: Json, ocid: str, warnings: list[Message]) -> PublishedTender:
    """The facts of one release whose ocid is known; ``warnings`` are those met
    before (a derived ocid), the release's own follow."""
    facts = Facts()
    facts.warnings.extend(warnings)
    tender = json_object(release.get("tender"))
    items = list(json_objects(tender.get("items")))
    details = _text(tender.get("procurementMethodDetails"))
    parties = {}
    for raw in json_objects(release.get("parties")):
        key = _text(raw.get("id"))
        if key is not None:
            parties[key] = party_of(raw, key)
    awards = {}
    for number, raw in enumerate(json_objects(release.get("awards")), start=1):
        award = _award(facts, raw, f"awards.{number}")
        awards[award.id] = award
    contracts = tuple(
        _contract(facts, raw, awards, f"contracts.{number}")
        for number, raw in enumerate(json_objects(release.get("contracts")), start=1)
    )
    budget = json_object(json_object(release.get("planning")).get("budget"))
    return PublishedTender(
        ocid=ocid,
        release_id=_text(release.get("id")),
        date=facts.day(release.get("date"), "date"),
        title=_text(tender.get("title")),
        description=_text(tender.get("description")),
        buyer=_text(json_object(release.get("buyer")).get("id")),
        main_category=facts.category(
            tender.get("mainProcurementCategory"), "tender.mainProcurementCategory"
        ),
        procedure=procedure_of(details) if details else None,
        cpv=_unique(cpv for item in items for cpv in _coded(item, "CPV")),
        value=facts.value(tender.get("value"), "tender.value"),
        tender_period=facts.period(tender.get("tenderPeriod"), "tender.tenderPeriod"),
        cups=_cups(iter([_text(budget.get("projectID"))])),
        lots=tuple(
            _lot(facts, raw, items, f"tender.lots.{number}")
            for number, raw in enumerate(json_objects(tender.get("lots")), start=1)
        ),
        parties=MappingProxyType(parties),
        awards=tuple(awards.values()),
        contracts=contracts,
        warnings=tuple(facts.warnings),
        own=release if _written_by_appalti(release, tender) else None,
    )


def _written_by_appalti(release: Json, tender: Json) -> bool:
    """Whether the release carries appalti's own references (``appalti export
    ocds``): then every fact it holds can be read back (``tracker.ocds.own``)."""
    if "appaltiRef" in tender:
        return True
    return any("appaltiRef" in c for c in json_objects(release.get("contracts")))
