"""No document holds the build hostage: per-document limits, checked early, recorded as the
document's error (so the next build does not try again), and workers that can be stopped and
that die with the build that started them."""
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from foi.build import build
from foi.documents import sniff as sniff_mod
from foi.documents.limits import DocumentLimits
from tests.conftest import requires_that
from tests.hostile import inflating_xlsx, nested_xobjects_pdf, pdf_with_pages
from tests.letters import letter_pdf

D = dt.date.fromisoformat
AS_OF = D("2024-03-20")
TABLE = [["Year", "Officers investigated"], ["2013", "4"], ["2014", "2"]]


@pytest.fixture
def kent(sent_workspace):
    folder = sent_workspace.responses_dir / "images" / "kent"
    folder.mkdir(parents=True)
    return sent_workspace, folder


def _errors(ws) -> dict:
    db = sqlite_utils.Database(ws.db_path)
    return {r["id"]: r["error"] for r in db.query("select id, error from documents")}


def test_a_document_that_reads_too_long_is_stopped_recorded_and_not_tried_again(kent, tmp_path, monkeypatch):
    ws, folder = kent
    nested_xobjects_pdf(folder / "nested.pdf", depth=28)  # 2**28 drawings from 4 KB
    letter_pdf(folder / "letter.pdf", ["Please find the figures below."], TABLE)
    limits = DocumentLimits(seconds=1.5)
    report = build(ws, as_of=AS_OF, jobs=2, limits=limits)
    errors = _errors(ws)
    assert "longer than" in errors["images/kent/nested.pdf"] and "limit is 2 s" in errors["images/kent/nested.pdf"]
    assert errors["images/kent/letter.pdf"] is None  # the other document was read
    assert dict(report.documents.errors) == {"images/kent/nested.pdf": errors["images/kent/nested.pdf"]}
    # the next build does not try it again: the error is the document's record
    report = build(ws, as_of=AS_OF, jobs=1, limits=limits)
    assert report.documents.parsed == 0 and report.documents.unchanged == 2


def test_one_job_is_stopped_too(kent):
    ws, folder = kent
    nested_xobjects_pdf(folder / "nested.pdf", depth=28)
    build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(seconds=1))
    assert "longer than" in _errors(ws)["images/kent/nested.pdf"]
    assert sqlite_utils.Database(ws.db_path)["documents"].get("images/kent/nested.pdf")["over_limit"] == "seconds=1"


def test_a_giant_page_is_refused_before_it_is_read(kent, monkeypatch):
    ws, folder = kent
    pdf_with_pages(folder / "giant.pdf", 1, side=14400)
    assert (folder / "giant.pdf").stat().st_size < 3000

    def never(*args, **kwargs):  # the workers are forked from here: they inherit this
        raise AssertionError("the document was read")

    monkeypatch.setattr(sniff_mod, "read_document", never)
    build(ws, as_of=AS_OF, jobs=1)
    assert _errors(ws)["images/kent/giant.pdf"] == "page 1 is 14,400 points across; the limit is 5,000 (a letter is 842)"


def test_too_many_pages_are_refused_from_the_page_tree(kent, monkeypatch):
    ws, folder = kent
    pdf_with_pages(folder / "long.pdf", 60)
    monkeypatch.setattr(sniff_mod, "read_document", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read")))
    build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(pages=50))
    assert _errors(ws)["images/kent/long.pdf"] == "document has more than 50 pages (the limit)"


def test_a_zip_part_that_inflates_is_refused_before_it_is_unzipped(kent, monkeypatch):
    ws, folder = kent
    inflating_xlsx(folder / "figures.xlsx", megabytes=3)
    assert (folder / "figures.xlsx").stat().st_size < 20_000
    monkeypatch.setattr(sniff_mod, "read_document", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read")))
    build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(unzipped_mb=2))
    assert _errors(ws)["images/kent/figures.xlsx"].startswith("its parts unzip to 3 MB; the limit is 2 MB")


