"""Calendar quarters of the quarterly reports (R-SUP-5) and the dashboards' trends (R-OUT-1)."""

import datetime

from reporting.services.quarters import Quarter, last_complete_quarter


def test_a_quarter_spans_three_months_with_an_exclusive_end():
    q = Quarter.parse("2026-q3")
    assert (q.start, q.end, q.last_day) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 10, 1),
        datetime.date(2026, 9, 30),
    )
    assert [m.month for m in q.months] == [7, 8, 9]
    assert str(q) == "2026-Q3"


def test_quarters_roll_over_the_year():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert [str(q) for q in Quarter(2026, 2).last(3)] == ["2025-Q4", "2026-Q1", "2026-Q2"]


def test_a_report_is_due_for_the_quarter_before_today():
    assert last_complete_quarter(datetime.date(2026, 11, 22)) == Quarter(2026, 3)
    assert last_complete_quarter(datetime.date(2026, 1, 5)) == Quarter(2025, 4)


def test_anything_but_a_quarter_label_is_refused():
    for bad in ["", None, "2026-Q5", "2026Q1", "Q1-2026", "99999-Q1", "2026-Q1; drop table"]:
        assert Quarter.parse(bad) is None
