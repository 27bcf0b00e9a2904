"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), recording what it
receives.

It listens on a free port, takes a login (PLAIN or LOGIN) when given a user and a
password, offers STARTTLS (or speaks TLS from the start) with the test certificate of ``tests/tls`` (a CA made
for these tests only, whose key was thrown away; its server certificate names
127.0.0.1 and is valid until 2126), and can refuse chosen recipients.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

TLS = Path(__file__).resolve().parent / "tls"
CA_FILE = TLS / "ca.pem"
"""What a client must trust to accept the test server's certificate."""


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Mailbox:
    """The server's handler: what it received, and whom it refuses."""

    refused: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook names)
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        del server, session, rcpt_options
        if address in self.refused:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        del server, session
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
        )
        return "250 2.0.0 accepted"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    mailbox: Mailbox


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _authenticator(user: str, password: str, mailbox: Mailbox) -> Any:
    def check(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        del server, session, envelope, mechanism
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode()
        mailbox.logins.append(login)
        ok = login == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)

    return check


@contextmanager
def smtp_server(
    *,
    user: str | None = None,
    password: str | None = None,
    starttls: bool = False,
    implicit_tls: bool = False,
    refused: set[str] | None = None,
) -> Iterator[Server]:
    """A running server; with ``user``, a login is required before mail is taken;
    with ``starttls``, it offers STARTTLS and takes a login only after it; with
    ``implicit_tls``, it speaks TLS from the first byte (SMTPS, port 465's way)."""
    mailbox = Mailbox(refused=refused or set())
    options: dict[str, Any] = {}
    if user is not None:
        assert password is not None
        options.update(
            authenticator=_authenticator(user, password, mailbox),
            auth_required=True,
            # over loopback in the plain tests; the STARTTLS test requires TLS
            auth_require_tls=starttls,
        )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    if starttls:
        options.update(tls_context=context, require_starttls=True)
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        ssl_context=context if implicit_tls else None,
        **options,
    )
    controller.start()
    try:
        yield Server("127.0.0.1", port, mailbox)
    finally:
        controller.stop()
