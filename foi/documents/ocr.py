"""OCR for scanned answers, so that no force's figures are lost because its letter was printed and scanned.

`read_pdf` marks the pages that have no usable text layer (`PageText.needs_ocr`). The build then
runs OCRmyPDF (with Tesseract) on those pages only, in the worker that parses the document, and
reads the OCR'd copy instead of the original.

* The copy is kept beside the original, never in place of it:
  `responses/<slug>/<force>/.ocr/<sha256 prefix>-<name>.pdf`, with a `.json` beside it saying what
  was done (engine, versions, pages, confidence). The hidden folder keeps the build from treating
  the copy as a document.
* It is a cache by content: a file whose SHA-256 was OCR'd before is not OCR'd again, even after
  `foi.db` is deleted or the file renamed within the force's folder.
* Tesseract reads a table's ruled lines as "|" characters, which glue a row's cells together,
  and the table reader only sees the rules of a PDF drawn as vector lines, not those in a scan.
  This module is therefore also an OCRmyPDF plugin (`--plugin` this file): `filter_ocr_image`
  erases long thin rules and isolated specks of dirt from the image Tesseract sees (the copy
  keeps the page as scanned) and notes where the rules were; after OCR, those that form grids
  are drawn into the copy as thin vector lines over the scanned ones, so a scanned ruled table
  is read by its grid like a born-digital one. What OCR still leaves at the edges of table
  cells ("2013 |", "23°") is cleaned off (`clean_ocr_cell`); digits and letters never change.
  For that reason the module imports nothing but the standard library at the top level: OCRmyPDF
  loads it with its own Python, where only Pillow and OCRmyPDF can be counted on.
* The mean confidence of the words Tesseract read (its hOCR `x_wconf`, 0-100) is recorded per
  page and per document, and figures read from OCR'd pages are flagged for review unless their
  table's total checks out (foi.figures.store).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

INSTALL_HINT = "apt-get install ocrmypdf tesseract-ocr tesseract-ocr-eng"
LANGUAGE = "eng"
OCR_DIR = ".ocr"  # beside the originals, in each force's folder
ENGINE = "ocrmypdf"
HASH_PREFIX = 16  # hex digits of the SHA-256 in the cached copy's name
# OCRmyPDF gives up on a page after --tesseract-timeout (180 s); the whole run gets this much
RUN_TIMEOUT_BASE = 120.0
RUN_TIMEOUT_PER_PAGE = 240.0

RULES_ENV = "FOI_OCR_RULES_DIR"  # where the plugin writes the rules it found, one JSON file per page
RULE_WIDTH_PT = 0.5  # the vector rules drawn into the copy

PageProgress = Callable[[int, int], None]  # (pages done, pages to do)


class OcrError(Exception):
    """OCR was tried and failed: a one-line message for the user."""


@dataclass
class OcrResult:
    engine: str  # "ocrmypdf"
    engine_version: str  # "14.0.1 (tesseract 5.3.0)"
    mean_confidence: Optional[float]  # mean Tesseract confidence (0-100) of the words read
    pages_done: list[int]  # 1-based pages that were OCR'd
    seconds: float  # time spent running OCR (0 when the copy came from the cache)
    path: Path  # the OCR'd copy
    page_confidence: dict[int, Optional[float]] = field(default_factory=dict)
    words: int = 0  # words read, over all OCR'd pages
    cached: bool = False  # the copy was already there


# =============================================================================================
# Is OCR installed?
# =============================================================================================

_AVAILABLE: dict[str, tuple[bool, str]] = {}


def _version(cmd: list[str]) -> Optional[str]:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    text = (out.stdout or "") + "\n" + (out.stderr or "")
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)", text)
    return m.group(1) if m else text.strip().splitlines()[0] if text.strip() else "?"


def ocr_available() -> tuple[bool, str]:
    """(True, "ocrmypdf 14.0.1, tesseract 5.3.0") when OCR can run here, else (False, what to do).

    OCRmyPDF and Tesseract must be on PATH, with Tesseract's English data. The answer is cached per
    process for the current PATH.
    """
    key = os.environ.get("PATH", "")
    if key in _AVAILABLE:
        return _AVAILABLE[key]
    missing = [name for name in ("ocrmypdf", "tesseract") if shutil.which(name) is None]
    if missing:
        result = (False, f"{' and '.join(missing)} not found: install with `{INSTALL_HINT}`")
    else:
        ocrmypdf_v = _version(["ocrmypdf", "--version"])
        tesseract_v = _version(["tesseract", "--version"])
        langs = _languages()
        if ocrmypdf_v is None or tesseract_v is None:
            broken = "ocrmypdf" if ocrmypdf_v is None else "tesseract"
            result = (False, f"{broken} is installed but does not run: reinstall with `{INSTALL_HINT}`")
        elif LANGUAGE not in langs:
            result = (False, f"Tesseract has no English data: install with `{INSTALL_HINT}`")
        else:
            result = (True, f"ocrmypdf {ocrmypdf_v}, tesseract {tesseract_v}")
    _AVAILABLE[key] = result
    return result


def _languages() -> set[str]:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line.strip() for line in (out.stdout + "\n" + out.stderr).splitlines()[1:] if line.strip()}


def engine_version() -> str:
    ok, detail = ocr_available()
    if not ok:
        return ""
    m = re.match(r"ocrmypdf (\S+), tesseract (\S+)", detail)
    return f"{m.group(1)} (tesseract {m.group(2)})" if m else detail


def unpaper_available() -> bool:
    """OCRmyPDF's --clean needs unpaper, which Debian only recommends."""
    return shutil.which("unpaper") is not None


