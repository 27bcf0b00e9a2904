"""The morning digest as an e-mail message: the alerts of the day, the most urgent
first, as plain text and as a simple HTML table, with the documents asked for as
attachments.

The message is made from the alerts as read (the same ``Alert`` and sentences as
``appalti alerts`` and the app) and reaches no database. User text is shown as
written: control characters escaped in both parts, and HTML-escaped in the HTML
one. The HTML holds no script, no style sheet and nothing fetched from elsewhere:
a mail client shows it as it is, and one that shows only text has the same words.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tracker import __version__
from tracker.config_mail import address_of, split_address
from tracker.domain.alerts import Alert
from tracker.formatting import ROME, Formatter, printable
from tracker.i18n import _, ngettext
from tracker.present.alerts import (
    SEVERITIES,
    alert_countdown,
    severity_capitals,
    severity_heading,
)

WIDTH = 72
"""The width of the plain text, as mail is written to be read."""
SEVERITY_COLOURS = {"critical": "#b00020", "warning": "#8a5a00", "info": "#005a8a"}
"""The word carries the meaning; the colour only helps (dark enough on white)."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    maintype: str = "application"
    subtype: str = "pdf"


@dataclass(frozen=True)
class Digest:
    """What one message says."""

    as_of: date
    within: int
    alerts: Sequence[Alert]
    """The alerts it carries, most urgent first."""
    since: datetime | None = None
    """Sent "only new": when the recipients' last digest was sent."""
    already_sent: int = 0
    """Sent "only new": the alerts still open that the last digest carried."""


def severity_counts(alerts: Sequence[Alert]) -> str:
    """ "3 avvisi critici, 1 segnalazione": the severities present, worst first."""
    counts = [(s, sum(1 for a in alerts if a.severity == s)) for s in SEVERITIES]
    return ", ".join(severity_heading(s, n) for s, n in counts if n)


def digest_subject(digest: Digest, fmt: Formatter) -> str:
    """ "appalti — 17/01/2023: 3 avvisi critici, 1 segnalazione"."""
    day = fmt.day(digest.as_of)
    if not digest.alerts:
        return _("appalti — {day}: nothing to report").format(day=day)
    counts = severity_counts(digest.alerts)
    if digest.since is not None:
        return _("appalti — {day}, new: {counts}").format(day=day, counts=counts)
    return _("appalti — {day}: {counts}").format(day=day, counts=counts)


