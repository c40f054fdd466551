"""What a request asks for, as far as figures go: the measures and the periods."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from ..dates import CALENDAR, FINANCIAL, PERIOD_KINDS


@dataclass
class MeasureSpec:
    """measures: measure key -> header texts that may name it; periods: "calendar-year" or
    "financial-year"; since/until: first and last period asked for (a calendar year, or the
    year a financial year starts in), None when open."""

    measures: dict[str, list[str]] = field(default_factory=dict)
    periods: str = CALENDAR
    since: Optional[int] = None
    until: Optional[int] = None
    # breakdown key -> texts that may name it ("rank": ["rank", "officer rank"]), in the request's order
    breakdowns: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        p = (self.periods or CALENDAR).strip().lower()
        if p.startswith("fin") or p in ("fy",):
            self.periods = FINANCIAL
        elif p.startswith("cal") or p in ("cy", "year", "years"):
            self.periods = CALENDAR
        else:
            raise ValueError(f"periods must be {' or '.join(PERIOD_KINDS)}, not {self.periods!r}")
        clean: dict[str, list[str]] = {}
        for key, aliases in (self.measures or {}).items():
            if isinstance(aliases, str):
                aliases = [aliases]
            clean[str(key)] = [str(a) for a in (aliases or [])]
        self.measures = clean
        self.breakdowns = {str(k): ([v] if isinstance(v, str) else [str(a) for a in (v or [])]) or [str(k).replace("_", " ")]
                           for k, v in (self.breakdowns or {}).items()}
        for name in ("since", "until"):
            v = getattr(self, name)
            if v is not None:
                setattr(self, name, int(str(v)[:4]))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "MeasureSpec":
        return cls(measures=d.get("measures") or {}, periods=d.get("periods") or CALENDAR,
                   since=d.get("since"), until=d.get("until"), breakdowns=d.get("breakdowns") or {})

    @classmethod
    def from_yaml(cls, text: str) -> "MeasureSpec":
        import yaml

        return cls.from_dict(yaml.safe_load(text) or {})

    @classmethod
    def load(cls, path: Union[str, Path]) -> "MeasureSpec":
        return cls.from_yaml(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def coerce(cls, spec: Union["MeasureSpec", dict]) -> "MeasureSpec":
        if isinstance(spec, MeasureSpec):
            return spec
        if isinstance(spec, dict):
            return cls.from_dict(spec)
        raise TypeError(f"expected a MeasureSpec or a dict, not {type(spec).__name__}")

    def range_text(self) -> str:
        if self.since is not None and self.until is not None:
            return f"{self.since} to {self.until}"
        if self.since is not None:
            return f"{self.since} onwards"
        if self.until is not None:
            return f"up to {self.until}"
        return "any"
