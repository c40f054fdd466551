"""Every setting the PDF reader uses, in one place, with why it is what it is.

`PdfSettings` is a frozen dataclass, like pdfplumber's `TableSettings`: `read_pdf` takes one
instance (the defaults unless told otherwise) and hands it to every stage, so a test or a
benchmark can try another value without touching module state, and a name cannot be defined
twice without ruff's PIE794 saying so.

Distances are in PDF points (1/72 inch) unless the name ends in `_ratio`: then they are a multiple
of the local text height (about the font size), so that they scale with the text. Shares are
fractions (0-1). The values were tuned on the corpus in tests/data/corpus (scored with
benchmarks/score_corpus.py) and on the synthetic letters in tests/test_pdf_tables.py: change one
only with both at hand. No value here is specific to one document.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    """The tuning of the PDF reader: see the comment above each field for why it has its value."""

    # =============================================================================================
    # Where the page objects come from
    # =============================================================================================

    # "pdfium" (pdfium_objects.py: pdfminer's objects read by PDFium, several times faster,
    # falling back to pdfminer page by page where PDFium cannot be trusted) or "pdfminer"
    # (through pdfplumber, the reference: FOI_PDF_OBJECTS=pdfminer). tests/test_pdfium_objects.py
    # holds the two to the same characters, boxes and rules on every corpus page.
    page_objects: str = os.environ.get("FOI_PDF_OBJECTS", "pdfium")

    # A long document read with several jobs (`foi extract`) is split into runs of pages, each
    # read in a process of its own, only when each run gets at least this many pages: starting
    # a process and sending its pages back costs about as much as reading a page or two.
    pages_per_process: int = 8

    # =============================================================================================
    # Characters, words, lines
    # =============================================================================================

    # Two characters belong to one word when the gap between them is below this share of the text
    # height. A space is 0.25-0.33 of the font size and PDFs that draw no space characters still
    # leave a gap that wide, so 0.16 splits words while keeping kerned letters together.
    # (pdfplumber's default is a fixed 3 pt, which glues "CITIBANK - TRAVEL CBA CARD" at 7 pt.)
    word_gap_ratio: float = 0.16
    # A character that starts more than this share of the text height left of the one before it
    # (text drawn out of order, an overprint) starts a new word.
    word_backstep_ratio: float = 0.5

    # Characters whose vertical centres are closer than this share of their height are on one line
    # (superscripts and subscripts stay on their line).
    line_overlap_ratio: float = 0.5

    # Characters drawn twice at (almost) the same place (fake bold) are kept once.
    dedupe_tolerance: float = 1.0

    # Text in right-to-left scripts (Hebrew, Arabic, Urdu) is stored in visual order in most PDFs;
    # reversing a run that holds such letters gives the reading order that a search expects.
    reverse_rtl_text: bool = True

    # Characters running in another direction than most of the page's (a landscape table pasted on a
    # portrait page, a rotated page) are searched for tables of their own when there are at least
    # this many; fewer (a vertical label, a stamp) are only text, and are read inside ruled cells.
    min_rotated_chars: int = 40

    # Tables overlapping in height by at least this share of the shorter one stand side by side:
    # they are listed left to right, not top to bottom.
    side_by_side_min_overlap: float = 0.5

    # =============================================================================================
    # Pages that need OCR
    # =============================================================================================

    # A page needs OCR when its body (outside the top and bottom margin bands) has fewer than this
    # many non-space characters ...
    ocr_max_body_chars: int = 20
    # ... and one image covers at least this share of the page (a scan), or the page has no text at
    # all but many vector curves (text turned into outlines).
    ocr_min_image_cover: float = 0.5
    ocr_min_curves: int = 300
    # The margin bands: a typed header, a stamp or a page number there is not a text layer.
    ocr_margin_band: float = 0.12
    # A scan (an image over at least ocr_min_image_cover of the page) with a typed header or a stamp
    # anywhere on it: fewer characters over the image than one per this many square points (about
    # 100 on an A4 scan) is not a text layer. A typed page over a full-page letterhead image has
    # thousands; a header plus a "RECEIVED" stamp, a few dozen.
    ocr_min_area_per_char: float = 5000.0

    # =============================================================================================
    # Ruled tables ("lines")
    # =============================================================================================

    # Given to pdfplumber's edge merging: rules closer than this are one rule (double rules, the two
    # edges of a thin filled rectangle used as a line).
    snap_tolerance: float = 3.0
    # ... and collinear pieces of rule with gaps smaller than this are joined (Excel exports draw
    # each cell's borders separately).
    join_tolerance: float = 3.0
    # Rules shorter than this are ignored: tick marks, bullets, underlines of single characters.
    edge_min_length: float = 3.0
    # Given to pdfplumber's intersection finding: how far apart a horizontal and a vertical rule may
    # be and still cross (rules that stop just short of each other).
    intersection_tolerance: float = 3.0
    # A filled rectangle thinner than this is a rule (Word and Excel draw many rules that way).
    thin_rule: float = 2.0
    # Filled rectangles larger than this share of the page are backgrounds, not cell borders.
    max_rect_page_share: float = 0.5
    # A line object at most this thick, or this many times longer than thick, is a rule (thicker,
    # squarer strokes are drawings).
    line_max_thickness: float = 1.0
    line_min_aspect: float = 5.0
    # A piece of a curve whose ends differ by less than this across its run is a straight rule
    # (Word draws some table borders as curves).
    curve_straight_tolerance: float = 0.5
    # At most this many (horizontal rule x vertical rule) pairs are crossed on one page; beyond it
    # (charts, maps, hatching drawn with thousands of strokes) only the longest rules are kept, so
    # one page of a chart cannot stall a build.
    max_edge_pairs: int = 400_000
    # Grid lines of one table closer than this are one grid line.
    grid_tolerance: float = 2.0

    # Ruled boxes side by side, sharing their row rules, no further apart than this, are column
    # groups of one table (Excel exports box each group and leave a blank spacer column between).
    side_by_side_max_gap: float = 30.0
    # ... and overlapping in height by at least this share of the shorter box, with at least this
    # share of their row rules (of the box with fewer) at the same heights.
    side_by_side_min_height_share: float = 0.8
    side_by_side_min_common_rows: float = 0.5
    # A ruled grid with fewer filled cells than this is a box around text, not a table.
    ruled_min_filled_cells: int = 3
    # A row cell's lines are rows of their own (a "light" table style, no rules between rows)
    # unless a line but the last fills this share of the cell's width: that is wrapped text.
    wrapped_line_min_fill: float = 0.75

    # A ruled table whose cells hold at least this many lines that make rows and columns of their
    # own (several cells side by side on a line, or several lines of figures), and at least this
    # share of all its lines, has rules around column groups only: it is read as a white-space table
    # inside those rules, the rules being column separators ("mixed").
    complex_min_lines: int = 4
    complex_share: float = 0.3
    # A cell makes rows and columns of its own when this many of its lines are split by wide
    # gaps, or when it has complex_min_figure_lines lines or more and that many hold a figure.
    complex_min_split_lines: int = 2
    complex_min_figure_lines: int = 3
    # The vertical rules kept as column separators of such a table are those running over at
    # least this share of its height.
    mixed_rule_min_height_share: float = 0.5
    # The short lines of a row's cells are rows of their own only when their centres line up
    # across the cells within this share of the text height.
    unruled_row_align_ratio: float = 0.5

    # Row labels written left of a ruled table, outside its rules: at most this many text heights
    # from it, one per grid row, lined up on their left or right edges, for at least this share of
    # the body rows. They become the table's first column.
    side_label_max_gap_ratio: float = 12.0
    side_label_min_share: float = 0.6
    # A label belongs to the grid row it overlaps most, by at least this share of its height; the
    # labels make a column when at least side_label_aligned_share of them have their left (or
    # right) edges within side_label_align_tolerance points.
    side_label_min_row_overlap: float = 0.3
    side_label_align_tolerance: float = 2.0
    side_label_aligned_share: float = 0.8

    # A boxed header (only the column headings ruled) and a white-space table starting no more than
    # this many of its row heights below it, in the same columns, are one table ("mixed").
    ruled_head_max_gap_ratio: float = 2.5
    # (The row height there is the body's first row's, at least ruled_head_min_row_height points,
    # ruled_head_default_row_height when unknown; the body may start up to ruled_head_overlap
    # points above the header's bottom rule, the rule's own width.)
    ruled_head_min_row_height: float = 6.0
    ruled_head_default_row_height: float = 10.0
    ruled_head_overlap: float = 2.0
    # ... and the white-space table reaches no further than this many points beyond its sides.
    ruled_head_x_slack: float = 10.0
    # A boxed heading row gives its columns to a white-space block when it covers this share of
    # the block's width.
    boxed_head_min_overlap: float = 0.8

    # =============================================================================================
    # White-space tables ("text")
    # =============================================================================================

    # Words on one line further apart than this share of the text height start a new cell
    # ("segment"). A space is ~0.3; column gaps are almost always wider than 0.8.
    segment_gap_ratio: float = 0.75
    # Inside a table, lines are split again at this narrower gap (about two spaces): reports printed
    # in fixed columns part some columns by two spaces only. A split stands only where the gap lines
    # up with a white band running through the table's body.
    table_segment_gap_ratio: float = 0.5
    # A line set in a fixed-width font (a Courier block typed with spaces) has every character the
    # same width, within this share; there one space (1 pitch) parts words and cells need more
    # than this many pitches between them ("fewer than 5" is one cell, columns are 2+ spaces apart).
    # A line counts as fixed-width only with this many different letters (digits are equal-width
    # in most proportional fonts too).
    monospace_width_tolerance: float = 0.03
    monospace_column_spaces: float = 1.5
    monospace_min_letters: int = 4

    # Prose is set aside before tables are looked for. Segments on consecutive lines closer than this
    # share of the text height, overlapping horizontally, make one block of text (pdfminer's
    # line_margin is 0.5) ...
    block_line_margin_ratio: float = 0.7
    # ... and a block is a paragraph when it is wider than prose_min_width of the page, its lines
    # have prose_min_words words or more (median), and most of them (all but the last) run at least
    # prose_full_line of its width ...
    prose_min_words: int = 5
    prose_min_width: float = 0.28
    prose_full_line: float = 0.72
    # ("most of them": at least this share.)
    prose_full_lines_share: float = 0.6
    # Of a paragraph's lines (after any short lines on top of it), those with this many words or
    # running this share of its width are prose; a shorter one is a label beside it.
    prose_line_min_words: int = 3
    prose_line_min_width: float = 0.5
    # ... unless at least this share of its lines also hold other, short cells beside it: then it is
    # a table's text column (an "Outcome" column of short sentences), not a paragraph.
    prose_table_column_share: float = 0.6
    # A line on its own is prose (a sentence, not a cell) when it has this many words and is wider
    # than prose_sentence_min_width of the page. (This was meant to be 9, but pdf_settings.py defined the
    # name twice and the later 6 replaced it for both rules; 6 is what the reader was tuned with.)
    prose_sentence_min_words: int = 6
    prose_sentence_min_width: float = 0.4

    # Where a column's cut goes in the white band between two columns: each column's left and
    # right edges are measured by their spread (points, a stray value or two left out). Edges
    # within column_align_slack points of each other in spread, in a column of figures (at least
    # column_align_figure_share of its cells), mean figures of one width set flush right; else a
    # side whose spread (plus the slack) is under column_align_ratio of the other's is the flush
    # side. Between two right-aligned columns the cut goes column_cut_pad points after the left
    # one's text (at most a third of the band); between two left-aligned ones as far before the
    # right one's; else mid-band. A rule given as a column separator is kept as the cut where a
    # band's middle lies within column_cut_forced_slack points of it.
    column_align_slack: float = 1.0
    column_align_figure_share: float = 0.8
    column_align_ratio: float = 0.5
    column_cut_pad: float = 1.5
    column_cut_forced_slack: float = 0.6
    # A segment running over a cut between columns (a group header) goes to the first column it
    # covers by this share of its own width, like a merged cell.
    spanning_min_share: float = 0.2

    # A table block ends at a vertical gap larger than this many text heights ...
    max_row_gap_ratio: float = 3.2
    # ... or at a gap this many times its usual gap between rows (and at least one text height)
    # followed by a line with a single cell: the caption of the next table. (A row of cells after
    # such a gap is a new section of the same table.)
    row_gap_jump: float = 2.2
    # ... or after more than this many lines in a row that have a single cell (section titles and
    # wrapped first-column text are allowed inside a table, paragraphs are not).
    max_single_run: int = 3
    # A white-space table needs this many rows with two or more cells, and this many columns ...
    min_multi_rows: int = 3
    min_columns: int = 2
    # ... and rows with two or more cells must be at least this share of its rows (else it is a list
    # or a paragraph with a few tabs).
    min_multi_row_share: float = 0.5
    # A table of one or two columns whose first cells are at least this share list markers
    # ("1.", "(a)", bullets) is a list, not a table.
    list_marker_share: float = 0.8

    # A column separator is a vertical band at least this wide (points) that no cell of the table's
    # body crosses ...
    min_separator_width: float = 2.0
    # ... except for this share of the body rows, in tables of separator_cross_min_rows rows or more
    # (a long value that overflows a little).
    separator_cross_share: float = 0.12
    separator_cross_min_rows: int = 8
    # White bands are looked for in steps this wide (points): finer finds no more columns.
    separator_scan_step: float = 0.5

    # Columns at the edge of a white-space table, parted from the rest by a gap wider than
    # stray_gap_ratio text heights (and twice the usual column gap), holding text in at most this
    # share of the rows and nothing in the first row, are stray text beside the table (a picture's
    # labels, a margin note), not part of it.
    stray_column_share: float = 0.34
    stray_gap_ratio: float = 4.0

    # A header line above a white-space table may reach beyond the table's columns by this many text
    # heights (a heading wider than the figures under it).
    header_overhang_ratio: float = 4.0
    # Header lines closer than header_wrap_gap_ratio of their height, with no rule between them, are
    # one wrapped header row when each heading's parts line up (left, right or centre) within
    # header_align_ratio text heights; a group heading centred over several columns does not, and
    # stays a row of its own.
    header_wrap_gap_ratio: float = 0.6
    header_align_ratio: float = 0.6
    # At most this many lines under a table's last row are taken as the wrapped rest of its cells.
    wrapped_lines_max: int = 2

    # =============================================================================================
    # Tables that run on over a page break
    # =============================================================================================

    # Text below the first part (footers, page numbers) or above the second (running headers) does
    # not stop the join when it is within this share of the page height from the page's edge.
    continuation_margin: float = 0.15
    # A table's caption is the line just above it, at most this many of its own heights away (a
    # title sits one blank line or less above its table; a paragraph further up is not its title),
    # and starting at most this many points left of the table (a title set flush with the margin).
    caption_max_gap_ratio: float = 2.5
    caption_x_slack: float = 72.0
    # The columns of the two parts must line up within this many points.
    continuation_x_tolerance: float = 12.0
    # When the second part has fewer columns (an empty one dropped), each must overlap its match
    # by this share of the narrower of the two.
    continuation_min_column_overlap: float = 0.5

    # A digit smaller than this share of its line's usual height, and raised above the line's
    # baseline by at least this share of it, is a footnote marker (Word sets superscripts at about
    # 58% size, raised about a third): "4" and a raised "1" read "4¹", never "41".
    superscript_max_height: float = 0.8
    superscript_min_raise: float = 0.15

    # A single-cell line of at least this many words, mostly lower case, ending with a full stop or
    # a question mark, is a sentence: between runs of rows it ends one table (letters that answer
    # each question with a small table of its own), rather than being a row.
    ending_sentence_min_words: int = 6


DEFAULT_SETTINGS = PdfSettings()
