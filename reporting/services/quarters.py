"""Calendar quarters, as the quarterly reports (R-SUP-5), the outcome trends (R-OUT-1) and the
dashboards' eight-quarter charts use them. A quarter is written "2026-Q3"; its `end` is exclusive, so
that a row belongs to it when `start <= day < end`."""

import datetime
import re
from dataclasses import dataclass

# ASCII digits only ([0-9], not \d): "٢٠٢٦-Q3" is no quarter (see parentpartner.params).
_LABEL = re.compile(r"^([0-9]{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: str | None) -> "Quarter | None":
        """'2026-Q3' -> Quarter(2026, 3); anything else -> None."""
        match = _LABEL.match((value or "").strip().upper())
        if not match or not 1900 < int(match[1]) < 2200:
            return None
        return cls(int(match[1]), int(match[2]))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the quarter."""
        return self.next().start

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def months(self) -> list[datetime.date]:
        return [datetime.date(self.year, 3 * self.number - 2 + i, 1) for i in range(3)]

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def last(self, count: int) -> list["Quarter"]:
        """The `count` quarters ending with this one, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters[::-1]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """'July–September 2026' for headings."""
        return f"{self.start:%B}–{self.last_day:%B %Y}"


def current_quarter(today: datetime.date) -> Quarter:
    return Quarter.containing(today)


def last_complete_quarter(today: datetime.date) -> Quarter:
    """The quarter a report is due for: the one before today's."""
    return Quarter.containing(today).previous()
