#!/usr/bin/env python3
"""Write the second example request's response documents (figures with breakdowns), and their truth.

    python examples/make_breakdown_responses.py            # into this repository
    python examples/make_breakdown_responses.py --out DIR  # into DIR/responses/... and DIR/examples/

The request is requests/hospital-crimes.yml: crimes recorded on hospital grounds, 2019/20 to
2023/24, by financial year, crime type, outcome and hospital. Every document is INVENTED sample
data, marked as such in the document itself, each in a layout forces really use for breakdowns:

* west-yorkshire: a ruled PDF table, crime types (Home Office classes) down, years across, a Total row;
* merseyside: a two-way PDF table, crime type (sub classes, in capitals) by outcome, for the whole
  period, with a Total column and a Total row;
* northumbria: a spreadsheet listing one crime per row (reference, date recorded, crime type,
  outcome, hospital), and no summary;
* avon-and-somerset: an Excel-made PDF listing over several pages (financial year, hospital,
  crime type, outcome), its header repeated on every page.

It also writes examples/hospital_crimes_truth.json: every figure each document states or, for
a listing, every count of its rows (by period; by period and one breakdown; by period and crime
type and outcome), so that the build can be checked against it (tests/test_example_breakdowns.py).
Deterministic: the same bytes on every run. Needs reportlab and openpyxl.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_sample_responses import (  # noqa: E402  (the first example's letter helpers)
    HEAD, REVIEW, SAMPLE, SMALL, P, Spacer, _fix_zip, header_cell, letterhead, ruled, signoff, write_pdf,
)
from reportlab.lib.units import mm  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SLUG = "hospital-crimes"
YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
PRINTED_YEAR = {y: f"{y[:4]}/{y[5:]}" for y in YEARS}  # 2019/20
DATES = {"west-yorkshire": dt.date(2026, 10, 6), "merseyside": dt.date(2026, 10, 12),
         "northumbria": dt.date(2026, 10, 14), "avon-and-somerset": dt.date(2026, 10, 20)}
INTRO = ("Thank you for your request for information, received on 15 September 2026, about crimes recorded on "
         "hospital grounds from 1 April 2019 to 31 March 2024.")


class Truth:
    def __init__(self) -> None:
        self.forces: dict[str, dict] = {}

    def force(self, force: str, layout: str, documents: list[str]) -> None:
        self.forces[force] = {"layout": layout, "date": DATES[force].isoformat(), "documents": documents, "figures": []}

    def add(self, force: str, period: str, value: int, breakdown: Optional[str] = None,
            category: Optional[str] = None, derived: bool = False) -> None:
        self.forces[force]["figures"].append({"measure": "crimes", "period": period, "breakdown": breakdown,
                                              "category": category, "value": value, "derived": derived})

    def to_json(self) -> dict:
        return {"request": SLUG,
                "about": "Every figure each example response states (or, for a listing of records, every count of "
                         "its rows), written by examples/make_breakdown_responses.py. All of it is invented.",
                "forces": self.forces}


def _date_in(rng: random.Random, year: str) -> dt.date:
    start = dt.date(int(year[:4]), 4, 1)
    return start + dt.timedelta(days=rng.randrange(365))


# ------------------------------------------------------------------------------------------ tables

def make_west_yorkshire(folder: Path, truth: Truth) -> None:
    """Crime types down, financial years across, a Total row (Home Office classes: coarse)."""
    force, ref = "west-yorkshire", "FOI 26-4471"
    name = "FOI 26-4471 response.pdf"
    truth.force(force, "table: crime types x years, Total row", [name])
    rng = random.Random(11)
    types = ["Violence Against the Person", "Sexual Offences", "Theft", "Criminal Damage & Arson",
             "Public Order Offences", "Drug Offences", "Possession of Weapons"]
    counts = {t: [rng.randint(0, 40) if t.startswith(("Viol", "Theft", "Public")) else rng.randint(0, 9)
                  for _ in YEARS] for t in types}
    story = letterhead("West Yorkshire Police", ["Information Management", "PO Box 9", "Wakefield", "WF1 3QP"],
                       ref, DATES[force], SAMPLE)
    story += [P("Dear Requester,"), P(INTRO),
              P("West Yorkshire Police holds the information you requested. The number of crimes recorded at "
                "hospital premises in West Yorkshire is given below by crime type and financial year."),
              P("Crimes recorded at hospitals by crime type", HEAD)]
    data = [[header_cell("Crime Type")] + [header_cell(PRINTED_YEAR[y]) for y in YEARS]]
    for t in types:
        data.append([t] + [str(v) for v in counts[t]])
        for y, v in zip(YEARS, counts[t]):
            truth.add(force, y, v, "crime_type", t)
    totals = [sum(counts[t][i] for t in types) for i in range(len(YEARS))]
    data.append(["Total"] + [str(v) for v in totals])
    for y, v in zip(YEARS, totals):
        truth.add(force, y, v)
    story += [ruled(data, col_widths=[62 * mm] + [20 * mm] * len(YEARS), bold_last=True), Spacer(1, 10), P(REVIEW)]
    story += signoff("Disclosure Officer", "Information Management, West Yorkshire Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="West Yorkshire Police (sample)", banner=SAMPLE,
              footer=f"West Yorkshire Police, reference {ref} - SAMPLE DATA")


def make_merseyside(folder: Path, truth: Truth) -> None:
    """A two-way table: crime type (sub classes) by outcome, all five years together."""
    force, ref = "merseyside", "FOI/2026/1877"
    name = "FOI 2026-1877 Merseyside Police.pdf"
    truth.force(force, "two-way table: crime type x outcome, whole period, Total row and column", [name])
    rng = random.Random(12)
    types = ["VIOLENCE WITH INJURY", "VIOLENCE WITHOUT INJURY", "STALKING AND HARASSMENT", "THEFT",
             "CRIMINAL DAMAGE", "PUBLIC ORDER", "DRUGS"]
    outcomes = ["Charged/Summonsed", "Out of court disposal", "Evidential difficulties", "No suspect identified"]
    counts = {t: [rng.randint(0, 30) for _ in outcomes] for t in types}
    story = letterhead("Merseyside Police", ["Corporate Communications", "Canning Place", "Liverpool", "L1 8JX"],
                       ref, DATES[force], SAMPLE)
    story += [P("Dear Requester,"), P(INTRO),
              P("Merseyside Police holds the information you requested. We are unable to provide the outcomes by "
                "year within the cost limit; the table below covers the whole period."),
              P("Crimes recorded at hospitals by crime type and outcome, 1 April 2019 to 31 March 2024", HEAD)]
    data = [[header_cell("Crime Type", 8)] + [header_cell(o, 8) for o in outcomes] + [header_cell("Total", 8)]]
    for t in types:
        data.append([t] + [str(v) for v in counts[t]] + [str(sum(counts[t]))])
        truth.add(force, "total", sum(counts[t]), "crime_type", t)
        for o, v in zip(outcomes, counts[t]):
            truth.add(force, "total", v, "crime_type+outcome", f"{t} | {o}")
    col_totals = [sum(counts[t][i] for t in types) for i in range(len(outcomes))]
    data.append(["Total"] + [str(v) for v in col_totals] + [str(sum(col_totals))])
    for o, v in zip(outcomes, col_totals):
        truth.add(force, "total", v, "outcome", o)
    truth.add(force, "total", sum(col_totals))
    story += [ruled(data, col_widths=[52 * mm] + [24 * mm] * len(outcomes) + [18 * mm], bold_last=True, font_size=8),
              Spacer(1, 10), P(REVIEW)]
    story += signoff("Information Access Officer", "Merseyside Police")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="Merseyside Police (sample)", banner=SAMPLE,
              footer=f"Merseyside Police, reference {ref} - SAMPLE DATA")


# ------------------------------------------------------------------------------------------ listings

def _records(seed: int, n: int, types: list[str], outcomes: list[str], hospitals: list[str]) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        year = YEARS[rng.randrange(len(YEARS))]
        out.append({"year": year, "date": _date_in(rng, year), "type": rng.choice(types),
                    "outcome": rng.choice(outcomes), "hospital": rng.choice(hospitals)})
    out.sort(key=lambda r: (r["date"], r["type"]))
    for i, r in enumerate(out):
        r["ref"] = f"{seed:02d}{r['date']:%y}/{i + 1:05d}"
    return out


def _add_counts(truth: Truth, force: str, records: list[dict]) -> None:
    """What a listing gives when its rows are counted: by period, by period and each breakdown, and
    by period, crime type and outcome."""
    for (y,), n in sorted(Counter((r["year"],) for r in records).items()):
        truth.add(force, y, n, derived=True)
    for key, field in (("crime_type", "type"), ("outcome", "outcome"), ("hospital", "hospital")):
        for (y, c), n in sorted(Counter((r["year"], r[field]) for r in records).items()):
            truth.add(force, y, n, key, c, derived=True)
    for (y, t, o), n in sorted(Counter((r["year"], r["type"], r["outcome"]) for r in records).items()):
        truth.add(force, y, n, "crime_type+outcome", f"{t} | {o}", derived=True)


def make_northumbria(folder: Path, truth: Truth) -> None:
    """A spreadsheet listing one crime per row, dated (no financial year given), no summary."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    force, ref = "northumbria", "NP-FOI-2026-0660"
    name = "NP-FOI-2026-0660 hospital crimes.xlsx"
    truth.force(force, "spreadsheet listing of records (dates)", [name])
    records = _records(21, 140, ["Violence with injury", "Violence w/o injury", "Stalking & harassment",
                                 "Theft - other", "Criminal damage", "Public order offences", "Possession of drugs"],
                       ["Charged", "Community resolution", "Evidential difficulties", "No suspect identified"],
                       ["Royal Victoria Infirmary", "Freeman Hospital", "Sunderland Royal Hospital"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Crimes"
    ws.append([SAMPLE])
    ws["A1"].font = Font(bold=True, color="9B1C1C")
    ws.append([f"Northumbria Police - Freedom of Information request {ref} - crimes recorded at hospitals"])
    ws.append([])
    ws.append(["Crime Reference", "Date Recorded", "Crime Type", "Outcome", "Hospital"])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for r in records:
        ws.append([r["ref"], dt.datetime.combine(r["date"], dt.time()), r["type"], r["outcome"], r["hospital"]])
        ws.cell(row=ws.max_row, column=2).number_format = "DD/MM/YYYY"
    for col, width in zip("ABCDE", (18, 14, 26, 24, 28)):
        ws.column_dimensions[col].width = width
    when = dt.datetime(2026, 10, 14, 9, 0, 0)
    wb.properties.creator = "Northumbria Police (sample)"
    wb.properties.lastModifiedBy = "foi example"
    wb.properties.created = when
    wb.properties.modified = when
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    _fix_zip(path, when)
    _add_counts(truth, force, records)


def make_avon_and_somerset(folder: Path, truth: Truth) -> None:
    """An Excel-made PDF listing over several pages, its header repeated on every page."""
    force, ref = "avon-and-somerset", "AS-FOI-26-2315"
    name = "AS-FOI-26-2315 disclosure.pdf"
    truth.force(force, "PDF listing of records over several pages", [name])
    records = _records(22, 180, ["Violence against the person", "Sexual offences", "Theft", "Criminal damage",
                                 "Public order", "Drug offences"],
                       ["Charge/Summons", "Caution", "Evidential difficulties - victim supports",
                        "Investigation complete - no suspect"],
                       ["Southmead Hospital", "Bristol Royal Infirmary", "Musgrove Park Hospital"])
    story = letterhead("Avon and Somerset Constabulary", ["Information Disclosure", "PO Box 37", "Valley Road",
                                                          "Portishead", "BS20 8QJ"], ref, DATES[force], SAMPLE)
    story += [P("Dear Requester,"), P(INTRO),
              P("Avon and Somerset Constabulary holds the information you requested. Please find below a list of "
                "every crime recorded at a hospital in the period, one crime per row."),
              P("Crimes recorded at hospitals, April 2019 to March 2024", HEAD)]
    data = [["Financial Year", "Hospital Name", "Crime Type", "Outcome"]]
    for r in records:
        data.append([PRINTED_YEAR[r["year"]], r["hospital"], r["type"], r["outcome"]])
    story += [ruled(data, col_widths=[26 * mm, 44 * mm, 46 * mm, 56 * mm], font_size=7.5, repeat=1),
              Spacer(1, 8), P("SAMPLE DATA: invented for the foi example.", SMALL), P(REVIEW)]
    story += signoff("Disclosure Officer", "Avon and Somerset Constabulary")
    write_pdf(folder / name, story, title=f"FOI {ref}", author="Avon and Somerset Constabulary (sample)",
              banner=SAMPLE, footer=f"Avon and Somerset Constabulary, reference {ref} - SAMPLE DATA")
    _add_counts(truth, force, records)


MAKERS = {"west-yorkshire": make_west_yorkshire, "merseyside": make_merseyside, "northumbria": make_northumbria,
          "avon-and-somerset": make_avon_and_somerset}


def generate(out: Path) -> dict:
    truth = Truth()
    for force, make in MAKERS.items():
        folder = out / "responses" / SLUG / force
        folder.mkdir(parents=True, exist_ok=True)
        make(folder, truth)
    data = truth.to_json()
    path = out / "examples" / "hospital_crimes_truth.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO, help="the workspace to write into (default: this repository)")
    args = parser.parse_args(argv)
    data = generate(args.out)
    n = sum(len(f["figures"]) for f in data["forces"].values())
    print(f"wrote {len(MAKERS)} forces' responses and {n} true figures under {args.out}")


if __name__ == "__main__":
    main()