def test_a_table_with_too_many_cells_is_refused_before_figures_are_extracted(kent):
    ws, folder = kent
    rows = ["Year," + ",".join(f"measure {c}" for c in range(19))]
    rows += [f"{2000 + r % 20}," + ",".join(str(r % 7) for _ in range(19)) for r in range(3000)]
    (folder / "big.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(table_cells=50_000))
    assert _errors(ws)["images/kent/big.csv"] == "table 1 has 60,020 cells (3,001 rows x 20 columns); the limit is 50,000"
    assert report.figures.figures == 0


def test_a_document_over_the_memory_limit_is_stopped_and_recorded(kent, monkeypatch):
    ws, folder = kent
    letter_pdf(folder / "letter.pdf", ["A letter."])
    with open("/proc/self/status") as f:
        vm = next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmSize:"))

    def greedy(path):
        hog = bytearray(2 * 1024 ** 3)  # 2 GB: more than the limit allows
        return hog

    monkeypatch.setattr(sniff_mod, "read_document", greedy)
    build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(memory_mb=vm + 500))
    assert _errors(ws)["images/kent/letter.pdf"] == f"reading it needed more memory than the limit ({vm + 500:,} MB) and was stopped"


def test_a_reader_that_crashes_its_worker_is_recorded_and_the_rest_are_read(kent, monkeypatch):
    ws, folder = kent
    letter_pdf(folder / "a.pdf", ["Crash."])
    letter_pdf(folder / "b.pdf", ["Fine."], TABLE)
    real = sniff_mod.read_document

    def crash(path):
        if Path(path).name == "a.pdf":
            import faulthandler

            faulthandler.disable()  # pytest's: it would print the crash it is told about
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path)

    monkeypatch.setattr(sniff_mod, "read_document", crash)
    build(ws, as_of=AS_OF, jobs=1)
    errors = _errors(ws)
    assert errors["images/kent/a.pdf"] == "the reader crashed (SIGSEGV)" and errors["images/kent/b.pdf"] is None


