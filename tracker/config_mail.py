"""The ``[mail]`` settings: the SMTP server the morning digest is sent through.

The password is never kept in the settings file (a file is copied, backed up and
read by others far more easily than a process's environment): it comes from the
environment variable ``APPALTI_SMTP_PASSWORD`` when the digest is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from tracker.errors import N_, TrackerError, quote

PASSWORD_ENV = "APPALTI_SMTP_PASSWORD"
Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_MAIL_TIMEOUT = 30.0
MAX_MAIL_TIMEOUT = 600.0
ADDRESS_LENGTH = 254  # RFC 5321's longest path
# A host name or an IP address (v4, or v6 in its usual spelling): letters, digits,
# dots, hyphens and colons; a space or a slash means something else was pasted.
_HOST = re.compile(r"^[A-Za-z0-9.:\-]{1,253}$")
# local-part@domain, the domain a host name (no [IP] literal, no non-ASCII)
_NAMED = re.compile(r'^\s*(?:"?([^"<>]*?)"?\s*<([^<>\s]+)>|([^<>\s"]+))\s*$')
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*$")


@dataclass(frozen=True)
class MailSettings:
    """How the digest reaches the office: every field may be left out; ``host``
    None means that no server is configured."""

    host: str | None = None
    port: int | None = None
    """None: the usual port of ``security`` (587, 465 or 25)."""
    security: Security = "starttls"
    user: str | None = None
    """The login; None: the server takes mail without one."""
    sender: str | None = None
    """The ``from`` address, as written (``"appalti <casa@comune.milano.it>"``)."""
    to: tuple[str, ...] = ()
    """The default recipients (``--to`` replaces them)."""
    timeout: float = DEFAULT_MAIL_TIMEOUT

    @property
    def effective_port(self) -> int:
        return self.port if self.port is not None else DEFAULT_PORTS[self.security]


MAIL_KEYS = ("host", "port", "security", "user", "from", "to", "timeout")


def mail_settings(data: object, *, source: str) -> MailSettings:
    """The ``[mail]`` table of a settings file, each value checked and named by its
    key when it is wrong."""
    if data is None:
        return MailSettings()
    if not isinstance(data, Mapping):
        raise TrackerError(
            N_("{source}: mail must be a table ([mail]) of the SMTP settings"),
            source=source,
        )
    if "password" in data:
        raise TrackerError(
            N_(
                "{source}: mail.password: a password is never kept in the settings "
                "file; remove it and set the environment variable {variable} instead"
            ),
            source=source,
            variable=PASSWORD_ENV,
        )
    for key in data:
        if key not in MAIL_KEYS:
            raise TrackerError(
                N_("{source}: unknown setting {key}"),
                source=source,
                key=quote(f"mail.{key}"),
            )
    security = data.get("security", "starttls")
    if security not in SECURITIES:
        raise TrackerError(
            N_(
                "{source}: mail.security must be starttls, ssl or none (value: {value})"
            ),
            source=source,
            value=quote(security),
        )
    sender = data.get("from")
    if sender is not None:
        sender = checked_address(sender, key="mail.from", source=source)
    settings = MailSettings(
        host=_host(data.get("host"), source),
        port=_port(data.get("port"), source),
        security=security,
        user=_user(data.get("user"), source),
        sender=sender,
        to=tuple(_recipients(data.get("to", []), source)),
        timeout=_timeout(data.get("timeout", DEFAULT_MAIL_TIMEOUT), source),
    )
    if (
        settings.security == "none"
        and settings.user is not None
        and settings.host is not None
        and not _loopback(settings.host)
    ):
        raise TrackerError(
            N_(
                '{source}: mail.user with mail.security = "none" would send the '
                "password unencrypted to {host}; set mail.security to starttls "
                "or ssl"
            ),
            source=source,
            host=settings.host,
        )
    return settings


def _loopback(host: str) -> bool:
    """This computer itself (a local relay): nothing travels on a network."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_address(value: object, *, key: str, source: str) -> str:
    """An e-mail address, bare (``casa@comune.milano.it``) or with a name
    (``Direzione Casa <casa@comune.milano.it>``), as written."""
    if (
        isinstance(value, str)
        and len(value) <= 2 * ADDRESS_LENGTH
        and split_address(value) is not None
    ):
        return value.strip()
    raise TrackerError(
        N_(
            "{source}: {key} must be an e-mail address such as "
            "casa@comune.milano.it (value: {value})"
        ),
        source=source,
        key=key,
        value=quote(value),
    )


def split_address(value: str) -> tuple[str, str] | None:
    """The name and the bare address of ``Name <address>`` or ``address``; None
    when it is neither (or holds a line break, which would start a new header)."""
    if any(c in value for c in "\r\n\0"):
        return None
    match = _NAMED.match(value)
    if match is None:
        return None
    name, address = (match[1] or "").strip(), match[2] or match[3]
    if not address.isascii() or len(address) > ADDRESS_LENGTH:
        return None
    if not _ADDRESS.match(address) or not name.isprintable():
        return None
    return name, address


def address_of(value: str) -> str:
    """The bare address of ``Name <address>`` (empty when it is not one)."""
    split = split_address(value)
    return "" if split is None else split[1]


def _recipients(value: object, source: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or isinstance(value, bytes | bytearray):
        raise TrackerError(
            N_("{source}: mail.to must be a list of e-mail addresses (value: {value})"),
            source=source,
            value=quote(value),
        )
    return [checked_address(v, key="mail.to", source=source) for v in value]


def _host(value: object, source: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _HOST.match(value):
        raise TrackerError(
            N_(
                "{source}: mail.host must be the name or address of the mail "
                "server, such as smtp.comune.milano.it (value: {value})"
            ),
            source=source,
            value=quote(value),
        )
    return value


def _port(value: object, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise TrackerError(
            N_(
                "{source}: mail.port must be a port number from 1 to 65535 "
                "(value: {value})"
            ),
            source=source,
            value=quote(value),
        )
    return value


def _user(value: object, source: str) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > ADDRESS_LENGTH
        or not value.isprintable()
    ):
        raise TrackerError(
            N_(
                "{source}: mail.user must be the login on the mail server, 1 to "
                "{most} characters (value: {value})"
            ),
            source=source,
            most=ADDRESS_LENGTH,
            value=quote(value),
        )
    return value


def _timeout(value: object, source: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_MAIL_TIMEOUT
    ):
        raise TrackerError(
            N_(
                "{source}: mail.timeout must be a number of seconds above 0, at "
                "most {most} (value: {value})"
            ),
            source=source,
            most=f"{MAX_MAIL_TIMEOUT:g}",
            value=quote(value),
        )
    return float(value)
