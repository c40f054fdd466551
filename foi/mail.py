"""Composing, sending and importing email.

Sending: one message per force, from the requester (foi.local.yml, or FOI_FROM_NAME and
FOI_FROM_EMAIL), to the force's FOI address (forces.csv, or the workspace's forces.yml), with a
short per-case token in the subject, `[foi:0123456789]`, so that replies find their way back.
Each force's `sent` event is recorded only once its message has been written or sent, so a
failure half-way leaves the ones sent recorded and a re-run sends only to the rest. The SMTP
password only ever comes from FOI_SMTP_PASSWORD and is never written anywhere.

Importing: `.eml` files, mbox files and Maildir folders. Each message is matched to a case by,
in order: its In-Reply-To/References against the Message-IDs recorded in the logs; the subject
token; a force's reference number already recorded on a case; the sender's domain being exactly
one force's AND the subject naming exactly one request sent to it. Anything else is reported as
unmatched, never guessed. A forwarded reply is matched on the message inside. The message and its
attachments are stored under responses/<slug>/<force>/, and the event its text shows
(acknowledged, responded, clarification-requested, extended, fee-notice) is recorded with the
sentence that shows it and its Message-ID, so importing the same mailbox twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import mailbox
import mimetypes
import os
import re
import smtplib
import ssl
import tempfile
import textwrap
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, format_datetime, make_msgid, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import yaml

from . import cases, deadlines, forces
from .dates import find_dates
from .documents.store import sha256_bytes, store_bytes
from .errors import FoiError
from .workspace import EMAIL_ENV, LOCAL_CONFIG, NAME_ENV, Event, Request, Workspace, read_events

FORCES_OVERRIDES = "forces.yml"
PASSWORD_ENV = "FOI_SMTP_PASSWORD"
SMTP_TIMEOUT = 60
UK = ZoneInfo("Europe/London")  # an email's date is the day it arrived in the UK, where the clock runs

LAW_NAMES = {
    deadlines.FOIA: "Freedom of Information Act 2000",
    deadlines.FOISA: "Freedom of Information (Scotland) Act 2002",
}
REGULATOR = {
    deadlines.FOIA: "the Information Commissioner",
    deadlines.FOISA: "the Scottish Information Commissioner",
}

Progress = Callable[[int, int], None]  # progress(done, total)

_EMAIL_RE = re.compile(r"[^@\s<>\"',;]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _is_address(text: str) -> bool:
    return bool(_EMAIL_RE.fullmatch(text or ""))


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Requester:
    name: str
    email: str
    address: str = ""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2].lower()

    @property
    def header(self) -> str:
        return formataddr((self.name, self.email))


def requester_settings(ws: Workspace) -> Requester:
    """The requester's name, email and postal address: foi.local.yml, overridden by the environment."""
    details = ws.requester()  # the one reader of foi.local.yml's requester (checked, env applied)
    name, address_email, postal = details["name"], details["email"], details["address"]
    missing = [what for what, value in (("name", name), ("email address", address_email)) if not value]
    if missing:
        raise FoiError(
            f"sending needs the requester's {' and '.join(missing)}: create {LOCAL_CONFIG} in the workspace"
            f" (see {LOCAL_CONFIG}.example, written by `foi init`) or set {NAME_ENV} and {EMAIL_ENV}"
        )
    if not _is_address(address_email):
        raise FoiError(f"the requester's email '{address_email}' is not an email address")
    return Requester(name=name, email=address_email, address=postal.strip())


