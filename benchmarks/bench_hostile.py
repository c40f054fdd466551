"""How long `foi build` takes to refuse each hostile document of issue 12, and its peak memory.

usage: python benchmarks/bench_hostile.py [--seconds 120] [--only NAME ...]

Each document is built alone in a fresh workspace by a real `foi build` process; the time is the
whole process's, the memory the largest resident set of it and its workers. With --seconds the
time limit is lowered (FOI_LIMIT_SECONDS) so the nested-XObject case does not take the full
default two minutes (the limits can be set from the environment: README, "Limits").
"""
import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foi.mail import send_request  # noqa: E402
from foi.workspace import init_workspace  # noqa: E402
from tests.hostile import inflating_xlsx, nested_xobjects_pdf, pdf_with_pages  # noqa: E402

WRAPPER = (
    "import resource, subprocess, sys, pathlib; r = subprocess.run(sys.argv[2:]); "
    "pathlib.Path(sys.argv[1]).write_text(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(r.returncode)"
)
REQUEST = "title: T\nbody: B\nto: [kent]\nmeasures:\n  officers: [officers]\n"


def inflating_docx(path: Path, megabytes: int) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Dear requester, the figures are below.")
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/padding.xml", b"<a>" + b" " * (megabytes * 1024 * 1024) + b"</a>")
    path.write_bytes(buf.getvalue())
    return path


def wide_csv(path: Path) -> Path:
    rows = ["Year," + ",".join(f"officers {c}" for c in range(19))]
    rows += [f"{2000 + r % 20}," + ",".join(str(r % 7) for _ in range(19)) for r in range(20_000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


CASES = {
    "nested-xobjects.pdf": lambda p: nested_xobjects_pdf(p, depth=28),
    "giant-page.pdf": lambda p: pdf_with_pages(p, 1, side=14400),
    "2500-pages.pdf": lambda p: pdf_with_pages(p, 2500),
    "inflating.xlsx": lambda p: inflating_xlsx(p, megabytes=44),
    "inflating.docx": lambda p: inflating_docx(p, megabytes=48),
    "20x20001.csv": wide_csv,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=None, help="the per-document time limit (default: the setting's)")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    print(f"| document | size | refused in | peak memory | error |\n|---|---|---|---|---|")
    for name, make in CASES.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            ws, _ = init_workspace(Path(tmp) / "ws")
            ws.request_path("r").write_text(REQUEST, encoding="utf-8")
            send_request(ws, "r", date=dt.date(2024, 1, 2))
            folder = ws.responses_dir / "r" / "kent"
            folder.mkdir(parents=True)
            path = make(folder / name)
            env = dict(os.environ)
            if args.seconds:
                env["FOI_LIMIT_SECONDS"] = str(args.seconds)
            # a wrapper process per case reports the peak of `foi build` and its workers alone
            rss_file = Path(tmp) / "rss"
            start = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", WRAPPER, str(rss_file), sys.executable, "-m", "foi", "-w", str(ws.root),
                                  "build", "--json", "--as-of", "2024-03-01"], capture_output=True, text=True, env=env)
            took = time.perf_counter() - start
            peak = int(rss_file.read_text())
            report = json.loads(out.stdout) if out.returncode == 0 else {}
            errors = {e["document"]: e["error"] for e in report.get("documents", {}).get("errors", [])}
            error = errors.get(f"r/kent/{name}", out.stderr.strip()[-200:] or "read without error")
            print(f"| {name} | {path.stat().st_size / 1024:,.1f} KB | {took:.1f} s | {peak / 1024:,.0f} MB | {error} |",
                  flush=True)


if __name__ == "__main__":
    main()
