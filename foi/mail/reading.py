"""Reading messages: the .eml files, mbox files and Maildir folders given, each message's text
(its plain body, else its HTML as text), the reply's own part without the quoted original, the
message forwarded inside it (attached, or inline after '---------- Forwarded message'), and its
attached files (not inline logos).
"""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import mailbox
import mimetypes
import re
from dataclasses import dataclass, field
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Optional

from ..documents.store import sha256_bytes
from ..errors import FoiError
from ..dates import parse_uk_dates
from .settings import EMAIL_RE, UK


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
class MessageView:
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
    found = EMAIL_RE.findall(str(value or ""))
    address = parseaddr(str(value or ""))[1] or (found[0] if found else "")
    return address.strip().lower()


def _view_of(msg) -> MessageView:
    text = body_text(msg)
    try:
        subject = str(msg["Subject"] or "")
    except Exception:  # a header too broken to parse is only a missing subject here
        subject = ""
    return MessageView(
        sender=_sender(msg["From"]),
        subject=" ".join(subject.split()),
        date=_header_date(msg),
        message_id=norm_msgid(msg["Message-ID"]) if msg["Message-ID"] else None,
        in_reply_to=_ids(msg["In-Reply-To"]),
        references=_ids(msg["References"]),
        text=text,
        own=own_text(text),
    )


def _inline_forward(text: str) -> Optional[MessageView]:
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
    return MessageView(
        sender=_sender(headers["from"]),
        subject=" ".join(headers.get("subject", "").split()),
        date=day,
        text=inner_text,
        own=own_text(inner_text),
    )


_FWD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|fw)\s*:", re.I)


def _forwarded(msg, outer: MessageView) -> Optional[MessageView]:
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
            mbox = mailbox.mbox(str(path), factory=None, create=False)
            out.extend((f"{path}#{n}", mbox.get_bytes(key)) for n, key in enumerate(mbox.keys(), 1))
            continue
        data = path.read_bytes()
        msg = email.message_from_bytes(data, policy=email.policy.default)
        if not any(msg[h] for h in ("From", "Subject", "Date", "Message-ID")):
            raise FoiError(f"{path}: not an email (.eml), an mbox file or a Maildir folder")
        out.append((str(path), data))
    return out


@dataclass
class ParsedMessage:
    """A message as importing sees it: what matching and classifying look at, its files and its ids."""

    order: int
    source: str
    raw: bytes
    views: list[MessageView]  # the forwarded message first, if any, then the message itself
    attachments: list[Attachment]
    message_id: str  # for idempotence: the inner message's if it has one
    ids: set[str]  # every id that means "this message"

    @property
    def main(self) -> MessageView:
        return self.views[0]

    @property
    def date(self) -> Optional[dt.date]:
        return self.views[0].date or self.views[-1].date


def parse_message(order: int, source: str, raw: bytes) -> ParsedMessage:
    """The `order`th message read, from `source`; one without a Message-ID is named by its hash."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    outer = _view_of(msg)
    inner = _forwarded(msg, outer)
    views = [inner, outer] if inner else [outer]
    message_id = (inner.message_id if inner and inner.message_id else None) or outer.message_id
    if not message_id:
        message_id = f"sha256-{sha256_bytes(raw)[:32]}@foi.invalid"
    ids = {norm_msgid(message_id)} | ({norm_msgid(outer.message_id)} if outer.message_id else set())
    return ParsedMessage(order, source, raw, views, attachments(msg), f"<{norm_msgid(message_id)}>", ids)