def _optional_requester(ws: Workspace) -> Optional[Requester]:
    try:
        return requester_settings(ws)
    except FoiError:
        return None


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send. The password is not here: it is read from FOI_SMTP_PASSWORD when connecting."""

    host: str
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    user: Optional[str] = None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_settings(ws: Workspace, server: str) -> SmtpSettings:
    """`HOST[:PORT]`; the `smtp:` settings of foi.local.yml (port, starttls, user) apply to its own host."""
    text = (server or "").strip()
    match = re.fullmatch(r"\[?([^\[\]\s]+?)\]?(?::(\d{1,5}))?", text)
    if not match:
        raise FoiError(f"--smtp '{server}' is not HOST or HOST:PORT")
    host, port_text = match.group(1), match.group(2)
    config = ws.local_config().get("smtp") or {}
    if not isinstance(config, dict):
        raise FoiError(f"{ws.root / LOCAL_CONFIG}: 'smtp' must be a mapping with host, port, starttls and user")
    same = str(config.get("host") or "").strip().lower() == host.lower()
    try:
        port = int(port_text or (config.get("port") if same and config.get("port") else 0) or 25)
    except (TypeError, ValueError):
        raise FoiError(f"{ws.root / LOCAL_CONFIG}: smtp port '{config.get('port')}' is not a number") from None
    if not 0 < port < 65536:
        raise FoiError(f"--smtp '{server}': port {port} is out of range")
    use_ssl = bool(config.get("ssl")) if same and "ssl" in config else port == 465
    return SmtpSettings(
        host=host,
        port=port,
        starttls=bool(config.get("starttls")) if same else False,
        ssl=use_ssl,
        user=(str(config["user"]) if config.get("user") else None) if same else None,
    )


def force_addresses(ws: Workspace) -> dict[str, str]:
    """Each force's FOI address: forces.csv, overridden by the workspace's forces.yml."""
    out = {force_id: f.foi_email for force_id, f in forces.all_forces().items()}
    path = ws.root / FORCES_OVERRIDES
    if not path.exists():
        return out
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise FoiError(f"{path}: not valid YAML" + (f" (line {mark.line + 1})" if mark else "")) from None
    if not isinstance(data, dict):
        raise FoiError(f"{path}: expected a mapping of force id -> {{foi_email: ...}}")
    for key, value in data.items():
        force_id = str(key)
        if force_id not in out:
            raise FoiError(f"{path}: {forces.unknown_force_message(force_id)}")
        if isinstance(value, str):
            address = value
        elif isinstance(value, dict) and isinstance(value.get("foi_email"), str):
            address = value["foi_email"]
        else:
            raise FoiError(f"{path}: '{force_id}' needs foi_email: the address to send its requests to")
        address = address.strip()
        if not _is_address(address):
            raise FoiError(f"{path}: '{address}' ({force_id}) is not an email address")
        out[force_id] = address
    return out


def recipient_addresses(ws: Workspace, force_ids: Iterable[str]) -> dict[str, str]:
    """The FOI address of each force, or a FoiError naming those without one (before anything is sent)."""
    addresses = force_addresses(ws)
    force_ids = list(force_ids)
    missing = [f for f in force_ids if not addresses.get(f)]
    if missing:
        names = ", ".join(f"{forces.get_force(f).name} ({f})" for f in missing)
        raise FoiError(
            f"no FOI email address for {names}: add one to {ws.root / FORCES_OVERRIDES},"
            f" e.g. `{missing[0]}: {{foi_email: foi@example.police.uk}}`"
        )
    return {f: addresses[f] for f in force_ids}


# ---------------------------------------------------------------- composing


TOKEN_RE = re.compile(r"\[foi:([0-9a-f]{10})\]", re.I)


def case_token(slug: str, force_id: str) -> str:
    """A short token that names one case (request x force) and never changes."""
    return hashlib.sha256(f"{slug}/{force_id}".encode("utf-8")).hexdigest()[:10]


def request_subject(request: Request, force_id: str) -> str:
    return f"Freedom of Information request: {request.title} [foi:{case_token(request.slug, force_id)}]"


def _as_force(force) -> forces.Force:
    return force if isinstance(force, forces.Force) else forces.get_force(str(force))


def _date_header(day: Optional[dt.date]) -> str:
    now = dt.datetime.now(UK)
    if day is None or day == now.date():
        return format_datetime(now.replace(microsecond=0))
    return format_datetime(dt.datetime.combine(day, dt.time(9, 0), tzinfo=UK))


def _request_text(body: str, law: str) -> str:
    """The request body without its own salutation or sign-off, naming the law that applies."""
    lines = body.strip("\n").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and re.match(r"\s*dear\b", lines[0], re.I):
        lines.pop(0)
    for i in range(len(lines) - 1, max(len(lines) - 6, -1), -1):
        if re.match(r"\s*(yours (faithfully|sincerely)|kind regards|regards|best wishes)\b", lines[i], re.I):
            del lines[i:]
            break
    text = "\n".join(lines).strip("\n")
    if law == deadlines.FOISA:
        text = re.sub(r"Freedom of Information Act(?:\s+2000)?", LAW_NAMES[deadlines.FOISA], text)
        text = re.sub(r"\bFOIA\b(\s+2000)?", lambda m: "FOISA 2002" if m.group(1) else "FOISA", text)
    if not re.search(r"freedom of information|\bFOIS?A\b", text, re.I):
        preamble = f"I am writing to request information under the {LAW_NAMES[law]}."
        text = f"{textwrap.fill(preamble, 72)}\n\n{text}"
    return text


def _sign_off(requester: Requester) -> str:
    lines = ["Yours faithfully,", "", requester.name]
    if requester.address:
        lines += [line.rstrip() for line in requester.address.splitlines() if line.strip()]
    return "\n".join(lines)


def _paragraphs(parts: list[str]) -> str:
    """Paragraphs separated by blank lines, each one-line paragraph wrapped at 72 characters."""
    out = []
    for part in parts:
        if "\n" in part:
            out.append(part)
        else:
            out.append(textwrap.fill(part, 72, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(out) + "\n"


def _message(requester: Requester, force: forces.Force, address: str, subject: str, text: str,
             date: Optional[dt.date], in_reply_to: Optional[str] = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = requester.header
    msg["To"] = formataddr((force.name, address))
    msg["Subject"] = subject
    msg["Date"] = _date_header(date)
    msg["Message-ID"] = make_msgid(domain=requester.domain)
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    if text.isascii() and all(len(line) <= 998 for line in text.splitlines()):
        msg.set_content(text, cte="7bit")  # readable as it is, in any mail client or text editor
    else:
        msg.set_content(text)
    return msg


def readable(message: EmailMessage) -> str:
    """A message as a person reads it: the main headers, then the text."""
    lines = [f"{name}: {' '.join(str(message[name]).split())}" for name in ("From", "To", "Subject", "In-Reply-To")
             if message[name]]
    return "\n".join(lines) + "\n\n" + message.get_content().replace("\r\n", "\n")


def compose_request(ws: Workspace, request: Request, force, requester: Requester,
                    date: Optional[dt.date] = None, address: Optional[str] = None) -> EmailMessage:
    """The request to one force, as an RFC 5322 message."""
    force = _as_force(force)
    address = address or recipient_addresses(ws, [force.id])[force.id]
    law = force.law or deadlines.FOIA
    # The request's own text is kept as written, not re-wrapped.
    text = f"Dear {force.name},\n\n{_request_text(request.body, law)}\n\n{_sign_off(requester)}\n"
    return _message(requester, force, address, request_subject(request, force.id), text, date)


# ---------------------------------------------------------------- delivering


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


class _Unreachable(Exception):
    pass


def _describe(e: BaseException, settings: Optional[SmtpSettings] = None) -> str:
    """One line saying what went wrong (never the password: smtplib's errors hold only the server's reply)."""
    where = f" {settings.where}" if settings else ""
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        parts = []
        for rcpt, (code, reply) in e.recipients.items():
            reply = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
            parts.append(f"{rcpt}: {code} {reply}")
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


def _already_sent(event: Event, history: list[Event]) -> bool:
    return any(h.event == "sent" for h in history)


def send_request(ws: Workspace, slug: str, to: Optional[list[str]] = None, date: Optional[dt.date] = None,
                 eml_dir: Optional[Path] = None, smtp: Optional[str] = None, dry_run: bool = False,
                 progress: Optional[Progress] = None) -> dict:
    """Send the request to each chosen recipient not yet sent to, recording each `sent` as it goes.

    With `eml_dir`, write `<slug>--<force>.eml` there; with `smtp` ("HOST[:PORT]"), send it; with
    neither, only record (as `foi send` always did). Returns {sent, failed: [{force, error}],
    already_sent, messages} (with `dry_run`, who would get what at which address; nothing is done).
    """
    request = ws.load_request(slug)
    today = dt.date.today()
    date = date or today
    if date > today:
        raise FoiError(f"the date {date} is in the future")
    chosen = cases.chosen_recipients(request, to)
    history = read_events(ws.log_path(slug))
    sent_before = {e.force for e in history if e.event == "sent"}
    already = [f for f in chosen if f in sent_before]
    pending = [f for f in chosen if f not in sent_before]
    result: dict = {"request": slug, "sent": [], "failed": [], "already_sent": already, "dry_run": dry_run, "messages": []}
    delivering = eml_dir is not None or bool(smtp)

    if not delivering:
        if dry_run:
            known = force_addresses(ws)
            result["sent"] = pending
            result["messages"] = [{"force": f, "to": known.get(f) or None} for f in pending]
            return result
        new = [Event(date=date, force=f, event="sent") for f in pending]
        written = cases.record_events(ws, request, new, today=today, skip_if=_already_sent)
        result["sent"] = [e.force for e in written]
        return result

    requester = requester_settings(ws)
    settings = smtp_settings(ws, smtp) if smtp else None
    addresses = recipient_addresses(ws, pending)
    outgoing = [
        Outgoing(f, f"{slug}--{f}.eml", compose_request(ws, request, f, requester, date, address=addresses[f]))
        for f in pending
    ]
    result["messages"] = [
        {
            "force": o.force,
            "to": addresses[o.force],
            "subject": str(o.message["Subject"]),
            "eml": str(Path(eml_dir) / o.filename) if eml_dir is not None else None,
            "smtp": settings.where if settings else None,
        }
        for o in outgoing
    ]
    if dry_run:
        result["sent"] = pending
        return result

    total = len(outgoing)
    if progress:
        progress(0, total)
    for done, delivery in enumerate(deliver(outgoing, eml_dir, settings), 1):
        force_id = delivery.outgoing.force
        if not delivery.ok:
            result["failed"].append({"force": force_id, "error": delivery.error})
        else:
            message = delivery.outgoing.message
            event = Event(
                date=date,
                force=force_id,
                event="sent",
                extra={"message_id": str(message["Message-ID"]), "subject_token": case_token(slug, force_id)},
            )
            try:
                written = cases.record_events(ws, request, [event], today=today, skip_if=_already_sent)
            except FoiError as e:
                result["failed"].append({"force": force_id, "error": f"sent, but not recorded: {e}"})
            else:
                (result["sent"] if written else result["already_sent"]).append(force_id)
        if progress:
            progress(done, total)
    return result


# ---------------------------------------------------------------- chasing and reviews


def _case_history(ws: Workspace, slug: str, force_id: str) -> list[Event]:
    return cases.ordered(e for e in read_events(ws.log_path(slug)) if e.force == force_id)


def _original_message_id(history: list[Event]) -> Optional[str]:
    for e in history:
        if e.event == "sent" and e.extra.get("message_id"):
            return e.extra["message_id"]
    return None


def chase_outgoing(ws: Workspace, slug: str, as_of: Optional[dt.date] = None,
                   requester: Optional[Requester] = None) -> list[Outgoing]:
    """A reminder for each case of the request that is overdue on `as_of`."""
    as_of = as_of or dt.date.today()
    request = ws.load_request(slug)
    overdue = [c for c in cases.request_statuses(ws, request, as_of) if c.overdue]
    if not overdue:
        return []
    requester = requester or requester_settings(ws)
    addresses = recipient_addresses(ws, [c.force for c in overdue])
    out = []
    for case in overdue:
        force = forces.get_force(case.force)
        law = case.law or deadlines.FOIA
        act = LAW_NAMES[law]
        history = [e for e in _case_history(ws, slug, case.force) if e.date <= as_of]
        original = _original_message_id(history)
        ref = f", your reference {case.ref}" if case.ref else ""
        extended = any(e.event == "extended" for e in history) and case.state == "extended"
        clarified = case.clock_start and case.sent and case.clock_start != case.sent
        paragraphs = [
            f"Dear {force.name},",
            f'On {_long_date(case.sent)} I sent you a request for information under the {act}, "{request.title}"{ref}.',
        ]
        if extended:
            paragraphs.append(
                f"You told me you needed until {_long_date(case.due)} to respond"
                + (" under section 10(3) of the Act to consider the public interest" if law == deadlines.FOIA else "")
                + f". That date has passed: as of {_long_date(as_of)} your response is"
                f" {case.working_days_overdue} working day{'s' if case.working_days_overdue != 1 else ''} overdue."
            )
        else:
            receipt = f"receipt of my clarification of {_long_date(case.clock_start)}" if clarified else "receipt"
            paragraphs.append(
                f"Section 10(1) of the {act} requires you to respond promptly and in any event by the"
                f" twentieth working day following {receipt}, which was {_long_date(case.due)}."
                f" As of {_long_date(as_of)} your response is {case.working_days_overdue}"
                f" working day{'s' if case.working_days_overdue != 1 else ''} overdue."
            )
        if law == deadlines.FOISA:
            paragraphs.append(
                "Please send your response as soon as possible. If I do not hear from you, I may require a review"
                f" under section 20 of the Act and then apply to {REGULATOR[law]}."
            )
        else:
            paragraphs.append(
                "Please send your response as soon as possible. If I do not hear from you, I may complain to"
                f" {REGULATOR[law]} under section 50 of the Act."
            )
        paragraphs.append(_sign_off(requester))
        subject = f"Overdue: {request_subject(request, force.id)}"
        msg = _message(requester, force, addresses[force.id], subject, _paragraphs(paragraphs), None,
                       in_reply_to=original)
        out.append(Outgoing(force.id, f"{slug}--{force.id}--chase-{as_of.isoformat()}.eml", msg))
    return out


def draft_chase(ws: Workspace, slug: str, as_of: Optional[dt.date] = None) -> list[EmailMessage]:
    """Reminders for the request's overdue cases, citing s.10 of the law that applies."""
    return [o.message for o in chase_outgoing(ws, slug, as_of)]


