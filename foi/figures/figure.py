"""One figure read from a force's answer: a (measure, period) number, where it was printed,
and why it may need a person's review."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

from foi.tables import BBox


@dataclass
class Figure:
    measure: str
    period: str  # "2013", "2013-14" or "total"
    value: Optional[int]
    suppressed: bool
    needs_review: bool
    review_reasons: list[str]
    table_index: int
    page: int
    row: int  # in the table's own rows
    col: int
    raw_text: str  # the cell's text
    header: str  # the header / label text that named the measure
    bbox: Optional[BBox] = None
    period_label: str = ""  # the label the period was read from
    checked: bool = False  # the parts of a total add up to it
    notes: list[str] = field(default_factory=list)  # things worth knowing that are not doubts
    # None for the force as a whole; else the request's breakdown key(s) ("rank", "rank+outcome")
    # and the category as printed, white space collapsed ("Sergeant", "Sergeant | Dismissed")
    breakdown: Optional[str] = None
    category: Optional[str] = None
    derived: bool = False  # counted by foi from a listing of records, not printed by the force

    def flag(self, reason: str) -> None:
        self.needs_review = True
        if reason and reason not in self.review_reasons:
            self.review_reasons.append(reason)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["bbox"] = list(self.bbox) if self.bbox else None
        return d
