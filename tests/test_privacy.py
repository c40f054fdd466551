"""The public bundle never carries the requester, nor a file from outside the workspace.

A workspace is planted with the requester's details in every form a force, a spreadsheet or the
journalist might write them (the name over a line break, with initials, a possessive, a double
space; the postcode without its space; an address line without a digit; a sheet's name; the
letter's outcome sentence; the request's own sign-off; a table's picture), with symbolic links
out of the workspace and folders that belong to no case. It is built and published through the
real commands, and the bundle (database, pictures, metadata, README, served SQL) is searched.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
import yaml
from typer.testing import CliRunner

from foi import cases, publish
from foi.build import build
from foi.cli import app
from foi.mail import send_request
from foi.workspace import Event, init_workspace, read_events
from tests.conftest import load_yaml, requires
from tests.letters import canvas_grid, canvas_lines

D = dt.date.fromisoformat
AS_OF = D("2014-07-01")

NAME = "Zebedee Quillfeather"
EMAIL = "zebedee.quillfeather@example.net"
ADDRESS = "The Old Rectory\n17 Lantern Row\nMarshby MB4 9QT\n"
# Lower-case stems (porter-stemmed full-text tokens are caught too), and each variant's give-away
MARKERS = ["quillfeath", "zebede", "old rectory", "lantern row", "mb4 9qt", "mb49qt", "mb4  9qt"]
# What lives outside the workspace, or in folders that are no case: must never be read
OUTSIDE = ["begin openssh private key", "outside-secret-5521", "stray-request-8812", "stray-force-3390"]

REQUEST = textwrap.dedent(
    """\
    title: Officers investigated for obscene images
    body: |
      Please provide, for each calendar year from 2010 to 2012, the number of allegations.

      Yours faithfully,
      Zebedee
      Quillfeather
    to: [kent, essex, surrey]
    periods: calendar-year
    since: 2010
    until: 2012
    measures:
      allegations: [allegations, number of allegations]
    """
)


def run(ws, *args):
    result = CliRunner().invoke(app, ["-w", str(ws.root), *map(str, args)])
    return result


def letter_pdf(path: Path, lines: list[str], table: list[list[str]] | None = None) -> None:
    """A letter, and a ruled table below it, drawn with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 11)
    y = canvas_lines(pdf, lines)
    if table:
        canvas_grid(pdf, table, xs=[72, 182, 442], top=A4[1] - y + 20)
    pdf.showPage()
    pdf.save()


KENT_TABLE = [
    ["Year", "Allegations"],
    ["2010", "3"],
    ["2011", "5"],
    ["2012", "4"],
    ["Prepared for", "Zebedee Quillfeather, The Old Rectory"],
]


