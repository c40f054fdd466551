"""Tell what a reply file really is from its content, and read it.

Forces' attachments are often misnamed (a spreadsheet called .pdf, a CSV called .xls), so
the kind comes from the file's magic bytes; the name is only used to choose between
plain-text kinds (csv vs txt) and as a last resort.

The checks every reader makes before parsing a file (it exists, is not empty, is the kind it
claims to be, is not password-protected) live here too, so each error reads the same wherever
it is raised.
"""
from __future__ import annotations

import email
import email.policy
import html
import os
import re
import zipfile

from foi.documents.errors import DocumentError
from foi.tables import PageText, ParsedDocument

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD = 64 * 1024

# kinds sniff_kind can return that read_document cannot read, with what to tell the user
UNSUPPORTED = {
    "xls": "old Excel .xls files are not supported: save as .xlsx",
    "doc": "old Word .doc files are not supported: save as .docx",
    "ppt": "old PowerPoint .ppt files are not supported: save as PDF",
    "pptx": "PowerPoint files are not supported: save as PDF",
    "msg": "Outlook .msg files are not supported: save the email as .eml or PDF",
    "ole": "old Microsoft Office files (.xls, .doc) are not supported: save as .xlsx, .docx or PDF",
    "encrypted": "the file is password-protected: save an unprotected copy",
    "odf": "OpenDocument files are not supported: save as .xlsx, .docx or PDF",
    "zip": "ZIP archives are not supported: unpack the files first",
    "rtf": "RTF files are not supported: save as .docx or PDF",
    "html": "web pages are not supported: save as PDF",
    "image": "image files are not supported: the reply needs OCR",
    "unknown": "unrecognised file type",
}

_TEXT_EXTENSIONS = {".txt", ".text", ".log", ".md", ""}
_CSV_EXTENSIONS = {".csv", ".tsv", ".tab"}
_EMAIL_HEADERS = {
    "from", "to", "cc", "subject", "date", "received", "message-id", "mime-version",
    "return-path", "reply-to", "content-type", "x-mailer", "delivered-to", "sender",
}


def _ole_kind(path, ext: str) -> str:
    names = {
        "encrypted": ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le")),
        "doc": ("WordDocument".encode("utf-16-le"),),
        "xls": ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le")),
        "ppt": ("PowerPoint Document".encode("utf-16-le"),),
        "msg": ("__substg1.0_".encode("utf-16-le"),),
    }
    found = set()
    tail = b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            for kind, needles in names.items():
                if kind not in found and any(n in buf for n in needles):
                    found.add(kind)
            tail = buf[-64:]
    for kind in ("encrypted", "msg", "doc", "xls", "ppt"):
        if kind in found:
            return kind
    if ext.startswith(".xl"):
        return "xls"
    return {".doc": "doc", ".dot": "doc", ".ppt": "ppt", ".msg": "msg"}.get(ext, "ole")


def _zip_kind(path, head: bytes, ext: str) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            mimetype = ""
            if "mimetype" in names:
                try:
                    mimetype = z.read("mimetype")[:100].decode("ascii", "replace")
                except Exception:
                    pass
    except (zipfile.BadZipFile, OSError, ValueError):
        # damaged archive: guess from the local file headers near the start
        if b"xl/" in head:
            return "xlsx"
        if b"word/" in head:
            return "docx"
        if b"ppt/" in head:
            return "pptx"
        return {".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx"}.get(ext, "zip")
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return "odf"
    return "zip"


