"""Sending a message through the office's SMTP server, all or nothing.

Each recipient is offered to the server before the message is: if the server
refuses any of them, the transaction is reset and nobody receives the message, so
that "sent" always means "sent to everyone asked". Every way the server or the
network can fail becomes a TrackerError naming the server, the user or the address,
and the server's own reply.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage

from tracker.config_mail import PASSWORD_ENV, MailSettings, address_of
from tracker.errors import N_, TrackerError, quote


def send(
    message: EmailMessage,
    settings: MailSettings,
    recipients: Sequence[str],
    *,
    password: str | None,
) -> None:
    """Send ``message`` to ``recipients`` (the envelope: bare addresses) from the
    settings' ``from`` address."""
    assert settings.host is not None
    assert settings.sender is not None
    check_login(settings, password)
    server = f"{settings.host}:{settings.effective_port}"
    with _connected(settings, server) as smtp:
        if settings.user is not None and password:
            _login(smtp, settings.user, password, server)
        _deliver(smtp, message, address_of(settings.sender), recipients, server)


def check_login(settings: MailSettings, password: str | None) -> None:
    """Refuse a login without its password before anything is read or sent."""
    if settings.user is not None and not password:
        raise TrackerError(
            N_(
                "mail.user is {user} but the environment variable {variable} is "
                "not set: appalti reads the password of the mail server from it"
            ),
            user=quote(settings.user),
            variable=PASSWORD_ENV,
        )


@contextmanager
def _connected(settings: MailSettings, server: str) -> Iterator[smtplib.SMTP]:
    """A session with the server, secured as the settings say, closed after."""
    assert settings.host is not None
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.host,
                settings.effective_port,
                timeout=settings.timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                settings.host, settings.effective_port, timeout=settings.timeout
            )
        with smtp:
            smtp.ehlo()
            if settings.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise TrackerError(
                        N_(
                            "the mail server {server} does not offer STARTTLS: set "
                            'mail.security = "ssl" if it expects a secure '
                            "connection from the start, or ask for its secure port"
                        ),
                        server=server,
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            yield smtp
    except TrackerError:
        raise
    except smtplib.SMTPResponseException as error:
        raise TrackerError(
            N_("the mail server {server} refused the session: {reply}"),
            server=server,
            reply=_reply(error.smtp_code, error.smtp_error),
        ) from None
    except (ssl.SSLError, ssl.CertificateError) as error:
        raise TrackerError(
            N_(
                "the secure connection (TLS) with the mail server {server} failed: "
                "{reason}; check mail.security and mail.port, and that the "
                "server's certificate is trusted on this computer"
            ),
            server=server,
            reason=getattr(error, "verify_message", None)
            or getattr(error, "reason", None)
            or str(error),
        ) from None
    except socket.gaierror:
        raise TrackerError(
            N_("the mail server {host} is unknown: check mail.host"),
            host=settings.host,
        ) from None
    except (TimeoutError, smtplib.SMTPServerDisconnected) as error:
        if not _timed_out(error):
            raise _hung_up(server) from None
        raise TrackerError(
            N_(
                "the mail server {server} did not answer within {seconds} seconds: "
                "it is down or a firewall holds the connection"
            ),
            server=server,
            seconds=f"{settings.timeout:g}",
        ) from None
    except ConnectionRefusedError:
        raise TrackerError(
            N_(
                "the mail server {server} refused the connection: it is down, or "
                "mail.host or mail.port is wrong"
            ),
            server=server,
        ) from None
    except ConnectionError:
        raise _hung_up(server) from None
    except OSError as error:
        raise TrackerError(
            N_("the mail server {server} cannot be reached: {reason}"),
            server=server,
            reason=error.strerror or str(error),
        ) from None


def _hung_up(server: str) -> TrackerError:
    """The server hung up without a reply to quote (Python's own words for it,
    "Connection unexpectedly closed", are English and say no more)."""
    return TrackerError(
        N_(
            "the mail server {server} closed the connection before the message "
            "was sent: check mail.port and mail.security"
        ),
        server=server,
    )


def _login(smtp: smtplib.SMTP, user: str, password: str, server: str) -> None:
    if not smtp.has_extn("auth"):
        raise TrackerError(
            N_(
                "the mail server {server} does not take a login (over this "
                "connection): remove mail.user, or set mail.security"
            ),
            server=server,
        )
    try:
        smtp.login(user, password)
    except smtplib.SMTPAuthenticationError as error:
        raise TrackerError(
            N_(
                "the mail server {server} refused the login of {user}: {reply}; "
                "check mail.user and the password in {variable}"
            ),
            server=server,
            user=quote(user),
            reply=_reply(error.smtp_code, error.smtp_error),
            variable=PASSWORD_ENV,
        ) from None


def _deliver(
    smtp: smtplib.SMTP,
    message: EmailMessage,
    sender: str,
    recipients: Sequence[str],
    server: str,
) -> None:
    """The envelope, then the message only if every recipient was accepted."""
    code, reply = smtp.mail(sender)
    if code == 530:  # RFC 4954: authentication required, not a wrong sender
        smtp.rset()
        raise TrackerError(
            N_(
                "the mail server {server} takes mail only after a login ({reply}): "
                "set mail.user, and the password in {variable}"
            ),
            server=server,
            reply=_reply(code, reply),
            variable=PASSWORD_ENV,
        )
    if code != 250:
        smtp.rset()
        raise TrackerError(
            N_(
                "the mail server {server} refused the sender {address}: {reply}; "
                "check mail.from"
            ),
            server=server,
            address=sender,
            reply=_reply(code, reply),
        )
    refused = []
    for recipient in recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused.append(f"{recipient} ({_reply(code, reply)})")
    if refused:
        smtp.rset()
        raise TrackerError(
            N_(
                "the mail server {server} refused {addresses}: nothing was sent "
                "to anyone"
            ),
            server=server,
            addresses="; ".join(refused),
        )
    # SMTP ends lines with CRLF; smtplib leaves the lines of bytes as they are
    data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    answer: bytes | str
    try:
        code, answer = smtp.data(data)
    except smtplib.SMTPDataError as error:
        code, answer = error.smtp_code, error.smtp_error
    if code != 250:
        raise TrackerError(
            N_("the mail server {server} refused the message: {reply}"),
            server=server,
            reply=_reply(code, answer),
        )


def _timed_out(error: BaseException) -> bool:
    """A timeout, raised as such or as the disconnection smtplib makes of it
    while it waits for a reply."""
    return isinstance(error, TimeoutError) or isinstance(
        error.__context__, TimeoutError
    )


def _reply(code: int, text: bytes | str) -> str:
    """The server's reply as it said it: ``535 5.7.8 Authentication failed``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}"[:300]