def _children(pid: int) -> set[int]:
    """Every process whose parent is pid (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_build(kent, sig):
    requires_that(Path("/proc/self/stat").exists(), "/proc (Linux): the test reads the workers' state there")
    ws, folder = kent
    for n in range(2):
        nested_xobjects_pdf(folder / f"nested-{n}.pdf", depth=28)
    foi = [sys.executable, "-m", "foi", "-w", str(ws.root), "build", "--jobs", "2", "--as-of", "2024-03-20"]
    proc = subprocess.Popen(foi, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) == 2
        time.sleep(0.5)  # the workers are reading
        proc.send_signal(sig)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in _children(proc.pid):
            os.kill(w, signal.SIGKILL)


def test_the_limits_can_be_set_from_the_environment(kent, monkeypatch):
    from typer.testing import CliRunner

    from foi.cli import app

    ws, folder = kent
    pdf_with_pages(folder / "long.pdf", 60)
    monkeypatch.setenv("FOI_LIMIT_PAGES", "50")
    result = CliRunner().invoke(app, ["-w", str(ws.root), "build", "--as-of", "2024-03-20"])
    assert result.exit_code == 0 and "more than 50 pages" in result.stderr
    monkeypatch.setenv("FOI_LIMIT_SECONDS", "two minutes")
    result = CliRunner().invoke(app, ["-w", str(ws.root), "build"])
    assert result.exit_code == 1 and result.stderr.strip() == (
        "Error: FOI_LIMIT_SECONDS='two minutes' is not a number of at least 0"
    )


def test_extract_refuses_what_the_build_refuses_unread(tmp_path):
    from typer.testing import CliRunner

    from foi.cli import app

    result = CliRunner().invoke(app, ["extract", str(pdf_with_pages(tmp_path / "giant.pdf", 1, side=14400))])
    assert result.exit_code == 1 and "14,400 points across" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_document_refused_under_a_limit_is_read_again_once_that_limit_changes(kent):
    ws, folder = kent
    pdf_with_pages(folder / "long.pdf", 60)
    build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(pages=50))
    db = sqlite_utils.Database(ws.db_path)
    assert db["documents"].get("images/kent/long.pdf")["over_limit"] == "pages=50"
    report = build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(pages=50, seconds=30))  # another limit: not retried
    assert report.documents.parsed == 0
    report = build(ws, as_of=AS_OF, jobs=1, limits=DocumentLimits(pages=100))
    assert report.documents.parsed == 1
    row = db["documents"].get("images/kent/long.pdf")
    assert (row["error"], row["over_limit"], row["pages"]) == (None, None, 60)



def _slow_double(x):
    import time as _time

    _time.sleep(0.3)
    return 2 * x


def test_the_parent_works_while_waiting_and_every_result_still_arrives():
    from foi.documents.limits import DEFAULT_LIMITS
    from foi.documents.workers import run_tasks

    results: dict = {}
    pieces = {"left": 6, "done": 0}

    def while_waiting() -> bool:
        if not pieces["left"]:
            return False
        pieces["left"] -= 1
        pieces["done"] += 1
        return True

    run_tasks([(k, _slow_double, (k,)) for k in range(4)], 2, DEFAULT_LIMITS, on_result=results.__setitem__,
              on_stopped=lambda stop: results.__setitem__(stop.key, stop), while_waiting=while_waiting)
    assert results == {k: 2 * k for k in range(4)}
    assert pieces["done"] == 6  # the parent's work was done while the workers read


def _timed_task(x, seconds):
    import os as _os
    import time as _time

    if x == "crash":
        _os._exit(3)
    start = _time.monotonic()
    _time.sleep(seconds)
    return start


def test_a_worker_starts_its_next_task_while_the_parent_is_busy_with_the_last():
    # One worker; the parent takes 0.5 s over each result. The worker has the task after next
    # waiting, so it starts it before the parent is done with the first result.
    from foi.documents.limits import DEFAULT_LIMITS
    from foi.documents.workers import run_tasks

    started: dict = {}
    handled: dict = {}

    def on_result(key, start):
        started[key] = start
        time.sleep(0.5)
        handled[key] = time.monotonic()

    run_tasks([(k, _timed_task, (k, 0.1)) for k in range(4)], 1, DEFAULT_LIMITS, on_result=on_result,
              on_stopped=lambda stop: pytest.fail(stop.reason))
    assert sorted(started) == [0, 1, 2, 3]
    assert started[2] < handled[0]


@pytest.mark.parametrize("first", ["crash", "late"])
def test_the_tasks_waiting_behind_one_that_is_stopped_are_still_read(first):
    from foi.documents.limits import DEFAULT_LIMITS
    from foi.documents.workers import run_tasks

    limits = DocumentLimits(**{**DEFAULT_LIMITS.__dict__, "seconds": 1.0})
    results: dict = {}
    stopped: list = []
    tasks = [(first, _timed_task, (first, 30 if first == "late" else 0))] + [(k, _timed_task, (k, 0.05)) for k in range(4)]
    run_tasks(tasks, 1, limits, on_result=results.__setitem__, on_stopped=stopped.append)
    assert sorted(results) == [0, 1, 2, 3]
    assert [s.key for s in stopped] == [first]


def _collector_settings(_x):
    import gc as _gc

    return _gc.get_threshold(), _gc.get_freeze_count() > 0


def test_workers_and_the_build_collect_garbage_less_often_and_put_it_back(kent):
    # The readers' millions of small acyclic objects cost 8-10% of a build's CPU in collector
    # passes at Python's default thresholds: the workers run with fewer, and the build sets
    # them only for its own duration (a library caller keeps its own).
    import gc

    from foi.documents.limits import DEFAULT_LIMITS
    from foi.documents.workers import COLLECT_THRESHOLDS, run_tasks

    before = gc.get_threshold()
    assert before != COLLECT_THRESHOLDS
    results: dict = {}
    run_tasks([(k, _collector_settings, (k,)) for k in range(2)], 2, DEFAULT_LIMITS, on_result=results.__setitem__,
              on_stopped=lambda stop: pytest.fail(stop.reason))
    assert results == {k: (COLLECT_THRESHOLDS, True) for k in range(2)}

    ws, folder = kent
    letter_pdf(folder / "reply.pdf", ["Dear Requester,", "The figures are below."], TABLE)
    during = []
    build(ws, as_of=AS_OF, progress=lambda *_: during.append(gc.get_threshold()))
    assert during and set(during) == {COLLECT_THRESHOLDS}
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