def digest_message(
    digest: Digest,
    fmt: Formatter,
    *,
    sender: str,
    recipients: Sequence[str],
    sent_at: datetime,
    author: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """The whole message: headers, a text and an HTML part, the attachments."""
    message = EmailMessage()
    message["Subject"] = digest_subject(digest, fmt)
    message["From"] = _address(sender)
    if recipients:  # a dry run may show a message to nobody yet
        message["To"] = tuple(_address(r) for r in recipients)
    # in Milan's time, as the office reads its mail (the zone is in the header)
    message["Date"] = format_datetime(sent_at.astimezone(ROME))
    domain = address_of(sender).rpartition("@")[2] or "appalti.invalid"
    message["Message-ID"] = make_msgid("appalti", domain=domain)
    # RFC 3834: sent by a program, so that no one's absence notice answers it
    message["Auto-Submitted"] = "auto-generated"
    message["X-Mailer"] = f"appalti {__version__}"
    # quoted-printable: the text stays readable in the raw message, and passes
    # servers that take 7-bit mail only
    message.set_content(digest_text(digest, fmt, author=author), cte="quoted-printable")
    message.add_alternative(digest_html(digest, fmt, author=author), subtype="html")
    for attachment in attachments:
        message.add_attachment(
            attachment.data,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    # last: adding parts moves a message's Content- headers into its first part
    message["Content-Language"] = fmt.language
    return message


def message_text(message: EmailMessage) -> str:
    """The whole message as a person reads it (``--dry-run``): the headers, then
    each part under its type, text decoded, an attachment by its name and size."""
    lines = [_header_lines(message)]
    for part in message.walk():
        if part.is_multipart():
            continue
        lines.append("")
        lines.append(f"--- {part.get_content_type()} ---")
        filename = part.get_filename()
        if filename is not None:
            data = part.get_payload(decode=True)
            size = len(data) if isinstance(data, bytes) else 0
            lines.append(
                _("attachment {name}, {size} bytes").format(
                    name=printable(filename), size=size
                )
            )
            continue
        lines.append(printable(str(part.get_content()), multiline=True).rstrip())
    return "\n".join(lines) + "\n"


def _header_lines(message: EmailMessage) -> str:
    return "\n".join(
        f"{name}: {printable(str(value))}"
        for name, value in message.items()
        if not name.lower().startswith(("content-", "mime-"))
    )


def _address(value: str) -> Address:
    """An address as checked by the settings (``Name <address>`` or bare): its name
    quoted and encoded by the mail library, never read as two addresses."""
    split = split_address(value)
    if split is None:
        raise ValueError(value)  # the settings and --to have refused it already
    return Address(display_name=split[0], addr_spec=split[1])


def _heading(digest: Digest, fmt: Formatter) -> str:
    return _("Alerts as of {day} (deadlines within {days} days)").format(
        day=fmt.day(digest.as_of), days=digest.within
    )


def _preamble(digest: Digest, fmt: Formatter) -> list[str]:
    """The lines that say what the message holds (and leaves out)."""
    lines = []
    if digest.since is not None:
        lines.append(
            _("Only what is new since the digest sent on {moment}.").format(
                moment=fmt.moment(digest.since)
            )
        )
        if digest.already_sent:
            lines.append(
                ngettext(
                    "{n} alert it carried is still open ('appalti alerts' lists "
                    "every alert).",
                    "{n} alerts it carried are still open ('appalti alerts' lists "
                    "every alert).",
                    digest.already_sent,
                ).format(n=digest.already_sent)
            )
    if not digest.alerts:
        lines.append(_("Nothing to report."))
    else:
        lines.append(severity_counts(digest.alerts) + ".")
    return lines


def _signature(author: str) -> str:
    return _("Sent by appalti {version} for {author}.").format(
        version=__version__, author=author
    )


def _when(alert: Alert, as_of: date, fmt: Formatter) -> str:
    """The countdown; the day itself where there is none to count (a question)."""
    return alert_countdown(alert, as_of) or fmt.day(alert.due, missing="")


def digest_text(digest: Digest, fmt: Formatter, *, author: str) -> str:
    """The plain-text part, lines of at most 72 characters where words allow."""
    lines = [_heading(digest, fmt), ""]
    for line in _preamble(digest, fmt):
        lines += _wrap(line, "")
    for alert in digest.alerts:
        head = [severity_capitals(alert.severity.value)]
        when = _when(alert, digest.as_of, fmt)
        if when:
            head.append(when)
        head.append(printable(alert.ref))
        lines += ["", " · ".join(head)]
        lines += _wrap(alert.message, "  ")
    lines += ["", "-- ", printable(_signature(author))]
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        printable(text),
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [indent.rstrip()]


def _h(text: str) -> str:
    """User text in HTML: control characters escaped, then markup."""
    return html.escape(printable(text), quote=True)


CELL = "padding:4px 8px;border-bottom:1px solid #ccc;vertical-align:top"


def _cell(tag: str, content: str, style: str = "") -> str:
    """A table cell of ``content`` (already HTML) with the table's own style."""
    return f'<{tag} style="{CELL}{style}">{content}</{tag}>'


def digest_html(digest: Digest, fmt: Formatter, *, author: str) -> str:
    """The HTML part: a heading, what it holds, one table row per alert."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{fmt.language}">',
        '<head><meta charset="utf-8">',
        f"<title>{_h(digest_subject(digest, fmt))}</title></head>",
        '<body style="font-family:sans-serif;color:#111">',
        f'<h1 style="font-size:1.25em">{_h(_heading(digest, fmt))}</h1>',
        *(f"<p>{_h(line)}</p>" for line in _preamble(digest, fmt)),
    ]
    if digest.alerts:
        headers = (_("Severity"), _("When"), _("Reference"), _("Alert"))
        parts.append('<table style="border-collapse:collapse">')
        parts.append(
            "<thead><tr>"
            + "".join(_cell("th", _h(h), ";text-align:left") for h in headers)
            + "</tr></thead><tbody>"
        )
        for alert in digest.alerts:
            colour = SEVERITY_COLOURS[alert.severity.value]
            word = _h(severity_capitals(alert.severity.value))
            when = _h(_when(alert, digest.as_of, fmt))
            parts.append(
                "<tr>"
                + _cell("td", f'<strong style="color:{colour}">{word}</strong>')
                + _cell("td", when, ";white-space:nowrap")
                + _cell("td", f"<strong>{_h(alert.ref)}</strong>")
                + _cell("td", _h(alert.message))
                + "</tr>"
            )
        parts.append("</tbody></table>")
    parts.append(f'<p style="color:#555">{_h(_signature(author))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
