"""Store response documents as received, under responses/<slug>/<force>/.

A file is never overwritten: a different file with the same name is stored under a new name,
and the same content added twice (recognised by its SHA-256) is stored once.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import FoiError

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class StoredFile:
    path: Path  # where it is in the workspace
    sha256: str
    new: bool  # False when the same content was already there


MAX_NAME_BYTES = 150  # file systems allow 255 bytes; room is left for "-2" and for the folder's own tools


def safe_name(name: str) -> str:
    """A file name that cannot escape its folder or upset a shell, at most MAX_NAME_BYTES long
    (its extension kept: it says what the file is)."""
    name = Path(name.replace("\\", "/")).name.strip()
    name = re.sub(r"[^\w.() -]+", "_", name).strip(". ")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        suffix = f".{suffix}" if dot and stem and 0 < len(suffix) <= 10 else ""
        stem = name[: len(name) - len(suffix)] if suffix else name
        room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
        stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
        name = stem + suffix
    return name or "document"


def _free_name(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def check_folder(folder: Path) -> None:
    """responses/<slug>/<force>/ must be real folders: one that is a symbolic link may lead
    anywhere (the build does not follow such links either)."""
    for part in (folder.parent, folder):
        if part.is_symlink():
            raise FoiError(f"{part} is a symbolic link: foi stores nothing through it; make it a real folder")


def store_bytes(folder: Path, name: str, data: bytes) -> StoredFile:
    """Store data as `name` in folder, unless identical content is already there."""
    check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    digest = sha256_bytes(data)
    for existing in sorted(folder.iterdir()):
        if existing.is_file() and existing.stat().st_size == len(data) and sha256_file(existing) == digest:
            return StoredFile(existing, digest, new=False)
    # Write to a temporary file then rename: a crash never leaves half a document behind.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        target = _free_name(folder, safe_name(name))
        os.link(tmp, target)  # fails rather than overwrite if the name was taken meanwhile
    finally:
        os.unlink(tmp)
    return StoredFile(target, digest, new=True)


def store_file(folder: Path, source: Path) -> StoredFile:
    source = Path(source)
    if not source.is_file():
        raise FoiError(f"{source}: no such file")
    size = source.stat().st_size
    if size == 0:
        raise FoiError(f"{source}: the file is empty")
    check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    digest = sha256_file(source)
    for existing in sorted(folder.iterdir()):
        if existing.is_file() and existing.stat().st_size == size and sha256_file(existing) == digest:
            return StoredFile(existing, digest, new=False)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        target = _free_name(folder, safe_name(source.name))
        os.link(tmp, target)
    finally:
        os.unlink(tmp)
    return StoredFile(target, digest, new=True)


def is_stored_document(path: Path) -> bool:
    """Files foi should read: not hidden files, not temporary ones, not OCR'd copies' sidecars."""
    return path.is_file() and not path.name.startswith(".")
