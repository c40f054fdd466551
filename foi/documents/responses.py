"""`foi response add`: store what a force sent and record that it responded."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from ..cases import record_events
from ..errors import FoiError
from ..workspace import OUTCOMES, Event, Workspace
from .store import StoredFile, check_folder, store_file


def add_response(
    ws: Workspace,
    slug: str,
    force: str,
    files: list[Path],
    date: Optional[dt.date] = None,
    outcome: Optional[str] = None,
    ref: Optional[str] = None,
) -> tuple[list[StoredFile], bool]:
    """Store the files under responses/<slug>/<force>/ and record `responded` (once per day).

    Everything is checked first (request, force, history, files): on an error nothing is stored
    or recorded. Returns the stored files and whether an event was recorded.
    """
    request = ws.load_request(slug)
    date = date or dt.date.today()
    if outcome is not None and outcome not in OUTCOMES:
        raise FoiError(f"unknown outcome '{outcome}'; outcomes: {', '.join(OUTCOMES)}")
    for path in files:
        path = Path(path)
        if not path.is_file():
            raise FoiError(f"{path}: no such file")
        if path.stat().st_size == 0:
            raise FoiError(f"{path}: the file is empty")
    folder = ws.responses_dir / slug / force
    check_folder(folder)
    names = ", ".join(Path(f).name for f in files)
    event = Event(date=date, force=force, event="responded", outcome=outcome, ref=ref, extra={"documents": names})
    # Record first (it checks the history), then store: a refused event stores nothing.
    written = record_events(
        ws, request, [event],
        skip_if=lambda e, history: any(h.event == "responded" and h.date == e.date for h in history),
    )
    stored = [store_file(folder, Path(f)) for f in files]
    return stored, bool(written)
