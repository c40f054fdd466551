"""Opening a PDF, and the errors users see when it cannot be opened.

The file's type is checked first (`foi.documents.sniff.check_pdf_file`), so that a Word file or
an e-mail saved as .pdf says what it is; then pdfplumber opens it. An encrypted file and a
corrupt one raise `DocumentError` with a short reason.
"""
from __future__ import annotations

from typing import Optional

from ..errors import DocumentError

ENCRYPTED = "file is encrypted (a password is needed to open it)"


def open_pdf(path: str):
    """The file opened by pdfplumber; DocumentError when it is encrypted or cannot be parsed."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(ENCRYPTED, path) from exc
    except Exception as exc:
        if is_encryption_error(exc):
            raise DocumentError(ENCRYPTED, path) from exc
        raise corrupt_error(exc, path) from exc
    return pdf


def is_encryption_error(exc: Optional[BaseException]) -> bool:
    """Whether `exc`, or one of the errors that led to it, is about a password or encryption."""
    seen = 0
    while exc is not None and seen < 5:
        name = type(exc).__name__
        if "Password" in name or "Encryption" in name:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def short_error(exc: BaseException) -> str:
    """"Type: first line of the message" (at most 120 characters of it), for users' eyes."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    msg = msg[:120]
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def corrupt_error(exc: BaseException, path: object = None) -> DocumentError:
    """The DocumentError for a file that pdfplumber cannot parse."""
    if is_encryption_error(exc):
        return DocumentError(ENCRYPTED, path)
    return DocumentError(f"PDF is corrupt or truncated: {short_error(exc)}", path)


def producer_of(pdf) -> Optional[str]:
    """The program that made the PDF (its Producer), decoded, or None."""
    try:
        meta = pdf.metadata or {}
    except Exception:
        return None
    value = meta.get("Producer")
    if value is None:
        return None
    if isinstance(value, bytes):  # pdfplumber decodes most; a PDF text string is UTF-16 or Latin
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            value = value.decode("utf-16", "replace")
        else:
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                assert isinstance(value, bytes)  # the failed decode did not replace it
                value = value.decode("latin-1")
    value = str(value).strip().strip("\x00")
    return value or None
