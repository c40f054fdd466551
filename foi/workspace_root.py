"""Where the workspace is: the one rule, in a module that imports nothing heavy.

`foi build` with nothing to do answers from a stamp before Typer, YAML or SQLite are
imported (foi.build_stamp), and it must find the same workspace the command line would.
"""
from __future__ import annotations

import os

from .errors import FoiError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: the no-op build never imports pathlib
    from pathlib import Path

WORKSPACE_ENV = "FOI_WORKSPACE"
REQUESTS_FOLDER = "requests"  # written by people: request files, logs, decisions
RESPONSES_FOLDER = "responses"  # the documents forces sent, as received
SOURCE_FOLDERS = (REQUESTS_FOLDER, RESPONSES_FOLDER)  # the files that are the truth
DB_NAME = "foi.db"
CROPS_FOLDER = ("build", "crops")  # the pictures of the figures' tables; build/ is git-ignored, like foi.db


def find_root(explicit: str | os.PathLike | None = None, start: str | os.PathLike | None = None) -> Path:
    """The workspace given, or in $FOI_WORKSPACE, or the nearest folder upwards holding `requests/`."""
    from pathlib import Path

    return Path(find_root_path(explicit, start))


def find_root_path(explicit: str | os.PathLike | None = None, start: str | os.PathLike | None = None) -> str:
    """`find_root` as a string, found with os.path alone (the no-op build calls it)."""
    chosen = explicit or os.environ.get(WORKSPACE_ENV)
    if chosen:
        root = os.path.realpath(os.path.expanduser(os.fspath(chosen)))
        if not os.path.isdir(os.path.join(root, REQUESTS_FOLDER)):
            raise FoiError(f"{root} is not a foi workspace (no requests/ folder); create one with `foi init {os.fspath(chosen)}`")
        return root
    here = os.path.realpath(os.fspath(start) if start is not None else os.getcwd())
    folder = here
    while True:
        if os.path.isdir(os.path.join(folder, REQUESTS_FOLDER)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            raise FoiError(f"no foi workspace here or above {here}; create one with `foi init` or pass --workspace")
        folder = parent