# =============================================================================================
# Running OCRmyPDF
# =============================================================================================


def ocr_command(src: Path, dest: Path, pages: Sequence[int], *, text_pages: Iterable[int] = (), jobs: int = 1,
                clean: Optional[bool] = None) -> list[str]:
    """The OCRmyPDF command line for `pages` of `src`.

    Pages with no text at all are OCR'd with --skip-text (a no-op guard there). A page whose
    only text is a header, a stamp or a page number over a scan must be OCR'd all the same:
    --skip-text would skip it and --redo-ocr cannot deskew, so it gets --force-ocr (the page
    is rasterised in the copy, and its header is read back by OCR).
    """
    pages = sorted(set(int(p) for p in pages))
    mode = "--force-ocr" if set(text_pages) & set(pages) else "--skip-text"
    cmd = [
        "ocrmypdf",
        "--pages", ",".join(str(p) for p in pages),
        mode,
        "--deskew",
        "--rotate-pages",
        "-l", LANGUAGE,
        "--output-type", "pdf",
        "--pdf-renderer", "hocr",  # one text object per word: the table reader needs the word boxes
        "--jobs", str(max(1, jobs)),
        "--optimize", "0",
        "--plugin", str(Path(__file__).resolve()),
        "--keep-temporary-files",  # the hOCR files hold the word confidences
        "--quiet",
    ]
    if clean is None:
        clean = unpaper_available()
    if clean:
        cmd.insert(cmd.index("--rotate-pages"), "--clean")
    return cmd + [str(src), str(dest)]


# Process groups of the OCRmyPDF runs going on in this process (foi.documents.workers kills them
# when the build that started this worker is killed).
RUNNING_GROUPS: set[int] = set()


