"""Data shipped with the program: the Milan dataset used by ``appalti demo``."""

from __future__ import annotations

from pathlib import Path

MILAN_DATASET = "milano-laboratori.json"


def milan_dataset_path() -> Path:
    """The Milan dataset inside the installed package, or in a source checkout."""
    packaged = Path(__file__).with_name("data") / MILAN_DATASET
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "fixtures" / MILAN_DATASET
