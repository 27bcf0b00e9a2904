"""appalti digest against a real SMTP server on 127.0.0.1 (tests/smtp_server.py):
what arrives is parsed back with the email package, the PDFs with pypdf."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pypdf
import pytest
from sqlalchemy.engine import make_url

from tests.core.test_who import reader_url
from tests.smtp_server import CA_FILE, Server, free_port, smtp_server
from tracker.api import Tracker
from tracker.cli import main

USER = "casa"
PASSWORD = "s3greta"
FROM = "Direzione Casa <casa@comune.milano.it>"
OFFICE = "rup@comune.milano.it"
DAY = ["--as-of", "17/01/2023"]
__all__ = ["reader_url"]  # a fixture: a PostgreSQL role granted SELECT only
pytestmark = pytest.mark.filterwarnings(
    # the plain tests log in over loopback; the STARTTLS one requires TLS
    "ignore:Requiring AUTH while not requiring TLS:UserWarning"
)


@pytest.fixture
def server() -> Iterator[Server]:
    with smtp_server(user=USER, password=PASSWORD) as running:
        yield running


def configure(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *,
    port: int,
    security: str = "none",
    user: str | None = USER,
    password: str | None = PASSWORD,
    timeout: float = 5,
) -> None:
    lines = [
        "[mail]",
        'host = "127.0.0.1"',
        f"port = {port}",
        f'security = "{security}"',
        f'from = "{FROM}"',
        f'to = ["{OFFICE}"]',
        f"timeout = {timeout}",
    ]
    if user is not None:
        lines.append(f'user = "{user}"')
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(path))
    if password is None:
        monkeypatch.delenv("APPALTI_SMTP_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("APPALTI_SMTP_PASSWORD", password)


def run(
    capsys: pytest.CaptureFixture[str], db_url: str, *args: str, lang: str = "en"
) -> tuple[int, str, str]:
    status = main(["--db", db_url, "--lang", lang, "digest", *args])
    out, err = capsys.readouterr()
    return status, out, err


def parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    text = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert text is not None
    assert page is not None
    attached = list(message.iter_attachments())
    # lines travel with CRLF, as SMTP wants them
    return (
        str(text.get_content()).replace("\r\n", "\n"),
        str(page.get_content()).replace("\r\n", "\n"),
        attached,
    )


def pdf_text(part: EmailMessage) -> str:
    data = part.get_content()
    assert isinstance(data, bytes)
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.usefixtures("milan")
def test_the_digest_arrives_in_italian_with_both_parts_and_the_report(
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(monkeypatch, tmp_path, port=server.port)
    status, out, err = run(capsys, db_url, *DAY, "--attach", "report", lang="it")
    assert (status, err) == (0, "")
    assert out == (
        "Inviato il riepilogo del 17/01/2023 a rup@comune.milano.it: 3 avvisi "
        "critici, 1 segnalazione, 1 nota\n"
    )
    assert server.mailbox.logins == [USER]
    [received] = server.mailbox.received
    assert received.sender == "casa@comune.milano.it"
    assert received.recipients == [OFFICE]
    message = received.message
    assert message["Subject"] == (
        "appalti — 17/01/2023: 3 avvisi critici, 1 segnalazione, 1 nota"
    )
    assert message["From"] == FROM
    assert message["To"] == OFFICE
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@comune.milano.it>")
    assert message["Date"] is not None
    text, page, attached = parts(message)
    assert text.startswith(
        "Avvisi al 17/01/2023 (scadenze entro 60 giorni)\n\n"
        "3 avvisi critici, 1 segnalazione, 1 nota.\n\n"
        "CRITICO · da 28 giorni · LSL-LORENTEGGIO\n"
        "  Laboratorio Sociale Lorenteggio: senza servizio dal 21/12/2022 (da 28\n"
    )
    # most urgent first, each with its countdown and record
    heads = [line for line in text.splitlines() if " · " in line]
    assert heads == [
        "CRITICO · da 28 giorni · LSL-LORENTEGGIO",
        "CRITICO · termine scaduto da 16 giorni · LDQ-MAZZINI",
        "CRITICO · termine scaduto da 16 giorni · LDQ-SAN-SIRO",
        "ATTENZIONE · tra 168 giorni · LOR-2023",
        "NOTA · 02/05/2016 · LDQ-2016",
    ]
    assert '<html lang="it">' in page
    assert ">da 28 giorni</td>" in page
    assert "<strong>LSL-LORENTEGGIO</strong>" in page
    assert page.count("<tr>") == 6  # the header and five alerts
    assert "http" not in page
    assert "<img" not in page
    assert "<script" not in page
    [report] = attached
    assert report.get_filename() == "relazione-continuita-2023-01-17.pdf"
    assert report.get_content_type() == "application/pdf"
    assert "Laboratorio Sociale Lorenteggio" in pdf_text(report)


@pytest.mark.usefixtures("milan")
def test_the_digest_arrives_in_english_with_the_alert_list(
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(monkeypatch, tmp_path, port=server.port)
    status, out, _ = run(
        capsys, db_url, *DAY, "--attach", "alerts", "report", "--quiet"
    )
    assert (status, out) == (0, "")
    [received] = server.mailbox.received
    message = received.message
    assert message["Subject"] == (
        "appalti — 17/01/2023: 3 critical alerts, 1 warning, 1 notice"
    )
    text, page, attached = parts(message)
    assert "CRITICAL · for 28 days · LSL-LORENTEGGIO\n" in text
    assert '<html lang="en">' in page
    assert [a.get_filename() for a in attached] == [
        "alerts-2023-01-17.pdf",
        "continuity-report-2023-01-17.pdf",
    ]
    assert "LSL-LORENTEGGIO" in pdf_text(attached[0])


def test_only_new_sends_the_difference_and_then_nothing(
    milan: Tracker,
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(monkeypatch, tmp_path, port=server.port)
    # a dry run remembers nothing
    status, out, _ = run(capsys, db_url, *DAY, "--only-new", "--dry-run")
    assert status == 0
    assert "Subject: appalti — 17/01/2023: 3 critical alerts" in out
    assert server.mailbox.received == []
    status, _, _ = run(capsys, db_url, *DAY, "--only-new")
    assert status == 0
    first = server.mailbox.received[0].message
    assert first["Subject"].endswith(": 3 critical alerts, 1 warning, 1 notice")
    # looking further ahead finds more: only those are sent
    status, out, _ = run(capsys, db_url, *DAY, "--within", "400", "--only-new")
    assert status == 0
    everything = milan.alerts(date(2023, 1, 17), within=400)
    second = server.mailbox.received[1].message
    text, _, _ = parts(second)
    heads = [line.rpartition(" · ")[2] for line in text.splitlines() if " · " in line]
    first_text, _, _ = parts(first)
    first_refs = {
        line.rpartition(" · ")[2] for line in first_text.splitlines() if " · " in line
    }
    assert len(heads) == len(everything) - 5
    assert heads  # the longer horizon adds deadlines
    assert not set(heads) & {"LSL-LORENTEGGIO", "LDQ-2016"} & first_refs
    assert "Only what is new since the digest sent on " in text
    assert "5 alerts it carried are still open ('appalti alerts' lists every " in (
        text.replace("\n", " ")
    )
    assert second["Subject"].startswith("appalti — 17/01/2023, new: ")
    # nothing new: no message, a line, exit 0
    status, out, _ = run(capsys, db_url, *DAY, "--within", "400", "--only-new")
    assert status == 0
    assert out.startswith("Nothing new since the digest sent on ")
    assert out.endswith(": no message was sent.\n")
    assert len(server.mailbox.received) == 2
    # other recipients were sent nothing yet: they get everything
    status, _, _ = run(capsys, db_url, *DAY, "--only-new", "--to", "altro@x.it")
    assert status == 0
    third = server.mailbox.received[2]
    assert third.recipients == ["altro@x.it"]
    assert third.message["Subject"].endswith(": 3 critical alerts, 1 warning, 1 notice")


@pytest.mark.usefixtures("milan")
def test_fail_on_gives_status_3_after_sending(
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(monkeypatch, tmp_path, port=server.port)
    status, _, _ = run(capsys, db_url, *DAY, "--fail-on", "critical", "-q")
    assert status == 3
    assert len(server.mailbox.received) == 1
    # six warnings and nothing critical: sent, status 0
    status, _, _ = run(
        capsys, db_url, "--as-of", "01/01/2015", "--fail-on", "critical", "-q"
    )
    assert status == 0
    assert server.mailbox.received[1].message["Subject"] == (
        "appalti — 01/01/2015: 6 warnings"
    )


@pytest.mark.usefixtures("tracker")
def test_a_day_with_nothing_due_still_sends_its_digest(
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --only-new the digest comes every morning: its absence would mean
    that the job has stopped, not that all is well."""
    configure(monkeypatch, tmp_path, port=server.port)
    status, out, _ = run(capsys, db_url, *DAY, "--fail-on", "warning", lang="it")
    assert status == 0
    assert out == (
        "Inviato il riepilogo del 17/01/2023 a rup@comune.milano.it: nulla da "
        "segnalare\n"
    )
    message = server.mailbox.received[0].message
    assert message["Subject"] == "appalti — 17/01/2023: nulla da segnalare"
    text, page, _ = parts(message)
    assert "Nulla da segnalare." in text
    assert "<table" not in page
    status, out, _ = run(capsys, db_url, *DAY, "--only-new", lang="it")
    assert status == 0
    assert out.startswith("Nulla di nuovo dal riepilogo inviato il ")
    assert out.endswith(": nessun messaggio inviato.\n")
    assert len(server.mailbox.received) == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "appalti: the mail server 127.0.0.1:{port} refused the login of 'casa': "
            "535 5.7.8 Authentication credentials invalid; check mail.user and the "
            "password in APPALTI_SMTP_PASSWORD\n",
        ),
        (
            "it",
            "appalti: il server di posta 127.0.0.1:{port} ha rifiutato l'accesso di "
            "'casa': 535 5.7.8 Authentication credentials invalid; controllare "
            "mail.user e la password in APPALTI_SMTP_PASSWORD\n",
        ),
    ],
)
def test_a_refused_login_is_said_and_nothing_is_sent_or_remembered(
    milan: Tracker,
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    expected: str,
) -> None:
    configure(monkeypatch, tmp_path, port=server.port, password="sbagliata")
    status, out, err = run(capsys, db_url, *DAY, "--only-new", lang=lang)
    assert (status, out) == (1, "")
    assert err == expected.format(port=server.port)
    assert server.mailbox.received == []
    assert milan.last_digest(OFFICE) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "appalti: the mail server 127.0.0.1:{port} refused the connection: it "
            "is down, or mail.host or mail.port is wrong\n",
        ),
        (
            "it",
            "appalti: il server di posta 127.0.0.1:{port} ha rifiutato la "
            "connessione: è spento, oppure mail.host o mail.port sono errati\n",
        ),
    ],
)
def test_a_dead_server_is_said(
    milan: Tracker,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    expected: str,
) -> None:
    port = free_port()  # nothing listens there
    configure(monkeypatch, tmp_path, port=port)
    status, out, err = run(capsys, db_url, *DAY, lang=lang)
    assert (status, out, err) == (1, "", expected.format(port=port))
    assert milan.last_digest(OFFICE) is None


