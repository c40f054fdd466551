"""Errors shared by every document reader."""
from __future__ import annotations

from ..errors import FoiError  # a leaf module: the readers still import nothing of later stages


class DocumentError(FoiError):
    """A document that cannot be read at all, with a one-line message for the user.

    Examples: "file is empty", "file is encrypted (a password is needed to open it)",
    "not a PDF (starts with b'PK\\x03\\x04': looks like a ZIP archive or Office document)",
    "PDF is corrupt or truncated: ...", "PDF has no pages".
    """

    def __init__(self, message: str, path: object = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message
