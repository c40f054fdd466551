"""Held-out evaluation set for foi.figures: synthetic force answers with their true figures.

Written before the extractor was tuned and kept apart from the unit tests. Every letter is
made deterministically from its own seed: a layout, header wordings, period labels,
suppression and zero styles, totals (sometimes wrong, as forces' arithmetic sometimes is),
footnotes in the letter or in the table, typos, and tables that answer nothing asked.

`make_letters()` returns a list of `Letter`; `Letter.truth` maps (measure, period) to
(value, suppressed): what the force's letter really states for that measure and period.
Cells that state nothing the request asked about (a "Not substantiated" column, a rank
table, police staff) have no truth: any figure taken from them must be flagged.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

from foi.tables import Table

MEASURES = {
    "cases": ["cases", "number of cases"],
    "allegations": ["allegations", "number of allegations"],
    "officers": ["officers", "officers investigated", "number of officers"],
    "substantiated": ["substantiated", "upheld", "proven", "found proven"],
    "dismissed": ["dismissed", "dismissals"],
    "resigned_or_retired": ["resigned or retired", "resigned/retired", "allowed to resign or retire"],
}

HEADERS = {
    "cases": ["Cases", "Number of cases", "No. of cases", "Cases recorded"],
    "allegations": ["Allegations", "Number of allegations", "Number of\nallegations", "No. of allegations",
                    "Alegations", "Total allegations", "Allegations recorded"],
    "officers": ["Officers investigated", "No. of officers investigated", "Number of officers",
                 "Officers", "Number of\nofficers investigated", "Total number of officers investigated",
                 "Oficers investigated"],
    "substantiated": ["Substantiated", "Upheld", "Allegations substantiated", "Found proven", "Proven",
                      "Substantiated allegations", "Allegations upheld", "Substanciated"],
    "dismissed": ["Dismissed", "Officers dismissed", "Dismissals", "Dismissal", "Number dismissed",
                  "Dimissed"],
    "resigned_or_retired": ["Resigned or retired", "Resigned/Retired", "Resigned / Retired",
                            "Allowed to resign or retire", "Resignations/retirements",
                            "Resigned or\nretired"],
}
# columns that are not any measure asked for
OTHER_HEADERS = ["Not substantiated", "Unsubstantiated", "Written warning", "Final written warning",
                 "No further action", "Management advice", "Ongoing", "Other outcome", "% substantiated"]

CAL_LABELS = ["{y}", "Jan-Dec {y}", "January - December {y}", "{y} (Jan-Dec)", "01/01/{y} - 31/12/{y}"]
FY_LABELS = ["{y}/{s}", "{y}-{s}", "{y}/{y1}", "FY {y}/{s}", "April {y} - March {y1}",
             "01/04/{y} - 31/03/{y1}", "{s0}/{s}", "Apr {s0} - Mar {s}"]
TOTAL_LABELS = ["Total", "Grand total", "All years", "Total {a}-{b}", "TOTAL"]

SUPPRESS = ["<5", "*", "x", "[x]", "c", "redacted", "fewer than 5", "< 5"]
SUPPRESS_LEGENDS = {
    "<5": "Figures of fewer than five are shown as '<5' to protect the identity of individuals.",
    "< 5": "Where a figure is below 5 it is shown as '< 5'.",
    "*": "* = fewer than 5. Small numbers have been suppressed to protect individuals.",
    "x": "Figures below 5 have been suppressed and shown as 'x'.",
    "[x]": "[x] denotes a figure withheld under section 40(2).",
    "c": "'c' indicates a figure suppressed for confidentiality.",
    "redacted": "Small numbers have been redacted.",
    "fewer than 5": "",
}
DASH_LEGENDS = ["- denotes nil", "'-' = zero", "A dash (-) indicates that there were no cases.",
                "Please note: '–' means nil return."]


@dataclass
class Letter:
    name: str
    tables: list[Table]
    letter_text: str
    spec: dict
    truth: dict[tuple[str, str], tuple[Optional[int], bool]] = field(default_factory=dict)
    description: str = ""


def _cal_label(rng, style, y):
    return style.format(y=y)


def _fy_key(y):
    return f"{y}-{(y + 1) % 100:02d}"


def _fy_label(style, y):
    return style.format(y=y, s=f"{(y + 1) % 100:02d}", y1=y + 1, s0=f"{y % 100:02d}")


class _Force:
    """True numbers for one force and the way its letter writes them."""

    def __init__(self, rng: random.Random, years: list[int], measures: list[str], big: bool = False):
        self.rng = rng
        self.years = years
        self.data: dict[str, dict[int, int]] = {m: {} for m in measures}
        for y in years:
            scale = 150 if big else 1
            off = rng.randint(0, 12) * scale
            alleg = off + rng.randint(0, 6) * scale
            subst = rng.randint(0, alleg)
            dism = rng.randint(0, min(subst, off))
            res = rng.randint(0, max(0, min(off - dism, 5)))
            row = {"officers": off, "allegations": alleg, "cases": off + rng.randint(0, 2),
                   "substantiated": subst, "dismissed": dism, "resigned_or_retired": res}
            for m in measures:
                self.data[m][y] = row[m]


class _Style:
    def __init__(self, rng: random.Random, suppress: Optional[str] = None, zero: str = "0",
                 markers: bool = False, thousands: bool = False):
        self.rng = rng
        self.suppress = suppress  # style for 1..4, or None
        self.zero = zero  # "0", "Nil", "-", "None", "-?" (dash, no legend)
        self.markers = markers
        self.thousands = thousands

    def cell(self, v: int, allow_suppress: bool = True) -> tuple[str, tuple[Optional[int], bool]]:
        """Cell text and the truth it stands for."""
        if v == 0:
            z = self.zero
            if z in ("-", "-?"):
                txt = self.rng.choice(["-", "–"])
                # with a legend the letter says what a dash is; without one the truth is still 0
                return txt, (0, False)
            return z, (0, False)
        if self.suppress and allow_suppress and 1 <= v <= 4:
            return self.suppress, (None, True)
        txt = f"{v:,}" if self.thousands else str(v)
        if self.markers and self.rng.random() < 0.15:
            txt += self.rng.choice(["*", "¹", " (a)"])
        return txt, (v, False)


def _periods(rng, kind, years, style=None):
    labels = []
    if kind == "calendar":
        style = style or rng.choice(CAL_LABELS)
        for y in years:
            labels.append((str(y), _cal_label(rng, style, y)))
    else:
        style = style or rng.choice(FY_LABELS)
        for y in years:
            labels.append((_fy_key(y), _fy_label(style, y)))
    return labels


def _spec(kind, since=2006, until=None):
    d = {"periods": "calendar-year" if kind == "calendar" else "financial-year",
         "measures": MEASURES}
    if since:
        d["since"] = since
    if until:
        d["until"] = until
    return d


def _measure_columns(rng, measures, extra_other=0):
    cols = [(m, rng.choice(HEADERS[m])) for m in measures]
    for _ in range(extra_other):
        cols.insert(rng.randint(1, len(cols)), (None, rng.choice(OTHER_HEADERS)))
    return cols


def _other_values(rng, years):
    return {y: rng.randint(0, 9) for y in years}


def _total_label(rng, years, kind):
    lab = rng.choice(TOTAL_LABELS)
    a, b = years[0], years[-1]
    if kind == "financial":
        b = b + 1
    return lab.format(a=a, b=b)


# ----------------------------------------------------------------------------- layouts

def layout_periods_down(rng, name, kind, years, measures, style, *, total=False, wrong_total=False,
                        other=0, descending=False, header_rows=1, legend_row=None, page=1,
                        period_style=None, year_header="Year"):
    force = _Force(rng, years, measures)
    cols = _measure_columns(rng, measures, other)
    others = {i: _other_values(rng, years) for i, (m, _) in enumerate(cols) if m is None}
    plabels = _periods(rng, kind, years, period_style)
    truth = {}
    rows = []
    if header_rows == 1:
        rows.append([year_header] + [h for _, h in cols])
    else:  # header text split over two rows by the PDF reader
        top, bottom = [year_header], [""]
        for _, h in cols:
            words = h.replace("\n", " ").split(" ")
            if len(words) > 1:
                top.append(" ".join(words[:len(words) // 2]))
                bottom.append(" ".join(words[len(words) // 2:]))
            else:
                top.append(h)
                bottom.append("")
        rows += [top, bottom]
    order = list(zip(years, plabels))
    if descending:
        order.reverse()
    sums = {m: 0 for m in measures}
    for y, (key, label) in order:
        row = [label]
        for i, (m, _) in enumerate(cols):
            if m is None:
                row.append(str(others[i][y]) if not cols[i][1].startswith("%") else f"{rng.randint(0, 100)}%")
                continue
            v = force.data[m][y]
            txt, t = style.cell(v)
            truth[(m, key)] = t
            sums[m] += v
            row.append(txt)
        rows.append(row)
    if total:
        row = [_total_label(rng, years, kind)]
        for i, (m, _) in enumerate(cols):
            if m is None:
                row.append(str(sum(others[i].values())) if not cols[i][1].startswith("%") else "")
                continue
            s = sums[m] + (1 if wrong_total and m == measures[0] else 0)
            txt, t = style.cell(s, allow_suppress=False)
            truth[(m, "total")] = t
            row.append(txt)
        rows.append(row)
    if legend_row:
        rows.append([legend_row] + [""] * len(cols))
    return Table(page=page, rows=rows), truth, force


def layout_periods_across(rng, name, kind, years, measures, style, *, total=False, wrong_total=False,
                          other=0, label_header="", group_label=False, descending=False, period_style=None):
    force = _Force(rng, years, measures)
    plabels = _periods(rng, kind, years, period_style)
    order = list(zip(years, plabels))
    if descending:
        order.reverse()
    header = [label_header] + [lab for _, (_, lab) in order]
    tl = _total_label(rng, years, kind) if total else None
    if total:
        header.append(tl)
    rows = [header]
    truth = {}
    cols = _measure_columns(rng, measures, other)
    outcome_measures = {"dismissed", "resigned_or_retired"}
    first_outcome = True
    for m, h in cols:
        if group_label:
            if m in outcome_measures:
                lab0 = "Outcome" if first_outcome else ""
                first_outcome = False
                lab = [lab0, h]
            else:
                lab = [h, ""]
        else:
            lab = [h]
        row = list(lab)
        s = 0
        for y, (key, _) in order:
            if m is None:
                row.append(str(rng.randint(0, 9)))
                continue
            v = force.data[m][y]
            s += v
            txt, t = style.cell(v)
            truth[(m, key)] = t
            row.append(txt)
        if total:
            if m is None:
                row.append(str(rng.randint(10, 40)))
            else:
                s2 = s + (2 if wrong_total and m == measures[-1] else 0)
                txt, t = style.cell(s2, allow_suppress=False)
                truth[(m, "total")] = t
                row.append(txt)
        rows.append(row)
    if group_label:
        rows[0] = ["", label_header] + rows[0][1:]
    return Table(page=1, rows=rows), truth, force


def layout_group_header(rng, name, kind, years, style, *, repeat_group=False, total=False, other=True):
    """Year | Officers | Allegations | Outcome (Dismissed, Resigned/Retired, Other) over two rows."""
    force = _Force(rng, years, ["officers", "allegations", "dismissed", "resigned_or_retired"])
    plabels = _periods(rng, kind, years)
    h_off = rng.choice(HEADERS["officers"])
    h_all = rng.choice(HEADERS["allegations"])
    h_dis = rng.choice(["Dismissed", "Dismissal", "Dismissed*"])
    h_res = rng.choice(["Resigned/Retired", "Resigned or retired", "Resigned / Retired"])
    group = "Outcome" if not repeat_group else "Outcome of investigation"
    top = ["Year", h_off, h_all, group, group if repeat_group else "", ]
    bottom = ["", "", "", h_dis, h_res]
    if other:
        top.append(group if repeat_group else "")
        bottom.append(rng.choice(["Other", "Written warning", "No further action"]))
    rows = [top, bottom]
    truth = {}
    sums = {m: 0 for m in force.data}
    for y, (key, lab) in zip(years, plabels):
        row = [lab]
        for m in ["officers", "allegations", "dismissed", "resigned_or_retired"]:
            v = force.data[m][y]
            sums[m] += v
            txt, t = style.cell(v)
            truth[(m, key)] = t
            row.append(txt)
        if other:
            row.append(str(rng.randint(0, 5)))
        rows.append(row)
    if total:
        row = ["Total"]
        for m in ["officers", "allegations", "dismissed", "resigned_or_retired"]:
            txt, t = style.cell(sums[m], allow_suppress=False)
            truth[(m, "total")] = t
            row.append(txt)
        if other:
            row.append("")
        rows.append(row)
    return Table(page=1, rows=rows), truth, force


def layout_one_table_per_measure(rng, name, kind, years, measures, style, *, titled=True):
    tables = []
    truth = {}
    force = _Force(rng, years, measures)
    plabels = _periods(rng, kind, years)
    titles = {
        "officers": ["Officers investigated", "Number of officers investigated for possessing or sharing obscene images"],
        "allegations": ["Allegations", "Number of allegations recorded"],
        "substantiated": ["Allegations substantiated", "Substantiated allegations"],
        "dismissed": ["Officers dismissed", "Dismissals"],
        "resigned_or_retired": ["Officers who resigned or retired", "Resigned or retired"],
        "cases": ["Cases", "Number of cases"],
    }
    for i, m in enumerate(measures):
        rows = []
        if titled:
            rows.append([f"Table {i + 1}: {rng.choice(titles[m])}", ""])
            rows.append(["Year", rng.choice(["Number", "No.", "Total", "Count"])])
        else:
            rows.append(["Year", rng.choice(HEADERS[m])])
        for y, (key, lab) in zip(years, plabels):
            txt, t = style.cell(force.data[m][y])
            truth[(m, key)] = t
            rows.append([lab, txt])
        tables.append(Table(page=1 + i // 2, rows=rows))
    return tables, truth, force


def layout_long(rng, name, kind, years, measures, style):
    force = _Force(rng, years, measures)
    plabels = _periods(rng, kind, years)
    rows = [["Year", "Category", "Number"]]
    truth = {}
    for y, (key, lab) in zip(years, plabels):
        first = True
        for m in measures:
            txt, t = style.cell(force.data[m][y])
            truth[(m, key)] = t
            rows.append([lab if first else "", rng.choice(HEADERS[m]).replace("\n", " "), txt])
            first = False
    return Table(page=1, rows=rows), truth, force


def layout_sections(rng, name, kind, years, style):
    """Measures as rows under section rows: Allegations / Officers."""
    force = _Force(rng, years, ["allegations", "substantiated", "officers", "dismissed"])
    plabels = _periods(rng, kind, years)
    rows = [["Category"] + [lab for _, lab in plabels]]
    truth = {}

    def add(label, m, values=None):
        row = [label]
        for y, (key, _) in zip(years, plabels):
            if m is None:
                row.append(str(values[y]))
            else:
                txt, t = style.cell(force.data[m][y])
                truth[(m, key)] = t
                row.append(txt)
        rows.append(row)

    rows.append(["Allegations"] + [""] * len(years))
    add("Number recorded", "allegations")
    add("Substantiated", "substantiated")
    add("Not substantiated", None, {y: force.data["allegations"][y] - force.data["substantiated"][y] for y in years})
    rows.append(["Officers"] + [""] * len(years))
    add("Investigated", "officers")
    add("Dismissed", "dismissed")
    return Table(page=1, rows=rows), truth, force


def layout_nested(rng, name, kind, years, style):
    """Years across, each year spanning two sub-columns (Allegations, Substantiated)."""
    force = _Force(rng, years, ["allegations", "substantiated"])
    plabels = _periods(rng, kind, years)
    top, sub, data = [""], [""], ["Number"]
    truth = {}
    for y, (key, lab) in zip(years, plabels):
        top += [lab, ""]
        sub += ["Allegations", "Substantiated"]
        for m in ["allegations", "substantiated"]:
            txt, t = style.cell(force.data[m][y])
            truth[(m, key)] = t
            data.append(txt)
    return Table(page=1, rows=[top, sub, data]), truth, force


def irrelevant_rank_table(rng):
    return Table(page=2, rows=[["Rank", "Number"], ["Constable", str(rng.randint(5, 30))],
                               ["Sergeant", str(rng.randint(1, 9))], ["Inspector", str(rng.randint(0, 3))],
                               ["Total", str(rng.randint(10, 40))]])


def irrelevant_staff_table(rng, kind, years):
    plabels = _periods(rng, kind, years)
    rows = [["Year", "Police staff investigated", "Police staff dismissed"]]
    for _, lab in plabels:
        rows.append([lab, str(rng.randint(0, 6)), str(rng.randint(0, 2))])
    return Table(page=2, rows=rows)


# ----------------------------------------------------------------------------- the letters

def make_letters() -> list[Letter]:
    letters: list[Letter] = []
    Y = list(range(2006, 2015))

    def new(i):
        return random.Random(1000 + i)

    # 1 plain calendar, periods down, total row
    rng = new(1)
    t, truth, _ = layout_periods_down(rng, "a", "calendar", Y, ["officers", "allegations", "substantiated", "dismissed", "resigned_or_retired"],
                                      _Style(rng), total=True)
    letters.append(Letter("avon-plain", [t], "Please find our response below.", _spec("calendar"), truth, "periods down, total row"))

    # 2 financial, periods down, suppression <5 with legend in letter
    rng = new(2)
    st = _Style(rng, suppress="<5")
    t, truth, _ = layout_periods_down(rng, "b", "financial", Y, ["officers", "allegations", "substantiated", "dismissed"], st)
    letters.append(Letter("beds-fy-suppressed", [t], SUPPRESS_LEGENDS["<5"], _spec("financial"), truth, "FY, <5"))

    # 3 measures as rows, periods across, total column
    rng = new(3)
    t, truth, _ = layout_periods_across(rng, "c", "calendar", Y, ["officers", "allegations", "substantiated", "dismissed", "resigned_or_retired"],
                                        _Style(rng), total=True, label_header="Measure")
    letters.append(Letter("cambs-across", [t], "", _spec("calendar"), truth, "periods across, total column"))

    # 4 dash with legend in letter text
    rng = new(4)
    st = _Style(rng, zero="-")
    t, truth, _ = layout_periods_down(rng, "d", "calendar", Y, ["officers", "substantiated", "dismissed"], st)
    letters.append(Letter("cheshire-dash-legend", [t], "Key: " + rng.choice(DASH_LEGENDS), _spec("calendar"), truth, "dash with legend"))

    # 5 dash without legend (truth 0, unknowable from the letter: must be flagged)
    rng = new(5)
    st = _Style(rng, zero="-?")
    t, truth, _ = layout_periods_across(rng, "e", "calendar", Y, ["officers", "dismissed"], st, label_header="")
    letters.append(Letter("cleveland-dash-nolegend", [t], "Please see the table below.", _spec("calendar"), truth, "dash without legend"))

    # 6 two-row group header
    rng = new(6)
    t, truth, _ = layout_group_header(rng, "f", "calendar", Y, _Style(rng), total=True)
    letters.append(Letter("cumbria-group-header", [t], "", _spec("calendar"), truth, "Outcome group header"))

    # 7 group header repeated in every spanned cell (Word style), financial
    rng = new(7)
    t, truth, _ = layout_group_header(rng, "g", "financial", Y, _Style(rng, suppress="*"), repeat_group=True)
    letters.append(Letter("derbys-group-repeat", [t], SUPPRESS_LEGENDS["*"], _spec("financial"), truth, "repeated group header, *"))

    # 8 one table per measure with titles
    rng = new(8)
    tabs, truth, _ = layout_one_table_per_measure(rng, "h", "calendar", Y, ["officers", "allegations", "dismissed"], _Style(rng))
    letters.append(Letter("devon-per-measure-titled", tabs, "", _spec("calendar"), truth, "one table per measure, titled"))

    # 9 one table per measure, header names the measure
    rng = new(9)
    tabs, truth, _ = layout_one_table_per_measure(rng, "i", "financial", Y, ["officers", "substantiated", "resigned_or_retired"],
                                                  _Style(rng), titled=False)
    letters.append(Letter("dorset-per-measure", tabs, "", _spec("financial"), truth, "one table per measure, header"))

    # 10 long format
    rng = new(10)
    t, truth, _ = layout_long(rng, "j", "calendar", Y, ["officers", "allegations", "dismissed"], _Style(rng))
    letters.append(Letter("durham-long", [t], "", _spec("calendar"), truth, "long format"))

    # 11 periods across with group label column
    rng = new(11)
    t, truth, _ = layout_periods_across(rng, "k", "financial", Y, ["officers", "allegations", "dismissed", "resigned_or_retired"],
                                        _Style(rng), group_label=True, total=True)
    letters.append(Letter("dyfed-group-labels", [t], "", _spec("financial"), truth, "label group column"))

    # 12 sections
    rng = new(12)
    t, truth, _ = layout_sections(rng, "l", "calendar", Y, _Style(rng, zero="Nil"))
    letters.append(Letter("essex-sections", [t], "", _spec("calendar"), truth, "section rows"))

    # 13 nested year/measure columns
    rng = new(13)
    t, truth, _ = layout_nested(rng, "m", "calendar", list(range(2010, 2015)), _Style(rng))
    letters.append(Letter("glos-nested", [t], "", _spec("calendar"), truth, "years spanning sub-columns"))

    # 14 descending rows, out-of-range years, irrelevant rank table
    rng = new(14)
    t, truth, _ = layout_periods_down(rng, "n", "calendar", list(range(2004, 2015)), ["officers", "allegations", "dismissed"],
                                      _Style(rng), descending=True)
    letters.append(Letter("gmp-desc-outofrange", [t, irrelevant_rank_table(rng)], "", _spec("calendar"), truth,
                          "descending years, 2004-05 outside range, rank table"))

    # 15 wrong total in the force's own table
    rng = new(15)
    t, truth, _ = layout_periods_down(rng, "o", "calendar", Y, ["officers", "allegations", "substantiated"], _Style(rng),
                                      total=True, wrong_total=True)
    letters.append(Letter("gwent-wrong-total", [t], "", _spec("calendar"), truth, "total does not add up"))

    # 16 non-measure columns (Not substantiated, % substantiated, outcomes) mixed in
    rng = new(16)
    t, truth, _ = layout_periods_down(rng, "p", "calendar", Y, ["allegations", "substantiated", "dismissed"], _Style(rng), other=3)
    letters.append(Letter("hants-other-columns", [t], "", _spec("calendar"), truth, "irrelevant columns"))

    # 17 header split over two rows by the reader, suppression 'x' legend row in the table
    rng = new(17)
    st = _Style(rng, suppress="x")
    t, truth, _ = layout_periods_down(rng, "q", "financial", Y, ["officers", "allegations", "resigned_or_retired"], st,
                                      header_rows=2, legend_row=SUPPRESS_LEGENDS["x"], total=True)
    letters.append(Letter("herts-split-header", [t], "", _spec("financial"), truth, "header over two rows, x legend row"))

    # 18 big force with thousands separators and footnote markers
    rng = new(18)
    force_rng = rng
    st = _Style(rng, markers=True, thousands=True)
    force = _Force(force_rng, Y, ["allegations", "officers"], big=True)
    plabels = _periods(rng, "calendar", Y)
    rows = [["Calendar year", "Number of allegations", "Number of officers"]]
    truth = {}
    for y, (key, lab) in zip(Y, plabels):
        row = [lab]
        for m in ["allegations", "officers"]:
            txt, tr = st.cell(force.data[m][y])
            truth[(m, key)] = tr
            row.append(txt)
        rows.append(row)
    letters.append(Letter("met-big", [Table(page=1, rows=rows)],
                          "* includes officers on secondment. (a) figure revised since last year. ¹ provisional.",
                          _spec("calendar"), truth, "thousands, footnote markers"))

    # 19 financial answer to a calendar request (kept, flagged)
    rng = new(19)
    t, truth, _ = layout_periods_down(rng, "s", "financial", Y, ["officers", "dismissed"], _Style(rng), total=True)
    letters.append(Letter("kent-fy-for-calendar", [t], "", _spec("calendar"), truth, "FY labels in calendar request"))

    # 20 table continued over two pages with the header repeated
    rng = new(20)
    t, truth, _ = layout_periods_down(rng, "t", "calendar", Y, ["officers", "allegations", "substantiated", "dismissed"], _Style(rng))
    t1 = Table(page=1, rows=t.rows[:6])
    t2 = Table(page=2, rows=[t.rows[0]] + t.rows[6:])
    letters.append(Letter("lancs-two-pages", [t1, t2], "", _spec("calendar"), truth, "continued table"))

    # 21 police staff table beside the officers table
    rng = new(21)
    t, truth, _ = layout_periods_down(rng, "u", "calendar", Y, ["officers", "dismissed"], _Style(rng))
    letters.append(Letter("leics-staff-table", [t, irrelevant_staff_table(rng, "calendar", Y)], "", _spec("calendar"), truth,
                          "police staff table (not asked for)"))

    # 22 periods across with suppression '[x]', dash legend in a table row, descending
    rng = new(22)
    st = _Style(rng, suppress="[x]", zero="-")
    t, truth, _ = layout_periods_across(rng, "v", "financial", Y, ["cases", "officers", "substantiated", "dismissed"], st,
                                        descending=True, label_header="Financial year")
    t.rows.append(["[x] = withheld (fewer than 5); - = nil"] + [""] * (len(t.rows[0]) - 1))
    letters.append(Letter("lincs-across-legend-row", [t], "", _spec("financial"), truth, "legend row in table"))

    # 23 separate Resigned and Retired columns (no figure for resigned_or_retired stated)
    rng = new(23)
    force = _Force(rng, Y, ["officers", "dismissed"])
    plabels = _periods(rng, "calendar", Y)
    rows = [["Year", "Officers investigated", "Dismissed", "Resigned", "Retired"]]
    truth = {}
    for y, (key, lab) in zip(Y, plabels):
        row = [lab]
        for m in ["officers", "dismissed"]:
            txt, tr = _Style(rng).cell(force.data[m][y])
            truth[(m, key)] = tr
            row.append(txt)
        row += [str(rng.randint(0, 3)), str(rng.randint(0, 2))]
        rows.append(row)
    letters.append(Letter("merseyside-split-outcomes", [Table(page=1, rows=rows)], "", _spec("calendar"), truth,
                          "Resigned and Retired apart"))

    # 24 partial last year, c suppression, total row with range label
    rng = new(24)
    st = _Style(rng, suppress="c")
    t, truth, _ = layout_periods_down(rng, "w", "calendar", list(range(2006, 2016)), ["officers", "allegations", "substantiated"],
                                      st, total=True)
    # the last year is only part of a year
    last = t.rows[-2]
    last[0] = "2015 (to 30 June)"
    letters.append(Letter("norfolk-partial-year", [t], SUPPRESS_LEGENDS["c"], _spec("calendar"), truth, "partial year"))

    # 25 Word-style empty spacer column and blank rows
    rng = new(25)
    t, truth, _ = layout_periods_down(rng, "x", "calendar", Y, ["officers", "allegations", "dismissed"], _Style(rng, zero="None"))
    rows = []
    for r in t.rows:
        rows.append([r[0], ""] + r[1:])
        if rng.random() < 0.2:
            rows.append([""] * (len(r) + 1))
    letters.append(Letter("northants-spacers", [Table(page=1, rows=rows)], "", _spec("calendar"), truth, "spacer column and rows"))

    # 26 two tables in one letter, one per measure group, periods across in the second
    rng = new(26)
    t1, truth1, _ = layout_periods_down(rng, "y", "calendar", Y, ["officers", "allegations"], _Style(rng))
    t2, truth2, _ = layout_periods_across(rng, "y2", "calendar", Y, ["substantiated", "dismissed", "resigned_or_retired"],
                                          _Style(rng, suppress="*"), label_header="Outcome")
    t2.page = 2
    truth = {**truth1, **truth2}
    letters.append(Letter("northumbria-two-tables", [t1, t2], "Where a figure is fewer than five it has been replaced with *.",
                          _spec("calendar"), truth, "two tables"))

    # 27 wide table wrapped: periods across in two blocks inside one table
    rng = new(27)
    t, truth, _ = layout_periods_across(rng, "z", "calendar", Y, ["officers", "allegations", "dismissed"], _Style(rng),
                                        label_header="")
    n = 1 + 5
    block1 = [r[:n] for r in t.rows]
    block2 = [[r[0]] + r[n:] + [""] * (n - len(r[n:]) - 1) for r in t.rows]
    letters.append(Letter("nyorks-wrapped", [Table(page=1, rows=block1 + block2)], "", _spec("calendar"), truth, "wrapped wide table"))

    # 28 mixed 'Nil' zeros and '<5' without any legend, until 2012 only in the request
    rng = new(28)
    t, truth, _ = layout_periods_down(rng, "aa", "calendar", Y, ["officers", "substantiated", "dismissed", "resigned_or_retired"],
                                      _Style(rng, suppress="< 5", zero="Nil"), total=False)
    letters.append(Letter("surrey-until", [t], "", _spec("calendar", 2006, 2012), truth, "until 2012"))

    return letters


def make_hard_letters() -> list[Letter]:
    """A second batch, written after the first batch scored well and before looking at how the
    extractor does on it: layouts and wordings the extractor was not written for."""
    letters: list[Letter] = []
    Y = list(range(2006, 2015))

    def new(i):
        return random.Random(5000 + i)

    # H1 a case list: one row per officer, no counts stated (nothing should be read as a figure)
    rng = new(1)
    rows = [["Year", "Rank", "Allegation", "Outcome"]]
    for _ in range(12):
        rows.append([str(rng.choice(Y)), rng.choice(["PC", "DC", "PS"]), "Possession of indecent images",
                     rng.choice(["Dismissed", "Resigned", "Final written warning", "No case to answer"])])
    letters.append(Letter("h-case-list", [Table(page=1, rows=rows)], "", _spec("calendar"), {}, "case list"))

    # H2 periods across with a group header 'Financial year' and a last partial year FYTD
    rng = new(2)
    force = _Force(rng, list(range(2010, 2016)), ["officers", "dismissed"])
    st = _Style(rng)
    yrs = list(range(2010, 2016))
    top = ["", "Financial year"] + [""] * (len(yrs) - 1)
    sub = ["Measure"] + [f"{y}/{(y + 1) % 100:02d}" for y in yrs[:-1]] + [f"FYTD {yrs[-1]}/{(yrs[-1] + 1) % 100:02d}"]
    truth = {}
    rows = [top, sub]
    for m, lab in [("officers", "Officers investigated"), ("dismissed", "Officers dismissed")]:
        row = [lab]
        for y in yrs:
            txt, tr = st.cell(force.data[m][y])
            truth[(m, _fy_key(y))] = tr
            row.append(txt)
        rows.append(row)
    letters.append(Letter("h-fy-group-fytd", [Table(page=1, rows=rows)], "", _spec("financial"), truth, "FY group, FYTD"))

    # H3 outcomes as rows with a 'Total' row summing the outcomes (no truth for it)
    rng = new(3)
    force = _Force(rng, Y, ["dismissed", "resigned_or_retired"])
    st = _Style(rng)
    rows = [["Outcome"] + [str(y) for y in Y]]
    truth = {}
    other = {y: rng.randint(0, 4) for y in Y}
    for m, lab in [("dismissed", "Dismissed"), ("resigned_or_retired", "Resigned / retired"), (None, "Management action")]:
        row = [lab]
        for y in Y:
            if m is None:
                row.append(str(other[y]))
            else:
                txt, tr = st.cell(force.data[m][y])
                truth[(m, str(y))] = tr
                row.append(txt)
        rows.append(row)
    rows.append(["Total"] + [str(force.data["dismissed"][y] + force.data["resigned_or_retired"][y] + other[y]) for y in Y])
    letters.append(Letter("h-outcome-total-row", [Table(page=1, rows=rows)], "", _spec("calendar"), truth, "Total of outcomes row"))

    # H4 periods down with a 'Total' column across outcomes and a grand total row
    rng = new(4)
    force = _Force(rng, Y, ["dismissed", "resigned_or_retired"])
    st = _Style(rng)
    rows = [["", "Dismissed", "Resigned/retired", "Final written warning", "Total"]]
    truth = {}
    sums = {"dismissed": 0, "resigned_or_retired": 0}
    fww_sum = 0
    grand = 0
    for y in Y:
        fww = rng.randint(0, 3)
        d, rr = force.data["dismissed"][y], force.data["resigned_or_retired"][y]
        truth[("dismissed", _fy_key(y))] = (d, False)
        truth[("resigned_or_retired", _fy_key(y))] = (rr, False)
        sums["dismissed"] += d
        sums["resigned_or_retired"] += rr
        fww_sum += fww
        grand += d + rr + fww
        rows.append([f"{y}/{(y + 1) % 100:02d}", str(d), str(rr), str(fww), str(d + rr + fww)])
    rows.append(["Grand Total", str(sums["dismissed"]), str(sums["resigned_or_retired"]), str(fww_sum), str(grand)])
    truth[("dismissed", "total")] = (sums["dismissed"], False)
    truth[("resigned_or_retired", "total")] = (sums["resigned_or_retired"], False)
    letters.append(Letter("h-total-column", [Table(page=1, rows=rows)], "", _spec("financial"), truth, "Total column across outcomes"))

    # H5 'Year ending 31 March 2014' labels
    rng = new(5)
    force = _Force(rng, Y, ["officers", "allegations"])
    rows = [["Period", "Officers", "Allegations"]]
    truth = {}
    for y in Y:
        row = [f"Year ending 31 March {y + 1}"]
        for m in ["officers", "allegations"]:
            v = force.data[m][y]
            truth[(m, _fy_key(y))] = (v, False)
            row.append(str(v))
        rows.append(row)
    letters.append(Letter("h-year-ending", [Table(page=1, rows=rows)], "", _spec("financial"), truth, "year ending March"))

    # H6 headers with bracketed note numbers, calendar answer to a financial request
    rng = new(6)
    force = _Force(rng, Y, ["allegations", "substantiated", "dismissed"])
    rows = [["Year", "Allegations (1)", "Substantiated (2)", "Dismissed (3)"]]
    truth = {}
    for y in Y:
        row = [str(y)]
        for m in ["allegations", "substantiated", "dismissed"]:
            v = force.data[m][y]
            truth[(m, str(y))] = (v, False)
            row.append(str(v))
        rows.append(row)
    letters.append(Letter("h-bracket-notes", [Table(page=1, rows=rows)],
                          "(1) Allegations recorded under the Police (Conduct) Regulations. (2) Including management action.",
                          _spec("financial"), truth, "header note numbers; CY for FY"))

    # H7 dash means fewer than five, by the letter's legend
    rng = new(7)
    force = _Force(rng, Y, ["officers", "dismissed"])
    rows = [["Year", "Officers investigated", "Dismissed"]]
    truth = {}
    for y in Y:
        row = [str(y)]
        for m in ["officers", "dismissed"]:
            v = force.data[m][y]
            if 1 <= v <= 4:
                row.append("-")
                truth[(m, str(y))] = (None, True)
            else:
                row.append(str(v))
                truth[(m, str(y))] = (v, False)
        rows.append(row)
    letters.append(Letter("h-dash-suppressed", [Table(page=1, rows=rows)],
                          "Please note that '-' denotes a figure of less than 5, withheld to protect the individuals concerned.",
                          _spec("calendar"), truth, "dash = suppressed"))

    # H8 officers and staff as rows, years across with two sub-columns each
    rng = new(8)
    yrs = list(range(2011, 2015))
    force = _Force(rng, yrs, ["officers", "dismissed"])
    top = [""] + sum([[str(y), ""] for y in yrs], [])
    sub = [""] + ["Investigated", "Dismissed"] * len(yrs)
    off = ["Police officers"]
    stf = ["Police staff"]
    truth = {}
    for y in yrs:
        for m in ["officers", "dismissed"]:
            v = force.data[m][y]
            truth[(m, str(y))] = (v, False)
            off.append(str(v))
            stf.append(str(rng.randint(0, 3)))
    letters.append(Letter("h-officers-staff-nested", [Table(page=1, rows=[top, sub, off, stf])], "", _spec("calendar"),
                          truth, "officers and staff rows, nested year columns"))

    # H9 long header wording and a note column
    rng = new(9)
    force = _Force(rng, Y, ["officers", "substantiated"])
    rows = [["Calendar Year", "Number of officers investigated for possession of indecent images",
             "Number of cases where the allegation was found proven", "Notes"]]
    truth = {}
    for y in Y:
        row = [str(y)]
        for m in ["officers", "substantiated"]:
            v = force.data[m][y]
            truth[(m, str(y))] = (v, False)
            row.append(str(v))
        row.append(rng.choice(["", "", "Includes one special constable", "Data from new system"]))
        rows.append(row)
    letters.append(Letter("h-long-headers", [Table(page=1, rows=rows)], "", _spec("calendar"), truth, "long headers, notes col"))

    # H10 separate 'Resigned' and 'Retired' plus a combined 'Resigned or retired' total column
    rng = new(10)
    rows = [["Year", "Resigned", "Retired", "Resigned or retired (total)"]]
    truth = {}
    for y in Y:
        a, b = rng.randint(0, 3), rng.randint(0, 2)
        rows.append([str(y), str(a), str(b), str(a + b)])
        truth[("resigned_or_retired", str(y))] = (a + b, False)
    letters.append(Letter("h-resigned-retired-split", [Table(page=1, rows=rows)], "", _spec("calendar"), truth,
                          "split plus combined column"))

    # H11 measures as rows, with the question numbers as an index column
    rng = new(11)
    force = _Force(rng, Y, ["officers", "substantiated", "dismissed"])
    rows = [["Q", "Question"] + [str(y) for y in Y]]
    truth = {}
    for i, (m, lab) in enumerate([("officers", "How many officers were investigated"),
                                  ("substantiated", "How many allegations were substantiated"),
                                  ("dismissed", "How many officers were dismissed")]):
        row = [str(i + 1), lab]
        for y in Y:
            v = force.data[m][y]
            truth[(m, str(y))] = (v, False)
            row.append(str(v))
        rows.append(row)
    letters.append(Letter("h-question-rows", [Table(page=1, rows=rows)], "", _spec("calendar"), truth, "question rows"))

    # H12 a table of years where some cells are blank (force says blanks are nil in the letter)
    rng = new(12)
    force = _Force(rng, Y, ["officers", "allegations"])
    rows = [["Year", "Officers", "Allegations"]]
    truth = {}
    for y in Y:
        row = [str(y)]
        for m in ["officers", "allegations"]:
            v = force.data[m][y]
            row.append("" if v == 0 else str(v))
            truth[(m, str(y))] = (v, False)  # the letter says blanks are nil
        rows.append(row)
    letters.append(Letter("h-blank-cells", [Table(page=1, rows=rows)], "Blank cells indicate no officers.",
                          _spec("calendar"), truth, "blank cells"))

    return letters


if __name__ == "__main__":  # a quick look at what is made
    for L in make_letters():
        print(f"== {L.name}: {L.description} ({len(L.truth)} true figures)")
        for t in L.tables:
            for r in t.rows[:4]:
                print("   ", r)
