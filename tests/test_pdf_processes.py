"""A long PDF read in several processes (read_pdf(jobs=...), `foi extract --jobs`) is the same
document as one read in one process: the same pages, the same table joined over every page
break (each run of pages is read by the same read_pages as one process reads them all)."""
from __future__ import annotations

import dataclasses
import functools
import os

from typer.testing import CliRunner

from benchmarks.bench_extract import make_listing
import foi.documents.pdf as pdf_module
from foi.cli import app
from foi.documents.pdf import read_pdf
from foi.documents.pdf.settings import DEFAULT_SETTINGS

PAGES = 2 * DEFAULT_SETTINGS.pages_per_process + 1  # enough for two runs of pages


def note_reader(readers) -> None:
    """Write down which process got here (a forked process writes to the same file)."""
    with readers.open("a") as f:
        f.write(f"{os.getpid()}\n")


def test_a_listing_read_in_two_processes_is_the_listing_read_in_one(tmp_path, monkeypatch):
    path = tmp_path / "listing.pdf"
    make_listing(path, PAGES, ruled=False)
    one = read_pdf(path)
    readers = tmp_path / "readers.txt"
    real_read_run = pdf_module._read_run

    @functools.wraps(real_read_run)  # same name: the pool sends it by name
    def _read_run(*args):
        note_reader(readers)
        return real_read_run(*args)

    monkeypatch.setattr(pdf_module, "_read_run", _read_run)
    two = read_pdf(path, jobs=2)
    assert len(one.tables) == 1 and one.tables[0].n_rows > 40 * PAGES  # one table over every page
    assert dataclasses.asdict(two) == dataclasses.asdict(one)
    assert readers.read_text().split() not in ([], [str(os.getpid())])  # a second process read some pages


def test_foi_extract_reads_with_jobs(tmp_path):
    path = tmp_path / "listing.pdf"
    make_listing(path, PAGES, ruled=False)
    one = CliRunner().invoke(app, ["extract", str(path), "--json", "--jobs", "1"])
    two = CliRunner().invoke(app, ["extract", str(path), "--json", "--jobs", "2"])
    assert one.exit_code == 0, one.output
    assert two.output == one.output


def test_a_page_that_fails_in_another_process_is_recorded_as_in_one(tmp_path, monkeypatch):
    """A page whose content cannot be parsed, in a run of pages read by a second process: the
    document keeps every other page and says which failed, exactly as when one process reads it."""
    from foi.documents.pdf.pdfium_objects import PdfiumObjects

    path = tmp_path / "listing.pdf"
    make_listing(path, PAGES, ruled=False)
    broken = PAGES - 1  # in the last run: not the one the calling process reads
    real_read = PdfiumObjects.read
    readers = tmp_path / "readers.txt"

    def read(self, page):  # the fault is in the class, so a forked process has it too
        if page.page_number == broken:
            note_reader(readers)
            raise ValueError("damaged content stream")
        return real_read(self, page)

    monkeypatch.setattr(PdfiumObjects, "read", read)
    one = read_pdf(path)
    two = read_pdf(path, jobs=2)
    pids = readers.read_text().split()
    assert pids[0] == str(os.getpid()) and pids[1] != str(os.getpid())  # read here, then by another process
    assert one.error == f"PDF is partly unreadable: page {broken}: ValueError: damaged content stream"
    assert one.pages[broken - 1].text == "" and all(p.text for i, p in enumerate(one.pages) if i != broken - 1)
    assert len(one.tables) == 2  # the listing's table, broken where the page is missing
    assert dataclasses.asdict(two) == dataclasses.asdict(one)
