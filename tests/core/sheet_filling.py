"""The import template filled in as an officer would: the Lorenteggio case."""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl

from tracker.i18n import _, language
from tracker.sheets_layout import SHEET_OF_KIND
from tracker.sheets_template import template_bytes

Rows = dict[str, list[dict[str, Any]]]
"""Rows to type, by sheet kind, each a column name and its value."""


def lorenteggio() -> Rows:
    """The Lorenteggio service, its ATI, the 2019 tender and contract, typed the
    way a spreadsheet keeps them (dates as dates, amounts as numbers)."""
    return {
        "organisation": [
            {
                "ref": "SPAZIO-APERTO",
                "name": "Spazio Aperto Servizi",
                "kind": "social_cooperative",
                "partita_iva": "11208890159",
            },
            {"ref": "ARS", "name": "ARS - Associazione per la Ricerca Sociale"},
            {
                "ref": "COMUNE-MI",
                "name": "Comune di Milano",
                "codice_fiscale": "01199250158",
            },
        ],
        "consortium": [
            {
                "ref": "ATI-LOR-2019",
                "name": "ATI Spazio Aperto - ARS",
                "kind": "ATI",
                "member.organisation": "SPAZIO-APERTO",
                "member.role": "mandataria",
                "member.share": 60,
            },
            {"ref": "ATI-LOR-2019", "member.organisation": "ARS", "member.share": "40"},
        ],
        "act": [
            {
                "ref": "DD-2019-1234",
                "kind": "determina_dirigenziale",
                "number": "1234",
                "adopted_on": date(2019, 5, 2),
                "subject": "Aggiudicazione Lorenteggio",
            },
        ],
        "funding_source": [
            {
                "ref": "POR-FSE",
                "name": "POR FSE Lombardia 2014-2020",
                "kind": "eu",
                "eligible_until": date(2023, 12, 31),
                "paid_by": "31/12/2023",
            },
        ],
        "service": [
            {
                "ref": "LSL-LORENTEGGIO",
                "name": "Laboratorio Sociale Lorenteggio",
                "neighbourhood": "LORENTEGGIO",
                "neighbourhood_name": "Lorenteggio",
                "municipio": 6,
                "required_from": date(2019, 6, 21),
                "required_until": date(2025, 12, 31),
            },
        ],
        "tender": [
            {
                "ref": "LOR-2019",
                "title": "Accompagnamento sociale Lorenteggio",
                "buyer": "COMUNE-MI",
                "status": "awarded",
                "procedure_type": "aperta",
                "authorising_act": "DD-2019-1234",
            },
        ],
        "lot": [
            {
                "tender": "LOR-2019",
                "ref": "LOR-2019-L1",
                "number": 1,
                "title": "Laboratorio Sociale Lorenteggio",
                "services": "LSL-LORENTEGGIO",
            },
        ],
        "contract": [
            {
                "ref": "LOR-2019-C1",
                "title": "Laboratorio Sociale Lorenteggio 2019",
                "lot": "LOR-2019-L1",
                "supplier": "ATI-LOR-2019",
                "services": "LSL-LORENTEGGIO",
                "start": date(2019, 6, 21),
                "months": 36,
                "end": date(2022, 6, 20),
                "amount": 828415.2,
                "amount_vat_rate": "unknown",
                "amount_basis": "gross",
            },
        ],
        "option": [
            {
                "contract": "LOR-2019-C1",
                "ref": "LOR-2019-C1-R1",
                "kind": "renewal",
                "state": "exercised",
                "start": date(2022, 6, 21),
                "end": date(2022, 12, 20),
                "amount": "138.069,20",
                "amount_vat_rate": "unknown",
                "amount_basis": "gross",
            },
        ],
        "allocation": [
            {
                "ref": "FIN-LOR-2019",
                "source": "POR-FSE",
                "funds": "LOR-2019-C1",
                "status": "confirmed",
            },
        ],
        "deadline": [
            {
                "ref": "RELAZIONE-LOR",
                "title": "Relazione trimestrale Lorenteggio",
                "due": date(2023, 3, 31),
                "lead_days": 15,
                "subject": "LOR-2019-C1",
                "recurrence": "quarterly",
            },
        ],
    }


@cache
def _template(language: str) -> bytes:
    """The template in ``language`` (the active one), written once per run."""
    del language
    return template_bytes()


def filled_template(path: Path, rows: Rows) -> Path:
    """The template of the active language with ``rows`` typed below the headers
    (a choice is typed as its stored value unless given as a label)."""
    book = openpyxl.load_workbook(io.BytesIO(_template(language())))

    for kind, records in rows.items():
        layout = SHEET_OF_KIND[kind]
        sheet = book[_(layout.title)]
        names = [column.name for column in layout.columns]
        for number, record in enumerate(records, start=2):
            for name, value in record.items():
                sheet.cell(number, names.index(name) + 1, value)
    book.save(path)
    return path
