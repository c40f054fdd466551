"""Importing mail: one message never stops the rest, a long attachment name is shortened safely,
and a message whose In-Reply-To and subject token name different cases is matched to neither."""
from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from foi import mail
from foi.documents.store import safe_name
from foi.mail import importing
from foi.workspace import read_events
from tests.test_mail import SENT, TITLE, invoke, make_pdf, make_workspace, reply


@pytest.fixture
def sent(tmp_path, clean_env):
    ws = make_workspace(tmp_path / "ws", "kent, essex, metropolitan")
    assert invoke(ws, "send", "images", "--eml-dir", tmp_path / "outbox", "--date", SENT).exit_code == 0
    return ws


def subject(force_id: str) -> str:
    return f"RE: Freedom of Information request: {TITLE} [foi:{mail.case_token('images', force_id)}]"


def message_id(ws, force_id: str) -> str:
    return next(e.extra["message_id"] for e in read_events(ws.log_path("images")) if e.force == force_id and e.event == "sent")


def mbox(path: Path, messages) -> Path:
    box = mailbox.mbox(str(path))
    for m in messages:
        box.add(m)
    box.flush()
    return path


ACK = "Dear requester,\n\nWe acknowledge receipt of your request, which we received on 8 April 2014.\n"


def test_safe_names_stay_under_the_file_system_limit():
    for name in ["a" * 400 + ".pdf", "é" * 300 + ".xlsx", "x" * 300, "report." + "p" * 300, "../" * 100 + "b.pdf"]:
        safe = safe_name(name)
        assert len(safe.encode("utf-8")) <= 150 and "/" not in safe
        if name.endswith((".pdf", ".xlsx")):
            assert safe.endswith(name.rsplit(".", 1)[1])


def test_a_400_character_attachment_name_is_shortened_and_the_rest_of_the_mailbox_is_read(sent, tmp_path):
    long_name = "Response to your Freedom of Information request " * 9 + ".pdf"  # 433 characters
    box = mbox(tmp_path / "in.mbox", [
        reply("FOI <foi@kent.police.uk>", subject("kent"), "2014-04-09", ACK,
              attach=[(long_name, "application/pdf", make_pdf(["Kent"]))]),
        reply("FOI <foi@essex.police.uk>", subject("essex"), "2014-04-10", ACK),
        reply("FOI <foi@met.police.uk>", subject("metropolitan"), "2014-04-11", ACK),
    ])
    result = invoke(sent, "inbox", "import", str(box), "--json")
    assert result.exit_code == 0, result.output
    acks = {e.force for e in read_events(sent.log_path("images")) if e.event == "acknowledged"}
    assert acks == {"kent", "essex", "metropolitan"}
    stored = [p for p in (sent.responses_dir / "images" / "kent").iterdir() if p.suffix == ".pdf"]
    assert len(stored) == 1 and stored[0].name.startswith("Response to your Freedom") and len(stored[0].name) <= 150


def test_one_message_that_fails_does_not_stop_the_others(sent, tmp_path, monkeypatch):
    real = importing.classify

    def classify(subject, text, *args, **kwargs):
        if "boom" in text:
            raise OSError(28, "No space left on device")
        return real(subject, text, *args, **kwargs)

    monkeypatch.setattr(importing, "classify", classify)
    box = mbox(tmp_path / "in.mbox", [
        reply("FOI <foi@kent.police.uk>", subject("kent"), "2014-04-09", ACK + "boom\n"),
        reply("FOI <foi@essex.police.uk>", subject("essex"), "2014-04-10", ACK),
    ])
    report = mail.import_mail(sent, [box])
    statuses = {m.force: (m.status, m.reason) for m in report.messages}
    assert statuses["essex"] == ("recorded", None)
    assert statuses["kent"][0] == "failed" and "No space left on device" in statuses["kent"][1]
    result = invoke(sent, "inbox", "import", str(box))
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_in_reply_to_one_case_and_the_token_of_another_matches_neither(sent, tmp_path):
    hostile = reply("someone <x@attacker.example>", subject("kent"), "2014-04-09",
                    "Dear requester,\n\nWe have decided to refuse your request.\n",
                    in_reply_to=message_id(sent, "metropolitan"))
    report = mail.import_mail(sent, [mbox(tmp_path / "in.mbox", [hostile])])
    [item] = report.messages
    assert item.status == "unmatched" and item.force is None
    assert "metropolitan" in item.reason and "kent" in item.reason and "attacker.example" in item.reason
    assert [e for e in read_events(sent.log_path("images")) if e.event != "sent"] == []
    assert not (sent.responses_dir / "images").exists()


def test_every_imported_event_records_the_senders_domain(sent, tmp_path):
    box = mbox(tmp_path / "in.mbox", [
        reply("FOI <foi@kent.police.uk>", subject("kent"), "2014-04-09", ACK),
        reply("FOI <Foi@Essex.Police.UK>", "Re: your request", "2014-04-10", ACK, in_reply_to=message_id(sent, "essex")),
    ])
    mail.import_mail(sent, [box])
    domains = {e.force: e.extra.get("sender_domain") for e in read_events(sent.log_path("images")) if e.event == "acknowledged"}
    assert domains == {"kent": "kent.police.uk", "essex": "essex.police.uk"}


def test_a_message_nested_thousands_deep_is_unreadable_and_the_rest_are_read(sent, tmp_path):
    body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(3000))
    deep = ("From: x@attacker.example\nSubject: deep\nDate: Mon, 14 Apr 2014 10:00:00 +0000\n"
            "Message-ID: <deep@x>\nMIME-Version: 1.0\n" + body + "Content-Type: text/plain\n\nhello\n").encode()
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "a-deep.eml").write_bytes(deep)
    (tmp_path / "mail" / "b-ack.eml").write_bytes(bytes(reply("FOI <foi@kent.police.uk>", subject("kent"), "2014-04-09", ACK)))
    report = mail.import_mail(sent, [tmp_path / "mail"])
    statuses = sorted((Path(m.source).name, m.status) for m in report.messages)
    assert statuses == [("a-deep.eml", "unreadable"), ("b-ack.eml", "recorded")]
