"""``appalti calendar``: the open deadlines as a calendar feed (an .ics file) that
Outlook, Thunderbird or Google Calendar import or subscribe to."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import N_, TrackerError
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext

if TYPE_CHECKING:
    from tracker.export.calendar import Previous

EXIT_OK = 0


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``calendar``."""
    from tracker.cli_base import as_of_option, day_count

    about = _(
        "write the open deadlines as a calendar (.ics): one all-day event each, "
        "with an alarm at its lead time"
    )
    calendar = commands.add_parser(
        "calendar",
        parents=[common],
        help=about,
        description=about
        + ". "
        + _(
            "The file is a feed meant to be written again: an existing calendar "
            "written by appalti is replaced, and a calendar importing it again "
            "updates its events instead of adding copies."
        ),
    )
    calendar.add_argument(
        "-o",
        "--output",
        required=True,
        metavar=_("FILE"),
        help=_("the file to write, or - for standard output"),
    )
    calendar.add_argument(
        "--within",
        type=day_count,
        metavar=_("DAYS"),
        help=_(
            "only the deadlines due within DAYS days of the as-of day, and the "
            "overdue ones (default: every open deadline)"
        ),
    )
    as_of_option(calendar)
    calendar.add_argument(
        "--force",
        action="store_true",
        help=_("replace FILE even when it is not a calendar written by appalti"),
    )


def cmd_calendar(args: argparse.Namespace, fmt: Formatter) -> int:
    """Write the feed to standard output, or to a file whole or not at all."""
    from tracker.cli_base import opened
    from tracker.export.calendar import NOTHING_BEFORE, calendar_bytes

    to_stdout = args.output == "-"
    target = Path(args.output)
    previous = NOTHING_BEFORE if to_stdout else _previous(target, force=args.force)
    with opened(args) as tracker:
        data = tracker.calendar(args.as_of)
        now = tracker.clock()
    content, count = calendar_bytes(
        data, fmt, within=args.within, now=now, previous=previous
    )
    if to_stdout:
        _to_stdout(content)
        return EXIT_OK
    from tracker.files import write_private_bytes

    write_private_bytes(target, content)
    written = ngettext(
        "Written {file}: {count} deadline",
        "Written {file}: {count} deadlines",
        count,
    )
    sys.stdout.write(written.format(file=target, count=count) + "\n")
    return EXIT_OK


def _previous(target: Path, *, force: bool) -> Previous:
    """What the previous export to ``target`` wrote, to number the revisions of its
    events; a file that is not such a calendar is refused unless ``force``."""
    from tracker.export.calendar import (
        NOTHING_BEFORE,
        NotOurCalendarError,
        read_previous,
    )
    from tracker.files import os_reason, probe

    if probe(target, Path.is_dir):
        raise TrackerError(
            N_("cannot write {file}: {reason}"), file=target, reason=_("it is a folder")
        )
    try:
        content = target.read_bytes()
    except FileNotFoundError:
        return NOTHING_BEFORE
    except OSError as error:
        if force:
            return NOTHING_BEFORE
        raise TrackerError(
            N_("cannot read {path}: {reason}"), path=target, reason=os_reason(error)
        ) from None
    try:
        return read_previous(content)
    except NotOurCalendarError:
        if force:
            return NOTHING_BEFORE
        raise TrackerError(
            N_(
                "{file} exists and is not a calendar written by appalti: nothing "
                "was written (--force replaces it)"
            ),
            file=target,
        ) from None


def _to_stdout(content: bytes) -> None:
    sys.stdout.flush()
    try:
        # unbuffered (PYTHONUNBUFFERED) the stream is the file itself, which may
        # take only part (a disk filling up): write the rest until it says why
        view, stream = memoryview(content), sys.stdout.buffer
        while view:
            view = view[stream.write(view) :]
        stream.flush()
    except BrokenPipeError:
        # The reader stopped early (| head): nothing went wrong here
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "calendar": cmd_calendar,
}