@pytest.mark.usefixtures("milan")
def test_a_refused_recipient_stops_the_message_for_everyone(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with smtp_server(refused={"nessuno@comune.milano.it"}) as server:
        configure(monkeypatch, tmp_path, port=server.port, user=None, password=None)
        status, out, err = run(
            capsys, db_url, *DAY, "--to", OFFICE, "nessuno@comune.milano.it"
        )
    assert (status, out) == (1, "")
    assert err == (
        f"appalti: the mail server 127.0.0.1:{server.port} refused "
        "nessuno@comune.milano.it (550 5.1.1 <nessuno@comune.milano.it>: mailbox "
        "unavailable): nothing was sent to anyone\n"
    )
    assert server.mailbox.received == []


@pytest.mark.usefixtures("milan")
def test_the_digest_goes_over_starttls_with_a_trusted_certificate(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with smtp_server(user=USER, password=PASSWORD, starttls=True) as server:
        configure(monkeypatch, tmp_path, port=server.port, security="starttls")
        # not trusted: refused before the login or the message go
        status, _, err = run(capsys, db_url, *DAY)
        assert status == 1
        assert err.startswith(
            f"appalti: the secure connection (TLS) with the mail server "
            f"127.0.0.1:{server.port} failed: "
        )
        assert "certificate verify failed" in err or "unable to get local" in err
        assert server.mailbox.received == []
        assert server.mailbox.logins == []
        # trusted the way OpenSSL is told to: SSL_CERT_FILE
        monkeypatch.setenv("SSL_CERT_FILE", str(CA_FILE))
        status, _, err = run(capsys, db_url, *DAY, "-q")
        assert (status, err) == (0, "")
    assert server.mailbox.logins == [USER]
    assert len(server.mailbox.received) == 1


@pytest.mark.usefixtures("milan")
def test_the_digest_goes_over_ssl_from_the_first_byte(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CA_FILE))
    with smtp_server(user=USER, password=PASSWORD, implicit_tls=True) as server:
        configure(monkeypatch, tmp_path, port=server.port, security="ssl")
        status, _, err = run(capsys, db_url, *DAY, "-q")
        assert (status, err) == (0, "")
        # security = "starttls" on the SSL port: both wait for the other to speak
        configure(
            monkeypatch, tmp_path, port=server.port, security="starttls", timeout=2
        )
        status, _, err = run(capsys, db_url, *DAY, "-q")
    assert status == 1
    assert err == (
        f"appalti: the mail server 127.0.0.1:{server.port} did not answer within 2 "
        "seconds: it is down or a firewall holds the connection\n"
    )
    assert server.mailbox.logins == [USER]
    assert len(server.mailbox.received) == 1


@pytest.mark.usefixtures("milan")
def test_without_a_server_it_says_which_settings_to_add(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('language = "it"\n', encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(path))
    status, out, err = run(capsys, db_url, *DAY, lang="it")
    assert (status, out) == (1, "")
    assert err == (
        "appalti: nessun server di posta configurato: aggiungere mail.host, "
        f"mail.from alla tabella [mail] di {path} (--dry-run stampa il messaggio "
        "senza inviarlo)\n"
    )
    status, out, _ = run(capsys, db_url, *DAY, "--dry-run", lang="it")
    assert status == 0
    assert out.startswith(
        "Subject: appalti — 17/01/2023: 3 avvisi critici, 1 segnalazione, 1 nota\n"
        "From: appalti@localhost\n"
    )
    assert "\n--- text/plain ---\nAvvisi al 17/01/2023" in out
    assert "\n--- text/html ---\n<!DOCTYPE html>" in out


@pytest.mark.usefixtures("milan")
def test_a_login_without_its_password_is_refused_before_connecting(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(monkeypatch, tmp_path, port=free_port(), password=None)
    status, _, err = run(capsys, db_url, *DAY)
    assert status == 1
    assert err == (
        "appalti: mail.user is 'casa' but the environment variable "
        "APPALTI_SMTP_PASSWORD is not set: appalti reads the password of the mail "
        "server from it\n"
    )


@pytest.mark.usefixtures("milan")
def test_a_server_that_never_answers_is_said_after_the_timeout(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as silent:
        # it takes the connection (the system does) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        configure(monkeypatch, tmp_path, port=port, timeout=2)
        status, out, err = run(capsys, db_url, *DAY, lang="it")
    assert (status, out) == (1, "")
    assert err == (
        f"appalti: il server di posta 127.0.0.1:{port} non ha risposto entro 2 "
        "secondi: è spento o un firewall blocca la connessione\n"
    )


def test_a_recipient_that_is_not_an_address_is_refused_by_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "it", "digest", "--to", "rup@comune.milano.it", "x y"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "appalti digest: errore: argomento --to: non è un indirizzo e-mail: 'x y'\n"
    )


def test_a_role_that_may_only_read_sends_but_cannot_send_only_new(
    milan: Tracker,
    reader_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(monkeypatch, tmp_path, port=server.port)
    status, _, err = run(capsys, reader_url, *DAY, "-q")
    assert (status, err) == (0, "")
    assert len(server.mailbox.received) == 1
    assert milan.last_digest(OFFICE) is None
    # --only-new could not remember what it sent: refused before sending
    status, _, err = run(capsys, reader_url, *DAY, "--only-new")
    assert status == 1
    assert f"{make_url(reader_url).username}" in err
    assert len(server.mailbox.received) == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "appalti: the mail server 127.0.0.1:{port} takes mail only after a "
            "login (530 5.7.0 Authentication required): set mail.user, and the "
            "password in APPALTI_SMTP_PASSWORD\n",
        ),
        (
            "it",
            "appalti: il server di posta 127.0.0.1:{port} accetta posta solo dopo "
            "l'accesso (530 5.7.0 Authentication required): impostare mail.user, e "
            "la password in APPALTI_SMTP_PASSWORD\n",
        ),
    ],
)
def test_a_server_that_wants_a_login_says_to_set_the_user(
    milan: Tracker,
    db_url: str,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    expected: str,
) -> None:
    configure(monkeypatch, tmp_path, port=server.port, user=None, password=None)
    status, out, err = run(capsys, db_url, *DAY, lang=lang)
    assert (status, out, err) == (1, "", expected.format(port=server.port))
    assert server.mailbox.received == []
    assert milan.last_digest(OFFICE) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "appalti: the mail server 127.0.0.1:{port} closed the connection "
            "before the message was sent: check mail.port and mail.security\n",
        ),
        (
            "it",
            "appalti: il server di posta 127.0.0.1:{port} ha chiuso la connessione "
            "prima dell'invio del messaggio: controllare mail.port e mail.security\n",
        ),
    ],
)
def test_a_server_that_hangs_up_is_said_in_the_session_language(
    milan: Tracker,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    expected: str,
) -> None:
    import threading

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def greet_and_hang_up() -> None:
            peer, _ = listener.accept()
            with peer:
                peer.sendall(b"220 relay ready\r\n")
                peer.recv(100)  # the EHLO, left unanswered

        answering = threading.Thread(target=greet_and_hang_up, daemon=True)
        answering.start()
        configure(monkeypatch, tmp_path, port=port, user=None, password=None)
        status, out, err = run(capsys, db_url, *DAY, lang=lang)
        answering.join(5)
    assert (status, out, err) == (1, "", expected.format(port=port))
    assert milan.last_digest(OFFICE) is None