def ocr_pdf(src: Path, dest: Path, pages: Sequence[int], *, text_pages: Iterable[int] = (), jobs: int = 1,
            on_page: Optional[PageProgress] = None, timeout: Optional[float] = None) -> OcrResult:
    """OCR `pages` (1-based) of `src` into `dest` with OCRmyPDF; the other pages are copied as they are.

    Writes a temporary file beside `dest` and renames it into place, so `dest` is either absent
    or complete. `on_page(done, total)` is called as pages finish. Raises OcrError.
    """
    src, dest = Path(src), Path(dest)
    pages = sorted(set(int(p) for p in pages))
    if not pages:
        raise OcrError("no pages to OCR")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = dest.with_name(f".{dest.stem}.{os.getpid()}.tmp.pdf")
    work = Path(tempfile.mkdtemp(prefix="foi-ocr-"))
    timeout = timeout if timeout is not None else RUN_TIMEOUT_BASE + RUN_TIMEOUT_PER_PAGE * len(pages)
    start = time.perf_counter()
    try:
        cmd = ocr_command(src, tmp_out, pages, text_pages=text_pages, jobs=jobs)
        rules_dir = work / "rules"
        rules_dir.mkdir()
        # OCRmyPDF keeps its working files (hOCR) in TMPDIR; the plugin notes the rules it erased
        env = dict(os.environ, TMPDIR=str(work), **{RULES_ENV: str(rules_dir)})
        log_path = work / "ocrmypdf.log"
        with open(log_path, "wb") as log:
            try:
                # its own process group, so that a run stopped half-way takes Tesseract and Ghostscript with it
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env, start_new_session=True)
            except OSError as e:
                raise OcrError(f"could not run ocrmypdf ({e.strerror or e}): install with `{INSTALL_HINT}`") from e
            RUNNING_GROUPS.add(proc.pid)  # for a build worker stopped from outside to stop it too
            done = -1
            try:
                while True:
                    try:
                        rc = proc.wait(timeout=0.5)
                        break
                    except subprocess.TimeoutExpired:
                        pass
                    if on_page:
                        now = min(len(_hocr_files(work)), len(pages))
                        if now != done:
                            done = now
                            on_page(done, len(pages))
                    if time.perf_counter() - start > timeout:
                        raise OcrError(f"OCR took longer than {timeout:.0f}s and was stopped")
            finally:
                if proc.poll() is None:
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except OSError:
                        proc.kill()
                    proc.wait()
                RUNNING_GROUPS.discard(proc.pid)
        if rc != 0 or not tmp_out.is_file():
            raise OcrError(f"ocrmypdf failed (exit status {rc}): {_last_error(log_path)}")
        confidences = {p: words for p, words in _read_confidences(work).items() if p in pages}
        try:
            draw_rules(tmp_out, _read_rules(rules_dir, pages))
        except Exception:  # the copy is still good without them: its tables are read by white space
            pass
        if on_page:
            on_page(len(pages), len(pages))
        os.replace(tmp_out, dest)
    finally:
        tmp_out.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    all_words = [c for words in confidences.values() for c in words]
    return OcrResult(
        engine=ENGINE,
        engine_version=engine_version(),
        mean_confidence=_mean(all_words),
        pages_done=pages,
        seconds=round(time.perf_counter() - start, 3),
        page_confidence={p: _mean(confidences.get(p, [])) for p in pages},
        words=len(all_words),
        path=dest,
    )


def _hocr_files(work: Path) -> list[Path]:
    return list(work.glob("*/*_ocr_hocr.hocr"))


_WCONF = re.compile(r"x_wconf\s+(-?\d+(?:\.\d+)?)")


def hocr_confidences(hocr: str) -> list[float]:
    """The confidence (0-100) of every word of an hOCR page; words with a negative one are left out."""
    out = []
    for m in re.finditer(r"<span[^>]*class=['\"]ocrx_word['\"][^>]*>", hocr):
        c = _WCONF.search(m.group(0))
        if c and float(c.group(1)) >= 0:
            out.append(float(c.group(1)))
    return out


