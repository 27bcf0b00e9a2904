"""Write the JSON Schemas in schemas/ from their definitions in tracker.schemas."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.schemas import all_schemas

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def render(schema: dict[str, object]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> None:
    SCHEMAS.mkdir(exist_ok=True)
    for name, schema in all_schemas().items():
        (SCHEMAS / name).write_text(render(schema), encoding="utf-8")
        print(f"wrote schemas/{name}")


if __name__ == "__main__":
    main()
