"""Norwegian working days (fagvei/lib/workdays.py): Easter, 17 May, Christmas, and the
nights the clocks change, which must not move a day."""

from __future__ import annotations

import datetime as dt

from fagvei.lib.workdays import (
    add_months,
    add_working_days,
    count_working_days,
    is_working_day,
    next_working_day,
    week_end,
)

D = dt.date


def test_a_deadline_in_easter_moves_past_easter_monday():
    # 2026: Maundy Thursday 2 April to Easter Monday 6 April.
    assert next_working_day(D(2026, 4, 2)) == D(2026, 4, 7)
    assert next_working_day(D(2026, 4, 4)) == D(2026, 4, 7)
    assert is_working_day(D(2026, 4, 1))


def test_17_may_on_a_weekday_is_no_working_day_and_on_a_sunday_moves_nothing_more():
    assert not is_working_day(D(2027, 5, 17))  # a Monday
    assert next_working_day(D(2027, 5, 15)) == D(2027, 5, 18)
    assert next_working_day(D(2026, 5, 16)) == D(2026, 5, 18)  # 17 May 2026 is a Sunday


def test_christmas_and_new_year():
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert next_working_day(D(2027, 1, 1)) == D(2027, 1, 4)


def test_the_change_to_and_from_summer_time_changes_no_day():
    # 29 March 2026 (to summer time) and 25 October 2026 (back) are Sundays.
    assert next_working_day(D(2026, 3, 29)) == D(2026, 3, 30)
    assert next_working_day(D(2026, 10, 25)) == D(2026, 10, 26)
    assert count_working_days(D(2026, 3, 23), D(2026, 4, 5)) == 8  # 5, then Easter week Mon–Wed
    assert count_working_days(D(2026, 10, 19), D(2026, 11, 1)) == 10


def test_working_days_counted_by_weeks_agree_with_counting_day_by_day():
    start = D(2025, 1, 1)
    for length in (0, 1, 6, 7, 30, 400, 1461):
        end = start + dt.timedelta(days=length)
        slow = sum(1 for n in range(length + 1) if is_working_day(start + dt.timedelta(days=n)))
        assert count_working_days(start, end) == slow
    assert count_working_days(D(2026, 1, 2), D(2026, 1, 1)) == 0


def test_working_days_backwards_and_months_at_the_end_of_a_month():
    assert add_working_days(D(2026, 4, 7), -1) == D(2026, 4, 1)
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2026, 1, 15), -6) == D(2025, 7, 15)
    assert week_end(D(2026, 11, 24)) == D(2026, 11, 29)
