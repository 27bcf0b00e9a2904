"""The digest's message as built, without a server: user text escaped in both
parts, headers that no name can break, the dry run's reading."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from tracker.domain.alerts import Alert, AlertKind, Severity
from tracker.export.mail import Attachment, Digest, digest_message, message_text
from tracker.formatting import Formatter
from tracker.i18n import set_language

HOSTILE = Alert(
    Severity.CRITICAL,
    AlertKind.CONTINUITY_GAP,
    date(2022, 12, 21),
    '<script>alert("x")</script> & Co',
    "R<b>1",
    '<script>alert("x")</script> & Co\x1b[31m: no service since 21/12/2022 '
    '<img src="http://evil.example/t.png">',
)
SENT = datetime(2023, 1, 17, 6, 0, tzinfo=UTC)


def _message(alerts: list[Alert], **digest: object) -> EmailMessage:
    made = digest_message(
        Digest(date(2023, 1, 17), 60, alerts, **digest),  # type: ignore[arg-type]
        Formatter("en"),
        sender='"Casa, Direzione" <casa@comune.milano.it>',
        recipients=["rup@comune.milano.it", "Rossi, Maria <m.rossi@x.it>"],
        sent_at=SENT,
        author="Maria <Rossi>",
        attachments=[Attachment("a.pdf", b"%PDF-1.4 test")],
    )
    # as the recipient reads it: through the bytes that travel
    parsed = BytesParser(policy=policy.default).parsebytes(made.as_bytes())
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_hostile_names_are_escaped_in_html_and_shown_as_written_in_text() -> None:
    message = _message([HOSTILE])
    page = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    assert page is not None
    assert text is not None
    html = str(page.get_content())
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>1" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert "<strong>R&lt;b&gt;1</strong>" in html
    assert "\x1b" not in html
    assert "\\x1b[31m" in html
    assert "Maria &lt;Rossi&gt;" in html
    plain = str(text.get_content())
    assert "\x1b" not in plain
    assert '<script>alert("x")</script> & Co\\x1b[31m: no service' in plain
    assert "CRITICAL · for 28 days · R<b>1" in plain


def test_names_with_commas_stay_one_address_each() -> None:
    message = _message([])
    assert [a.addr_spec for a in message["To"].addresses] == [
        "rup@comune.milano.it",
        "m.rossi@x.it",
    ]
    assert message["From"].addresses[0].display_name == "Casa, Direzione"
    assert message["Date"] == "Tue, 17 Jan 2023 07:00:00 +0100"
    assert message["Content-Language"] == "en"


def test_only_new_says_since_when_and_how_many_are_still_open() -> None:
    set_language("it")
    message = _message([HOSTILE], since=SENT, already_sent=4)
    assert message["Subject"] == "appalti — 17/01/2023, novità: 1 avviso critico"
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    plain = str(text.get_content())
    assert "Solo le novità dal riepilogo inviato il 17/01/2023 07:00.\n" in plain
    assert "4 avvisi di quel riepilogo sono ancora aperti ('appalti alerts' elenca" in (
        plain
    )


def test_the_dry_run_reads_headers_parts_and_attachments() -> None:
    made = digest_message(
        Digest(date(2023, 1, 17), 60, [HOSTILE]),
        Formatter("en"),
        sender="casa@comune.milano.it",
        recipients=[],
        sent_at=SENT,
        author="m.rossi",
        attachments=[Attachment("avvisi.pdf", b"%PDF-1.4 test")],
    )
    shown = message_text(made)
    assert shown.startswith(
        "Subject: appalti — 17/01/2023: 1 critical alert\n"
        "From: casa@comune.milano.it\n"
        "Date: Tue, 17 Jan 2023 07:00:00 +0100\n"
    )
    assert "\nTo:" not in shown
    assert "\n--- text/plain ---\nAlerts as of 17/01/2023" in shown
    assert "\n--- application/pdf ---\nattachment avvisi.pdf, 13 bytes\n" in shown
    assert "\x1b" not in shown
