"""dump writes the database a page at a time: the same bytes as the document
written whole, on the Milan dataset and on a generated one; load takes it back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fixed_clock
from tracker import cli
from tracker.api import Tracker
from tracker.dataset import read_dataset_file
from tracker.drafts import Dataset
from tracker.queries import export


def whole_document(dataset: Dataset) -> str:
    """The writer dump used before it streamed: the whole document in memory."""

    def prune(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: prune(v)
                for k, v in value.items()
                if v != []
                and not (
                    k.endswith("_precision")
                    and k.removesuffix("_precision") not in value
                )
            }
        if isinstance(value, list):
            return [prune(v) for v in value]
        return value

    data = dataset.model_dump(mode="json", exclude_none=True)
    return json.dumps(prune(data), ensure_ascii=False, indent=2) + "\n"


def _dump(url: str, target: Path) -> str:
    assert cli.main(["dump", "--db", url, str(target)]) == 0
    return target.read_text(encoding="utf-8")


def test_the_milan_dump_is_the_whole_document(
    milan: Tracker, db_url: str, tmp_path: Path
) -> None:
    streamed = _dump(db_url, tmp_path / "milan.json")
    assert streamed == whole_document(milan.dump_dataset())
    assert json.loads(streamed)["contracts"]


@pytest.mark.parametrize("page", [1, 7, 500])
def test_a_generated_dump_is_the_whole_document_at_any_page_size(
    tracker: Tracker,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    page: int,
) -> None:
    """Pages of one record, of a few, or of many: the same bytes."""
    tracker.generate(contracts=300, seed=5)
    monkeypatch.setattr(export, "PAGE", page)
    streamed = _dump(db_url, tmp_path / "generated.json")
    document = json.loads(streamed)
    assert len(document["contracts"]) == 300
    assert streamed == whole_document(tracker.dump_dataset())


def test_load_of_a_streamed_dump_gives_the_same_dump(
    tracker: Tracker,
    db_url: str,
    db_url_factory: Callable[[], str],
    tmp_path: Path,
) -> None:
    tracker.generate(contracts=300, seed=7)
    first = _dump(db_url, tmp_path / "first.json")
    other_url = db_url_factory()
    other = Tracker.open(other_url, clock=fixed_clock)
    try:
        summary = other.load_dataset(read_dataset_file(tmp_path / "first.json"))
    finally:
        other.close()
    assert summary.counts["contracts"] == 300
    second = _dump(other_url, tmp_path / "second.json")
    assert second == first


def test_dump_to_standard_output(
    milan: Tracker,
    db_url: str,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert cli.main(["dump", "--db", db_url, "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out == whole_document(milan.dump_dataset())
