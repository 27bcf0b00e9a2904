"""Hostile datasets through the real loader (scripts/fuzz_loader.py has the
generator and runs >= 1,000 examples): each is loaded with ``appalti load`` into a
real database and must be loaded whole or refused with a clear message, with no
traceback, no internal error and nothing written by a refused load.

A few examples run here, derandomized so that the test cannot flake; the script
runs many more with a seed of one's choice."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.fuzz_loader import PG_ENV, Targets, hostile_files, quiet_cli, run_example

EXAMPLES = 60


@pytest.fixture(params=["sqlite", "postgresql"])
def targets(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Targets]:
    pg_url = os.environ.get(PG_ENV) or None
    if request.param == "postgresql" and pg_url is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (scripts/test.sh does)")
    made = Targets(str(request.param), tmp_path, pg_url)
    yield made
    made.close()


def test_hostile_datasets_are_loaded_whole_or_refused_clearly(
    targets: Targets,
) -> None:
    os.environ.pop("APPALTI_DEBUG", None)
    seen = {"accepted": 0, "refused": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=hostile_files(), existing=st.booleans())
    def load(data: bytes, existing: bool) -> None:
        outcome = run_example(targets, data, existing=existing)
        assert not outcome.traceback, outcome.message
        assert not outcome.internal_error, outcome.message
        assert not outcome.partial_write, outcome.message
        assert outcome.accepted or outcome.refused_clearly, outcome.message
        seen["accepted" if outcome.accepted else "refused"] += 1

    load()
    # the generator reaches both ends: datasets the loader takes and ones it refuses
    assert seen["accepted"] > 0
    assert seen["refused"] > 0


def test_a_refused_load_leaves_an_existing_database_byte_identical(
    tmp_path: Path,
) -> None:
    """The check the fuzzing relies on can fail: a load that writes is seen."""
    targets = Targets("sqlite", tmp_path, None)
    refused = json.dumps({"programmes": [{"ref": "FUZZ-PRG", "name": "again"}]})
    outcome = run_example(targets, refused.encode(), existing=True)
    assert outcome.refused_clearly
    assert "already used by a programme" in outcome.message
    assert not outcome.partial_write
    db = targets.new(existing=True)
    before = targets.fingerprint(db)
    added = tmp_path / "added.json"
    added.write_text(json.dumps({"programmes": [{"ref": "NEW", "name": "x"}]}))
    assert quiet_cli("load", str(added), "--db", db)[0] == 0
    assert targets.fingerprint(db) != before
