"""``appalti digest``: the alerts of the day by e-mail, for cron.

Silent when all is well (one summary line, none with ``--quiet``), a clear message
and exit status 1 when the mail cannot go, and exit status 3 with ``--fail-on``
when the digest carried an alert that serious, as ``appalti alerts`` does.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.cli_base import as_of_option, day_count, opened
from tracker.config_mail import PASSWORD_ENV, MailSettings, address_of, checked_address
from tracker.errors import N_, ReadOnlyError, TrackerError, quote
from tracker.formatting import Formatter
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.domain.alerts import Alert
    from tracker.export.mail import Attachment, Digest

EXIT_OK = 0
EXIT_ALERTS = 3
ATTACHMENTS = ("report", "alerts")


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``digest``."""
    digest = commands.add_parser(
        "digest",
        parents=[common],
        help=_("send the alerts of the day by e-mail (for cron)"),
        description=_(
            "send the alerts of the day by e-mail, through the SMTP server of the "
            "[mail] settings (the password from the environment variable {variable})"
        ).format(variable=PASSWORD_ENV),
    )
    as_of_option(digest)
    digest.add_argument(
        "--within",
        type=day_count,
        metavar=_("DAYS"),
        help=_("show deadlines due within DAYS days (default: horizon_days, 60)"),
    )
    digest.add_argument(
        "--to",
        nargs="+",
        action="extend",
        type=_address_argument,
        metavar=_("ADDRESS"),
        help=_("send to these addresses (default: mail.to of the settings)"),
    )
    digest.add_argument(
        "--only-new",
        action="store_true",
        help=_(
            "send only the alerts that the last digest sent to the same addresses "
            "did not carry; nothing new, no message"
        ),
    )
    digest.add_argument(
        "--attach",
        nargs="+",
        action="extend",
        choices=ATTACHMENTS,
        default=[],
        metavar=_("DOCUMENT"),
        help=_("attach a PDF: report (the committee report), alerts (the alert list)"),
    )
    digest.add_argument(
        "--dry-run",
        action="store_true",
        help=_("print the message instead of sending it (nothing is remembered)"),
    )
    digest.add_argument(
        "--fail-on",
        choices=("critical", "warning"),
        metavar=_("SEVERITY"),
        help=_(
            "exit with status 3 when the digest carries an alert of this severity "
            "or worse: critical or warning"
        ),
    )
    digest.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=_("say nothing when all went well (errors are still shown)"),
    )


def _address_argument(text: str) -> str:
    try:
        return checked_address(text, key="--to", source="appalti")
    except TrackerError:
        raise argparse.ArgumentTypeError(
            _("not an e-mail address: {value}").format(value=quote(text))
        ) from None


