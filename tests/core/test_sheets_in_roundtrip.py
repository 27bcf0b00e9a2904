"""The Milan workbook from ``appalti export xlsx`` imported into an empty
database gives the same records, for everything the workbook carries."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.core.sheet_filling import filled_template, lorenteggio
from tracker.api import Tracker
from tracker.cli import main
from tracker.drafts import Dataset

NOT_CARRIED: dict[str, set[str]] = {
    # no sheet holds sites or neighbourhoods' figures: a service names its
    # neighbourhood, which the import creates from its name
    "neighbourhoods": {
        "municipio",
        "inhabitants",
        "inhabitants_approximate",
        "households",
        "erp_dwellings",
        "figures_as_of",
        "figures_basis",
        "programmes",
        "note",
    },
    "services": {"site", "required_from_precision", "required_until_precision"},
    # a day known to the year or month only is exported as a whole day
    "programmes": {"start_precision", "end_precision"},
    "tenders": {"plan_entry", "planned_start_precision"},
    "contracts": {"staffing", "start_precision", "end_precision"},
    "consortia": {"note"},
}
"""What the exported workbook leaves out, by section; everything else must come
back as it was."""

SECTIONS = (
    "programmes",
    "organisations",
    "consortia",
    "acts",
    "funding_sources",
    "neighbourhoods",
    "services",
    "tenders",
    "contracts",
    "allocations",
    "deadlines",
)


def _carried(data: Dataset, section: str) -> dict[str, dict[str, Any]]:
    left_out = NOT_CARRIED.get(section, set())
    return {
        record.ref: {
            key: value
            for key, value in record.model_dump(mode="json").items()
            if key not in left_out
        }
        for record in getattr(data, section)
    }


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_exported_milan_workbook_imports_into_an_empty_database_as_it_was(
    language: str,
    milan: Tracker,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workbook = tmp_path / "milano.xlsx"
    exported = ["--db", db_url, "--lang", language, "export", "xlsx"]
    assert main([*exported, "-o", str(workbook), "--as-of", "17/01/2023"]) == 0
    # nothing loaded first: the workbook carries the programmes its services name
    empty = tmp_path / "empty.db"
    assert not empty.exists()
    capsys.readouterr()

    status = main(
        ["--lang", language, "import", "xlsx", str(workbook), "--db", str(empty)]
    )

    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out.endswith(
        {
            "it": "Operatori: 5, Raggruppamenti: 1, Atti: 2, Fonti di finanziamento: "
            "4, Programmi: 3, Quartieri: 6, Servizi: 6, Gare: 6, Lotti: 10, Contratti: 11, "
            "Opzioni: 1, Stanziamenti: 5\n",
            "en": "Organisations: 5, Consortia: 1, Acts: 2, Funding sources: 4, "
            "Programmes: 3, Neighbourhoods: 6, Services: 6, Tenders: 6, Lots: 10, Contracts: 11, "
            "Options: 1, Allocations: 5\n",
        }[language]
    )
    before = milan.dump_dataset()
    imported = Tracker.open(f"sqlite:///{empty}")
    try:
        after = imported.dump_dataset()
    finally:
        imported.close()
    for section in SECTIONS:
        assert _carried(after, section) == _carried(before, section), section
    [contract] = [c for c in after.contracts if c.ref == "LOR-2019-C1"]
    assert contract.amount is not None
    assert (contract.amount.gross, contract.amount.vat_rate) == ("828415.20", "unknown")


def test_a_filled_template_exported_and_imported_again_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Shares as percentages, a recurring deadline, a net amount with its rate
    and a gross one without: typed, exported, imported into an empty database."""
    rows = lorenteggio()
    rows["tender"][0].update(
        estimated_value="1.000.000,00", estimated_value_vat_rate="22"
    )
    rows["allocation"][0]["amount"] = "500000"
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    typed = filled_template(tmp_path / "typed.xlsx", rows)
    assert main(["import", "xlsx", str(typed), "--db", str(first)]) == 0
    exported = tmp_path / "exported.xlsx"
    assert (
        main(
            [
                "export",
                "xlsx",
                "-o",
                str(exported),
                "--as-of",
                "17/01/2023",
                "--db",
                str(first),
            ]
        )
        == 0
    )
    assert main(["import", "xlsx", str(exported), "--db", str(second)]) == 0
    capsys.readouterr()
    datasets = []
    for db in (first, second):
        tracker = Tracker.open(f"sqlite:///{db}")
        try:
            datasets.append(tracker.dump_dataset())
        finally:
            tracker.close()
    for section in SECTIONS:
        assert _carried(datasets[1], section) == _carried(datasets[0], section), section
    [consortium] = datasets[1].consortia
    assert [m.share for m in consortium.members] == ["60", "40"]
    [tender] = datasets[1].tenders
    assert tender.estimated_value is not None
    assert (tender.estimated_value.net, tender.estimated_value.vat_rate) == (
        "1000000.00",
        "22",
    )
    [deadline] = datasets[1].deadlines
    assert (deadline.due, deadline.recurrence) == (date(2023, 3, 31), "quarterly")
