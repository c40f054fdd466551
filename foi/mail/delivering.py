"""Delivering messages: each written as an .eml file and/or sent over SMTP, one connection for
all of them; a failure is reported for that message and the next one is still tried.
"""
from __future__ import annotations

import email.policy
import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..workspace import LOCAL_CONFIG
from .settings import PASSWORD_ENV, SmtpSettings

SMTP_TIMEOUT = 60


@dataclass
class Outgoing:
    force: str
    filename: str  # for --eml-dir
    message: EmailMessage


@dataclass
class Delivery:
    outgoing: Outgoing
    eml: Optional[Path] = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Failure:
    """A force whose message was not sent (or not recorded), and why."""

    force: str
    error: str


class _Unreachable(Exception):
    pass


def _describe(e: BaseException, settings: Optional[SmtpSettings] = None) -> str:
    """One line saying what went wrong (never the password: smtplib's errors hold only the server's reply)."""
    where = f" {settings.where}" if settings else ""
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        parts = []
        for rcpt, (code, raw) in e.recipients.items():
            said = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            parts.append(f"{rcpt}: {code} {said}")
        return f"the SMTP server refused the recipient ({'; '.join(parts)})"
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return f"the SMTP server{where} refused the login ({e.smtp_code}); check the user in {LOCAL_CONFIG} and {PASSWORD_ENV}"
    if isinstance(e, smtplib.SMTPResponseException):
        reply = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return f"the SMTP server{where} answered {e.smtp_code} {' '.join(reply.split())}"
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return f"the SMTP server{where} closed the connection"
    if isinstance(e, ssl.SSLError):
        return f"TLS with the SMTP server{where} failed ({e.reason or e})"
    if isinstance(e, OSError) and settings is not None:
        return f"cannot reach the SMTP server{where} ({e.strerror or e})"
    if isinstance(e, OSError):
        return f"cannot write {getattr(e, 'filename', '') or 'the file'} ({e.strerror or e})"
    return " ".join(str(e).split()) or type(e).__name__


class _SmtpConnection:
    """One connection, opened on first use and re-opened once if the server drops it."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.client: Optional[smtplib.SMTP] = None
        self.broken: Optional[str] = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if s.ssl:
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=SMTP_TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=SMTP_TIMEOUT)
        try:
            client.ehlo()
            if s.starttls and not s.ssl:
                client.starttls(context=context)
                client.ehlo()
            password = os.environ.get(PASSWORD_ENV)
            if s.user and password:
                client.login(s.user, password)
        except BaseException:
            client.close()
            raise
        return client

    def send(self, message: EmailMessage) -> None:
        if self.broken:
            raise _Unreachable(self.broken)
        if self.client is None:
            try:
                self.client = self._connect()
            except (OSError, smtplib.SMTPException) as e:
                self.broken = _describe(e, self.settings)
                raise _Unreachable(self.broken) from None
        try:
            self.client.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError):
            raise  # the server said no to this message; the connection is still good
        except (OSError, smtplib.SMTPException):
            self.close()  # next message reconnects
            raise

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (OSError, smtplib.SMTPException):
                self.client.close()
            self.client = None


def message_bytes(message: EmailMessage) -> bytes:
    """The message as RFC 5322 bytes (CRLF line ends)."""
    return message.as_bytes(policy=email.policy.SMTP)


def write_eml(folder: Path, filename: str, message: EmailMessage) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".writing-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(message_bytes(message))
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def deliver(messages: Iterable[Outgoing], eml_dir: Optional[Path] = None,
            smtp: Optional[SmtpSettings] = None) -> Iterator[Delivery]:
    """Write each message as .eml and/or send it over SMTP; yields one Delivery per message, in order.

    A failure is reported in that message's Delivery and the next one is still tried (once the
    server cannot be reached at all, the rest fail at once with the same reason).
    """
    connection = _SmtpConnection(smtp) if smtp else None
    try:
        for out in messages:
            result = Delivery(out)
            if eml_dir is not None:
                try:
                    result.eml = write_eml(Path(eml_dir), out.filename, out.message)
                except OSError as e:
                    result.error = f"cannot write {Path(eml_dir) / out.filename} ({e.strerror or e})"
                    yield result
                    continue
            if connection is not None:
                try:
                    connection.send(out.message)
                except _Unreachable as e:
                    result.error = str(e)
                except (OSError, smtplib.SMTPException) as e:
                    result.error = _describe(e, smtp)
            yield result
    finally:
        if connection is not None:
            connection.close()
