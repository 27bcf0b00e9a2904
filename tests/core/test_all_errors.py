"""A refused save names every wrong value at once, each after its field, and
says which other record's state refused it, when one did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_bad_input import valid_dataset
from tracker.api import Tracker
from tracker.cli import main
from tracker.drafts import ContractDraft, OrganisationDraft, TenderDraft
from tracker.errors import (
    Checks,
    ValidationError,
    ValidationErrors,
    each,
    raise_all,
)
from tracker.forms import draft_from_values, read_values
from tracker.i18n import set_language


def refused(error: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(one.field, one.reason) for one in each(error.value)]


def test_a_form_names_every_wrong_field_in_the_forms_order() -> None:
    values = {
        "ref": "lor 2024",  # a reference with a space
        "title": "",  # required
        "lot": "LOR-2019-L1",
        "signed_on": "31/02/2023",
        "months": "tre",
        "amount": "12,345,6",
        "amount_vat_rate": "22",
        "amount_basis": "net",
    }
    with pytest.raises(ValidationErrors) as error:
        draft_from_values("contract", values)
    assert refused(error) == [
        ("ref", "capitals, digits and . _ / - only, at most 40"),
        ("title", "this field is required"),
        ("signed_on", "not a date: write it as dd/mm/yyyy, e.g. 17/01/2023"),
        ("months", "not a whole number"),
        ("amount", "not an amount: write it as 1.234,56"),
    ]
    # Caught as one error, it is the first.
    assert error.value.field == "ref"
    assert str(error.value).splitlines() == [
        "5 values are not valid:",
        "  - Reference: capitals, digits and . _ / - only, at most 40 "
        "(value: 'lor 2024')",
        "  - Title: this field is required (value: '')",
        "  - Signed on: not a date: write it as dd/mm/yyyy, e.g. 17/01/2023 "
        "(value: '31/02/2023')",
        "  - Months: not a whole number (value: 'tre')",
        "  - Amount (base period): not an amount: write it as 1.234,56 (value: '12,345,6')",
    ]


def test_one_wrong_field_is_a_plain_validation_error() -> None:
    with pytest.raises(ValidationError) as error:
        draft_from_values("organisation", {"ref": "ACME", "name": ""})
    assert type(error.value) is ValidationError
    assert (error.value.field, error.value.reason) == (
        "name",
        "this field is required",
    )


def test_read_values_names_every_wrong_field() -> None:
    with pytest.raises(ValidationErrors) as error:
        read_values("exercise", {"decided_on": "", "act": "DD\x0712"})
    assert [one.field for one in each(error.value)] == ["decided_on", "act"]


def test_the_whole_list_reads_in_italian() -> None:
    set_language("it")
    with pytest.raises(ValidationErrors) as error:
        draft_from_values("organisation", {"ref": "", "name": ""})
    lines = str(error.value).splitlines()
    assert lines[0] == "2 valori non sono validi:"
    assert len(lines) == 3


def test_checks_keep_going_and_raise_all_they_refused() -> None:
    def positive(n: int) -> int:
        if n <= 0:
            raise ValidationError(f"n{n}", n, "must be more than 0")
        return n

    checks = Checks()
    assert checks.run(positive, 2) == 2
    assert checks.run(positive, -1) is None
    assert checks.run(positive, 0) is None
    with pytest.raises(ValidationErrors) as error:
        checks.done()
    assert [one.field for one in each(error.value)] == ["n-1", "n0"]
    raise_all([])  # nothing refused: nothing raised
    located = error.value.located("rows[3]")
    assert [one.field for one in each(located)] == ["rows[3].n-1", "rows[3].n0"]


def test_an_organisation_with_a_wrong_partita_iva_and_codice_fiscale_names_both(
    milan: Tracker,
) -> None:
    draft = OrganisationDraft(
        ref="COOP-NUOVA",
        name="Cooperativa Nuova",
        partita_iva="12345678901",
        codice_fiscale="RSSMRA80A01F205",
    )
    with pytest.raises(ValidationErrors) as error:
        milan.save(draft)
    assert [one.field for one in each(error.value)] == [
        "partita_iva",
        "codice_fiscale",
    ]
    assert milan.record_kind("COOP-NUOVA") is None


def test_a_contract_on_a_planned_tender_names_the_tender_as_its_cause(
    milan: Tracker,
) -> None:
    draft = ContractDraft(
        ref="LDQ-2016-C9",
        title="Laboratori di quartiere",
        lot="LDQ-2016-L1",
        supplier="NOBODY",
        cig="123",
    )
    with pytest.raises(ValidationErrors) as error:
        milan.save(draft)
    errors = each(error.value)
    assert [one.field for one in errors] == ["lot", "cig", "supplier"]
    assert errors[0].cause == "LDQ-2016"
    assert errors[0].reason == (
        "the lot's tender LDQ-2016 is planned: a contract needs a published or "
        "awarded tender"
    )
    assert error.value.cause == "LDQ-2016"
    assert errors[1].cause is None


@pytest.mark.usefixtures("milan")
def test_the_command_line_lists_every_wrong_value_of_a_record(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = valid_dataset()
    data["organisations"][1] |= {
        "partita_iva": "12345678901",
        "codice_fiscale": "RSSMRA80A01F205",
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--db", db_url, "load", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "appalti: 2 values are not valid:"
    assert lines[1].startswith("  - organisations[COOP-A].partita_iva: not a valid")
    assert lines[2].startswith("  - organisations[COOP-A].codice_fiscale: not a")
    assert len(lines) == 3


def test_a_tender_names_every_wrong_field_it_is_refused_for(milan: Tracker) -> None:
    draft = TenderDraft(
        ref="GARA-NUOVA",
        title="Nuova gara",
        status="planned",
        cup="123",
        programme="NESSUNO",
        buyer="NESSUNO",
    )
    with pytest.raises(ValidationErrors) as error:
        milan.save(draft)
    assert [one.field for one in each(error.value)] == [
        "cup",
        "programme",
        "buyer",
    ]