def plant(root: Path, outside: Path):
    """A workspace whose every corner names the requester."""
    ws, _ = init_workspace(root)
    (ws.root / "foi.local.yml").write_text(
        yaml.safe_dump({"requester": {"name": NAME, "email": EMAIL, "address": ADDRESS},
                        "smtp": {"host": "smtp.example.net", "user": EMAIL}}),
        encoding="utf-8",
    )
    shutil.copy(Path(__file__).resolve().parents[1] / "metadata.yml", ws.metadata_path)
    metadata = load_yaml(ws.metadata_path)
    metadata["description"] = f"Compiled by {NAME}, {ADDRESS.splitlines()[0]}."
    ws.metadata_path.write_text(yaml.safe_dump(metadata, sort_keys=False), encoding="utf-8")
    ws.request_path("images").write_text(REQUEST, encoding="utf-8")

    request = ws.load_request("images")
    # Kent's `sent` carries a Message-ID and the requester's address: details never to be published.
    kent_sent = {"message_id": "<zq-1@example.net>", "from": EMAIL}
    cases.record_events(ws, request, [
        Event(D("2014-04-08"), f, "sent", extra=kent_sent if f == "kent" else {}) for f in request.recipients
    ])
    cases.record_events(ws, request, [
        Event(D("2014-04-10"), "essex", "acknowledged", ref="ESX/Quillfeather, Z.",
              note=f"{NAME} rang them from {ADDRESS.splitlines()[1]}"),
        Event(D("2014-05-01"), "kent", "responded", ref="FOI/14/0456 (Mr Z. Quillfeather)",
              extra={"from": "foi@kent.police.uk", "subject": f"Your request, {NAME}", "evidence": f"Dear {NAME}"}),
    ])

    kent = ws.responses_dir / "images" / "kent"
    letter_pdf(kent / "FOI 0456 response.pdf", [
        "Kent Police - Freedom of Information Unit",
        "Mr Z. Quillfeather",
        "The Old Rectory",
        "17 Lantern Row",
        "Marshby  MB49QT",
        "Dear Mr Quillfeather,",
        "Thank you for Zebedee  Quillfeather's request of 8 April 2014, which we have",
        "handled for Zebedee",
        "Quillfeather under the Freedom of Information Act 2000.",
        "Zebedee Quillfeather, the information you requested is provided in full below.",
    ], KENT_TABLE)
    (kent / "reply.eml").write_text(
        f"From: foi@kent.police.uk\nTo: {NAME} <{EMAIL}>\nSubject: FOI/14/0456\n\nDear {NAME},\n"
        "Our response is attached.\n", encoding="utf-8")

    # A reply imported from the mailbox, its attachment named after the requester
    annex = ws.root.parent / "annex.pdf"
    letter_pdf(annex, ["Kent Police - annex to FOI 0456", f"Prepared for {NAME}"],
               [["Year", "Allegations"], ["2010", "3"], ["2011", "5"], ["2012", "4"]])
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Kent Police FOI <foi@kent.police.uk>"
    message["To"] = f"{NAME} <{EMAIL}>"
    message["Subject"] = f"RE: Freedom of Information request for {NAME}"
    message["Date"] = "Fri, 02 May 2014 10:00:00 +0100"
    message["Message-ID"] = "<kent-0456-annex@kent.police.uk>"
    message["In-Reply-To"] = "<zq-1@example.net>"
    message.set_content(f"Dear {NAME},\nPlease find attached the annex to our response.\n")
    message.add_attachment(annex.read_bytes(), maintype="application", subtype="pdf",
                           filename=f"Annex for {NAME}.pdf")
    (ws.root.parent / "reply-annex.eml").write_bytes(bytes(message))
    imported = run(ws, "inbox", "import", ws.root.parent / "reply-annex.eml", "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)[0]["request"] == "images", imported.stdout

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "For Z. Quillfeather"
    for row in (["Year", "Allegations"], [2010, 7], [2011, 9], [2012, 8],
                ["Prepared for", f"{NAME}, Marshby MB4 9QT"]):
        sheet.append(row)
    essex = ws.responses_dir / "images" / "essex"
    essex.mkdir(parents=True)
    book.save(essex / "annex.xlsx")

    # Symbolic links out of responses/: a key, the workspace's own private config, a whole force
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", encoding="utf-8")
    (outside / "surrey").mkdir(exist_ok=True)
    letter_pdf(outside / "surrey" / "letter.pdf", ["Surrey Police", "OUTSIDE-SECRET-5521"])
    (kent / "id_rsa").symlink_to(outside / "id_rsa")
    (essex / "settings.yml").symlink_to(Path("..") / ".." / ".." / "foi.local.yml")
    (ws.responses_dir / "images" / "surrey").symlink_to(outside / "surrey", target_is_directory=True)
    # Folders that match no request, or no recipient of the request
    letter_pdf(ws.responses_dir / "old-request" / "kent" / "letter.pdf", ["Kent Police", "STRAY-REQUEST-8812"])
    letter_pdf(ws.responses_dir / "images" / "durham" / "letter.pdf", ["Durham Constabulary", "STRAY-FORCE-3390"])
    return ws


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    base = tmp_path_factory.mktemp("privacy")
    ws = plant(base / "ws", base / "outside")
    result = run(ws, "build", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    assert publish.draw_workspace_crops(ws).rendered == 2  # the journalist's own pictures, as `foi serve` draws them
    return ws, result


@pytest.fixture(scope="module")
def bundle(planted, tmp_path_factory):
    ws, _ = planted
    out = tmp_path_factory.mktemp("public") / "bundle"
    result = run(ws, "publish", out, "--json")
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


def bundle_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


# ---------------------------------------------------------------- the requester must be known


@pytest.fixture
def built(workspace):
    send_request(workspace, "images", date=D("2014-04-08"))
    build(workspace, as_of=AS_OF)
    return workspace


@pytest.mark.parametrize("config, problem", [
    (None, "foi.local.yml is missing"),
    ({"requestor": {"name": NAME, "email": EMAIL}}, "unknown setting 'requestor'; did you mean 'requester'?"),
    ("requester:\n\tname: Zebedee Quillfeather\n", "not valid YAML"),
    ({"requester": {"email": EMAIL}}, "the requester has no name"),
    ({"requester": {"name": NAME, "adress": ADDRESS}}, "unknown requester setting 'adress'; did you mean 'address'?"),
    ({"requester": {"name": NAME, "address": ["17 Lantern Row", "Marshby"]}}, "the requester's 'address' must be text"),
])
def test_publish_refuses_when_the_requester_cannot_be_read(built, tmp_path, clean_env, config, problem):
    path = built.root / "foi.local.yml"
    if config is not None:
        path.write_text(config if isinstance(config, str) else yaml.safe_dump(config), encoding="utf-8")
    out = tmp_path / "bundle"
    result = run(built, "publish", out)
    assert result.exit_code == 1, result.output
    assert problem in result.output and "--no-requester" in result.output and str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not out.exists()
    if config is None:  # told there is nobody to redact, it publishes
        result = run(built, "publish", out, "--no-requester")
        assert result.exit_code == 0, result.output
        assert (out / "foi.db").exists()


def test_sending_reads_the_requester_the_same_way(built, tmp_path):
    (built.root / "foi.local.yml").write_text(yaml.safe_dump({"requestor": {"name": NAME, "email": EMAIL}}), encoding="utf-8")
    result = run(built, "send", "images", "--to", "kent", "--eml-dir", tmp_path / "out", "--date", "2014-04-09")
    assert result.exit_code == 1 and "unknown setting 'requestor'" in result.output


# ---------------------------------------------------------------- every way of writing the requester


def test_redactor_finds_every_form_of_the_requester():
    from foi.privacy import Redactor

    redactor = Redactor.for_details({"name": NAME, "email": EMAIL, "address": ADDRESS}, literals=["/home/zq/ws"])
    planted = [
        "Zebedee\nQuillfeather", "Zebedee  Quillfeather", "ZEBEDEE QUILLFEATHER", "Zebedee\u00a0Quillfeather",
        "Mr Z. Quillfeather", "Z Quillfeather", "Z.Quillfeather", "Quillfeather, Z.", "Quillfeather, Zebedee",
        "Zebedee Quillfeather's request", "Mr Quillfeather\u2019s request", "Quillfeather's request", "Dear Zebedee,",
        "Dear Mr Quillfeather,", "MB49QT", "mb4 9qt", "Marshby  MB49QT", "The Old Rectory", "THE OLD RECTORY",
        "17 Lantern Row", "17, Lantern Row", "The Old Rectory, 17 Lantern Row, Marshby MB4 9QT",
        f"write to {EMAIL.upper()}", "saved in /home/zq/ws/responses",
    ]
    for text in planted:
        out = redactor.text(text).lower()
        assert not any(m in out for m in MARKERS + ["zq/ws", "/home"]), (text, out)
        assert "[requester]" in out or out.startswith("saved in ./"), (text, out)
    # places and forces stay: a town alone, a force's name, a county line that is a force's name
    for text in ["Marshby", "Kent Police", "Kent's figures", "West Yorkshire Police", "A quill feather", "Quillfeather"]:
        assert redactor.text(text) == text
    irish = Redactor.for_details({"name": "Siobhan O'Neil"})
    assert irish.text("Dear Ms O\u2019Neil, Siobhan O\u2019Neil\u2019s request") == "Dear [requester], [requester]\u2019s request"
    # in pictures, a scan's OCR text may misread the name by a letter: still covered
    ocr = "Dear Mr Quil1feather, Zebedce, a feather and a quill"
    assert [ocr[a:b] for a, b in redactor.picture_spans(ocr)] == ["Quil1feather", "Zebedce"]
    assert redactor.spans(ocr) == []  # the text itself is only redacted where the details are spelt
    short = Redactor.for_details({"name": "A. Li"})
    assert short.text("Ali and Mr Li asked; A. Li, A.Li and A Li too") == "Ali and [requester] asked; [requester], [requester] and [requester] too"
    county = Redactor.for_details({"name": "Jane Kent", "address": "Flat 2\nWest Yorkshire\nLS1 1AA"})
    assert county.text("West Yorkshire Police: Kent's figures for Ms Kent, LS11AA") == \
        "West Yorkshire Police: Kent's figures for [requester], [requester]"


def test_a_name_of_punctuation_alone_redacts_nothing():
    from foi.privacy import Redactor

    # such a "name" has no words to look for; it once became the pattern "None"
    assert Redactor(names=[","]).text("Outcome: None recorded") == "Outcome: None recorded"


# ---------------------------------------------------------------- links out, folders that are no case


def test_links_out_of_responses_are_not_followed_but_reported(planted):
    ws, result = planted
    db = sqlite_utils.Database(ws.db_path)
    ids = {r["id"] for r in db.query("select id from documents")}
    assert ids == {"images/kent/FOI 0456 response.pdf", "images/kent/reply.eml", "images/essex/annex.xlsx",
                   f"images/kent/Annex for {NAME}.pdf", "images/kent/2014-05-02-7a7f237c.eml"}
    out = " ".join(result.output.split())  # the terminal wraps long lines
    for link in ("images/kent/id_rsa", "images/essex/settings.yml", "images/surrey"):
        assert f"responses/{link}: a symbolic link to outside responses/: not followed" in out, link
    # nothing was written into the folder the link pointed at (no OCR cache, no pruning)
    outside = ws.root.parent / "outside"
    assert sorted(p.name for p in (outside / "surrey").iterdir()) == ["letter.pdf"]
    # --strict makes them fail the build, like any unreadable document
    again = run(ws, "build", "--as-of", AS_OF.isoformat(), "--strict", "--json")
    assert again.exit_code == 1
    errors = {e["document"]: e["error"] for e in json.loads(again.stdout)["documents"]["errors"]}
    assert {"images/kent/id_rsa", "images/essex/settings.yml", "images/surrey"} <= set(errors)


def test_folders_that_are_no_case_are_reported_and_never_published(planted, tmp_path):
    ws, result = planted
    out = " ".join(result.output.split())
    assert "responses/old-request: no request 'old-request'" in out
    assert "responses/images/durham: 'durham' is not a recipient of request 'images'" in out
    db = sqlite_utils.Database(ws.db_path)
    assert not list(db.query("select id from documents where force = 'durham' or request = 'old-request'"))
    # a database built before the check still holds such a document: publishing leaves it out
    copy = tmp_path / "ws"
    shutil.copytree(ws.root, copy, symlinks=True)
    old = sqlite_utils.Database(copy / "foi.db")
    row = dict(next(old.query("select * from documents where id = 'images/essex/annex.xlsx'")))
    old["documents"].insert({**row, "id": "images/durham/letter.pdf", "force": "durham", "filename": "letter.pdf"})
    old["pages"].insert({"document": "images/durham/letter.pdf", "page": 1, "text": "STRAY-FORCE-3390"})
    old.close()
    from foi.workspace import Workspace

    report = publish.publish(Workspace(copy), tmp_path / "bundle")
    public = sqlite_utils.Database(report.database)
    assert report.tables["documents"] == 3  # two letters and a spreadsheet; not the emails, not Durham's
    assert not list(public.query("select * from pages where text like '%STRAY%'"))


# ---------------------------------------------------------------- table pictures


KENT_CROP = "images--kent--foi-0456-response.pdf/p1-t1.png"


def _dark_share(image, box) -> float:
    """The share of dark pixels inside box (pixels) of a PIL image."""
    region = image.convert("L").crop(box)
    return sum(region.histogram()[:60]) / max(1, region.width * region.height)


def _word_boxes(ws, words: set[str]) -> list[tuple[int, int, int, int]]:
    """Where the given words of Kent's table are in its crop, in pixels."""
    import pdfplumber

    from foi.crops import CROP_MARGIN, CROP_RESOLUTION

    db = sqlite_utils.Database(ws.db_path)
    table = db["tables"].get(("images/kent/FOI 0456 response.pdf", 1))
    scale = CROP_RESOLUTION / 72
    left, top = table["x0"] - CROP_MARGIN, table["top"] - CROP_MARGIN
    with pdfplumber.open(ws.responses_dir / "images" / "kent" / "FOI 0456 response.pdf") as pdf:
        found = [w for w in pdf.pages[0].crop((table["x0"], table["top"], table["x1"], table["bottom"])).extract_words()
                 if w["text"].strip(",") in words]
    assert len(found) == len(words)
    return [(round((w["x0"] - left) * scale) + 1, round((w["top"] - top) * scale) + 1,
             round((w["x1"] - left) * scale) - 1, round((w["bottom"] - top) * scale) - 1) for w in found]


def test_table_pictures_have_the_requester_blacked_out(planted, bundle):
    from PIL import Image

    ws, _ = planted
    out, report = bundle
    assert report["crops"] == 2  # the letter's table, and the annex named after the requester
    public = Image.open(out / "crops" / KENT_CROP)
    private = Image.open(publish.crops_dir(ws) / KENT_CROP)  # the journalist's own, for `foi serve`
    assert public.size == private.size
    for box in _word_boxes(ws, {"Zebedee", "Quillfeather", "Old", "Rectory"}):
        assert _dark_share(private, box) < 0.5  # the words are there to read
        assert _dark_share(public, box) > 0.97, box  # and covered
    for box in _word_boxes(ws, {"Allegations", "2011", "Prepared"}):
        assert _dark_share(public, box) < 0.5  # the table itself is not


def test_table_pictures_cannot_be_read_by_ocr(planted, bundle):
    requires("tesseract", "reads the pictures as a reader's eye would")
    from PIL import Image

    ws, _ = planted
    out, _ = bundle

    def read(path: Path) -> str:
        image = Image.open(path)
        image = image.resize((image.width * 3, image.height * 3))  # Tesseract reads 110 dpi badly
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        done = subprocess.run(["tesseract", "stdin", "stdout"], input=buffer.getvalue(), capture_output=True, timeout=60)
        return done.stdout.decode("utf-8", "replace").lower()

    assert "quillfeather" in read(publish.crops_dir(ws) / KENT_CROP)  # the test can fail
    text = read(out / "crops" / KENT_CROP)
    assert "allegations" in text and not any(m in text for m in ["quill", "zebed", "rectory"]), text


def test_a_picture_without_a_text_layer_is_left_out(tmp_path):
    """A table drawn as an image cannot be checked for the requester: it is not drawn."""
    import pdfplumber
    from PIL import Image
    from reportlab.pdfgen import canvas

    from foi.crops import _redaction_boxes
    from foi.privacy import Redactor

    picture = tmp_path / "table.png"
    Image.new("RGB", (200, 80), "white").save(picture)
    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"))
    pdf.drawImage(str(picture), 72, 600, 200, 80)
    pdf.showPage()
    pdf.save()
    redactor = Redactor.for_details({"name": NAME})
    with pdfplumber.open(tmp_path / "scan.pdf") as doc:
        with pytest.raises(ValueError, match="no text layer"):
            _redaction_boxes(doc.pages[0], redactor.spans)


# ---------------------------------------------------------------- everything, through the real commands


def test_nothing_of_the_requester_reaches_the_bundle(planted, bundle):
    ws, _ = planted
    out, report = bundle
    markers = MARKERS + OUTSIDE + [str(ws.root).lower(), str(ws.root.parent).lower(), "reply.eml"]
    # the workspace itself holds them all (the test can fail): config, notes, emails, letters, sheets
    private = sqlite_utils.Database(ws.db_path)
    dump = "\n".join(private.conn.iterdump()).lower()
    assert all(m in dump for m in ["quillfeath", "zebede", "old rectory", "mb49qt", "reply.eml"])
    assert "for z. quillfeather" in dump  # the sheet's name
    assert any("quillfeather" in (r["letter_outcome_evidence"] or "").lower() for r in private["documents"].rows)
    assert "zebedee\nquillfeather" in dump.replace("\\n", "\n")  # the request's own sign-off
    # every file of the bundle: database, metadata, README, counts, plugin
    files = bundle_files(out)
    assert {p.name for p in files} >= {"foi.db", "metadata.yml", "README.md", "inspect-data.json", "hide_paths.py"}
    for path in files:
        content = path.read_bytes().lower()
        for marker in markers:
            assert marker.encode() not in content, (path.name, marker)
    public = sqlite_utils.Database(out / "foi.db")
    for name in public.table_names() + public.view_names():
        for row in public.query(f"select * from [{name}]"):
            for column, value in row.items():
                text = str(value).lower()
                assert not any(m in text for m in markers), (name, column, text)
    assert "[requester]" in public["requests"].get("images")["body"]
    assert public["tables"].get(("images/essex/annex.xlsx", 1))["sheet"] == "For [requester]"
    assert "images/kent/Annex for [requester].pdf" in {r["id"] for r in public["documents"].rows}
    assert (out / "crops" / "images--kent--annex-for--requester-.pdf" / "p1-t1.png").is_file()
    kent = public["documents"].get("images/kent/FOI 0456 response.pdf")
    assert kent["letter_outcome_evidence"].startswith("[requester], the information")
    metadata = load_yaml(out / "metadata.yml")
    assert metadata["description"] == "Compiled by [requester], [requester]."
    assert any("names the requester" in w for w in report["warnings"])

    # SQL against the bundle as served: the text of every table, the search index, the server's path
    columns = [(t, c) for t in public.table_names() if not t.startswith("pages_fts") for c in public[t].columns_dict]
    everything = " union all ".join(f"select cast([{c}] as text) as x from [{t}]" for t, c in columns)
    sql = (f"select (select file from pragma_database_list where name = 'main') as file, "
           f"(select lower(group_concat(x, ' ')) from ({everything})) as everything, "
           "(select count(*) from pages_fts where pages_fts match 'quillfeather OR zebedee OR rectory OR lantern') as found")
    assert sqlite3_path(out / "foi.db")  # without the bundle's plugin, SQLite tells the path
    command = shlex.split(report["serve_command"])[2:]
    done = subprocess.run(
        [sys.executable, "-m", "datasette", "serve", *command, "--get", f"/foi.json?_shape=array&sql={quote(sql)}"],
        cwd=out, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [answer] = json.loads(done.stdout)
    assert answer["file"] is None and answer["found"] == 0
    assert "[requester]" in answer["everything"] and "allegations" in answer["everything"]
    assert not any(m in answer["everything"] for m in markers)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "pragma_database_list" in readme and "--plugins-dir plugins" in readme


def sqlite3_path(db: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("select file from pragma_database_list where name = 'main'").fetchone()[0]
    finally:
        conn.close()


def test_both_the_file_and_the_environment_requester_are_redacted(built, monkeypatch):
    from foi.privacy import requester_redactor

    (built.root / "foi.local.yml").write_text(yaml.safe_dump(
        {"requester": {"name": NAME, "email": EMAIL, "address": ADDRESS}, "smtp": {"host": "smtp.example.net", "user": "zq-login@example.org"}}),
        encoding="utf-8")
    monkeypatch.setenv("FOI_FROM_NAME", "Ottoline Vexby")
    monkeypatch.setenv("FOI_FROM_EMAIL", "o.vexby@example.org")
    redactor, warnings = requester_redactor(built)
    text = redactor.text(f"Dear Ms Vexby, Ottoline Vexby, {NAME}, {EMAIL}, o.vexby@example.org, zq-login@example.org, {built.root}/x")
    assert "vexby" not in text.lower() and "quillfeather" not in text.lower() and "@" not in text and str(built.root) not in text
    assert warnings == []


def test_nothing_is_stored_through_a_linked_force_folder(planted, tmp_path):
    ws, _ = planted
    letter = tmp_path / "reply.pdf"
    letter_pdf(letter, ["Surrey Police", "Our response."])
    result = run(ws, "response", "add", "images", "surrey", letter, "--date", "2014-05-03")
    assert result.exit_code == 1 and "is a symbolic link: foi stores nothing through it" in result.output
    assert "surrey" not in {e.force for e in read_events(ws.log_path("images")) if e.event == "responded"}
    assert sorted(p.name for p in (ws.root.parent / "outside" / "surrey").iterdir()) == ["letter.pdf"]
