"""Thousands of random write sequences against the kept facts.

Runs the property of tests/core/test_kept_consistency.py with as many examples
as asked, on SQLite (and on PostgreSQL when APPALTI_TEST_PG_URL names a
server)::

    python scripts/fuzz_kept.py                  # 5000 examples, SQLite
    python scripts/fuzz_kept.py 20000 --pg       # also on PostgreSQL

A failure prints the shortest sequence of writes Hypothesis found and the
facts that disagree.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", type=int, nargs="?", default=5000)
    parser.add_argument(
        "--pg", action="store_true", help="also on PostgreSQL (APPALTI_TEST_PG_URL)"
    )
    args = parser.parse_args()
    selected = "after_any_writes" + ("" if args.pg else " and sqlite")
    env = {**os.environ, "APPALTI_KEPT_EXAMPLES": str(args.examples)}
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(ROOT / "tests" / "core" / "test_kept_consistency.py"),
        "-q",
        "-x",
        "-p",
        "no:cacheprovider",
        "-k",
        selected,
        "--hypothesis-show-statistics",
    ]
    return subprocess.call(command, env=env, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
