"""Commands that look after the database itself: ``appalti check``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from tracker.config import DB_ENV, resolve_db_url
from tracker.formatting import Formatter, printable

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register the commands of this module on the ``appalti`` parser."""
    check = commands.add_parser(
        "check",
        parents=[common],
        help="check the database: integrity, references, schema, data (exit 1 on problems)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")


def cmd_check(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.health import check_database, report_json, report_text

    del fmt
    url = resolve_db_url(getattr(args, "db", None) or os.environ.get(DB_ENV) or None)
    report = check_database(url, busy_timeout=args.settings.busy_timeout)
    if args.format == "json":
        sys.stdout.write(
            json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
        )
    else:
        sys.stdout.write(printable(report_text(report), multiline=True))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "check": cmd_check,
}
