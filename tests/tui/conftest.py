"""Fixtures for the app's tests: a real SQLite file holding the Milan dataset."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import COMMITTEE_DAY, MILAN, fixed_clock
from tracker.api import Tracker

__all__ = ["COMMITTEE_DAY"]


@pytest.fixture
def app_tracker(sqlite_template: Path, tmp_path: Path) -> Iterator[Tracker]:
    """The Milan dataset in a SQLite file; today is the committee's day (17/01/2023)."""
    path = tmp_path / "appalti.db"
    shutil.copyfile(sqlite_template, path)
    opened = Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test-rup")
    opened.load_file(MILAN)
    yield opened
    opened.close()


@pytest.fixture
def empty_tracker(sqlite_template: Path, tmp_path: Path) -> Iterator[Tracker]:
    """An empty database in a SQLite file."""
    path = tmp_path / "empty.db"
    shutil.copyfile(sqlite_template, path)
    opened = Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test-rup")
    yield opened
    opened.close()


@pytest.fixture
def many_alerts(sqlite_template: Path, tmp_path: Path) -> Iterator[Tracker]:
    """400 generated contracts: 91 alerts on 01/06/2025, more than a screen."""
    path = tmp_path / "large.db"
    shutil.copyfile(sqlite_template, path)
    opened = Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test-rup")
    opened.generate(contracts=400, seed=1)
    yield opened
    opened.close()
