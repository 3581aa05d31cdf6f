"""Dates the way the program counts them: six months, a year, two years are calendar anniversaries
(a leap day and the ends of months included), never 182, 365 or 730 days.

`anniversary(date(2024, 2, 29), years=1)` is 28 February 2025; `anniversary(date(2026, 8, 31),
months=6)` is 28 February 2027. The one date format shown to users is `long_date`. Calendar months as
the monthly forms, the pay report and the quarters use them: a month is its first day.
"""

import datetime

from dateutil.relativedelta import relativedelta


def anniversary(day: datetime.date, *, years: int = 0, months: int = 0) -> datetime.date:
    """The same calendar day `years` and `months` later; a day the month lacks becomes its last day."""
    return day + relativedelta(years=years, months=months)


def reached(since: datetime.date, today: datetime.date, *, years: int = 0, months: int = 0) -> bool:
    """Has the anniversary of `since` `years`/`months` later come by `today` (that day included)?"""
    return today >= anniversary(since, years=years, months=months)


def whole_years_and_days(since: datetime.date, today: datetime.date) -> tuple[int, int]:
    """Completed calendar years from `since` to `today`, and the days since the last anniversary."""
    years = relativedelta(today, since).years if today >= since else 0
    return years, (today - anniversary(since, years=years)).days


def long_date(day: datetime.date) -> str:
    """The date format of every page: "Nov 30, 2026"."""
    return f"{day:%b} {day.day}, {day.year}"


# Calendar months


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def last_day(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def one_month_before(day: datetime.date) -> datetime.date:
    """The same day a month earlier, or the month's last day when it has no such day (31 March -> 28
    or 29 February)."""
    month = previous_month(day)
    return month.replace(day=min(day.day, last_day(month).day))


def parse_month(value: str | None) -> datetime.date | None:
    """'2026-05' -> 1 May 2026; anything else -> None."""
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None
