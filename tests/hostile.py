"""Hostile documents built in code: small files that cost a naive reader minutes or gigabytes."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (numbered from 1; object 1 is the catalog), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def nested_xobjects_pdf(path: Path, depth: int = 28) -> Path:
    """One page drawing a form that draws the next form twice, `depth` deep: 2**depth draws from 3 KB."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
        _stream(b"q /X Do Q"),
        font,
    ]
    for level in range(depth):
        number = 6 + level
        if level == depth - 1:
            content = b"BT /F 8 Tf 10 10 Td (7) Tj ET"
            resources = b"/Resources << /Font << /F 5 0 R >> >>"
        else:
            content = b"q /X Do Q q 1 0 0 1 1 0 cm /X Do Q"
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        objects.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources))
    path.write_bytes(raw_pdf(objects))
    return path


def pdf_with_pages(path: Path, pages: int, side: float = 612) -> Path:
    """A PDF of `pages` pages of `side` points square, each with one word on it."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), font,
               _stream(b"BT /F 12 Tf 72 72 Td (Page) Tj ET")]
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F 3 0 R >> >> /Contents 4 0 R >>" % (side, side))
        objects.append(b"<< >>")  # keeps the numbering simple: pages are odd objects from 5
    path.write_bytes(raw_pdf(objects))
    return path


def inflating_xlsx(path: Path, megabytes: int) -> Path:
    """A real XLSX (openpyxl) with an extra part that unzips to `megabytes` MB of XML."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Year", "Officers"])
    wb.active.append(["2015", "3"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.xml", b"<a>" + b" " * (megabytes * 1024 * 1024) + b"</a>")
    path.write_bytes(buf.getvalue())
    return path
