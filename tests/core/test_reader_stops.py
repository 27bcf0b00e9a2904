"""A reader that stops early (``appalti list ... | head -1``): the command ends
quietly and successfully, whatever the format and the length of its output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # enough contracts that every format overflows a pipe's buffer
    db = tmp_path_factory.mktemp("pipe") / "big.db"
    generate = ["generate", "--contracts", "400", "--seed", "3"]
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), *generate],
        check=True,
        capture_output=True,
    )
    return db


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "contracts"],
        ["list", "contracts", "--format", "csv"],
        ["list", "contracts", "--format", "json"],
        ["list", "tenders", "--excel"],
        ["continuity", "--format", "csv"],
    ],
)
def test_head_takes_one_line_and_the_command_ends_quietly(
    big_db: Path, argv: list[str]
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", str(big_db), "--lang", "it", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert first
    assert errors == b""