def cmd_digest(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.export.mail import digest_message, message_text
    from tracker.smtp import check_login, send

    mail: MailSettings = args.settings.mail
    recipients: list[str] = args.to or list(mail.to)
    password = os.environ.get(PASSWORD_ENV) or None
    if not args.dry_run:
        _check_ready(mail, recipients)
        check_login(mail, password)
    with opened(args) as tracker:
        if args.only_new and tracker.read_only and not args.dry_run:
            # it could send, but not remember what it sent for the next time
            raise ReadOnlyError(tracker.role or "?")
        day = _read_day(tracker, args)
        digest = _digest(tracker, day, args.only_new, recipients)
        if args.only_new and not digest.alerts:
            _say(args, _nothing_new(digest, fmt))
            return EXIT_OK
        message = digest_message(
            digest,
            fmt,
            sender=mail.sender or DRY_RUN_SENDER,
            recipients=recipients,
            sent_at=tracker.clock(),
            author=tracker.actor,
            attachments=_attachments(tracker, args.attach, day, fmt),
        )
        if args.dry_run:
            sys.stdout.write(message_text(message))
        else:
            send(message, mail, [address_of(r) for r in recipients], password=password)
            if not tracker.read_only:  # a role that may only read sends all
                _remember(tracker, day, recipients, str(message["Subject"]))
            _say(args, _summary(digest, recipients, fmt))
    return _status(args.fail_on, digest.alerts)


DRY_RUN_SENDER = "appalti@localhost"
"""The sender a dry run shows when mail.from is not set yet."""


def _check_ready(mail: MailSettings, recipients: Sequence[str]) -> None:
    """Refuse before reading anything when the message could not go."""
    from tracker.config import settings_path

    missing = [
        key
        for key, value in (("mail.host", mail.host), ("mail.from", mail.sender))
        if not value
    ]
    if missing:
        raise TrackerError(
            N_(
                "no mail server is configured: add {keys} to the [mail] table of "
                "{path} (--dry-run prints the message without sending it)"
            ),
            keys=", ".join(missing),
            path=settings_path(),
        )
    if not recipients:
        raise TrackerError(
            N_(
                "nobody to send the digest to: give --to ADDRESS, or add mail.to "
                "to the [mail] table of {path}"
            ),
            path=settings_path(),
        )


@dataclass(frozen=True)
class _Day:
    """The alerts of the day, all of them (the digest may carry fewer)."""

    as_of: date
    within: int
    alerts: list[Alert]
    snoozed: int


def _read_day(tracker: Tracker, args: argparse.Namespace) -> _Day:
    as_of = args.as_of or tracker.today()
    within = args.within if args.within is not None else tracker.settings.horizon_days
    findings = tracker.day_alerts(as_of, within=within)
    return _Day(as_of, within, list(findings.alerts), findings.snoozed)


def _digest(
    tracker: Tracker, day: _Day, only_new: bool, recipients: Sequence[str]
) -> Digest:
    """The digest of the day; with ``only_new``, less the alerts that the last
    digest sent to the same recipients carried."""
    from tracker.domain.digest import new_alerts, recipients_key
    from tracker.export.mail import Digest

    if only_new:
        last = tracker.last_digest(recipients_key(address_of(r) for r in recipients))
        if last is not None:
            fresh = new_alerts(day.alerts, last.marks)
            return Digest(
                day.as_of,
                day.within,
                fresh,
                since=last.at,
                already_sent=len(day.alerts) - len(fresh),
            )
    return Digest(day.as_of, day.within, day.alerts)


def _attachments(
    tracker: Tracker, wanted: Sequence[str], day: _Day, fmt: Formatter
) -> list[Attachment]:
    """The documents asked for, each once, in the order asked."""
    from tracker.export.mail import Attachment

    made = []
    for kind in dict.fromkeys(wanted):
        name, data = ATTACHMENT_MAKERS[kind](tracker, day, fmt)
        made.append(Attachment(name, data))
    return made


def _committee_report(tracker: Tracker, day: _Day, fmt: Formatter) -> tuple[str, bytes]:
    from tracker.export.committee import write_committee_report
    from tracker.export.names import report_name

    data = tracker.committee_report(day.as_of)
    buffer = io.BytesIO()
    write_committee_report(data, buffer, fmt, author=tracker.actor)
    return report_name(day.as_of), buffer.getvalue()


def _alert_list(tracker: Tracker, day: _Day, fmt: Formatter) -> tuple[str, bytes]:
    """Every alert of the day, as ``appalti alerts -o`` writes it (with
    ``--only-new`` too: the list is the day's whole picture)."""
    from tracker.export.alerts_pdf import alerts_pdf
    from tracker.export.names import alerts_name

    data = alerts_pdf(
        day.as_of,
        day.within,
        day.alerts,
        fmt=fmt,
        made_at=tracker.clock(),
        author=tracker.actor,
        snoozed=day.snoozed,
    )
    return alerts_name(day.as_of), data


ATTACHMENT_MAKERS: dict[str, Callable[[Any, _Day, Formatter], tuple[str, bytes]]] = {
    "report": _committee_report,
    "alerts": _alert_list,
}


def _remember(
    tracker: Tracker, day: _Day, recipients: Sequence[str], subject: str
) -> None:
    """What the recipients know once the message is sent: every alert open that
    day (those the last digest carried as well as the new ones)."""
    from tracker.domain.digest import alert_mark, recipients_key

    try:
        tracker.record_digest(
            as_of=day.as_of,
            recipients=recipients_key(address_of(r) for r in recipients),
            subject=subject,
            marks=[alert_mark(alert) for alert in day.alerts],
        )
    except TrackerError as error:
        raise TrackerError(
            N_(
                "the digest was sent, but the database could not remember it "
                "({reason}): the next digest sent with --only-new will carry its "
                "alerts again"
            ),
            reason=error,
        ) from None


def _nothing_new(digest: Digest, fmt: Formatter) -> str:
    if digest.since is None:
        return _("Nothing to report as of {day}: no message was sent.").format(
            day=fmt.day(digest.as_of)
        )
    return _(
        "Nothing new since the digest sent on {moment}: no message was sent."
    ).format(moment=fmt.moment(digest.since))


def _summary(digest: Digest, recipients: Sequence[str], fmt: Formatter) -> str:
    from tracker.export.mail import severity_counts

    return _("Sent the digest of {day} to {addresses}: {counts}").format(
        day=fmt.day(digest.as_of),
        addresses=", ".join(address_of(r) for r in recipients),
        counts=severity_counts(digest.alerts) or _("nothing to report"),
    )


def _say(args: argparse.Namespace, line: str) -> None:
    from tracker.formatting import printable

    if not args.quiet:
        sys.stdout.write(printable(line) + "\n")


def _status(fail_on: str | None, alerts: Sequence[Alert]) -> int:
    """3 when an alert carried is ``fail_on`` or worse, as ``appalti alerts``."""
    from tracker.domain.alerts import Severity

    if fail_on and any(a.severity.at_least(Severity(fail_on)) for a in alerts):
        return EXIT_ALERTS
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "digest": cmd_digest,
}
