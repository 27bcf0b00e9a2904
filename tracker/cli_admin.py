"""Commands that look after the database itself: ``check``, ``backup``, ``restore``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.cli_base import format_option, load_into_new, opened
from tracker.config import DB_ENV, resolve_db_url, sqlite_path
from tracker.formatting import Formatter, printable
from tracker.i18n import _, ngettext

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register the commands of this module on the ``appalti`` parser."""
    for name, summary in (
        (
            "check",
            _(
                "check the database: integrity, references, schema, data, kept "
                "facts (exit 1 on problems)"
            ),
        ),
        ("backup", _("write a consistent backup while others keep working")),
        ("restore", _("bring a backup (or a dump) back into an empty database")),
    ):
        command = commands.add_parser(
            name, parents=[common], help=summary, description=summary
        )
        if name == "check":
            format_option(command)
            command.add_argument(
                "--repair",
                action="store_true",
                help=_(
                    "first build the kept facts of the findings again, in one "
                    "transaction"
                ),
            )
        else:
            command.add_argument(
                "file",
                type=Path,
                metavar=_("FILE"),
                help=_("the backup file to write")
                if name == "backup"
                else _("the backup or dump to bring back"),
            )


def cmd_check(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.health import check_database
    from tracker.health_report import report_json, report_text

    url = resolve_db_url(getattr(args, "db", None) or os.environ.get(DB_ENV) or None)
    rebuilt = _repair_facts(args) if args.repair else None
    report = check_database(url, busy_timeout=args.settings.busy_timeout)
    if args.format == "json":
        found = report_json(report)
        if rebuilt is not None:
            found["facts_rebuilt"] = rebuilt
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK if report.ok else EXIT_PROBLEMS
    if rebuilt is not None:
        message = ngettext(
            "Kept facts built again: {count} fact, in one transaction.",
            "Kept facts built again: {count} facts, in one transaction.",
            rebuilt,
        ).format(count=fmt.number(rebuilt))
        sys.stdout.write(message + "\n")
    sys.stdout.write(printable(report_text(report), multiline=True))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _repair_facts(args: argparse.Namespace) -> int:
    """Build the kept facts again; a database that cannot take it is named."""
    from tracker.errors import N_, TrackerError

    try:
        with opened(args) as tracker:
            return int(tracker.rebuild_facts())
    except TrackerError as error:
        raise TrackerError(
            N_("the kept facts were not built again: {reason}"), reason=error
        ) from None


def cmd_backup(args: argparse.Namespace, fmt: Formatter) -> int:
    from decimal import Decimal

    from tracker.backup import backup

    with opened(args) as tracker:
        result = backup(tracker.engine, args.file)
    what = (
        _("a copy of the SQLite database")
        if result.kind == "sqlite"
        else _("a dataset dump with the history")
    )
    megabytes = Decimal(result.size) / 1_000_000
    message = _("Backup written to {file} ({what}, {size} MB)").format(
        file=args.file,
        what=what,
        size=fmt.number(megabytes.quantize(Decimal("0.1"))),
    )
    sys.stdout.write(message + "\n")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.backup import ensure_empty, read_backup, restored_parts

    del fmt
    dataset = read_backup(args.file)
    url = resolve_db_url(getattr(args, "db", None) or None)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        summary = load_into_new(path, dataset, args.settings)
    else:
        with opened(args, create=True) as tracker:
            ensure_empty(tracker.engine, str(path) if path else _redacted(url))
            summary = tracker.load_dataset(dataset)
    message = _("Restored {file}: {parts}").format(
        file=args.file, parts=restored_parts(summary, dataset) or _("nothing")
    )
    sys.stdout.write(message + "\n")
    return EXIT_OK


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
}
