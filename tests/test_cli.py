"""The command line through Typer's CliRunner: output, JSON, and errors without tracebacks."""
import datetime as dt
import json

from typer.testing import CliRunner

from foi.cli import app

runner = CliRunner()


def invoke(ws, *args):
    return runner.invoke(app, ["-w", str(ws.root), *args])


def test_init_request_send_log_status_json(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    w = str(tmp_path / "w")
    assert runner.invoke(app, ["-w", w, "request", "new", "knives", "--to", "kent", "--to", "scotland"]).exit_code == 0
    result = runner.invoke(app, ["-w", w, "send", "knives", "--date", "2014-04-08"])
    assert result.exit_code == 0 and "sent to 2 forces" in result.output
    result = runner.invoke(
        app, ["-w", w, "log", "knives", "kent", "responded", "--date", "2014-05-12", "--outcome", "partial", "--ref", "FOI/1"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["-w", w, "status", "--as-of", "2014-05-20", "--json"])
    assert result.exit_code == 0
    rows = {r["force"]: r for r in json.loads(result.output)}
    for key in ("request", "force", "state", "sent", "due", "overdue", "working_days_overdue", "outcome", "review_due"):
        assert key in rows["kent"]
    assert rows["kent"] | {} == rows["kent"]
    assert (rows["kent"]["state"], rows["kent"]["due"], rows["kent"]["outcome"]) == ("responded", "2014-05-09", "partial")
    assert rows["kent"]["overdue"] is False and rows["kent"]["working_days_overdue"] == 0
    scot = rows["police-scotland"]
    assert (scot["state"], scot["due"], scot["overdue"]) == ("awaiting-response", "2014-05-08", True)
    assert scot["working_days_overdue"] == 8


def test_status_table_and_overdue_filter(workspace):
    invoke(workspace, "send", "images", "--date", "2014-04-08")
    invoke(workspace, "log", "images", "kent", "responded", "--date", "2014-05-01", "--outcome", "full")
    result = invoke(workspace, "status", "--as-of", "2014-05-12")
    assert result.exit_code == 0
    assert "images: 1 of 4 answered, 3 overdue, 0 very overdue" in result.output
    table_rows = [line.split()[0] for line in result.output.splitlines() if line.strip().startswith(("kent", "metro", "police", "north"))]
    assert table_rows[-1] == "kent"  # answered cases after the overdue ones
    result = invoke(workspace, "status", "images", "--overdue", "--as-of", "2014-05-12", "--json")
    assert {r["force"] for r in json.loads(result.output)} == {"metropolitan", "police-scotland", "northern-ireland"}


def test_user_errors_are_one_line_without_traceback(workspace):
    cases = [
        (["log", "images", "kentt", "sent"], "unknown force or group 'kentt'; did you mean kent"),
        (["log", "images", "kent", "responded", "--date", "2014-13-01"], "'2014-13-01' is not a date in the form YYYY-MM-DD"),
        (["log", "images", "kent", "responded", "--date", "2014-04-01"], "before the request was sent"),
        (["log", "images", "kent", "sent", "--date", (dt.date.today() + dt.timedelta(days=3)).isoformat()], "in the future"),
        (["status", "nope"], "no request 'nope'"),
        (["status", "--as-of", "12/03/2014"], "YYYY-MM-DD"),
    ]
    for args, message in cases:
        result = invoke(workspace, *args)
        assert result.exit_code == 1, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_an_unreadable_document_is_one_line_too(tmp_path):
    from foi.documents.errors import DocumentError
    from foi.errors import FoiError

    assert issubclass(DocumentError, FoiError)  # one base: what the command line shows as one line
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == "Error: file is empty"


def test_bad_request_file_is_reported_and_nothing_written(workspace):
    workspace.request_path("bad").write_text("title: T\nbody: B\nto: [kent, nowhere]\n")
    result = invoke(workspace, "build")
    assert result.exit_code == 1
    assert "bad.yml: line 3: unknown force or group 'nowhere'" in result.output
    assert not workspace.db_path.exists()


def test_forces_json():
    result = runner.invoke(app, ["forces", "--json"])
    forces = json.loads(result.output)
    assert {f["id"] for f in forces} >= {"metropolitan", "city-of-london", "btp", "northern-ireland", "police-scotland", "mdp", "cnc"}
    assert next(f for f in forces if f["id"] == "police-scotland")["law"] == "FOISA"


def test_every_command_has_help():
    for args in (["--help"], ["init", "--help"], ["request", "new", "--help"], ["send", "--help"], ["log", "--help"],
                 ["status", "--help"], ["build", "--help"], ["forces", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.output, args
