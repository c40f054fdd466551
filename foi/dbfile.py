"""foi.db as a file: one build at a time, and a broken database rebuilt rather than a traceback.

foi.db is a build product (the workspace's files are the truth), so a database that is not
SQLite, is truncated or is corrupt is set aside as `foi.db-broken-<time>` (kept, in case it
matters to someone; git-ignored like foi.db) and built again from the files.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from .errors import FoiError

LOCK_NAME = "foi.db-lock"  # beside foi.db, git-ignored by the workspace's `foi.db-*`
LOCK_WAIT_SECONDS = 120.0  # how long a second build waits for the first before saying so
SQLITE_HEADER = b"SQLite format 3\x00"
_CORRUPT = ("file is not a database", "malformed", "database disk image", "file is encrypted")


@contextmanager
def build_lock(ws, wait: Optional[float] = None) -> Iterator[None]:
    """Hold the workspace's build lock; wait up to `wait` seconds (LOCK_WAIT_SECONDS) for
    another build to finish, then a FoiError that says one is running."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    path = Path(ws.root) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                if time.monotonic() >= deadline:
                    raise FoiError(
                        f"another foi build is running on this workspace{f' (process {holder})' if holder else ''}; "
                        "run this one again when it has finished"
                    ) from None
                if not told:
                    print(f"waiting for another foi build to finish{f' (process {holder})' if holder else ''} ...",
                          file=sys.stderr, flush=True)
                    told = True
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_corrupt(error: BaseException) -> bool:
    """True for SQLite's errors that mean the file itself is broken (not 'locked', not SQL)."""
    return isinstance(error, sqlite3.DatabaseError) and any(s in str(error).lower() for s in _CORRUPT)


def is_locked(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error).lower()


def looks_like_sqlite(path: Path) -> bool:
    """False for a file that is there and is not an SQLite database (an empty file is fine)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    return not head or head == SQLITE_HEADER


def set_aside(db_path: Path) -> Path:
    """Move a broken database (and its journal) out of the way; returns where it went."""
    db_path = Path(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.name}-broken-{stamp}")
    n = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.name}-broken-{stamp}-{n}")
        n += 1
    os.replace(db_path, target)
    for suffix in ("-journal", "-wal", "-shm"):  # a journal left for the old file would damage the new one
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def warn_set_aside(db_path: Path, target: Path, why: str) -> None:
    print(f"{db_path}: {why}; set aside as {target.name} and built again from the workspace's files",
          file=sys.stderr, flush=True)