def chase(ws: Workspace, slug: str, as_of: Optional[dt.date] = None, eml_dir: Optional[Path] = None,
          smtp: Optional[str] = None, dry_run: bool = False, progress: Optional[Progress] = None) -> dict:
    """Draft (and write or send) a reminder for each overdue case. Records nothing."""
    as_of = as_of or dt.date.today()
    outgoing = chase_outgoing(ws, slug, as_of)
    settings = smtp_settings(ws, smtp) if smtp else None
    request = ws.load_request(slug)
    statuses = {c.force: c for c in cases.request_statuses(ws, request, as_of)}
    result: dict = {"request": slug, "as_of": as_of.isoformat(), "chased": [], "failed": [], "dry_run": dry_run,
                    "drafts": []}

    def summary(o: Outgoing) -> dict:
        c = statuses[o.force]
        return {"force": o.force, "to": parseaddr(str(o.message["To"]))[1], "due": c.due.isoformat(),
                "working_days_overdue": c.working_days_overdue, "subject": str(o.message["Subject"])}

    if dry_run:
        result["chased"] = [summary(o) for o in outgoing]
        return result
    if eml_dir is None and settings is None:
        result["drafts"] = [
            summary(o) | {"text": readable(o.message)} for o in outgoing
        ]
        return result
    total = len(outgoing)
    for done, delivery in enumerate(deliver(outgoing, eml_dir, settings), 1):
        if delivery.ok:
            item = summary(delivery.outgoing)
            item["eml"] = str(delivery.eml) if delivery.eml else None
            result["chased"].append(item)
        else:
            result["failed"].append({"force": delivery.outgoing.force, "error": delivery.error})
        if progress:
            progress(done, total)
    return result


