"""The command line reads a day as an Italian office writes it (17/01/2023,
17/1/2023) as well as ISO (2023-01-17), and names the option and the value it
cannot read."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tracker.api import Tracker
from tracker.cli import main
from tracker.domain.kinds import Recurrence
from tracker.drafts import DeadlineDraft


def _alerts(db_url: str, capsys: pytest.CaptureFixture[str], day: str) -> str:
    assert main(["--db", db_url, "alerts", "--as-of", day, "--format", "json"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("day", ["17/01/2023", "17/1/2023", "17-01-2023"])
def test_alerts_as_of_a_day_written_the_italian_way(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    del milan
    iso = _alerts(db_url, capsys, "2023-01-17")
    assert json.loads(iso)["as_of"] == "2023-01-17"
    assert _alerts(db_url, capsys, day) == iso


def test_the_as_of_day_before_the_command_opens_the_lists_on_that_day(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    for day in ("2023-01-17", "17/01/2023"):
        assert main(["--db", db_url, "--as-of", day, "list", "contracts"]) == 0
        out = capsys.readouterr().out
        assert "LOR-2019-C1" in out
    assert main(["--db", db_url, "list", "contracts", "--as-of", "1/6/2022"]) == 0
    june = capsys.readouterr().out
    assert main(["--db", db_url, "list", "contracts", "--as-of", "2022-06-01"]) == 0
    assert capsys.readouterr().out == june


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "argument --as-of: not a date: write it as dd/mm/yyyy or yyyy-mm-dd: "
            "'31/02/2023'",
        ),
        (
            "it",
            "argomento --as-of: data non valida, scriverla come gg/mm/aaaa o "
            "aaaa-mm-gg: '31/02/2023'",
        ),
    ],
)
def test_a_day_that_does_not_exist_is_named_with_its_option(
    capsys: pytest.CaptureFixture[str], language: str, expected: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--lang", language, "alerts", "--as-of", "31/02/2023"])
    assert raised.value.code == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("day", ["17/01/23", "2023/01/17", "gennaio", "17 01 2023"])
def test_other_ways_of_writing_a_day_are_refused(
    capsys: pytest.CaptureFixture[str], day: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["continuity", "--as-of", day])
    assert raised.value.code == 2
    assert "argument --as-of: not a date: write it as dd/mm/yyyy" in (
        capsys.readouterr().err
    )


def test_the_acknowledgement_as_of_a_day_covers_what_the_alerts_show_then(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the app does: through the as-of day plus the horizon (60 days), not
    through the as-of day alone nor the machine's today plus the horizon."""
    milan.save(
        DeadlineDraft(
            ref="REPORT-MONTHLY",
            title="Relazione mensile",
            due=date(2022, 1, 15),
            recurrence=Recurrence.MONTHLY,
        )
    )
    args = [
        "--db",
        db_url,
        "deadline",
        "ack",
        "REPORT-MONTHLY",
        "--as-of",
        "17/01/2023",
    ]
    assert main(args) == 0
    assert "REPORT-MONTHLY" in capsys.readouterr().out
    [ack] = milan.dump_dataset().acknowledgements
    assert (ack.key, ack.through) == ("REPORT-MONTHLY", date(2023, 3, 18))
