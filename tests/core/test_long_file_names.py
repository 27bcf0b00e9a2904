"""A file name longer than the file system takes (255 bytes on most): the
commands that write a file name it and say why, in the session's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli import main


@pytest.mark.usefixtures("milan")
@pytest.mark.parametrize(
    ("command", "suffix"),
    [
        (("calendar",), ".ics"),
        (("alerts",), ".pdf"),
        (("report", "continuity"), ".pdf"),
        (("export", "xlsx"), ".xlsx"),
    ],
)
def test_a_name_too_long_is_said_and_nothing_is_written(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    suffix: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("a" * 300 + suffix)
    argv = ["--lang", "it", *command, "--db", db_url, "--as-of", "17/01/2023"]
    assert main([*argv, "-o", str(target)]) == 1
    assert capsys.readouterr() == (
        "",
        f"appalti: impossibile scrivere {target}: il nome è troppo lungo\n",
    )
    assert list(folder.iterdir()) == []
