"""Email: sending requests through a real SMTP server on localhost, importing replies from real
mailboxes (mbox, Maildir, .eml), chasing overdue cases and asking for internal reviews."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import io
import json
import mailbox
import re
import secrets
import socket
import sqlite3
import textwrap
import threading
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from typer.testing import CliRunner

from foi import deadlines, forces, mail
from foi.mail.classifying import classify, find_reference
from foi.dates import parse_uk_dates
from foi.mail.reading import Attachment
from foi.cli import app
from foi.errors import FoiError
from foi.workspace import init_workspace, read_events

D = dt.date.fromisoformat
SENT = "2014-04-08"
SMTP_USER = "journalist"
REQUESTER = {"name": "A. N. Example", "email": "requester@example.org", "address": "1 Example Street\nExampletown EX1 1EX"}
TITLE = "Officers investigated for obscene images"
REQUEST_YAML = textwrap.dedent(
    f"""\
    title: {TITLE}
    body: |
      Dear Freedom of Information Officer,

      Please provide, for each calendar year since 2006, the number of officers investigated
      for possessing or sharing obscene images, under the Freedom of Information Act 2000.
    to: [{{to}}]
    periods: calendar-year
    """
)
GLOUCESTERSHIRE = "foi-requests@gloucestershire.example"

runner = CliRunner()


def invoke(ws, *args):
    return runner.invoke(app, ["-w", str(ws.root), *[str(a) for a in args]])


def content(msg) -> str:
    return msg.get_content().replace("\r\n", "\n")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# ---------------------------------------------------------------- a real SMTP server


class Collector:
    """An aiosmtpd handler that keeps every message and can refuse chosen recipients."""

    def __init__(self):
        self.messages: list[SimpleNamespace] = []
        self.reject: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(
                SimpleNamespace(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    message=msg,
                    raw=envelope.content,
                    authenticated=session.authenticated,
                )
            )
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def password():
    return "pw-" + secrets.token_hex(12)


@pytest.fixture
def smtp_server(password):
    collector = Collector()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == SMTP_USER.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    port = free_port()
    controller = Controller(
        collector, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    server = SimpleNamespace(port=port, address=f"127.0.0.1:{port}", collector=collector, controller=controller)
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def no_foi_environment(clean_env):
    """Every test here runs without foi's environment variables (conftest's clean_env)."""


def make_workspace(root: Path, to: str, smtp_port: int | None = None, overrides: bool = True):
    ws, _ = init_workspace(root)
    ws.request_path("images").write_text(REQUEST_YAML.format(to=to), encoding="utf-8")
    config = {"requester": REQUESTER}
    if smtp_port:
        config["smtp"] = {"host": "127.0.0.1", "port": smtp_port, "starttls": False, "user": SMTP_USER}
    (ws.root / "foi.local.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    if overrides:
        (ws.root / "forces.yml").write_text(f"gloucestershire:\n  foi_email: {GLOUCESTERSHIRE}\n", encoding="utf-8")
    return ws


@pytest.fixture
def territorial(tmp_path, smtp_server, password, monkeypatch):
    """A workspace whose request goes to the 45 territorial forces, with the SMTP password in the environment."""
    monkeypatch.setenv("FOI_SMTP_PASSWORD", password)
    return make_workspace(tmp_path / "ws", "territorial", smtp_server.port)


def expected_address(force_id: str) -> str:
    return GLOUCESTERSHIRE if force_id == "gloucestershire" else forces.get_force(force_id).foi_email


def sent_events(ws) -> dict[str, object]:
    return {e.force: e for e in read_events(ws.log_path("images")) if e.event == "sent"}


def files_under(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- sending


def test_send_to_45_forces_through_smtp(territorial, smtp_server, password, tmp_path):
    ws = territorial
    recipients = forces.resolve(["territorial"])
    assert len(recipients) == 45

    # Gloucestershire has no address in forces.csv: refused before anything is sent.
    (ws.root / "forces.yml").unlink()
    result = invoke(ws, "send", "images", "--smtp", smtp_server.address, "--date", SENT)
    assert result.exit_code == 1
    assert "gloucestershire" in result.output and "forces.yml" in result.output
    assert "Traceback" not in result.output
    assert smtp_server.collector.messages == []
    assert not sent_events(ws)

    (ws.root / "forces.yml").write_text(f"gloucestershire:\n  foi_email: {GLOUCESTERSHIRE}\n", encoding="utf-8")
    result = invoke(ws, "send", "images", "--smtp", smtp_server.address, "--date", SENT)
    assert result.exit_code == 0, result.output
    assert "sent to 45 forces" in result.output

    received = smtp_server.collector.messages
    assert len(received) == 45
    by_force = {}
    for item in received:
        msg = item.message
        to = parseaddr(str(msg["To"]))[1]
        force_id = next(f for f in recipients if expected_address(f).lower() == to.lower())
        by_force[force_id] = msg
        assert item.rcpt_tos == [to]
        assert item.mail_from == REQUESTER["email"]
        assert item.authenticated  # logged in with the password from FOI_SMTP_PASSWORD
        force = forces.get_force(force_id)
        assert parseaddr(str(msg["From"])) == (REQUESTER["name"], REQUESTER["email"])
        token = re.search(r"\[foi:([0-9a-f]{10})\]$", str(msg["Subject"])).group(1)
        assert token == mail.case_token("images", force_id)
        assert str(msg["Subject"]).startswith(f"Freedom of Information request: {TITLE} ")
        body = content(msg)
        assert body.startswith(f"Dear {force.name},\n")
        assert "Freedom of Information Officer" not in body  # the body's own salutation is replaced
        assert "Please provide, for each calendar year since 2006" in body
        assert body.rstrip().endswith("Exampletown EX1 1EX")
        assert REQUESTER["name"] in body
        assert str(msg["Message-ID"]).strip().endswith("@example.org>")
        assert email.utils.parsedate_to_datetime(str(msg["Date"])).date() == D(SENT)
        if force.law == "FOISA":
            assert "Freedom of Information (Scotland) Act 2002" in body
            assert "Freedom of Information Act 2000" not in body
        else:
            assert "Freedom of Information Act 2000" in body
    assert set(by_force) == set(recipients)
    assert len({mail.case_token("images", f) for f in recipients}) == 45

    events = sent_events(ws)
    assert set(events) == set(recipients)
    for force_id, e in events.items():
        assert e.date == D(SENT)
        assert e.extra["message_id"] == str(by_force[force_id]["Message-ID"]).strip()
        assert e.extra["subject_token"] == mail.case_token("images", force_id)

    # The password is nowhere on disk: not in the workspace, the log, the database.
    assert invoke(ws, "build").exit_code == 0
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path

    # Sending again sends nothing.
    result = invoke(ws, "send", "images", "--smtp", smtp_server.address)
    assert result.exit_code == 0 and "nothing to send" in result.output
    assert len(smtp_server.collector.messages) == 45


def test_failure_half_way_then_a_rerun_sends_only_the_rest(territorial, smtp_server):
    ws = territorial
    recipients = forces.resolve(["territorial"])
    refused = set(recipients[len(recipients) // 2:])
    smtp_server.collector.reject = {expected_address(f).lower() for f in refused}

    result = invoke(ws, "send", "images", "--smtp", smtp_server.address, "--date", SENT)
    assert result.exit_code == 1
    assert f"failed for {len(refused)} forces" in result.output
    assert "550" in result.output and "Traceback" not in result.output
    first = smtp_server.collector.messages[:]
    assert len(first) == len(recipients) - len(refused)
    assert set(sent_events(ws)) == set(recipients) - refused

    smtp_server.collector.reject = set()
    result = invoke(ws, "send", "images", "--smtp", smtp_server.address, "--date", SENT, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["sent"]) == refused
    assert set(report["already_sent"]) == set(recipients) - refused
    second = smtp_server.collector.messages[len(first):]
    assert {parseaddr(str(m.message["To"]))[1].lower() for m in second} == {expected_address(f).lower() for f in refused}
    all_to = [parseaddr(str(m.message["To"]))[1].lower() for m in smtp_server.collector.messages]
    assert len(all_to) == len(set(all_to)) == 45  # nobody got it twice
    assert set(sent_events(ws)) == set(recipients)


def test_unreachable_server_sends_and_records_nothing(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path / "ws", "kent, essex, police-scotland")
    port = free_port()  # nothing listens there
    result = invoke(ws, "send", "images", "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert "cannot reach the SMTP server" in result.output and "failed for 3 forces" in result.output
    assert "Traceback" not in result.output
    assert not sent_events(ws)


def test_eml_dir_writes_parseable_messages(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path / "ws", "kent, police-scotland, gloucestershire")
    monkeypatch.setenv("FOI_FROM_NAME", "B. Overridden")
    out = tmp_path / "outbox"
    result = invoke(ws, "send", "images", "--eml-dir", out, "--date", SENT)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"images--{f}.eml" for f in ("kent", "police-scotland", "gloucestershire"))
    events = sent_events(ws)
    for force_id in ("kent", "police-scotland", "gloucestershire"):
        raw = (out / f"images--{force_id}.eml").read_bytes()
        assert b"\r\n" in raw  # RFC 5322 line ends
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert parseaddr(str(msg["To"]))[1] == expected_address(force_id)
        assert parseaddr(str(msg["From"])) == ("B. Overridden", REQUESTER["email"])
        assert f"[foi:{mail.case_token('images', force_id)}]" in str(msg["Subject"])
        assert content(msg).startswith(f"Dear {forces.get_force(force_id).name},")
        assert "B. Overridden" in content(msg)
        assert events[force_id].extra["message_id"] == str(msg["Message-ID"])
        assert msg["Date"] is not None and msg.defects == []
    scot = email.message_from_bytes((out / "images--police-scotland.eml").read_bytes(), policy=email.policy.default)
    assert "Freedom of Information (Scotland) Act 2002" in content(scot)


def test_dry_run_sends_writes_and_records_nothing(territorial, smtp_server, tmp_path):
    ws = territorial
    out = tmp_path / "outbox"
    result = invoke(ws, "send", "images", "--smtp", smtp_server.address, "--eml-dir", out, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["messages"]) == 45
    kent = next(m for m in report["messages"] if m["force"] == "kent")
    assert kent["to"] == forces.get_force("kent").foi_email
    assert kent["subject"].endswith(f"[foi:{mail.case_token('images', 'kent')}]")
    assert smtp_server.collector.messages == []
    assert not out.exists()
    assert not ws.log_path("images").exists()
    result = invoke(ws, "send", "images", "--smtp", smtp_server.address, "--dry-run")
    assert result.exit_code == 0 and "would send to 45 forces" in result.output
    assert f"gloucestershire <{GLOUCESTERSHIRE}>" in result.output


def test_requester_must_be_configured(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path / "ws", "kent")
    (ws.root / "foi.local.yml").unlink()
    result = invoke(ws, "send", "images", "--eml-dir", tmp_path / "out")
    assert result.exit_code == 1
    assert "foi.local.yml" in result.output and "FOI_FROM_NAME" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not sent_events(ws)
    # Recording alone (no --eml-dir, no --smtp) needs no requester, as before.
    assert invoke(ws, "send", "images", "--date", SENT).exit_code == 0
    # The environment is enough.
    ws2 = make_workspace(tmp_path / "ws2", "kent")
    (ws2.root / "foi.local.yml").unlink()
    monkeypatch.setenv("FOI_FROM_NAME", "C. Env")
    monkeypatch.setenv("FOI_FROM_EMAIL", "c.env@example.net")
    requester = mail.requester_settings(ws2)
    assert (requester.name, requester.email, requester.domain) == ("C. Env", "c.env@example.net", "example.net")


def test_forces_yml_is_checked(tmp_path):
    ws = make_workspace(tmp_path / "ws", "kent")
    (ws.root / "forces.yml").write_text("kentt:\n  foi_email: a@b.example\n", encoding="utf-8")
    with pytest.raises(FoiError, match="did you mean kent"):
        mail.force_addresses(ws)
    (ws.root / "forces.yml").write_text("kent:\n  foi_email: not-an-address\n", encoding="utf-8")
    with pytest.raises(FoiError, match="not an email address"):
        mail.force_addresses(ws)
    (ws.root / "forces.yml").write_text("kent:\n  foi_email: other@kent.example\n", encoding="utf-8")
    assert mail.force_addresses(ws)["kent"] == "other@kent.example"


# ---------------------------------------------------------------- replies


def make_pdf(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines:
        c.drawString(72, y, line)
        y -= 18
    c.showPage()
    c.save()
    return buffer.getvalue()


def reply(sender: str, subject: str, date: str, text: str | None = None, html: str | None = None,
          in_reply_to: str | None = None, attach: list[tuple[str, str, bytes]] = (), message_id: str | None = None):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = REQUESTER["email"]
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime.combine(D(date), dt.time(10, 30), tzinfo=dt.timezone.utc))
    msg["Message-ID"] = message_id or make_msgid(domain="force.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    if html is not None:
        msg.set_content(html, subtype="html")
    else:
        msg.set_content(text)
    for filename, ctype, data in attach:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def force_sender(force_id: str) -> str:
    return f"{forces.get_force(force_id).short_name} FOI <{forces.get_force(force_id).foi_email}>"


@pytest.fixture
def replied(territorial, smtp_server, tmp_path):
    """The request sent to 45 forces on 2014-04-08, and a mailbox of their replies."""
    ws = territorial
    assert invoke(ws, "send", "images", "--smtp", smtp_server.address, "--date", SENT).exit_code == 0
    sent = sent_events(ws)
    subject = {f: f"RE: Freedom of Information request: {TITLE} [foi:{mail.case_token('images', f)}]" for f in sent}
    pdf = make_pdf(["Kent Police response FOI/2014/0456", "Year Officers", "2013 12", "2014 7"])
    csv = b"year,officers\n2013,4\n2014,2\n"

    messages = {
        # kent's response first in the file: import sorts by date
        "kent-response": reply(
            "Disclosure Unit <disclosure@kent-disclosures.example>", "FOI/2014/0456 - your request", "2014-05-02",
            "Dear requester,\n\nPlease find attached our response to your request.\n\nDisclosure Unit\n",
            attach=[("FOI-2014-0456 response.pdf", "application/pdf", pdf)],
        ),
        "kent-ack": reply(
            force_sender("kent"), subject["kent"], "2014-04-09",
            "Thank you for your email. We have received your request and will respond by 9 May 2014.\n"
            "Our reference: FOI/2014/0456.\n\n> Please provide, for each calendar year since 2006\n",
            in_reply_to=sent["kent"].extra["message_id"],
        ),
        "met-ack": reply(
            force_sender("metropolitan"), f"Acknowledgement [foi:{mail.case_token('images', 'metropolitan')}]",
            "2014-04-10", "We acknowledge receipt of your request.",
        ),
        "essex-clarify": reply(
            force_sender("essex"), subject["essex"], "2014-04-15",
            "Before we can proceed, could you please clarify which years you mean?",
            in_reply_to=sent["essex"].extra["message_id"],
        ),
        "surrey-extension": reply(
            force_sender("surrey"), subject["surrey"], "2014-05-08",
            "We have received your request. We need to extend the time to consider the public interest test.\n"
            "We now aim to respond by 6 June 2014.",
            in_reply_to=sent["surrey"].extra["message_id"],
        ),
        "northumbria-fee": reply(
            force_sender("northumbria"), subject["northumbria"], "2014-04-20",
            "Please find attached a fees notice. A fee of £450 is payable before we can proceed.",
        ),
        "hampshire-too-early": reply(
            force_sender("hampshire"), subject["hampshire"], "2014-04-01", "We have received your request.",
        ),
        "newsletter": reply(
            "News <newsletter@example.com>", "Weekly digest", "2014-04-20", "Top stories this week.",
        ),
        "lancashire-inline-forward": reply(
            "News desk <desk@newsroom.example>", f"Fwd: Freedom of Information request: {TITLE}", "2014-05-07",
            "FYI, see below.\n\n---------- Forwarded message ---------\n"
            f"From: Lancashire FOI <{forces.get_force('lancashire').foi_email}>\n"
            "Date: Tue, 6 May 2014 at 10:15\n"
            f"Subject: Freedom of Information request: {TITLE}\n"
            f"To: {REQUESTER['email']}\n\n"
            "Please find attached our response to your request.\n",
            attach=[("figures.csv", "text/csv", csv)],
        ),
    }
    inner = reply(
        force_sender("west-yorkshire"), subject["west-yorkshire"], "2014-04-11",
        "We have received your request and it has been logged.",
    )
    forwarded = reply("News desk <desk@newsroom.example>", "Fwd: see below", "2014-04-12", "Forwarding this one.")
    forwarded.add_attachment(inner)
    html = reply(
        force_sender("durham"), subject["durham"], "2014-05-06",
        html="<html><head><style>.fees-notice { color: red }</style></head><body>"
        "<p>Dear requester,</p><p>I can confirm&nbsp;that the information you requested is held.</p>"
        "<script>var note = 'a fee of £450 is payable';</script>"
        "<table><tr><td>2013</td><td>3</td></tr></table></body></html>",
        in_reply_to=sent["durham"].extra["message_id"],
    )
    assert html.get_body(("plain",)) is None  # HTML only

    box_path = tmp_path / "replies.mbox"
    box = mailbox.mbox(str(box_path))
    for msg in messages.values():
        box.add(msg)
    box.flush()
    box.close()
    maildir_path = tmp_path / "Maildir"
    md = mailbox.Maildir(str(maildir_path))
    md.add(forwarded)
    md.add(html)
    md.add(messages["kent-ack"])  # the same message in two mailboxes: recorded once
    md.close()
    return SimpleNamespace(
        ws=ws, sent=sent, messages=messages, inner=inner, forwarded=forwarded, html=html, pdf=pdf, csv=csv,
        mbox=box_path, maildir=maildir_path,
    )


def status_rows(ws, as_of="2014-05-20", *extra):
    result = invoke(ws, "status", "images", "--as-of", as_of, "--json", *extra)
    assert result.exit_code == 0, result.output
    return {row["force"]: row for row in json.loads(result.output)}


def test_import_replies(replied):
    ws = replied.ws
    result = invoke(ws, "inbox", "import", replied.mbox, replied.maildir, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report) == 12
    by_id = {}
    for item in report:
        by_id.setdefault(item["message_id"], []).append(item)

    def item(msg):
        found = by_id[str(msg["Message-ID"])]
        return found[0]

    m = replied.messages
    assert item(m["kent-ack"])["matched_by"] == "in-reply-to"
    assert [i["status"] for i in by_id[str(m["kent-ack"]["Message-ID"])]] == ["recorded", "already-imported"]
    assert (item(m["kent-response"])["matched_by"], item(m["kent-response"])["event"]) == ("reference", "responded")
    assert item(m["met-ack"])["matched_by"] == "token"
    assert item(m["lancashire-inline-forward"])["matched_by"] == "sender-and-title"
    assert item(m["lancashire-inline-forward"])["force"] == "lancashire"
    assert item(replied.inner)["force"] == "west-yorkshire"  # matched on the message inside the forward
    assert item(replied.inner)["date"] == "2014-04-11"  # the force's date, not the forwarder's
    assert item(m["newsletter"])["status"] == "unmatched" and item(m["newsletter"])["reason"]
    assert item(m["newsletter"])["files"] == []
    refused = item(m["hampshire-too-early"])
    assert refused["status"] == "refused" and "before the request was sent" in refused["reason"]
    assert item(m["surrey-extension"])["until"] == "2014-06-06"
    durham = item(replied.html)
    assert durham["event"] == "responded" and "information you requested" in durham["evidence"]

    rows = status_rows(ws)
    expected = {
        "kent": "responded",
        "metropolitan": "awaiting-response",
        "essex": "awaiting-clarification",
        "surrey": "extended",
        "durham": "responded",
        "west-yorkshire": "awaiting-response",
        "lancashire": "responded",
        "northumbria": "fee-pending",
        "hampshire": "awaiting-response",
        "police-scotland": "awaiting-response",
    }
    assert {f: rows[f]["state"] for f in expected} == expected
    assert rows["surrey"]["due"] == "2014-06-06" and not rows["surrey"]["overdue"]
    assert rows["kent"]["ref"] == "FOI/2014/0456"
    untouched = set(rows) - set(expected)
    assert untouched and all(rows[f]["state"] == "awaiting-response" for f in untouched)

    events = [e for e in read_events(ws.log_path("images")) if e.event != "sent"]
    by_force = {e.force: e for e in events}
    assert by_force["kent"].event == "responded" and by_force["kent"].date == D("2014-05-02")
    assert by_force["west-yorkshire"].event == "acknowledged" and by_force["west-yorkshire"].date == D("2014-04-11")
    assert by_force["essex"].extra["evidence"] == "Before we can proceed, could you please clarify which years you mean?"
    assert by_force["northumbria"].extra["message_id"] == str(m["northumbria-fee"]["Message-ID"])
    assert "hampshire" not in by_force

    kent_dir = ws.responses_dir / "images" / "kent"
    pdfs = [p for p in kent_dir.iterdir() if p.suffix == ".pdf"]
    assert len(pdfs) == 1 and pdfs[0].read_bytes() == replied.pdf
    emls = sorted(p.name for p in kent_dir.glob("*.eml"))
    assert len(emls) == 2 and emls[0].startswith("2014-04-09-") and emls[1].startswith("2014-05-02-")
    stored = email.message_from_bytes((kent_dir / emls[1]).read_bytes(), policy=email.policy.default)
    assert stored["Message-ID"] == m["kent-response"]["Message-ID"]
    assert (ws.responses_dir / "images" / "lancashire" / "figures.csv").read_bytes() == replied.csv
    assert any((ws.responses_dir / "images" / "west-yorkshire").glob("*.eml"))
    assert sorted(p.name for p in (ws.responses_dir / "images").iterdir()) == sorted(
        ["kent", "metropolitan", "essex", "surrey", "durham", "west-yorkshire", "lancashire", "northumbria", "hampshire"]
    )

    # Importing the same mailboxes again changes nothing.
    log_before = ws.log_path("images").read_bytes()
    files_before = files_under(ws.responses_dir)
    result = invoke(ws, "inbox", "import", replied.mbox, replied.maildir, "--json")
    assert result.exit_code == 0, result.output
    again = json.loads(result.output)
    assert not [i for i in again if i["status"] == "recorded" or i["new_files"]]
    assert {i["status"] for i in again} == {"already-imported", "unmatched", "refused"}
    assert ws.log_path("images").read_bytes() == log_before
    assert files_under(ws.responses_dir) == files_before

    # The text report, and a single .eml file as input.
    single = replied.mbox.parent / "one.eml"
    single.write_bytes(bytes(m["newsletter"]))
    result = invoke(ws, "inbox", "import", single)
    assert result.exit_code == 0, result.output
    assert "unmatched: 'Weekly digest' from newsletter@example.com" in result.output
    assert "1 message, 1 unmatched" in result.output


def test_reply_to_an_imported_reply_and_review_responses(replied):
    """A force answering its own acknowledgement is matched by References; during a review a response is review-responded."""
    ws = replied.ws
    assert invoke(ws, "inbox", "import", replied.mbox, replied.maildir).exit_code == 0
    met_ack = replied.messages["met-ack"]
    follow_up = reply(
        "Metropolitan Police <someone@met.example>", "Your request", "2014-05-12",
        "Please find attached our response.", attach=[("response.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04 not really")],
        in_reply_to=str(met_ack["Message-ID"]),
    )
    path = replied.mbox.parent / "met.eml"
    path.write_bytes(bytes(follow_up))
    report = mail.import_mail(ws, [path])
    (only,) = report.messages
    assert (only.status, only.force, only.matched_by, only.event) == ("recorded", "metropolitan", "in-reply-to", "responded")
    assert (ws.responses_dir / "images" / "metropolitan" / "response.xlsx").exists()

    assert invoke(ws, "log", "images", "metropolitan", "review-requested", "--date", "2014-05-14").exit_code == 0
    review_answer = reply(
        force_sender("metropolitan"), f"Internal review [foi:{mail.case_token('images', 'metropolitan')}]", "2014-06-02",
        "Having reviewed the case, the information you requested is now provided below.",
    )
    path.write_bytes(bytes(review_answer))
    (only,) = mail.import_mail(ws, [path]).messages
    assert (only.status, only.event) == ("recorded", "review-responded")
    assert status_rows(ws, "2014-06-03")["metropolitan"]["state"] == "responded"


def test_classify_and_dates():
    day = D("2014-05-08")
    assert parse_uk_dates("by 6 June 2014, or 12/06/2014, or 2014-06-30, or 7th of July 2014") == [
        D("2014-06-06"), D("2014-06-12"), D("2014-06-30"), D("2014-07-07"),
    ]
    cases = {
        "I can confirm that we have received your request.": "acknowledged",
        "If you would like us to clarify this response, please call. The information you requested is below.": "responded",
        "There is no fee. Please find attached our response.": "responded",
        "Please find attached a fees notice.": "fee-notice",
        "The public interest test favours withholding the information requested on 8 April 2014.": None,
    }
    for text, kind in cases.items():
        assert classify("", text, [], day).event == kind, text
    no_date = classify("", "We need an extension to respond.", [], day)
    assert no_date.event is None and "no new date" in no_date.problem
    pdf = Attachment("letter.pdf", "application/pdf", b"%PDF-1.4")
    assert classify("", "Regards", [pdf], day).event == "responded"
    logo = Attachment("logo.png", "image/png", b"\x89PNG", inline_image=True)
    assert classify("", "Regards", [logo], day).event is None
    assert find_reference("RE: FOI request. Our ref: FOI/2014/0456.") == "FOI/2014/0456"
    assert find_reference("Your request dated 08/04/2014 [foi:0123456789]") is None


# ---------------------------------------------------------------- chasing and reviews


def test_chase_drafts_only_overdue_cases(replied, tmp_path, smtp_server):
    ws = replied.ws
    assert invoke(ws, "inbox", "import", replied.mbox, replied.maildir).exit_code == 0
    log_before = ws.log_path("images").read_bytes()
    rows = status_rows(ws)
    overdue = {f for f, r in rows.items() if r["overdue"]}
    assert "police-scotland" in overdue and "hampshire" in overdue
    assert not overdue & {"kent", "essex", "surrey", "durham", "lancashire", "northumbria"}

    out = tmp_path / "chase"
    result = invoke(ws, "chase", "images", "--as-of", "2014-05-20", "--eml-dir", out, "--json")
    assert result.exit_code == 0, result.output
    assert {c["force"] for c in json.loads(result.output)["chased"]} == overdue
    assert {p.name for p in out.iterdir()} == {f"images--{f}--chase-2014-05-20.eml" for f in overdue}
    for force_id in overdue:
        msg = email.message_from_bytes((out / f"images--{force_id}--chase-2014-05-20.eml").read_bytes(), policy=email.policy.default)
        body = " ".join(msg.get_content().split())
        row = rows[force_id]
        assert "Section 10(1)" in body
        assert long_date(D(row["due"])) in body
        assert long_date(D(SENT)) in body
        assert f"{row['working_days_overdue']} working days overdue" in body
        assert msg["In-Reply-To"] == replied.sent[force_id].extra["message_id"]
        assert f"[foi:{mail.case_token('images', force_id)}]" in str(msg["Subject"])
        assert parseaddr(str(msg["To"]))[1] == expected_address(force_id)
        law = "Freedom of Information (Scotland) Act 2002" if force_id == "police-scotland" else "Freedom of Information Act 2000"
        assert law in body
    assert rows["police-scotland"]["due"] == "2014-05-08" and rows["kent"]["due"] == "2014-05-09"
    assert ws.log_path("images").read_bytes() == log_before  # chasing records nothing

    # The same through SMTP; and nothing overdue before the first due date.
    before = len(smtp_server.collector.messages)
    result = invoke(ws, "chase", "images", "--as-of", "2014-05-20", "--smtp", smtp_server.address)
    assert result.exit_code == 0, result.output
    assert len(smtp_server.collector.messages) - before == len(overdue)
    result = invoke(ws, "chase", "images", "--as-of", "2014-05-01")
    assert result.exit_code == 0 and "nothing overdue on 2014-05-01" in result.output
    nothing_due = mail.chase(ws, "images", as_of=D("2014-05-01"))
    assert nothing_due.drafts == [] and nothing_due.chased == []


def test_review_requests(tmp_path):
    ws = make_workspace(tmp_path / "ws", "kent, police-scotland")
    out = tmp_path / "out"
    assert invoke(ws, "send", "images", "--eml-dir", out, "--date", SENT).exit_code == 0
    # No response yet: nothing to review.
    result = invoke(ws, "review-request", "images", "kent", "--eml-dir", out)
    assert result.exit_code == 1 and "not responded" in result.output
    assert invoke(ws, "log", "images", "kent", "responded", "--date", "2014-05-02", "--outcome", "partial", "--ref", "FOI/1/14").exit_code == 0
    assert invoke(ws, "log", "images", "police-scotland", "responded", "--date", "2014-05-01", "--outcome", "refused").exit_code == 0

    # Printed as a draft: nothing recorded.
    log_before = ws.log_path("images").read_bytes()
    result = invoke(ws, "review-request", "images", "kent", "--date", "2014-05-10")
    assert result.exit_code == 0 and "internal review" in result.output
    assert ws.log_path("images").read_bytes() == log_before
    # Over SMTP it needs the grounds.
    result = invoke(ws, "review-request", "images", "kent", "--smtp", "127.0.0.1:1", "--date", "2014-05-10")
    assert result.exit_code == 1 and "--reason" in result.output

    result = invoke(ws, "review-request", "images", "kent", "--eml-dir", out, "--date", "2014-05-10",
                    "--reason", "The exemption in section 31 does not apply to totals.")
    assert result.exit_code == 0, result.output
    kent = email.message_from_bytes((out / "images--kent--review-2014-05-10.eml").read_bytes(), policy=email.policy.default)
    body = " ".join(kent.get_content().split())
    review_due = deadlines.review_due(D("2014-05-10"), "FOIA")
    assert "internal review" in body and "20 working days" in body and long_date(review_due) in body
    assert "section 31 does not apply" in body and "FOI/1/14" in body and long_date(D("2014-05-02")) in body
    assert kent["In-Reply-To"] == sent_events(ws)["kent"].extra["message_id"]
    rows = status_rows(ws, "2014-05-12")
    assert rows["kent"]["state"] == "internal-review" and rows["kent"]["review_due"] == review_due.isoformat()
    review_event = [e for e in read_events(ws.log_path("images")) if e.event == "review-requested"][0]
    assert review_event.extra["message_id"] == str(kent["Message-ID"])

    scot = mail.request_review(ws, "images", "police-scotland", date=D("2014-05-10"))
    assert not scot.recorded  # a draft to print: neither written nor sent
    body = " ".join(scot.draft.split())
    assert "section 20(1) of the Freedom of Information (Scotland) Act 2002" in body
    assert "40 working days" in body
    assert long_date(deadlines.review_due(D("2014-05-10"), "FOISA")) in body
    late = mail.request_review(ws, "images", "police-scotland", date=D("2014-08-01"), dry_run=True)
    assert late.warnings and "s.20(5)" in late.warnings[0]


def test_chase_and_review_json_give_each_kind_of_letter_its_fields(tmp_path):
    ws = make_workspace(tmp_path / "ws", "kent, police-scotland")
    out = tmp_path / "out"
    assert invoke(ws, "send", "images", "--eml-dir", out, "--date", SENT).exit_code == 0
    reminder = ["force", "to", "due", "working_days_overdue", "subject"]

    def chase_json(*args) -> dict:
        result = invoke(ws, "chase", "images", "--as-of", "2014-05-20", "--json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    planned = chase_json("--dry-run")
    assert list(planned) == ["request", "as_of", "chased", "failed", "dry_run", "drafts"]
    assert planned["as_of"] == "2014-05-20" and planned["dry_run"] is True
    assert [list(c) for c in planned["chased"]] == [reminder, reminder]
    assert {c["force"]: c["due"] for c in planned["chased"]} == {"kent": "2014-05-09", "police-scotland": "2014-05-08"}
    drafted = chase_json()
    assert drafted["chased"] == [] and [list(d) for d in drafted["drafts"]] == [reminder + ["text"]] * 2
    assert all("Section 10(1)" in " ".join(d["text"].split()) for d in drafted["drafts"])
    written = chase_json("--eml-dir", out)
    assert [list(c) for c in written["chased"]] == [reminder + ["eml"]] * 2 and written["drafts"] == []
    assert all(Path(c["eml"]).is_file() for c in written["chased"])

    assert invoke(ws, "log", "images", "kent", "responded", "--date", "2014-05-02", "--outcome", "partial").exit_code == 0
    result = invoke(ws, "review-request", "images", "kent", "--date", "2014-05-10", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    review = json.loads(result.output)
    assert list(review) == ["request", "force", "to", "subject", "review_due", "warnings", "dry_run", "recorded", "eml", "draft"]
    assert review["review_due"] == deadlines.review_due(D("2014-05-10"), "FOIA").isoformat()
    assert review["to"] == expected_address("kent") and review["recorded"] is False and review["draft"] is None


def test_documents_build_reads_the_imported_pdf(replied):
    ws = replied.ws
    assert invoke(ws, "inbox", "import", replied.mbox, replied.maildir).exit_code == 0
    result = invoke(ws, "build")
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(ws.db_path)
    try:
        rows = db.execute(
            "select id, path, sha256, pages, error from documents where request = 'images' and force = 'kent'"
            " and path like '%.pdf'"
        ).fetchall()
        assert len(rows) == 1
        doc_id, path, sha, pages, error = rows[0]
        assert sha == hashlib.sha256(replied.pdf).hexdigest()
        assert pages == 1 and error is None
        text = " ".join(t for (t,) in db.execute("select text from pages where document = ? order by page", (doc_id,)))
        assert "FOI/2014/0456" in text and "2013 12" in text
    finally:
        db.close()
