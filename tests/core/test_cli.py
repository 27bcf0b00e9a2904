"""The appalti command as a script or a person uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import MILAN, ROOT
from tracker import __version__
from tracker.api import Tracker
from tracker.cli import main
from tracker.config import resolve_db_url

SCHEMAS = ROOT / "schemas"


def _schema(name: str) -> dict[str, object]:
    schema: dict[str, object] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"appalti {__version__}"


@pytest.mark.parametrize(
    "entry", [["appalti"], [sys.executable, "-m", "tracker"]], ids=["script", "module"]
)
def test_installed_entry_points_run(entry: list[str], tmp_path: Path) -> None:
    if entry == ["appalti"]:
        entry = [str(Path(sys.executable).with_name("appalti"))]
    env = {
        **os.environ,
        "APPALTI_DB": f"sqlite:///{tmp_path / 'cli.db'}",
        "LANG": "it_IT.UTF-8",
    }
    loaded = subprocess.run(
        [*entry, "load", str(MILAN)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "contratti: 11" in loaded.stdout
    shown = subprocess.run(
        [*entry, "list", "contracts"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "966.484,40\xa0€" in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80


LISTED = {
    "tenders": 6,
    "contracts": 11,
    "services": 6,
    "organisations": 5,
    "consortia": 1,
    "acts": 2,
}


@pytest.mark.parametrize("kind", list(LISTED))
def test_list_json_follows_its_schema(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    del milan
    assert main(["--db", db_url, "list", kind, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(_schema(f"list-{kind}.schema.json")).validate(
        report
    )
    assert len(report[kind]) == LISTED[kind]


@pytest.mark.parametrize("kind", list(LISTED))
def test_list_text_fits_80_columns(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    del milan
    assert main(["--db", db_url, "--lang", "it", "list", kind]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert out.count("\n") >= 3


@pytest.mark.parametrize("ref", ["LOR-2019", "LOR-2019-C1", "LDQ-2016"])
def test_show_json_follows_its_schema(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    del milan
    assert main(["--db", db_url, "show", ref, "--format", "json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(_schema("show.schema.json")).validate(detail)


def test_show_tender_text_has_everything_attached(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "--lang", "it", "show", "LOR-2019"]) == 0
    out = capsys.readouterr().out
    for fragment in (
        "LOR-2019-C1",
        "21/06/2019",
        "20/06/2022",
        "20/12/2022",
        "828.415,20\xa0€",
        "138.069,20\xa0€",
        "966.484,40\xa0€",
        "Spazio Aperto Servizi Società Cooperativa Sociale",
        "KCITY S.r.l.",
        "POR FSE Lombardia 2014-2020",
    ):
        assert fragment in out, fragment
    assert out.count("mandante") == 4


def test_show_with_english_formatting(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "--lang", "en", "show", "LOR-2019-C1"]) == 0
    assert "€966,484.40" in capsys.readouterr().out


def test_dump_to_standard_output_is_the_dataset(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "dump", "-"]) == 0
    dumped = json.loads(capsys.readouterr().out)
    assert dumped["format"] == "appalti-dataset"
    assert len(dumped["contracts"]) == 11


def test_usage_errors_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "cantieri"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'cantieri'" in capsys.readouterr().err


def test_database_url_precedence(tmp_path: Path) -> None:
    env = {"APPALTI_DB": "postgresql://office/appalti"}
    assert resolve_db_url("sqlite:///x.db", env) == "sqlite:///x.db"
    assert resolve_db_url(None, env) == "postgresql://office/appalti"
    assert (
        resolve_db_url(str(tmp_path / "mine.db"), {})
        == f"sqlite:///{tmp_path / 'mine.db'}"
    )
    default = resolve_db_url(None, {})
    assert default.startswith("sqlite:///")
    assert default.endswith("appalti.db")


def test_settings_file_is_checked(tmp_path: Path) -> None:
    from tracker.config import load_settings
    from tracker.errors import TrackerError

    good = tmp_path / "good.toml"
    good.write_text("horizon_days = 30\n[lead_days]\naperta = 240\n", encoding="utf-8")
    settings = load_settings(good)
    assert (settings.horizon_days, settings.lead_days_for("aperta")) == (30, 240)
    assert settings.lead_days_for("negoziata") == 180
    typo = tmp_path / "typo.toml"
    typo.write_text("[lead_days]\naperto = 240\n", encoding="utf-8")
    with pytest.raises(
        TrackerError, match=r"lead_days\.aperto is not a procedure type"
    ):
        load_settings(typo)
    broken = tmp_path / "broken.toml"
    broken.write_text("horizon_days = ", encoding="utf-8")
    with pytest.raises(TrackerError, match="cannot read the configuration"):
        load_settings(broken)
    negative = tmp_path / "negative.toml"
    negative.write_text("horizon_days = -5\n", encoding="utf-8")
    with pytest.raises(TrackerError, match="horizon_days must be a whole number"):
        load_settings(negative)


def test_the_day_given_before_the_command_is_the_day_it_computes_for(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "continuity", "--as-of", "2023-01-17"]) == 0
    after = capsys.readouterr().out
    assert main(["--db", db_url, "--as-of", "2023-01-17", "continuity"]) == 0
    before = capsys.readouterr().out
    assert "17/01/2023" in after
    assert before == after
    assert main(["--db", db_url, "continuity"]) == 0
    assert "17/01/2023" not in capsys.readouterr().out.splitlines()[0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "it",
            "{path}: impossibile leggere la configurazione: la sintassi è errata alla "
            "riga 2, colonna 6 (Expected ']' at the end of a table declaration)",
        ),
        (
            "en",
            "{path}: cannot read the configuration: the syntax is wrong at line 2, "
            "column 6 (Expected ']' at the end of a table declaration)",
        ),
    ],
)
def test_a_settings_file_with_wrong_syntax_says_where(
    tmp_path: Path, language: str, expected: str
) -> None:
    from tracker.config import load_settings
    from tracker.errors import TrackerError
    from tracker.i18n import set_language

    broken = tmp_path / "broken.toml"
    broken.write_text('user = "m"\n[mail\nhost = "x"\n', encoding="utf-8")
    set_language(language)
    try:
        with pytest.raises(TrackerError) as raised:
            load_settings(broken)
        assert str(raised.value) == expected.format(path=broken)
    finally:
        set_language("en")