REASON_PLACEHOLDER = (
    "[Say here why you are not satisfied: the information withheld, the exemptions applied and why they do not"
    " apply, the time taken, ...]"
)


def _review_outgoing(ws: Workspace, slug: str, force_id: str, date: Optional[dt.date] = None,
                     reason: Optional[str] = None, requester: Optional[Requester] = None) -> tuple[Outgoing, Event, list[str]]:
    date = date or dt.date.today()
    request = ws.load_request(slug)
    force = forces.get_force(force_id)
    if force.id not in request.recipients:
        raise FoiError(f"{force.id} is not among the recipients of '{slug}' (the 'to' list in {request.path})")
    law = force.law or deadlines.FOIA
    act = LAW_NAMES[law]
    history = _case_history(ws, slug, force.id)
    case = cases.replay(slug, force.id, law, history, date)
    if case.state != "responded":
        raise FoiError(f"cannot ask {force.id} for a review of '{slug}': the case is {case.state}, not responded")
    responses = [e for e in history if e.event in ("responded", "review-responded") and e.date <= date]
    answered = responses[-1].date
    review_due = deadlines.review_due(date, law)
    requester = requester or requester_settings(ws)
    address = recipient_addresses(ws, [force.id])[force.id]
    ref = f", your reference {case.ref}" if case.ref else ""
    warnings = []
    paragraphs = [f"Dear {force.name},"]
    if law == deadlines.FOISA:
        paragraphs.append(
            f"Under section 20(1) of the {act} I require you to review your response of {_long_date(answered)}"
            f' to my request for information "{request.title}"{ref}, which I sent on {_long_date(case.sent)}.'
        )
    else:
        paragraphs.append(
            f"I am writing to request an internal review of {force.name}'s handling of my request for information"
            f' under the {act}, "{request.title}"{ref}, which I sent on {_long_date(case.sent)} and to which you'
            f" responded on {_long_date(answered)}."
        )
    paragraphs.append(reason.strip() if reason and reason.strip() else REASON_PLACEHOLDER)
    if law == deadlines.FOISA:
        limit = deadlines.add_working_days(answered, 40, law)
        if date <= limit:
            paragraphs.append(
                "This requirement for review is made within 40 working days of your response, as section 20(5)"
                f" of the Act allows. Section 21(1) requires you to respond within 20 working days, by"
                f" {_long_date(review_due)}. If I remain dissatisfied I may apply to {REGULATOR[law]} under"
                " section 47 of the Act."
            )
        else:
            warnings.append(
                f"the 40 working days for requiring a review (FOISA s.20(5)) ended on {limit}; {force.name} need not"
                " carry it out"
            )
            paragraphs.append(
                f"Section 21(1) of the Act requires you to respond within 20 working days, by {_long_date(review_due)}."
                f" If I remain dissatisfied I may apply to {REGULATOR[law]} under section 47 of the Act."
            )
    else:
        paragraphs.append(
            "The Information Commissioner's guidance and the section 45 Code of Practice say an internal review"
            f" should take no more than 20 working days, so I expect your reply by {_long_date(review_due)}."
            f" If I remain dissatisfied I may complain to {REGULATOR[law]} under section 50 of the Act."
        )
    paragraphs.append(_sign_off(requester))
    token = case_token(slug, force.id)
    subject = f"Internal review: {request_subject(request, force.id)}"
    msg = _message(requester, force, address, subject, _paragraphs(paragraphs), date,
                   in_reply_to=_original_message_id(history))
    event = Event(date=date, force=force.id, event="review-requested",
                  extra={"message_id": str(msg["Message-ID"]), "subject_token": token})
    return Outgoing(force.id, f"{slug}--{force.id}--review-{date.isoformat()}.eml", msg), event, warnings


def draft_review_request(ws: Workspace, slug: str, force: str, date: Optional[dt.date] = None,
                         reason: Optional[str] = None) -> EmailMessage:
    """A request for an internal review of the force's latest response (FOIA: ICO guidance; FOISA s.20)."""
    return _review_outgoing(ws, slug, force, date, reason)[0].message


def request_review(ws: Workspace, slug: str, force: str, date: Optional[dt.date] = None,
                   reason: Optional[str] = None, eml_dir: Optional[Path] = None, smtp: Optional[str] = None,
                   dry_run: bool = False) -> dict:
    """Draft a review request; written (eml_dir) or sent (smtp), it is recorded as `review-requested`."""
    today = dt.date.today()
    date = date or today
    outgoing, event, warnings = _review_outgoing(ws, slug, force, date, reason)
    settings = smtp_settings(ws, smtp) if smtp else None
    if settings and not (reason and reason.strip()):
        raise FoiError(
            "give the grounds for the review (--reason) before sending it over SMTP,"
            " or write a draft with --eml-dir and edit it"
        )
    request = ws.load_request(slug)
    # Refuse now what the log would refuse after sending.
    cases.check_event(event, _case_history(ws, slug, event.force), cases.force_law(event.force), today)
    result = {
        "request": slug,
        "force": event.force,
        "to": parseaddr(str(outgoing.message["To"]))[1],
        "subject": str(outgoing.message["Subject"]),
        "review_due": deadlines.review_due(date, cases.force_law(event.force)).isoformat(),
        "warnings": warnings,
        "dry_run": dry_run,
        "recorded": False,
        "eml": None,
        "draft": None,
    }
    if dry_run:
        return result
    if eml_dir is None and settings is None:
        result["draft"] = readable(outgoing.message)
        return result
    delivery = next(deliver([outgoing], eml_dir, settings))
    if not delivery.ok:
        raise FoiError(f"the review request to {event.force} was not sent: {delivery.error}")
    result["eml"] = str(delivery.eml) if delivery.eml else None
    cases.record_events(ws, request, [event], today=today)
    result["recorded"] = True
    return result


# ---------------------------------------------------------------- reading mail


class _HtmlText(HTMLParser):
    """Text from HTML, without scripts and styles, with blocks on their own lines."""

    SKIP = {"script", "style", "title", "noscript", "template"}
    BLOCK = {
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "blockquote", "section", "article", "header",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "address",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _part_text(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def body_text(msg) -> str:
    """The message's own text: its text/plain body, else its HTML body as text."""
    for kind in ("plain", "html"):
        try:
            part = msg.get_body(preferencelist=(kind,))
        except (KeyError, AttributeError):
            part = None
        if part is not None:
            return _part_text(part).replace("\r\n", "\n")
    return ""


_CUT_RES = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}", re.I),
    re.compile(r"^\s*Begin forwarded message:", re.I),
    re.compile(r"^\s*_{8,}\s*$"),
]
_QUOTED_HEADER = re.compile(r"^\s*\*?From:\*?\s+\S")
_QUOTED_HEADER_NEXT = re.compile(r"^\s*\*?(Sent|Date|To|Subject):\*?\s", re.I)


