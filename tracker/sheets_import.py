"""Importing a workbook of records, as the command line and the app do it: read
through the forms' checks, loaded in one transaction, summed up in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.drafts import Dataset
from tracker.errors import N_, Message, ValidationError, each
from tracker.i18n import _
from tracker.present.tables import SHEET_TITLES
from tracker.sheets_in import WorkbookError, load_problem, read_workbook

NEIGHBOURHOODS = N_("Neighbourhoods")
"""Counted in the summary beside the sheets: the services' new neighbourhoods."""


def import_workbook(path: Path, load: Callable[[Dataset], object]) -> dict[str, int]:
    """Read the workbook at ``path`` and ``load`` its records (one transaction);
    how many records of each kind came in. A refusal of the load is named by
    the cell of the record it concerns, as a WorkbookError."""
    dataset, records = read_workbook(path)
    try:
        load(dataset)
    except ValidationError as error:
        problems = [
            load_problem(records, one)
            or Message(
                N_("{field}: {reason}"),
                {
                    "field": one.field,
                    "reason": Message(one.reason_id, one.reason_params),
                },
            )
            for one in each(error)
        ]
        raise WorkbookError(path, problems) from None
    return records.counts()


def imported_line(file: str | Path, counts: dict[str, int]) -> str:
    """``Imported FILE: Organisations: 3, Consortia: 1, ...`` in the active
    language, each kind named as its sheet."""
    parts = ", ".join(
        f"{_(SHEET_TITLES.get(kind, NEIGHBOURHOODS))}: {count}"
        for kind, count in counts.items()
    )
    return _("Imported {file}: {parts}").format(file=file, parts=parts or _("nothing"))
