"""Composing letters: the request to a force as an RFC 5322 message, with the per-case token
`[foi:0123456789]` in its subject so that replies find their way back, and the pieces the
reminders and review requests are written with (the law's name, the sign-off, the wrapping).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import textwrap
from email.message import EmailMessage
from email.utils import formataddr, format_datetime, make_msgid
from typing import Optional

from .. import deadlines, forces
from ..workspace import Request, Workspace
from .settings import UK, Requester, recipient_addresses

LAW_NAMES = {
    deadlines.FOIA: "Freedom of Information Act 2000",
    deadlines.FOISA: "Freedom of Information (Scotland) Act 2002",
}
REGULATOR = {
    deadlines.FOIA: "the Information Commissioner",
    deadlines.FOISA: "the Scottish Information Commissioner",
}


def long_date(day: dt.date) -> str:
    """'8 April 2014', as a letter gives a date."""
    return f"{day.day} {day:%B %Y}"


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


def sign_off(requester: Requester) -> str:
    """'Yours faithfully,', the requester's name and postal address."""
    lines = ["Yours faithfully,", "", requester.name]
    if requester.address:
        lines += [line.rstrip() for line in requester.address.splitlines() if line.strip()]
    return "\n".join(lines)


def wrap_paragraphs(parts: list[str]) -> str:
    """Paragraphs separated by blank lines, each one-line paragraph wrapped at 72 characters."""
    out = []
    for part in parts:
        if "\n" in part:
            out.append(part)
        else:
            out.append(textwrap.fill(part, 72, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(out) + "\n"


def compose_message(requester: Requester, force: forces.Force, address: str, subject: str, text: str,
                    date: Optional[dt.date], in_reply_to: Optional[str] = None) -> EmailMessage:
    """A letter from the requester to the force, dated `date` (now when today), replying to `in_reply_to`."""
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
    text = f"Dear {force.name},\n\n{_request_text(request.body, law)}\n\n{sign_off(requester)}\n"
    return compose_message(requester, force, address, request_subject(request, force.id), text, date)