def own_text(text: str) -> str:
    """The new part of a reply: up to the quoted original, without '>' lines."""
    lines = text.splitlines()
    kept = []
    for i, line in enumerate(lines):
        if any(r.match(line) for r in _CUT_RES):
            break
        if _QUOTED_HEADER.match(line) and any(_QUOTED_HEADER_NEXT.match(l) for l in lines[i + 1:i + 4]):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


_FORWARD_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}|Begin forwarded message:)\s*$", re.I | re.M
)
_HEADER_LINE = re.compile(r"^\s*\*?(From|Date|Sent|Subject|To|Cc|Reply-To)\*?:\s*(.*)$", re.I)


@dataclass
class _View:
    """What matching and classifying look at: a message, or the one forwarded inside it."""

    sender: str = ""
    subject: str = ""
    date: Optional[dt.date] = None
    message_id: Optional[str] = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""  # all of the body text
    own: str = ""  # the reply's own text, quotes removed


_MSGID_RE = re.compile(r"<([^<>\s]+)>")


def _ids(value) -> list[str]:
    return _MSGID_RE.findall(str(value or ""))


def norm_msgid(value: str) -> str:
    value = str(value or "").strip()
    found = _MSGID_RE.findall(value)
    return (found[0] if found else value.strip("<>")).strip()


def _header_date(msg) -> Optional[dt.date]:
    value = msg["Date"]
    if value is None:
        return None
    when = getattr(value, "datetime", None)
    if when is None:
        try:
            when = parsedate_to_datetime(str(value))
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is not None:
        when = when.astimezone(UK)
    return when.date()


def _sender(value) -> str:
    found = _EMAIL_RE.findall(str(value or ""))
    address = parseaddr(str(value or ""))[1] or (found[0] if found else "")
    return address.strip().lower()


def _view_of(msg) -> _View:
    text = body_text(msg)
    try:
        subject = str(msg["Subject"] or "")
    except Exception:  # a header too broken to parse is only a missing subject here
        subject = ""
    return _View(
        sender=_sender(msg["From"]),
        subject=" ".join(subject.split()),
        date=_header_date(msg),
        message_id=norm_msgid(msg["Message-ID"]) if msg["Message-ID"] else None,
        in_reply_to=_ids(msg["In-Reply-To"]),
        references=_ids(msg["References"]),
        text=text,
        own=own_text(text),
    )


def _inline_forward(text: str) -> Optional[_View]:
    """The message inside a '---------- Forwarded message ---------' block, if there is one."""
    start = _FORWARD_START.search(text)
    if not start:
        return None
    lines = text[start.end():].lstrip("\n").splitlines()
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip():
        m = _HEADER_LINE.match(lines[i])
        if m:
            key = m.group(1).lower()
            headers[key] = m.group(2).strip()
        elif headers and not lines[i].startswith(" ") and ":" not in lines[i]:
            break
        i += 1
    if "from" not in headers:
        return None
    inner_text = "\n".join(lines[i:]).strip("\n")
    when = headers.get("date") or headers.get("sent") or ""
    day = None
    if when:
        found = parse_uk_dates(when)
        if found:
            day = found[0]
        else:
            try:
                parsed = parsedate_to_datetime(when)
                day = (parsed.astimezone(UK) if parsed.tzinfo else parsed).date()
            except (TypeError, ValueError, IndexError):
                day = None
    return _View(
        sender=_sender(headers["from"]),
        subject=" ".join(headers.get("subject", "").split()),
        date=day,
        text=inner_text,
        own=own_text(inner_text),
    )


_FWD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|fw)\s*:", re.I)


def _forwarded(msg, outer: _View) -> Optional[_View]:
    for part in msg.walk():
        if part is not msg and part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if inner is not None:
                return _view_of(inner)
    if _FWD_SUBJECT.match(outer.subject) or _FORWARD_START.search(outer.text):
        return _inline_forward(outer.text)
    return None


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes
    inline_image: bool = False

    @property
    def is_document(self) -> bool:
        return not self.content_type.startswith("image/") or not self.inline_image


def attachments(msg) -> list[Attachment]:
    """Every attached file, including those of a forwarded message (not inline logos)."""
    out = []
    for part in msg.walk():
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        is_image = part.get_content_maintype() == "image"
        if disposition != "attachment":
            if not filename:
                continue
            if is_image and part["Content-ID"]:
                continue  # a logo in the signature, shown inline
        data = part.get_payload(decode=True) or b""
        if not data:
            continue
        content_type = part.get_content_type()
        if not filename:
            filename = "attachment" + (mimetypes.guess_extension(content_type) or ".bin")
        out.append(Attachment(str(filename), content_type, data, inline_image=is_image and disposition == "inline"))
    return out


# ---------------------------------------------------------------- dates in text

def parse_uk_dates(text: str) -> list[dt.date]:
    """Every date written in the text, in order: '12 June 2014', '12th of June 2014', '12/06/2014' (day first)."""
    return [day for _, _, day in find_dates(text)]


# ---------------------------------------------------------------- classifying


@dataclass
class Classification:
    event: Optional[str]  # None: nothing the text shows for sure
    evidence: str = ""
    until: Optional[dt.date] = None
    problem: Optional[str] = None


def _rx(*patterns: str) -> list[re.Pattern]:
    return [re.compile(p, re.I) for p in patterns]


FEE_PHRASES = _rx(r"\bfees? notice\b", r"\bfee of £\s?\d", r"\bcharge of £\s?\d")
FEE_NEGATIONS = _rx(r"\bno (?:fee|charge)\b", r"\bfree of charge\b")
EXTENSION_PHRASES = _rx(
    r"\bextend(?:ing|ed)? the (?:time|deadline|response)",
    r"\bextension\b",
    r"\bpublic interest test\b",
    r"\b(?:additional|further|more) time to consider\b",
)
CLARIFY_PHRASES = _rx(r"\bclarif(?:y|ication)\b", r"\bconfirm which\b")
CLARIFY_ASKING = _rx(r"\bplease\b", r"\bcould you\b", r"\bcan you\b", r"\bwould you\b", r"\bkindly\b",
                     r"\bwe (?:need|require)\b", r"\?\s*$", r"\bin order to\b")
