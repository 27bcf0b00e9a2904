"""``appalti history REF``: a record's changes, version by version; with
``--restore N`` the record goes back to version N, saved like any change."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from tracker.cli_base import format_option, opened, whole_number
from tracker.formatting import Formatter, printable
from tracker.i18n import _
from tracker.present.fields import changed_fields
from tracker.vocabulary import record_part, term

EXIT_OK = 0


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``history`` on the ``appalti`` parser."""
    summary = _("a record's changes, version by version; --restore N goes back to N")
    command = commands.add_parser(
        "history", parents=[common], help=summary, description=summary
    )
    command.add_argument("ref", metavar=_("REF"), help=_("the record's reference"))
    command.add_argument(
        "--restore",
        type=whole_number,
        metavar="N",
        help=_(
            "save the record as its version N left it (every rule checked; its "
            "lots or options stay as they are)"
        ),
    )
    command.add_argument(
        "--if-version",
        type=whole_number,
        metavar="V",
        help=_(
            "with --restore: only if the record is still at version V (the one you "
            "looked at); otherwise say who changed it"
        ),
    )
    format_option(command)


def cmd_history(args: argparse.Namespace, fmt: Formatter) -> int:
    with opened(args) as tracker:
        if args.restore is not None:
            saved = tracker.restore_version(
                args.ref, args.restore, base_version=args.if_version
            )
            message = _("{ref}: version {version} restored").format(
                ref=saved, version=args.restore
            )
            sys.stdout.write(printable(message) + "\n")
            return EXIT_OK
        history = tracker.history_of(args.ref)
    if args.format == "json":
        rows = [
            {
                "version": h.version,
                "at": h.at.isoformat(),
                "actor": h.actor,
                "role": h.role,
                "action": h.action,
                "entity": h.entity,
                "ref": h.ref,
                "changes": json.loads(h.changes),
            }
            for h in history
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for h in history:
        version = "" if h.version is None else f"v{h.version}"
        fields = changed_fields(h.entity, h.action, h.changes)
        line = "  ".join(
            part
            for part in (
                f"{version:>4}",
                fmt.moment(h.at),
                h.who,
                term(h.action),
                h.ref or record_part(h.entity),
                fields,
            )
            if part
        )
        sys.stdout.write(printable(line) + "\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "history": cmd_history,
}
