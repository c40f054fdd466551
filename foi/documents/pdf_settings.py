"""Every setting the PDF reader uses, in one place, with why it is what it is.

Distances are in PDF points (1/72 inch) unless the name says `_RATIO`, in which case they are
a multiple of the local text height (roughly the font size), so that they scale with the text.
The values were tuned on the table corpus in tests/data/corpus (see benchmarks/score_corpus.py)
and on the synthetic layouts in tests/test_pdf_tables.py; change one only with both at hand.
"""

# ---------------------------------------------------------------------------------------------
# Characters and words
# ---------------------------------------------------------------------------------------------

# Two characters belong to the same word when the gap between them is below this fraction of the
# text height. A normal space is 0.25-0.33 of the font size; PDFs that draw no space characters
# still leave a gap that size, so 0.16 splits real spaces while keeping kerned letters together.
# (pdfplumber's default is a fixed 3 pt, which glues "CITIBANK - TRAVEL CBA CARD" together at 7 pt.)
WORD_GAP_RATIO = 0.16

# Characters whose vertical centres are closer than this fraction of their height are on one line.
LINE_OVERLAP_RATIO = 0.5

# Characters drawn twice at (almost) the same place (fake bold) are kept once.
DEDUPE_TOLERANCE = 1.0

# A word made only of characters from right-to-left scripts is stored in visual order in most
# PDFs; reversing it gives the logical order that a reader (and a search) expects.
REVERSE_RTL_WORDS = True

# ---------------------------------------------------------------------------------------------
# Pages that need OCR
# ---------------------------------------------------------------------------------------------

# A page needs OCR when its body (outside the top and bottom margin bands) has fewer than this
# many non-space characters ...
OCR_MAX_BODY_CHARS = 20
# ... and images cover at least this share of the page (a scan), or the page is drawn with many
# vector curves and no text (text turned into outlines).
OCR_MIN_IMAGE_COVER = 0.5
OCR_MIN_CURVES = 300
# The margin bands: a stamp, header or page number there does not count as a text layer.
OCR_MARGIN_BAND = 0.12

# ---------------------------------------------------------------------------------------------
# Ruled tables (the "lines" strategy)
# ---------------------------------------------------------------------------------------------

# Passed to pdfplumber's edge merging: rules closer than this are the same rule (double rules,
# the two edges of a thin filled rectangle used as a line).
SNAP_TOLERANCE = 3.0
# Collinear rule pieces with gaps smaller than this are joined (Excel exports draw each cell
# border separately).
JOIN_TOLERANCE = 3.0
# Rules shorter than this are ignored: underlines of single characters, tick marks, bullets.
EDGE_MIN_LENGTH = 3.0
# How far apart a horizontal and a vertical rule may be and still be taken to cross.
INTERSECTION_TOLERANCE = 3.0
# Filled rectangles larger than this share of the page are backgrounds, not cell borders.
MAX_RECT_PAGE_SHARE = 0.5
# A character belongs to a cell when its centre is inside the cell grown by this much.
CELL_PAD = 0.5
# Grid lines of one table closer than this are one line.
GRID_TOLERANCE = 2.0
# A grid row holding this many aligned lines of text in several columns, with figures on more
# than one of them, is really several rows whose horizontal rules were never drawn ("mixed").
MIXED_MIN_LINES = 2

# ---------------------------------------------------------------------------------------------
# White-space tables (the "text" strategy)
# ---------------------------------------------------------------------------------------------

# Words on one line further apart than this fraction of the text height start a new cell
# ("segment"). A space is ~0.3; column gaps in tables are almost always over 0.8.
SEGMENT_GAP_RATIO = 0.75
# Inside a table block, found with the gap above, lines are split again at this narrower gap
# (about two spaces): reports printed in fixed columns part some columns by two spaces only. A
# split only stands where the gap lines up with a white band through the table's body.
TABLE_SEGMENT_GAP_RATIO = 0.5
# A segment with at least this many words that is wider than PROSE_MIN_WIDTH of the page, in a
# block of several such lines that mostly run the full width of the block, is prose.
PROSE_MIN_WORDS = 5
PROSE_MIN_WIDTH = 0.28
# Lines of one paragraph: most lines (all but the last) are at least this share of its width.
PROSE_FULL_LINE = 0.72
# One line on its own is prose (a sentence, not a cell) when it has this many words and is
# wider than SENTENCE_MIN_WIDTH of the page.
SENTENCE_MIN_WORDS = 9
SENTENCE_MIN_WIDTH = 0.4
# Segments on consecutive lines closer than this fraction of the text height (and overlapping
# horizontally) belong to one block of text (pdfminer's line_margin is 0.5).
BLOCK_LINE_MARGIN_RATIO = 0.7

# A table block ends at a vertical gap larger than this many text heights.
MAX_ROW_GAP_RATIO = 3.2
# ... or after this many lines in a row that have a single cell (section titles and wrapped
# first-column text are allowed inside a table, paragraphs are not).
MAX_SINGLE_RUN = 3
# A white-space table needs this many rows with two or more cells, and this many columns.
MIN_MULTI_ROWS = 3
MIN_COLUMNS = 2
# A column separator must be a vertical band of at least this width (points) that no cell of the
# table's body crosses ...
MIN_SEPARATOR_WIDTH = 2.0
# ... except for this share of the body rows (a long value that overflows a little, a spanning
# header).
SEPARATOR_CROSS_SHARE = 0.12
# A white-space table whose rows have two or more cells in fewer than this share of its rows is
# a list or a paragraph with a few tabs, not a table.
MIN_MULTI_ROW_SHARE = 0.5

# Header lines closer than this fraction of their height are one wrapped header row.
HEADER_WRAP_GAP_RATIO = 0.6

# ---------------------------------------------------------------------------------------------
# Tables that continue on the next page
# ---------------------------------------------------------------------------------------------

# Text above a continuation on the next page (running headers) or below the table on the first
# page (footers, page numbers) is ignored when it is within this share of the page's height.
CONTINUATION_MARGIN = 0.15
# Columns of the two parts must line up within this many points.
CONTINUATION_X_TOLERANCE = 12.0

# Ruled boxes side by side, sharing their row rules, no further apart than this, are column
# groups of one table (Excel exports box each group and leave a blank spacer column between).
SIDE_BY_SIDE_MAX_GAP = 30.0

# A ruled table whose cells hold at least this many lines that make rows and columns of their
# own (several cells side by side on a line, or several lines of figures), and at least this
# share of all its lines, has rules around column groups only: it is read as a white-space
# table inside those rules ("mixed").
COMPLEX_MIN_LINES = 4
COMPLEX_SHARE = 0.3

# Columns at the edge of a white-space table, parted from the rest by a gap wider than
# STRAY_GAP_RATIO text heights (and twice the usual column gap), holding text in at most this
# share of the rows and nothing in the first row, are stray text beside the table (a picture's
# labels, a margin note), not part of it.
STRAY_COLUMN_SHARE = 0.34
STRAY_GAP_RATIO = 4.0

# Row labels left of a ruled table, outside its rules: at most this many text heights from the
# table, one per grid row, for at least this share of the body rows.
SIDE_LABEL_MAX_GAP_RATIO = 6.0
SIDE_LABEL_MIN_SHARE = 0.6
