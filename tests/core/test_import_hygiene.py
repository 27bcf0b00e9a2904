"""The core never loads the UI toolkit, and export-only libraries load lazily."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "tracker.api",
    "tracker.cli",
    "tracker.dataset",
    "tracker.render",
    "tracker.schemas",
    "tracker.queries.contracts",
    "tracker.services.procurement",
]


def _loaded_after(statement: str) -> set[str]:
    probe = f"{statement}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_core_imports_no_ui_toolkit() -> None:
    loaded = _loaded_after("\n".join(f"import {m}" for m in CORE_MODULES))
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "tui"}}


def test_core_does_not_load_export_or_backend_libraries_at_import() -> None:
    loaded = _loaded_after("import tracker.api, tracker.cli")
    for library in ("reportlab", "pypdf", "psycopg", "alembic"):
        assert library not in {m.split(".")[0] for m in loaded}, library


def test_the_app_module_does_not_load_reportlab() -> None:
    loaded = _loaded_after("import tui.app")
    assert "reportlab" not in {m.split(".")[0] for m in loaded}
    assert "textual" in {m.split(".")[0] for m in loaded}
