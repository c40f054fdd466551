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


def test_a_listing_read_in_two_processes_is_the_listing_read_in_one(tmp_path, monkeypatch):
    path = tmp_path / "listing.pdf"
    make_listing(path, PAGES, ruled=False)
    one = read_pdf(path)
    readers = tmp_path / "readers.txt"
    real_read_run = pdf_module._read_run

    @functools.wraps(real_read_run)  # same name: the pool sends it by name
    def _read_run(*args):
        with readers.open("a") as f:
            f.write(f"{os.getpid()}\n")
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
