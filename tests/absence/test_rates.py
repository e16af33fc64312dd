"""The participation rate on worked examples (seed 002: target 80 %): weekdays less
Norwegian public holidays and interruptions; absence counts planned days only; hours as
hours / 7.5."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fagvei.absence.rates import Period, participation, reached_on, threshold_reached
from fagvei.lib.workdays import is_working_day

D = dt.date


def test_a_plain_week_has_five_planned_days_and_no_absence_is_100_percent():
    # Monday 8 June – Sunday 14 June 2026.
    p = participation(start=D(2026, 6, 8), end=D(2026, 6, 14), periods=[])
    assert (p.planned_days, p.absent_days, p.rate) == (5, Decimal(0), Decimal("100.0"))


def test_17_may_is_not_a_planned_day():
    # 2027: 17 May is a Monday. Week 17–23 May has four planned days.
    assert not is_working_day(D(2027, 5, 17))
    p = participation(start=D(2027, 5, 17), end=D(2027, 5, 23), periods=[Period(D(2027, 5, 18), D(2027, 5, 18))])
    assert p.planned_days == 4
    assert p.absent_days == 1
    assert p.rate == Decimal("75.0")  # (4 − 1) / 4


def test_easter_2026_leaves_two_planned_days_in_two_weeks_of_six():
    # Mon 30 March – Tue 7 April 2026: Maundy Thursday 2 Apr, Good Friday 3 Apr and
    # Easter Monday 6 Apr are holidays; planned: 30, 31 Mar, 1 Apr, 7 Apr.
    for day in (D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 6)):
        assert not is_working_day(day)
    # Absent the whole span: only the four planned days count.
    p = participation(start=D(2026, 3, 30), end=D(2026, 4, 7), periods=[Period(D(2026, 3, 30), D(2026, 4, 7))])
    assert (p.planned_days, p.absent_days, p.rate) == (4, Decimal(4), Decimal("0.0"))


def test_absence_across_a_weekend_counts_only_the_weekdays():
    # Thu 11 – Tue 16 June 2026: Thu, Fri, Mon, Tue = 4 days; Sat and Sun do not count.
    p = participation(start=D(2026, 6, 1), end=D(2026, 6, 30), periods=[Period(D(2026, 6, 11), D(2026, 6, 16))])
    assert p.planned_days == 22
    assert p.absent_days == 4
    assert p.rate == Decimal("81.8")  # 18 / 22


def test_an_interruption_in_the_middle_is_neither_planned_nor_absent():
    # June 2026 (22 weekdays); interrupted Mon 15 – Fri 19 June (5 days): 17 planned.
    # Absence 17–22 June: 17, 18, 19 are interrupted; 22 June counts: 1 day.
    p = participation(
        start=D(2026, 6, 1),
        end=D(2026, 6, 30),
        periods=[Period(D(2026, 6, 17), D(2026, 6, 22))],
        interruptions=[(D(2026, 6, 15), D(2026, 6, 19))],
    )
    assert (p.planned_days, p.absent_days) == (17, Decimal(1))
    assert p.rate == Decimal("94.1")  # 16 / 17


def test_a_running_interruption_runs_to_the_end_of_the_span():
    p = participation(start=D(2026, 6, 1), end=D(2026, 6, 12), periods=[], interruptions=[(D(2026, 6, 8), None)])
    assert p.planned_days == 5


def test_hours_count_as_a_share_of_the_7_5_hour_day():
    # 3.75 h on Monday 8 June = 0.5 day; 7.5 h on Tuesday = 1 day; hours on a Saturday: nothing.
    periods = [
        Period(D(2026, 6, 8), D(2026, 6, 8), Decimal("3.75")),
        Period(D(2026, 6, 9), D(2026, 6, 9), Decimal("7.5")),
        Period(D(2026, 6, 13), D(2026, 6, 13), Decimal("2")),
    ]
    p = participation(start=D(2026, 6, 8), end=D(2026, 6, 12), periods=periods)
    assert p.absent_days == Decimal("1.50")
    assert p.rate == Decimal("70.0")  # (5 − 1.5) / 5
    assert p.below_target


def test_absence_outside_the_span_does_not_count():
    p = participation(start=D(2026, 6, 8), end=D(2026, 6, 12), periods=[Period(D(2026, 6, 15), D(2026, 6, 19))])
    assert p.absent_days == 0


def test_before_the_training_starts_there_is_no_rate():
    assert participation(start=None, end=D(2026, 6, 12), periods=[]).rate is None
    assert participation(start=D(2026, 6, 13), end=D(2026, 6, 12), periods=[]).rate is None
    # A span of a weekend only: no planned day, no rate.
    assert participation(start=D(2026, 6, 13), end=D(2026, 6, 14), periods=[]).rate is None


def test_the_target_is_the_schemes():
    p = participation(
        start=D(2026, 6, 8), end=D(2026, 6, 12), periods=[Period(D(2026, 6, 8), D(2026, 6, 8))], target=85
    )
    assert p.rate == Decimal("80.0") and p.below_target
    assert not participation(start=D(2026, 6, 8), end=D(2026, 6, 12), periods=[], target=85).below_target


def test_the_threshold_is_reached_at_the_county_number_of_days():
    # County practice: 14 days in total by default.
    assert not threshold_reached(Decimal("13.5"), 14)
    assert threshold_reached(Decimal("14"), 14)
    # Three weeks off in June 2026 (15 weekdays): past 14 days.
    p = participation(start=D(2026, 6, 1), end=D(2026, 6, 30), periods=[Period(D(2026, 6, 1), D(2026, 6, 19))])
    assert p.absent_days == 15 and threshold_reached(p.absent_days, 14)


def test_the_threshold_is_reached_with_the_period_that_brings_the_total_there():
    # Mon 2 Mar 2026 to Fri 29 May; a week of absence (5 days), hours, then 7 days, then 4.
    start, end = dt.date(2026, 3, 2), dt.date(2026, 5, 29)
    periods = [
        Period(dt.date(2026, 3, 9), dt.date(2026, 3, 13)),
        Period(dt.date(2026, 3, 16), dt.date(2026, 3, 16), Decimal("7.5")),
        # Two weeks less the interrupted Monday to Wednesday: 7 planned days.
        Period(dt.date(2026, 4, 13), dt.date(2026, 4, 24)),
        Period(dt.date(2026, 5, 4), dt.date(2026, 5, 7)),
    ]
    spans = [(dt.date(2026, 4, 13), dt.date(2026, 4, 15))]
    # 5 + 1 + 7 = 13 days: 14 is reached by the fourth period, 13 by the third.
    assert reached_on(start=start, end=end, periods=periods, interruptions=spans, threshold_days=14) == dt.date(
        2026, 5, 7
    )
    assert reached_on(start=start, end=end, periods=periods, interruptions=spans, threshold_days=13) == dt.date(
        2026, 4, 24
    )
    assert reached_on(start=start, end=end, periods=periods, interruptions=spans, threshold_days=18) is None
    assert reached_on(start=None, end=end, periods=periods, threshold_days=1) is None
    # The same count as the rate's: every prefix agrees with participation().
    for n in range(1, len(periods) + 1):
        total = participation(start=start, end=end, periods=periods[:n], interruptions=spans).absent_days
        assert total == [Decimal(5), Decimal(6), Decimal(13), Decimal(17)][n - 1]
