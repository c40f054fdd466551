"""Two `foi log` processes at once must both be kept."""
import datetime as dt
import subprocess
import sys

from foi.workspace import read_events

SCRIPT = """
import datetime as dt, sys
from foi.cases import record_events
from foi.workspace import Event, Workspace
from pathlib import Path
ws = Workspace(Path(sys.argv[1]))
request = ws.load_request("images")
for i in range(int(sys.argv[3])):
    record_events(ws, request, [Event(dt.date(2014, 4, 9), sys.argv[2], "acknowledged", note=f"{sys.argv[2]} {i}")])
"""


def test_concurrent_logging_keeps_every_line(workspace):
    from foi.mail import send_request

    send_request(workspace, "images", date=dt.date(2014, 4, 8))
    per_process = 25
    procs = [
        subprocess.Popen([sys.executable, "-c", SCRIPT, str(workspace.root), force, str(per_process)])
        for force in ("metropolitan", "kent", "police-scotland", "northern-ireland")
    ]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    events = read_events(workspace.log_path("images"))
    acks = [e for e in events if e.event == "acknowledged"]
    assert len(acks) == 4 * per_process
    for force in ("metropolitan", "kent"):
        assert sorted(e.note for e in acks if e.force == force) == sorted(f"{force} {i}" for i in range(per_process))
    # every line parses: nothing interleaved
    assert len(workspace.log_path("images").read_text().splitlines()) == 1 + 4 + 4 * per_process