CLARIFY_OFFER = _rx(r"\bif you (?:have any|need|would like|require|want)\b", r"\bfollowing your clarification\b",
                    r"\bthank you for (?:your|the) clarification\b")
RESPONSE_STRONG = _rx(
    r"\bplease find (?:attached|enclosed) (?:is )?(?:our|my|the|a|your) (?:full |formal )?(?:response|reply|answer|information|disclosure|decision)",
    r"\bthe information (?:that )?you (?:have )?requested\b",
    r"\b(?:is|are) (?:provided|set out|shown|detailed|given) below\b",
    r"\bdoes not hold (?:the|any|this|that) information\b",
    r"\binformation (?:you requested )?is not held\b",
    r"\bneither confirms? nor denies?\b",
    r"\bwe are (?:able|unable|not able) to (?:provide|disclose)\b",
)
RESPONSE_WEAK = _rx(
    r"\b(?:i|we) can confirm\b",
    r"\bin response to your (?:freedom of information |foi |)request\b",
    r"\b(?:our|my|the) (?:response|reply) to your (?:freedom of information |foi |)request\b",
)
FUTURE = _rx(r"\bwill\b", r"\baim\b", r"\bendeavour\b", r"\bshall\b")
ACK_PHRASES = _rx(
    r"\b(?:we|i) (?:have )?received your (?:e-?mail|request|foi|freedom|letter|correspondence)",
    r"\backnowledge(?:s|d)? (?:the )?receipt\b",
    r"\backnowledg(?:e|ement of|ing) your (?:request|e-?mail|foi)\b",
    r"\backnowledgement\b",
    r"\bwill respond (?:by|within|no later|to you by)\b",
    r"\byour request (?:has been|was) (?:received|logged)\b",
    r"\bhas been logged\b",
)


def _sentences(text: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(£])", block):
            sentence = " ".join(sentence.split())
            if sentence:
                out.append(sentence)
    return out


def _any(patterns: list[re.Pattern], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def classify(subject: str, text: str, attached: list[Attachment], date: Optional[dt.date]) -> Classification:
    """What a force's message says happened, with the sentence that shows it.

    In order: fee notice; extension (with the new date); a request for clarification; a response
    (a disclosure phrase); an acknowledgement; a response shown only by an attached document.
    """
    sentences = ([subject] if subject else []) + _sentences(text)
    found: dict[str, str] = {}
    until: Optional[dt.date] = None
    extension_without_date: Optional[str] = None
    for i, s in enumerate(sentences):
        is_ack = _any(ACK_PHRASES, s)
        if _any(FEE_PHRASES, s) and not _any(FEE_NEGATIONS, s):
            found.setdefault("fee-notice", s)
        if _any(EXTENSION_PHRASES, s) and "extended" not in found:
            window = s + " " + (sentences[i + 1] if i + 1 < len(sentences) else "")
            later = [d for d in parse_uk_dates(window) if date is None or d > date]
            if later:
                found["extended"] = s
                until = later[0]
            elif re.search(r"\bextend|\bextension\b|\b(?:further|additional|more) time\b", s, re.I):
                extension_without_date = extension_without_date or s
        if _any(CLARIFY_PHRASES, s) and _any(CLARIFY_ASKING, s) and not _any(CLARIFY_OFFER, s):
            found.setdefault("clarification-requested", s)
        if _any(RESPONSE_STRONG, s):
            found.setdefault("responded", s)
        elif _any(RESPONSE_WEAK, s) and not is_ack and not _any(FUTURE, s) and not _any(CLARIFY_PHRASES, s):
            found.setdefault("responded", s)
        if is_ack:
            found.setdefault("acknowledged", s)
    for kind in ("fee-notice", "extended", "clarification-requested", "responded", "acknowledged"):
        if kind in found:
            return Classification(kind, found[kind][:400], until if kind == "extended" else None)
    documents = [a for a in attached if a.is_document]
    if documents:
        return Classification("responded", f"attached: {', '.join(a.filename for a in documents)}"[:400])
    if extension_without_date:
        return Classification(
            None, extension_without_date[:400],
            problem="it mentions an extension but no new date: record it with `foi log SLUG FORCE extended --until D`",
        )
    return Classification(None, problem="nothing in it says acknowledged, responded, clarification, extension or fee")


# ---------------------------------------------------------------- references


_REF_LABEL = re.compile(
    r"\b(?:(?:our|your|force|foi|foia|foisa)\s+)?(?:ref(?:erence)?|request\s+(?:no|number|ref(?:erence)?))"
    r"\s*(?:no|number|num)?\.?\s*[:#]\s*"
    r"|\b(?:our|your)\s+ref(?:erence)?\.?\s+"
    r"|\bfoi(?:a|sa)?\s+(?:ref(?:erence)?\s+)?(?=[A-Za-z]{0,6}[\s/-]?\d)",
    re.I,
)
_REF_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]*[A-Za-z0-9]")


def find_reference(text: str) -> Optional[str]:
    """A force's reference number as written after 'Our ref:', 'Reference:', 'FOI ...' (with a digit in it)."""
    text = TOKEN_RE.sub(" ", text)
    for label in _REF_LABEL.finditer(text):
        m = _REF_VALUE.match(text, label.end())
        if m and re.search(r"\d", m.group(0)) and len(m.group(0)) >= 3:
            value = m.group(0)
            if parse_uk_dates(value) and re.fullmatch(r"[\d/.-]+", value):
                continue  # a date, not a reference
            return value
    return None


def _ref_pattern(ref: str) -> Optional[re.Pattern]:
    chunks = re.findall(r"[A-Za-z0-9]+", ref)
    joined = "".join(chunks)
    if sum(c.isdigit() for c in joined) < 3 or len(joined) < 4 or re.fullmatch(r"(?:19|20)\d\d", joined):
        return None  # too short (or a year) to find in a text without false matches
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s/._-]*".join(map(re.escape, chunks)) + r"(?![A-Za-z0-9])", re.I)


def _ref_patterns(ref: str) -> list[re.Pattern]:
    out = [_ref_pattern(ref)]
    m = re.match(r"(?i)\s*(?:foi(?:a|sa)?|ref)[\s/_-]*(.+)", ref)
    if m:
        out.append(_ref_pattern(m.group(1)))
    return [p for p in out if p is not None]


# ---------------------------------------------------------------- matching


