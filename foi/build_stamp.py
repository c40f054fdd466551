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
"""
from __future__ import annotations

import hashlib
import json
import os
import site
import sys
from pathlib import Path
from typing import Any, Optional

from .workspace_root import DB_NAME, SOURCE_FOLDERS

STAMP_NAME = DB_NAME + "-stamp"  # beside foi.db, git-ignored by the workspace's `foi.db-*`
FORMAT = 1  # bump when the stamp's contents change: an older stamp is then never trusted
ENV_PREFIX = "FOI_"

# (path, size, modification time, change time, inode): a file copied over another keeping its
# size and time (`cp -p`, rsync) still has a new change time, which no program can set
State = list[tuple[str, int, int, int, int]]


def stamp_path(root: Path) -> Path:
    return Path(root) / STAMP_NAME


def _walk(top: Path, files: bool = True) -> State:
    """Every folder under `top` (and every file, with `files`), sorted, without following links."""
    found: State = []
    stack = [str(top)]
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


def _file(path: Path) -> tuple[str, int, int, int, int]:
    try:
        return _entry(str(path), os.stat(path))
    except OSError:
        return (str(path), -1, -1, -1, -1)


def input_state(root: Path) -> State:
    """The files a build reads: taken before a build and again after, and stamped only if the
    two agree (a file changed while the build ran may have been read before the change)."""
    state: State = []
    for name in SOURCE_FOLDERS:
        state += _walk(Path(root) / name)
    return state


def _package_folders() -> list[str]:
    """Where installed packages live (not sys.path, which differs between `foi` and `python -m foi`)."""
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    return [f for f in folders if os.path.isdir(f)]


def _fingerprint(root: Path, day: str, inputs: State) -> str:
    code = Path(__file__).resolve().parent
    parts: dict[str, Any] = {
        "format": FORMAT,
        "root": str(root),
        "day": day,
        "python": [sys.version, sys.executable],
        "code": _walk(code),
        "packages": [(p, os.stat(p).st_mtime_ns) for p in _package_folders()],
        "env": sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX)),
        "inputs": inputs,
        "database": [_file(Path(root) / DB_NAME), _file(Path(root) / (DB_NAME + "-wal"))],
    }
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def clear(root: Path) -> None:
    """Forget the stamp: a build is about to change what it describes."""
    stamp_path(root).unlink(missing_ok=True)


def write(root: Path, day: str, inputs: State, report: dict) -> None:
    """Stamp the finished build (foi.db closed): `inputs` as taken before it, the rest as now."""
    path = stamp_path(root)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"fingerprint": _fingerprint(root, day, inputs), "report": report}), encoding="utf-8")
        os.replace(tmp, path)  # never half a stamp
    except OSError:  # a full disk, a read-only folder: the build is done; the next one is merely full
        tmp.unlink(missing_ok=True)


def fresh_report(root: Path, day: str) -> Optional[dict]:
    """The stored no-op report if nothing the build depends on has changed since the stamp; else None."""
    try:
        stamp = json.loads(stamp_path(root).read_text(encoding="utf-8"))
        fingerprint, report = stamp["fingerprint"], stamp["report"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _well_formed(report) or fingerprint != _fingerprint(root, day, input_state(root)):
        return None
    return report


def _well_formed(report) -> bool:
    """A report as foi.build.BuildReport.to_stamp makes it (a stamp edited by hand is not one)."""
    return (isinstance(report, dict) and isinstance(report.get("json"), str)
            and isinstance(report.get("messages"), list)
            and all(isinstance(m, list) and len(m) == 3 and all(isinstance(x, str) for x in m)
                    and m[0] in ("out", "err") for m in report["messages"]))
