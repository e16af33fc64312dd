"""Norwegian working days (DOMAIN.md: "a deadline on a holiday or weekend moves to the
next working day where the rule says so"). No Django: dates only, the calendar of
Norway's public holidays from the ``holidays`` package (Easter, Ascension, Whit Monday,
1 and 17 May, Christmas, New Year). Days are Europe/Oslo days: callers turn a moment
into a day with ``fagvei.core.clock`` before they ask."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Norway's public holidays of a year. Sundays count only where they are named
    (Easter Sunday, Whit Sunday); every Sunday is off anyway."""
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def count_working_days(start: dt.date, end: dt.date) -> int:
    """The working days from ``start`` to ``end``, both included (0 when ``end`` is
    before ``start``): counted by whole weeks, not day by day, so four years of training
    cost what a week does."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    weekdays = weeks * 5 + sum(1 for i in range(rest) if (start.weekday() + i) % 7 < 5)
    holidays_on_weekdays = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in public_holidays(year)
        if start <= day <= end and day.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it: a
    deadline on Saturday 16 May 2026 moves past 17 May (a Sunday) to Monday 18 May."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (before it when negative); 0 gives
    ``day`` moved to a working day."""
    if count == 0:
        return next_working_day(day)
    step = ONE_DAY if count > 0 else -ONE_DAY
    left = abs(count)
    while left:
        day += step
        if is_working_day(day):
            left -= 1
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day where it has no such day
    (31 August + 6 months is 28 February, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(day.replace(year=year, month=month, day=1) + dt.timedelta(days=day.day - 1), following - ONE_DAY)


def week_end(day: dt.date) -> dt.date:
    """The Sunday of ``day``'s week (Norwegian weeks run Monday to Sunday)."""
    return day + dt.timedelta(days=6 - day.weekday())