def _norm_title(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower().strip()


class _Index:
    """What is known in the workspace to match a message to a case."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.requests = {r.slug: r for r in ws.requests()}
        self.histories: dict[str, list[Event]] = {slug: read_events(ws.log_path(slug)) for slug in self.requests}
        self.by_msgid: dict[str, set[tuple[str, str]]] = {}
        self.refs: dict[tuple[str, str], list[re.Pattern]] = {}
        self.ref_texts: dict[tuple[str, str], set[str]] = {}
        self.by_token: dict[str, tuple[str, str]] = {}
        for slug, request in self.requests.items():
            for force_id in request.recipients:
                self.by_token[case_token(slug, force_id)] = (slug, force_id)
            for e in self.histories[slug]:
                self.learn(slug, e)
        self.domains: dict[str, set[str]] = {}
        for force_id, address in force_addresses(ws).items():
            if address:
                self.domains.setdefault(_domain(address), set()).add(force_id)
            host = urlparse(forces.all_forces()[force_id].homepage).hostname or ""
            host = host[4:] if host.startswith("www.") else host
            if host:
                self.domains.setdefault(host.lower(), set()).add(force_id)

    def learn(self, slug: str, e: Event) -> None:
        case = (slug, e.force)
        if e.extra.get("message_id"):
            self.by_msgid.setdefault(norm_msgid(e.extra["message_id"]), set()).add(case)
        if e.ref and e.ref not in self.ref_texts.setdefault(case, set()):
            self.ref_texts[case].add(e.ref)
            self.refs.setdefault(case, []).extend(_ref_patterns(e.ref))

    def case_history(self, slug: str, force_id: str) -> list[Event]:
        return [e for e in self.histories[slug] if e.force == force_id]

    def match(self, views: list[_View]) -> tuple[Optional[tuple[str, str]], str, str]:
        """(case, how, why not): by Message-ID, token, reference, or sender domain and title.

        When the In-Reply-To/References and the subject's token name different cases, anyone could
        have put either there: it is reported as a conflict and matched to neither."""
        replied = tokened = None
        for view in views:
            for msgid in list(view.in_reply_to) + list(reversed(view.references)):
                found = self.by_msgid.get(norm_msgid(msgid))
                if found and len(found) == 1 and replied is None:
                    replied = next(iter(found))
        for view in views:
            for token in TOKEN_RE.findall(view.subject):
                if token.lower() in self.by_token and tokened is None:
                    tokened = self.by_token[token.lower()]
        if replied and tokened and replied != tokened:
            domain = _domain(views[0].sender) or "?"
            owner = ", ".join(sorted(self.domains.get(domain, ()))) or "no force"
            return None, "", (
                f"conflict: it replies to the request sent to {replied[1]} ({replied[0]}) but its subject carries"
                f" the token of {tokened[1]} ({tokened[0]}), from '{domain}' ({owner}'s domain): matched to neither"
            )
        if replied:
            return replied, "in-reply-to", ""
        if tokened:
            return tokened, "token", ""
        for view in views:
            haystack = f"{view.subject}\n{view.text}"
            hits = {case for case, patterns in self.refs.items() if any(p.search(haystack) for p in patterns)}
            if len(hits) == 1:
                return next(iter(hits)), "reference", ""
            if len(hits) > 1:
                return None, "", f"its reference matches {len(hits)} cases"
        view = views[0]
        domain = _domain(view.sender)
        owners = self.domains.get(domain, set())
        if len(owners) != 1:
            return None, "", (
                f"no recorded Message-ID, [foi:...] token or force reference in it, and the sender's domain"
                f" '{domain or '?'}' is not a force's"
            )
        force_id = next(iter(owners))
        subject = _norm_title(view.subject)
        titled = [
            slug for slug, request in self.requests.items()
            if force_id in request.recipients and _norm_title(request.title) and _norm_title(request.title) in subject
        ]
        if len(titled) == 1:
            return (titled[0], force_id), "sender-and-title", ""
        return None, "", (
            f"it comes from {forces.get_force(force_id).name}'s domain but its subject names"
            f" {'no request' if not titled else str(len(titled)) + ' requests'} sent to it"
        )


@dataclass
class ImportedMessage:
    source: str
    subject: str
    sender: str
    date: Optional[str]
    message_id: str
    status: str = "unmatched"  # recorded | already-imported | unmatched | refused | unclassified | from-you | unreadable | failed
    request: Optional[str] = None
    force: Optional[str] = None
    matched_by: Optional[str] = None  # in-reply-to | token | reference | sender-and-title
    reason: Optional[str] = None  # why unmatched, refused or unclassified
    event: Optional[str] = None
    until: Optional[str] = None
    ref: Optional[str] = None
    evidence: Optional[str] = None
    files: list[str] = field(default_factory=list)
    new_files: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    messages: list[ImportedMessage] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for m in self.messages if m.status == status)

    @property
    def recorded(self) -> list[ImportedMessage]:
        return [m for m in self.messages if m.status == "recorded"]

    @property
    def unmatched(self) -> list[ImportedMessage]:
        return [m for m in self.messages if m.status == "unmatched"]

    def to_json(self) -> list[dict]:
        return [asdict(m) for m in self.messages]

    def sentence(self) -> str:
        parts = [f"{len(self.messages)} message{'s' if len(self.messages) != 1 else ''}"]
        for status in ("recorded", "already-imported", "unclassified", "refused", "unmatched", "from-you", "unreadable", "failed"):
            n = self.count(status)
            if n:
                parts.append(f"{n} {status}")
        files = sum(len(m.new_files) for m in self.messages)
        parts.append(f"{files} new file{'s' if files != 1 else ''} stored")
        return ", ".join(parts)


def read_mail(paths: Iterable[str | Path]) -> list[tuple[str, bytes]]:
    """(where, raw bytes) of every message in the .eml files, mbox files and Maildir folders given."""
    out: list[tuple[str, bytes]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise FoiError(f"{path}: no such file or folder")
        if path.is_dir():
            if (path / "cur").is_dir() and (path / "new").is_dir():
                box = mailbox.Maildir(str(path), factory=None, create=False)
                out.extend((f"{path}/{key}", box.get_bytes(key)) for key in sorted(box.keys()))
                continue
            files = sorted(p for p in path.rglob("*.eml") if p.is_file())
            if not files:
                raise FoiError(f"{path}: neither a Maildir (with cur/ and new/) nor a folder of .eml files")
            out.extend((str(p), p.read_bytes()) for p in files)
            continue
        with open(path, "rb") as f:
            head = f.read(5)
        if head == b"From ":
            box = mailbox.mbox(str(path), factory=None, create=False)
            out.extend((f"{path}#{n}", box.get_bytes(key)) for n, key in enumerate(box.keys(), 1))
            continue
        data = path.read_bytes()
        msg = email.message_from_bytes(data, policy=email.policy.default)
        if not any(msg[h] for h in ("From", "Subject", "Date", "Message-ID")):
            raise FoiError(f"{path}: not an email (.eml), an mbox file or a Maildir folder")
        out.append((str(path), data))
    return out


@dataclass
class _Parsed:
    order: int
    source: str
    raw: bytes
    views: list[_View]  # the forwarded message first, if any, then the message itself
    attachments: list[Attachment]
    message_id: str  # for idempotence: the inner message's if it has one
    ids: set[str]  # every id that means "this message"

    @property
    def main(self) -> _View:
        return self.views[0]

    @property
    def date(self) -> Optional[dt.date]:
        return self.views[0].date or self.views[-1].date


def _parse(order: int, source: str, raw: bytes) -> _Parsed:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    outer = _view_of(msg)
    inner = _forwarded(msg, outer)
    views = [inner, outer] if inner else [outer]
    message_id = (inner.message_id if inner and inner.message_id else None) or outer.message_id
    if not message_id:
        message_id = f"sha256-{sha256_bytes(raw)[:32]}@foi.invalid"
    ids = {norm_msgid(message_id)} | ({norm_msgid(outer.message_id)} if outer.message_id else set())
    return _Parsed(order, source, raw, views, attachments(msg), f"<{norm_msgid(message_id)}>", ids)


def _without_request_lines(text: str, request: Request) -> str:
    """Drop lines that are the request's own text quoted back (they say nothing about the reply)."""
    own = {" ".join(l.split()).casefold() for l in request.body.splitlines() if len(l.strip()) >= 20}
    return "\n".join(l for l in text.splitlines() if " ".join(l.split()).casefold() not in own)


def import_mail(ws: Workspace, paths: Iterable[str | Path], today: Optional[dt.date] = None,
                progress: Optional[Progress] = None) -> ImportReport:
    """Read replies, match them to cases, store them and their attachments, record what they show."""
    today = today or dt.date.today()
    raw_messages = read_mail(paths)
    parsed: list[_Parsed] = []
    report = ImportReport()
    for n, (source, raw) in enumerate(raw_messages):
        try:
            parsed.append(_parse(n, source, raw))
        except Exception as e:  # RecursionError from MIME nested thousands deep, too
            # One mangled message must not stop the import of the others.
            report.messages.append(ImportedMessage(
                source=source, subject="", sender="", date=None, message_id="", status="unreadable",
                reason=f"the message cannot be parsed ({type(e).__name__}: {' '.join(str(e).split())[:200]})",
            ))
    # Oldest first: a case's events must be recorded in date order.
    parsed.sort(key=lambda p: (p.date or dt.date.max, p.order))
    index = _Index(ws)
    requester = _optional_requester(ws)
    total = len(parsed)
    if progress:
        progress(0, total)
    for done, p in enumerate(parsed, 1):
        item = ImportedMessage(
            source=p.source,
            subject=p.main.subject,
            sender=p.main.sender,
            date=p.date.isoformat() if p.date else None,
            message_id=p.message_id,
        )
        report.messages.append(item)
        try:
            _import_one(ws, index, requester, p, item, today)
        except Exception as e:  # one message that cannot be stored or recorded must not stop the rest
            item.status = "failed"
            item.reason = f"it could not be imported ({type(e).__name__}: {' '.join(str(e).split())[:200]})"
        finally:
            if progress:
                progress(done, total)
    return report


def _import_one(ws: Workspace, index: _Index, requester: Optional[Requester], p: _Parsed,
                item: ImportedMessage, today: dt.date) -> None:
    if requester and p.main.sender == requester.email.lower():
        item.status, item.reason = "from-you", "sent by the requester, not by a force"
        return
    own = [next(iter(index.by_msgid[i])) for i in p.ids if len(index.by_msgid.get(i, ())) == 1]
    if own:
        case, how, why = own[0], "message-id", ""
    else:
        case, how, why = index.match(p.views)
    if case is None:
        item.status, item.reason = "unmatched", why
        return
    slug, force_id = case
    item.request, item.force, item.matched_by = slug, force_id, how
    request = index.requests[slug]

    # Store the message and its attachments first: a refused event still leaves the documents.
    folder = ws.responses_dir / slug / force_id
    day = p.date.isoformat() if p.date else "undated"
    stored = [store_bytes(folder, a.filename, a.data) for a in p.attachments]
    stored.append(store_bytes(folder, f"{day}-{sha256_bytes(p.message_id.encode())[:8]}.eml", p.raw))
    for s in stored:
        rel = str(s.path.relative_to(ws.root))
        item.files.append(rel)
        if s.new:
            item.new_files.append(rel)

    history = index.case_history(slug, force_id)
    known = {norm_msgid(e.extra["message_id"]) for e in history if e.extra.get("message_id")}
    if p.ids & known:
        item.status, item.reason = "already-imported", "its Message-ID is already in the case's history"
        return
    if p.date is None:
        item.status, item.reason = "unclassified", "it has no Date header: record what it says with `foi log`"
        return
    text = _without_request_lines(p.main.own, request)
    subject = " ".join(TOKEN_RE.sub(" ", p.main.subject).replace(request.title, " ").split())
    verdict = classify(subject, text, p.attachments, p.date)
    item.evidence = verdict.evidence or None
    ref = find_reference(f"{subject}\n{text}")
    if verdict.event is None:
        item.status, item.reason = "unclassified", verdict.problem
        return
    kind = verdict.event
    state = cases.replay(slug, force_id, cases.force_law(force_id), history, p.date).state
    if kind == "responded" and state == "internal-review":
        kind = "review-responded"
    current_refs = index.ref_texts.get(case, set())
    event = Event(
        date=p.date,
        force=force_id,
        event=kind,
        until=verdict.until,
        ref=ref if ref and ref not in current_refs else None,
        extra={"message_id": p.message_id, "evidence": verdict.evidence, "source": "email",
               "sender_domain": _domain(p.main.sender) or "unknown"},
    )
    try:
        written = cases.record_events(
            ws, request, [event], today=today,
            skip_if=lambda e, h: bool(p.ids & {norm_msgid(x.extra.get("message_id", "")) for x in h}),
        )
    except FoiError as e:
        item.status, item.reason, item.event = "refused", str(e), kind
        return
    if not written:
        item.status, item.reason = "already-imported", "its Message-ID is already in the case's history"
        return
    for e in written:
        index.histories[slug].append(e)
        index.learn(slug, e)
    item.status, item.event = "recorded", kind
    item.until = verdict.until.isoformat() if verdict.until else None
    item.ref = event.ref
