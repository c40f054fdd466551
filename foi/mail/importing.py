"""Importing replies: each message is matched to a case by, in order, its In-Reply-To/References
against the Message-IDs recorded in the logs; the subject token; a force's reference number already
recorded on a case; the sender's domain being exactly one force's AND the subject naming exactly one
request sent to it. Anything else is reported as unmatched, never guessed. A forwarded reply is
matched on the message inside. The message and its attachments are stored under
responses/<slug>/<force>/, and the event its text shows is recorded with the sentence that shows it
and its Message-ID, so importing the same mailbox twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import urlparse

from .. import cases, forces
from ..documents.store import sha256_bytes, store_bytes
from ..errors import FoiError
from ..workspace import Event, Request, Workspace, read_events
from .classifying import classify, find_reference, reference_patterns
from .composing import TOKEN_RE, case_token
from .reading import MessageView, ParsedMessage, norm_msgid, parse_message, read_mail
from .settings import Progress, Requester, force_addresses, optional_requester


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
            self.refs.setdefault(case, []).extend(reference_patterns(e.ref))

    def case_history(self, slug: str, force_id: str) -> list[Event]:
        return [e for e in self.histories[slug] if e.force == force_id]

    def match(self, views: list[MessageView]) -> tuple[Optional[tuple[str, str]], str, str]:
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
    """One message read: where from, the case it was matched to, and what was recorded or why not."""

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
    """What `import_mail` did with each message it read, in the order it took them (oldest first)."""

    messages: list[ImportedMessage] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for m in self.messages if m.status == status)

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


def _without_request_lines(text: str, request: Request) -> str:
    """Drop lines that are the request's own text quoted back (they say nothing about the reply)."""
    own = {" ".join(l.split()).casefold() for l in request.body.splitlines() if len(l.strip()) >= 20}
    return "\n".join(l for l in text.splitlines() if " ".join(l.split()).casefold() not in own)


def import_mail(ws: Workspace, paths: Iterable[str | Path], today: Optional[dt.date] = None,
                progress: Optional[Progress] = None) -> ImportReport:
    """Read replies, match them to cases, store them and their attachments, record what they show."""
    today = today or dt.date.today()
    raw_messages = read_mail(paths)
    parsed: list[ParsedMessage] = []
    report = ImportReport()
    for n, (source, raw) in enumerate(raw_messages):
        try:
            parsed.append(parse_message(n, source, raw))
        except Exception as e:  # RecursionError from MIME nested thousands deep, too
            # One mangled message must not stop the import of the others.
            report.messages.append(ImportedMessage(
                source=source, subject="", sender="", date=None, message_id="", status="unreadable",
                reason=f"the message cannot be parsed ({type(e).__name__}: {' '.join(str(e).split())[:200]})",
            ))
    # Oldest first: a case's events must be recorded in date order.
    parsed.sort(key=lambda p: (p.date or dt.date.max, p.order))
    index = _Index(ws)
    requester = optional_requester(ws)
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


def _import_one(ws: Workspace, index: _Index, requester: Optional[Requester], p: ParsedMessage,
                item: ImportedMessage, today: dt.date) -> None:
    if requester and p.main.sender == requester.email.lower():
        item.status, item.reason = "from-you", "sent by the requester, not by a force"
        return
    own = [next(iter(index.by_msgid[i])) for i in p.ids if len(index.by_msgid.get(i, ())) == 1]
    case: Optional[tuple[str, str]]
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
    for recorded in written:
        index.histories[slug].append(recorded)
        index.learn(slug, recorded)
    item.status, item.event = "recorded", kind
    item.until = verdict.until.isoformat() if verdict.until else None
    item.ref = event.ref