def _read_confidences(work: Path) -> dict[int, list[float]]:
    out: dict[int, list[float]] = {}
    for path in _hocr_files(work):
        m = re.match(r"(\d+)_", path.name)
        if not m:
            continue
        try:
            out[int(m.group(1))] = hocr_confidences(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return out


def _mean(values: Sequence[float]) -> Optional[float]:
    return round(sum(values) / len(values), 1) if values else None


def _last_error(log_path: Path) -> str:
    try:
        lines = [ln.strip() for ln in log_path.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return "no message"
    lines = [ln for ln in lines if ln and ln != "Opened a file" and not ln.startswith("Temporary working files")]
    tail = [ln for ln in lines if "error" in ln.lower()] or lines
    return (tail[-1] if tail else "no message")[:300]


def _read_rules(rules_dir: Path, pages: Sequence[int]) -> dict[int, dict]:
    out = {}
    for page in pages:
        path = rules_dir / f"{page:06d}.json"
        if path.is_file():
            try:
                out[page] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
    return out


GRID_MIN_LINES = 3  # a grid has at least this many horizontal and this many vertical rules (2 x 2 cells)
GRID_TOLERANCE_INCH = 0.05  # how near a rule's end must come to another rule to meet it


def meeting_groups(hs: Sequence, vs: Sequence, meet) -> list[list[int]]:
    """Horizontal and vertical rules grouped where they meet, each group a list of indices: i
    below len(hs) is hs[i], else vs[i - len(hs)]. `meet(h, v)` says whether two rules meet."""
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if meet(h, v):
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def grid_rules(found: dict) -> dict:
    """Only the rules that make up grids (a table's): not a lone underline, a frame round a
    picture or a box round a block of text, which would make the table reader see tables there."""
    hs, vs = list(found.get("h", [])), list(found.get("v", []))
    dx, dy = found.get("dpi") or (300.0, 300.0)
    tx, ty = GRID_TOLERANCE_INCH * dx, GRID_TOLERANCE_INCH * dy

    def meet(h, v) -> bool:
        (y, x0, x1, _), (x, y0, y1, _) = h, v
        return x0 - tx <= x <= x1 + tx and y0 - ty <= y <= y1 + ty

    keep = set()
    for members in meeting_groups(hs, vs, meet):
        nh = sum(1 for i in members if i < len(hs))
        if nh >= GRID_MIN_LINES and len(members) - nh >= GRID_MIN_LINES:
            keep.update(members)
    return dict(found, h=[hs[i] for i in range(len(hs)) if i in keep], v=[vs[j] for j in range(len(vs)) if len(hs) + j in keep])


def draw_rules(pdf_path: Path, rules: dict[int, dict]) -> int:
    """Draw the grids of rules found in page images (pixels, top-left origin) into a PDF as vector lines.

    The page image of an OCR'd page fills the page, so pixels map to points by scale alone.
    Pages turned by /Rotate are left alone. Returns how many lines were drawn."""
    rules = {page: grid_rules(found) for page, found in rules.items()}
    if not any(r.get("h") or r.get("v") for r in rules.values()):
        return 0
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    drawn = 0
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for number, found in sorted(rules.items()):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                if page.get_rotation() % 360:
                    continue
                left, bottom, right, top = page.get_mediabox()
                iw, ih = found["size"]
                sx, sy = (right - left) / iw, (top - bottom) / ih

                def line(x0, y0, x1, y1):
                    obj = raw.FPDFPageObj_CreateNewPath(left + x0 * sx, top - y0 * sy)  # noqa: B023 - called in this same iteration
                    raw.FPDFPath_LineTo(obj, left + x1 * sx, top - y1 * sy)  # noqa: B023 - called in this same iteration
                    raw.FPDFPath_SetDrawMode(obj, 0, True)
                    raw.FPDFPageObj_SetStrokeWidth(obj, RULE_WIDTH_PT)
                    raw.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
                    raw.FPDFPage_InsertObject(page.raw, obj)  # noqa: B023 - called in this same iteration

                for y, x0, x1, _thick in found.get("h", []):
                    line(x0, y, x1, y)
                    drawn += 1
                for x, y0, y1, _thick in found.get("v", []):
                    line(x, y0, x, y1)
                    drawn += 1
                page.gen_content()
            finally:
                page.close()
        if drawn:
            tmp = Path(pdf_path).with_name(f".{Path(pdf_path).name}.rules.tmp")
            pdf.save(str(tmp))
    finally:
        pdf.close()
    if drawn:
        os.replace(tmp, pdf_path)
    return drawn


# =============================================================================================
# The cache beside the originals
# =============================================================================================


def cache_path(cache_dir: Path, sha256: str, name: str) -> Path:
    """Where the OCR'd copy of a file with this content and name is kept."""
    stem = Path(name).stem[:80] or "document"
    return Path(cache_dir) / f"{sha256[:HASH_PREFIX]}-{stem}.pdf"


def cached_ocr(cache_dir: Path, sha256: str, pages: Sequence[int]) -> Optional[OcrResult]:
    """The OCR'd copy of this content, if one was made of at least these pages."""
    cache_dir = Path(cache_dir)
    if not cache_dir.is_dir():
        return None
    for meta_path in sorted(cache_dir.glob(f"{sha256[:HASH_PREFIX]}-*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        pdf = meta_path.with_suffix(".pdf")
        if meta.get("sha256") != sha256 or not pdf.is_file() or not set(pages) <= set(meta.get("pages_done") or []):
            continue
        return OcrResult(
            engine=meta.get("engine") or ENGINE,
            engine_version=meta.get("engine_version") or "",
            mean_confidence=meta.get("mean_confidence"),
            pages_done=[int(p) for p in meta.get("pages_done") or []],
            seconds=0.0,
            page_confidence={int(k): v for k, v in (meta.get("page_confidence") or {}).items()},
            words=int(meta.get("words") or 0),
            path=pdf,
            cached=True,
        )
    return None


def ocr_cached(src: Path, sha256: str, pages: Sequence[int], cache_dir: Path, *, text_pages: Iterable[int] = (),
               jobs: int = 1, on_page: Optional[PageProgress] = None) -> OcrResult:
    """The OCR'd copy of `src` from the cache, else OCR it now (pages `pages`) and keep the copy."""
    src = Path(src)
    hit = cached_ocr(cache_dir, sha256, pages)
    if hit is not None:
        return hit
    dest = cache_path(cache_dir, sha256, src.name)
    result = ocr_pdf(src, dest, pages, text_pages=text_pages, jobs=jobs, on_page=on_page)
    meta = asdict(result)
    options = ocr_command(Path(src.name), Path(dest.name), pages, text_pages=text_pages, jobs=jobs)[1:-2]
    options[options.index("--plugin") + 1] = "foi/documents/ocr.py"  # not where foi is installed on this machine
    meta.update(sha256=sha256, source=src.name, created=time.strftime("%Y-%m-%dT%H:%M:%S"), options=options)
    meta.pop("path", None)
    meta.pop("cached", None)
    meta_path = dest.with_suffix(".json")
    tmp = meta_path.with_name(f".{meta_path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, meta_path)  # the copy counts as cached once both files are in place
    return result


def prune_cache(cache_dir: Path, keep_sha256: Iterable[str]) -> list[Path]:
    """Remove the OCR'd copies of content no longer in the folder (only files this module names)."""
    cache_dir = Path(cache_dir)
    if not cache_dir.is_dir():
        return []
    keep = {s[:HASH_PREFIX] for s in keep_sha256 if s}
    removed = []
    for path in sorted(cache_dir.iterdir()):
        m = re.match(rf"([0-9a-f]{{{HASH_PREFIX}}})-.+\.(pdf|json)$", path.name)
        if m and m.group(1) not in keep and path.is_file():
            path.unlink()
            removed.append(path)
    try:
        cache_dir.rmdir()  # only when empty
    except OSError:
        pass
    return removed


# =============================================================================================
# Cleaning what OCR reads in table cells
# =============================================================================================

# Marks a speck of dirt or a ruled line turns into at the edge of a cell. A lone dash or
# asterisk is kept: in a table it means nil or withheld.
_EDGE_JUNK = "|¦.,:;'\"‘’‚‛“”„«»°~_+=^`´"
_KEEP_ALONE = {"-", "–", "—", "*"}


def clean_ocr_cell(text: str) -> str:
    """A table cell read by OCR without the stray marks rules and specks leave: "2013 |" -> "2013",
    "23°" -> "23", "- 141" -> "141", ":" -> "". Letters and digits are never changed."""
    if not text:
        return text
    t = " ".join(text.replace("|", " ").replace("¦", " ").split())
    if t in _KEEP_ALONE:
        return t
    t = t.lstrip(_EDGE_JUNK + " ")
    t = re.sub(r"^[-–—]\s+(?=\d)", "", t)  # "- 141": a rule's end, not a minus sign
    t = t.rstrip(_EDGE_JUNK + "-–— ")
    return t


def clean_ocr_tables(tables, pages: Iterable[int]) -> int:
    """Clean, in place, every cell of `tables` that sits on one of `pages`. Returns how many changed."""
    pages = set(pages)
    changed = 0
    for table in tables:
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                if text and table.cell_page(r, c) in pages:
                    new = clean_ocr_cell(text)
                    if new != text:
                        row[c] = new
                        changed += 1
    return changed


# =============================================================================================
# OCRmyPDF plugin: erase ruled lines from the image Tesseract reads
# =============================================================================================

RULE_MIN_H_INCH = 0.6  # a horizontal rule is at least this long ...
RULE_MIN_V_INCH = 0.4  # ... a vertical one this long (a table row and a half: longer than any letter)
RULE_MAX_THICK_INCH = 0.04  # and thin: a photo or a black box is left alone
RULE_DARK = 160  # grey level under which a pixel is ink
# A speck of dirt: a blob of ink no bigger than this (inches square) with no other ink within
# SPECK_CLEAR_INCH of it. A decimal point or a dash sits next to digits, or is bigger: it stays.
SPECK_MAX_INCH = 0.015
SPECK_CLEAR_INCH = 0.035
_RUN = re.compile(rb"\x00(?:\xff{0,2}\x00)*")  # ink, with gaps of up to 2 pixels


def _rule_runs(data: bytes, w: int, h: int, min_len: int, thick: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every long thin run of ink in a 0/255 image of w x h bytes."""
    out = []
    for y in range(h):
        row = data[y * w:(y + 1) * w]
        if row.count(0) < 0.8 * min_len:
            continue
        for m in _RUN.finditer(row):
            x0, x1 = m.start(), m.end()
            n = x1 - x0
            if n < min_len:
                continue
            above = data[(y - thick) * w + x0:(y - thick) * w + x1].count(0) if y >= thick else 0
            below = data[(y + thick) * w + x0:(y + thick) * w + x1].count(0) if y + thick < h else 0
            if above < 0.3 * n and below < 0.3 * n:
                out.append((y, x0, x1))
    return out


def _segments(runs: list[tuple[int, int, int]]) -> list[list[float]]:
    """Runs on neighbouring rows that overlap are one rule: [position, start, end, thickness]."""
    open_: list[list[int]] = []  # [first row, last row, start, end]
    done: list[list[int]] = []
    for y, a, b in sorted(runs):
        for seg in open_:
            if y - seg[1] <= 2 and min(b, seg[3]) - max(a, seg[2]) > 0.5 * min(b - a, seg[3] - seg[2]):
                seg[1], seg[2], seg[3] = y, min(a, seg[2]), max(b, seg[3])
                break
        else:
            open_.append([y, y, a, b])
        done += [s for s in open_ if y - s[1] > 2]
        open_ = [s for s in open_ if y - s[1] <= 2]
    done += open_
    return [[(s[0] + s[1]) / 2, s[2], s[3], s[1] - s[0] + 1] for s in sorted(done)]


def find_rules(image, dpi: Optional[tuple[float, float]] = None) -> dict:
    """The long thin rules of a page image, in pixels: {"size": [w, h], "h": [[y, x0, x1, thickness]],
    "v": [[x, y0, y1, thickness]]}."""
    from PIL import Image

    if dpi is None:
        info = image.info.get("dpi") or (300, 300)
        dpi = (float(info[0]) or 300.0, float(info[1]) or 300.0)
    dx, dy = dpi
    ink = image.convert("L").point(lambda v: 0 if v < RULE_DARK else 255)
    w, h = ink.size
    hruns = _rule_runs(ink.tobytes(), w, h, int(RULE_MIN_H_INCH * dx), int(RULE_MAX_THICK_INCH * dy) + 2)
    turned = ink.transpose(Image.Transpose.TRANSPOSE)
    vruns = _rule_runs(turned.tobytes(), h, w, int(RULE_MIN_V_INCH * dy), int(RULE_MAX_THICK_INCH * dx) + 2)
    return {"size": [w, h], "h": _segments(hruns), "v": _segments(vruns), "dpi": [dx, dy]}


def remove_specks(image, dpi: float):
    """A greyscale copy of a page image without isolated specks of dirt (same size)."""
    from PIL import ImageChops, ImageFilter

    gray = image.convert("L")
    radius = max(2, round(SPECK_CLEAR_INCH * dpi))
    most = max(2.0, (SPECK_MAX_INCH * dpi) ** 2)  # pixels of ink
    ink = gray.point(lambda v: 255 if v < RULE_DARK else 0)
    near = ink.filter(ImageFilter.BoxBlur(radius))  # 255 x the share of ink around each pixel
    level = most * 255.0 / (2 * radius + 1) ** 2
    lonely = near.point(lambda v: 255 if v <= level else 0)
    specks = ImageChops.multiply(ink, lonely)
    out = gray.copy()
    out.paste(255, mask=specks)
    return out


def remove_rules(image, dpi: Optional[tuple[float, float]] = None, rules: Optional[dict] = None):
    """A greyscale copy of a page image with its ruled lines (and specks) painted white (same size)."""
    from PIL import ImageDraw

    rules = rules if rules is not None else find_rules(image, dpi)
    dx, dy = rules.get("dpi") or (300.0, 300.0)
    out = remove_specks(image, (dx + dy) / 2)
    draw = ImageDraw.Draw(out)
    # a scan's rule is blurred: its grey edges go too
    mx, my = max(1, round(dx / 100)), max(1, round(dy / 100))
    for y, x0, x1, thick in rules["h"]:
        half = thick / 2 + my
        draw.rectangle([x0 - mx, int(y - half), x1 + mx, int(y + half + 0.5)], fill=255)
    for x, y0, y1, thick in rules["v"]:
        half = thick / 2 + mx
        draw.rectangle([int(x - half), y0 - my, int(x + half + 0.5), y1 + my], fill=255)
    return out


try:  # only inside OCRmyPDF's own Python
    from ocrmypdf import hookimpl as _hookimpl
except Exception:  # pragma: no cover - the normal case in foi's environment
    def _hookimpl(function):
        return function


@_hookimpl
def filter_ocr_image(page, image):
    """OCRmyPDF hook: the image Tesseract reads, without ruled lines (what the copy shows is unchanged)."""
    dpi = None
    if not image.info.get("dpi"):
        try:
            info = page.pageinfo
            dpi = (image.width / float(info.width_inches), image.height / float(info.height_inches))
        except Exception:
            dpi = None
    rules = find_rules(image, dpi)
    where = os.environ.get(RULES_ENV)
    if where:
        try:
            Path(where, f"{page.pageno + 1:06d}.json").write_text(json.dumps(rules), encoding="utf-8")
        except Exception:
            pass
    return remove_rules(image, rules=rules)
