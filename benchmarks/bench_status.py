"""Time `foi status` on a workspace of 50 requests x 48 forces (every force subject to FOI).

usage: python benchmarks/bench_status.py [--requests 50]
Each case gets a realistic history (sent, acknowledged, some clarifications, extensions and
responses). Prints the time of the library call, of the whole CLI process (`foi status --json`),
and of explaining every case day by day (foi.clock, as `foi build` does).
"""
import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foi.cases import status
from foi.workspace import Event, init_workspace


def make_workspace(root: Path, n_requests: int) -> None:
    ws, _ = init_workspace(root)
    rng = random.Random(1)
    for i in range(n_requests):
        slug = f"request-{i:02d}"
        ws.request_path(slug).write_text(f"title: Request {i}\nbody: Please provide ...\nto: [all]\n")
        lines = []
        sent = dt.date(2024, 1, 8) + dt.timedelta(days=rng.randrange(300))
        for force in ws.load_request(slug).recipients:
            day = sent
            history = [Event(day, force, "sent"), Event(day + dt.timedelta(days=1), force, "acknowledged")]
            roll = rng.random()
            if roll < 0.2:
                history.append(Event(day + dt.timedelta(days=5), force, "clarification-requested"))
                history.append(Event(day + dt.timedelta(days=9), force, "clarified"))
            elif roll < 0.3:
                history.append(Event(day + dt.timedelta(days=25), force, "extended", until=day + dt.timedelta(days=50)))
            if rng.random() < 0.7:
                history.append(Event(day + dt.timedelta(days=rng.randrange(12, 60)), force, "responded", outcome="full"))
            lines += [e.to_line() for e in history]
        ws.case_dir(slug).mkdir(parents=True, exist_ok=True)
        ws.log_path(slug).write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        make_workspace(root, args.requests)
        from foi.workspace import Workspace

        ws = Workspace(root)
        as_of = dt.date(2025, 6, 1)
        start = time.perf_counter()
        report = status(ws, None, as_of)
        library = time.perf_counter() - start
        n_cases = sum(len(c) for _, c in report)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "foi", "-w", str(root), "status", "--json", "--as-of", as_of.isoformat()],
            check=True, capture_output=True,
        )
        cli = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "foi", "-w", str(root), "status", "--as-of", as_of.isoformat()],
                       check=True, capture_output=True)
        table = time.perf_counter() - start
        from foi.clock import request_explanations

        start = time.perf_counter()
        days = sum(len(e.days) for r in ws.requests() for e in request_explanations(ws, r, as_of))
        explain = time.perf_counter() - start
        print(f"{args.requests} requests, {n_cases} cases: library {library * 1000:.0f} ms; "
              f"`foi status --json` {cli * 1000:.0f} ms; `foi status` (tables) {table * 1000:.0f} ms (whole process); "
              f"every case explained day by day ({days} days, as `foi build` does) {explain * 1000:.0f} ms")


if __name__ == "__main__":
    main()
