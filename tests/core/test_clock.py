"""The test clock (see README, "Tests on awkward dates"): under `TEST_TODAY` every test runs on that day
in the program's time zone; without it, on the real day. A broken travel would otherwise let the runs on
awkward dates pass on an ordinary day."""

import datetime
import os
import time

import time_machine
from django.utils import timezone


def test_the_clock_is_on_test_today_in_local_time():
    value = os.environ.get("TEST_TODAY")
    if value:
        assert timezone.localdate() == datetime.date.fromisoformat(value[:10])
        assert timezone.localtime().tzname() in {"CST", "CDT"}
        assert time_machine.escape_hatch.is_travelling()
        if len(value) == len("2028-02-29"):  # 21:00 in Chicago: the UTC date is the next day's
            assert timezone.now().date() == timezone.localdate() + datetime.timedelta(days=1)
    else:
        assert not time_machine.escape_hatch.is_travelling()


def test_the_clock_ticks():
    before = timezone.now()
    time.sleep(0.01)  # not moved by time-machine
    assert timezone.now() > before
