"""Every setting the PDF reader (foi/documents/pdf.py) uses, in one place, with why it is what it is.

Distances are in PDF points (1/72 inch) unless the name ends in `_RATIO`: then they are a multiple
of the local text height (about the font size), so that they scale with the text. Shares are
fractions (0-1). The values were tuned on the corpus in tests/data/corpus (scored with
benchmarks/score_corpus.py) and on the synthetic letters in tests/test_pdf_tables.py: change one
only with both at hand. No value here is specific to one document.
"""

# =============================================================================================
# Characters, words, lines
# =============================================================================================

# Two characters belong to one word when the gap between them is below this share of the text
# height. A space is 0.25-0.33 of the font size and PDFs that draw no space characters still
# leave a gap that wide, so 0.16 splits words while keeping kerned letters together.
# (pdfplumber's default is a fixed 3 pt, which glues "CITIBANK - TRAVEL CBA CARD" at 7 pt.)
WORD_GAP_RATIO = 0.16

# Characters whose vertical centres are closer than this share of their height are on one line
# (superscripts and subscripts stay on their line).
LINE_OVERLAP_RATIO = 0.5

# Characters drawn twice at (almost) the same place (fake bold) are kept once.
DEDUPE_TOLERANCE = 1.0

# Text in right-to-left scripts (Hebrew, Arabic, Urdu) is stored in visual order in most PDFs;
# reversing a run that holds such letters gives the reading order that a search expects.
REVERSE_RTL_TEXT = True

# Characters running in another direction than most of the page's (a landscape table pasted on a
# portrait page, a rotated page) are searched for tables of their own when there are at least
# this many; fewer (a vertical label, a stamp) are only text, and are read inside ruled cells.
MIN_ROTATED_CHARS = 40

# =============================================================================================
# Pages that need OCR
# =============================================================================================

# A page needs OCR when its body (outside the top and bottom margin bands) has fewer than this
# many non-space characters ...
OCR_MAX_BODY_CHARS = 20
# ... and one image covers at least this share of the page (a scan), or the page has no text at
# all but many vector curves (text turned into outlines).
OCR_MIN_IMAGE_COVER = 0.5
OCR_MIN_CURVES = 300
# The margin bands: a typed header, a stamp or a page number there is not a text layer.
OCR_MARGIN_BAND = 0.12
# A scan (an image over at least OCR_MIN_IMAGE_COVER of the page) with a typed header or a stamp
# anywhere on it: fewer characters over the image than one per this many square points (about
# 100 on an A4 scan) is not a text layer. A typed page over a full-page letterhead image has
# thousands; a header plus a "RECEIVED" stamp, a few dozen.
OCR_MIN_AREA_PER_CHAR = 5000.0

# =============================================================================================
# Ruled tables ("lines")
# =============================================================================================

# Given to pdfplumber's edge merging: rules closer than this are one rule (double rules, the two
# edges of a thin filled rectangle used as a line).
SNAP_TOLERANCE = 3.0
# ... and collinear pieces of rule with gaps smaller than this are joined (Excel exports draw
# each cell's borders separately).
JOIN_TOLERANCE = 3.0
# Rules shorter than this are ignored: tick marks, bullets, underlines of single characters.
EDGE_MIN_LENGTH = 3.0
# Given to pdfplumber's intersection finding: how far apart a horizontal and a vertical rule may
# be and still cross (rules that stop just short of each other).
INTERSECTION_TOLERANCE = 3.0
# A filled rectangle thinner than this is a rule (Word and Excel draw many rules that way).
THIN_RULE = 2.0
# Filled rectangles larger than this share of the page are backgrounds, not cell borders.
MAX_RECT_PAGE_SHARE = 0.5
# At most this many (horizontal rule x vertical rule) pairs are crossed on one page; beyond it
# (charts, maps, hatching drawn with thousands of strokes) only the longest rules are kept, so
# one page of a chart cannot stall a build.
MAX_EDGE_PAIRS = 400_000
# Grid lines of one table closer than this are one grid line.
GRID_TOLERANCE = 2.0

# Ruled boxes side by side, sharing their row rules, no further apart than this, are column
# groups of one table (Excel exports box each group and leave a blank spacer column between).
SIDE_BY_SIDE_MAX_GAP = 30.0

# A ruled table whose cells hold at least this many lines that make rows and columns of their
# own (several cells side by side on a line, or several lines of figures), and at least this
# share of all its lines, has rules around column groups only: it is read as a white-space table
# inside those rules, the rules being column separators ("mixed").
COMPLEX_MIN_LINES = 4
COMPLEX_SHARE = 0.3

# Row labels written left of a ruled table, outside its rules: at most this many text heights
# from it, one per grid row, lined up on their left or right edges, for at least this share of
# the body rows. They become the table's first column.
SIDE_LABEL_MAX_GAP_RATIO = 12.0
SIDE_LABEL_MIN_SHARE = 0.6

# A boxed header (only the column headings ruled) and a white-space table starting no more than
# this many of its row heights below it, in the same columns, are one table ("mixed").
RULED_HEAD_MAX_GAP_RATIO = 2.5

# =============================================================================================
# White-space tables ("text")
# =============================================================================================

