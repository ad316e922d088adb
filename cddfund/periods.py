"""Reporting periods: a fiscal year, or one of its two rounds (seed 004).

รอบที่ 1 runs from 1 October to 31 March, รอบที่ 2 from 1 April to 30 September; the fiscal year is
both. Every official figure is as of a period's last day, computed from dated records, so asking
again later gives the same figures.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from cddfund import thai

WHOLE_YEAR, FIRST_ROUND, SECOND_ROUND = 0, 1, 2
ROUNDS = (WHOLE_YEAR, FIRST_ROUND, SECOND_ROUND)
CODE = re.compile(r"^(\d{4})(?:-([12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    fiscal_year: int  # BE, named by the year it ends in
    round: int = WHOLE_YEAR

    def __post_init__(self):
        if not 2500 <= self.fiscal_year <= 2700 or self.round not in ROUNDS:
            raise ValueError(f"no such period: {self.fiscal_year}, round {self.round}")

    @property
    def start(self) -> datetime.date:
        first, last = thai.fiscal_year_bounds(self.fiscal_year)
        return datetime.date(last.year, 4, 1) if self.round == SECOND_ROUND else first

    @property
    def end(self) -> datetime.date:
        last = thai.fiscal_year_bounds(self.fiscal_year)[1]
        return datetime.date(last.year, 3, 31) if self.round == FIRST_ROUND else last

    @property
    def code(self) -> str:
        """2569 for the fiscal year, 2569-1 and 2569-2 for its rounds (in URLs and files)."""
        return f"{self.fiscal_year}-{self.round}" if self.round else str(self.fiscal_year)

    @property
    def label(self) -> str:
        year = _("ปีงบประมาณ %(year)s") % {"year": self.fiscal_year}
        if not self.round:
            return year
        return _("%(year)s รอบที่ %(round)s (%(start)s - %(end)s)") % {
            "year": year,
            "round": self.round,
            "start": thai.format_date_short(self.start),
            "end": thai.format_date_short(self.end),
        }

    def __str__(self):
        return self.label

    @property
    def query(self) -> str:
        """The period as a page's query string: year=2569&round=1."""
        year = f"year={self.fiscal_year}"
        return f"{year}&round={self.round}" if self.round else year

    def as_of(self, today: datetime.date | None = None) -> datetime.date:
        """The day its figures describe: its last day, or today while it is still running."""
        return min(self.end, today or timezone.localdate())

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return self.end < (today or timezone.localdate())

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def from_code(cls, code: str) -> "Period":
        match = CODE.match(code or "")
        if not match:
            raise ValueError(f"no such period: {code!r}")
        return cls(int(match[1]), int(match[2] or 0))

    @classmethod
    def from_query(cls, query) -> "Period":
        """A page's ``?year=2569&round=1``: the current fiscal year when the year is not a
        plausible one, the whole year when the round is not 1 or 2."""
        year = thai.fiscal_year_from(query.get("year"))
        text = query.get("round") or ""
        return cls(year, int(text) if text in ("1", "2") else WHOLE_YEAR)

    @classmethod
    def current(cls) -> "Period":
        return cls(thai.fiscal_year(timezone.localdate()))
