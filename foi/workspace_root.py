"""Where the workspace is: the one rule, in a module that imports nothing heavy.

`foi build` with nothing to do answers from a stamp before Typer, YAML or SQLite are
imported (foi.build_stamp), and it must find the same workspace the command line would.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from .errors import FoiError

WORKSPACE_ENV = "FOI_WORKSPACE"
REQUESTS_FOLDER = "requests"  # written by people: request files, logs, decisions
RESPONSES_FOLDER = "responses"  # the documents forces sent, as received
SOURCE_FOLDERS = (REQUESTS_FOLDER, RESPONSES_FOLDER)  # the files that are the truth
DB_NAME = "foi.db"
CROPS_FOLDER = ("build", "crops")  # the pictures of the figures' tables; build/ is git-ignored, like foi.db


def find_root(explicit: Optional[str | Path] = None, start: Optional[Path] = None) -> Path:
    """The workspace given, or in $FOI_WORKSPACE, or the nearest folder upwards holding `requests/`."""
    chosen = explicit or os.environ.get(WORKSPACE_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        if not (root / REQUESTS_FOLDER).is_dir():
            raise FoiError(f"{root} is not a foi workspace (no requests/ folder); create one with `foi init {chosen}`")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / REQUESTS_FOLDER).is_dir():
            return folder
    raise FoiError(f"no foi workspace here or above {here}; create one with `foi init` or pass --workspace")
