"""Calendar months as the monthly forms and the pay report use them: a month is its first day."""

import datetime


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
