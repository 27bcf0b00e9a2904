"""The sheet of programmes: filled in, it gives the programmes a service of the
same workbook names; a wrong cell in it is named like any other."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.core.sheet_filling import Rows, filled_template, lorenteggio
from tracker.api import Tracker
from tracker.cli import main
from tracker.drafts import ProgrammeDraft
from tracker.i18n import set_language


def _with_programme() -> Rows:
    rows = lorenteggio()
    rows["programme"] = [
        {
            "ref": "ADP-LORENTEGGIO",
            "name": "Accordo di Programma Lorenteggio",
            "start": date(2016, 10, 1),
            "end": date(2025, 12, 31),
            "note": "Fine indicativa",
        }
    ]
    rows["service"][0]["programme"] = "ADP-LORENTEGGIO"
    return rows


@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_service_names_a_programme_of_the_same_workbook(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language(lang)
    workbook = filled_template(tmp_path / "lorenteggio.xlsx", _with_programme())
    db = tmp_path / "office.db"
    capsys.readouterr()
    status = main(["--lang", lang, "import", "xlsx", str(workbook), "--db", str(db)])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert {"it": "Programmi: 1,", "en": "Programmes: 1,"}[lang] in out
    tracker = Tracker.open(f"sqlite:///{db}")
    try:
        data = tracker.dump_dataset()
    finally:
        tracker.close()
    assert data.programmes == [
        ProgrammeDraft(
            ref="ADP-LORENTEGGIO",
            name="Accordo di Programma Lorenteggio",
            start=date(2016, 10, 1),
            end=date(2025, 12, 31),
            note="Fine indicativa",
        )
    ]
    assert [s.programme for s in data.services] == ["ADP-LORENTEGGIO"]


REFUSED = {
    "it": [
        "appalti: {file}: non è stato importato nulla",
        "  - Programmi!D2 '31/13/2025': data non valida: scrivere gg/mm/aaaa, ad es. "
        "17/01/2023",
        "  - Programmi!B3: campo obbligatorio",
    ],
    "en": [
        "appalti: {file}: nothing was imported",
        "  - Programmes!D2 '31/13/2025': not a date: write it as dd/mm/yyyy, e.g. "
        "17/01/2023",
        "  - Programmes!B3: this field is required",
    ],
}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_wrong_cell_of_the_programmes_is_named_and_nothing_is_written(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language(lang)
    rows = _with_programme()
    rows["programme"][0]["end"] = "31/13/2025"
    rows["programme"].append({"ref": "CDQ2"})
    workbook = filled_template(tmp_path / "lorenteggio.xlsx", rows)
    db = tmp_path / "office.db"
    capsys.readouterr()
    status = main(["--lang", lang, "import", "xlsx", str(workbook), "--db", str(db)])
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    assert err.splitlines() == [line.format(file=workbook) for line in REFUSED[lang]]
    assert not db.exists()
