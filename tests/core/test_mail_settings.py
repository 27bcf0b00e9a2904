"""The [mail] settings: each value checked and named; never a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import Settings, load_settings
from tracker.config_mail import MailSettings
from tracker.errors import TrackerError
from tracker.i18n import set_language


def _settings(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_a_whole_mail_table_is_read(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        "[mail]\n"
        'host = "smtp.comune.milano.it"\n'
        "port = 2525\n"
        'security = "ssl"\n'
        'user = "m.rossi"\n'
        'from = "Direzione Casa <casa@comune.milano.it>"\n'
        'to = ["rup@comune.milano.it", "Rossi, Maria <m.rossi@comune.milano.it>"]\n'
        "timeout = 12.5\n",
    )
    assert settings.mail == MailSettings(
        host="smtp.comune.milano.it",
        port=2525,
        security="ssl",
        user="m.rossi",
        sender="Direzione Casa <casa@comune.milano.it>",
        to=("rup@comune.milano.it", "Rossi, Maria <m.rossi@comune.milano.it>"),
        timeout=12.5,
    )


@pytest.mark.parametrize(
    ("security", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)]
)
def test_the_port_follows_the_security_unless_given(
    tmp_path: Path, security: str, port: int
) -> None:
    settings = _settings(tmp_path, f'[mail]\nsecurity = "{security}"\n')
    assert settings.mail.effective_port == port
    assert settings.mail.host is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_a_login_in_clear_is_taken_only_on_this_computer(
    tmp_path: Path, host: str
) -> None:
    settings = _settings(
        tmp_path, f'[mail]\nhost = "{host}"\nsecurity = "none"\nuser = "casa"\n'
    )
    assert settings.mail.user == "casa"


def test_no_mail_table_means_no_server() -> None:
    assert Settings().mail == MailSettings()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'password = "segreta"',
            "mail.password: a password is never kept in the settings file; remove "
            "it and set the environment variable APPALTI_SMTP_PASSWORD instead",
        ),
        (
            "port = 70000",
            "mail.port must be a port number from 1 to 65535 (value: 70000)",
        ),
        ('port = "587"', "mail.port must be a port number from 1 to 65535"),
        (
            'security = "tls"',
            "mail.security must be starttls, ssl or none (value: 'tls')",
        ),
        (
            'host = "smtp.comune.milano.it/posta"',
            "mail.host must be the name or address of the mail server, such as "
            "smtp.comune.milano.it (value: 'smtp.comune.milano.it/posta')",
        ),
        (
            'from = "casa at comune.milano.it"',
            "mail.from must be an e-mail address such as casa@comune.milano.it "
            "(value: 'casa at comune.milano.it')",
        ),
        (
            'to = ["rup@comune.milano.it", "x@y.it\\nBcc: z@w.it"]',
            "mail.to must be an e-mail address such as casa@comune.milano.it "
            "(value: 'x@y.it\\nBcc: z@w.it')",
        ),
        ("to = 3", "mail.to must be a list of e-mail addresses (value: 3)"),
        (
            "timeout = 0",
            "mail.timeout must be a number of seconds above 0, at most 600 (value: 0)",
        ),
        ('user = ""', "mail.user must be the login on the mail server"),
        ('smtp = "x"', "unknown setting 'mail.smtp'"),
        (
            'host = "smtp.x.it"\nsecurity = "none"\nuser = "casa"',
            'mail.user with mail.security = "none" would send the password '
            "unencrypted to smtp.x.it; set mail.security to starttls or ssl",
        ),
    ],
)
def test_a_wrong_mail_setting_is_named_with_its_value(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(TrackerError) as raised:
        _settings(tmp_path, f"[mail]\n{line}\n")
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(tmp_path / "config.toml"))


def test_a_password_in_the_file_is_refused_in_italian(tmp_path: Path) -> None:
    set_language("it")
    with pytest.raises(TrackerError) as raised:
        _settings(tmp_path, '[mail]\nhost = "smtp.x.it"\npassword = "segreta"\n')
    assert str(raised.value) == (
        f"{tmp_path / 'config.toml'}: mail.password: una password non va mai "
        "scritta nel file delle impostazioni; toglierla e impostare invece la "
        "variabile d'ambiente APPALTI_SMTP_PASSWORD"
    )
    assert "segreta" not in str(raised.value)