def _decode_head(head: bytes) -> str | None:
    """The head as text if it looks like plain text, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head.decode("utf-16", errors="ignore")
        except UnicodeError:
            return None
    else:
        if b"\x00" in head:
            return None
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            if e.start >= len(head) - 4:  # a character cut in two by the read
                text = head[: e.start].decode("utf-8-sig")
            else:
                text = head.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text) // 200):
        return None
    return text


def _looks_like_email(text: str) -> bool:
    lines = text.replace("\r\n", "\n").split("\n")
    seen = set()
    for line in lines[:80]:
        if not line.strip():
            break  # end of the header block
        if line[0] in " \t":
            continue  # folded header line
        m = re.match(r"([A-Za-z][A-Za-z0-9-]*):", line)
        if not m:
            return False
        seen.add(m.group(1).lower())
    known = seen & _EMAIL_HEADERS
    return len(known) >= 2 and bool(known & {"from", "received", "message-id", "mime-version", "return-path"})


def _looks_like_csv(text: str, delimiters=(",", ";", "\t", "|")) -> bool:
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    if len(text) >= _HEAD and len(lines) > 2:
        lines = lines[:-1]  # may be cut short
    if len(lines) < 2:
        return False
    for d in delimiters:
        counts = [ln.count(d) for ln in lines]
        if counts[0] and sum(1 for c in counts if c == counts[0]) >= 0.8 * len(counts):
            return True
    return False


# ---------------------------------------------------------------- file checks the readers share


def check_readable(path) -> int:
    """The size of a readable, non-empty file; DocumentError otherwise (the spreadsheet, Word and
    text readers' check)."""
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise DocumentError(f"file not found: {os.path.basename(os.fspath(path))}") from None
    except OSError as e:
        raise DocumentError(f"cannot read {os.path.basename(os.fspath(path))}: {e.strerror or e}") from None
    if size == 0:
        raise DocumentError("file is empty")
    return size


def check_office_file(path, what: str) -> None:
    """DocumentError unless `path` is a readable, non-empty Office file without a password
    (`what` names it in the message: "spreadsheet", "Word file")."""
    check_readable(path)
    if is_encrypted_office_file(path):
        raise DocumentError(f"the {what} is password-protected: save an unprotected copy")


def is_encrypted_office_file(path) -> bool:
    """A password-protected .xlsx/.docx is an OLE2 container holding an EncryptedPackage."""
    try:
        with open(path, "rb") as f:
            if f.read(8) != OLE_MAGIC:
                return False
            f.seek(0)
            needles = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
            tail = b""
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    return False
                buf = tail + chunk
                if any(n in buf for n in needles):
                    return True
                tail = buf[-64:]
    except OSError:
        return False


# the first bytes of files that are sent in place of a PDF, and what to tell the user
PDF_LOOKALIKES = [
    (b"PK\x03\x04", "looks like a ZIP archive or an Office document (docx/xlsx)"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Word or Excel file (doc/xls)"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"GIF8", "looks like a GIF image"),
    (b"II*\x00", "looks like a TIFF image"),
    (b"MM\x00*", "looks like a TIFF image"),
    (b"{\\rtf", "looks like an RTF document"),
    (b"Received:", "looks like an email message"),
    (b"From ", "looks like an email message"),
    (b"MIME-Version", "looks like an email message"),
]


def check_pdf_file(path: str) -> None:
    """Raise DocumentError unless `path` is a readable, non-empty file that looks like a whole PDF
    (a "%PDF-" header, an end-of-file marker), saying what it looks like instead."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 8192))
            tail = fh.read()
    except FileNotFoundError:
        raise DocumentError(f"file not found: {path}", path) from None
    except IsADirectoryError:
        raise DocumentError(f"not a file: {path}", path) from None
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror or exc}", path) from None
    if size == 0:
        raise DocumentError("file is empty (0 bytes)", path)
    if b"%PDF-" not in head:
        raise DocumentError(f"not a PDF (starts with {head[:8]!r}{guess_kind(head)})", path)
    if b"%%EOF" not in tail and b"startxref" not in tail:
        raise DocumentError(
            "PDF is corrupt or truncated: the file stops before the end-of-file marker", path
        )


def guess_kind(head: bytes) -> str:
    """": looks like ..." for a file that is not a PDF, from its first bytes ("" if unknown)."""
    for magic, what in PDF_LOOKALIKES:
        if head.startswith(magic):
            return ": " + what
    low = head[:256].lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return ": looks like a web page (HTML)"
    if low.startswith(b"<?xml"):
        return ": looks like an XML file"
    try:
        head.decode("utf-8")
        return ": looks like a text file"
    except UnicodeDecodeError:
        return ""


def sniff_kind(path) -> str:
    """What the file really is: pdf, xlsx, docx, csv, txt, eml, or an unsupported kind
    (xls, doc, ppt, pptx, msg, ole, encrypted, odf, zip, rtf, html, image, unknown)."""
    name = os.path.basename(os.fspath(path))
    check_readable(path)
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError as e:
        raise DocumentError(f"cannot read {name}: {e.strerror or e}") from None
    if not head:
        raise DocumentError("file is empty")
    ext = os.path.splitext(name)[1].lower()

    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(path, head, ext)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path, ext)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return "image"

    text = _decode_head(head)
    if text is None:
        return "unknown"
    if not text.strip():
        raise DocumentError("file is empty")
    stripped = text.lstrip("\ufeff \t\r\n").lower()
    if stripped.startswith(("<!doctype html", "<html")) or (
        stripped.startswith("<") and "<body" in stripped[:4096]
    ):
        return "html"
    if _looks_like_email(text.lstrip("\ufeff")):
        return "eml"
    if ext in _CSV_EXTENSIONS:
        return "csv"
    if ext in _TEXT_EXTENSIONS or ext in (".eml",):
        # Excel's "Text (tab delimited)" and "Unicode Text" exports are .txt
        return "csv" if _looks_like_csv(text, ("\t",)) else "txt"
    # a text file with some other name (.xls, .pdf, .dat ...): decide from the content
    return "csv" if _looks_like_csv(text) else "txt"


def _email_text(path) -> str:
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    body = None
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        body = None
    parts = [body] if body is not None else [p for p in msg.walk() if p.get_content_maintype() == "text"]
    texts = []
    for part in parts:
        try:
            content = part.get_content()
        except Exception:
            payload = part.get_payload(decode=True)  # bytes, or None for a multipart part
            content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
        if not isinstance(content, str):
            continue
        if part.get_content_subtype() == "html":
            content = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", content)
            content = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", content)
            content = html.unescape(re.sub(r"<[^>]+>", "", content))
        texts.append(content.replace("\r\n", "\n").strip())
    return "\n\n".join(t for t in texts if t)


def read_document(path, jobs: int = 1) -> ParsedDocument:
    """Read any supported reply file, whatever its name says (a long PDF's pages in up to
    `jobs` processes)."""
    kind = sniff_kind(path)
    if kind == "pdf":
        from foi.documents.pdf import read_pdf

        return read_pdf(path, jobs=jobs)
    if kind == "xlsx":
        from foi.documents.spreadsheets import read_xlsx

        return read_xlsx(path)
    if kind == "csv":
        from foi.documents.spreadsheets import read_csv

        return read_csv(path)
    if kind == "docx":
        from foi.documents.word import read_docx

        return read_docx(path)
    if kind == "txt":
        from foi.documents.word import read_text

        return read_text(path)
    if kind == "eml":
        try:
            text = _email_text(path)
        except Exception as e:
            raise DocumentError(f"the email could not be read: {type(e).__name__}") from None
        return ParsedDocument(kind="eml", pages=[PageText(number=1, text=text, chars=len(text))], page_count=1)
    raise DocumentError(UNSUPPORTED.get(kind, "unrecognised file type"))


__all__ = ["sniff_kind", "read_document", "check_pdf_file", "UNSUPPORTED"]
