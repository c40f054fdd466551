"""The build's stamp: what a build read, so that `foi build` with nothing to do answers at once.

A build that ends settled (foi.build.BuildReport.settled: nothing a later build could do
differently with the same files) writes `foi.db-stamp` beside foi.db: a fingerprint of
everything the build depends on, and the report a build with nothing to do would print.
`foi build` checks the fingerprint before it imports Typer, YAML or SQLite (foi.__main__);
when it matches, it prints that report and stops.

The fingerprint is made of file metadata, as make and git's index are: size, modification and
change time and inode of every file and folder under requests/ and responses/ (the files are
the truth), of foi.db and its write-ahead log, of the folders of table pictures; the day the
case states are computed for; foi's own code files and the folders Python imports packages
from (an install or upgrade changes them); the FOI_* settings in the environment. Anything it
cannot be sure of falls to a full build, which is always right: a file touched but not
changed, a stamp from an older foi, a stamp that cannot be read.

The check runs at every such `foi build`, so it imports nothing Python has not loaded to start:
no pathlib, json, hashlib or typing (each pulls in `re`, or OpenSSL, which took longer than the
check). The stamp is written with `marshal`, and the fingerprint is kept whole and compared
whole, not hashed, except the values of FOI_* settings (a password among them), which are kept
as their SHA-256. It is foi's own cache in this Python's format (the Python version is part of
the fingerprint); anything else in its place is not trusted.
"""
from __future__ import annotations

import marshal
import os
import site
import sys

from .workspace_root import DB_NAME, SOURCE_FOLDERS

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations only: importing pathlib costs the no-op more than its check
    from pathlib import Path

STAMP_NAME = DB_NAME + "-stamp"  # beside foi.db, git-ignored by the workspace's `foi.db-*`
FORMAT = 2  # bump when the stamp's contents change: an older stamp is then never trusted
ENV_PREFIX = "FOI_"

# (path, size, modification time, change time, inode): a file copied over another keeping its
# size and time (`cp -p`, rsync) still has a new change time, which no program can set
State = list[tuple[str, int, int, int, int]]


def stamp_path(root: str | os.PathLike) -> Path:
    from pathlib import Path

    return Path(_stamp_file(root))


def _stamp_file(root: str | os.PathLike) -> str:
    return os.path.join(os.fspath(root), STAMP_NAME)


def _walk(top: str, files: bool = True) -> State:
    """Every folder under `top` (and every file, with `files`), sorted, without following links."""
    found: State = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
            info = os.stat(folder)
        except OSError:
            continue  # gone or unreadable: its absence is part of the state
        found.append(_entry(folder, info, size=False))
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(entry.path)
            elif files:
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                found.append(_entry(entry.path, stat))
    found.sort()
    return found


def _entry(path: str, stat: os.stat_result, size: bool = True) -> tuple[str, int, int, int, int]:
    return (path, stat.st_size if size else 0, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _file(path: str) -> tuple[str, int, int, int, int]:
    try:
        return _entry(path, os.stat(path))
    except OSError:
        return (path, -1, -1, -1, -1)


def input_state(root: str | os.PathLike) -> State:
    """The files a build reads: taken before a build and again after, and stamped only if the
    two agree (a file changed while the build ran may have been read before the change)."""
    state: State = []
    for name in SOURCE_FOLDERS:
        state += _walk(os.path.join(os.fspath(root), name))
    return state


def _package_folders() -> list[str]:
    """Where installed packages live (not sys.path, which differs between `foi` and `python -m foi`)."""
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    return [f for f in folders if os.path.isdir(f)]


def _settings() -> list[tuple[str, str]]:
    """The FOI_* settings in the environment, each value as its SHA-256: one may be a password
    (FOI_SMTP_PASSWORD), and the stamp is a file. hashlib is imported only when there are some."""
    found = sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX))
    if not found:
        return []
    import hashlib

    return [(k, hashlib.sha256(v.encode("utf-8", "surrogateescape")).hexdigest()) for k, v in found]


def _fingerprint(root: str | os.PathLike, day: str, inputs: State) -> tuple:
    """Everything the build depends on, as plain values: stored, loaded and compared whole."""
    root = os.fspath(root)
    return (
        FORMAT,
        root,
        day,
        (sys.version, sys.executable),
        _walk(os.path.dirname(os.path.realpath(__file__))),  # foi's code
        [(p, os.stat(p).st_mtime_ns) for p in _package_folders()],
        _settings(),
        inputs,
        (_file(os.path.join(root, DB_NAME)), _file(os.path.join(root, DB_NAME + "-wal"))),
    )


def clear(root: str | os.PathLike) -> None:
    """Forget the stamp: a build is about to change what it describes."""
    try:
        os.unlink(_stamp_file(root))
    except FileNotFoundError:
        pass


def write(root: str | os.PathLike, day: str, inputs: State, report: dict) -> None:
    """Stamp the finished build (foi.db closed): `inputs` as taken before it, the rest as now."""
    path = _stamp_file(root)
    tmp = path + ".tmp"
    try:
        with open(tmp, "wb") as f:
            marshal.dump({"fingerprint": _fingerprint(root, day, inputs), "report": report}, f)
        os.replace(tmp, path)  # never half a stamp
    except (OSError, ValueError):  # a full disk, a read-only folder: the build is done; the next one is merely full
        try:
            os.unlink(tmp)
        except OSError:
            pass


def fresh_report(root: str | os.PathLike, day: str) -> dict | None:
    """The stored no-op report if nothing the build depends on has changed since the stamp; else None."""
    try:
        with open(_stamp_file(root), "rb") as f:
            stamp = marshal.load(f)
        fingerprint, report = stamp["fingerprint"], stamp["report"]
    except Exception:  # missing, unreadable, not a stamp (marshal may raise anything on bytes it did not write)
        return None
    if not _well_formed(report) or fingerprint != _fingerprint(root, day, input_state(root)):
        return None
    return report


def _well_formed(report) -> bool:
    """A report as foi.build.BuildReport.to_stamp makes it (a stamp edited by hand is not one)."""
    return (isinstance(report, dict) and isinstance(report.get("json"), str)
            and isinstance(report.get("messages"), list)
            and all(isinstance(m, (list, tuple)) and len(m) == 3 and all(isinstance(x, str) for x in m)
                    and m[0] in ("out", "err") for m in report["messages"]))
