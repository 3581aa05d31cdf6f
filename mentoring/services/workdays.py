"""Working days for the first-contact deadline (R-FAM-3): weekends and state holidays do not count.

The holidays live in the StateHoliday table so that an administrator can add a closure day; the
migration seeds Iowa's paid state holidays with this module's rules.
"""

import datetime

ONE_DAY = datetime.timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> datetime.date:
    last = datetime.date(year + (month == 12), month % 12 + 1, 1) - ONE_DAY
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: datetime.date) -> datetime.date:
    """A holiday on a Saturday is observed on Friday, on a Sunday on Monday."""
    if day.weekday() == 5:
        return day - ONE_DAY
    if day.weekday() == 6:
        return day + ONE_DAY
    return day


def iowa_state_holidays(year: int) -> list[tuple[datetime.date, str]]:
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    return [
        (_observed(datetime.date(year, 1, 1)), "New Year's Day"),
        (_nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day"),
        (_last_weekday(year, 5, 0), "Memorial Day"),
        (_observed(datetime.date(year, 7, 4)), "Independence Day"),
        (_nth_weekday(year, 9, 0, 1), "Labor Day"),
        (_observed(datetime.date(year, 11, 11)), "Veterans Day"),
        (thanksgiving, "Thanksgiving Day"),
        (thanksgiving + ONE_DAY, "Day after Thanksgiving"),
        (_observed(datetime.date(year, 12, 25)), "Christmas Day"),
    ]


def add_working_days(start: datetime.date, days: int, holidays: set[datetime.date]) -> datetime.date:
    """The date `days` working days after `start` (R-FAM-3: assigned on Friday -> due Tuesday)."""
    current = start
    remaining = days
    while remaining:
        current += ONE_DAY
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current
