"""Where documents go: the setting, the user's documents folder, the home; and the
command line never writes over a file unless told to."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli import main
from tracker.config import Settings, documents_folder, settings_from_mapping
from tracker.errors import TrackerError


def home_with(tmp_path: Path, *folders: str, dirs: str | None = None) -> Path:
    home = tmp_path / "home"
    for folder in folders:
        (home / folder).mkdir(parents=True)
    if dirs is not None:
        (home / ".config").mkdir(parents=True, exist_ok=True)
        (home / ".config" / "user-dirs.dirs").write_text(dirs, encoding="utf-8")
    home.mkdir(exist_ok=True)
    return home


CASES = {
    "the folder the user-dirs file names": (
        ("Documenti", "Documents"),
        '# written by xdg-user-dirs-update\nXDG_DOCUMENTS_DIR="$HOME/Documenti"\n',
        "Documenti",
    ),
    "an absolute folder in the user-dirs file": (
        ("altrove",),
        'XDG_DOCUMENTS_DIR="{home}/altrove"\n',
        "altrove",
    ),
    "a user-dirs folder that does not exist falls back to Documents": (
        ("Documents",),
        'XDG_DOCUMENTS_DIR="$HOME/Documenti"\n',
        "Documents",
    ),
    "documents set to the home itself means none": (
        ("Documents",),
        'XDG_DOCUMENTS_DIR="$HOME/"\n',
        "Documents",
    ),
    "no user-dirs file: Documents when it exists": (("Documents",), None, "Documents"),
    "neither: the home": ((), None, ""),
}


@pytest.mark.parametrize(
    ("folders", "dirs", "expected"), CASES.values(), ids=CASES.keys()
)
def test_the_users_documents_folder(
    tmp_path: Path, folders: tuple[str, ...], dirs: str | None, expected: str
) -> None:
    home = tmp_path / "home"
    home_with(tmp_path, *folders, dirs=None if dirs is None else dirs.format(home=home))
    assert documents_folder(Settings(), {}, home) == home / expected


def test_the_setting_wins(tmp_path: Path) -> None:
    home = home_with(tmp_path, "Documents")
    settings = settings_from_mapping({"documents": "~/appalti"})
    assert settings.documents == Path.home() / "appalti"
    assert documents_folder(settings, {}, home) == Path.home() / "appalti"


def test_a_documents_setting_that_is_no_path_is_refused() -> None:
    with pytest.raises(TrackerError, match="documents must be the path of a folder"):
        settings_from_mapping({"documents": 3})


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "documenti"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'documents = "{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(config))
    return folder


@pytest.mark.usefixtures("milan")
def test_without_output_the_dossier_goes_to_the_documents_folder(
    db_url: str, documents: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", db_url, "--lang", "it", "dossier", "LOR-2019"]
    assert main([*argv, "--as-of", "2023-01-17"]) == 0
    written = documents / "dossier-LOR-2019-2023-01-17.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert f"Scritto {written}" in capsys.readouterr().out


@pytest.mark.usefixtures("milan")
def test_the_report_is_named_in_the_language_of_the_session(
    db_url: str, documents: Path
) -> None:
    argv = ["--db", db_url, "--lang", "it", "report", "continuity"]
    assert main([*argv, "--as-of", "2023-01-17"]) == 0
    assert (documents / "relazione-continuita-2023-01-17.pdf").is_file()


@pytest.mark.usefixtures("milan")
def test_an_existing_file_is_overwritten_only_with_force(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "lor.pdf"
    target.write_bytes(b"the officer's own file")
    argv = ["--db", db_url, "--lang", "it", "dossier", "LOR-2019", "-o", str(target)]
    assert main(argv) != 0
    assert target.read_bytes() == b"the officer's own file"
    assert (
        f"{target} esiste già: non è stato scritto nulla (--force lo sovrascrive)"
        in capsys.readouterr().err
    )
    assert main([*argv, "--force"]) == 0
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.usefixtures("milan")
def test_an_output_folder_gets_the_documents_name(db_url: str, tmp_path: Path) -> None:
    argv = ["--db", db_url, "report", "continuity", "-o", str(tmp_path)]
    assert main([*argv, "--as-of", "2023-01-17"]) == 0
    assert (tmp_path / "continuity-report-2023-01-17.pdf").is_file()