# Words on one line further apart than this share of the text height start a new cell
# ("segment"). A space is ~0.3; column gaps are almost always wider than 0.8.
SEGMENT_GAP_RATIO = 0.75
# Inside a table, lines are split again at this narrower gap (about two spaces): reports printed
# in fixed columns part some columns by two spaces only. A split stands only where the gap lines
# up with a white band running through the table's body.
TABLE_SEGMENT_GAP_RATIO = 0.5
# A line set in a fixed-width font (a Courier block typed with spaces) has every character the
# same width, within this share; there one space (1 pitch) parts words and cells need more
# than this many pitches between them ("fewer than 5" is one cell, columns are 2+ spaces apart).
# A line counts as fixed-width only with this many different letters (digits are equal-width
# in most proportional fonts too).
MONOSPACE_WIDTH_TOLERANCE = 0.03
MONOSPACE_COLUMN_SPACES = 1.5
MONOSPACE_MIN_LETTERS = 4

# Prose is set aside before tables are looked for. Segments on consecutive lines closer than this
# share of the text height, overlapping horizontally, make one block of text (pdfminer's
# line_margin is 0.5) ...
BLOCK_LINE_MARGIN_RATIO = 0.7
# ... and a block is a paragraph when it is wider than PROSE_MIN_WIDTH of the page, its lines
# have PROSE_MIN_WORDS words or more (median), and most of them (all but the last) run at least
# PROSE_FULL_LINE of its width ...
PROSE_MIN_WORDS = 5
PROSE_MIN_WIDTH = 0.28
PROSE_FULL_LINE = 0.72
# ... unless at least this share of its lines also hold other, short cells beside it: then it is
# a table's text column (an "Outcome" column of short sentences), not a paragraph.
PROSE_TABLE_COLUMN_SHARE = 0.6
# A line on its own is prose (a sentence, not a cell) when it has this many words and is wider
# than SENTENCE_MIN_WIDTH of the page.
SENTENCE_MIN_WORDS = 9
SENTENCE_MIN_WIDTH = 0.4

# A table block ends at a vertical gap larger than this many text heights ...
MAX_ROW_GAP_RATIO = 3.2
# ... or at a gap this many times its usual gap between rows (and at least one text height)
# followed by a line with a single cell: the caption of the next table. (A row of cells after
# such a gap is a new section of the same table.)
ROW_GAP_JUMP = 2.2
# ... or after more than this many lines in a row that have a single cell (section titles and
# wrapped first-column text are allowed inside a table, paragraphs are not).
MAX_SINGLE_RUN = 3
# A white-space table needs this many rows with two or more cells, and this many columns ...
MIN_MULTI_ROWS = 3
MIN_COLUMNS = 2
# ... and rows with two or more cells must be at least this share of its rows (else it is a list
# or a paragraph with a few tabs).
MIN_MULTI_ROW_SHARE = 0.5

# A column separator is a vertical band at least this wide (points) that no cell of the table's
# body crosses ...
MIN_SEPARATOR_WIDTH = 2.0
# ... except for this share of the body rows, in tables of 8 rows or more (a long value that
# overflows a little).
SEPARATOR_CROSS_SHARE = 0.12

# Columns at the edge of a white-space table, parted from the rest by a gap wider than
# STRAY_GAP_RATIO text heights (and twice the usual column gap), holding text in at most this
# share of the rows and nothing in the first row, are stray text beside the table (a picture's
# labels, a margin note), not part of it.
STRAY_COLUMN_SHARE = 0.34
STRAY_GAP_RATIO = 4.0

# A header line above a white-space table may reach beyond the table's columns by this many text
# heights (a heading wider than the figures under it).
HEADER_OVERHANG_RATIO = 4.0
# Header lines closer than HEADER_WRAP_GAP_RATIO of their height, with no rule between them, are
# one wrapped header row when each heading's parts line up (left, right or centre) within
# HEADER_ALIGN_RATIO text heights; a group heading centred over several columns does not, and
# stays a row of its own.
HEADER_WRAP_GAP_RATIO = 0.6
HEADER_ALIGN_RATIO = 0.6

# =============================================================================================
# Tables that run on over a page break
# =============================================================================================

# Text below the first part (footers, page numbers) or above the second (running headers) does
# not stop the join when it is within this share of the page height from the page's edge.
CONTINUATION_MARGIN = 0.15
# A table's caption is the line just above it, at most this many of its own heights away (a
# title sits one blank line or less above its table; a paragraph further up is not its title),
# and starting at most this many points left of the table (a title set flush with the margin).
CAPTION_MAX_GAP_RATIO = 2.5
CAPTION_X_SLACK = 72.0
# The columns of the two parts must line up within this many points.
CONTINUATION_X_TOLERANCE = 12.0

# A digit smaller than this share of its line's usual height, and raised above the line's
# baseline by at least this share of it, is a footnote marker (Word sets superscripts at about
# 58% size, raised about a third): "4" and a raised "1" read "4¹", never "41".
SUPERSCRIPT_MAX_HEIGHT = 0.8
SUPERSCRIPT_MIN_RAISE = 0.15

# A single-cell line of at least this many words, mostly lower case, ending with a full stop or
# a question mark, is a sentence: between runs of rows it ends one table (letters that answer
# each question with a small table of its own), rather than being a row.
SENTENCE_MIN_WORDS = 6
