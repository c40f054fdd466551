"""What the tests share: the one rule for a missing tool, workspaces, the example workspace built,
a served site, and reading JSON or YAML. A test file defines a fixture of its own only for
set-up no other file repeats."""
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import pytest
import yaml

from foi.workspace import Workspace, init_workspace

REPO = Path(__file__).resolve().parents[1]
D = dt.date.fromisoformat
SENT = D("2024-02-20")  # when the `sent_workspace` request went out
EXAMPLE_AS_OF = D("2026-11-24")  # the example workspace is built as of this day

REQUEST_YAML = textwrap.dedent(
    """\
    title: Officers investigated for obscene images
    body: |
      Please provide, for each calendar year since 2006, the number of officers investigated.
    to: [metropolitan, kent, police-scotland, northern-ireland]
    periods: calendar-year
    since: 2006
    measures:
      officers: [officers, officers investigated]
      allegations: [allegations]
    """
)


# ------------------------------------------------------------------ tools a test needs


def in_ci() -> bool:
    """The one rule for "running under CI": CI=true (or 1), as .ci/run is run."""
    return os.environ.get("CI", "").lower() in ("true", "1")


def requires_that(available: bool, what: str) -> None:
    """Skip the calling test when `what` is not available, except under CI, where it is a failure:
    a skipped test must never pass for a test that ran. Every such decision is made here."""
    if available:
        return
    if in_ci():
        pytest.fail(f"CI must have it: {what}", pytrace=False)
    pytest.skip(what)


def requires(tool: str | tuple[str, ...], why: str = "") -> str:
    """The path of an external tool (the first found of a tuple of alternatives), or, without it,
    skip locally and fail under CI (requires_that)."""
    names = (tool,) if isinstance(tool, str) else tool
    found = next((path for path in map(shutil.which, names) if path), None)
    requires_that(found is not None, " or ".join(names) + " is not installed" + (f" ({why})" if why else ""))
    return found


def soffice() -> str:
    """LibreOffice, by either of its command names."""
    return requires(("soffice", "libreoffice"), "Word documents are converted to PDF with it")


def requires_ocr() -> str:
    """OCRmyPDF and Tesseract as the build finds them (foi.documents.ocr.ocr_available): their
    versions, or skip locally and fail under CI."""
    from foi.documents.ocr import ocr_available

    ok, detail = ocr_available()
    requires_that(ok, f"OCR not available: {detail}")
    return detail


# ------------------------------------------------------------------ reading files


def load_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_yaml(path: Path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


# ------------------------------------------------------------------ workspaces


@pytest.fixture
def new_workspace(tmp_path: Path):
    """A function: a fresh workspace under tmp_path with the requests given as {slug: YAML text}."""
    def make(requests: dict[str, str], name: str = "ws") -> Workspace:
        ws, _ = init_workspace(tmp_path / name)
        for slug, text in requests.items():
            ws.request_path(slug).write_text(text, encoding="utf-8")
        return ws

    return make


@pytest.fixture
def workspace(new_workspace):
    """A workspace with one request, `images`, to four forces (REQUEST_YAML), not yet sent."""
    return new_workspace({"images": REQUEST_YAML})


@pytest.fixture
def sent_workspace(workspace):
    """`workspace` with `images` sent on SENT."""
    from foi.mail import send_request

    send_request(workspace, "images", date=SENT)
    return workspace


FOI_ENVIRONMENT = ("FOI_FROM_NAME", "FOI_FROM_EMAIL", "FOI_SMTP_PASSWORD", "FOI_WORKSPACE")


@pytest.fixture
def clean_env(monkeypatch):
    """None of foi's own environment variables set: the developer's own must not leak into a test."""
    for name in FOI_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def today():
    return dt.date.today()


def copy_example(root: Path, slugs: list[str] | None = None, metadata: bool = False) -> Workspace:
    """The repository's example workspace (its requests and responses, all or the slugs given),
    copied to root so that a build writes nothing into the repository."""
    root.mkdir(parents=True)
    if slugs is None:
        shutil.copytree(REPO / "requests", root / "requests")
        shutil.copytree(REPO / "responses", root / "responses")
    else:
        (root / "requests").mkdir()
        for slug in slugs:
            shutil.copy(REPO / "requests" / f"{slug}.yml", root / "requests")
            if (REPO / "requests" / slug).is_dir():
                shutil.copytree(REPO / "requests" / slug, root / "requests" / slug)
            shutil.copytree(REPO / "responses" / slug, root / "responses" / slug)
    if metadata:
        shutil.copy(REPO / "metadata.yml", root / "metadata.yml")
    return Workspace(root)


@pytest.fixture(scope="module")
def example_built(tmp_path_factory):
    """The repository's example workspace with its metadata, copied and built once a module
    (as of EXAMPLE_AS_OF): (workspace, build report)."""
    from foi.build import build

    ws = copy_example(tmp_path_factory.mktemp("example") / "ws", metadata=True)
    return ws, build(ws, as_of=EXAMPLE_AS_OF, jobs=1)


# ------------------------------------------------------------------ a served site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(base: str, process: subprocess.Popen) -> None:
    """Until Datasette answers at `base`; fails with what the server printed if it died or hung."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urlopen(f"{base}/-/versions.json", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"foi serve did not start: {process.stdout.read()}")
        time.sleep(0.2)


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout:
        process.stdout.close()


@contextmanager
def serving(ws: Workspace):
    """`foi serve` on ws at a free port of 127.0.0.1: yields (base URL, process); stopped after."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "foi", "-w", str(ws.root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # what it prints arrives as a terminal would show it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(base, process)
        yield base, process
    finally:
        stop_server(process)


# ------------------------------------------------------------------ a real browser

CHROMIUM = "/usr/bin/chromium"  # Debian's package: Playwright's own browser download is never used
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def requires_browser():
    """Playwright's sync_playwright, with the system Chromium there to drive (requires_that)."""
    import importlib.util

    requires_that(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    requires_that(importlib.util.find_spec("playwright") is not None,
                  "the playwright package is not installed (pip install -e '.[test]')")
    from playwright.sync_api import sync_playwright

    return sync_playwright
